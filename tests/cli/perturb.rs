//! Inputs nobody here wrote: the fiches of the real export, perturbed at
//! random (labels misspelt, inline or unknown, words before and after
//! values, extra lines, blank lines, no-break spaces), for the property
//! tests that promise nothing is lost and that rendering reads back.

use fiche::Profile;
use proptest::prelude::*;

/// A fiche of the seed export: its name and its fields (label, value lines).
pub type SeedFiche = (String, Vec<(String, Vec<String>)>);

/// The seed export's fiches.
pub fn seed_fiches() -> Vec<SeedFiche> {
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
pub fn seed_words() -> Vec<String> {
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
pub enum Change {
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

pub fn change(vocabulary: &[String]) -> impl Strategy<Value = Change> + use<> {
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
        // What scrapes leave: HTML entities and tags, escaped or not.
        (
            0..12usize,
            prop::sample::select(vec![
                "&lt;br&gt;",
                "R&amp;D",
                "&amp;amp;",
                "a &lt; b",
                "<br>",
                "&nbsp;: 2&nbsp;&euro;",
                "CrÃ©ation",
            ])
        )
            .prop_map(|(f, w)| Change::ExtraWords(f, w.to_owned())),
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
pub fn perturbed(fiche: &SeedFiche, changes: &[Change]) -> String {
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

/// Runs `test` on [`cases`] inputs made by `strategy`; panics with the
/// first that fails, shrunk.
pub fn check<S: Strategy>(strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: cases(),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    });
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

/// How many generated inputs: a few hundred by default, more with
/// `FICHE_PROPERTY_CASES=N`.
fn cases() -> u32 {
    std::env::var("FICHE_PROPERTY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}
