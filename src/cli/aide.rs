//! `--help` and command-line errors in French. The command line is
//! declared once, in English (clap's derive, from doc comments); in French
//! each text is replaced by its French from `aide.toml`, clap's own words
//! (`Usage:`, `Commands:`, `[default: …]`, the help and version flags) by
//! French ones, and parse errors are said in French from their kind and
//! context.

use clap::builder::Resettable;
use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, Command};
use fiche_types::french::typography;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The French texts, as `aide.toml` writes them.
const AIDE_TOML: &str = include_str!("aide.toml");

/// One command's French.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Texts {
    about: String,
    #[serde(default)]
    long_about: Option<String>,
    #[serde(default)]
    args: BTreeMap<String, String>,
    // The root only: clap's own flags and `help` command.
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    help: Option<String>,
    #[serde(default)]
    help_command: Option<String>,
}

/// Every command's French, by command name (`fiche` for the root).
fn texts() -> Result<BTreeMap<String, Texts>, toml::de::Error> {
    toml::from_str(AIDE_TOML)
}

/// `cmd` (the root command, not yet built) with its help in French. A
/// text missing from `aide.toml` stays English (a test sees that none is).
pub(crate) fn french(cmd: Command) -> Command {
    let Ok(texts) = texts() else {
        return cmd;
    };
    let root = texts.get("fiche");
    let help = root.and_then(|t| t.help.clone()).unwrap_or_default();
    let mut cmd = cmd
        .subcommand_help_heading("Commandes\u{a0}")
        .subcommand_value_name("COMMANDE")
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(root.and_then(|t| t.version.clone()).unwrap_or_default())
                .help_heading("Options\u{a0}"),
        );
    if let Some(help_command) = root.and_then(|t| t.help_command.clone()) {
        // clap's `help` command, made ours to have its text in French.
        cmd = cmd.disable_help_subcommand(true).subcommand(
            Command::new("help")
                .about(typography(&help_command))
                .arg(Arg::new("commande").num_args(0..).value_name("COMMANDE"))
                .hide(false),
        );
    }
    localise(cmd, "fiche", &texts, &help)
}

/// `cmd` and its subcommands with their French texts (`name` is the
/// command's name in `aide.toml`).
fn localise(cmd: Command, name: &str, texts: &BTreeMap<String, Texts>, help: &str) -> Command {
    let mut cmd = cmd
        .help_template("{about-with-newline}\nUtilisation\u{a0}: {usage}\n\n{all-args}{after-help}")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(typography(help))
                .help_heading("Options\u{a0}"),
        );
    if let Some(t) = texts.get(name) {
        cmd = cmd.about(typography(&t.about));
        cmd = match t.long_about.as_deref() {
            Some(long) => cmd.long_about(typography(long.trim())),
            None => cmd.long_about(Resettable::Reset),
        };
        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().to_string())
            .collect();
        for id in ids {
            if let Some(text) = t.args.get(&id) {
                let text = typography(text);
                cmd = cmd.mut_arg(id.as_str(), |a| french_arg(a, &text));
            }
        }
    }
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .filter(|s| s != "help")
        .collect();
    for sub in subcommands {
        cmd = cmd.mut_subcommand(sub.as_str(), |c| localise(c, &sub, texts, help));
    }
    cmd
}

/// `arg` with `text` as its help, its default said in French and its
/// values listed by the text itself (clap's `Possible values:` hidden).
fn french_arg(arg: Arg, text: &str) -> Arg {
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let text = if defaults.is_empty() || arg.is_hide_default_value_set() {
        text.to_owned()
    } else {
        format!("{text} [par défaut\u{a0}: {}]", defaults.join(", "))
    };
    // The no-break space French sets before the colon clap writes.
    let heading = if arg.is_positional() {
        "Arguments\u{a0}"
    } else {
        "Options\u{a0}"
    };
    let arg = arg
        .help(text)
        .long_help(Resettable::Reset)
        .help_heading(heading);
    if arg.get_action().takes_values() {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    }
}

/// A parse error said in French: what is wrong, what was meant when clap
/// has a guess, the usage, and where to read more.
pub(crate) fn error_in_french(e: &clap::Error, usage: &str) -> String {
    let get = |kind: ContextKind| e.get(kind).map(ToString::to_string);
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => format!("argument inattendu « {arg} »"),
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue « {} »",
            get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} attend une valeur"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("la valeur « {value} » ne convient pas à {arg}")
        }
        ErrorKind::MissingRequiredArgument => format!("il manque l'argument obligatoire {arg}"),
        ErrorKind::ArgumentConflict => format!(
            "{arg} ne peut pas être donné avec {}",
            get(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues => format!("trop de valeurs : « {value} »"),
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("{arg} n'a pas le bon nombre de valeurs")
        }
        ErrorKind::NoEquals => format!("{arg} s'écrit avec un = avant sa valeur"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "il manque la commande".to_owned()
        }
        _ => "la ligne de commande n'est pas valide".to_owned(),
    };
    if let Some(valid) = get(ContextKind::ValidValue) {
        out.push_str(&format!(" ; valeurs possibles : {valid}"));
    }
    if let Some(suggested) = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .or_else(|| get(ContextKind::SuggestedValue))
    {
        out.push_str(&format!(" ; vouliez-vous écrire « {suggested} » ?"));
    }
    let more = usage
        .split(" [")
        .next()
        .unwrap_or(usage)
        .split(" <")
        .next()
        .unwrap_or(usage);
    typography(&format!(
        "fiche : erreur : {out}\n\nUtilisation : {usage}\n\nPour en savoir plus : {more} --help\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::{Texts, texts};
    use std::collections::BTreeMap;

    /// Every command and argument of the command line has its French.
    #[test]
    fn every_command_and_argument_has_its_french() {
        let texts: BTreeMap<String, Texts> = match texts() {
            Ok(texts) => texts,
            Err(e) => panic!("aide.toml: {e}"),
        };
        let cmd = <crate::Cli as clap::CommandFactory>::command();
        assert!(texts.contains_key("fiche"));
        for sub in cmd.get_subcommands() {
            let name = sub.get_name();
            let Some(t) = texts.get(name) else {
                panic!("aide.toml has no [{name}]");
            };
            for arg in sub.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(t.args.contains_key(id), "aide.toml has no {name}.args.{id}");
            }
            for id in t.args.keys() {
                assert!(
                    sub.get_arguments().any(|a| a.get_id() == id.as_str()),
                    "aide.toml's {name}.args.{id} is no argument of {name}"
                );
            }
        }
    }
}
