//! The form of a label line, for lines the profile does not spell exactly:
//! a slip of a known label (`Nombre de bénévols`), or a label it does not
//! know at all (`Site web`). Labels are short lines of words, with no
//! number and no sentence punctuation; the values and text the seed export
//! has on lines of their own are longer, or hold a digit, a colon inside,
//! a comma or a full stop.

use crate::marker::item;

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
/// label: at most eight words, no digit, comma or semicolon, no sentence
/// punctuation at its end, not a list item. Only such lines are compared with the profile's
/// spellings for a slip.
pub(crate) fn label_shaped(text: &str) -> bool {
    let t = bare(text);
    !t.is_empty()
        && t.len() <= 4 * MAX_UNKNOWN_CHARS
        && !t
            .bytes()
            .any(|b| b.is_ascii_digit() || b == b',' || b == b';')
        && !t.ends_with(['.', '!', '?', ';', ',', '…', '»', ')', '"'])
        && t.split_whitespace().nth(MAX_LABEL_WORDS).is_none()
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
