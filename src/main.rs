//! The `fiche` command line: argument parsing, file I/O, reporting and exit
//! codes. No parsing logic lives here; see the `fiche` library and the stage
//! crates.

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use fiche::{Converted, Diagnostic, Profile, Settings, Severity};
use fiche_write::{Format, RecordWriter};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Turns free-text CHATONS "fiche" exports into clean, schema-validated JSON records.
#[derive(Parser)]
#[command(name = "fiche", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert fiche exports into JSON records (one per fiche).
    ///
    /// Exit status: 0 when every record is free of errors, 1 when any record
    /// has an error-severity diagnostic or an input could not be converted,
    /// 2 on usage or I/O errors.
    Convert(ConvertArgs),
    /// Print the JSON Schema (draft 2020-12) that every record follows.
    Schema,
    /// Print a generated corpus of N realistic fiches (for benchmarks).
    #[command(hide = true)]
    Generate {
        /// How many fiches.
        count: usize,
        /// Seed of the generator: the same seed gives the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(clap::Args)]
struct ConvertArgs {
    /// Input files; `-` (or nothing, when standard input is not a terminal) reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Ndjson)]
    format: OutputFormat,
    /// Write to FILE (atomically: complete or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Read fiches with this profile (TOML) instead of the embedded CHATONS one.
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// Decode inputs in this encoding (utf-8, windows-1252, iso-8859-15, utf-16le…) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Keep every string exactly as decoded: no cleaning of spaces or inclusive writing.
    #[arg(long)]
    raw: bool,
    /// Language of diagnostic messages (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Print nothing on standard error but failures.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// English.
    En,
    /// Français.
    Fr,
}

/// The language asked for, else the environment's locale.
fn lang(arg: Option<LangArg>) -> fiche::Lang {
    match arg {
        Some(LangArg::En) => fiche::Lang::En,
        Some(LangArg::Fr) => fiche::Lang::Fr,
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map_or(fiche::Lang::En, |v| fiche::Lang::from_locale(&v)),
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One JSON record per line.
    Ndjson,
    /// A JSON array of records.
    Json,
}

/// Usage and I/O errors: exit 2.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Convert(args) => convert(&args),
        Command::Schema => {
            print_stdout(fiche_write::SCHEMA_JSON.as_bytes()).map(|()| ExitCode::SUCCESS)
        }
        Command::Generate { count, seed } => {
            print_stdout(fiche_corpus::generate(count, seed).as_bytes()).map(|()| ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|e| {
        eprintln!("fiche: error: {e:#}");
        ExitCode::from(EXIT_USAGE)
    })
}

fn print_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .context("cannot write to standard output")?;
    out.flush().context("cannot write to standard output")
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
}

fn convert(args: &ConvertArgs) -> anyhow::Result<ExitCode> {
    let profile = match &args.profile {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read profile {}", path.display()))?;
            Profile::from_toml(&text).with_context(|| format!("profile {}", path.display()))?
        }
        None => Profile::chatons(),
    };
    let encoding = args
        .encoding
        .as_deref()
        .map(fiche_decode::encoding_for_label)
        .transpose()?;
    let settings = Settings {
        encoding,
        normalise: fiche::Options {
            raw: args.raw,
            lang: lang(args.lang),
            ..fiche::Options::default()
        },
    };
    let paths = input_paths(&args.paths)?;
    let format = match args.format {
        OutputFormat::Ndjson => Format::Ndjson,
        OutputFormat::Json => Format::Json,
    };
    let mut tally = Tally::default();
    match &args.output {
        Some(path) => {
            let file = AtomicFile::create(path)?;
            let writer = RecordWriter::new(io::BufWriter::new(file.handle()), format);
            run(&paths, &profile, &settings, writer, &mut tally, args.quiet)?;
            file.commit()?;
        }
        None => {
            let writer = RecordWriter::new(io::BufWriter::new(io::stdout().lock()), format);
            run(&paths, &profile, &settings, writer, &mut tally, args.quiet)?;
        }
    }
    if !args.quiet {
        eprintln!(
            "fiche: {} record(s) from {} input(s): {} error(s), {} warning(s){}",
            tally.records,
            tally.files,
            tally.errors,
            tally.warnings,
            if tally.failed_files + tally.unreadable_files > 0 {
                format!(
                    "; {} input(s) not converted",
                    tally.failed_files + tally.unreadable_files
                )
            } else {
                String::new()
            }
        );
    }
    Ok(if tally.unreadable_files > 0 {
        ExitCode::from(EXIT_USAGE)
    } else if tally.errors > 0 || tally.failed_files > 0 || tally.invalid_records > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The inputs to read: the paths given, or standard input.
fn input_paths(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    if !paths.is_empty() {
        return Ok(paths.to_vec());
    }
    if io::stdin().is_terminal() {
        anyhow::bail!(
            "no input given, expected file paths or `-` for standard input (see fiche convert --help)"
        );
    }
    Ok(vec![PathBuf::from("-")])
}

fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

fn run<W: Write>(
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
                continue;
            }
        };
        let converted = match fiche::convert(&bytes, &shown, profile, settings) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("fiche: error: {shown}: {e}");
                tally.failed_files += 1;
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

/// Counts diagnostics and prints the errors (and, unless quiet, nothing more:
/// warnings are in the records).
fn report(path: &str, converted: &Converted, tally: &mut Tally, quiet: bool) {
    let all = converted
        .records
        .iter()
        .flat_map(|r| &r.diagnostics)
        .chain(&converted.unattached);
    for d in all {
        match d.severity {
            Severity::Error => {
                tally.errors += 1;
                if !quiet {
                    eprintln!("{}", one_line(path, d));
                }
            }
            Severity::Warning => tally.warnings += 1,
        }
    }
    if quiet {
        for d in &converted.unattached {
            eprintln!("{}", one_line(path, d));
        }
    }
}

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

/// A file written under a temporary name in the same directory and renamed
/// into place on [`AtomicFile::commit`]: readers see all of it or nothing.
struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    file: std::fs::File,
    committed: bool,
}

impl AtomicFile {
    fn create(target: &Path) -> anyhow::Result<AtomicFile> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or_else(|| "output".to_owned(), |n| n.to_string_lossy().into_owned());
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&temp)
            .with_context(|| format!("cannot create {}", temp.display()))?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            file,
            committed: false,
        })
    }

    fn handle(&self) -> &std::fs::File {
        &self.file
    }

    fn commit(mut self) -> anyhow::Result<()> {
        self.file
            .sync_all()
            .with_context(|| format!("cannot write {}", self.temp.display()))?;
        std::fs::rename(&self.temp, &self.target)
            .with_context(|| format!("cannot write {}", self.target.display()))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            // Not committed (an error on the way): leave nothing behind.
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
