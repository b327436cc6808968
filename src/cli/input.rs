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
    /// Input files; `-` (or nothing, when standard input is not a terminal) reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
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

    /// The inputs to read: the paths given, or standard input.
    pub(crate) fn paths(&self) -> anyhow::Result<Vec<PathBuf>> {
        if !self.paths.is_empty() {
            return Ok(self.paths.clone());
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
