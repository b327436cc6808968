//! Text → fiches. Splits decoded text into fiches (at heading lines),
//! fields (at label lines the [`Profile`] knows) and values, and reads
//! values into paragraphs and (nested) lists. Every piece keeps its byte
//! span. Parsing never fails: what does not fit is returned as a
//! [`Problem`] beside what does.
//!
//! nom stays inside this crate; the public API speaks our own types.

mod blocks;
mod fiche;
mod heading;
mod label;
mod line;
mod marker;
mod runon;
mod shape;
mod unknown;

pub use blocks::{MAX_DEPTH, RawBlock, RawItem, blocks};
pub use fiche::{ParsedFiche, ParsedField, ParsedFile, is_heading, parse, reads_as_value};
pub use label::FieldName;
pub use line::Line;

#[cfg(doc)]
use {fiche_profile::Profile, fiche_types::Problem};
