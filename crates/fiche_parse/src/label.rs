//! Label lines: a line that is one of the profile's labels, or a slip of
//! one (`Nombre de bénévols`), possibly with the value on the same line
//! after a colon.

use crate::line::Line;
use crate::marker::item;
use crate::shape::label_shaped;
use fiche_profile::{FieldId, Profile, Remembered};

/// What a label line names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    /// A spelling of this field's label.
    Known(FieldId),
    /// A slip of one of the field's label spellings (`spelling`, an index
    /// in the profile field's `labels`), read as that field.
    Misspelt {
        /// The field it is read as.
        field: FieldId,
        /// The spelling it nearly is.
        spelling: usize,
    },
    /// A label the profile does not know: its value is kept under the
    /// label as written.
    Unknown,
}

impl FieldName {
    /// The profile field, for a known or misspelt label.
    pub fn id(self) -> Option<FieldId> {
        match self {
            FieldName::Known(id) | FieldName::Misspelt { field: id, .. } => Some(id),
            FieldName::Unknown => None,
        }
    }
}

/// A label line: which field, and the value given on the same line, if any.
pub(crate) struct LabelLine<'t> {
    pub field: FieldName,
    pub label: Line<'t>,
    pub inline_value: Option<Line<'t>>,
}

/// The label spellings (and slips) already found in one text, each by its
/// exact line (see [`Remembered`]).
pub(crate) struct SeenLabels {
    exact: Remembered<FieldId>,
    /// Lines already compared with every spelling, near one or not.
    near: Remembered<Option<(FieldId, usize)>>,
}

impl SeenLabels {
    pub(crate) fn new() -> Self {
        SeenLabels {
            exact: Remembered::new(),
            near: Remembered::new(),
        }
    }

    /// [`Profile::field_for_label`] of `line`.
    pub(crate) fn field_for_label(&mut self, line: &str, profile: &Profile) -> Option<FieldId> {
        self.exact.get(line, |line| profile.field_for_label(line))
    }

    /// The field a line of label shape names, exactly or by a slip
    /// ([`Profile::near_label`]).
    fn field_named(&mut self, line: &str, profile: &Profile) -> Option<FieldName> {
        if let Some(id) = self.field_for_label(line, profile) {
            return Some(FieldName::Known(id));
        }
        if !label_shaped(line) {
            return None;
        }
        let (field, spelling) = self
            .near
            .get(line, |line| Some(profile.near_label(line)))
            .flatten()?;
        Some(FieldName::Misspelt { field, spelling })
    }
}

/// `label = LABEL ws* ':'? ws*` (the whole line is a label spelling, or a
/// slip of one). Falls back to [`quirk_inline_value`]. A list item is never a label,
/// though its key may be one's (a bullet has no key): `- Bénévoles` or
/// `• Organisation` under `Rôles des membres` is an item of that value.
pub(crate) fn label_line<'t>(
    line: Line<'t>,
    profile: &Profile,
    seen: &mut SeenLabels,
) -> Option<LabelLine<'t>> {
    let label = match seen.field_named(line.text, profile) {
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
    let field = seen.field_named(&line.text[..colon], profile)?;
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
