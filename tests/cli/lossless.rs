//! Nothing lost: every word of an input is in its records, or quoted by a
//! diagnostic. Checked on every fixture, and on fiches made by perturbing
//! the real export at random (labels misspelt, inline or unknown, extra
//! words and lines after scalars, fiches in Windows-1252 inside a UTF-8
//! input): inputs nobody here wrote.
//!
//! The only words an input may lose are its structure: the heading's
//! prefix, the words of labels the profile spells exactly, and the form
//! words of a year or date that was read (`en`, `depuis`, `1er`, month
//! names: `14 mai 2019` is kept as `2019-05-14`).

use fiche::{Profile, Settings};
use fiche_parse::{FieldName, ParsedFile};
use fiche_profile::FieldKind;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
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

/// Words a year or date that was read may drop: its form, not its value.
const DATE_FORM_WORDS: &[&str] = &[
    "en",
    "depuis",
    "le",
    "er",
    "1er",
    "janvier",
    "février",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "decembre",
];

/// The words of the input that are its structure, not its content (see
/// the module's doc), as a multiset; and whether any line of the input is
/// in two places at once (a field's label or value and another's).
fn structure(
    text: &str,
    parsed: &ParsedFile<'_>,
    profile: &Profile,
    read: impl Fn(usize, &str) -> bool,
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
            if matches!(spec.kind, FieldKind::Year | FieldKind::Date)
                && let Some(first) = first
                && read(index, spec.target.name())
            {
                let mut line = HashMap::new();
                words(first.text, &mut line);
                for (w, n) in line {
                    if DATE_FORM_WORDS.contains(&w.as_str()) {
                        *exempt.entry(w).or_default() += n;
                    }
                }
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
    let read = |index: usize, key: &str| records.get(index).is_some_and(|r| !r[key].is_null());
    let (exempt, twice) = structure(&converted.text, &parsed, &profile, read);
    if let Some(twice) = twice {
        return Err(format!("a line is in two places: {twice}"));
    }
    let mut output = HashMap::new();
    records.iter().for_each(|r| json_words(r, &mut output));
    for d in &converted.unattached {
        words(&d.message, &mut output);
    }
    let mut input = HashMap::new();
    words(original, &mut input);
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

/// A fiche of the seed export: its name and its fields (label, value lines).
type SeedFiche = (String, Vec<(String, Vec<String>)>);

/// The seed export's fiches.
fn seed_fiches() -> Vec<SeedFiche> {
    let profile = Profile::chatons();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(crate::support::SEED),
    )
    .expect("the seed export is readable");
    let parsed = fiche_parse::parse(&text, &profile);
    parsed
        .fiches
        .iter()
        .map(|f| {
            let fields = f
                .fields()
                .map(|field| {
                    let value = field.value.iter().map(|l| l.text.to_owned()).collect();
                    (field.label.text.to_owned(), value)
                })
                .collect();
            (f.name.text.to_owned(), fields)
        })
        .collect()
}

/// The words of the seed export of three letters or more: real French to
/// build unknown labels and extra words from.
fn seed_words() -> Vec<String> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(crate::support::SEED),
    )
    .expect("the seed export is readable");
    let mut all: Vec<String> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_owned)
        .collect();
    all.sort();
    all.dedup();
    all
}

/// One change to a fiche of the seed export. Field indices wrap around.
#[derive(Debug, Clone)]
enum Change {
    /// The label and the first value line on one line: `LABEL : VALUE`.
    Inline(usize),
    /// One character of the label deleted, doubled or replaced by `c`.
    Slip {
        field: usize,
        at: usize,
        how: u8,
        c: char,
    },
    /// Words added to the end of the value's first line.
    ExtraWords(usize, String),
    /// Words added before the value's first line (`Fondée en` before a year).
    WordsBefore(usize, String),
    /// Every space of the label and value made a no-break space.
    NoBreak(usize),
    /// A line added after the value.
    ExtraLine(usize, String),
    /// A field the profile does not know, before field `at`.
    Unknown {
        at: usize,
        label: String,
        value: String,
        inline: bool,
    },
    /// A blank line before field `at`.
    Blank(usize),
}

/// A phrase of one to `n` words of the seed, the first capitalised or not.
fn phrase(vocabulary: &[String], n: usize) -> impl Strategy<Value = String> + use<> {
    let vocabulary = vocabulary.to_vec();
    (
        prop::collection::vec(prop::sample::select(vocabulary), 1..=n),
        any::<bool>(),
    )
        .prop_map(|(words, capital)| {
            let text = words.join(" ");
            match (capital, text.chars().next()) {
                (true, Some(c)) => c.to_uppercase().chain(text.chars().skip(1)).collect(),
                _ => text,
            }
        })
}

fn change(vocabulary: &[String]) -> impl Strategy<Value = Change> + use<> {
    let label = prop_oneof![
        prop::sample::select(vec![
            "Site web",
            "Contact",
            "Adresse postale",
            "Réseaux sociaux",
            "Hébergement",
            "Licence des contenus",
            "Nombre d'adhérent·es",
        ])
        .prop_map(str::to_owned),
        phrase(vocabulary, 3),
    ];
    let value = prop_oneof![
        phrase(vocabulary, 6),
        Just("https://exemple.org/historique".to_owned()),
        Just("contact@exemple.org".to_owned()),
        Just("2012".to_owned()),
    ];
    prop_oneof![
        (0..12usize).prop_map(Change::Inline),
        (
            0..12usize,
            0..40usize,
            0..3u8,
            prop::sample::select(vec!['e', 'é', 's', 'x', ' ', 'a'])
        )
            .prop_map(|(field, at, how, c)| Change::Slip { field, at, how, c }),
        (0..12usize, phrase(vocabulary, 5)).prop_map(|(f, w)| Change::ExtraWords(f, w)),
        (0..12usize, phrase(vocabulary, 5)).prop_map(|(f, w)| Change::ExtraLine(f, w)),
        (0..12usize, phrase(vocabulary, 4)).prop_map(|(f, w)| Change::WordsBefore(f, w)),
        (0..12usize).prop_map(Change::NoBreak),
        (0..12usize, label, value, any::<bool>()).prop_map(|(at, label, value, inline)| {
            Change::Unknown {
                at,
                label,
                value,
                inline,
            }
        }),
        (0..12usize).prop_map(Change::Blank),
    ]
}

/// A fiche of the seed with `changes` made, as text.
fn perturbed(fiche: &SeedFiche, changes: &[Change]) -> String {
    let (name, fields) = fiche;
    // Each field as its lines, label first; fields before which lines go.
    let mut fields: Vec<Vec<String>> = fields
        .iter()
        .map(|(label, value)| {
            std::iter::once(label.clone())
                .chain(value.iter().cloned())
                .collect()
        })
        .collect();
    let n = fields.len().max(1);
    let mut before: Vec<Vec<String>> = vec![Vec::new(); n];
    for change in changes {
        match change {
            Change::Inline(i) => {
                let f = &mut fields[i % n];
                if f.len() > 1 && !f[1].trim().is_empty() {
                    let value = f.remove(1);
                    f[0] = format!("{} : {}", f[0], value.trim());
                }
            }
            Change::Slip { field, at, how, c } => {
                let label = &mut fields[field % n][0];
                let mut chars: Vec<char> = label.chars().collect();
                if chars.is_empty() {
                    continue;
                }
                let at = at % chars.len();
                match how {
                    0 => {
                        chars.remove(at);
                    }
                    1 => chars.insert(at, chars[at]),
                    _ => chars[at] = *c,
                }
                *label = chars.into_iter().collect();
            }
            Change::ExtraWords(i, words) => {
                let f = &mut fields[i % n];
                match f.iter_mut().skip(1).find(|l| !l.trim().is_empty()) {
                    Some(line) => *line = format!("{} {words}", line.trim_end()),
                    None => f.push(words.clone()),
                }
            }
            Change::WordsBefore(i, words) => {
                let f = &mut fields[i % n];
                match f.iter_mut().skip(1).find(|l| !l.trim().is_empty()) {
                    Some(line) => *line = format!("{words} {}", line.trim_start()),
                    None => f.push(words.clone()),
                }
            }
            Change::NoBreak(i) => {
                for line in &mut fields[i % n] {
                    *line = line.replace(' ', "\u{a0}");
                }
            }
            Change::ExtraLine(i, line) => fields[i % n].push(line.clone()),
            Change::Unknown {
                at,
                label,
                value,
                inline,
            } => {
                let lines = &mut before[at % n];
                if *inline {
                    lines.push(format!("{label} : {value}"));
                } else {
                    lines.push(label.clone());
                    lines.push(value.clone());
                }
            }
            Change::Blank(at) => before[at % n].push(String::new()),
        }
    }
    let mut text = format!("Fiche fonctionnement - {name}\n");
    for (lines, field) in before.iter().zip(&fields) {
        for line in lines.iter().chain(field) {
            text.push_str(line);
            text.push('\n');
        }
    }
    text
}

/// How many generated inputs: a few hundred by default, more with
/// `FICHE_LOSSLESS_CASES=N`.
fn cases() -> u32 {
    std::env::var("FICHE_LOSSLESS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
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
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    // The codes the generated inputs gave, to show that they reach the
    // rules under test.
    let seen = std::cell::RefCell::new(std::collections::HashSet::new());
    let result = runner.run(&input, |input| {
        let mut text = String::new();
        let mut bytes = Vec::new();
        for (i, changes, legacy) in &input {
            let fiche = perturbed(&fiches[*i], changes);
            // Characters beyond Windows-1252 (`⋅`) become HTML numeric
            // references, as legacy exports write them.
            let (encoded, _, _) = encoding_rs::WINDOWS_1252.encode(&fiche);
            if *legacy {
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
    if let Err(e) = result {
        panic!("{e}");
    }
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
