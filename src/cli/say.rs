//! The language of what `fiche` prints for people: diagnostics, summaries,
//! warnings, errors and `--help`. It is `--lang` when given, else the
//! locale (`LC_ALL`, `LC_MESSAGES`, `LANG`). Records are another matter:
//! their messages are in the language `--lang` asks for, English without
//! it, so that output never changes with the machine's locale.
//!
//! Each printed sentence is written in both languages where it is made,
//! with [`tr!`]; the French goes through French typography.

use fiche::Lang;
use std::ffi::OsString;
use std::io;
use std::sync::OnceLock;

static UI: OnceLock<Lang> = OnceLock::new();

/// The language of what is printed for people.
pub(crate) fn ui() -> Lang {
    *UI.get_or_init(|| from_args(std::env::args_os()))
}

/// The language `--lang` asks for on a command line, if any (`--lang fr`,
/// `--lang=fr`), read before the command line is parsed so that `--help`
/// and parse errors are in it.
pub(crate) fn asked(args: impl IntoIterator<Item = OsString>) -> Option<Lang> {
    let mut args = args.into_iter();
    let value = |v: &OsString| match v.to_str() {
        Some("fr") => Some(Lang::Fr),
        Some("en") => Some(Lang::En),
        _ => None,
    };
    let mut found = None;
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            found = args.next().as_ref().and_then(value).or(found);
        } else if let Some(v) = arg.to_str().and_then(|a| a.strip_prefix("--lang=")) {
            found = value(&OsString::from(v)).or(found);
        }
    }
    found
}

/// `--lang` when the command line gives it, else the locale.
fn from_args(args: impl IntoIterator<Item = OsString>) -> Lang {
    asked(args).unwrap_or_else(locale)
}

/// The language of the environment's locale: French for `fr…`.
pub(crate) fn locale() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .map_or(Lang::En, |v| Lang::from_locale(&v))
}

/// A sentence in the language of [`ui`]: `tr!("cannot read {path}",
/// "impossible de lire {path}")`. Both are `format!` strings; the French
/// is set with French typography.
macro_rules! tr {
    ($en:literal, $fr:literal $(, $arg:expr)* $(,)?) => {
        match $crate::cli::say::ui() {
            fiche::Lang::En => format!($en $(, $arg)*),
            fiche::Lang::Fr => fiche_types::french::typography(&format!($fr $(, $arg)*)),
        }
    };
}
pub(crate) use tr;

/// `fiche: error: …` and the like: the program's name, then the kind of
/// line, as the language writes it.
pub(crate) fn prefix(kind: Kind) -> &'static str {
    match (ui(), kind) {
        (Lang::En, Kind::Error) => "fiche: error: ",
        (Lang::En, Kind::Warning) => "fiche: warning: ",
        (Lang::En, Kind::Internal) => "fiche: internal error: ",
        (Lang::Fr, Kind::Error) => "fiche\u{a0}: erreur\u{a0}: ",
        (Lang::Fr, Kind::Warning) => "fiche\u{a0}: avertissement\u{a0}: ",
        (Lang::Fr, Kind::Internal) => "fiche\u{a0}: erreur interne\u{a0}: ",
    }
}

/// The kinds of lines [`prefix`] starts.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// Something failed.
    Error,
    /// Something was left out or is doubtful.
    Warning,
    /// A bug of `fiche`.
    Internal,
}

/// `n` things in the language of [`ui`], with the noun's plural and
/// French's `aucun` for zero: `1 fiche`, `0 errors`, `aucune erreur`.
/// `fr_feminine` says whether the French noun takes `aucune`.
pub(crate) fn count(n: usize, en: (&str, &str), fr: (&str, &str), fr_feminine: bool) -> String {
    match ui() {
        Lang::En => format!("{n} {}", if n == 1 { en.0 } else { en.1 }),
        Lang::Fr if n == 0 => format!("{} {}", if fr_feminine { "aucune" } else { "aucun" }, fr.0),
        // French groups thousands with a narrow no-break space.
        Lang::Fr => format!("{} {}", grouped(n), if n == 1 { fr.0 } else { fr.1 }),
    }
}

/// `n errors, m warnings` (`aucune erreur, 3 avertissements`): the
/// counts every summary ends with.
pub(crate) fn errors_and_warnings(errors: usize, warnings: usize) -> String {
    let errors = count(errors, ("error", "errors"), ("erreur", "erreurs"), true);
    let warnings = count(
        warnings,
        ("warning", "warnings"),
        ("avertissement", "avertissements"),
        false,
    );
    format!("{errors}, {warnings}")
}

/// `n` with its thousands set apart by narrow no-break spaces (`12 345`).
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    out
}

/// An I/O error as the language says it: the system's English message in
/// English, a French sentence for the common kinds in French (the raw
/// system message for the others, after the French kind).
pub(crate) fn io_error(e: &io::Error) -> String {
    if ui() == Lang::En {
        return e.to_string();
    }
    let said = match e.kind() {
        io::ErrorKind::NotFound => "fichier ou dossier introuvable",
        io::ErrorKind::PermissionDenied => "permission refusée",
        io::ErrorKind::IsADirectory => "c'est un dossier",
        io::ErrorKind::NotADirectory => "un élément du chemin n'est pas un dossier",
        io::ErrorKind::AlreadyExists => "le fichier existe déjà",
        io::ErrorKind::StorageFull => "plus de place sur le disque",
        io::ErrorKind::FileTooLarge => "fichier trop gros",
        io::ErrorKind::ReadOnlyFilesystem => "système de fichiers en lecture seule",
        io::ErrorKind::InvalidData => "données illisibles",
        io::ErrorKind::BrokenPipe => "la sortie a été fermée",
        io::ErrorKind::Interrupted => "interrompu",
        _ => return format!("erreur d'entrée-sortie ({e})"),
    };
    said.to_owned()
}

/// The context of a failure to write `path`.
pub(crate) fn cannot_write(path: &std::path::Path) -> String {
    tr!("cannot write {}", "impossible d'écrire {}", path.display())
}

/// The context of a failure to create the directory `path`.
pub(crate) fn cannot_create_dir(path: &std::path::Path) -> String {
    tr!(
        "cannot create directory {}",
        "impossible de créer le dossier {}",
        path.display()
    )
}

/// An error and its causes, outermost first, joined as the language joins
/// them (`: `, or ` : ` in French); I/O errors said by [`io_error`].
pub(crate) fn chain(e: &anyhow::Error) -> String {
    let causes: Vec<String> = e
        .chain()
        .map(|cause| match cause.downcast_ref::<io::Error>() {
            Some(io) => io_error(io),
            None => cause.to_string(),
        })
        .collect();
    match ui() {
        Lang::En => causes.join(": "),
        Lang::Fr => causes.join("\u{a0}: "),
    }
}

#[cfg(test)]
mod tests {
    use super::{asked, grouped};
    use fiche::Lang;
    use std::ffi::OsString;

    fn args(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_language_asked_is_read_before_parsing() {
        assert_eq!(asked(args("fiche validate --lang fr x")), Some(Lang::Fr));
        assert_eq!(asked(args("fiche --lang=en validate")), Some(Lang::En));
        assert_eq!(asked(args("fiche validate x")), None);
        // The last one wins, as clap reads it; past `--`, a path.
        assert_eq!(asked(args("fiche --lang fr --lang en x")), Some(Lang::En));
        assert_eq!(asked(args("fiche validate -- --lang fr")), None);
        assert_eq!(asked(args("fiche validate --lang")), None);
    }

    #[test]
    fn thousands_are_grouped_with_narrow_no_break_spaces() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1\u{202f}000");
        assert_eq!(grouped(1_234_567), "1\u{202f}234\u{202f}567");
    }
}
