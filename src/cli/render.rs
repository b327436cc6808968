//! `fiche render`: records (NDJSON, a JSON array, or pretty JSON objects)
//! back to fiche text, or a blank fiche to fill in.

use super::input::open_input;
use super::say::tr;
use anyhow::Context as _;
use fiche::{Profile, Record};
use std::io::{self, IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `fiche render`.
#[derive(clap::Args)]
pub(crate) struct RenderArgs {
    /// Records to render: NDJSON, a JSON array, or one or more JSON objects such as the files of `convert --out-dir` (`-` or nothing: standard input).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// Print a fiche to fill in instead: every label, and under each what to
    /// write (the structure types and access lines allowed, what a year, a
    /// date or a count looks like); sent back unfilled, `validate` refuses it.
    #[arg(long, conflicts_with = "path")]
    template: bool,
    /// Language of the template's hints (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, value_enum, requires = "template")]
    lang: Option<super::input::LangArg>,
    /// Write labels of this profile (TOML) instead of the embedded CHATONS one.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
}

/// Runs `fiche render`.
pub(crate) fn run(args: &RenderArgs) -> anyhow::Result<ExitCode> {
    let profile = match &args.profile {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| super::input::cannot_read_profile(path))?;
            Profile::from_toml(&text).with_context(|| super::input::in_profile(path))?
        }
        None => Profile::chatons(),
    };
    let mut out = io::stdout().lock();
    if args.template {
        let lang = args
            .lang
            .map_or_else(super::say::ui, super::input::LangArg::lang);
        out.write_all(fiche_write::template(&profile, lang).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("-"));
    if path == Path::new("-") && io::stdin().is_terminal() {
        anyhow::bail!(tr!(
            "no records given, expected a file of records (NDJSON or JSON) or `-` with records on standard input (see --help)",
            "aucun enregistrement : donnez un fichier d'enregistrements (NDJSON ou JSON), ou - pour les lire sur l'entrée standard (voir --help)"
        ));
    }
    let input = open_input(&path)
        .with_context(|| tr!("cannot read {}", "impossible de lire {}", path.display()))?;
    let mut first = true;
    for_each_record(io::BufReader::new(input), |record| {
        if !first {
            out.write_all(b"\n")?;
        }
        first = false;
        out.write_all(fiche_write::render(&record, &profile).as_bytes())?;
        Ok(())
    })
    .with_context(|| {
        tr!(
            "{}: not fiche records",
            "{} : ce ne sont pas des enregistrements de fiches",
            path.display()
        )
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Calls `each` with every record of what `fiche convert` writes: NDJSON,
/// a JSON array, or one or many pretty JSON objects one after the other
/// (the files of `--out-dir`, concatenated or not), read as it comes:
/// memory holds one record at a time (a whole array, for an array).
fn for_each_record(
    input: impl io::Read,
    mut each: impl FnMut(Record) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let values = serde_json::Deserializer::from_reader(input).into_iter::<serde_json::Value>();
    let mut n = 0;
    for (i, value) in values.enumerate() {
        let value = value.with_context(|| tr!("JSON value {}", "valeur JSON n° {}", i + 1))?;
        let records = match value {
            serde_json::Value::Array(all) => all,
            one => vec![one],
        };
        for record in records {
            n += 1;
            each(
                serde_json::from_value(record)
                    .with_context(|| tr!("record {n}", "enregistrement n° {n}"))?,
            )?;
        }
    }
    Ok(())
}
