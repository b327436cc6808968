//! Records out. Every record is validated against the published JSON
//! Schema (`schemas/fiche.schema.json`) before a byte of it is written; a
//! record that fails is a bug in an earlier stage and is returned as an
//! error, never written. [`render`] writes a record back as fiche text.

mod csv_row;
mod render;
mod validate;

pub use csv_row::{CSV_HEADER, csv_row};
pub use render::{render, template};
pub use validate::{SCHEMA_JSON, SchemaViolation, Validator};

use fiche_types::Record;
use std::io::{self, Write};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One compact JSON record per line.
    #[default]
    Ndjson,
    /// One JSON array of pretty-printed records.
    Json,
    /// RFC 4180 CSV with a header row: one row per fiche.
    Csv,
}

/// Why a record was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The record breaks the schema: a bug, reported, never written.
    #[error(transparent)]
    Invalid(#[from] SchemaViolation),
    /// Writing failed.
    #[error("cannot write output: {0}")]
    Io(#[from] io::Error),
    /// The record could not be serialised.
    #[error("cannot serialise record: {0}")]
    Json(#[from] serde_json::Error),
}

/// Validates and writes records, one at a time, in one format.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    validator: &'static Validator,
    written: usize,
}

impl<W: Write> RecordWriter<W> {
    /// A writer to `out` in `format`.
    pub fn new(out: W, format: Format) -> Self {
        RecordWriter {
            out,
            format,
            validator: Validator::shared(),
            written: 0,
        }
    }

    /// Validates `record` and writes it; on error nothing of it is written.
    pub fn write(&mut self, record: &Record) -> Result<(), WriteError> {
        let value = serde_json::to_value(record)?;
        self.validator.validate(&value)?;
        let mut bytes = Vec::with_capacity(4096);
        match self.format {
            Format::Ndjson => {
                serde_json::to_writer(&mut bytes, &value)?;
                bytes.push(b'\n');
            }
            Format::Json => {
                bytes.extend_from_slice(if self.written == 0 { b"[\n" } else { b",\n" });
                serde_json::to_writer_pretty(&mut bytes, &value)?;
            }
            Format::Csv => {
                let mut csv = csv::WriterBuilder::new().from_writer(&mut bytes);
                if self.written == 0 {
                    csv.write_record(CSV_HEADER).map_err(io::Error::from)?;
                }
                csv.write_record(csv_row(record)).map_err(io::Error::from)?;
                csv.flush()?;
            }
        }
        self.out.write_all(&bytes)?;
        self.written += 1;
        Ok(())
    }

    /// How many records were written.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Closes the output (the JSON array) and flushes it.
    pub fn finish(mut self) -> io::Result<W> {
        match self.format {
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?
            }
            Format::Csv if self.written == 0 => {
                self.out
                    .write_all((CSV_HEADER.join(",") + "\n").as_bytes())?;
            }
            Format::Csv | Format::Ndjson => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}
