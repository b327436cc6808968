//! Reading a profile from TOML and checking it against the record contract.

use crate::key::{label_key, words};
use crate::labels::LabelKeys;
use crate::near::NearLabels;
use crate::phrases::PhraseStarts;
use crate::{FieldId, FieldKind, FieldSpec, OptionSpec, Profile, TagSpec, Target, WordPattern};
use fiche_types::{AccessMode, EconomicTag, FieldKey, StructureType};
use serde::Deserialize;
use std::collections::HashMap;

/// Why a profile cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file is not valid TOML or not of the profile's shape.
    #[error("profile is not valid: {0}")]
    Toml(#[from] toml::de::Error),
    /// A field's kind is not the one its record key holds.
    #[error("field `{key}` must have kind `{expected:?}`, found `{found:?}`")]
    WrongKind {
        /// The record key.
        key: String,
        /// The kind the record expects.
        expected: FieldKind,
        /// The kind the profile says.
        found: FieldKind,
    },
    /// A field with no key of its own must be free text.
    #[error("extra field `{key}` must have kind `Text`, found `{found:?}`")]
    ExtraNotText {
        /// The profile's key for it.
        key: String,
        /// The kind the profile says.
        found: FieldKind,
    },
    /// Two fields fill the same record key.
    #[error("field `{0}` is declared twice")]
    DuplicateKey(String),
    /// A field has no label.
    #[error("field `{0}` has no label")]
    NoLabel(String),
    /// Two fields have labels with the same key.
    #[error("label `{label}` of field `{second}` is already a label of field `{first}`")]
    LabelClash {
        /// The clashing label.
        label: String,
        /// The field that had it first.
        first: String,
        /// The field that has it again.
        second: String,
    },
    /// An option or tag slug the record's vocabulary does not have.
    #[error("field `{key}`: {source}")]
    Slug {
        /// The field.
        key: String,
        /// What was wrong.
        source: fiche_types::UnknownSlug,
    },
    /// Options or tags on a field that cannot hold them.
    #[error("field `{key}` cannot have {what}")]
    Misplaced {
        /// The field.
        key: String,
        /// `options` or `tags`.
        what: &'static str,
    },
    /// A tag phrase with no word in it.
    #[error("field `{key}`: tag `{tag}` has an empty phrase")]
    EmptyPhrase {
        /// The field.
        key: String,
        /// The tag.
        tag: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    id: String,
    heading: Vec<String>,
    fields: Vec<FieldFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldFile {
    key: String,
    kind: FieldKind,
    #[serde(default)]
    required: bool,
    labels: Vec<String>,
    #[serde(default)]
    options: Vec<OptionFile>,
    #[serde(default)]
    tags: Vec<TagFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionFile {
    slug: String,
    labels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TagFile {
    tag: String,
    phrases: Vec<String>,
}

/// The kind each record key holds.
fn expected_kind(key: FieldKey) -> FieldKind {
    match key {
        FieldKey::StructureType => FieldKind::Category,
        FieldKey::Founded => FieldKind::Year,
        FieldKey::MemberSince => FieldKind::Date,
        FieldKey::Employees | FieldKey::Volunteers => FieldKind::Count,
        FieldKey::Access => FieldKind::Checklist,
        FieldKey::Organisation
        | FieldKey::MemberRoles
        | FieldKey::UserTypes
        | FieldKey::UserSupport
        | FieldKey::EconomicModel => FieldKind::Text,
    }
}

/// Checks that `slug` belongs to the vocabulary of `key`'s options.
fn check_option_slug(key: FieldKey, slug: &str) -> Result<(), fiche_types::UnknownSlug> {
    match key {
        FieldKey::StructureType => slug.parse::<StructureType>().map(drop),
        FieldKey::Access => slug.parse::<AccessMode>().map(drop),
        _ => Ok(()),
    }
}

fn phrase(text: &str) -> Vec<WordPattern> {
    text.split_whitespace()
        .filter_map(|w| {
            let (stem, prefix) = match w.strip_suffix('*') {
                Some(stem) => (stem, true),
                None => (w, false),
            };
            let key: String = words(stem).collect();
            let pattern = if prefix {
                WordPattern::Prefix(key)
            } else {
                WordPattern::Exact(key)
            };
            pattern.non_empty()
        })
        .collect()
}

impl Profile {
    /// Reads and checks a profile written in TOML (see `profiles/chatons-fonctionnement.toml`).
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let file: ProfileFile = toml::from_str(text)?;
        let mut fields = Vec::with_capacity(file.fields.len());
        let mut label_index: HashMap<String, FieldId> = HashMap::new();
        let mut seen_keys = Vec::new();
        for (i, f) in file.fields.into_iter().enumerate() {
            if seen_keys.contains(&f.key) {
                return Err(ProfileError::DuplicateKey(f.key));
            }
            seen_keys.push(f.key.clone());
            let Some(first_label) = f.labels.first() else {
                return Err(ProfileError::NoLabel(f.key));
            };
            let target = match f.key.parse::<FieldKey>() {
                Ok(key) => {
                    let expected = expected_kind(key);
                    if f.kind != expected {
                        return Err(ProfileError::WrongKind {
                            key: f.key,
                            expected,
                            found: f.kind,
                        });
                    }
                    Target::Key(key)
                }
                Err(_) if f.kind == FieldKind::Text => Target::Extra(first_label.clone()),
                Err(_) => {
                    return Err(ProfileError::ExtraNotText {
                        key: f.key,
                        found: f.kind,
                    });
                }
            };
            if !f.options.is_empty()
                && !matches!(f.kind, FieldKind::Category | FieldKind::Checklist)
            {
                return Err(ProfileError::Misplaced {
                    key: f.key,
                    what: "options",
                });
            }
            if !f.tags.is_empty() && target != Target::Key(FieldKey::EconomicModel) {
                return Err(ProfileError::Misplaced {
                    key: f.key,
                    what: "tags",
                });
            }
            for label in &f.labels {
                match label_index.get(&label_key(label)) {
                    Some(&other) if other.0 != i => {
                        return Err(ProfileError::LabelClash {
                            label: label.clone(),
                            first: seen_keys[other.0].clone(),
                            second: f.key,
                        });
                    }
                    _ => {
                        label_index.insert(label_key(label), FieldId(i));
                    }
                }
            }
            let mut option_keys = Vec::new();
            let mut options = Vec::with_capacity(f.options.len());
            for (oi, o) in f.options.into_iter().enumerate() {
                if let Target::Key(key) = target {
                    check_option_slug(key, &o.slug).map_err(|source| ProfileError::Slug {
                        key: f.key.clone(),
                        source,
                    })?;
                }
                option_keys.extend(o.labels.iter().map(|label| (label_key(label), oi)));
                options.push(OptionSpec {
                    slug: o.slug,
                    labels: o.labels,
                });
            }
            let mut tags = Vec::with_capacity(f.tags.len());
            for t in f.tags {
                t.tag
                    .parse::<EconomicTag>()
                    .map_err(|source| ProfileError::Slug {
                        key: f.key.clone(),
                        source,
                    })?;
                let phrases: Vec<Vec<WordPattern>> = t.phrases.iter().map(|p| phrase(p)).collect();
                if phrases.iter().any(Vec::is_empty) {
                    return Err(ProfileError::EmptyPhrase {
                        key: f.key,
                        tag: t.tag,
                    });
                }
                tags.push(TagSpec {
                    tag: t.tag,
                    phrases,
                    written: t.phrases,
                });
            }
            fields.push(FieldSpec {
                target,
                kind: f.kind,
                required: f.required,
                labels: f.labels,
                options,
                phrase_starts: PhraseStarts::new(&tags),
                tags,
                option_index: LabelKeys::new(option_keys),
            });
        }
        let near = NearLabels::new(
            fields
                .iter()
                .enumerate()
                .map(|(i, f)| (FieldId(i), f.labels.as_slice())),
        );
        let max_key_len = label_index.keys().map(String::len).max().unwrap_or(0);
        Ok(Profile {
            id: file.id,
            heading: file.heading,
            fields,
            labels: LabelKeys::new(label_index),
            near,
            max_key_len,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(toml: &str) -> String {
        match Profile::from_toml(toml) {
            Ok(_) => "loaded".to_owned(),
            Err(e) => e.to_string(),
        }
    }

    const HEAD: &str = "id = \"t\"\nheading = [\"Fiche\"]\n";

    #[test]
    fn rejects_profiles_that_break_the_record_contract() {
        assert_eq!(
            err(&format!(
                "{HEAD}[[fields]]\nkey = \"founded\"\nkind = \"text\"\nlabels = [\"Création\"]\n"
            )),
            "field `founded` must have kind `Year`, found `Text`"
        );
        assert_eq!(
            err(&format!(
                "{HEAD}[[fields]]\nkey = \"site\"\nkind = \"year\"\nlabels = [\"Site\"]\n"
            )),
            "extra field `site` must have kind `Text`, found `Year`"
        );
        assert_eq!(
            err(&format!(
                "{HEAD}[[fields]]\nkey = \"structure_type\"\nkind = \"category\"\nlabels = [\"Type\"]\noptions = [{{ slug = \"asso\", labels = [\"Asso\"] }}]\n"
            )),
            "field `structure_type`: unknown structure_type slug `asso`, expected one of association, informal, cooperative, microcompany, company, individual, other"
        );
        assert_eq!(
            err(&format!(
                "{HEAD}[[fields]]\nkey = \"a\"\nkind = \"text\"\nlabels = [\"Même\"]\n[[fields]]\nkey = \"b\"\nkind = \"text\"\nlabels = [\"même :\"]\n"
            )),
            "label `même :` of field `b` is already a label of field `a`"
        );
        assert_eq!(
            err(&format!(
                "{HEAD}[[fields]]\nkey = \"a\"\nkind = \"text\"\nlabels = []\n"
            )),
            "field `a` has no label"
        );
    }

    #[test]
    fn extra_fields_keep_their_first_label() {
        let p = Profile::from_toml(&format!(
            "{HEAD}[[fields]]\nkey = \"website\"\nkind = \"text\"\nlabels = [\"Site web\", \"Site\"]\n"
        ));
        let p = p.ok();
        let target = p.as_ref().and_then(|p| {
            p.field_for_label("SITE :")
                .map(|id| p.field(id).target.clone())
        });
        assert_eq!(target, Some(Target::Extra("Site web".to_owned())));
    }
}
