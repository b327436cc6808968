//! The whole pipeline on arbitrary bytes: decode → parse → normalise →
//! schema validation → JSON, then render → convert again. Nothing may
//! panic, and every record must pass the schema.
#![no_main]

use fiche::{Profile, Settings};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(Profile::chatons)
}

fuzz_target!(|bytes: &[u8]| {
    let settings = Settings::default();
    let Ok(converted) = fiche::convert(bytes, "fuzz", profile(), &settings) else {
        return; // Refused as binary: a clean error, not a crash.
    };
    for record in &converted.records {
        let value = serde_json::to_value(record).expect("a record serialises");
        if let Err(violation) = fiche_write::Validator::shared().validate(&value) {
            panic!("a record breaks the schema: {violation}");
        }
        let text = fiche_write::render(record, profile());
        let again = fiche::convert(text.as_bytes(), "fuzz", profile(), &settings)
            .expect("rendered text is text");
        assert_eq!(again.records.len(), 1, "a rendered record reads back as one fiche");
    }
});
