//! Property: a record written as fiche text by `fiche render` reads back as
//! the same record, with no diagnostic.

use fiche::{Profile, Record, Settings};
use fiche_profile::Target;
use fiche_types::{
    AccessMode, Block, Category, Checklist, Count, EconomicModel, FieldKey, ListItem, Mentions,
    SCHEMA_VERSION, Source, StructureType, Text,
};
use proptest::prelude::*;

/// A word that cannot be mistaken for a marker, a number, a label or an
/// address: lower-case letters, some accented.
fn word() -> impl Strategy<Value = String> {
    "[a-zéèàç]{3,9}"
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 2..8).prop_map(|w| w.join(" "))
}

fn items(depth: u32) -> BoxedStrategy<Vec<ListItem>> {
    let leaf = sentence().prop_map(|text| ListItem {
        text,
        items: Vec::new(),
    });
    if depth == 0 {
        return prop::collection::vec(leaf, 1..4).boxed();
    }
    let nested =
        (sentence(), prop::option::of(items(depth - 1))).prop_map(|(text, sub)| ListItem {
            text,
            items: sub.unwrap_or_default(),
        });
    prop::collection::vec(nested, 1..4).boxed()
}

fn list() -> impl Strategy<Value = Block> {
    (
        prop::sample::select(vec!["•", "-", "–", "*", "◦", "1.", "1/", "1)", "a)"]),
        items(2),
    )
        .prop_map(|(marker, items)| Block::List {
            marker: marker.to_owned(),
            items,
        })
}

/// Paragraphs and lists, never two lists in a row (they would read as one).
fn blocks() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec((sentence(), prop::option::of(list())), 1..4).prop_map(|pairs| {
        pairs
            .into_iter()
            .flat_map(|(text, list)| std::iter::once(Block::Paragraph { text }).chain(list))
            .collect()
    })
}

/// `text` as the normaliser renders it from `blocks`.
fn text_of(blocks: &[Block]) -> String {
    fn items(marker: &str, list: &[ListItem], depth: usize, out: &mut Vec<String>) {
        for (i, item) in list.iter().enumerate() {
            out.push(format!(
                "{}{} {}",
                "  ".repeat(depth),
                nth(marker, i),
                item.text
            ));
            items(marker, &item.items, depth + 1, out);
        }
    }
    fn nth(marker: &str, i: usize) -> String {
        match marker {
            "1." | "1/" | "1)" => format!("{}{}", i + 1, &marker[1..]),
            "a)" => format!("{})", char::from(b'a' + u8::try_from(i).unwrap_or(0))),
            m => m.to_owned(),
        }
    }
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraph { text } => out.push(text.clone()),
            Block::List {
                marker,
                items: list,
            } => items(marker, list, 0, &mut out),
        }
    }
    out.join("\n")
}

fn text() -> impl Strategy<Value = Option<Text>> {
    prop::option::of(blocks().prop_map(|blocks| Text {
        text: text_of(&blocks),
        blocks,
    }))
}

fn count() -> impl Strategy<Value = Option<Count>> {
    prop::option::of((0u32..500, any::<bool>()).prop_map(|(n, words)| Count {
        value: n,
        raw: if words {
            format!("{n} personnes")
        } else {
            n.to_string()
        },
        min: None,
        max: None,
        approximate: false,
    }))
}

fn record() -> impl Strategy<Value = Record> {
    let profile = Profile::chatons();
    let options = |key: FieldKey| {
        profile
            .fields()
            .iter()
            .filter(|f| f.target == Target::Key(key))
            .flat_map(|f| &f.options)
            .filter_map(|o| Some((o.slug.clone(), o.labels.first()?.clone())))
            .collect::<Vec<_>>()
    };
    let structure = options(FieldKey::StructureType)
        .into_iter()
        .filter_map(|(slug, label)| Some((slug.parse::<StructureType>().ok()?, label)))
        .collect::<Vec<_>>();
    let access = options(FieldKey::Access)
        .into_iter()
        .filter_map(|(slug, label)| Some((slug.parse::<AccessMode>().ok()?, label)))
        .collect::<Vec<_>>();
    let date = prop_oneof![
        (2000u16..2025).prop_map(|y| y.to_string()),
        (2000u16..2025, 1u8..13).prop_map(|(y, m)| format!("{y}-{m:02}")),
        (2000u16..2025, 1u8..13, 1u8..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
    ];
    (
        (
            sentence(),
            prop::option::of(prop::sample::select(structure)),
            prop::option::of(1900u16..2001),
            prop::option::of(date),
        ),
        (text(), count(), count(), text(), text(), text()),
        (
            prop::option::of(prop::collection::vec(prop::sample::select(access), 1..4)),
            text(),
        ),
    )
        .prop_map(
            |(
                (name, structure, founded, since),
                (org, emp, vol, roles, types, support),
                (access, eco),
            )| Record {
                schema_version: SCHEMA_VERSION,
                profile: "chatons-fonctionnement".to_owned(),
                name: Some(name),
                structure_type: structure.map(|(value, label)| Category { value, label }),
                founded,
                member_since: since,
                organisation: org,
                employees: emp,
                volunteers: vol,
                member_roles: roles,
                user_types: types,
                user_support: support,
                access: access.map(|pairs| Checklist {
                    values: pairs.iter().map(|(v, _)| *v).collect(),
                    labels: pairs.into_iter().map(|(_, l)| l).collect(),
                }),
                economic_model: eco.map(|Text { text, blocks }| EconomicModel {
                    text,
                    blocks,
                    tags: Vec::new(),
                }),
                extra_fields: Vec::new(),
                mentions: Mentions::default(),
                source: Source {
                    path: "-".to_owned(),
                    index: 0,
                    line_start: 1,
                    line_end: 1,
                    encoding: "UTF-8".to_owned(),
                },
                diagnostics: Vec::new(),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn rendered_records_read_back_the_same(record in record()) {
        let profile = Profile::chatons();
        let text = fiche_write::render(&record, &profile);
        let converted = fiche::convert(text.as_bytes(), "-", &profile, &Settings::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(converted.records.len(), 1, "{}", text);
        let mut back = converted.records[0].clone();
        // What is derived, not written: where it came from, and the tags
        // and mentions found in the text (the words above make none but tags).
        back.source = record.source.clone();
        if let Some(e) = back.economic_model.as_mut() {
            e.tags.clear();
        }
        prop_assert_eq!(&back.mentions, &record.mentions, "{}", text);
        // Required fields left out are reported; nothing else is.
        let unexpected: Vec<_> = back.diagnostics.iter().filter(|d| d.code.as_str() != "missing-field").collect();
        prop_assert!(unexpected.is_empty(), "{:?}\n{}", unexpected, text);
        back.diagnostics.clear();
        prop_assert_eq!(back, record, "{}", text);
    }
}

/// The one record of fiche text `text`, read with the CHATONS profile;
/// fails the test if there is not exactly one.
fn one_record(text: &str) -> Record {
    let mut records = fiche::convert(
        text.as_bytes(),
        "-",
        &Profile::chatons(),
        &Settings::default(),
    )
    .map(|c| c.records)
    .unwrap_or_default();
    assert_eq!(records.len(), 1, "one fiche expected in:\n{text}");
    records.remove(0)
}

/// Values given on the label's line that would read as a heading or a
/// label on a line of their own (the fuzzer found the first: a fiche with
/// `type de structure :Fiche fonctionnement - Exemple Coop` rendered back
/// as two fiches) are written back on the label's line.
#[test]
fn inline_values_that_read_as_headings_or_labels_stay_inline() {
    let profile = Profile::chatons();
    for (value, inline) in [
        ("Fiche fonctionnement - Exemple Coop", true),
        ("Fiche\u{a0}fonctionnement : Exemple", true),
        ("Création", true),
        ("Membre depuis : 2019", true),
        ("Collectif informel", false),
    ] {
        let input = format!(
            "Fiche fonctionnement - A\nType de structure : {value}\nCréation\n2019\nNombre d'employé·es\n0\nNombre de bénévoles\n3\n"
        );
        let first = one_record(&input);
        let text = fiche_write::render(&first, &profile);
        let label = first
            .structure_type
            .as_ref()
            .map_or("", |c| c.label.as_str());
        assert_eq!(
            text.contains(&format!("Type de structure : {label}\n")),
            inline,
            "{text}"
        );
        let again = one_record(&text);
        assert_eq!(again.structure_type, first.structure_type, "{text}");
        assert_eq!(again.founded, Some(2019), "{text}");
    }
}

/// List items whose text is a label spelling (`Bénévoles`, `Création`)
/// are items, whether written one per line, nested, or run on one line,
/// and read back as items once rendered one per line.
#[test]
fn list_items_that_are_label_spellings_stay_items() {
    let profile = Profile::chatons();
    for list in [
        "- stockage en ligne - Création - ateliers et permanences",
        "• salarié·es\n• Bénévoles\n  • Organisation\n  • Structure",
        "- accueil\n  - permanences - Bénévoles",
        "1. accueil 2. Membre depuis 3. trésorerie",
    ] {
        let input = format!(
            "Fiche fonctionnement - A\nType de structure\nAssociation\nCréation\n2019\nNombre d'employé·es\n0\nNombre de bénévoles\n3\nOrganisation de la structure\n{list}\n"
        );
        let record = &one_record(&input);
        assert!(
            matches!(
                record.organisation.as_ref().map(|t| t.blocks.as_slice()),
                Some([Block::List { .. }])
            ),
            "one list: {input}\n{:?}",
            record.organisation
        );
        let codes: Vec<&str> = record.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.is_empty(), "{input}: {codes:?}");
        let text = fiche_write::render(record, &profile);
        let again = one_record(&text);
        assert_eq!(again.organisation, record.organisation, "{text}");
        assert_eq!(again.volunteers, record.volunteers, "{text}");
        assert!(
            again.diagnostics.is_empty(),
            "{text}: {:?}",
            again.diagnostics
        );
    }
}

/// `record` without what depends on how it was written rather than on
/// what it says: where it came from, and its diagnostics.
fn content(mut record: Record) -> Record {
    record.source = Source {
        path: String::new(),
        index: 0,
        line_start: 1,
        line_end: 1,
        encoding: String::new(),
    };
    record.diagnostics.clear();
    record
}

/// Whether the records of `bytes` read back the same once rendered:
/// `Err` with the first record that does not.
fn reads_back(bytes: &[u8]) -> Result<(), String> {
    let profile = Profile::chatons();
    let Ok(first) = fiche::convert(bytes, "-", &profile, &Settings::default()) else {
        return Ok(()); // Not text: no record to render.
    };
    for record in first.records {
        let text = fiche_write::render(&record, &profile);
        let again = fiche::convert(text.as_bytes(), "-", &profile, &Settings::default())
            .map(|c| c.records)
            .unwrap_or_default();
        let [again] = again.as_slice() else {
            return Err(format!("{} records from:\n{text}", again.len()));
        };
        let (before, after) = (content(record), content(again.clone()));
        if before != after {
            let before = serde_json::to_string_pretty(&before).unwrap_or_default();
            let after = serde_json::to_string_pretty(&after).unwrap_or_default();
            return Err(format!(
                "{before}\n--- rendered ---\n{text}\n--- read back ---\n{after}"
            ));
        }
    }
    Ok(())
}

/// For every record `fiche convert` writes of a fixture, rendering it and
/// converting that gives the same record.
#[test]
fn records_of_every_fixture_read_back_the_same() {
    let mut checked = 0;
    insta::glob!("../../fixtures", "**/*.txt", |path| {
        let bytes = std::fs::read(path).expect("fixture is readable");
        if let Err(e) = reads_back(&bytes) {
            panic!("{}: {e}", path.display());
        }
        checked += 1;
    });
    assert!(checked >= 20, "only {checked} fixtures");
}

/// The same for the records of the real fiches perturbed at random.
#[test]
fn records_of_perturbed_real_fiches_read_back_the_same() {
    use crate::perturb::{change, check, perturbed, seed_fiches, seed_words};
    let fiches = seed_fiches();
    let vocabulary = seed_words();
    let input = (
        0..fiches.len(),
        prop::collection::vec(change(&vocabulary), 0..8),
    );
    check(input, |(i, changes)| {
        let text = perturbed(&fiches[i], &changes);
        reads_back(text.as_bytes())
            .map_err(|e| TestCaseError::fail(format!("{e}\n--- input ---\n{text}")))
    });
}
