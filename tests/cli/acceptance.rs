//! The seed export's facts, as a reader of the fiches states them.

use crate::support::{SEED, code, fiche, records};
use serde_json::{Value, json};

fn seed_records() -> Vec<Value> {
    let out = fiche(&["convert", SEED], b"");
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    records(&out)
}

/// Number of top-level items of the first list block of a text field.
fn list_len(record: &Value, field: &str) -> Vec<usize> {
    record[field]["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "list")
        .map(|b| b["items"].as_array().map_or(0, Vec::len))
        .collect()
}

#[test]
fn ten_records_with_the_values_of_the_export() {
    let records = seed_records();
    let expected = [
        (
            "Infini",
            1995,
            1,
            14,
            json!(["open_without_signup", "members_only"]),
        ),
        ("Assodev-Marsnet", 2001, 250, 42, Value::Null),
        ("Sud-Ouest.org", 2010, 0, 10, json!(["open_without_signup"])),
        ("TeDomum", 2014, 0, 6, Value::Null),
        (
            "FACiL",
            2003,
            0,
            10,
            json!(["open_without_signup", "members_only"]),
        ),
        ("Hadoly", 2015, 0, 0, Value::Null),
        ("Le Retzien Libre", 2017, 0, 5, json!(["open_after_signup"])),
        (
            "Projet Internet et Citoyenneté",
            1999,
            0,
            10,
            json!(["members_only"]),
        ),
        ("Vulpecula Constellation", 2012, 0, 3, Value::Null),
        (
            "Nomagic",
            2018,
            3,
            3,
            json!(["open_without_signup", "members_only"]),
        ),
    ];
    assert_eq!(records.len(), expected.len());
    for (record, (name, founded, employees, volunteers, access)) in records.iter().zip(expected) {
        assert_eq!(record["name"], name);
        assert_eq!(record["founded"], founded, "{name}");
        assert_eq!(record["employees"]["value"], employees, "{name}");
        assert_eq!(record["volunteers"]["value"], volunteers, "{name}");
        let access_values = if record["access"].is_null() {
            Value::Null
        } else {
            record["access"]["values"].clone()
        };
        assert_eq!(access_values, access, "{name}");
        assert_eq!(record["structure_type"]["value"], "association", "{name}");
        assert_eq!(record["member_since"], Value::Null, "{name}");
    }
}

#[test]
fn lists_including_run_on_and_nested_ones() {
    let r = seed_records();
    assert_eq!(
        list_len(&r[2], "member_roles"),
        [3],
        "Sud-Ouest.org, one line in the export"
    );
    assert_eq!(list_len(&r[1], "user_support"), [3], "Assodev-Marsnet");
    assert_eq!(
        list_len(&r[3], "user_types"),
        [3],
        "TeDomum, numbered inline"
    );
    assert_eq!(list_len(&r[4], "member_roles"), [2], "FACiL");
    assert_eq!(list_len(&r[6], "organisation"), [4], "Le Retzien Libre");
    assert_eq!(list_len(&r[6], "member_roles"), [5], "Le Retzien Libre");
    assert_eq!(list_len(&r[7], "member_roles"), [3], "PIC");
    assert_eq!(list_len(&r[7], "user_types"), [4], "PIC");
    assert_eq!(list_len(&r[7], "user_support"), [3], "PIC");
    assert_eq!(list_len(&r[7], "economic_model"), [2], "PIC");
    let nested: Vec<usize> = r[7]["economic_model"]["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "list")
        .flat_map(|b| b["items"].as_array().cloned().unwrap_or_default())
        .map(|item| item["items"].as_array().map_or(0, Vec::len))
        .collect();
    assert_eq!(
        nested,
        [1, 1],
        "PIC: each top-level item has one nested item"
    );
    // The intro before TeDomum's inline list stays a paragraph of its own.
    assert_eq!(
        r[3]["user_types"]["blocks"][0],
        json!({"type": "paragraph", "text": "Les utilisateurs sont répartis en trois catégories\u{a0}:"})
    );
}

#[test]
fn the_line_before_the_first_heading_is_reported_not_lost() {
    let r = seed_records();
    let preamble: Vec<&Value> = r
        .iter()
        .flat_map(|rec| rec["diagnostics"].as_array().into_iter().flatten())
        .filter(|d| d["code"] == "preamble")
        .collect();
    assert_eq!(preamble.len(), 1);
    assert_eq!(preamble[0]["severity"], "warning");
    assert_eq!(preamble[0]["line"], 1);
    assert!(
        preamble[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("«Association»"))
    );
    assert!(
        r[0]["diagnostics"]
            .as_array()
            .is_some_and(|d| d.contains(preamble[0]))
    );
    // The records are unaffected: Infini's type comes from its own field.
    assert_eq!(
        r[0]["structure_type"],
        json!({"value": "association", "label": "Association"})
    );
}

#[test]
fn source_spans_and_cleaned_text() {
    let r = seed_records();
    assert_eq!(
        r[0]["source"],
        json!({"path": SEED, "index": 0, "line_start": 3, "line_end": 33, "encoding": "UTF-8"})
    );
    // Nomagic ends on the export's last line, which has no line break.
    assert_eq!(r[9]["source"]["line_start"], 329);
    assert_eq!(r[9]["source"]["line_end"], 363);
    // Inclusive writing is canonicalised to the middle dot.
    let infini = r[0]["organisation"]["text"].as_str().unwrap_or_default();
    assert!(
        infini.contains("tout·e adhérent·e est invité·e"),
        "{infini}"
    );
    assert!(!infini.contains('⋅'));
    // Every record's keys are all present, nulls included.
    for rec in &r {
        assert_eq!(rec.as_object().map(|o| o.len()), Some(18));
    }
}

#[test]
fn facts_found_in_the_free_text() {
    let r = seed_records();
    let amounts = |i: usize| -> Vec<(f64, Value, String)> {
        r[i]["mentions"]["amounts"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                assert_eq!(a["currency"], "EUR");
                (
                    a["amount"].as_f64().unwrap_or(f64::NAN),
                    a["per"].clone(),
                    a["text"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        amounts(9),
        [
            (2.0, json!("week"), "2€ par semaine".to_owned()),
            (24.0, Value::Null, "24€".to_owned()),
            (96.0, json!("year"), "96€ par an".to_owned()),
        ],
        "Nomagic"
    );
    assert_eq!(
        amounts(6),
        [(12.0, json!("year"), "12€ par an".to_owned())],
        "Le Retzien Libre"
    );
    assert_eq!(
        amounts(2),
        [(2.0, Value::Null, "2 €".to_owned())],
        "Sud-Ouest.org"
    );
    assert_eq!(
        r[0]["mentions"]["headcounts"],
        json!([
            {"value": 6, "approximate": true, "text": "une demi-douzaine de personnes", "min": null, "max": null},
            {"value": 7, "approximate": false, "text": "7 personnes", "min": null, "max": null},
            {"value": 20, "approximate": true, "text": "une vingtaine de membres", "min": null, "max": null},
        ]),
        "Infini"
    );
    assert_eq!(
        r[3]["mentions"]["urls"],
        json!(["https://tedomum.net/documentation/organisation/finances/"])
    );
    assert_eq!(
        r[1]["mentions"]["years"],
        json!([2004, 2001]),
        "Assodev-Marsnet"
    );
    assert_eq!(
        r[5]["mentions"]["years"],
        json!([]),
        "Hadoly: `loi 1901` is not a year"
    );
}
