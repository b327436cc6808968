//! Finding the label a line spells, without building the whole line's key:
//! most lines of a fiche are values, and a value's key stops being the
//! start of any label key after a character or two.

use crate::FieldId;
use crate::key::{ASCII_KEY, push_char_key, table_key};

/// Label keys as a byte trie, each key with a value (the field of a label,
/// the option of a wording): node 0 is the empty key, each edge one byte of
/// a key. The edges of the key bytes `0-9a-z`, nearly all of them, are in a
/// table by node and byte, one lookup a step; the others (letters beyond
/// Latin) are stored flat, each node's next to each other.
#[derive(Debug, Clone)]
pub(crate) struct LabelKeys<T = FieldId> {
    nodes: Vec<Node<T>>,
    /// `(byte, node)`, each node's edges in one run.
    edges: Vec<(u8, u32)>,
    /// The child of each node by key byte `0-9a-z`, [`COLUMNS`] per node
    /// ([`column`]); 0 for none (the root is no one's child).
    dense: Vec<u32>,
}

/// The key bytes with a column in [`LabelKeys::dense`]: `0-9a-z`.
const COLUMNS: usize = 36;

/// The column of a key byte in [`LabelKeys::dense`].
fn column(key_byte: u8) -> Option<usize> {
    match key_byte {
        b'0'..=b'9' => Some(usize::from(key_byte - b'0')),
        b'a'..=b'z' => Some(10 + usize::from(key_byte - b'a')),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy)]
struct Node<T> {
    /// Where this node's edges are in [`LabelKeys::edges`].
    first_edge: u32,
    edge_count: u32,
    /// The value of the key that ends here.
    field: Option<T>,
}

impl<T: Copy> LabelKeys<T> {
    /// The trie of `index` (key → value); of two equal keys, the first
    /// keeps its value.
    pub(crate) fn new(index: impl IntoIterator<Item = (String, T)>) -> Self {
        // Built with a list of edges per node, then laid out flat.
        let mut next: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut fields: Vec<Option<T>> = vec![None];
        for (key, field) in index {
            let mut at = 0;
            for &b in key.as_bytes() {
                at = match next[at].iter().find(|&&(e, _)| e == b) {
                    Some(&(_, n)) => n as usize,
                    None => {
                        next.push(Vec::new());
                        fields.push(None);
                        let new = next.len() - 1;
                        next[at].push((b, u32::try_from(new).unwrap_or(u32::MAX)));
                        new
                    }
                };
            }
            fields[at].get_or_insert(field);
        }
        let mut keys = LabelKeys {
            nodes: Vec::with_capacity(next.len()),
            edges: Vec::new(),
            dense: vec![0; next.len() * COLUMNS],
        };
        for (edges, field) in next.iter().zip(fields) {
            keys.nodes.push(Node {
                first_edge: u32::try_from(keys.edges.len()).unwrap_or(u32::MAX),
                edge_count: u32::try_from(edges.len()).unwrap_or(u32::MAX),
                field,
            });
            keys.edges.extend_from_slice(edges);
        }
        for (at, edges) in next.iter().enumerate() {
            for &(b, n) in edges {
                if let Some(c) = column(b) {
                    keys.dense[at * COLUMNS + c] = n;
                }
            }
        }
        keys
    }

    /// The child of node `at` by key byte `byte`.
    #[inline]
    fn step(&self, at: usize, byte: u8) -> Option<usize> {
        if let Some(c) = column(byte) {
            return match self.dense[at * COLUMNS + c] {
                0 => None,
                n => Some(n as usize),
            };
        }
        let node = self.nodes[at];
        let first = node.first_edge as usize;
        self.edges[first..first + node.edge_count as usize]
            .iter()
            .find(|&&(b, _)| b == byte)
            .map(|&(_, n)| n as usize)
    }

    /// The value of the label key that is the [`crate::label_key`] of
    /// `line`; never that of the empty key (a blank line is no label).
    pub(crate) fn find(&self, line: &str) -> Option<T> {
        self.walk(line)
            .filter(|&at| at != 0)
            .and_then(|at| self.nodes[at].field)
    }

    /// The value of the key that is the [`crate::label_key`] of `line`,
    /// the empty key included: a `HashMap` lookup of the key, without
    /// building it.
    pub(crate) fn get(&self, line: &str) -> Option<T> {
        self.walk(line).and_then(|at| self.nodes[at].field)
    }

    /// The node of the [`crate::label_key`] of `line`, if the trie has it.
    ///
    /// The key is built one character at a time and walked down the trie,
    /// stopping as soon as no key starts with it.
    fn walk(&self, line: &str) -> Option<usize> {
        let mut buf = String::new();
        let mut at = 0;
        let bytes = line.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                i += 1;
                match ASCII_KEY[usize::from(b)] {
                    0 => {}
                    k => at = self.step(at, k)?,
                }
                continue;
            }
            let c = line[i..].chars().next()?;
            i += c.len_utf8();
            // Latin letters and common punctuation have a one-byte key or none.
            match table_key(c) {
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
        Some(at)
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

    #[test]
    fn get_is_a_lookup_of_the_whole_key_first_value_kept() {
        let k: LabelKeys<usize> = LabelKeys::new(
            [("Oui", 0), ("oui !", 1), ("—", 2), ("Non", 3)].map(|(l, i)| (label_key(l), i)),
        );
        assert_eq!(k.get("OUI"), Some(0));
        assert_eq!(k.get("non."), Some(3));
        // The empty key is a key like any other for `get`, never for `find`.
        assert_eq!(k.get(" "), Some(2));
        assert_eq!(k.find(" "), None);
        assert_eq!(k.get("Ou"), None);
        assert_eq!(k.get("Ouii"), None);
    }

    proptest::proptest! {
        /// The same answer as looking the whole key up.
        #[test]
        fn agrees_with_the_whole_key(line in "(Création|Membre|membres|depuis|Ωmega|ΩMEGA 2|ß|[a-zéΩω2 ·:'-]){0,6}") {
            // Keys beyond `0-9a-z` (`ω`, `ss`) take the edge lists.
            let labels = ["Création", "Membre depuis", "Membres", "membre", "Nombre d'employé·es", "Ωmega", "ωmega 2", "Straße"];
            let k = keys(&labels);
            let whole = labels.iter().position(|l| label_key(l) == label_key(&line) && !label_key(&line).is_empty()).map(FieldId);
            proptest::prop_assert_eq!(k.find(&line), whole);
        }
    }
}
