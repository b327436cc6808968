//! `fiche render`: records (NDJSON, a JSON array, or pretty JSON objects)
//! back to fiche text, or a blank fiche to fill in.

use super::input::read_input;
use anyhow::Context as _;
use fiche::{Profile, Record};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `fiche render`.
#[derive(clap::Args)]
pub(crate) struct RenderArgs {
    /// Records to render: NDJSON, a JSON array, or one or more JSON objects such as the files of `convert --out-dir` (`-` or nothing: standard input).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// Print a blank fiche (every label, no value) instead: a submission template.
    #[arg(long, conflicts_with = "path")]
    template: bool,
    /// Write labels of this profile (TOML) instead of the embedded CHATONS one.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
}

/// Runs `fiche render`.
pub(crate) fn run(args: &RenderArgs) -> anyhow::Result<ExitCode> {
    let profile = match &args.profile {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read profile {}", path.display()))?;
            Profile::from_toml(&text).with_context(|| format!("profile {}", path.display()))?
        }
        None => Profile::chatons(),
    };
    let mut out = io::stdout().lock();
    if args.template {
        out.write_all(fiche_write::template(&profile).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("-"));
    let bytes = read_input(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let records =
        parse_records(&bytes).with_context(|| format!("{}: not fiche records", path.display()))?;
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(fiche_write::render(record, &profile).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Records from what `fiche convert` writes: NDJSON, a JSON array, or one
/// or many pretty JSON objects one after the other (the files of
/// `--out-dir`, concatenated or not).
fn parse_records(bytes: &[u8]) -> anyhow::Result<Vec<Record>> {
    let text = std::str::from_utf8(bytes).context("records are not UTF-8")?;
    let mut records = Vec::new();
    let values = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Value>();
    for (i, value) in values.enumerate() {
        let value = value.with_context(|| format!("JSON value {}", i + 1))?;
        let each = match value {
            serde_json::Value::Array(all) => all,
            one => vec![one],
        };
        for record in each {
            let n = records.len() + 1;
            records.push(serde_json::from_value(record).with_context(|| format!("record {n}"))?);
        }
    }
    Ok(records)
}
