//! French as a French editor prints it: no-break spaces inside guillemets
//! and before high punctuation.
//!
//! Every French message goes through [`typography`] once, so the rule lives
//! here and the messages are written with plain spaces (or none) around
//! `«` `»` `:` `;` `?` `!`.

/// No-break space: inside guillemets and before `:`.
const NBSP: char = '\u{a0}';
/// Narrow no-break space: before `;`, `?` and `!`.
const NNBSP: char = '\u{202f}';

/// `text` with French spacing: a no-break space just inside each `«` and
/// `»`, before each `:` that follows a space, and a narrow no-break space
/// before each `;`, `?` and `!` that follows a space. What stands between
/// guillemets is a quotation and is kept as it is, but for the spaces at
/// its two ends, which become the no-break spaces.
pub fn typography(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // How deep inside guillemets (a quotation may quote guillemets).
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '«' => {
                depth += 1;
                out.push('«');
                if depth == 1 {
                    while chars.next_if(|c| c.is_whitespace()).is_some() {}
                    out.push(NBSP);
                }
            }
            '»' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    while out.ends_with([' ', '\t', NBSP]) {
                        out.pop();
                    }
                    out.push(NBSP);
                }
                out.push('»');
            }
            ':' | ';' | '?' | '!' if depth == 0 && out.ends_with(' ') => {
                out.pop();
                out.push(if c == ':' { NBSP } else { NNBSP });
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::typography;

    #[test]
    fn guillemets_hold_no_break_spaces() {
        assert_eq!(typography("«Création»"), "«\u{a0}Création\u{a0}»");
        assert_eq!(typography("« Création »"), "«\u{a0}Création\u{a0}»");
        assert_eq!(typography("«»"), "«\u{a0}»");
    }

    proptest::proptest! {
        /// Setting French typography twice changes nothing more.
        #[test]
        fn typography_is_idempotent(text in "[a-z«» :;?!\u{a0}\u{202f}]{0,24}") {
            let once = typography(&text);
            proptest::prop_assert_eq!(typography(&once), once);
        }
    }

    #[test]
    fn high_punctuation_follows_a_no_break_space() {
        assert_eq!(
            typography("vide ; à remplir : oui ? non !"),
            "vide\u{202f}; à remplir\u{a0}: oui\u{202f}? non\u{202f}!"
        );
        // No space before: nothing is added (`https://`, `10:30`).
        assert_eq!(typography("https://a.fr 10:30"), "https://a.fr 10:30");
    }

    #[test]
    fn quotations_are_kept_as_written() {
        assert_eq!(
            typography("lu : «Tarif : 10 € ; dons» fin"),
            "lu\u{a0}: «\u{a0}Tarif : 10 € ; dons\u{a0}» fin"
        );
        assert_eq!(
            typography("«il dit «oui» : bien»"),
            "«\u{a0}il dit «oui» : bien\u{a0}»"
        );
        // A closing guillemet with no opening one is only a character.
        assert_eq!(typography("a » b"), "a » b");
    }
}
