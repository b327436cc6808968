//! Declarative profiles: which labels a fiche has, the spellings each is
//! known by, how its value is read, and the vocabularies of its categories.
//!
//! The parser and the normaliser hold no label strings: they ask a
//! [`Profile`]. The CHATONS "fiche fonctionnement" profile is embedded
//! ([`Profile::chatons`]); [`Profile::from_toml`] loads another.

mod key;
mod labels;
pub mod language;
mod load;
mod near;
mod phrases;
mod remembered;

pub use key::{any_key_byte, is_letter_or_digit, label_key, push_char_key, word_keys, words};
pub use language::{Language, begins, french, holds, same};
pub use load::ProfileError;
pub use remembered::Remembered;

use fiche_types::FieldKey;
use labels::LabelKeys;
use phrases::PhraseStarts;

/// How a field's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Free text: paragraphs and lists.
    Text,
    /// One wording mapped onto a slug of the field's vocabulary.
    Category,
    /// A year.
    Year,
    /// A date at year, month or day precision.
    Date,
    /// A number of people.
    Count,
    /// One line per option, each mapped onto a slug.
    Checklist,
}

/// Where a field's value goes in the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A key of the record.
    Key(FieldKey),
    /// An entry of `extra_fields`, under this label.
    Extra(String),
}

impl Target {
    /// The name diagnostics use for the field: the record key, or the extra field's label.
    pub fn name(&self) -> &str {
        match self {
            Target::Key(k) => k.slug(),
            Target::Extra(label) => label,
        }
    }
}

/// Index of a field in its profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId(pub usize);

/// One option of a category or checklist: its slug and the wordings that mean it.
#[derive(Debug, Clone)]
pub struct OptionSpec {
    /// The slug written in records (checked against the record's vocabulary at load).
    pub slug: String,
    /// Wordings, the first being the canonical one.
    pub labels: Vec<String>,
}

/// A tag found in free text through any of its phrases.
#[derive(Debug, Clone)]
pub struct TagSpec {
    /// The tag's slug.
    pub tag: String,
    /// Phrases, each a sequence of word patterns (see [`WordPattern`]).
    pub phrases: Vec<Vec<WordPattern>>,
    /// The phrases as the profile writes them, for documentation.
    pub written: Vec<String>,
}

/// One word of a tag phrase, as a [`label_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordPattern {
    /// The word exactly.
    Exact(String),
    /// Any word starting with this.
    Prefix(String),
}

impl WordPattern {
    /// `None` for a pattern with no letter in it.
    fn non_empty(self) -> Option<WordPattern> {
        match &self {
            WordPattern::Exact(w) | WordPattern::Prefix(w) if w.is_empty() => None,
            _ => Some(self),
        }
    }

    /// The key this pattern compares words with.
    pub fn key(&self) -> &str {
        match self {
            WordPattern::Exact(w) | WordPattern::Prefix(w) => w,
        }
    }

    /// Whether `word` (already a [`label_key`]) matches.
    #[inline]
    pub fn matches(&self, word: &str) -> bool {
        match self {
            WordPattern::Exact(w) => word == w,
            WordPattern::Prefix(p) => word.starts_with(p.as_str()),
        }
    }
}

/// One field of a profile.
#[derive(Debug, Clone)]
pub struct FieldSpec {
    /// Where the value goes.
    pub target: Target,
    /// How the value is read.
    pub kind: FieldKind,
    /// Whether a fiche without it gets an error.
    pub required: bool,
    /// Spellings of the label, the first being the canonical one.
    pub labels: Vec<String>,
    /// Category or checklist options.
    pub options: Vec<OptionSpec>,
    /// Tags to find in the text. [`FieldSpec::tags_in`] finds them through
    /// an index built when the profile is loaded: they are read-only after.
    pub tags: Vec<TagSpec>,
    /// Option wording keys → index in `options`.
    option_index: LabelKeys<usize>,
    phrase_starts: PhraseStarts,
}

impl FieldSpec {
    /// The canonical wording of the option with `slug` (`Autre` for `other`).
    pub fn option_label(&self, slug: &str) -> Option<&str> {
        let option = self.options.iter().find(|o| o.slug == slug)?;
        option.labels.first().map(String::as_str)
    }

    /// The option whose wording has the same [`label_key`] as `wording`.
    pub fn option_for(&self, wording: &str) -> Option<&OptionSpec> {
        self.option_index
            .get(wording)
            .and_then(|i| self.options.get(i))
    }

    /// The tags with a phrase in `text`, in the profile's order: phrases
    /// are matched word by word on keys ([`crate::words`]).
    pub fn tags_in(&self, text: &str) -> Vec<&TagSpec> {
        let hit = self.phrase_starts.found(&self.tags, text);
        self.tags
            .iter()
            .zip(hit)
            .filter_map(|(tag, hit)| hit.then_some(tag))
            .collect()
    }
}

/// A whole profile: heading prefixes and fields, with their lookup tables.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The id written in every record's `profile` key.
    pub id: String,
    /// Prefixes of the heading line that starts a fiche.
    pub heading: Vec<String>,
    fields: Vec<FieldSpec>,
    labels: LabelKeys,
    /// Every label spelling, for lines that miss one by a slip.
    near: near::NearLabels,
    /// The longest label key, in bytes: longer lines cannot be labels.
    max_key_len: usize,
}

/// The embedded CHATONS "fiche fonctionnement" profile, as TOML.
pub const CHATONS_TOML: &str = include_str!("../profiles/chatons-fonctionnement.toml");

impl Profile {
    /// The embedded CHATONS "fiche fonctionnement" profile.
    pub fn chatons() -> Profile {
        // The embedded file is checked by this crate's tests; failing here is a build bug.
        #[expect(clippy::expect_used, reason = "the embedded profile is tested")]
        Profile::from_toml(CHATONS_TOML).expect("the embedded CHATONS profile is valid")
    }

    /// Every field, in profile order.
    pub fn fields(&self) -> &[FieldSpec] {
        &self.fields
    }

    /// The canonical label of the field that fills record key `key`, if
    /// the profile has one (`Nombre d'employé·es` for `employees`).
    pub fn label_of(&self, key: FieldKey) -> Option<&str> {
        let field = self
            .fields()
            .iter()
            .find(|f| f.target == Target::Key(key))?;
        field.labels.first().map(String::as_str)
    }

    /// The field with this id.
    pub fn field(&self, id: FieldId) -> &FieldSpec {
        &self.fields[id.0]
    }

    /// The field whose label is `line`, whatever its case, accents,
    /// punctuation, apostrophes or inclusive-writing dots.
    pub fn field_for_label(&self, line: &str) -> Option<FieldId> {
        // A cheap bound before building the key: a key never has more bytes
        // than the line's alphanumeric bytes, which are at most the line's.
        if line.len() > 4 * self.max_key_len + 16 {
            return None;
        }
        self.labels.find(line)
    }

    /// The field whose label `line` nearly spells, and the spelling it
    /// misses (its index in the field's `labels`): one or two letters off on the [`label_key`] (two for keys of
    /// 16 letters or more), or one word missing from a label of three
    /// words or more. `None` for an exact spelling (see
    /// [`Profile::field_for_label`]) and for lines near no label.
    pub fn near_label(&self, line: &str) -> Option<(FieldId, usize)> {
        if line.len() > 4 * self.max_key_len + 16 {
            return None;
        }
        self.near.find(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_profile_loads_and_finds_every_inclusive_spelling() {
        let p = Profile::chatons();
        assert_eq!(p.id, "chatons-fonctionnement");
        let employees = p.field_for_label("Nombre d'employé⋅es");
        assert!(employees.is_some());
        for spelling in [
            "Nombre d'employé·es",
            "nombre d’employé.es :",
            "Nombre d'employé-es",
            "Nombre d'employé(e)s",
            "NOMBRE D'EMPLOYÉES",
            "Nombre d'employés",
            "  Nombre d'employé•es\t",
        ] {
            assert_eq!(p.field_for_label(spelling), employees, "{spelling}");
        }
        let users = p.field_for_label("Typologie des utilisateur·ices des services");
        assert!(users.is_some());
        for spelling in [
            "Typologie des utilisateur⋅ices des services",
            "Typologie des utilisateurs des services",
            "Typologie des utilisateur.rice.s des services",
        ] {
            assert_eq!(p.field_for_label(spelling), users, "{spelling}");
        }
        assert_eq!(p.field_for_label("Association"), None);
        assert_eq!(p.field_for_label(""), None);
    }

    #[test]
    fn structure_type_wordings() {
        let p = Profile::chatons();
        let field = p.field_for_label("Type de structure").map(|id| p.field(id));
        let slug = |w: &str| field.and_then(|f| f.option_for(w)).map(|o| o.slug.as_str());
        for (wording, expected) in [
            ("Association", "association"),
            ("Association loi 1901", "association"),
            ("association loi 1901.", "association"),
            ("asso", "association"),
            ("Collectif", "informal"),
            ("Collectif informel", "informal"),
            ("Informel", "informal"),
            ("SCIC", "cooperative"),
            ("SCOP", "cooperative"),
            ("Coopérative", "cooperative"),
            ("Cooperative", "cooperative"),
            ("Micro-entreprise", "microcompany"),
            ("Auto-entrepreneur", "microcompany"),
            ("EI", "microcompany"),
            ("SAS", "company"),
            ("SARL", "company"),
            ("Société", "company"),
            ("Entreprise", "company"),
            ("Particulier", "individual"),
            ("Individu", "individual"),
            ("Autre", "other"),
        ] {
            assert_eq!(slug(wording), Some(expected), "{wording}");
        }
        assert_eq!(slug("Fondation"), None);
    }

    #[test]
    fn options_match_their_variants() {
        let p = Profile::chatons();
        let access = p
            .field_for_label("modalités d'accès aux services")
            .map(|id| p.field(id));
        let slug = |w: &str| {
            access
                .and_then(|f| f.option_for(w))
                .map(|o| o.slug.as_str())
        };
        assert_eq!(
            slug("Services accessibles à tou⋅tes sans inscription"),
            Some("open_without_signup")
        );
        assert_eq!(
            slug("Services accessibles aux membres / coopérateur·ices."),
            Some("members_only")
        );
        assert_eq!(slug("Accessibles aux clients"), Some("clients_only"));
        for (line, expected) in [
            (
                "Services accessibles à tou·tes sans inscription",
                "open_without_signup",
            ),
            (
                "Services accessibles à tou.te.s sans inscription.",
                "open_without_signup",
            ),
            (
                "services accessibles à tous sans inscription ;",
                "open_without_signup",
            ),
            (
                "Accessibles à tou⋅tes après inscription",
                "open_after_signup",
            ),
            (
                "Services accessibles à tous et toutes après inscription",
                "open_after_signup",
            ),
            (
                "Services accessibles aux membres / coopérateur·ices",
                "members_only",
            ),
            (
                "Services accessibles aux membres/coopérateurs",
                "members_only",
            ),
            ("Accessibles aux membres", "members_only"),
            ("Services accessibles aux client⋅es", "clients_only"),
            ("Services accessibles aux client·e·s !", "clients_only"),
        ] {
            assert_eq!(slug(line), Some(expected), "{line}");
        }
        assert_eq!(slug("Sur demande"), None);
    }
}
