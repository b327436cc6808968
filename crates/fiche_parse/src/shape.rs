//! The form of a label line, for lines the profile does not spell exactly:
//! a slip of a known label (`Nombre de bénévols`), or a label it does not
//! know at all (`Site web`). Labels are short lines of words, with no
//! number and no sentence punctuation; the values and text the seed export
//! has on lines of their own are longer, or hold a digit, a colon inside,
//! a comma or a full stop.

use crate::marker::item;

/// The most bytes a line read as a slip of a label may have: the longest
/// label of the CHATONS profile has 57 characters.
const MAX_LABEL_BYTES: usize = 120;

/// The most words a label of the profile has, plus one for a slip.
const MAX_LABEL_WORDS: usize = 8;

/// The most words a label the profile does not know may have.
const MAX_UNKNOWN_WORDS: usize = 6;

/// The most characters a label the profile does not know may have.
const MAX_UNKNOWN_CHARS: usize = 60;

/// `text` trimmed, without a final colon.
fn bare(text: &str) -> &str {
    let t = text.trim();
    t.strip_suffix(':').unwrap_or(t).trim_end()
}

/// Whether `text` (a line, or its part before a colon) has the form of a
/// label: at most 120 bytes and eight words, starting with a letter, no
/// digit, comma or semicolon, no sentence punctuation at its end, not a
/// list item. Only
/// such lines are compared with the profile's spellings for a slip.
///
/// Asked of every line that is no label spelling, so the cheapest tests
/// come first (length, first and last characters: labels start with a
/// letter, most prose ends a sentence), then the bytes are read once,
/// with an early way out; words are counted at ASCII spaces.
pub(crate) fn label_shaped(text: &str) -> bool {
    const SENTENCE_END: [char; 7] = ['.', '!', '?', '…', '»', ')', '"'];
    let bytes = text.as_bytes();
    // First and last bytes: most lines have no space at either end, and
    // are told by them without decoding a character.
    match (bytes.first(), bytes.last()) {
        (None, _) | (_, None) => return false,
        _ if bytes.len() > MAX_LABEL_BYTES => return false,
        (Some(first), _)
            if first.is_ascii() && !first.is_ascii_alphabetic() && !first.is_ascii_whitespace() =>
        {
            return false;
        }
        (_, Some(b'.' | b'!' | b'?' | b')' | b'"')) => return false,
        _ => {}
    }
    if !text.trim_start().starts_with(char::is_alphabetic)
        || text.trim_end().ends_with(SENTENCE_END)
    {
        return false;
    }
    let mut words = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        if b.is_ascii_digit() || b == b',' || b == b';' {
            return false;
        }
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            words += 1;
        }
        in_word = !space;
    }
    let t = bare(text);
    !t.is_empty()
        && words <= MAX_LABEL_WORDS + 1
        && t.split_whitespace().nth(MAX_LABEL_WORDS).is_none()
        && !t.ends_with(SENTENCE_END)
        && item(t).is_none()
}

/// Whether `text` (a line, or its part before a colon) has the form of a
/// label that the profile does not know: a [`label_shaped`] line of at
/// most six words and sixty characters that starts with a capital letter
/// and holds only letters, spaces, apostrophes, hyphens and
/// inclusive-writing dots (`·`, `⋅`, `•`).
pub(crate) fn unknown_label_shaped(text: &str) -> bool {
    let t = bare(text);
    label_shaped(t)
        && t.chars().next().is_some_and(char::is_uppercase)
        && t.chars().count() <= MAX_UNKNOWN_CHARS
        && t.split_whitespace().nth(MAX_UNKNOWN_WORDS).is_none()
        && t.chars().all(|c| {
            c.is_alphabetic()
                || c.is_whitespace()
                || matches!(c, '\'' | '’' | '-' | '·' | '⋅' | '•')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_shapes() {
        for (line, slip, unknown) in [
            ("Site web", true, true),
            ("Site web :", true, true),
            ("Nombre de bénévols", true, true),
            ("nombre de bénévols", true, false),
            ("Nombre d'adhérent·es", true, true),
            (
                "Typologie des utilisateurs et utilisatrices des services",
                true,
                false,
            ),
            ("Relancée après une pause", true, true),
            ("Administrateurs et membres contributeurs", true, true),
            ("2012", false, false),
            ("14 personnes", false, false),
            ("https://a.example", true, false),
            ("Une phrase qui finit.", false, false),
            ("But : promotion du numérique libre", true, false),
            ("- Bénévoles", false, false),
            ("Dons, adhésions", false, false),
            ("", false, false),
            (":", false, false),
            (
                "Une ligne de texte assez longue pour ne pas être un intitulé du tout",
                false,
                false,
            ),
        ] {
            assert_eq!(label_shaped(line), slip, "{line:?}");
            assert_eq!(unknown_label_shaped(line), unknown, "{line:?}");
        }
    }
}
