//! Finding the label a line spells, without building the whole line's key:
//! most lines of a fiche are values, and a value's key stops being the
//! start of any label key after a character or two.

use crate::FieldId;
use crate::key::{ASCII_KEY, fast_key, push_char_key};

/// The label keys of a profile as a byte trie: node 0 is the empty key,
/// each edge one byte of a key.
#[derive(Debug, Clone)]
pub(crate) struct LabelKeys {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    /// `(byte, node)`, one per distinct next byte.
    next: Vec<(u8, usize)>,
    /// The field whose label key ends here.
    field: Option<FieldId>,
}

impl Default for LabelKeys {
    fn default() -> Self {
        LabelKeys {
            nodes: vec![Node::default()],
        }
    }
}

impl LabelKeys {
    /// The trie of `index` (label key → field).
    pub(crate) fn new(index: impl IntoIterator<Item = (String, FieldId)>) -> Self {
        let mut keys = LabelKeys::default();
        for (key, field) in index {
            let mut at = 0;
            for &b in key.as_bytes() {
                at = match keys.step(at, b) {
                    Some(next) => next,
                    None => {
                        keys.nodes.push(Node::default());
                        let new = keys.nodes.len() - 1;
                        keys.nodes[at].next.push((b, new));
                        new
                    }
                };
            }
            keys.nodes[at].field = Some(field);
        }
        keys
    }

    fn step(&self, at: usize, byte: u8) -> Option<usize> {
        self.nodes[at]
            .next
            .iter()
            .find(|&&(b, _)| b == byte)
            .map(|&(_, n)| n)
    }

    /// The field whose label key is the [`crate::label_key`] of `line`.
    ///
    /// The key is built one character at a time and walked down the trie,
    /// stopping as soon as no label key starts with it.
    pub(crate) fn find(&self, line: &str) -> Option<FieldId> {
        let mut buf = String::new();
        let mut at = 0;
        for c in line.chars() {
            // ASCII, Latin letters and common punctuation have a one-byte
            // key or none.
            let one = if c.is_ascii() {
                Some(ASCII_KEY[c as usize])
            } else {
                fast_key(c)
            };
            match one {
                Some(0) => {}
                Some(k) => at = self.step(at, k)?,
                None => {
                    buf.clear();
                    push_char_key(c, &mut buf);
                    for &b in buf.as_bytes() {
                        at = self.step(at, b)?;
                    }
                }
            }
        }
        // The root is the empty key, which is no label.
        self.nodes[at].field.filter(|_| at != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label_key;

    fn keys(labels: &[&str]) -> LabelKeys {
        LabelKeys::new(
            labels
                .iter()
                .enumerate()
                .map(|(i, l)| (label_key(l), FieldId(i))),
        )
    }

    #[test]
    fn finds_whole_keys_only() {
        let k = keys(&[
            "Création",
            "Membre depuis",
            "Membres",
            "Nombre de bénévoles",
        ]);
        assert_eq!(k.find("CRÉATION :"), Some(FieldId(0)));
        assert_eq!(k.find("  membre depuis"), Some(FieldId(1)));
        assert_eq!(k.find("Membres"), Some(FieldId(2)));
        assert_eq!(k.find("Membre"), None);
        assert_eq!(k.find("Membre depuis 2019"), None);
        assert_eq!(k.find("Créations"), None);
        assert_eq!(k.find(""), None);
        assert_eq!(k.find(" : "), None);
        assert_eq!(keys(&[]).find("Création"), None);
    }

    proptest::proptest! {
        /// The same answer as looking the whole key up.
        #[test]
        fn agrees_with_the_whole_key(line in "(Création|Membre|membres|depuis|[a-zé ·:'-]){0,6}") {
            let labels = ["Création", "Membre depuis", "Membres", "membre", "Nombre d'employé·es"];
            let k = keys(&labels);
            let whole = labels.iter().position(|l| label_key(l) == label_key(&line) && !label_key(&line).is_empty()).map(FieldId);
            proptest::prop_assert_eq!(k.find(&line), whole);
        }
    }
}
