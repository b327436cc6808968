//! Labels written with a slip: a line whose key is one or two letters away
//! from a label spelling's key, or whose words are a spelling's words with
//! one missing. People type `Nombre de bénévols` or `Nombre bénévoles`;
//! reading such a line as the label it nearly is keeps its value in the
//! right field (and the normaliser says which label it was read as).
//!
//! The distance is `strsim`'s Levenshtein on [`label_key`]s, so case,
//! accents, punctuation and inclusive-writing forms never count.

use crate::FieldId;
use crate::key::label_key;

/// Keys shorter than this are never read as a slip of a label: too many
/// short words are one letter away from another.
const MIN_KEY_CHARS: usize = 6;

/// Key lengths (in characters) from which two slips are allowed, not one.
const TWO_SLIPS_FROM: usize = 16;

/// How many times each letter `a` to `z` is in a key, and (last) how many
/// other characters: each edit changes at most two counts by one, so half
/// the counts' difference bounds the edit distance from below, for a
/// fraction of its cost.
type Letters = [u8; 27];

fn letters(key: &[char]) -> Letters {
    let mut counts = [0u8; 27];
    for &c in key {
        let i = if c.is_ascii_lowercase() {
            usize::from(c as u8 - b'a')
        } else {
            26
        };
        counts[i] = counts[i].saturating_add(1);
    }
    counts
}

/// Half the counts' difference, rounded up: at most the edit distance.
fn distance_at_least(a: &Letters, b: &Letters) -> usize {
    let diff: usize = a
        .iter()
        .zip(b)
        .map(|(x, y)| usize::from(x.abs_diff(*y)))
        .sum();
    diff.div_ceil(2)
}

/// One spelling of a label, as compared.
#[derive(Debug, Clone)]
struct Spelling {
    field: FieldId,
    /// Its index in the field's labels.
    index: usize,
    key: Vec<char>,
    letters: Letters,
    /// The key of each whitespace-separated word.
    words: Vec<String>,
}

/// Every label spelling of a profile, for [`NearLabels::find`].
#[derive(Debug, Clone, Default)]
pub(crate) struct NearLabels {
    spellings: Vec<Spelling>,
}

/// The keys of the whitespace-separated words of `text`, empty ones left out
/// (`Nombre d'employé·es` gives `nombre`, `demployees`).
fn word_keys(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(label_key)
        .filter(|k| !k.is_empty())
        .collect()
}

/// Whether `long` is `short` with one word more, anywhere.
fn one_word_more(long: &[String], short: &[String]) -> bool {
    long.len() == short.len() + 1
        && (0..long.len()).any(|skip| {
            long.iter()
                .enumerate()
                .filter(|&(i, _)| i != skip)
                .map(|(_, w)| w)
                .eq(short.iter())
        })
}

impl NearLabels {
    /// The spellings of every field: `(field, spellings)`.
    pub(crate) fn new<'a>(fields: impl IntoIterator<Item = (FieldId, &'a [String])>) -> Self {
        let spellings = fields
            .into_iter()
            .flat_map(|(field, labels)| {
                labels.iter().enumerate().map(move |(index, written)| {
                    let key: Vec<char> = label_key(written).chars().collect();
                    Spelling {
                        field,
                        index,
                        letters: letters(&key),
                        key,
                        words: word_keys(written),
                    }
                })
            })
            .collect();
        NearLabels { spellings }
    }

    /// The label spelling `line` is a slip of (its field, and its index
    /// in the field's labels): the closest
    /// one within the allowed distance, the first of equals. `None` for a
    /// line that is a spelling exactly (the exact lookup answers those) or
    /// near none.
    pub(crate) fn find(&self, line: &str) -> Option<(FieldId, usize)> {
        let key: Vec<char> = label_key(line).chars().collect();
        if key.len() < MIN_KEY_CHARS {
            return None;
        }
        let line_letters = letters(&key);
        // The line's words, built only for spellings one word longer.
        let mut words: Option<Vec<String>> = None;
        let mut best: Option<(usize, &Spelling)> = None;
        for spelling in &self.spellings {
            let allowed = if spelling.key.len() >= TWO_SLIPS_FROM {
                2
            } else {
                1
            };
            // Levenshtein only where the lengths and letters allow the distance.
            let distance = if spelling.key.len().abs_diff(key.len()) <= allowed
                && distance_at_least(&line_letters, &spelling.letters) <= allowed
            {
                strsim::generic_levenshtein(&key, &spelling.key)
            } else {
                usize::MAX
            };
            if distance == 0 {
                return None;
            }
            // A missing word counts as one slip more than allowed, so that
            // letters off are preferred; only spellings of three words or
            // more, so that the line keeps two of them.
            let near = if distance <= allowed {
                Some(distance)
            } else if spelling.words.len() >= 3
                && spelling.key.len() > key.len()
                && line_letters
                    .iter()
                    .zip(&spelling.letters)
                    .all(|(l, s)| l <= s)
                && one_word_more(
                    &spelling.words,
                    words.get_or_insert_with(|| word_keys(line)),
                )
            {
                Some(allowed + 1)
            } else {
                None
            };
            if let Some(d) = near
                && best.is_none_or(|(b, _)| d < b)
            {
                best = Some((d, spelling));
            }
        }
        best.map(|(_, s)| (s.field, s.index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> NearLabels {
        let fields = [
            vec!["Nombre de bénévoles".to_owned(), "Bénévoles".to_owned()],
            vec!["Typologie des utilisateurs des services".to_owned()],
            vec!["Création".to_owned()],
            vec!["Nombre d'employé·es".to_owned()],
        ];
        NearLabels::new(
            fields
                .iter()
                .enumerate()
                .map(|(i, l)| (FieldId(i), l.as_slice())),
        )
    }

    #[test]
    fn slips_are_found_with_the_spelling_they_miss() {
        let near = labels();
        for (line, field, spelling) in [
            ("Nombre de bénévols", 0, 0),
            ("nombre de benevole :", 0, 0),
            ("Nombre bénévoles", 0, 0),
            ("Benevols", 0, 1),
            ("Typologie des utilisateurs des service", 1, 0),
            ("Typologie des utilisatuers des services", 1, 0),
            ("Typologie utilisateurs des services", 1, 0),
            ("Cration", 2, 0),
            ("Nombre d'employé·e", 3, 0),
        ] {
            assert_eq!(near.find(line), Some((FieldId(field), spelling)), "{line}");
        }
    }

    #[test]
    fn exact_spellings_short_keys_and_other_lines_are_not_slips() {
        let near = labels();
        for line in [
            "Nombre de bénévoles",
            "Création",
            "Site web",
            "Association",
            "Récréation",
            "Nombre de salariés",
            "Typologie",
            "Nombre",
            "Créat",
            "",
        ] {
            assert_eq!(near.find(line), None, "{line}");
        }
    }
}
