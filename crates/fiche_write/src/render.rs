//! Records back to fiche text: what `fiche convert` reads, written out.
//! Useful to publish corrected fiches, to produce a blank submission
//! template, and to test that reading what we write gives the same record:
//! for every record `fiche convert` writes, converting its rendering gives
//! it back (`tests/cli/roundtrip.rs`).

use fiche_profile::{FieldKind, Profile, Target};
use fiche_types::{FieldKey, Lang, Record, Text};
use std::borrow::Cow;
use std::fmt::Write;

/// The fiche text of `record`, with the labels of `profile` (the first
/// spelling of each). Fields that are `null` are written as empty labels.
/// Extra fields the profile does not name (labels it did not know) are
/// written, each after a blank line, after the last field with a value,
/// where they read back as such labels.
pub fn render(record: &Record, profile: &Profile) -> String {
    let mut out = String::new();
    let prefix = profile
        .heading
        .first()
        .map_or("Fiche fonctionnement", String::as_str);
    // A name on two lines would read back as a heading and a label.
    let name = record
        .name
        .as_deref()
        .unwrap_or("")
        .replace(['\n', '\r'], " ");
    let _ = writeln!(out, "{prefix} - {name}");
    out.push('\n');
    let mut values: Vec<(&str, String)> = Vec::new();
    for spec in profile.fields() {
        let label = spec.labels.first().map_or("", String::as_str);
        match &spec.target {
            Target::Key(key) => {
                let mut lines = String::new();
                value(record, *key, &mut lines);
                values.push((label, lines));
            }
            Target::Extra(name) => {
                for extra in record.extra_fields.iter().filter(|e| &e.label == name) {
                    values.push((label, text_lines(&extra.text)));
                }
            }
        }
    }
    let named = |label: &str| {
        profile
            .fields()
            .iter()
            .any(|spec| matches!(&spec.target, Target::Extra(name) if name == label))
    };
    let unknown: Vec<(&str, String)> = record
        .extra_fields
        .iter()
        .filter(|e| !named(&e.label))
        .map(|e| (e.label.as_str(), text_lines(&e.text)))
        .collect();
    let last_valued = values.iter().rposition(|(_, lines)| !lines.is_empty());
    for (i, (label, lines)) in values.iter().enumerate() {
        field(label, lines, profile, &mut out);
        if Some(i) == last_valued {
            for (label, lines) in &unknown {
                out.push('\n');
                field(label, lines, profile, &mut out);
            }
        }
    }
    out
}

/// The lines of a text value's `text`, each written so that it reads back
/// as itself ([`reads_back`]): the `text` keeps each list item's marker as
/// written and its depth as indentation, which the blocks do not for
/// nested items.
fn text_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.split('\n') {
        out.push_str(&reads_back(line));
        out.push('\n');
    }
    out
}

/// `line` written so that decoding reads it back as `line`: a line that
/// decoding would repair is written with `&`, `<`, `>` and the letters
/// that start mojibake (`Ã`, `Â`, `â`, `Å`) as HTML entities, when that
/// reads back as the line. Such lines come from inputs that wrote them so
/// (`&lt;br&gt;`, `&amp;amp;`), or whose mojibake was in a line that could
/// not be repaired whole (`Datadocké … CrÃ©ation` on one line, split into
/// list items here).
fn reads_back(line: &str) -> Cow<'_, str> {
    if fiche_decode::read_back(line) == line {
        return Cow::Borrowed(line);
    }
    let mut escaped = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            'Ã' | 'Â' | 'â' | 'Å' => {
                let _ = write!(escaped, "&#{};", u32::from(c));
            }
            c => escaped.push(c),
        }
    }
    if fiche_decode::read_back(&escaped) == line {
        Cow::Owned(escaped)
    } else {
        Cow::Borrowed(line)
    }
}

/// Writes a field: its label on a line of its own, then the lines of its
/// value. A first line that would read back as a heading or a label
/// (`Fiche fonctionnement - X` or `Création` as a structure type, as a
/// fiche written `Type de structure : Création` gives) goes after the
/// label on the label's line, `Label : value`, which reads back as that
/// value. Later lines need no such care: each was a value line when read,
/// and cleaning turns none into a heading or a label; a list item is
/// never one (`- Création` is an item, whatever its text).
fn field(label: &str, lines: &str, profile: &Profile, out: &mut String) {
    match lines.split_once('\n') {
        Some((first, rest)) if !fiche_parse::reads_as_value(first, profile) => {
            let _ = writeln!(out, "{label} : {first}");
            out.push_str(rest);
        }
        _ => {
            let _ = writeln!(out, "{label}");
            out.push_str(lines);
        }
    }
}

/// A fiche to fill in, in `lang`: the heading and every label, and under
/// each what to write: the wordings a category allows, the checklist's
/// lines to keep or delete, what a year, a date or a count looks like.
/// Each hint is in brackets and has no figure, so that a template sent
/// back unfilled is refused by `fiche validate` (an unknown wording, not a
/// year, not a date, not a count, an unknown access line), while a filled
/// one reads as any fiche. Free-text fields are left empty.
pub fn template(profile: &Profile, lang: Lang) -> String {
    let mut out = String::new();
    let prefix = profile
        .heading
        .first()
        .map_or("Fiche fonctionnement", String::as_str);
    // The name is left to write after the dash (a heading without one is
    // an error).
    let _ = writeln!(out, "{prefix} - ");
    out.push('\n');
    for spec in profile.fields() {
        let _ = writeln!(out, "{}", spec.labels.first().map_or("", String::as_str));
        let wordings = || {
            spec.options
                .iter()
                .filter_map(|o| o.labels.first())
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (spec.kind, lang) {
            (FieldKind::Category, Lang::Fr) => {
                let _ = writeln!(out, "[à remplir, l'une de : {}]", wordings());
            }
            (FieldKind::Category, Lang::En) => {
                let _ = writeln!(out, "[to fill in, one of: {}]", wordings());
            }
            (FieldKind::Year, Lang::Fr) => out.push_str("[à remplir : l'année, en chiffres]\n"),
            (FieldKind::Year, Lang::En) => out.push_str("[to fill in: the year, in figures]\n"),
            (FieldKind::Date, Lang::Fr) => {
                out.push_str(
                    "[à remplir : la date, jour, mois et année, ou mois et année, ou l'année]\n",
                );
            }
            (FieldKind::Date, Lang::En) => {
                out.push_str(
                    "[to fill in: the date, day, month and year, or month and year, or the year]\n",
                );
            }
            (FieldKind::Count, Lang::Fr) => {
                out.push_str("[à remplir : un nombre de personnes, comme trois, une dizaine, entre dix et quinze]\n");
            }
            (FieldKind::Count, Lang::En) => {
                out.push_str("[to fill in: a number of people, in French, such as trois, une dizaine, entre dix et quinze]\n");
            }
            (FieldKind::Checklist, _) => {
                let keep = match lang {
                    Lang::Fr => "[garder ou supprimer]",
                    Lang::En => "[keep or delete]",
                };
                for option in spec.options.iter().filter_map(|o| o.labels.first()) {
                    let _ = writeln!(out, "{keep} {option}");
                }
            }
            (FieldKind::Text, _) => {}
        }
        out.push('\n');
    }
    out
}

/// Writes the value of `key`, one line per line of the export; nothing for `null`.
fn value(record: &Record, key: FieldKey, out: &mut String) {
    let mut line = |s: &str| {
        let _ = writeln!(out, "{}", reads_back(s));
    };
    let text = |t: &Option<Text>, out: &mut String| {
        if let Some(t) = t {
            out.push_str(&text_lines(&t.text));
        }
    };
    match key {
        FieldKey::StructureType => record.structure_type.iter().for_each(|c| line(&c.label)),
        FieldKey::Founded => record.founded.iter().for_each(|y| line(&y.to_string())),
        FieldKey::MemberSince => record.member_since.iter().for_each(|d| line(d)),
        FieldKey::Employees => record.employees.iter().for_each(|c| line(&c.raw)),
        FieldKey::Volunteers => record.volunteers.iter().for_each(|c| line(&c.raw)),
        FieldKey::Access => record
            .access
            .iter()
            .flat_map(|a| &a.labels)
            .for_each(|l| line(l)),
        FieldKey::Organisation => text(&record.organisation, out),
        FieldKey::MemberRoles => text(&record.member_roles, out),
        FieldKey::UserTypes => text(&record.user_types, out),
        FieldKey::UserSupport => text(&record.user_support, out),
        FieldKey::EconomicModel => {
            if let Some(e) = &record.economic_model {
                out.push_str(&text_lines(&e.text));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reads_back;

    #[test]
    fn lines_that_decoding_would_repair_are_written_to_read_back() {
        assert_eq!(reads_back("Dons & adhésions"), "Dons & adhésions");
        assert_eq!(reads_back("a < b"), "a < b");
        // Text that was `&lt;br&gt;` in the input: written as it was.
        assert_eq!(reads_back("Prix<br>libre"), "Prix&lt;br&gt;libre");
        assert_eq!(reads_back("&amp; et &eacute;"), "&amp;amp; et &amp;eacute;");
        assert_eq!(
            reads_back("permanences CrÃ©ation"),
            "permanences Cr&#195;©ation"
        );
        for line in [
            "Prix<br>libre",
            "&amp; et &eacute;",
            "<b>gras</b> & co",
            "permanences CrÃ©ation",
            "Â«Â tech Â» & <br>",
        ] {
            assert_eq!(fiche_decode::read_back(&reads_back(line)), line, "{line}");
        }
    }
}
