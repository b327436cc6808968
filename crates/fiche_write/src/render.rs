//! Records back to fiche text: what `fiche convert` reads, written out.
//! Useful to publish corrected fiches, to produce a blank submission
//! template, and to test that reading what we write gives the same record.

use fiche_profile::{Profile, Target};
use fiche_types::{Block, FieldKey, ListItem, Record, Text};
use std::fmt::Write;

/// The fiche text of `record`, with the labels of `profile` (the first
/// spelling of each). Fields that are `null` are written as empty labels.
pub fn render(record: &Record, profile: &Profile) -> String {
    let mut out = String::new();
    let prefix = profile
        .heading
        .first()
        .map_or("Fiche fonctionnement", String::as_str);
    let _ = writeln!(out, "{prefix} - {}", record.name.as_deref().unwrap_or(""));
    out.push('\n');
    let mut lines = String::new();
    for spec in profile.fields() {
        let label = spec.labels.first().map_or("", String::as_str);
        match &spec.target {
            Target::Key(key) => {
                lines.clear();
                value(record, *key, &mut lines);
                field(label, &lines, profile, &mut out);
            }
            Target::Extra(name) => {
                for extra in record.extra_fields.iter().filter(|e| &e.label == name) {
                    lines.clear();
                    blocks(&extra.blocks, &mut lines);
                    field(label, &lines, profile, &mut out);
                }
            }
        }
    }
    out
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

/// A blank fiche: the heading and every label, for people to fill in.
pub fn template(profile: &Profile) -> String {
    let mut out = String::new();
    let prefix = profile
        .heading
        .first()
        .map_or("Fiche fonctionnement", String::as_str);
    let _ = writeln!(out, "{prefix} - ");
    out.push('\n');
    for spec in profile.fields() {
        let _ = writeln!(out, "{}\n", spec.labels.first().map_or("", String::as_str));
    }
    out
}

/// Writes the value of `key`, one line per line of the export; nothing for `null`.
fn value(record: &Record, key: FieldKey, out: &mut String) {
    let mut line = |s: &str| {
        let _ = writeln!(out, "{s}");
    };
    let text = |t: &Option<Text>, out: &mut String| {
        if let Some(t) = t {
            blocks(&t.blocks, out);
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
                blocks(&e.blocks, out);
            }
        }
    }
}

/// Paragraphs one per line; list items one per line with their marker
/// (numbers and letters counted on), nested items indented two spaces.
/// Two lists in a row with the same kind of marker read back as one.
fn blocks(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match block {
            Block::Paragraph { text } => {
                let _ = writeln!(out, "{text}");
            }
            Block::List { marker, items } => list(marker, items, 0, out),
        }
    }
}

fn list(marker: &str, items: &[ListItem], depth: usize, out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}{} {}",
            "  ".repeat(depth),
            nth_marker(marker, i),
            item.text
        );
        // Nested items carry no marker of their own: they take their list's
        // (the usual case), and their depth is what nests them.
        list(marker, &item.items, depth + 1, out);
    }
}

/// The marker of the `i`-th item of a list whose first marker is `first`:
/// `3.` after `1.`, `c)` after `a)`, the same bullet otherwise.
fn nth_marker(first: &str, i: usize) -> String {
    let Some(sep) = first.chars().next_back() else {
        return first.to_owned();
    };
    let head = &first[..first.len() - sep.len_utf8()];
    if let Ok(n) = head.parse::<usize>() {
        return format!("{}{sep}", n + i);
    }
    let mut chars = head.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_lowercase()
        && let Some(next) = u8::try_from(c)
            .ok()
            .and_then(|b| b.checked_add(u8::try_from(i).ok()?))
        && next.is_ascii_lowercase()
    {
        return format!("{}{sep}", char::from(next));
    }
    first.to_owned()
}

#[cfg(test)]
mod tests {
    use super::nth_marker;

    #[test]
    fn markers_count_on() {
        assert_eq!(nth_marker("1.", 2), "3.");
        assert_eq!(nth_marker("1/", 0), "1/");
        assert_eq!(nth_marker("a)", 2), "c)");
        assert_eq!(nth_marker("•", 5), "•");
        assert_eq!(nth_marker("-", 1), "-");
        assert_eq!(nth_marker("◦", 1), "◦");
        assert_eq!(nth_marker("", 1), "");
    }
}
