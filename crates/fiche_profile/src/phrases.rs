//! Finding tag phrases in a text: the text's words are keyed once, and at
//! each word only the phrases whose first word can match it are tried.

use crate::key::word_keys;
use crate::{TagSpec, WordPattern};
use std::ops::Range;

/// The phrases of a field's tags by the first byte of their first word's
/// key: a pattern matches only words with its first byte (patterns are
/// never empty: loading drops words with no key and refuses empty
/// phrases), so a word is tried against these phrases alone.
#[derive(Debug, Clone, Default)]
pub(crate) struct PhraseStarts {
    /// `(tag, phrase)` indices by byte; empty when the field has no tags.
    by_byte: Vec<Vec<(usize, usize)>>,
}

impl PhraseStarts {
    /// The index of `tags`.
    pub(crate) fn new(tags: &[TagSpec]) -> Self {
        if tags.is_empty() {
            return Self::default();
        }
        let mut by_byte = vec![Vec::new(); 256];
        for (t, tag) in tags.iter().enumerate() {
            for (p, phrase) in tag.phrases.iter().enumerate() {
                if let Some(&b) = phrase.first().and_then(|w| w.key().as_bytes().first()) {
                    by_byte[usize::from(b)].push((t, p));
                }
            }
        }
        PhraseStarts { by_byte }
    }

    /// Whether each of `tags` (those this index was built from) has a
    /// phrase in `text`, in order.
    pub(crate) fn found(&self, tags: &[TagSpec], text: &str) -> Vec<bool> {
        let mut hit = vec![false; tags.len()];
        if self.by_byte.is_empty() {
            return hit;
        }
        let mut keys = String::with_capacity(text.len());
        let words = word_keys(text, &mut keys);
        let keys = keys.as_bytes();
        for start in 0..words.len() {
            let Some(&first) = keys[words[start].clone()].first() else {
                continue;
            };
            for &(t, p) in &self.by_byte[usize::from(first)] {
                if hit.get(t) == Some(&false)
                    && let Some(phrase) = tags[t].phrases.get(p)
                    && phrase_at(phrase, keys, &words[start..])
                {
                    hit[t] = true;
                }
            }
        }
        hit
    }
}

/// Whether `phrase` matches the words at the start of `words` (their keys
/// in `keys`).
fn phrase_at(phrase: &[WordPattern], keys: &[u8], words: &[Range<usize>]) -> bool {
    phrase.len() <= words.len()
        && phrase.iter().zip(words).all(|(pattern, word)| {
            let word = &keys[word.clone()];
            match pattern {
                WordPattern::Exact(w) => word == w.as_bytes(),
                WordPattern::Prefix(p) => word.starts_with(p.as_bytes()),
            }
        })
}

#[cfg(test)]
mod tests {
    use crate::{Profile, WordPattern, words};

    /// The definition: a phrase is found where its patterns match that
    /// many words in a row.
    fn by_windows(tags: &[crate::TagSpec], text: &str) -> Vec<bool> {
        let words: Vec<String> = words(text).collect();
        tags.iter()
            .map(|tag| {
                tag.phrases.iter().any(|phrase| {
                    words.windows(phrase.len()).any(|w| {
                        w.iter()
                            .zip(phrase)
                            .all(|(word, pattern): (&String, &WordPattern)| pattern.matches(word))
                    })
                })
            })
            .collect()
    }

    proptest::proptest! {
        /// The index finds the tags that trying every phrase at every word finds.
        #[test]
        fn finds_what_every_window_finds(
            text in "((prix|libre|don|dons|donne|Adhésion|cotisations|appels|à|projet|services|payant|titre|gratuit|argent|public|[a-zéA-Z0-9]{1,3})[ ,.'’·-]{1,2}){0,12}"
        ) {
            let profile = Profile::chatons();
            for spec in profile.fields().iter().filter(|f| !f.tags.is_empty()) {
                let found: Vec<bool> = spec.tags.iter().map(|t| spec.tags_in(&text).iter().any(|f| f.tag == t.tag)).collect();
                proptest::prop_assert_eq!(found, by_windows(&spec.tags, &text));
            }
        }
    }
}
