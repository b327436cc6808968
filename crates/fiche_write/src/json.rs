//! Compact JSON for a record, written straight into a byte buffer.
//!
//! The bytes are those of `serde_json::to_writer(record)`, key for key and
//! escape for escape; this writer exists only because it is several times
//! cheaper on our records, which are mostly strings:
//! - keys are literals, written with their punctuation in one copy
//!   (serde_json escapes every key like any string);
//! - strings are scanned eight bytes at a time for a byte that needs an
//!   escape (a control character, `"` or `\`), and copied in one piece
//!   when there is none.
//!
//! Numbers go through `itoa` as in serde_json, and floats through
//! serde_json itself. Debug builds, which every test runs, serialise every
//! record both ways and panic if the bytes differ; the tests also compare
//! the two on generated records.

use fiche_types::bytes::{first_byte, splat};
use fiche_types::{
    Amount, Block, Category, Checklist, Count, Diagnostic, EconomicModel, ExtraField, Headcount,
    ListItem, Mentions, Record, Severity, Source, Text,
};

/// Appends `record` as one line of compact JSON, without the newline.
pub(crate) fn write_record(record: &Record, out: &mut Vec<u8>) {
    record.write(out);
}

/// A value that writes itself as compact JSON.
trait Json {
    fn write(&self, out: &mut Vec<u8>);
}

/// Writes an object: `{"k1":v1,"k2":v2}` with each key and its punctuation
/// copied as one literal.
macro_rules! object {
    ($out:expr, $first:literal => $value:expr $(, $key:literal => $val:expr)* $(,)?) => {{
        let out: &mut Vec<u8> = $out;
        out.extend_from_slice(concat!("{\"", $first, "\":").as_bytes());
        Json::write($value, out);
        $(
            out.extend_from_slice(concat!(",\"", $key, "\":").as_bytes());
            Json::write($val, out);
        )*
        out.push(b'}');
    }};
}

impl Json for str {
    fn write(&self, out: &mut Vec<u8>) {
        string(self, out);
    }
}

impl Json for String {
    fn write(&self, out: &mut Vec<u8>) {
        string(self, out);
    }
}

impl Json for u32 {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl Json for u16 {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
    }
}

impl Json for bool {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl Json for f64 {
    fn write(&self, out: &mut Vec<u8>) {
        // Rare (money amounts): serde_json's own float formatting, so that
        // the digits are its digits. Writing to a Vec cannot fail, and a
        // non-finite float is written as `null` by serde_json.
        if serde_json::to_writer(&mut *out, self).is_err() {
            out.extend_from_slice(b"null");
        }
    }
}

impl<T: Json> Json for Option<T> {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Some(value) => value.write(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: Json> Json for [T] {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, value) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            value.write(out);
        }
        out.push(b']');
    }
}

impl<T: Json> Json for Vec<T> {
    fn write(&self, out: &mut Vec<u8>) {
        self.as_slice().write(out);
    }
}

/// Slugs of the vocabularies, written as strings.
macro_rules! slugs {
    ($($name:ty => $as_str:ident),+ $(,)?) => {
        $(impl Json for $name {
            fn write(&self, out: &mut Vec<u8>) {
                string(self.$as_str(), out);
            }
        })+
    };
}

slugs! {
    fiche_types::StructureType => slug,
    fiche_types::AccessMode => slug,
    fiche_types::EconomicTag => slug,
    fiche_types::Period => slug,
    fiche_types::Code => as_str,
    Severity => as_str,
}

impl Json for Record {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out,
            "schema_version" => &self.schema_version,
            "profile" => &self.profile,
            "name" => &self.name,
            "structure_type" => &self.structure_type,
            "founded" => &self.founded,
            "member_since" => &self.member_since,
            "organisation" => &self.organisation,
            "employees" => &self.employees,
            "volunteers" => &self.volunteers,
            "member_roles" => &self.member_roles,
            "user_types" => &self.user_types,
            "user_support" => &self.user_support,
            "access" => &self.access,
            "economic_model" => &self.economic_model,
            "extra_fields" => &self.extra_fields,
            "mentions" => &self.mentions,
            "source" => &self.source,
            "diagnostics" => &self.diagnostics,
        );
    }
}

impl Json for Category {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out, "value" => &self.value, "label" => &self.label);
    }
}

impl Json for Count {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"value\":");
        self.value.write(out);
        out.extend_from_slice(b",\"raw\":");
        self.raw.write(out);
        bounds(self.min, self.max, out);
        out.extend_from_slice(b",\"approximate\":");
        self.approximate.write(out);
        out.push(b'}');
    }
}

/// `,"min":…,"max":…` of a count or headcount, `null` when absent.
fn bounds(min: Option<u32>, max: Option<u32>, out: &mut Vec<u8>) {
    out.extend_from_slice(b",\"min\":");
    min.write(out);
    out.extend_from_slice(b",\"max\":");
    max.write(out);
}

impl Json for Text {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out, "text" => &self.text, "blocks" => &self.blocks);
    }
}

impl Json for Block {
    fn write(&self, out: &mut Vec<u8>) {
        // Internally tagged: the tag first, then the variant's fields.
        match self {
            Block::Paragraph { text } => {
                object!(out, "type" => "paragraph", "text" => text);
            }
            Block::List { marker, items } => {
                object!(out, "type" => "list", "marker" => marker, "items" => items);
            }
        }
    }
}

impl Json for ListItem {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out, "text" => &self.text, "items" => &self.items);
    }
}

impl Json for Checklist {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out, "values" => &self.values, "labels" => &self.labels);
    }
}

impl Json for EconomicModel {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out, "text" => &self.text, "blocks" => &self.blocks, "tags" => &self.tags);
    }
}

impl Json for ExtraField {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out, "label" => &self.label, "text" => &self.text, "blocks" => &self.blocks);
    }
}

impl Json for Mentions {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out,
            "amounts" => &self.amounts,
            "headcounts" => &self.headcounts,
            "urls" => &self.urls,
            "emails" => &self.emails,
            "years" => &self.years,
        );
    }
}

impl Json for Amount {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out,
            "amount" => &self.amount,
            "currency" => &self.currency,
            "per" => &self.per,
            "text" => &self.text,
        );
    }
}

impl Json for Headcount {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"{\"value\":");
        self.value.write(out);
        out.extend_from_slice(b",\"approximate\":");
        self.approximate.write(out);
        out.extend_from_slice(b",\"text\":");
        self.text.write(out);
        bounds(self.min, self.max, out);
        out.push(b'}');
    }
}

impl Json for Source {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out,
            "path" => &self.path,
            "index" => &self.index,
            "line_start" => &self.line_start,
            "line_end" => &self.line_end,
            "encoding" => &self.encoding,
        );
    }
}

impl Json for Diagnostic {
    fn write(&self, out: &mut Vec<u8>) {
        object!(out,
            "severity" => &self.severity,
            "code" => &self.code,
            "message" => &self.message,
            "field" => &self.field,
            "line" => &self.line,
            "column" => &self.column,
        );
    }
}

/// Whether any of the eight bytes of `word` must be escaped in a JSON
/// string: below 0x20, `"` or `\`. The classic tests for "a byte below n"
/// and "a zero byte" are exact about whether any byte matches (a borrow
/// only starts at a byte that does).
fn needs_escape(word: u64) -> bool {
    const HIGH: u64 = splat(0x80);
    let below_space = word.wrapping_sub(splat(0x20)) & !word;
    let quote = word ^ splat(b'"');
    let quote = quote.wrapping_sub(splat(1)) & !quote;
    let backslash = word ^ splat(b'\\');
    let backslash = backslash.wrapping_sub(splat(1)) & !backslash;
    (below_space | quote | backslash) & HIGH != 0
}

/// The escape serde_json writes for `byte`, or `None` if it is written as
/// is: the short escapes, else `\u00XX` in lower-case hex.
fn escape(byte: u8) -> Option<&'static [u8]> {
    const CONTROL: [&[u8]; 32] = [
        b"\\u0000", b"\\u0001", b"\\u0002", b"\\u0003", b"\\u0004", b"\\u0005", b"\\u0006",
        b"\\u0007", b"\\b", b"\\t", b"\\n", b"\\u000b", b"\\f", b"\\r", b"\\u000e", b"\\u000f",
        b"\\u0010", b"\\u0011", b"\\u0012", b"\\u0013", b"\\u0014", b"\\u0015", b"\\u0016",
        b"\\u0017", b"\\u0018", b"\\u0019", b"\\u001a", b"\\u001b", b"\\u001c", b"\\u001d",
        b"\\u001e", b"\\u001f",
    ];
    match byte {
        b'"' => Some(b"\\\""),
        b'\\' => Some(b"\\\\"),
        _ => CONTROL.get(usize::from(byte)).copied(),
    }
}

/// Writes `s` as a JSON string: runs with nothing to escape are copied
/// whole, the bytes to escape found eight bytes at a time.
fn string(s: &str, out: &mut Vec<u8>) {
    let mut rest = s.as_bytes();
    out.reserve(rest.len() + 2);
    out.push(b'"');
    while let Some(at) = first_byte(rest, needs_escape, |b| escape(b).is_some()) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(escape(rest[at]).unwrap_or_default());
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn as_json(s: &str) -> String {
        let mut out = Vec::new();
        string(s, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn escapes_as_serde_json_does() {
        for s in [
            "",
            "plain",
            "a \"quoted\" \\ word",
            "line\nbreak\tand\rreturn\u{8}\u{c}",
            "\u{0}\u{1f}\u{7f} control and delete",
            "accents é, no-break\u{a0}space, emoji 🦀, 16 bytes exactly!",
            "\"\"\"\"\"\"\"\"\"",
        ] {
            assert_eq!(as_json(s), serde_json::to_string(s).unwrap_or_default());
        }
    }

    #[test]
    fn the_word_test_finds_each_escaped_byte_at_each_position() {
        for (byte, place, word) in fiche_types::bytes::each_byte_at_each_place() {
            assert_eq!(
                needs_escape(word),
                escape(byte).is_some(),
                "byte {byte:#x} at {place}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_word_test_is_the_byte_test(word: u64) {
            let any = word.to_ne_bytes().iter().any(|&b| escape(b).is_some());
            proptest::prop_assert_eq!(needs_escape(word), any);
        }

        #[test]
        fn strings_are_written_as_serde_json_writes_them(s in "(.|\n|\t|\"|\\\\|[\u{0}-\u{1f}]){0,40}") {
            proptest::prop_assert_eq!(as_json(&s), serde_json::to_string(&s).unwrap_or_default());
        }
    }
}
