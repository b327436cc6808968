//! The heading line that starts a fiche: `PREFIX - NAME`.

use nom::branch::alt;
use nom::bytes::complete::{tag_no_case, take_while, take_while1};
use nom::character::complete::one_of;
use nom::combinator::{eof, rest};
use nom::sequence::preceded;
use nom::{IResult, Parser};

/// `heading = ws* PREFIX ws* (SEP ws* NAME? | EOL)` where SEP is `-`, `–`,
/// `—` or `:` and ws any whitespace, no-break spaces included. Returns the name, trimmed; `Some("")` is a heading without a name.
pub(crate) fn heading<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    // Most lines are not headings, and their first letter says so: at
    // once when, after any ASCII blanks, it is an ASCII character. A
    // line of ASCII blanks only (or empty) is no heading of a prefix.
    if let Some(&b) = prefix.as_bytes().first() {
        let first = line.bytes().find(|&a| !matches!(a, b' ' | b'\t'..=b'\r'));
        match first {
            None => return None,
            Some(a) if a.is_ascii() && b.is_ascii() && !a.eq_ignore_ascii_case(&b) => {
                return None;
            }
            Some(_) => {}
        }
    }
    let line_start = line.trim_start();
    let starts_alike = match (line_start.chars().next(), prefix.as_bytes().first()) {
        (Some(a), Some(b)) if a.is_ascii() && b.is_ascii() => {
            a.eq_ignore_ascii_case(&char::from(*b))
        }
        // Bullets, dashes, accented capitals: lower-cased, no character
        // beyond ASCII starts with an ASCII letter but these two.
        (Some(a), Some(b)) if b.is_ascii() && !LOWER_CASE_TO_ASCII.contains(&a) => false,
        _ => {
            let first = |s: &str| s.chars().next().map(char::to_lowercase);
            match (first(line_start), first(prefix)) {
                (Some(a), Some(b)) => a.eq(b),
                (_, None) => true,
                (None, Some(_)) => false,
            }
        }
    };
    if !starts_alike {
        return None;
    }
    parse_heading(line, prefix)
}

/// The characters beyond ASCII whose lower case starts with an ASCII
/// character: `İ` (`i` and a combining dot) and the Kelvin sign (`k`).
const LOWER_CASE_TO_ASCII: [char; 2] = ['\u{130}', '\u{212a}'];

/// [`heading`] without the first-letter shortcut.
fn parse_heading<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let ws = || take_while(char::is_whitespace);
    let parsed: IResult<&str, &str> = preceded(
        (ws(), prefix_no_case(prefix), ws()),
        alt((preceded((one_of("-–—:"), ws()), rest), eof)),
    )
    .parse(line);
    parsed.ok().map(|(_, name)| name.trim())
}

/// The prefix of a heading, case ignored, where each space between its
/// words stands for any run of whitespace: `Fiche\u{a0}fonctionnement`,
/// `Fiche  fonctionnement`. Scrapes put no-break and doubled spaces
/// there, and cleaning folds such runs to one space, so a value line that
/// is no heading must not become one once cleaned (a record written back
/// as text would then read as two fiches).
///
/// An ASCII prefix is first compared to the line's bytes at once: nom
/// compares character by character through `char::to_lowercase`, and when
/// the bytes match ignoring ASCII case, so do the characters, over the same
/// length. Anything else (`K` for `k`, other spaces) goes word by word.
fn prefix_no_case<'a>(
    prefix: &str,
) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    move |input: &'a str| {
        if prefix.is_ascii()
            && let Some(head) = input.get(..prefix.len())
            && head.eq_ignore_ascii_case(prefix)
        {
            return Ok((&input[prefix.len()..], head));
        }
        prefix_word_by_word(prefix).parse(input)
    }
}

/// [`prefix_no_case`] without the shortcut: each word of `prefix` by
/// `tag_no_case`, with at least one whitespace character between two.
fn prefix_word_by_word<'a>(
    prefix: &str,
) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    move |input: &'a str| {
        let mut rest = input;
        for (k, word) in prefix.split_whitespace().enumerate() {
            if k > 0 {
                (rest, _) = take_while1(char::is_whitespace).parse(rest)?;
            }
            (rest, _) = tag_no_case(word).parse(rest)?;
        }
        Ok((rest, &input[..input.len() - rest.len()]))
    }
}

#[cfg(test)]
mod tests {
    use super::{LOWER_CASE_TO_ASCII, heading, parse_heading, prefix_no_case, prefix_word_by_word};
    use nom::Parser;
    use nom::bytes::complete::tag_no_case;

    proptest::proptest! {
        /// The ASCII comparison gives the word-by-word answer, which is
        /// nom's for a line with the prefix's own single spaces.
        #[test]
        fn the_prefix_comparison_is_nom_s(
            line in "(Fiche|fiche|FICHE|fïche|Fiche fonc|Ḟiche|K|k|K|İ|i|x|é|É)(tion|TION|[ a-zA-Z:-]){0,3}",
            prefix in "(Fiche fonctionnement|fiche|Fiche|K|k|İ|i̇|é|)",
        ) {
            let ours: nom::IResult<&str, &str> = prefix_no_case(&prefix).parse(&line);
            let by_word: nom::IResult<&str, &str> = prefix_word_by_word(&prefix).parse(&line);
            proptest::prop_assert_eq!(&ours, &by_word);
            if !line.contains("  ") {
                let nom_s: nom::IResult<&str, &str> = tag_no_case(prefix.as_str()).parse(&line);
                proptest::prop_assert_eq!(ours.is_ok(), nom_s.is_ok());
            }
        }

        /// Whatever spaces stand between the prefix's words, the line is a
        /// heading exactly when it is one with a single space there.
        #[test]
        fn any_spaces_between_the_prefix_words(
            spaces in "[ \u{a0}\u{202f}\t]{1,3}",
            name in "[ a-zA-Z:-]{0,8}",
        ) {
            let p = "Fiche fonctionnement";
            let line = format!("Fiche{spaces}fonctionnement{name}");
            let single = format!("Fiche fonctionnement{name}");
            proptest::prop_assert_eq!(heading(&line, p), heading(&single, p));
        }

        /// The shortcut rejects no heading.
        #[test]
        fn the_shortcut_loses_no_heading(
            line in "[ \u{a0}\t]{0,2}(Fiche|fiche|FICHE|fïche|Ḟiche|K|k|K|İ|i|x|)[ a-zA-Z:-]{0,12}",
            prefix in "(Fiche fonctionnement|fiche|K|k|İ|i̇|)",
        ) {
            proptest::prop_assert_eq!(heading(&line, &prefix), parse_heading(&line, &prefix));
        }
    }

    #[test]
    fn only_two_characters_beyond_ascii_lower_case_to_ascii() {
        let found: Vec<char> = (0x80..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().next().is_some_and(|l| l.is_ascii()))
            .collect();
        assert_eq!(found, LOWER_CASE_TO_ASCII);
    }

    #[test]
    fn headings_with_and_without_names() {
        let p = "Fiche fonctionnement";
        assert_eq!(heading("Fiche fonctionnement - Infini", p), Some("Infini"));
        assert_eq!(
            heading("fiche FONCTIONNEMENT : Le Retzien Libre ", p),
            Some("Le Retzien Libre")
        );
        assert_eq!(
            heading("Fiche fonctionnement – Sud-Ouest.org", p),
            Some("Sud-Ouest.org")
        );
        assert_eq!(heading("Fiche fonctionnement", p), Some(""));
        assert_eq!(heading("Fiche fonctionnement\u{a0}-\u{a0}X", p), Some("X"));
        assert_eq!(heading("Fiche fonctionnement -", p), Some(""));
        assert_eq!(heading("Fiche\u{a0}fonctionnement - X", p), Some("X"));
        assert_eq!(heading("FICHE  \tfonctionnement : X", p), Some("X"));
        assert_eq!(heading("Fichefonctionnement - X", p), None);
        assert_eq!(heading("Fiche fonctionnementale", p), None);
        assert_eq!(heading("La fiche fonctionnement - X", p), None);
    }
}
