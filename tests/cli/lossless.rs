//! Nothing is lost: every word of every fixture is found in the output —
//! in the records, or in diagnostics that quote what belongs to no field.

use fiche::{Profile, Settings};
use fiche_profile::FieldKind;
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
        let converted =
            fiche::convert(&bytes, "fixture", &profile, &settings).expect("decodes as above");

        // What the input says, less the structure: label lines and heading prefixes.
        let parsed = fiche_parse::parse(&decoded.text, &profile);
        let mut structure = Vec::new();
        let mut dates = Vec::new();
        for (index, fiche) in parsed.fiches.iter().enumerate() {
            structure.push(fiche.heading.start..fiche.name.span.start);
            for field in fiche.fields() {
                structure.push(field.label.span.start..field.label.span.end);
                // Years and dates are kept as their value (`en 1995` → 1995,
                // `1er mars 2019` → "2019-03-01"); they are checked below.
                if let Some(id) = field.name.id()
                    && matches!(profile.field(id).kind, FieldKind::Year | FieldKind::Date)
                {
                    for line in field.value {
                        structure.push(line.span.start..line.span.end);
                    }
                    if field.value.iter().any(|l| !l.is_blank()) {
                        dates.push((index, profile.field(id).target.name().to_owned()));
                    }
                }
            }
        }
        let mut text = decoded.text.clone();
        for r in structure {
            text.replace_range(r.clone(), &" ".repeat(r.len()));
        }
        let mut input = HashMap::new();
        words(&text, &mut input);

        let mut output = HashMap::new();
        for record in &converted.records {
            json_words(
                &serde_json::to_value(record).expect("record serialises"),
                &mut output,
            );
        }
        for d in &converted.unattached {
            words(&d.message, &mut output);
        }
        let missing: Vec<(&String, usize)> = input
            .iter()
            .filter_map(|(w, &n)| {
                let found = output.get(w).copied().unwrap_or(0);
                (found < n).then(|| (w, n - found))
            })
            .collect();
        assert!(
            missing.is_empty(),
            "{}: words lost: {missing:?}",
            path.display()
        );

        // A year or date field that was given is either read or reported.
        for (index, key) in &dates {
            let record = &converted.records[*index];
            let value = serde_json::to_value(record).expect("record serialises");
            let read = value.get(key).is_some_and(|v| !v.is_null());
            let reported = record
                .diagnostics
                .iter()
                .any(|d| d.field.as_deref() == Some(key));
            assert!(
                read || reported,
                "{}: fiche {index}: `{key}` was given but is neither read nor reported",
                path.display()
            );
        }
        checked += 1;
    });
    assert!(checked >= 15, "only {checked} fixtures were checked");
}
