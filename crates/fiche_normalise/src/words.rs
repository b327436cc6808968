//! Words of a text with their byte ranges, for the readers of quantities.

use fiche_profile::{is_letter_or_digit, push_char_key};
use std::ops::Range;

/// A word: its byte range in the text and where its comparison key is
/// in [`Words::keys`].
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub range: Range<usize>,
    key: Range<usize>,
}

/// A text and its words, with the gaps between them.
pub(crate) struct Words<'t> {
    pub text: &'t str,
    pub words: Vec<Word>,
    /// Every word's key, one after the other (one allocation, not one per word).
    keys: String,
}

/// Runs of letters and digits, with inner hyphens and inclusive dots
/// (`demi-douzaine`, `40-50`, `adhérent·es`); apostrophes split (`d'un`).
/// Each word's key is built in the same pass, character by character.
fn words(text: &str) -> (Vec<Word>, String) {
    // About one word per six bytes of French text: room for most texts'
    // words at once rather than growing one push at a time.
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut keys = String::with_capacity(text.len());
    // The current word's start, and where its key starts in `keys`.
    let mut start: Option<(usize, usize)> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes are their own characters; others are decoded.
        let (c, len) = match bytes[i] {
            b if b.is_ascii() => (char::from(b), 1),
            _ => match text[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            },
        };
        let word_char = is_letter_or_digit(c);
        let inner = !word_char
            && matches!(c, '-' | '–' | '·' | '⋅' | '•')
            && start.is_some()
            && text[i + len..]
                .chars()
                .next()
                .is_some_and(is_letter_or_digit);
        if word_char || inner {
            start.get_or_insert((i, keys.len()));
            push_char_key(c, &mut keys);
        } else if let Some((s, from)) = start.take() {
            out.push(Word {
                range: s..i,
                key: from..keys.len(),
            });
        }
        i += len;
    }
    if let Some((s, from)) = start {
        out.push(Word {
            range: s..text.len(),
            key: from..keys.len(),
        });
    }
    (out, keys)
}

impl<'t> Words<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let (words, keys) = words(text);
        Words { text, words, keys }
    }

    /// The key of word `i`, or `""` past the end.
    pub(crate) fn key(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| &self.keys[w.key.clone()])
    }

    /// The text of word `i`, or `""` past the end.
    pub(crate) fn raw(&self, i: usize) -> &'t str {
        self.words
            .get(i)
            .map_or("", |w| &self.text[w.range.clone()])
    }

    /// What stands between word `i - 1` and word `i` (from the start of the
    /// text for `i == 0`, to its end for `i == len`).
    pub(crate) fn gap_before(&self, i: usize) -> &'t str {
        let start = if i == 0 {
            0
        } else {
            self.words[i - 1].range.end
        };
        let end = self.words.get(i).map_or(self.text.len(), |w| w.range.start);
        &self.text[start..end]
    }

    pub(crate) fn len(&self) -> usize {
        self.words.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Each word's key is the key of its text.
        #[test]
        fn keys_built_in_one_pass_are_the_words_keys(
            text in "([a-zA-Z0-9]{1,5}|[éÉœ·⋅•–'’ .,-]|\u{a0}|e\u{301}|İ|ǅ|ß){0,12}"
        ) {
            let w = Words::new(&text);
            for i in 0..w.len() {
                proptest::prop_assert_eq!(w.key(i), fiche_profile::label_key(w.raw(i)), "{:?}", text);
            }
        }
    }
}
