//! Comparison keys: two spellings of a label are the same label when their
//! keys are equal.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The comparison key of a label or wording: lower case, accents removed,
/// and every character that is not a letter or a digit dropped (spaces,
/// apostrophes, colons, inclusive-writing dots and brackets).
///
/// `Nombre d’employé⋅es :` and `nombre d'employées` both give `nombredemployees`.
pub fn label_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len());
    if s.is_ascii() {
        key.extend(
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return key;
    }
    for c in s.nfd().filter(|&c| !is_combining_mark(c)) {
        if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
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

    #[test]
    fn keys_ignore_case_accents_and_punctuation() {
        assert_eq!(label_key("Nombre d’employé⋅es :"), "nombredemployees");
        assert_eq!(label_key("nombre d'employées"), "nombredemployees");
        assert_eq!(label_key("Création"), "creation");
        // NFD input gives the same key as NFC input.
        assert_eq!(label_key("Cre\u{301}ation"), "creation");
        assert_eq!(label_key("Rôles des membres"), "rolesdesmembres");
        assert_eq!(label_key(" \t:"), "");
    }

    #[test]
    fn words_split_at_apostrophes_and_punctuation() {
        let w: Vec<String> = words("d'appels à projet, Dons.").collect();
        assert_eq!(w, ["d", "appels", "a", "projet", "dons"]);
    }
}
