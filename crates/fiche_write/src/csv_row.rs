//! Records as CSV rows for spreadsheets and DuckDB: one row per fiche, one
//! column per scalar (a count's five: value, raw, min, max, approximate),
//! text fields as their `text`, lists and tags joined with ` | `, and the
//! amounts also as one JSON cell.

use fiche_types::{Record, Severity};

/// The header row, in column order.
pub const CSV_HEADER: &[&str] = &[
    "name",
    "structure_type",
    "structure_type_label",
    "founded",
    "member_since",
    "organisation",
    "employees",
    "employees_raw",
    "employees_min",
    "employees_max",
    "employees_approximate",
    "volunteers",
    "volunteers_raw",
    "volunteers_min",
    "volunteers_max",
    "volunteers_approximate",
    "member_roles",
    "user_types",
    "user_support",
    "access",
    "access_labels",
    "economic_model",
    "economic_model_tags",
    "extra_fields",
    "amounts",
    "amounts_json",
    "headcounts",
    "urls",
    "emails",
    "years",
    "source_path",
    "source_index",
    "source_line_start",
    "source_line_end",
    "source_encoding",
    "errors",
    "warnings",
    "diagnostic_codes",
];

const SEP: &str = " | ";

fn join<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    items
        .into_iter()
        .map(|s| s.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(SEP)
}

/// `cell` with a `'` before it when a spreadsheet would read it as a
/// formula: it starts with `=`, `+`, `-`, `@`, a tab or a carriage return
/// (OWASP's CSV injection advice).
pub(crate) fn neutralised(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// One row, in [`CSV_HEADER`] order; a `null` field is an empty cell.
pub fn csv_row(r: &Record) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let text = |t: &Option<fiche_types::Text>| opt(t.as_ref().map(|t| t.text.clone()));
    // A count's five columns: value, raw, min, max, approximate; all empty
    // for `null`.
    let count = |c: &Option<fiche_types::Count>| -> [String; 5] {
        let Some(c) = c else {
            return Default::default();
        };
        [
            c.value.to_string(),
            c.raw.clone(),
            opt(c.min.map(|m| m.to_string())),
            opt(c.max.map(|m| m.to_string())),
            c.approximate.to_string(),
        ]
    };
    let [
        employees,
        employees_raw,
        employees_min,
        employees_max,
        employees_approximate,
    ] = count(&r.employees);
    let [
        volunteers,
        volunteers_raw,
        volunteers_min,
        volunteers_max,
        volunteers_approximate,
    ] = count(&r.volunteers);
    let severity = |s: Severity| {
        r.diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
            .to_string()
    };
    vec![
        opt(r.name.clone()),
        opt(r.structure_type.as_ref().map(|c| c.value.slug().to_owned())),
        opt(r.structure_type.as_ref().map(|c| c.label.clone())),
        opt(r.founded.map(|y| y.to_string())),
        opt(r.member_since.clone()),
        text(&r.organisation),
        employees,
        employees_raw,
        employees_min,
        employees_max,
        employees_approximate,
        volunteers,
        volunteers_raw,
        volunteers_min,
        volunteers_max,
        volunteers_approximate,
        text(&r.member_roles),
        text(&r.user_types),
        text(&r.user_support),
        opt(r
            .access
            .as_ref()
            .map(|a| join(a.values.iter().map(|v| v.slug())))),
        opt(r.access.as_ref().map(|a| join(&a.labels))),
        opt(r.economic_model.as_ref().map(|e| e.text.clone())),
        opt(r
            .economic_model
            .as_ref()
            .map(|e| join(e.tags.iter().map(|t| t.slug())))),
        join(
            r.extra_fields
                .iter()
                .map(|e| format!("{}: {}", e.label, e.text)),
        ),
        join(r.mentions.amounts.iter().map(|a| a.text.as_str())),
        // Typed, for tools: the amounts as the record has them, one JSON
        // array (`[{"amount":12.0,"currency":"EUR","per":"year",…}]`).
        serde_json::to_string(&r.mentions.amounts).unwrap_or_default(),
        join(r.mentions.headcounts.iter().map(|h| h.text.as_str())),
        join(&r.mentions.urls),
        join(&r.mentions.emails),
        join(r.mentions.years.iter().map(u16::to_string)),
        r.source.path.clone(),
        r.source.index.to_string(),
        r.source.line_start.to_string(),
        r.source.line_end.to_string(),
        r.source.encoding.clone(),
        severity(Severity::Error),
        severity(Severity::Warning),
        join(r.diagnostics.iter().map(|d| d.code.as_str())),
    ]
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+33 1 23", "'+33 1 23"),
            ("- Support", "'- Support"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Association", "Association"),
            ("2019", "2019"),
            ("", ""),
            (" =1", " =1"),
        ] {
            assert_eq!(neutralised(cell.to_owned()), written, "{cell:?}");
        }
    }
}
