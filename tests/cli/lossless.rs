//! Nothing lost: every word of an input is in its records, or quoted by a
//! diagnostic. Checked on every fixture, and on fiches made by perturbing
//! the real export at random (labels misspelt, inline or unknown, extra
//! words and lines after scalars, fiches in Windows-1252 inside a UTF-8
//! input): inputs nobody here wrote.
//!
//! The only words an input may lose are its structure: the heading's
//! prefix, the words of labels the profile spells exactly, and the line of
//! a year or date read whole, which the record keeps in another form
//! (`le 14 mai 2019` is `2019-05-14`, `deux mille douze` is 2012); a year
//! read with other words quotes them in a `trailing-text` warning.

use crate::perturb::{change, check, perturbed, seed_fiches, seed_words};
use fiche::{Profile, Settings};
use fiche_parse::{FieldName, ParsedFile};
use fiche_profile::FieldKind;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Words as a multiset: runs of letters and digits, NFC, lower case.
fn words(text: &str, into: &mut HashMap<String, usize>) {
    let text: String = text.nfc().collect();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *into.entry(w.to_lowercase()).or_default() += 1;
    }
}

/// Every string and number in a JSON value.
fn json_words(v: &Value, into: &mut HashMap<String, usize>) {
    match v {
        Value::String(s) => words(s, into),
        Value::Number(n) => words(&n.to_string(), into),
        Value::Array(a) => a.iter().for_each(|x| json_words(x, into)),
        Value::Object(o) => o.values().for_each(|x| json_words(x, into)),
        Value::Bool(_) | Value::Null => {}
    }
}

/// The words of the input that are its structure, not its content (see
/// the module's doc; `read_whole` says whether a record's year or date
/// field was read whole), as a multiset; and whether any line of the input is
/// in two places at once (a field's label or value and another's).
fn structure(
    text: &str,
    parsed: &ParsedFile<'_>,
    profile: &Profile,
    read_whole: impl Fn(usize, &str) -> bool,
) -> (HashMap<String, usize>, Option<String>) {
    let mut exempt = HashMap::new();
    let mut spans = Vec::new();
    for (index, fiche) in parsed.fiches.iter().enumerate() {
        words(
            &text[fiche.heading.start..fiche.name.span.start],
            &mut exempt,
        );
        spans.push(fiche.heading.start..fiche.heading.end);
        for field in fiche.fields() {
            spans.push(field.label.span.start..field.label.span.end);
            spans.extend(field.value.iter().map(|l| l.span.start..l.span.end));
            if let FieldName::Known(_) = field.name {
                words(field.label.text, &mut exempt);
            }
            let Some(id) = field.name.id() else { continue };
            let spec = profile.field(id);
            let first = field.value.iter().find(|l| !l.is_blank());
            // A year or date read whole is its line, in another form.
            if matches!(spec.kind, FieldKind::Year | FieldKind::Date)
                && let Some(first) = first
                && read_whole(index, spec.target.name())
            {
                words(first.text, &mut exempt);
            }
        }
    }
    spans.sort_by_key(|r| (r.start, r.end));
    let twice = spans.windows(2).find(|w| w[1].start < w[0].end).map(|w| {
        format!(
            "{:?} overlaps {:?}",
            &text[w[0].clone()],
            &text[w[1].clone()]
        )
    });
    (exempt, twice)
}

/// What `fiche` loses of `bytes`: the words of the input that are neither
/// in the records nor quoted by a diagnostic, with how many of each are
/// missing; or the lines it puts in two places. `Ok(())` when nothing.
fn lost(bytes: &[u8], original: &str) -> Result<(), String> {
    let profile = Profile::chatons();
    let Ok(converted) = fiche::convert(bytes, "input", &profile, &Settings::default()) else {
        return Ok(()); // Refused as binary: there is no text to lose.
    };
    let parsed = fiche_parse::parse(&converted.text, &profile);
    let records: Vec<Value> = converted
        .records
        .iter()
        .map(|r| serde_json::to_value(r).expect("record serialises"))
        .collect();
    // Read, and whole: no `trailing-text` warning quotes words it left.
    let read_whole = |index: usize, key: &str| {
        records.get(index).is_some_and(|r| {
            !r[key].is_null()
                && !r["diagnostics"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|d| d["code"] == "trailing-text" && d["field"] == key)
        })
    };
    let (exempt, twice) = structure(&converted.text, &parsed, &profile, read_whole);
    if let Some(twice) = twice {
        return Err(format!("a line is in two places: {twice}"));
    }
    let mut output = HashMap::new();
    records.iter().for_each(|r| json_words(r, &mut output));
    for d in &converted.unattached {
        words(&d.message, &mut output);
    }
    // Mojibake and HTML entities are a way of writing characters, and
    // tags are markup: the words to find are those of the repaired lines.
    let mut input = HashMap::new();
    for line in original.lines() {
        words(&fiche_decode::read_back(line), &mut input);
    }
    let missing: Vec<(&String, usize)> = input
        .iter()
        .filter_map(|(w, &n)| {
            let found = output.get(w).copied().unwrap_or(0) + exempt.get(w).copied().unwrap_or(0);
            (found < n).then(|| (w, n - found))
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("words lost: {missing:?}"))
    }
}

#[test]
fn every_word_of_every_fixture_is_in_the_output() {
    let profile = Profile::chatons();
    let settings = Settings::default();
    let mut checked = 0;
    insta::glob!("../../fixtures", "**/*.txt", |path| {
        let bytes = std::fs::read(path).expect("fixture is readable");
        let Ok(decoded) = fiche_decode::decode(&bytes, None) else {
            return; // Refused as binary: there is no text to lose.
        };
        if let Err(lost) = lost(&bytes, &decoded.text) {
            panic!("{}: {lost}", path.display());
        }
        // A year or date field that was given is either read or reported.
        let converted =
            fiche::convert(&bytes, "fixture", &profile, &settings).expect("decodes as above");
        let parsed = fiche_parse::parse(&decoded.text, &profile);
        for (index, fiche) in parsed.fiches.iter().enumerate() {
            for field in fiche.fields() {
                let Some(id) = field.name.id() else { continue };
                let spec = profile.field(id);
                if !matches!(spec.kind, FieldKind::Year | FieldKind::Date)
                    || field.value.iter().all(|l| l.is_blank())
                {
                    continue;
                }
                let key = spec.target.name();
                let record = &converted.records[index];
                let value = serde_json::to_value(record).expect("record serialises");
                let reported = record
                    .diagnostics
                    .iter()
                    .any(|d| d.field.as_deref() == Some(key));
                assert!(
                    !value[key].is_null() || reported,
                    "{}: fiche {index}: `{key}` was given but is neither read nor reported",
                    path.display()
                );
            }
        }
        checked += 1;
    });
    assert!(checked >= 15, "only {checked} fixtures were checked");
}

#[test]
fn every_word_of_perturbed_real_fiches_is_in_the_output() {
    let fiches = seed_fiches();
    let vocabulary = seed_words();
    // Each fiche with its changes, and whether it is written in
    // Windows-1252 inside the UTF-8 input.
    let input = prop::collection::vec(
        (
            0..fiches.len(),
            prop::collection::vec(change(&vocabulary), 0..8),
            prop::bool::weighted(0.2),
        ),
        1..4,
    );
    // The codes the generated inputs gave, to show that they reach the
    // rules under test.
    let seen = std::cell::RefCell::new(std::collections::HashSet::new());
    check(input, |input| {
        let mut text = String::new();
        let mut bytes = Vec::new();
        for (i, changes, legacy) in &input {
            let fiche = perturbed(&fiches[*i], changes);
            // Characters beyond Windows-1252 (`⋅`) become HTML numeric
            // references, as legacy exports write them. A legacy fiche with
            // mojibake in it (`CrÃ©ation` written in Windows-1252, whose
            // bytes are UTF-8 for `é`) is damaged twice over: a line of it
            // may read as damaged UTF-8, its invalid bytes only named.
            let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&fiche);
            if *legacy && !fiche.contains('Ã') {
                bytes.extend_from_slice(&encoded);
            } else {
                bytes.extend_from_slice(fiche.as_bytes());
            }
            text.push_str(&fiche);
        }
        if let Err(lost) = lost(&bytes, &text) {
            return Err(TestCaseError::fail(format!(
                "{lost}\n--- input ---\n{text}"
            )));
        }
        let converted = fiche::convert(&bytes, "input", &Profile::chatons(), &Settings::default());
        for record in converted.iter().flat_map(|c| &c.records) {
            seen.borrow_mut()
                .extend(record.diagnostics.iter().map(|d| d.code.as_str()));
        }
        Ok(())
    });
    let seen = seen.into_inner();
    for code in [
        "mixed-encoding",
        "misspelt-label",
        "unknown-field",
        "trailing-text",
    ] {
        assert!(
            seen.contains(code),
            "no generated input gave `{code}`: {seen:?}"
        );
    }
}
