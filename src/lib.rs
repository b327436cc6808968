//! The `fiche` pipeline, stage by stage: bytes → [`fiche_decode`] →
//! [`fiche_parse`] → [`fiche_normalise`] → records, which the binary hands
//! to [`fiche_write`]. This crate holds only the glue; each stage owns its
//! logic.

mod stream;

pub use fiche_decode::DecodeError;
pub use fiche_normalise::FileRecords;
pub use fiche_normalise::Options;
pub use fiche_profile::Profile;
pub use fiche_types::{Code, Diagnostic, Lang, Record, Severity};
pub use stream::{CHUNK_BYTES, Chunk, Chunks, MAX_FICHE_BYTES, convert_chunk, convert_chunk_each};

/// How inputs are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Decode every input in this encoding instead of detecting it.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Normaliser options.
    pub normalise: Options,
}

/// The records of one input.
#[derive(Debug, Clone)]
pub struct Converted {
    /// One per fiche, in input order, diagnostics included.
    pub records: Vec<Record>,
    /// Diagnostics that no record can hold (an input without any fiche).
    pub unattached: Vec<Diagnostic>,
    /// The encoding the input was decoded with.
    pub encoding: &'static str,
    /// The decoded text that line and column numbers refer to.
    pub text: String,
}

/// Runs decode → parse → normalise on one input. Fails only when the
/// input is not text at all; every other problem is a diagnostic.
pub fn convert(
    bytes: &[u8],
    path: &str,
    profile: &Profile,
    settings: &Settings,
) -> Result<Converted, DecodeError> {
    let decoded = fiche_decode::decode(bytes, settings.encoding)?;
    // The whole input is one chunk that starts on line 1 with fiche 0.
    let whole = Chunk {
        text: decoded.text,
        problems: decoded.problems,
        first_line: 1,
        first_index: 0,
    };
    let out = convert_chunk(&whole, path, decoded.encoding, profile, settings);
    Ok(Converted {
        records: out.records,
        unattached: out.unattached,
        encoding: decoded.encoding,
        text: whole.text,
    })
}
