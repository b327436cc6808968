//! Records out. Every record is validated against the published JSON
//! Schema (`schemas/fiche.schema.json`) before a byte of it is written; a
//! record that fails is a bug in an earlier stage and is returned as an
//! error, never written. [`render`] writes a record back as fiche text.

pub mod contract;
mod csv_row;
mod json;
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
    Csv(CsvCells),
}

/// How CSV cells that a spreadsheet would read as a formula are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CsvCells {
    /// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return gets a `'` before it, as OWASP recommends against CSV
    /// injection: LibreOffice and Excel show it as text, not run it
    /// (`=HYPERLINK(…)` from a scrape).
    #[default]
    Neutralised,
    /// Every cell as it is, for tools that read CSV as data only.
    Raw,
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

/// Records validated against the schema and serialised in one format: an
/// NDJSON line, a pretty JSON value, or a CSV row (without the framing that
/// [`RecordWriter`] adds: array brackets, commas, the header row). NDJSON
/// lines and CSV rows need nothing between them, so one `Encoded` can hold
/// many ([`Encoded::append`]): a whole chunk written at once.
#[derive(Debug, Clone)]
pub struct Encoded {
    format: Format,
    bytes: Vec<u8>,
    /// How many records `bytes` holds.
    records: usize,
}

impl Encoded {
    /// No record yet, in `format`.
    pub fn new(format: Format) -> Self {
        Self::with_capacity(format, 4096)
    }

    /// No record yet, in `format`, with room for `bytes` bytes: a chunk's
    /// records sized up front are never copied to a larger buffer.
    pub fn with_capacity(format: Format, bytes: usize) -> Self {
        Encoded {
            format,
            bytes: Vec::with_capacity(bytes),
            records: 0,
        }
    }

    /// The serialised records.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// How many records these bytes hold.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Validates `record` and serialises it after the records already here;
    /// on error nothing of it is added.
    ///
    /// The check runs on the typed record ([`contract`]): the schema's shape
    /// holds by construction and its value constraints are checked
    /// directly, which costs a fraction of building a `serde_json::Value`
    /// for jsonschema. A record that fails is then validated by jsonschema
    /// too, for the schema's own error messages; debug builds validate every
    /// record both ways and panic if the two disagree. A JSON array's
    /// records need commas between them: an `Encoded` in JSON holds one.
    pub fn append(&mut self, record: &Record) -> Result<(), WriteError> {
        if self.format == Format::Json && self.records > 0 {
            return Err(WriteError::Io(io::Error::other(
                "records of a JSON array are encoded one at a time",
            )));
        }
        validate(record)?;
        let mark = self.bytes.len();
        serialise(record, self.format, &mut self.bytes).inspect_err(|_| {
            self.bytes.truncate(mark);
        })?;
        self.records += 1;
        Ok(())
    }
}

/// Validates `record` and serialises it in `format`.
pub fn encode(record: &Record, format: Format) -> Result<Encoded, WriteError> {
    let mut encoded = Encoded::new(format);
    encoded.append(record)?;
    Ok(encoded)
}

/// Checks `record` against the schema (see [`Encoded::append`]).
fn validate(record: &Record) -> Result<(), WriteError> {
    let errors = contract::violations(record);
    if cfg!(debug_assertions) || !errors.is_empty() {
        let by_schema = Validator::shared().validate(&serde_json::to_value(record)?);
        debug_assert_eq!(
            errors.is_empty(),
            by_schema.is_ok(),
            "the typed contract check and the schema disagree on this record: \
             typed {errors:?}, schema {by_schema:?}"
        );
        by_schema?;
        if !errors.is_empty() {
            return Err(SchemaViolation { errors }.into());
        }
    }
    Ok(())
}

/// Appends `record` in `format` to `bytes`, from the record itself (fields
/// in declaration order).
fn serialise(record: &Record, format: Format, bytes: &mut Vec<u8>) -> Result<(), WriteError> {
    match format {
        Format::Ndjson => {
            let start = bytes.len();
            json::write_record(record, bytes);
            if cfg!(debug_assertions) {
                let by_serde = serde_json::to_vec(record)?;
                assert!(
                    bytes[start..] == by_serde[..],
                    "the record writer and serde_json disagree:\n{}\n{}",
                    String::from_utf8_lossy(&bytes[start..]),
                    String::from_utf8_lossy(&by_serde),
                );
            }
            bytes.push(b'\n');
        }
        Format::Json => serde_json::to_writer_pretty(&mut *bytes, record)?,
        Format::Csv(cells) => {
            let mut csv = csv::WriterBuilder::new().from_writer(&mut *bytes);
            let row = csv_row(record);
            let row = row.into_iter().map(|cell| match cells {
                CsvCells::Neutralised => csv_row::neutralised(cell),
                CsvCells::Raw => cell,
            });
            csv.write_record(row).map_err(io::Error::from)?;
            csv.flush()?;
        }
    }
    Ok(())
}

/// Validates and writes records, one at a time, in one format.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    written: usize,
}

impl<W: Write> RecordWriter<W> {
    /// A writer to `out` in `format`.
    pub fn new(out: W, format: Format) -> Self {
        RecordWriter {
            out,
            format,
            written: 0,
        }
    }

    /// Validates `record` and writes it; on error nothing of it is written.
    pub fn write(&mut self, record: &Record) -> Result<(), WriteError> {
        let encoded = encode(record, self.format)?;
        self.write_encoded(&encoded)?;
        Ok(())
    }

    /// Writes records [`encode`]d in this writer's format (encoding can run
    /// on other threads; writing keeps the order).
    pub fn write_encoded(&mut self, encoded: &Encoded) -> io::Result<()> {
        if encoded.format != self.format {
            return Err(io::Error::other(format!(
                "a record encoded as {:?} cannot go to a {:?} output",
                encoded.format, self.format
            )));
        }
        // An `Encoded` with no record yet writes nothing, not even framing.
        if encoded.records == 0 {
            return Ok(());
        }
        match self.format {
            Format::Ndjson => {}
            Format::Json => self
                .out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?,
            Format::Csv(_) if self.written == 0 => self
                .out
                .write_all((CSV_HEADER.join(",") + "\n").as_bytes())?,
            Format::Csv(_) => {}
        }
        self.out.write_all(&encoded.bytes)?;
        self.written += encoded.records;
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
            Format::Csv(_) if self.written == 0 => {
                self.out
                    .write_all((CSV_HEADER.join(",") + "\n").as_bytes())?;
            }
            Format::Csv(_) | Format::Ndjson => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}
