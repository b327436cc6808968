//! What `convert` and `validate` share: the inputs, the profile, the
//! encoding, the language.

use anyhow::Context as _;
use clap::ValueEnum;
use fiche::{Lang, Profile, Settings};
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

/// Options for reading fiches.
#[derive(clap::Args)]
pub(crate) struct ReadArgs {
    /// Input files or directories (read recursively); `-` (or nothing, when
    /// standard input is not a terminal) reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Which files of a directory to read, by name.
    #[arg(long, value_name = "PATTERN", default_value = "*.txt")]
    pub glob: String,
    /// Follow symbolic links found in directories (loops are detected and
    /// reported); without it they are skipped with a warning.
    #[arg(long)]
    pub follow: bool,
    /// Read fiches with this profile (TOML) instead of the embedded CHATONS one.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Decode inputs in this encoding (utf-8, windows-1252, iso-8859-15, utf-16le…) instead of detecting it.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Language of diagnostic messages (default: from LC_ALL, LC_MESSAGES or LANG).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

/// The language `asked` for, else the environment's locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`): French for `fr…`.
pub(crate) fn lang_or_locale(asked: Option<LangArg>) -> Lang {
    match asked {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Fr) => Lang::Fr,
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| Lang::from_locale(&v)),
    }
}

/// `--lang` values.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
    /// English.
    En,
    /// Français.
    Fr,
}

impl ReadArgs {
    /// The language asked for, else the environment's locale.
    pub(crate) fn lang(&self) -> Lang {
        lang_or_locale(self.lang)
    }

    /// The profile given, or the embedded one.
    pub(crate) fn profile(&self) -> anyhow::Result<Profile> {
        match &self.profile {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read profile {}", path.display()))?;
                Profile::from_toml(&text).with_context(|| format!("profile {}", path.display()))
            }
            None => Ok(Profile::chatons()),
        }
    }

    /// Settings for the pipeline; `raw` keeps strings as decoded.
    pub(crate) fn settings(&self, raw: bool) -> anyhow::Result<Settings> {
        let encoding = self
            .encoding
            .as_deref()
            .map(fiche_decode::encoding_for_label)
            .transpose()?;
        Ok(Settings {
            encoding,
            normalise: fiche::Options {
                raw,
                lang: self.lang(),
                ..fiche::Options::default()
            },
        })
    }

    /// The inputs to read: the files given, the files of the directories
    /// given whose name matches `--glob` (recursively, sorted), or standard
    /// input; and what the walk of the directories could not read or left.
    pub(crate) fn inputs(&self) -> anyhow::Result<Inputs> {
        let mut inputs = Inputs::default();
        if !self.paths.is_empty() {
            let glob = globset::Glob::new(&self.glob)
                .with_context(|| format!("--glob {}", self.glob))?
                .compile_matcher();
            for path in &self.paths {
                if path.is_dir() {
                    walk(path, &glob, self.follow, &mut inputs);
                } else {
                    inputs.files.push(path.clone());
                }
            }
            return Ok(inputs);
        }
        if io::stdin().is_terminal() {
            anyhow::bail!(
                "no input given, expected file paths or `-` for standard input (see --help)"
            );
        }
        inputs.files.push(PathBuf::from("-"));
        Ok(inputs)
    }
}

/// The inputs of a command line.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// The files to read, in order.
    pub files: Vec<PathBuf>,
    /// Entries of the directories given that could not be read (a
    /// directory without permission, a link to nothing, a loop of links),
    /// with the reason: each is an input that failed.
    pub failed: Vec<(PathBuf, String)>,
    /// Entries left out, with the reason: symbolic links without
    /// `--follow`, and what is not a regular file (a FIFO, a socket, a
    /// device), which reading could block on forever.
    pub skipped: Vec<(PathBuf, String)>,
}

impl Inputs {
    /// Prints a line on standard error for each skipped entry.
    pub(crate) fn warn_skipped(&self) {
        for (path, reason) in &self.skipped {
            super::stderr::line(&format!(
                "fiche: warning: skipped {}: {reason}",
                path.display()
            ));
        }
    }
}

/// A reader of one input (`-` is standard input), for streaming.
pub(crate) fn open_input(path: &Path) -> io::Result<Box<dyn Read + Send>> {
    if path == Path::new("-") {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(std::fs::File::open(path)?))
    }
}

/// The files below `dir` whose name matches `glob`, in sorted order (by
/// name in each directory, a directory's files where it stands), as
/// `walkdir` walks them: symbolic links are followed only when `follow`
/// says so, and then a loop is an error, not a walk without end. What
/// cannot be read goes to `inputs.failed`, what is left to `inputs.skipped`;
/// the walk goes on past both.
fn walk(dir: &Path, glob: &globset::GlobMatcher, follow: bool, inputs: &mut Inputs) {
    let entries = walkdir::WalkDir::new(dir)
        .follow_links(follow)
        .sort_by_file_name();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let reason = match (e.loop_ancestor(), e.io_error()) {
                    (Some(ancestor), _) => format!(
                        "symbolic link loop: it leads back to {}",
                        ancestor.display()
                    ),
                    (None, Some(io)) if io.kind() == io::ErrorKind::NotFound => {
                        "symbolic link to nothing".to_owned()
                    }
                    (None, Some(io)) => format!("cannot read: {io}"),
                    (None, None) => e.to_string(),
                };
                inputs.failed.push((path, reason));
                continue;
            }
        };
        let kind = entry.file_type();
        let matches = glob.is_match(entry.file_name());
        if kind.is_dir() {
            continue;
        } else if kind.is_symlink() {
            inputs.skipped.push((
                entry.into_path(),
                "symbolic link, not followed (give --follow to follow links)".to_owned(),
            ));
        } else if kind.is_file() {
            if matches {
                inputs.files.push(entry.into_path());
            }
        } else if matches {
            inputs.skipped.push((
                entry.into_path(),
                format!("not a regular file ({})", special_kind(&kind)),
            ));
        }
    }
}

/// What a file that is neither a regular file, a directory nor a link is.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    let _ = kind;
    "a special file"
}
