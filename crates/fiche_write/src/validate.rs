//! The record schema, compiled once per process.

use serde_json::Value;
use std::fmt;
use std::sync::OnceLock;

/// The published schema, as checked into `schemas/`.
pub const SCHEMA_JSON: &str = include_str!("../../../schemas/fiche.schema.json");

/// A record that breaks the schema: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// `(JSON pointer into the record, message)` for each error.
    pub errors: Vec<(String, String)>,
}

impl fmt::Display for SchemaViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record does not match the schema:")?;
        for (path, message) in &self.errors {
            let path = if path.is_empty() { "/" } else { path };
            write!(f, " at {path}: {message};")?;
        }
        Ok(())
    }
}

impl std::error::Error for SchemaViolation {}

/// A compiled record schema.
pub struct Validator {
    inner: jsonschema::Validator,
}

impl Validator {
    /// Compiles `schema`; an error says what is wrong with it.
    pub fn new(schema: &Value) -> Result<Validator, String> {
        jsonschema::draft202012::new(schema)
            .map(|inner| Validator { inner })
            .map_err(|e| e.to_string())
    }

    /// The embedded schema, compiled on first use.
    pub fn shared() -> &'static Validator {
        static SHARED: OnceLock<Validator> = OnceLock::new();
        SHARED.get_or_init(|| {
            // The embedded schema is tested to compile; failing here is a build bug.
            #[expect(clippy::expect_used, reason = "the embedded schema is tested")]
            let schema: Value =
                serde_json::from_str(SCHEMA_JSON).expect("the embedded schema is JSON");
            #[expect(clippy::expect_used, reason = "the embedded schema is tested")]
            Validator::new(&schema).expect("the embedded schema compiles")
        })
    }

    /// Checks one record: the quick yes/no first (it stops at the first
    /// error and builds no message), the full list of errors only for a
    /// record that fails.
    pub fn validate(&self, record: &Value) -> Result<(), SchemaViolation> {
        if self.inner.is_valid(record) {
            return Ok(());
        }
        let errors: Vec<(String, String)> = self
            .inner
            .iter_errors(record)
            .map(|e| (e.instance_path().to_string(), e.to_string()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(SchemaViolation { errors })
        }
    }
}
