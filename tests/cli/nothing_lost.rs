//! The inputs of the "nothing lost" issue, as a new user typed them: each
//! gives back every word, in a field or quoted by a diagnostic.

use crate::support::{SEED, code, diagnostics_with_code, fiche, records, stderr};
use serde_json::Value;

/// The one record `fiche convert -q -` makes of `text`.
fn record(text: &str) -> Value {
    let out = fiche(&["convert", "-q", "-"], text.as_bytes());
    let mut all = records(&out);
    assert_eq!(all.len(), 1, "{}", stderr(&out));
    all.remove(0)
}

/// The messages of `record`'s diagnostics with `code`.
fn messages(record: &Value, code: &str) -> Vec<String> {
    diagnostics_with_code(record, code)
        .iter()
        .map(|d| d["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

const HEAD: &str = "Fiche fonctionnement - A\nType de structure\nAssociation\n";

#[test]
fn an_unknown_label_after_a_year_keeps_its_value_in_extra_fields() {
    let r = record(&format!(
        "{HEAD}Création\n2012\nSite web\nhttps://a.example\nNombre d'employé·es\n0\nNombre de bénévoles\n15\n"
    ));
    assert_eq!(r["founded"], 2012);
    assert_eq!(r["extra_fields"][0]["label"], "Site web");
    assert_eq!(r["extra_fields"][0]["text"], "https://a.example");
    let unknown = diagnostics_with_code(&r, "unknown-field");
    assert_eq!(unknown.len(), 1, "{r}");
    assert_eq!(
        (&unknown[0]["line"], &unknown[0]["field"]),
        (&6.into(), &"Site web".into())
    );
    // A count followed by such lines: the count is its first line only.
    let r = record(&format!(
        "{HEAD}Création\n2012\nNombre d'employé·es\n0\nNombre de bénévoles\n15\nSite web\nhttps://a.example\n"
    ));
    assert_eq!(r["volunteers"]["raw"], "15");
    assert_eq!(r["extra_fields"][0]["text"], "https://a.example");
}

#[test]
fn words_around_a_year_are_quoted_or_the_year_is_refused() {
    for (value, founded, quoted) in [
        (
            "Fondée à Nantes en 2010 par trois amis",
            2010,
            "Fondée à Nantes en 2010 par trois amis",
        ),
        (
            "vers 2010, voir https://exemple.org/historique",
            2010,
            "https://exemple.org/historique",
        ),
        (
            "2010\nRelancée après une pause",
            2010,
            "Relancée après une pause",
        ),
        ("2011 mot", 2011, "2011 mot"),
    ] {
        let r = record(&format!("{HEAD}Création\n{value}\n"));
        assert_eq!(r["founded"], founded, "{value}");
        let trailing = messages(&r, "trailing-text");
        assert!(
            trailing.iter().any(|m| m.contains(quoted)),
            "{value}: {trailing:?}"
        );
    }
    let r = record(&format!("{HEAD}Création : 2011 mot\n"));
    assert!(
        messages(&r, "trailing-text")
            .iter()
            .any(|m| m.contains("«2011 mot»"))
    );
    for value in ["2010abc", "-2010", "−2010"] {
        let r = record(&format!("{HEAD}Création\n{value}\n"));
        assert!(r["founded"].is_null(), "{value}");
        let invalid = messages(&r, "invalid-year");
        assert!(
            invalid.iter().any(|m| m.contains(value)),
            "{value}: {invalid:?}"
        );
    }
    // The forms of a year say nothing more: no warning.
    for value in ["2010", "en 2010", "depuis 2010", "(2010)", "14/05/2010"] {
        let r = record(&format!("{HEAD}Création\n{value}\n"));
        assert_eq!(r["founded"], 2010, "{value}");
        assert!(messages(&r, "trailing-text").is_empty(), "{value}");
    }
}

#[test]
fn counts_read_every_minus_sign_and_multiplier() {
    let count = |value: &str| {
        let r = record(&format!("{HEAD}Nombre de bénévoles\n{value}\n"));
        (
            r["volunteers"]["value"].as_u64(),
            messages(&r, "invalid-count"),
        )
    };
    for negative in ["-5", "−5", "‐5", "－5"] {
        let (value, errors) = count(negative);
        assert_eq!(value, None, "{negative}");
        assert!(
            errors.iter().any(|m| m.contains("negative")),
            "{negative}: {errors:?}"
        );
    }
    for too_many in [
        "5 milliards",
        "cinq milliards",
        "quatre-vingt-dix-neuf mille milliards",
        "20 millions",
    ] {
        let (value, errors) = count(too_many);
        assert_eq!(value, None, "{too_many}");
        assert!(
            errors.iter().any(|m| m.contains("10 million")),
            "{too_many}: {errors:?}"
        );
    }
    assert_eq!(count("2 mille").0, Some(2000));
    assert_eq!(count("une centaine de milliers").0, Some(100_000));
}

#[test]
fn validate_points_at_a_misspelt_label_with_the_right_suggestion() {
    let text = format!(
        "{HEAD}Création\n2012\nNombre d'employé·es\n0\nNombre de bénévols\n15\nRôles des membres\ntruc\nTypologie des utilisateurs des service\nmachin\n"
    );
    let out = fiche(&["validate", "--lang", "fr", "-"], text.as_bytes());
    assert_eq!(code(&out), 1, "an error in a submission");
    let report = String::from_utf8_lossy(&out.stdout).into_owned() + &stderr(&out);
    assert!(report.contains("erreur[misspelt-label]"), "{report}");
    assert!(report.contains("-:8:1"), "{report}");
    assert!(
        report.contains("vouliez-vous écrire «\u{a0}Nombre de bénévoles\u{a0}»"),
        "{report}"
    );
    assert!(report.contains("-:12:1"), "{report}");
    assert!(
        report
            .contains("vouliez-vous écrire «\u{a0}Typologie des utilisateurs des services\u{a0}»"),
        "{report}"
    );
    // The help names the label to write.
    assert!(
        report.contains(
            "= aide\u{a0}: écrivez l'intitulé «\u{a0}Nombre de bénévoles\u{a0}», seul sur sa ligne"
        ),
        "{report}"
    );
    let json = fiche(&["validate", "--format", "json", "-"], text.as_bytes());
    let json: Value = serde_json::from_slice(&json.stdout).expect("a JSON report");
    let helps: Vec<&str> = json["inputs"][0]["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "misspelt-label")
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert_eq!(
        helps,
        [
            "write the label «Nombre de bénévoles», on a line of its own",
            "write the label «Typologie des utilisateurs des services», on a line of its own"
        ]
    );
    // Read as the label it nearly is: its value is in the right field.
    let r = record(&text);
    assert_eq!(r["volunteers"]["value"], 15);
    assert_eq!(r["member_roles"]["text"], "truc");
    assert_eq!(r["user_types"]["text"], "machin");
    assert!(messages(&r, "missing-field").is_empty(), "{r}");
}

#[test]
fn the_seed_export_has_no_unknown_or_misspelt_label_and_no_trailing_text() {
    let out = fiche(&["convert", "-q", SEED], b"");
    let all = records(&out);
    assert_eq!(all.len(), 10);
    for r in &all {
        for code in ["unknown-field", "misspelt-label", "trailing-text"] {
            assert!(
                diagnostics_with_code(r, code).is_empty(),
                "{}: {code}",
                r["name"]
            );
        }
        assert_eq!(r["extra_fields"], Value::Array(Vec::new()), "{}", r["name"]);
    }
}

/// `fiche render` of `records` (as given to it), then `fiche convert`:
/// the records read back.
fn render_then_convert(given: &[u8]) -> Vec<Value> {
    let rendered = fiche(&["render", "-"], given);
    assert_eq!(code(&rendered), 0, "{}", stderr(&rendered));
    records(&fiche(&["convert", "-q", "-"], &rendered.stdout))
}

#[test]
fn render_then_convert_is_a_fixed_point_on_the_issue_s_inputs() {
    let text = format!(
        "{HEAD}Création\n2012\nNombre d'employé·es\n0\nNombre de bénévoles\n15\n\
         Organisation de la structure\n1. point\n  - sous-point\n  - autre\n2. second\n\
         Rôles des membres\nPrix&lt;br&gt;libre et R&amp;amp;D\n"
    );
    let first = fiche(&["convert", "-q", "-"], text.as_bytes());
    let before = records(&first);
    assert_eq!(
        before[0]["organisation"]["text"],
        "1. point\n  - sous-point\n  - autre\n2. second"
    );
    assert_eq!(
        before[0]["member_roles"]["text"],
        "Prix<br>libre et R&amp;D"
    );
    let after = render_then_convert(&first.stdout);
    for key in ["organisation", "member_roles", "founded", "volunteers"] {
        assert_eq!(after[0][key], before[0][key], "{key}");
    }
    // A name with a line break (records from elsewhere) is one heading.
    let mut record = before[0].clone();
    record["name"] = "Deux\nlignes".into();
    let after = render_then_convert(record.to_string().as_bytes());
    assert_eq!(after.len(), 1);
    assert_eq!(after[0]["name"], "Deux lignes");
}

#[test]
fn render_reads_the_pretty_files_of_out_dir() {
    let dir = std::env::temp_dir().join(format!("fiche-render-out-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = fiche(
        &[
            "convert",
            "-q",
            "--out-dir",
            dir.to_str().unwrap_or("."),
            SEED,
        ],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut files: Vec<_> = std::fs::read_dir(dir.join("fixtures"))
        .expect("out-dir has the input's directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 10);
    // One file, and all of them one after the other.
    let one = fiche(&["render", files[0].to_str().unwrap_or("")], b"");
    assert_eq!(code(&one), 0, "{}", stderr(&one));
    assert!(String::from_utf8_lossy(&one.stdout).starts_with("Fiche fonctionnement - Infini\n"));
    let all: Vec<u8> = files
        .iter()
        .flat_map(|f| std::fs::read(f).expect("readable"))
        .collect();
    let back = render_then_convert(&all);
    let seed = records(&fiche(&["convert", "-q", SEED], b""));
    assert_eq!(back.len(), 10);
    for (b, s) in back.iter().zip(&seed) {
        assert_eq!(b["name"], s["name"]);
        assert_eq!(b["organisation"], s["organisation"]);
        assert_eq!(b["mentions"], s["mentions"]);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
