//! The shared vocabulary of every stage: the record contract (v1), the
//! closed vocabularies (slugs), byte spans, and diagnostics; and a
//! word-at-a-time byte search ([`bytes`]) for the stages' hot loops.
//!
//! This crate depends on nothing of ours, so that every stage can speak it.
//! The JSON Schema in `schemas/fiche.schema.json` is generated from these
//! types (see the `schema_drift` test of the `fiche` package).

pub mod bytes;
mod diagnostic;
pub mod french;
mod record;
mod span;
mod vocab;

pub use diagnostic::{Code, Diagnostic, Lang, Message, Problem, Severity, size_limit};
pub use record::{
    Amount, Block, Category, Checklist, Count, EconomicModel, ExtraField, Headcount, ListItem,
    Mentions, Record, SCHEMA_ID, SCHEMA_VERSION, Source, Text,
};
pub use span::{LineIndex, Span};
pub use vocab::{AccessMode, EconomicTag, FieldKey, Period, StructureType, UnknownSlug};

/// The JSON Schema (draft 2020-12) of [`Record`], as written: every key is
/// required, since the writer always emits it (nullable where the contract says).
pub fn record_schema() -> schemars::Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<Record>()
}
