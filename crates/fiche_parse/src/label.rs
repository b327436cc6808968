//! Label lines: a line that is one of the profile's labels, possibly with
//! the value on the same line after a colon.

use crate::line::Line;
use fiche_profile::{FieldId, Profile};

/// A label line: which field, and the value given on the same line, if any.
pub(crate) struct LabelLine<'t> {
    pub field: FieldId,
    pub label: Line<'t>,
    pub inline_value: Option<Line<'t>>,
}

/// `label = LABEL ws* ':'? ws*` (the whole line is a label spelling).
/// Falls back to [`quirk_inline_value`].
pub(crate) fn label_line<'t>(line: Line<'t>, profile: &Profile) -> Option<LabelLine<'t>> {
    if let Some(field) = profile.field_for_label(line.text) {
        return Some(LabelLine {
            field,
            label: line.trim(),
            inline_value: None,
        });
    }
    quirk_inline_value(line, profile)
}

/// Quirk: `LABEL : VALUE` on one line (`Création : 1995`), as people type
/// fiches by hand. Only the text before the first colon is tried as a label.
fn quirk_inline_value<'t>(line: Line<'t>, profile: &Profile) -> Option<LabelLine<'t>> {
    let colon = memchr::memchr(b':', line.text.as_bytes())?;
    let field = profile.field_for_label(&line.text[..colon])?;
    let value = line.slice(colon + 1, line.text.len()).trim();
    Some(LabelLine {
        field,
        label: line.slice(0, colon).trim(),
        inline_value: (!value.is_blank()).then_some(value),
    })
}
