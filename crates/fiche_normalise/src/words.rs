//! Words of a text with their byte ranges, for the readers of quantities.

use fiche_profile::label_key;
use std::ops::Range;

/// A word: its byte range in the text and its comparison key.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub range: Range<usize>,
    pub key: String,
}

/// Runs of letters and digits, with inner hyphens and inclusive dots
/// (`demi-douzaine`, `40-50`, `adhérent·es`); apostrophes split (`d'un`).
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '-' | '–' | '·' | '⋅' | '•')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(Word {
                range: s..i,
                key: label_key(&text[s..i]),
            });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            range: s..text.len(),
            key: label_key(&text[s..]),
        });
    }
    out
}

/// A text and its words, with the gaps between them.
pub(crate) struct Words<'t> {
    pub text: &'t str,
    pub words: Vec<Word>,
}

impl<'t> Words<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Words {
            text,
            words: words(text),
        }
    }

    /// The key of word `i`, or `""` past the end.
    pub(crate) fn key(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.key.as_str())
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
