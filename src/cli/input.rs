//! What `convert` and `validate` share: the inputs, the profile, the
//! encoding, the language.

use super::say::{self, Kind, tr};
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
    /// Language of what is printed (default: from LC_ALL, LC_MESSAGES or
    /// LANG) and of the messages in records (default: English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

/// `--lang` values.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum LangArg {
    /// English.
    En,
    /// Français.
    Fr,
}

impl LangArg {
    /// The language.
    pub(crate) fn lang(self) -> Lang {
        match self {
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
        }
    }
}

impl ReadArgs {
    /// The language of records' messages: the one asked for, else English
    /// (never the locale's, so that records do not change with the machine).
    pub(crate) fn records_lang(&self) -> Lang {
        self.lang.map_or(Lang::En, LangArg::lang)
    }

    /// The profile given, or the embedded one.
    pub(crate) fn profile(&self) -> anyhow::Result<Profile> {
        match &self.profile {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).with_context(|| cannot_read_profile(path))?;
                Profile::from_toml(&text).with_context(|| in_profile(path))
            }
            None => Ok(Profile::chatons()),
        }
    }

    /// Settings for the pipeline; `raw` keeps strings as decoded, `lang`
    /// is the language of diagnostic messages.
    pub(crate) fn settings(&self, raw: bool, lang: Lang) -> anyhow::Result<Settings> {
        let encoding = self
            .encoding
            .as_deref()
            .map(fiche_decode::encoding_for_label)
            .transpose()
            .map_err(|e| anyhow::anyhow!(e.in_lang(say::ui())))?;
        Ok(Settings {
            encoding,
            normalise: fiche::Options {
                raw,
                lang,
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
                .with_context(|| tr!("--glob {}", "--glob {}", self.glob))?
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
            anyhow::bail!(tr!(
                "no input given, expected file paths or `-` for standard input (see --help)",
                "aucune entrée : donnez des chemins de fichiers, ou - pour lire l'entrée standard (voir --help)"
            ));
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
                "{}{}",
                say::prefix(Kind::Warning),
                tr!(
                    "skipped {}: {reason}",
                    "{} n'est pas lu : {reason}",
                    path.display()
                )
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
                    (Some(ancestor), _) => tr!(
                        "symbolic link loop: it leads back to {}",
                        "boucle de liens symboliques : elle ramène à {}",
                        ancestor.display()
                    ),
                    (None, Some(io)) if io.kind() == io::ErrorKind::NotFound => tr!(
                        "symbolic link to nothing",
                        "lien symbolique qui ne mène nulle part"
                    ),
                    (None, Some(io)) => tr!("cannot read: {}", "illisible : {}", say::io_error(io)),
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
                tr!(
                    "symbolic link, not followed (give --follow to follow links)",
                    "lien symbolique, non suivi (l'option --follow suit les liens)"
                ),
            ));
        } else if kind.is_file() {
            if matches {
                inputs.files.push(entry.into_path());
            }
        } else if matches {
            inputs
                .skipped
                .push((entry.into_path(), special_kind(&kind)));
        }
    }
}

/// Why a file that is neither a regular file, a directory nor a link is
/// not read: what it is.
fn special_kind(kind: &std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return tr!(
                "not a regular file (a FIFO)",
                "ce n'est pas un fichier ordinaire (c'est un tube nommé)"
            );
        }
        if kind.is_socket() {
            return tr!(
                "not a regular file (a socket)",
                "ce n'est pas un fichier ordinaire (c'est une socket)"
            );
        }
        if kind.is_block_device() || kind.is_char_device() {
            return tr!(
                "not a regular file (a device)",
                "ce n'est pas un fichier ordinaire (c'est un périphérique)"
            );
        }
    }
    let _ = kind;
    tr!(
        "not a regular file (a special file)",
        "ce n'est pas un fichier ordinaire (c'est un fichier spécial)"
    )
}

/// The context of a failure to read the profile at `path`.
pub(crate) fn cannot_read_profile(path: &Path) -> String {
    tr!(
        "cannot read profile {}",
        "impossible de lire le profil {}",
        path.display()
    )
}

/// The context of an error in the profile at `path`.
pub(crate) fn in_profile(path: &Path) -> String {
    tr!("profile {}", "profil {}", path.display())
}
