//! `fiche convert`: records out, one per fiche.

use super::atomic::AtomicFile;
use super::batch::{Done, Feeder, Job, for_each_done, one_line, shown};
use super::input::ReadArgs;
use super::progress::Progress;
use super::say::{self, Kind, tr};
use super::sink::Sink;
use anyhow::Context as _;
use clap::ValueEnum;
use fiche::{Diagnostic, Severity};
use fiche_write::Format;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{self, Write as _};
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
    /// Write one pretty JSON file per fiche below DIR instead, named from the
    /// input's path and the fiche's index (`a.txt` fiche 3: `DIR/a.txt.00000003.json`),
    /// and `DIR/manifest.txt`, the list of the files this run wrote.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "format"])]
    out_dir: Option<PathBuf>,
    /// Convert on N threads (default, and at most: one per core). Records
    /// come out in input order whatever N.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Keep every string exactly as decoded: no cleaning of spaces or inclusive writing.
    #[arg(long)]
    raw: bool,
    /// With --format csv, write cells that start with =, +, -, @, a tab or a
    /// carriage return as they are; by default they get a ' before them, so
    /// that a spreadsheet shows them instead of running them as a formula.
    #[arg(long)]
    csv_raw: bool,
    /// Also write a JSON summary to FILE: inputs seen, converted and failed
    /// (with the reason), fiches, diagnostics by code and severity, elapsed time.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Print nothing on standard error but failures (no progress bar either).
    #[arg(short, long)]
    quiet: bool,
    /// Print warnings on standard error too, not only errors (each as
    /// `path:line:column: warning[code]: message`).
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
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
    /// Records whose own file under `--out-dir` could not be written.
    unwritten_records: usize,
    errors: usize,
    warnings: usize,
    /// Inputs not converted, with the reason.
    failures: Vec<(String, String)>,
    /// Entries of the directories given that were left out, with the reason.
    skipped: Vec<(String, String)>,
    /// Diagnostics by code, then by severity.
    by_code: BTreeMap<&'static str, (usize, usize)>,
}

impl Tally {
    /// Counts one diagnostic.
    fn count(&mut self, d: &Diagnostic) {
        let entry = self.by_code.entry(d.code.as_str()).or_default();
        match d.severity {
            Severity::Error => {
                self.errors += 1;
                entry.0 += 1;
            }
            Severity::Warning => {
                self.warnings += 1;
                entry.1 += 1;
            }
        }
    }

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
                "converted": self.files.saturating_sub(
                    self.failures.iter().map(|(path, _)| path).collect::<std::collections::BTreeSet<_>>().len()
                ),
                "failed": self.failures.iter().map(|(path, reason)| json!({"path": path, "reason": reason})).collect::<Vec<_>>(),
                "skipped": self.skipped.iter().map(|(path, reason)| json!({"path": path, "reason": reason})).collect::<Vec<_>>(),
            },
            "fiches": self.records + self.invalid_records + self.unwritten_records,
            "records_written": self.records,
            "records_not_written": self.invalid_records + self.unwritten_records,
            "diagnostics": {"error": self.errors, "warning": self.warnings, "by_code": by_code},
            "elapsed_seconds": elapsed.as_secs_f64(),
        })
    }
}

/// Chunks between reading and writing, per thread: enough to keep every
/// thread busy, few enough that memory stays flat (each is at most about
/// [`fiche::CHUNK_BYTES`] of text, or one fiche).
const IN_FLIGHT_PER_THREAD: usize = 4;

/// Runs `fiche convert`.
pub(crate) fn run(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let profile = args.read.profile()?;
    let mut settings = args.read.settings(args.raw, args.read.records_lang())?;
    // Standard error speaks the language printed, whatever the records'.
    settings.normalise.printed_lang = Some(super::say::ui());
    let inputs = args.read.inputs()?;
    if !args.quiet {
        inputs.warn_skipped();
    }
    let paths = inputs.files;
    let outputs: Vec<(&str, &std::path::Path)> = [("-o", &args.output), ("--report", &args.report)]
        .into_iter()
        .filter_map(|(option, path)| Some((option, path.as_deref()?)))
        .collect();
    super::atomic::check_outputs(&outputs, &paths)?;
    let asked = match args.format {
        OutputFormat::Ndjson => Format::Ndjson,
        OutputFormat::Json => Format::Json,
        OutputFormat::Csv if args.csv_raw => Format::Csv(fiche_write::CsvCells::Raw),
        OutputFormat::Csv => Format::Csv(fiche_write::CsvCells::Neutralised),
    };
    // More threads than cores never converts faster, and each holds
    // chunks in memory: `--jobs` asks for at most one per core.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let jobs = args.jobs.map_or(cores, |n| usize::from(n).min(cores));
    let started = std::time::Instant::now();
    let sink = match &args.out_dir {
        Some(dir) => Sink::dir(dir)?,
        None => Sink::stream(args.output.as_deref(), asked)?,
    };
    let job = Job {
        paths: &paths,
        profile: &profile,
        settings: &settings,
        format: sink.format(asked),
    };
    let sizes: Vec<u64> = paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .collect();
    let progress = Progress::new(!args.quiet, paths.len(), sizes.iter().sum());
    let feeder = Feeder::new(paths.clone(), &profile, settings);
    let mut out = Output {
        paths: &paths,
        sizes: &sizes,
        read_so_far: 0,
        input_records: 0,
        input_has_text: false,
        quiet: args.quiet,
        verbose: args.verbose,
        sink,
        progress,
        tally: Tally {
            files: paths.len() + inputs.failed.len(),
            skipped: inputs
                .skipped
                .iter()
                .map(|(path, reason)| (shown(path), reason.clone()))
                .collect(),
            ..Tally::default()
        },
    };
    // Entries the walk could not read fail as inputs, and the batch goes on.
    for (path, reason) in &inputs.failed {
        let shown = shown(path);
        out.progress.println(&format!(
            "{}{}",
            say::prefix(Kind::Error),
            tr!("{shown}: {reason}", "{shown} : {reason}")
        ));
        out.tally.failed_files += 1;
        out.tally.failures.push((shown, reason.clone()));
    }
    for_each_done(feeder, job, jobs, jobs * IN_FLIGHT_PER_THREAD, |done| {
        out.take(done)
    })?;
    let Output {
        sink,
        progress,
        tally,
        ..
    } = out;
    progress.finish();
    sink.finish()?;
    if let Some(path) = &args.report {
        let file = AtomicFile::create(path)?;
        // Flushed before the rename, its errors reported: a full disk gives
        // an error, not an empty report in place of a good one.
        let mut writer = io::BufWriter::new(file.handle());
        serde_json::to_writer_pretty(&mut writer, &tally.to_json(started.elapsed()))
            .map_err(io::Error::from)
            .and_then(|()| writer.flush())
            .with_context(|| super::say::cannot_write(path))?;
        drop(writer);
        file.commit()?;
    }
    if !args.quiet {
        super::stderr::line(&summary(&tally, args.verbose));
    }
    Ok(if tally.unreadable_files > 0 {
        ExitCode::from(crate::EXIT_USAGE)
    } else if tally.errors > 0
        || tally.failed_files > 0
        || tally.invalid_records > 0
        || tally.unwritten_records > 0
    {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Where converted chunks go, in input order: records to the sink,
/// messages to standard error, counts to the tally, bytes to the progress bar.
struct Output<'a> {
    paths: &'a [PathBuf],
    /// Input sizes in bytes, for the progress bar.
    sizes: &'a [u64],
    read_so_far: u64,
    /// Records of the input being written so far.
    input_records: usize,
    /// Whether that input had text outside any fiche (a `no-fiche` error).
    input_has_text: bool,
    quiet: bool,
    /// Warnings are printed too.
    verbose: bool,
    sink: Sink,
    progress: Progress,
    tally: Tally,
}

impl Output<'_> {
    /// Writes what a worker made of one piece of work.
    fn take(&mut self, done: Done) -> anyhow::Result<()> {
        match done {
            Done::Chunk(chunk) => {
                let path = &self.paths[chunk.input];
                let shown = shown(path);
                for (d, unattached) in &chunk.diagnostics {
                    self.tally.count(d);
                    self.input_has_text |= *unattached;
                    let shown_here = match d.severity {
                        Severity::Error => !self.quiet,
                        Severity::Warning => self.verbose,
                    };
                    if *unattached || shown_here {
                        self.progress.println(&one_line(&shown, d));
                    }
                }
                // Joined records count as many fiches as they hold.
                let fiches: usize = chunk
                    .records
                    .iter()
                    .map(|(_, r)| r.as_ref().map_or(1, fiche_write::Encoded::records))
                    .sum();
                self.input_records += fiches;
                for (index, record) in chunk.records {
                    match record {
                        Ok(encoded) => match self.sink.write(path, index, &encoded)? {
                            Ok(()) => self.tally.records += encoded.records(),
                            Err(reason) => {
                                let reason = tr!(
                                    "fiche {index} was not written: {reason}",
                                    "la fiche {index} n'a pas été écrite : {reason}"
                                );
                                self.progress.println(&format!(
                                    "{}{}",
                                    say::prefix(Kind::Error),
                                    tr!("{shown}: {reason}", "{shown} : {reason}")
                                ));
                                self.tally.unwritten_records += encoded.records();
                                self.tally.failures.push((shown.clone(), reason));
                            }
                        },
                        Err(violation) => {
                            self.progress.println(&format!(
                                "{}{}",
                                say::prefix(Kind::Internal),
                                tr!(
                                    "{shown}: fiche {index} was not written: {violation}",
                                    "{shown} : la fiche {index} n'a pas été écrite : {violation}"
                                )
                            ));
                            self.tally.invalid_records += 1;
                        }
                    }
                }
                self.progress.advance(chunk.bytes, fiches);
            }
            Done::End { input } => {
                if self.input_records == 0 {
                    // Read, but nothing to convert: the input failed.
                    let reason = if self.input_has_text {
                        tr!(
                            "no fiche heading found (see the no-fiche error)",
                            "aucun titre de fiche trouvé (voir l'erreur no-fiche)"
                        )
                    } else {
                        super::validate::no_fiche(say::ui())
                    };
                    // The no-fiche error named an input with text already.
                    if !self.input_has_text {
                        self.progress.println(&format!(
                            "{}{}",
                            say::prefix(Kind::Error),
                            tr!("{}: {reason}", "{} : {reason}", shown(&self.paths[input]))
                        ));
                    }
                    self.tally.failed_files += 1;
                    self.tally
                        .failures
                        .push((shown(&self.paths[input]), reason));
                }
                self.input_done(input);
            }
            Done::Failed {
                input,
                reason,
                missing,
                ends_input,
            } => {
                let shown = shown(&self.paths[input]);
                self.progress.println(&format!(
                    "{}{}",
                    say::prefix(Kind::Error),
                    tr!("{shown}: {reason}", "{shown} : {reason}")
                ));
                if missing {
                    self.tally.unreadable_files += 1;
                } else {
                    self.tally.failed_files += 1;
                }
                self.tally.failures.push((shown, reason));
                if ends_input {
                    self.input_done(input);
                }
            }
        }
        Ok(())
    }

    fn input_done(&mut self, input: usize) {
        self.input_records = 0;
        self.input_has_text = false;
        self.read_so_far += self.sizes[input];
        self.progress.input_done(self.read_so_far);
    }
}

/// The last line of a conversion: records, inputs, errors and warnings,
/// the inputs not converted; `-v` named when warnings were not shown.
fn summary(tally: &Tally, verbose: bool) -> String {
    let records = say::count(
        tally.records,
        ("record", "records"),
        ("enregistrement", "enregistrements"),
        false,
    );
    let inputs = say::count(
        tally.files,
        ("input", "inputs"),
        ("entrée", "entrées"),
        true,
    );
    let found = say::errors_and_warnings(tally.errors, tally.warnings);
    let mut line = tr!(
        "fiche: {records} from {inputs}: {found}",
        "fiche : {records} pour {inputs} : {found}"
    );
    if tally.warnings > 0 && !verbose {
        line.push_str(&tr!(" (-v shows them)", " (-v pour les voir)"));
    }
    let failed = tally.failed_files + tally.unreadable_files;
    if failed > 0 {
        let not = if failed > 1 {
            "non converties"
        } else {
            "non convertie"
        };
        let failed = say::count(failed, ("input", "inputs"), ("entrée", "entrées"), true);
        line.push_str(&tr!("; {failed} not converted", " ; {failed} {not}"));
    }
    line
}
