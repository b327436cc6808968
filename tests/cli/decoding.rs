//! Whatever the bytes, the same fiche gives the same record.

use crate::support::{code, fiche, records, stderr};
use serde_json::Value;

/// The record without what legitimately differs: where it came from and
/// the warnings about how its bytes were repaired.
fn essence(path: &str) -> (Value, String) {
    let out = fiche(&["convert", path], b"");
    assert_eq!(code(&out), 0, "{path}: {}", stderr(&out));
    let mut recs = records(&out);
    assert_eq!(recs.len(), 1, "{path}");
    let mut r = recs.remove(0);
    let encoding = r["source"]["encoding"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let obj = r.as_object_mut().expect("a record is an object");
    obj.remove("source");
    obj.remove("diagnostics");
    (r, encoding)
}

#[test]
fn every_encoding_normalisation_and_line_ending_gives_the_same_record() {
    let (reference, _) = essence("fixtures/valid/encoding-utf-8-bom.txt");
    for (path, encoding) in [
        (
            "fixtures/valid/encoding-windows-1252-crlf.txt",
            "windows-1252",
        ),
        ("fixtures/valid/encoding-utf-16le-bom.txt", "UTF-16LE"),
        ("fixtures/valid/encoding-utf-16be-bom.txt", "UTF-16BE"),
        ("fixtures/valid/encoding-mac-cr-line-endings.txt", "UTF-8"),
        ("fixtures/valid/unicode-nfd.txt", "UTF-8"),
        (
            "fixtures/valid/mojibake-utf-8-read-as-windows-1252.txt",
            "UTF-8",
        ),
    ] {
        let (record, found) = essence(path);
        assert_eq!(found, encoding, "{path}");
        assert_eq!(record, reference, "{path}");
    }
}

#[test]
fn repairs_are_reported_line_by_line() {
    let out = fiche(
        &[
            "convert",
            "fixtures/valid/mojibake-utf-8-read-as-windows-1252.txt",
        ],
        b"",
    );
    let r = &records(&out)[0];
    let lines: Vec<u64> = r["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "mojibake-repaired")
        .filter_map(|d| d["line"].as_u64())
        .collect();
    // Every line with a non-ASCII character, and only those.
    assert_eq!(lines, [1, 5, 7, 9, 12, 13, 14, 15, 16]);
    let out = fiche(&["convert", "fixtures/valid/html-residue.txt"], b"");
    let r = &records(&out)[0];
    assert_eq!(
        r["organisation"]["text"],
        "Une équipe «\u{a0}tech\u{a0}» bénévole\u{a0}; les adhérent·es décident en assemblée générale."
    );
}

#[test]
fn forced_encoding_overrides_detection() {
    let out = fiche(
        &[
            "convert",
            "--encoding",
            "utf-8",
            "fixtures/valid/encoding-windows-1252-crlf.txt",
        ],
        b"",
    );
    let r = &records(&out)[0];
    assert_eq!(r["source"]["encoding"], "UTF-8");
    let invalid = r["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "invalid-bytes")
        .count();
    assert!(
        invalid >= 5,
        "each line with an accent is reported: {invalid}"
    );
}
