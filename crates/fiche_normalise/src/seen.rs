//! Options already found in one input: a scrape words its categories and
//! access lines the same way in fiche after fiche, and comparing a wording
//! with the one last looked up in its slot costs less than walking its key.

use fiche_profile::{FieldSpec, OptionSpec};

/// The answers of [`FieldSpec::option_for`] already given, each in a slot
/// by the wording's length and first byte. Only the profile's answers are
/// stored, so the answers are the profile's.
pub(crate) struct SeenOptions<'p> {
    slots: Vec<Option<Seen<'p>>>,
}

struct Seen<'p> {
    spec: &'p FieldSpec,
    wording: String,
    option: Option<&'p OptionSpec>,
}

const SLOTS: usize = 64;

impl<'p> SeenOptions<'p> {
    pub(crate) fn new() -> Self {
        SeenOptions {
            slots: (0..SLOTS).map(|_| None).collect(),
        }
    }

    /// [`FieldSpec::option_for`] of `spec` and `wording`.
    pub(crate) fn option_for(
        &mut self,
        spec: &'p FieldSpec,
        wording: &str,
    ) -> Option<&'p OptionSpec> {
        let first = wording.as_bytes().first().map_or(0, |&b| usize::from(b));
        let slot = &mut self.slots[(wording.len().wrapping_mul(31) + first) % SLOTS];
        match slot {
            Some(seen) if std::ptr::eq(seen.spec, spec) && seen.wording == wording => seen.option,
            Some(seen) => {
                // The slot's buffer is reused: no allocation once warm.
                let option = spec.option_for(wording);
                seen.spec = spec;
                seen.wording.clear();
                seen.wording.push_str(wording);
                seen.option = option;
                option
            }
            None => {
                let option = spec.option_for(wording);
                *slot = Some(Seen {
                    spec,
                    wording: wording.to_owned(),
                    option,
                });
                option
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fiche_profile::{FieldKind, Profile};
    use proptest::sample::select;

    const WORDINGS: &[&str] = &[
        "Association",
        "association",
        "Associatiom",
        "SCIC",
        "Scic",
        "Entreprise",
        "Services accessibles à tou·tes sans inscription",
        "Services accessibles à tou·tes sans inscriptiom",
        "",
        "autre",
    ];

    proptest::proptest! {
        /// Whatever the order, the field and the wording, the answers
        /// are the profile's (the same wording asked of two fields too).
        #[test]
        fn seen_options_answer_as_the_profile(
            asks in proptest::collection::vec((select(WORDINGS), 0..2usize), 0..40),
        ) {
            let profile = Profile::chatons();
            let fields: Vec<&FieldSpec> = profile
                .fields()
                .iter()
                .filter(|f| matches!(f.kind, FieldKind::Category | FieldKind::Checklist))
                .collect();
            proptest::prop_assert_eq!(fields.len(), 2);
            let mut seen = SeenOptions::new();
            for (wording, field) in asks {
                let spec = fields[field];
                let ours = seen.option_for(spec, wording).map(|o| o.slug.as_str());
                let profile_s = spec.option_for(wording).map(|o| o.slug.as_str());
                proptest::prop_assert_eq!(ours, profile_s, "{:?}", wording);
            }
        }
    }
}
