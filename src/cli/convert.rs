//! `fiche convert`: records out, one per fiche.

use super::atomic::AtomicFile;
use super::input::{ReadArgs, read_input};
use anyhow::Context as _;
use clap::ValueEnum;
use fiche::{Converted, Diagnostic, Profile, Settings, Severity};
use fiche_write::{Format, RecordWriter};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `fiche convert`.
#[derive(clap::Args)]
pub(crate) struct ConvertArgs {
    #[command(flatten)]
    read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Ndjson)]
    format: OutputFormat,
    /// Write to FILE (atomically: complete or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Keep every string exactly as decoded: no cleaning of spaces or inclusive writing.
    #[arg(long)]
    raw: bool,
    /// Also write a JSON summary to FILE: inputs seen, converted and failed
    /// (with the reason), fiches, diagnostics by code and severity, elapsed time.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Print nothing on standard error but failures.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One JSON record per line.
    Ndjson,
    /// A JSON array of records.
    Json,
    /// CSV with a header row: one row per fiche, text fields as text, lists joined with ` | `.
    Csv,
}

/// Tallies for the closing summary and the exit code.
#[derive(Default)]
struct Tally {
    files: usize,
    failed_files: usize,
    unreadable_files: usize,
    records: usize,
    invalid_records: usize,
    errors: usize,
    warnings: usize,
    /// Inputs not converted, with the reason.
    failures: Vec<(String, String)>,
    /// Diagnostics by code, then by severity.
    by_code: BTreeMap<&'static str, (usize, usize)>,
}

impl Tally {
    /// The `--report` document.
    fn to_json(&self, elapsed: std::time::Duration) -> serde_json::Value {
        let by_code: serde_json::Map<String, serde_json::Value> = self
            .by_code
            .iter()
            .map(|(code, (errors, warnings))| {
                (
                    (*code).to_owned(),
                    json!({"error": errors, "warning": warnings}),
                )
            })
            .collect();
        json!({
            "inputs": {
                "seen": self.files,
                "converted": self.files - self.failures.len(),
                "failed": self.failures.iter().map(|(path, reason)| json!({"path": path, "reason": reason})).collect::<Vec<_>>(),
            },
            "fiches": self.records + self.invalid_records,
            "records_written": self.records,
            "records_not_written": self.invalid_records,
            "diagnostics": {"error": self.errors, "warning": self.warnings, "by_code": by_code},
            "elapsed_seconds": elapsed.as_secs_f64(),
        })
    }
}

/// Runs `fiche convert`.
pub(crate) fn run(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let profile = args.read.profile()?;
    let settings = args.read.settings(args.raw)?;
    let paths = args.read.paths()?;
    let format = match args.format {
        OutputFormat::Ndjson => Format::Ndjson,
        OutputFormat::Json => Format::Json,
        OutputFormat::Csv => Format::Csv,
    };
    let started = std::time::Instant::now();
    let mut tally = Tally::default();
    match &args.output {
        Some(path) => {
            let file = AtomicFile::create(path)?;
            let writer = RecordWriter::new(io::BufWriter::new(file.handle()), format);
            convert_all(&paths, &profile, &settings, writer, &mut tally, args.quiet)?;
            file.commit()?;
        }
        None => {
            let writer = RecordWriter::new(io::BufWriter::new(io::stdout().lock()), format);
            convert_all(&paths, &profile, &settings, writer, &mut tally, args.quiet)?;
        }
    }
    if let Some(path) = &args.report {
        let file = AtomicFile::create(path)?;
        serde_json::to_writer_pretty(
            io::BufWriter::new(file.handle()),
            &tally.to_json(started.elapsed()),
        )
        .with_context(|| format!("cannot write {}", path.display()))?;
        file.commit()?;
    }
    if !args.quiet {
        let failed = tally.failed_files + tally.unreadable_files;
        eprintln!(
            "fiche: {} record(s) from {} input(s): {} error(s), {} warning(s){}",
            tally.records,
            tally.files,
            tally.errors,
            tally.warnings,
            if failed > 0 {
                format!("; {failed} input(s) not converted")
            } else {
                String::new()
            }
        );
    }
    Ok(if tally.unreadable_files > 0 {
        ExitCode::from(crate::EXIT_USAGE)
    } else if tally.errors > 0 || tally.failed_files > 0 || tally.invalid_records > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn convert_all<W: Write>(
    paths: &[PathBuf],
    profile: &Profile,
    settings: &Settings,
    mut writer: RecordWriter<W>,
    tally: &mut Tally,
    quiet: bool,
) -> anyhow::Result<()> {
    for path in paths {
        tally.files += 1;
        let shown = path.display().to_string();
        let bytes = match read_input(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("fiche: error: cannot read {shown}: {e}");
                tally.unreadable_files += 1;
                tally.failures.push((shown, format!("cannot read: {e}")));
                continue;
            }
        };
        let converted = match fiche::convert(&bytes, &shown, profile, settings) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("fiche: error: {shown}: {e}");
                tally.failed_files += 1;
                tally.failures.push((shown, e.to_string()));
                continue;
            }
        };
        report(&shown, &converted, tally, quiet);
        for record in &converted.records {
            match writer.write(record) {
                Ok(()) => tally.records += 1,
                Err(fiche_write::WriteError::Invalid(violation)) => {
                    eprintln!(
                        "fiche: internal error: {shown}: fiche {} was not written: {violation}",
                        record.source.index
                    );
                    tally.invalid_records += 1;
                }
                Err(e) => return Err(e).context("cannot write records"),
            }
        }
    }
    writer.finish().context("cannot write records")?;
    Ok(())
}

/// Counts diagnostics and prints the errors on standard error (warnings
/// are in the records). Diagnostics no record holds are always printed.
fn report(path: &str, converted: &Converted, tally: &mut Tally, quiet: bool) {
    let in_records = converted.records.iter().flat_map(|r| &r.diagnostics);
    let attached = in_records.map(|d| (d, false));
    let unattached = converted.unattached.iter().map(|d| (d, true));
    for (d, always_print) in attached.chain(unattached) {
        let entry = tally.by_code.entry(d.code.as_str()).or_default();
        match d.severity {
            Severity::Error => {
                tally.errors += 1;
                entry.0 += 1;
            }
            Severity::Warning => {
                tally.warnings += 1;
                entry.1 += 1;
            }
        }
        if always_print || (d.severity == Severity::Error && !quiet) {
            eprintln!("{}", one_line(path, d));
        }
    }
}

/// `path:line:column: severity[code]: message`, as compilers print.
fn one_line(path: &str, d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{path}:{}:{}: {severity}[{}]: {}",
        d.line,
        d.column,
        d.code.as_str(),
        d.message
    )
}
