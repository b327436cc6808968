//! Label lines: a line that is one of the profile's labels, possibly with
//! the value on the same line after a colon.

use crate::line::Line;
use crate::marker::item;
use fiche_profile::{FieldId, Profile, Remembered};

/// A label line: which field, and the value given on the same line, if any.
pub(crate) struct LabelLine<'t> {
    pub field: FieldId,
    pub label: Line<'t>,
    pub inline_value: Option<Line<'t>>,
}

/// The label spellings already found in one text, each by its exact line
/// (see [`Remembered`]).
pub(crate) struct SeenLabels(Remembered<FieldId>);

impl SeenLabels {
    pub(crate) fn new() -> Self {
        SeenLabels(Remembered::new())
    }

    /// [`Profile::field_for_label`] of `line`.
    pub(crate) fn field_for_label(&mut self, line: &str, profile: &Profile) -> Option<FieldId> {
        self.0.get(line, |line| profile.field_for_label(line))
    }
}

/// `label = LABEL ws* ':'? ws*` (the whole line is a label spelling).
/// Falls back to [`quirk_inline_value`]. A list item is never a label,
/// though its key may be one's (a bullet has no key): `- Bénévoles` or
/// `• Organisation` under `Rôles des membres` is an item of that value.
pub(crate) fn label_line<'t>(
    line: Line<'t>,
    profile: &Profile,
    seen: &mut SeenLabels,
) -> Option<LabelLine<'t>> {
    let label = match seen.field_for_label(line.text, profile) {
        Some(field) => LabelLine {
            field,
            label: line.trim(),
            inline_value: None,
        },
        None => quirk_inline_value(line, profile, seen)?,
    };
    // Asked only of the few lines that name a label; a marker is looked
    // for at the line's start, after its indentation.
    item(line.text.trim_start()).is_none().then_some(label)
}

/// Quirk: `LABEL : VALUE` on one line (`Création : 1995`), as people type
/// fiches by hand. Only the text before the first colon is tried as a label.
fn quirk_inline_value<'t>(
    line: Line<'t>,
    profile: &Profile,
    seen: &mut SeenLabels,
) -> Option<LabelLine<'t>> {
    let colon = memchr::memchr(b':', line.text.as_bytes())?;
    let field = seen.field_for_label(&line.text[..colon], profile)?;
    let value = line.slice(colon + 1, line.text.len()).trim();
    Some(LabelLine {
        field,
        label: line.slice(0, colon).trim(),
        inline_value: (!value.is_blank()).then_some(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::sample::select;

    const LINES: &[&str] = &[
        "Création",
        "création",
        "Créations",
        "Création :",
        "Nombre d'employé·es",
        "Nombre d'employé.es",
        "Nombre de bénévoles",
        "Nombre de bénévolEs",
        "Type de structure",
        "Type de structurE",
        "Association",
        "",
        " ",
        "2019",
        "Membre depuis",
        "Membre depui",
    ];

    proptest::proptest! {
        /// Whatever the order, and however lines share slots, the answers
        /// are the profile's.
        #[test]
        fn seen_labels_answer_as_the_profile(
            lines in proptest::collection::vec(select(LINES), 0..40),
        ) {
            let profile = Profile::chatons();
            let mut seen = SeenLabels::new();
            for line in lines {
                proptest::prop_assert_eq!(
                    seen.field_for_label(line, &profile),
                    profile.field_for_label(line),
                    "{:?}", line
                );
            }
        }
    }

    #[test]
    fn a_line_in_a_remembered_label_s_slot_is_still_looked_up() {
        let profile = Profile::chatons();
        let mut seen = SeenLabels::new();
        // Same length and first byte: the same slot.
        let (label, other) = ("Création", "Créatiox");
        assert!(profile.field_for_label(label).is_some());
        assert_eq!(
            seen.field_for_label(label, &profile),
            profile.field_for_label(label)
        );
        assert_eq!(seen.field_for_label(other, &profile), None);
        assert_eq!(
            seen.field_for_label(label, &profile),
            profile.field_for_label(label)
        );
    }
}
