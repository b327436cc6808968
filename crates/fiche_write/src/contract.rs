//! The schema's constraints checked on the typed record, without building
//! a `serde_json::Value`.
//!
//! The schema is generated from the record types, so its shape (required
//! keys, no other keys, JSON types, the closed vocabularies, nullable
//! fields) holds for every serialised [`Record`] by construction. What the
//! types alone do not guarantee are the value constraints listed in
//! [`CONSTRAINTS`]: ranges, patterns, unique items, and finite numbers.
//! [`violations`] checks exactly those.
//!
//! Three tests keep this equal to the schema: the constraint keywords of
//! `schemas/fiche.schema.json` must be exactly [`CONSTRAINTS`]; a property
//! test compares this check with the jsonschema validator on records
//! with values on both sides of every bound; and debug builds (every test
//! run) validate every encoded record both ways and assert they agree.

use fiche_types::Record;

/// How a constraint of the schema is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// The Rust type cannot hold a value that breaks it (`u32 >= 0`).
    ByType,
    /// [`violations`] checks it.
    Checked,
}

/// Every value-constraint keyword of the schema, as the JSON pointer of
/// the keyword in the schema, and how it is kept.
pub const CONSTRAINTS: &[(&str, Kept)] = &[
    ("/properties/schema_version/minimum", Kept::Checked),
    ("/properties/schema_version/maximum", Kept::Checked),
    ("/properties/founded/minimum", Kept::Checked),
    ("/properties/founded/maximum", Kept::Checked),
    ("/properties/member_since/pattern", Kept::Checked),
    ("/$defs/Count/properties/value/minimum", Kept::ByType),
    ("/$defs/Count/properties/min/minimum", Kept::ByType),
    ("/$defs/Count/properties/max/minimum", Kept::ByType),
    (
        "/$defs/EconomicModel/properties/tags/uniqueItems",
        Kept::Checked,
    ),
    (
        "/$defs/Mentions/properties/years/items/minimum",
        Kept::ByType,
    ),
    (
        "/$defs/Mentions/properties/years/items/maximum",
        Kept::ByType,
    ),
    ("/$defs/Amount/properties/currency/pattern", Kept::Checked),
    ("/$defs/Headcount/properties/value/minimum", Kept::ByType),
    ("/$defs/Headcount/properties/min/minimum", Kept::ByType),
    ("/$defs/Headcount/properties/max/minimum", Kept::ByType),
    ("/$defs/Source/properties/index/minimum", Kept::ByType),
    ("/$defs/Source/properties/line_start/minimum", Kept::Checked),
    ("/$defs/Source/properties/line_end/minimum", Kept::Checked),
    ("/$defs/Diagnostic/properties/line/minimum", Kept::Checked),
    ("/$defs/Diagnostic/properties/column/minimum", Kept::Checked),
];

/// What in `record` breaks the schema, as `(JSON pointer into the record,
/// message)`; empty when the record is valid.
///
/// Besides [`CONSTRAINTS`], an amount must be a finite number: serde_json
/// writes NaN and infinities as `null`, which the schema's `number` refuses.
pub fn violations(record: &Record) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut fail = |path: String, message: String| out.push((path, message));
    if record.schema_version != 1 {
        fail(
            "/schema_version".into(),
            format!("{} is not 1", record.schema_version),
        );
    }
    if let Some(year) = record.founded
        && !(1000..=9999).contains(&year)
    {
        fail(
            "/founded".into(),
            format!("{year} is not between 1000 and 9999"),
        );
    }
    if let Some(date) = &record.member_since
        && !is_iso_date(date)
    {
        fail(
            "/member_since".into(),
            format!("{date:?} is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        );
    }
    if let Some(model) = &record.economic_model {
        for (i, tag) in model.tags.iter().enumerate() {
            if model.tags[..i].contains(tag) {
                fail(
                    "/economic_model/tags".into(),
                    format!("{tag:?} is listed twice"),
                );
            }
        }
    }
    for (i, amount) in record.mentions.amounts.iter().enumerate() {
        if !amount.amount.is_finite() {
            fail(
                format!("/mentions/amounts/{i}/amount"),
                format!("{} is not a finite number", amount.amount),
            );
        }
        if !(amount.currency.len() == 3 && amount.currency.bytes().all(|b| b.is_ascii_uppercase()))
        {
            fail(
                format!("/mentions/amounts/{i}/currency"),
                format!("{:?} is not an ISO 4217 code", amount.currency),
            );
        }
    }
    for (key, line) in [
        ("line_start", record.source.line_start),
        ("line_end", record.source.line_end),
    ] {
        if line < 1 {
            fail(format!("/source/{key}"), "0 is less than 1".into());
        }
    }
    for (i, d) in record.diagnostics.iter().enumerate() {
        for (key, n) in [("line", d.line), ("column", d.column)] {
            if n < 1 {
                fail(format!("/diagnostics/{i}/{key}"), "0 is less than 1".into());
            }
        }
    }
    out
}

/// The schema's `member_since` pattern,
/// `^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$`, by hand.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7) && (1..=12).contains(&two(5)),
        10 => {
            digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && (1..=12).contains(&two(5))
                && b[7] == b'-'
                && digits(8..10)
                && (1..=31).contains(&two(8))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_as_the_pattern_reads_them() {
        for good in [
            "2019",
            "0000",
            "2019-01",
            "2019-12",
            "2019-05-01",
            "2019-05-31",
        ] {
            assert!(is_iso_date(good), "{good}");
        }
        for bad in [
            "",
            "201",
            "20190",
            "2019-",
            "2019-00",
            "2019-13",
            "2019-1",
            "2019-05-00",
            "2019-05-32",
            "2019-05-1",
            "2019/05",
            "２０１９",
            "2019-05-01\n",
            "2019-05-01T",
            "201a",
            "é019",
        ] {
            assert!(!is_iso_date(bad), "{bad:?}");
        }
    }
}
