//! The typed contract check (`fiche_write::contract`) is the schema: it
//! lists every value constraint of the schema, and it gives jsonschema's
//! verdict on records with values on both sides of every bound.

#![expect(clippy::expect_used, reason = "test helpers fail loudly")]

use fiche_types::{
    AccessMode, Amount, Block, Category, Checklist, Code, Count, Diagnostic, EconomicModel,
    EconomicTag, ExtraField, Headcount, ListItem, Mentions, Period, Record, Severity, Source,
    StructureType, Text,
};
use fiche_write::contract::{self, CONSTRAINTS, Kept};
use fiche_write::{SCHEMA_JSON, Validator};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// Keywords that restrict values beyond a JSON type. `format` is left out:
/// it is an annotation in draft 2020-12 and jsonschema does not assert it.
const VALUE_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "pattern",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "not",
    "if",
];

fn keyword_pointers(node: &Value, at: &str, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                let here = format!("{at}/{key}");
                if VALUE_KEYWORDS.contains(&key.as_str()) {
                    out.insert(here.clone());
                }
                keyword_pointers(value, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                keyword_pointers(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_value_constraint_of_the_schema_is_listed() {
    let schema: Value = serde_json::from_str(SCHEMA_JSON).expect("the schema is JSON");
    let mut in_schema = BTreeSet::new();
    keyword_pointers(&schema, "", &mut in_schema);
    let listed: BTreeSet<String> = CONSTRAINTS.iter().map(|(p, _)| p.to_string()).collect();
    assert_eq!(
        in_schema, listed,
        "schemas/fiche.schema.json and fiche_write::contract::CONSTRAINTS differ: \
         check the new constraint in contract::violations and list it"
    );
    // A constraint kept by the type: the Rust type is unsigned and the bound
    // is its own range.
    for (pointer, kept) in CONSTRAINTS {
        if *kept == Kept::ByType {
            let keyword = schema
                .pointer(pointer)
                .and_then(Value::as_u64)
                .expect("a numeric bound");
            let format = schema
                .pointer(
                    &pointer
                        .replace("/minimum", "/format")
                        .replace("/maximum", "/format"),
                )
                .and_then(Value::as_str)
                .expect("a format");
            let (min, max) = match format {
                "uint16" => (0, u64::from(u16::MAX)),
                "uint32" => (0, u64::from(u32::MAX)),
                other => panic!("{pointer}: no type keeps a {other} bound"),
            };
            let bound = if pointer.ends_with("/minimum") {
                min
            } else {
                max
            };
            assert_eq!(keyword, bound, "{pointer}");
        }
    }
}

/// A record that uses every type of the contract once.
fn full_record() -> Record {
    let text = Text {
        text: "• un\n  • deux".into(),
        blocks: vec![Block::List {
            marker: "•".into(),
            items: vec![ListItem {
                text: "un".into(),
                items: vec![ListItem {
                    text: "deux".into(),
                    items: vec![],
                }],
            }],
        }],
    };
    Record {
        schema_version: 1,
        profile: "chatons-fonctionnement".into(),
        name: Some("Exemple".into()),
        structure_type: Some(Category {
            value: StructureType::Association,
            label: "Association loi 1901".into(),
        }),
        founded: Some(2012),
        member_since: Some("2019-05".into()),
        organisation: Some(text.clone()),
        employees: Some(Count {
            value: 45,
            raw: "40-50".into(),
            min: Some(40),
            max: Some(50),
            approximate: true,
        }),
        volunteers: None,
        member_roles: Some(Text {
            text: "Un paragraphe".into(),
            blocks: vec![Block::Paragraph {
                text: "Un paragraphe".into(),
            }],
        }),
        user_types: None,
        user_support: Some(text.clone()),
        access: Some(Checklist {
            values: vec![AccessMode::OpenWithoutSignup],
            labels: vec!["Services accessibles à tou·tes".into()],
        }),
        economic_model: Some(EconomicModel {
            text: "Dons".into(),
            blocks: vec![],
            tags: vec![EconomicTag::Donations, EconomicTag::MembershipFee],
        }),
        extra_fields: vec![ExtraField {
            label: "Autre".into(),
            text: text.text.clone(),
            blocks: text.blocks.clone(),
        }],
        mentions: Mentions {
            amounts: vec![Amount {
                amount: 12.5,
                currency: "EUR".into(),
                per: Some(Period::Year),
                text: "12,50 € par an".into(),
            }],
            headcounts: vec![Headcount {
                value: 7,
                approximate: false,
                text: "7 membres".into(),
                min: None,
                max: None,
            }],
            urls: vec!["https://exemple.org".into()],
            emails: vec!["contact@exemple.org".into()],
            years: vec![2016],
        },
        source: Source {
            path: "x.txt".into(),
            index: 0,
            line_start: 1,
            line_end: 30,
            encoding: "UTF-8".into(),
        },
        diagnostics: vec![Diagnostic {
            severity: Severity::Warning,
            code: Code::Preamble,
            message: "m".into(),
            field: None,
            line: 1,
            column: 1,
            printed: None,
        }],
    }
}

fn schema_accepts(record: &Record) -> bool {
    schema_errors(record).is_empty()
}

/// Where jsonschema finds the record wrong: the JSON pointers into it.
fn schema_errors(record: &Record) -> BTreeSet<String> {
    let value = serde_json::to_value(record).expect("records serialise");
    match Validator::shared().validate(&value) {
        Ok(()) => BTreeSet::new(),
        Err(violation) => violation.errors.into_iter().map(|(path, _)| path).collect(),
    }
}

#[test]
fn the_full_record_is_valid_both_ways() {
    let record = full_record();
    assert!(schema_accepts(&record));
    assert_eq!(contract::violations(&record), Vec::new());
}

/// The place jsonschema reports an error at: an error inside a nullable
/// object (`anyOf: [{$ref}, {type: null}]`) is reported at the object,
/// since neither branch of the `anyOf` matched.
fn as_jsonschema_reports(path: String) -> String {
    let schema: Value = serde_json::from_str(SCHEMA_JSON).expect("the schema is JSON");
    let mut segments = path.split('/').skip(1);
    let Some(first) = segments.next() else {
        return path;
    };
    let nullable = schema
        .pointer(&format!("/properties/{first}/anyOf"))
        .is_some();
    if nullable { format!("/{first}") } else { path }
}

/// Strings near the `member_since` pattern: valid dates and near misses.
fn date() -> impl Strategy<Value = String> {
    let month = prop::sample::select(vec!["00", "01", "09", "10", "11", "12", "13", "1", "20"]);
    let day = prop::sample::select(vec![
        "00", "01", "09", "10", "19", "20", "29", "30", "31", "32", "39", "40", "3",
    ]);
    prop_oneof![
        "[0-9]{4}",
        ("[0-9]{4}", month.clone()).prop_map(|(y, m)| format!("{y}-{m}")),
        ("[0-9]{4}", month, day).prop_map(|(y, m, d)| format!("{y}-{m}-{d}")),
        "[0-9]{3,5}(-[0-9]{1,3}){0,3}\n?",
        "[0-9a/ -]{0,11}",
        ".{0,10}",
    ]
}

fn tags() -> impl Strategy<Value = Vec<EconomicTag>> {
    prop::collection::vec(prop::sample::select(EconomicTag::ALL.to_vec()), 0..5)
}

fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        any::<f64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_typed_check_agrees_with_jsonschema(
        schema_version in prop_oneof![0u32..3, any::<u32>()],
        founded in prop::option::of(prop_oneof![990u16..1010, 9990u16..10010, any::<u16>()]),
        member_since in prop::option::of(date()),
        tags in tags(),
        amount in amount(),
        currency in prop_oneof!["[A-Z]{3}", "[A-Za-z€]{0,4}", ".{0,4}"],
        line_start in 0u32..3,
        line_end in 0u32..3,
        diagnostic_line in 0u32..3,
        diagnostic_column in 0u32..3,
    ) {
        let mut record = full_record();
        record.schema_version = schema_version;
        record.founded = founded;
        record.member_since = member_since;
        if let Some(model) = record.economic_model.as_mut() {
            model.tags = tags;
        }
        record.mentions.amounts[0].amount = amount;
        record.mentions.amounts[0].currency = currency;
        record.source.line_start = line_start;
        record.source.line_end = line_end;
        record.diagnostics[0].line = diagnostic_line;
        record.diagnostics[0].column = diagnostic_column;
        // The same places, not only the same verdict: every constraint is
        // compared on its own, whatever the others say.
        let typed: BTreeSet<String> = contract::violations(&record)
            .into_iter()
            .map(|(path, _)| as_jsonschema_reports(path))
            .collect();
        prop_assert_eq!(typed, schema_errors(&record));
    }
}

#[test]
fn records_appended_to_one_piece_write_as_the_records_one_by_one() {
    use fiche_write::{Encoded, Format, RecordWriter};
    let mut second = full_record();
    second.name = Some("Deuxième".into());
    let records = [full_record(), second];
    for format in [
        Format::Ndjson,
        Format::Csv(fiche_write::CsvCells::Neutralised),
        Format::Csv(fiche_write::CsvCells::Raw),
    ] {
        let one_by_one = {
            let mut w = RecordWriter::new(Vec::new(), format);
            for r in &records {
                w.write(r).expect("valid");
            }
            assert_eq!(w.written(), 2);
            w.finish().expect("in memory")
        };
        let mut piece = Encoded::new(format);
        for r in &records {
            piece.append(r).expect("valid");
        }
        assert_eq!(piece.records(), 2);
        let mut w = RecordWriter::new(Vec::new(), format);
        w.write_encoded(&Encoded::new(format)).expect("in memory");
        w.write_encoded(&piece).expect("in memory");
        assert_eq!(w.written(), 2);
        assert_eq!(w.finish().expect("in memory"), one_by_one, "{format:?}");
    }
    // A JSON array needs commas between records: one record per piece.
    let mut piece = Encoded::new(Format::Json);
    piece.append(&records[0]).expect("valid");
    assert!(piece.append(&records[1]).is_err());
    assert_eq!(piece.records(), 1);
    // A record that breaks the schema adds nothing.
    let mut piece = Encoded::new(Format::Ndjson);
    piece.append(&records[0]).expect("valid");
    let before = piece.bytes().to_vec();
    let mut bad = full_record();
    bad.founded = Some(12);
    // Debug builds cross-check with jsonschema, which agrees: an error.
    assert!(piece.append(&bad).is_err());
    assert_eq!((piece.bytes(), piece.records()), (&before[..], 1));
}

/// Text with everything a JSON string may need to escape, and more.
fn any_text() -> impl Strategy<Value = String> {
    "(.|\n|\r|\t|\"|\\\\|[\u{0}-\u{1f}\u{7f}]|é|\u{a0}|🦀){0,30}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The NDJSON writer writes the bytes serde_json writes, for every
    /// type of the record, optional keys present and absent, any string
    /// and any finite amount.
    #[test]
    fn ndjson_is_what_serde_json_writes(
        texts in prop::collection::vec(any_text(), 12),
        name in prop::option::of(any_text()),
        min in prop::option::of(any::<u32>()),
        max in prop::option::of(any::<u32>()),
        approximate in any::<bool>(),
        amount in any::<f64>().prop_filter("finite", |a| a.is_finite()),
        per in prop::option::of(prop::sample::select(vec![Period::Month, Period::Year])),
        field in prop::option::of(any_text()),
        list in any::<bool>(),
    ) {
        let mut record = full_record();
        record.name = name;
        record.profile = texts[0].clone();
        let employees = record.employees.as_mut().expect("in the full record");
        employees.raw = texts[1].clone();
        (employees.min, employees.max, employees.approximate) = (min, max, approximate);
        record.volunteers = Some(Count { value: 3, raw: texts[2].clone(), min: None, max, approximate: !approximate });
        let amount_found = &mut record.mentions.amounts[0];
        (amount_found.amount, amount_found.per, amount_found.text) = (amount, per, texts[3].clone());
        let headcount = &mut record.mentions.headcounts[0];
        (headcount.min, headcount.max, headcount.text) = (min, max, texts[4].clone());
        record.mentions.urls.push(texts[5].clone());
        record.diagnostics[0].message = texts[6].clone();
        record.diagnostics[0].field = field;
        record.diagnostics[0].severity = if list { Severity::Error } else { Severity::Warning };
        record.source.path = texts[7].clone();
        record.extra_fields[0].label = texts[8].clone();
        record.member_roles = Some(Text {
            text: texts[9].clone(),
            blocks: if list {
                vec![Block::List { marker: texts[10].clone(), items: vec![ListItem { text: texts[11].clone(), items: vec![] }] }]
            } else {
                vec![Block::Paragraph { text: texts[10].clone() }]
            },
        });
        let written = fiche_write::encode(&record, fiche_write::Format::Ndjson).expect("valid");
        let mut by_serde = serde_json::to_vec(&record).expect("serialisable");
        by_serde.push(b'\n');
        prop_assert_eq!(String::from_utf8_lossy(written.bytes()), String::from_utf8_lossy(&by_serde));
    }
}
