//! The whole pipeline on arbitrary bytes: decode → parse → normalise →
//! schema validation → JSON, then render → convert again. Nothing may
//! panic, every record must pass the schema (and the typed check of it), and reading the bytes as a
//! stream (tiny pieces, tiny chunks) must give the same records.
#![no_main]

use fiche::{Profile, Settings};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(Profile::chatons)
}

fuzz_target!(|bytes: &[u8]| {
    let settings = Settings::default();
    let Ok(converted) = fiche::convert(bytes, "fuzz", profile(), &settings) else {
        return; // Refused as binary: a clean error, not a crash.
    };
    let streamed = stream(bytes, &settings);
    assert_eq!(
        streamed.as_ref().map(|(records, _)| records),
        Some(&converted.records),
        "streaming gives the records of the whole input"
    );
    for record in &converted.records {
        let value = serde_json::to_value(record).expect("a record serialises");
        if let Err(violation) = fiche_write::Validator::shared().validate(&value) {
            panic!("a record breaks the schema: {violation}");
        }
        // The typed check that encoding relies on agrees.
        let typed = fiche_write::contract::violations(record);
        assert!(typed.is_empty(), "the typed check refuses a valid record: {typed:?}");
        fiche_write::encode(record, fiche_write::Format::Ndjson).expect("a valid record encodes");
        let text = fiche_write::render(record, profile());
        let again = fiche::convert(text.as_bytes(), "fuzz", profile(), &settings)
            .expect("rendered text is text");
        assert_eq!(again.records.len(), 1, "a rendered record reads back as one fiche");
        // Its name and scalar fields read back the same (free text has a
        // known exception: two lists in a row of one kind read as one),
        // unless the decoder repaired what was written: its repairs
        // (UTF-8 read as Windows-1252, HTML residue) are decided on the
        // whole input, and the written text is not the input it came from.
        let back = &again.records[0];
        let repaired = back.diagnostics.iter().any(|d| {
            matches!(d.code.as_str(), "mojibake-repaired" | "html-residue" | "invalid-bytes")
        });
        if repaired {
            continue;
        }
        assert_eq!(
            (&back.name, &back.structure_type, back.founded, &back.member_since),
            (&record.name, &record.structure_type, record.founded, &record.member_since),
            "name and scalars read back: {text}"
        );
        assert_eq!(
            (&back.employees, &back.volunteers, &back.access),
            (&record.employees, &record.volunteers, &record.access),
            "counts and access read back: {text}"
        );
    }
});

/// The records and unattached diagnostics of `bytes` read 5 bytes at a
/// time and cut into chunks of about 64 bytes; `None` if reading fails.
fn stream(
    bytes: &[u8],
    settings: &Settings,
) -> Option<(Vec<fiche::Record>, Vec<fiche::Diagnostic>)> {
    let reader = fiche_decode::TextReader::with_read_sizes(bytes, None, bytes.len(), 5).ok()?;
    let chunks = fiche::Chunks::from_reader(reader, profile(), 64);
    let encoding = chunks.encoding();
    let (mut records, mut unattached) = (Vec::new(), Vec::new());
    for chunk in chunks {
        let out = fiche::convert_chunk(&chunk.ok()?, "fuzz", encoding, profile(), settings);
        records.extend(out.records);
        unattached.extend(out.unattached);
    }
    Some((records, unattached))
}
