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
        match self.lang {
            Some(LangArg::En) => Lang::En,
            Some(LangArg::Fr) => Lang::Fr,
            None => ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|v| !v.is_empty())
                .map_or(Lang::En, |v| Lang::from_locale(&v)),
        }
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
    /// given whose name matches `--glob` (recursively, sorted), or standard input.
    pub(crate) fn paths(&self) -> anyhow::Result<Vec<PathBuf>> {
        if !self.paths.is_empty() {
            let glob = globset::Glob::new(&self.glob)
                .with_context(|| format!("--glob {}", self.glob))?
                .compile_matcher();
            let mut files = Vec::new();
            for path in &self.paths {
                if path.is_dir() {
                    walk(path, &glob, &mut files)?;
                } else {
                    files.push(path.clone());
                }
            }
            return Ok(files);
        }
        if io::stdin().is_terminal() {
            anyhow::bail!(
                "no input given, expected file paths or `-` for standard input (see --help)"
            );
        }
        Ok(vec![PathBuf::from("-")])
    }
}

/// The bytes of one input (`-` is standard input).
pub(crate) fn read_input(path: &Path) -> io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
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

/// The files below `dir` whose name matches `glob`, in sorted order.
fn walk(dir: &Path, glob: &globset::GlobMatcher, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("cannot read directory {}", dir.display()))?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, glob, files)?;
        } else if path.file_name().is_some_and(|n| glob.is_match(n)) {
            files.push(path);
        }
    }
    Ok(())
}
