//! The `fiche` command line: argument parsing, file I/O, reporting and exit
//! codes. No parsing logic lives here; see the `fiche` library and the stage
//! crates.

mod cli;
mod serve;

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use std::io::{self, Write};
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
    /// has an error-severity diagnostic or an input could not be converted
    /// (unreadable, not text, no fiche), 2 on usage errors (a bad option, an
    /// input that does not exist) or when the output cannot be written, 130
    /// when interrupted (unfinished output files are removed).
    Convert(cli::convert::ConvertArgs),
    /// Check submitted fiches and say, like a compiler, what is wrong and where.
    ///
    /// Exit status: 0 when no fiche has an error, 1 when one has, 2 on usage
    /// or I/O errors.
    Validate(cli::validate::ValidateArgs),
    /// Write records back as fiche text, or print a blank fiche to fill in (--template).
    Render(cli::render::RenderArgs),
    /// Print the JSON Schema (draft 2020-12) that every record follows.
    Schema,
    /// Print a generated corpus of N realistic fiches (for benchmarks and
    /// trials), one fiche at a time.
    Generate {
        /// How many fiches.
        count: u64,
        /// Seed of the generator: the same seed gives the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    ///
    /// For bash: `fiche completions bash > ~/.local/share/bash-completion/completions/fiche`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `fiche man | man -l -`.
    Man,
    /// Serve the API and the page where members check their fiche.
    ///
    /// `POST /v1/validate` and `POST /v1/convert` take a fiche's text;
    /// `GET /v1/openapi.json` documents the API; `GET /` is the page.
    Serve(cli::serve::ServeArgs),
}

/// Usage and I/O errors: exit 2.
pub(crate) const EXIT_USAGE: u8 = 2;

/// Interrupted (Ctrl-C, SIGINT or SIGTERM): 128 + SIGINT, as shells report it.
const EXIT_INTERRUPTED: i32 = 130;

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // An interrupted run removes its unfinished output files: none appears
    // half-written (finished ones were renamed into place whole).
    // The server stops on its own, letting requests in flight finish.
    if !matches!(cli.command, Command::Serve(_)) {
        let _ = ctrlc::set_handler(|| cli::exit_removing_unfinished_files(EXIT_INTERRUPTED));
    }
    // Past `ulimit -f`, a write must fail with EFBIG, reported like any
    // other write error, not kill the process with a partial file: the
    // signal gets a handler (it only sets a flag nobody reads).
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let result = match cli.command {
        Command::Convert(args) => cli::convert::run(&args),
        Command::Validate(args) => cli::validate::run(&args),
        Command::Render(args) => cli::render::run(&args),
        Command::Serve(args) => cli::serve::run(&args),
        Command::Schema => {
            print_stdout(fiche_write::SCHEMA_JSON.as_bytes()).map(|()| ExitCode::SUCCESS)
        }
        Command::Generate { count, seed } => generate(count, seed).map(|()| ExitCode::SUCCESS),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command(), "fiche", &mut out);
            print_stdout(&out).map(|()| ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(command())
                .render(&mut out)
                .map_err(anyhow::Error::from)
                .and_then(|()| print_stdout(&out))
                .map(|()| ExitCode::SUCCESS)
        }
    };
    result.unwrap_or_else(|e| {
        // A reader that closed standard output (`fiche convert … | head -1`)
        // wanted no more: the run ends quietly, as `rg` and `jq` end.
        if broken_pipe(&e) {
            cli::remove_unfinished_files();
            return ExitCode::SUCCESS;
        }
        cli::stderr::line(&format!(
            "{}{}",
            cli::say::prefix(cli::say::Kind::Error),
            cli::say::chain(&e)
        ));
        ExitCode::from(EXIT_USAGE)
    })
}

/// The command line, in the language printed ([`cli::say::ui`]).
fn command() -> clap::Command {
    match cli::say::ui() {
        fiche::Lang::En => Cli::command(),
        fiche::Lang::Fr => cli::aide::french(Cli::command()),
    }
}

/// The command line parsed; in French, its help and errors in French
/// (clap prints the English ones itself).
fn parse() -> Result<Cli, ExitCode> {
    if cli::say::ui() == fiche::Lang::En {
        return Ok(Cli::parse());
    }
    let mut cmd = command();
    let parsed = cmd.try_get_matches_from_mut(std::env::args_os());
    // `fiche help [COMMAND]`: the French command line's own `help`.
    if let Ok(matches) = &parsed
        && let Some(("help", asked)) = matches.subcommand()
    {
        let name = asked
            .get_many::<String>("commande")
            .and_then(|mut n| n.next().cloned());
        let shown = match name.and_then(|n| cmd.find_subcommand_mut(&n).cloned()) {
            Some(sub) => {
                let bin = format!("fiche {}", sub.get_name());
                sub.bin_name(bin).print_long_help()
            }
            None => cmd.print_long_help(),
        };
        return Err(if shown.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_USAGE)
        });
    }
    match parsed.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => Ok(cli),
        Err(e) => {
            use clap::error::ErrorKind;
            if e.kind() == ErrorKind::DisplayVersion {
                println!("fiche {}", env!("CARGO_PKG_VERSION"));
                return Err(ExitCode::SUCCESS);
            }
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                e.exit();
            }
            // The usage of the command the error is in: the first word
            // naming a command, else the root's.
            let named = std::env::args().skip(1).find_map(|word| {
                cmd.find_subcommand_mut(&word).map(|sub| {
                    let bin = format!("fiche {}", sub.get_name());
                    sub.clone().bin_name(bin).render_usage().to_string()
                })
            });
            let usage = named.unwrap_or_else(|| cmd.render_usage().to_string());
            let usage = usage.trim().trim_start_matches("Usage:").trim();
            eprint!("{}", cli::aide::error_in_french(&e, usage));
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

/// Whether `e` comes from writing to a pipe whose reader is gone.
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Writes a generated corpus to standard output, one fiche at a time.
fn generate(count: u64, seed: u64) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let mut out = io::BufWriter::new(io::stdout().lock());
    fiche_corpus::write_corpus(count, seed, &mut out)
        .and_then(|()| out.flush())
        .with_context(cannot_write_stdout)
}

/// The context of a failed write to standard output.
fn cannot_write_stdout() -> String {
    cli::say::tr!(
        "cannot write to standard output",
        "impossible d'écrire sur la sortie standard"
    )
}

fn print_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let mut out = io::stdout().lock();
    out.write_all(bytes).with_context(cannot_write_stdout)?;
    out.flush().with_context(cannot_write_stdout)
}
