//! Records back to fiche text: what `fiche convert` reads, written out.
//! Useful to publish corrected fiches, to produce a blank submission
//! template, and to test that reading what we write gives the same record.

use fiche_parse::{Line, RawBlock};
use fiche_profile::{Profile, Target};
use fiche_types::{Block, FieldKey, ListItem, Record, Span, Text};
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
                value(record, *key, profile, &mut lines);
                field(label, &lines, profile, &mut out);
            }
            Target::Extra(name) => {
                for extra in record.extra_fields.iter().filter(|e| &e.label == name) {
                    lines.clear();
                    blocks(&extra.blocks, profile, &mut lines);
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
/// value. Paragraphs and checklist lines after the first need no such
/// care: each was a value line when read, and cleaning turns none into a
/// heading or a label; list items that would are written as the run-on
/// line they came from ([`run_on`]).
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
fn value(record: &Record, key: FieldKey, profile: &Profile, out: &mut String) {
    let mut line = |s: &str| {
        let _ = writeln!(out, "{s}");
    };
    let text = |t: &Option<Text>, out: &mut String| {
        if let Some(t) = t {
            blocks(&t.blocks, profile, out);
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
                blocks(&e.blocks, profile, out);
            }
        }
    }
}

/// Paragraphs one per line; list items one per line with their marker
/// (numbers and letters counted on), nested items indented two spaces,
/// unless the list must be written on one line ([`run_on`]). Two lists in
/// a row with the same kind of marker read back as one.
fn blocks(blocks: &[Block], profile: &Profile, out: &mut String) {
    for block in blocks {
        match block {
            Block::Paragraph { text } => {
                let _ = writeln!(out, "{text}");
            }
            Block::List { marker, items } => match run_on(marker, items, profile) {
                Some(line) => {
                    let _ = writeln!(out, "{line}");
                }
                None => list(marker, items, 0, out),
            },
        }
    }
}

/// The list on one line, `- stockage - Création - ateliers`, as a scrape
/// runs items together, when an item on a line of its own would read back
/// as a label (`- Création`: a bullet has no key, so the line's key is the
/// label's). Such a list came from a run-on line, and this writes it back
/// as one; `None` when no item needs it, when items are nested (one line
/// cannot nest them), or when the line would not read back as these very
/// items (the parser is asked).
fn run_on(marker: &str, items: &[ListItem], profile: &Profile) -> Option<String> {
    let lines: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, item)| format!("{} {}", nth_marker(marker, i), item.text))
        .collect();
    let needed = lines
        .iter()
        .any(|line| !fiche_parse::reads_as_value(line, profile));
    if !needed || items.iter().any(|item| !item.items.is_empty()) {
        return None;
    }
    let line = lines.join(" ");
    let read = fiche_parse::blocks(&[Line {
        text: &line,
        span: Span::new(0, line.len()),
    }]);
    let reads_back = match read.as_slice() {
        [
            RawBlock::List {
                marker: m,
                items: read,
            },
        ] => {
            *m == marker
                && read.len() == items.len()
                && read
                    .iter()
                    .zip(items)
                    .all(|(r, item)| r.text.text == item.text && r.items.is_empty())
        }
        _ => false,
    };
    (reads_back && fiche_parse::reads_as_value(&line, profile)).then_some(line)
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
    use super::{nth_marker, run_on};
    use fiche_profile::Profile;
    use fiche_types::ListItem;

    fn items(texts: &[&str]) -> Vec<ListItem> {
        texts
            .iter()
            .map(|t| ListItem {
                text: (*t).to_owned(),
                items: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_list_goes_on_one_line_only_when_it_must_and_reads_back() {
        let p = Profile::chatons();
        assert_eq!(
            run_on("-", &items(&["stockage", "Création", "ateliers"]), &p).as_deref(),
            Some("- stockage - Création - ateliers")
        );
        // No item reads as a label: one per line.
        assert_eq!(run_on("-", &items(&["stockage", "ateliers"]), &p), None);
        // On one line, `a - b` would be cut into two items.
        assert_eq!(run_on("-", &items(&["a - b", "Création"]), &p), None);
        // Nested items cannot go on one line.
        let mut nested = items(&["Création", "ateliers"]);
        nested[1].items = items(&["jeudi"]);
        assert_eq!(run_on("-", &nested, &p), None);
    }

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
