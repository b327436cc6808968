//! Labels the profile does not know: a line that stands where a label
//! would, inside the value of the field before it. Without this, `Site
//! web` / `https://…` after `Création` / `2012` was read as more of the
//! year's value and lost.
//!
//! A line is such a label when it has the form of one
//! ([`unknown_label_shaped`]), is not the first line of the value it is
//! in, and has a value of its own (a non-blank line after it, before the
//! next label), and:
//! - in a year, date, count or category value (one line): always; the
//!   label may also carry its value after a colon (`Site web : https://…`);
//! - in a checklist (one option a line): when neither it nor the line
//!   after it is an option of the field;
//! - in free text: when it follows a blank line or a sentence's end
//!   (`.`, `!`, `?`, `…`), as a label does, and the line after it is not
//!   itself such a label (after a blank line, with a value); a short line
//!   inside a paragraph run stays text, and so does a short last line.
//!   After a blank line, the label may carry its value after a colon.
//!
//! The seed export's text lines are all text by this rule (a test checks).

use crate::line::Line;
use crate::shape::unknown_label_shaped;
use fiche_profile::{FieldKind, FieldSpec};

/// A label the profile does not know, and the value on its line, if any.
pub(crate) struct UnknownLabel<'t> {
    pub label: Line<'t>,
    pub inline_value: Option<Line<'t>>,
}

/// Whether line `k` of `lines` (a non-blank line of a value that ends
/// before line `end`, not its first non-blank line) is a label the
/// profile does not know, by the rule of this module. `spec` is the field
/// the value belongs to: `None` for a label the profile does not know,
/// whose value is free text.
pub(crate) fn unknown_label_at<'t>(
    lines: &[Line<'t>],
    k: usize,
    end: usize,
    spec: Option<&FieldSpec>,
) -> Option<UnknownLabel<'t>> {
    let kind = spec.map_or(FieldKind::Text, |s| s.kind);
    let line = lines[k].trim();
    let next_at = (k + 1..end).find(|&j| !lines[j].is_blank());
    let next = next_at.map(|j| &lines[j]);
    let whole = |next: Option<&Line<'t>>| {
        (next.is_some() && unknown_label_shaped(line.text)).then_some(UnknownLabel {
            label: bare(line),
            inline_value: None,
        })
    };
    match kind {
        FieldKind::Text => {
            let prev = lines[k - 1].text.trim_end();
            let after_sentence = prev.is_empty() || prev.ends_with(['.', '!', '?', '…']);
            // The next line is no value of this one when it is a label of
            // its own: after a blank line, of label form, with a value.
            let next_is_label = next_at.is_some_and(|j| {
                j > k + 1
                    && unknown_label_shaped(lines[j].text)
                    && lines[j + 1..end].iter().any(|l| !l.is_blank())
            });
            let whole_line = (after_sentence && !next_is_label)
                .then(|| whole(next))
                .flatten();
            // `Site web : https://…` after a blank line.
            whole_line.or_else(|| prev.is_empty().then(|| inline(line)).flatten())
        }
        FieldKind::Checklist => {
            let option = |l: &Line<'_>| spec.and_then(|s| s.option_for(l.text)).is_some();
            if option(&line) || next.is_some_and(option) {
                None
            } else {
                whole(next)
            }
        }
        FieldKind::Year | FieldKind::Date | FieldKind::Count | FieldKind::Category => {
            whole(next).or_else(|| inline(line))
        }
    }
}

/// `LABEL : VALUE` on one line, the label of unknown-label form.
fn inline(line: Line<'_>) -> Option<UnknownLabel<'_>> {
    let colon = line.text.find(':')?;
    let label = line.slice(0, colon).trim();
    let value = line.slice(colon + 1, line.text.len()).trim();
    (unknown_label_shaped(label.text) && !value.is_blank()).then_some(UnknownLabel {
        label,
        inline_value: Some(value),
    })
}

/// The label without a final colon.
fn bare(line: Line<'_>) -> Line<'_> {
    match line.text.strip_suffix(':') {
        Some(rest) => line.sub(rest).trim(),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use crate::{FieldName, parse};
    use fiche_profile::Profile;

    /// The fields of a one-fiche text: label as written, whether the
    /// profile knows it, and the value's non-blank lines.
    fn fields(body: &str) -> Vec<(String, bool, Vec<String>)> {
        let p = Profile::chatons();
        let text = format!("Fiche fonctionnement - A\n{body}");
        let file = parse(&text, &p);
        file.fiches[0]
            .fields()
            .map(|f| {
                let lines = f
                    .value
                    .iter()
                    .filter(|l| !l.is_blank())
                    .map(|l| l.text.to_owned())
                    .collect();
                (f.label.text.to_owned(), f.name != FieldName::Unknown, lines)
            })
            .collect()
    }

    fn labels(body: &str) -> Vec<String> {
        fields(body)
            .into_iter()
            .map(|(label, known, _)| if known { label } else { format!("?{label}") })
            .collect()
    }

    #[test]
    fn after_a_one_line_value_a_label_shaped_line_with_a_value_is_a_label() {
        assert_eq!(
            fields("Création\n2012\nSite web\nhttps://a.example\nNombre de bénévoles\n15\n"),
            [
                ("Création".to_owned(), true, vec!["2012".to_owned()]),
                (
                    "Site web".to_owned(),
                    false,
                    vec!["https://a.example".to_owned()]
                ),
                (
                    "Nombre de bénévoles".to_owned(),
                    true,
                    vec!["15".to_owned()]
                ),
            ]
        );
        // With its value on its line.
        assert_eq!(
            labels("Nombre de bénévoles\n15\nContact : contact@a.example\n"),
            ["Nombre de bénévoles", "?Contact"]
        );
        // No value of its own: more of the value before (the normaliser
        // quotes it), and so is a line that is no label by its form.
        assert_eq!(
            labels("Création\n2010\nRelancée après une pause\nMembre depuis\n2019\n"),
            ["Création", "Membre depuis"]
        );
        assert_eq!(
            labels("Création\n2010\nrelancée en 2015\nvoir le site\n"),
            ["Création"]
        );
    }

    #[test]
    fn in_free_text_a_label_follows_a_blank_line_or_a_sentence_end() {
        let text = "Organisation de la structure\nUne phrase.\nSite web\nhttps://a.example\n";
        assert_eq!(labels(text), ["Organisation de la structure", "?Site web"]);
        let text =
            "Organisation de la structure\nUne ligne\n\nRéseaux sociaux\nhttps://s.example\n";
        assert_eq!(
            labels(text),
            ["Organisation de la structure", "?Réseaux sociaux"]
        );
        // Inside a run of lines, or last with nothing after: text.
        let text = "Rôles des membres\nBureau\nTrésorerie et secrétariat\n";
        assert_eq!(labels(text), ["Rôles des membres"]);
        let text =
            "Rôles des membres\n\nAdministrateurs et membres contributeurs\n\nCréation\n2001\n";
        assert_eq!(labels(text), ["Rôles des membres", "Création"]);
        // With its value after a colon, after a blank line only.
        let text = "Rôles des membres\nUne phrase.\n\nSite web : structure\n";
        assert_eq!(labels(text), ["Rôles des membres", "?Site web"]);
        let text = "Rôles des membres\nUne phrase.\nBut : promotion du libre\n";
        assert_eq!(labels(text), ["Rôles des membres"]);
        // Never on the value's first line, never a list item.
        let text =
            "Rôles des membres\nBureau collégial\n- trésorerie\n\n- Secrétariat\n- un autre\n";
        assert_eq!(labels(text), ["Rôles des membres"]);
    }

    #[test]
    fn in_a_checklist_options_are_never_labels() {
        let text = "Modalités d'accès aux services\nServices accessibles aux client·es\nServices accessibles aux membres\n";
        assert_eq!(labels(text), ["Modalités d'accès aux services"]);
        // An unknown line before an option is an unknown access line.
        let text = "Modalités d'accès\nServices accessibles aux client·es\nSur cooptation\nServices accessibles aux membres\n";
        assert_eq!(labels(text), ["Modalités d'accès"]);
        let text =
            "Modalités d'accès\nServices accessibles aux client·es\nSite web\nhttps://a.example\n";
        assert_eq!(labels(text), ["Modalités d'accès", "?Site web"]);
    }
}
