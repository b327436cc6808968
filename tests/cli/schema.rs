//! The schema: generated from the types, checked in, enforced on every record.

use crate::support::{SEED, code, fiche, records};
use fiche_write::Validator;
use serde_json::{Value, json};

const SCHEMA_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/fiche.schema.json");

#[test]
fn checked_in_schema_matches_the_types() {
    let generated = serde_json::to_string_pretty(&fiche_types::record_schema())
        .expect("the schema serialises")
        + "\n";
    if std::env::var_os("FICHE_BLESS").is_some() {
        std::fs::write(SCHEMA_PATH, &generated).expect("schema is writable");
    }
    let checked_in = std::fs::read_to_string(SCHEMA_PATH).expect("schema is readable");
    assert!(
        checked_in == generated,
        "schemas/fiche.schema.json is out of date with the record types; \
         regenerate it with `FICHE_BLESS=1 cargo test --test cli schema` and review the diff"
    );
}

#[test]
fn fiche_schema_prints_the_checked_in_schema() {
    let out = fiche(&["schema"], b"");
    assert_eq!(code(&out), 0);
    let printed: Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA_PATH).expect("readable"))
            .expect("schema file is JSON");
    assert_eq!(printed, file);
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

fn seed_record() -> Value {
    let out = fiche(&["convert", SEED], b"");
    records(&out)
        .into_iter()
        .next()
        .expect("one record at least")
}

fn violations(record: &Value) -> Vec<String> {
    match Validator::shared().validate(record) {
        Ok(()) => Vec::new(),
        Err(v) => v.errors.into_iter().map(|(path, _)| path).collect(),
    }
}

#[test]
fn written_records_pass_an_independent_validator() {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA_PATH).expect("readable"))
            .expect("schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("schema compiles");
    let out = fiche(&["convert", SEED], b"");
    for record in records(&out) {
        assert!(validator.is_valid(&record), "{}", record["name"]);
    }
}

#[test]
fn schema_rejects_records_that_break_the_contract() {
    let good = seed_record();
    assert_eq!(violations(&good), Vec::<String>::new());

    let mut bad = good.clone();
    bad["founded"] = json!("1995");
    assert_eq!(violations(&bad), ["/founded"]);

    let mut bad = good.clone();
    bad.as_object_mut().map(|o| o.remove("name"));
    assert_eq!(
        violations(&bad),
        [""],
        "a missing key is an error at the root"
    );

    let mut bad = good.clone();
    bad["structure_type"]["value"] = json!("asso");
    assert!(
        violations(&bad)
            .iter()
            .any(|p| p.starts_with("/structure_type"))
    );

    let mut bad = good.clone();
    bad["access"]["values"] = json!(["everyone"]);
    assert!(violations(&bad).iter().any(|p| p.starts_with("/access")));

    let mut bad = good.clone();
    bad["economic_model"]["tags"] = json!(["crowdfunding"]);
    assert!(
        violations(&bad)
            .iter()
            .any(|p| p.starts_with("/economic_model"))
    );

    let mut bad = good.clone();
    bad["employees"] = json!({"value": -1, "raw": "-1"});
    assert!(violations(&bad).iter().any(|p| p.starts_with("/employees")));

    let mut bad = good.clone();
    bad["member_since"] = json!("May 2019");
    assert_eq!(violations(&bad), ["/member_since"]);

    let mut bad = good.clone();
    bad["unexpected"] = json!(1);
    assert_eq!(violations(&bad), [""], "unknown keys are rejected");

    let mut bad = good;
    bad["diagnostics"][0]["code"] = json!("Not-Kebab");
    assert!(
        violations(&bad)
            .iter()
            .any(|p| p.starts_with("/diagnostics/0"))
    );
}

/// The schema's `$id` names the record version: a URN that changes with
/// `schema_version`.
#[test]
fn schema_id_names_the_record_version() {
    let schema: Value = serde_json::from_str(fiche_write::SCHEMA_JSON).expect("JSON");
    assert_eq!(schema["$id"], fiche_types::SCHEMA_ID);
    assert_eq!(
        fiche_types::SCHEMA_ID,
        format!("urn:fiche:record:{}", fiche_types::SCHEMA_VERSION)
    );
}
