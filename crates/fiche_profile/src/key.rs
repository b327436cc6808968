//! Comparison keys: two spellings of a label are the same label when their
//! keys are equal.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// The comparison key of a label or wording: lower case, accents removed,
/// and every character that is not a letter or a digit dropped (spaces,
/// apostrophes, colons, inclusive-writing dots and brackets).
///
/// `Nombre d’employé⋅es :` and `nombre d'employées` both give `nombredemployees`.
pub fn label_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    push_key(s, &mut key, usize::MAX);
    key
}

/// Appends the [`label_key`] of `s` to `key`, giving up (and returning
/// false) as soon as `key` holds more than `max` bytes.
///
/// Each character is decomposed on its own: that is NFD without the
/// reordering of combining marks, which are dropped anyway.
pub fn push_key(s: &str, key: &mut String, max: usize) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // A run of ASCII letters and digits, copied and lower-cased at once.
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let from = key.len();
            key.push_str(&s[start..i]);
            key[from..].make_ascii_lowercase();
        } else if b.is_ascii() {
            i += 1;
            continue;
        } else {
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            push_char_key(c, key);
        }
        if key.len() > max {
            return false;
        }
    }
    true
}

/// Appends the [`label_key`] of one character to `key`: nothing, or its
/// base letter or digit lower-cased.
pub(crate) fn push_char_key(c: char, key: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        }
    } else {
        decompose_canonical(c, |d| {
            if !is_combining_mark(d) && d.is_alphanumeric() {
                key.extend(d.to_lowercase());
            }
        });
    }
}

/// The words of `text` as [`label_key`]s, in order: runs of letters and
/// digits, split at anything else (so `d'appels` gives `d`, `appels`).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .filter(|w| !w.is_empty())
        .map(label_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: NFD of the whole string, marks dropped, letters and
    /// digits lower-cased.
    fn nfd_key(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfd()
            .filter(|&c| !is_combining_mark(c) && c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }

    #[test]
    fn keys_ignore_case_accents_and_punctuation() {
        assert_eq!(label_key("Nombre d’employé⋅es :"), "nombredemployees");
        assert_eq!(label_key("nombre d'employées"), "nombredemployees");
        assert_eq!(label_key("Création"), "creation");
        // NFD input gives the same key as NFC input.
        assert_eq!(label_key("Cre\u{301}ation"), "creation");
        assert_eq!(label_key("Rôles des membres"), "rolesdesmembres");
        assert_eq!(label_key(" \t:"), "");
        // Marks in any order, Hangul, dotted capitals: as whole-string NFD gives them.
        for s in [
            "a\u{323}\u{302}A\u{302}\u{323}",
            "한국어",
            "İstanbul",
            "ǅ ﬁ Ωmega ℌ",
            "Nombre d’employé⋅es",
        ] {
            assert_eq!(label_key(s), nfd_key(s), "{s}");
        }
        assert_eq!(label_key("İ"), "i");
        let mut key = String::new();
        assert!(!push_key("Nombre de bénévoles", &mut key, 5));
    }

    proptest::proptest! {
        #[test]
        fn keys_are_nfd_without_marks_lower_cased(s in "(\\PC|[a-zA-Z0-9 ·'-]){0,40}") {
            proptest::prop_assert_eq!(label_key(&s), nfd_key(&s));
            let mut key = String::new();
            let fits = push_key(&s, &mut key, 8);
            proptest::prop_assert_eq!(fits, nfd_key(&s).len() <= 8);
        }
    }

    #[test]
    fn words_split_at_apostrophes_and_punctuation() {
        let w: Vec<String> = words("d'appels à projet, Dons.").collect();
        assert_eq!(w, ["d", "appels", "a", "projet", "dons"]);
    }
}
