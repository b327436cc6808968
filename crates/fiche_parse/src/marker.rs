//! List markers: `•`, `-`, `–`, `*`, `◦`…, `1.`, `1/`, `1)`, `a)`.

use nom::branch::alt;
use nom::bytes::complete::{take_while_m_n, take_while1};
use nom::character::complete::{char, one_of, satisfy};
use nom::combinator::{consumed, map};
use nom::sequence::terminated;
use nom::{IResult, Parser};

/// The characters that mark a bulleted item.
pub(crate) const BULLETS: &str = "•-–—*◦▪‣";

/// What kind of marker an item has; items of one kind form one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerKind {
    /// A bullet character.
    Bullet(char),
    /// A number followed by `.`, `/` or `)`.
    Number { n: u32, sep: char },
    /// A lower-case letter followed by `)`.
    Letter { letter: char },
}

impl MarkerKind {
    /// Whether `self` and `other` belong to the same list.
    pub(crate) fn same_list(self, other: MarkerKind) -> bool {
        match (self, other) {
            (MarkerKind::Bullet(a), MarkerKind::Bullet(b)) => a == b,
            (MarkerKind::Number { sep: a, .. }, MarkerKind::Number { sep: b, .. }) => a == b,
            (MarkerKind::Letter { .. }, MarkerKind::Letter { .. }) => true,
            _ => false,
        }
    }

    /// The marker that would follow this one in a run-on list (`2.` after `1.`).
    pub(crate) fn next(self) -> Option<MarkerText> {
        let mut text = MarkerText::default();
        match self {
            MarkerKind::Bullet(c) => text.push(c),
            MarkerKind::Number { n, sep } => {
                let mut digits = itoa::Buffer::new();
                for c in digits.format(n.checked_add(1)?).chars() {
                    text.push(c);
                }
                text.push(sep);
            }
            MarkerKind::Letter { letter } => {
                text.push(char::from_u32(letter as u32 + 1)?);
                text.push(')');
            }
        }
        Some(text)
    }
}

/// The text of a marker, built without a heap string (one per run-on
/// item otherwise): at most ten digits and a separator.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct MarkerText {
    bytes: [u8; 16],
    len: usize,
}

impl MarkerText {
    fn push(&mut self, c: char) {
        let end = self.len + c.len_utf8();
        if let Some(room) = self.bytes.get_mut(self.len..end) {
            c.encode_utf8(room);
            self.len = end;
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only whole characters are pushed.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl std::ops::Deref for MarkerText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// A marker at the start of a (trimmed) line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker<'t> {
    /// The marker as written (`•`, `1/`).
    pub text: &'t str,
    /// Its kind.
    pub kind: MarkerKind,
}

/// `bullet = BULLET`
fn bullet(input: &str) -> IResult<&str, MarkerKind> {
    map(one_of(BULLETS), MarkerKind::Bullet).parse(input)
}

/// `number = DIGIT{1,3} ('.' | '/' | ')')`
fn number(input: &str) -> IResult<&str, MarkerKind> {
    let (rest, (digits, sep)) = (
        take_while_m_n(1, 3, |c: char| c.is_ascii_digit()),
        one_of("./)"),
    )
        .parse(input)?;
    let n = digits.parse().unwrap_or(0);
    Ok((rest, MarkerKind::Number { n, sep }))
}

/// `letter = [a-z] ')'`
fn letter(input: &str) -> IResult<&str, MarkerKind> {
    map(
        terminated(satisfy(|c| c.is_ascii_lowercase()), char(')')),
        |letter| MarkerKind::Letter { letter },
    )
    .parse(input)
}

/// `ws = any Unicode whitespace`: no-break spaces separate like spaces.
fn whitespace1(input: &str) -> IResult<&str, &str> {
    take_while1(char::is_whitespace).parse(input)
}

/// `item = (bullet | number | letter) ws+ TEXT`: the marker and the text
/// after it. A marker must be followed by whitespace, so `-3`, `1.5` and
/// `a)b` are text, not items.
pub(crate) fn item(input: &str) -> Option<(Marker<'_>, &str)> {
    if !may_start_item(input) {
        return None;
    }
    let parsed: IResult<&str, (&str, MarkerKind)> =
        terminated(consumed(alt((bullet, number, letter))), whitespace1).parse(input);
    parsed
        .ok()
        .map(|(rest, (text, kind))| (Marker { text, kind }, rest))
}

/// Whether `input` may start with a marker, from its first characters: a
/// bullet, a digit, or a lower-case letter and `)`. Most lines start with
/// none, and are told so without the parsers.
fn may_start_item(input: &str) -> bool {
    let mut chars = input.chars();
    match chars.next() {
        Some('0'..='9' | '*' | '-') => true,
        Some('a'..='z') => chars.next() == Some(')'),
        Some(c) => !c.is_ascii() && BULLETS.contains(c),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcut turns no item away.
        #[test]
        fn the_shortcut_loses_no_item(s in "[•\\-–—*◦▪‣a-zA-Z0-9.)/ \t\u{a0}éÉ]{0,8}") {
            let parsed: IResult<&str, (&str, MarkerKind)> =
                terminated(consumed(alt((bullet, number, letter))), whitespace1).parse(&s);
            proptest::prop_assert_eq!(item(&s).is_some(), parsed.is_ok(), "{:?}", s);
        }
    }

    fn parts(s: &str) -> Option<(&str, &str)> {
        item(s).map(|(m, rest)| (m.text, rest))
    }

    #[test]
    fn every_marker_of_the_contract() {
        assert_eq!(parts("• a"), Some(("•", "a")));
        assert_eq!(parts("- a"), Some(("-", "a")));
        assert_eq!(parts("– a"), Some(("–", "a")));
        assert_eq!(parts("* a"), Some(("*", "a")));
        assert_eq!(parts("◦\ta"), Some(("◦", "a")));
        assert_eq!(parts("1. a"), Some(("1.", "a")));
        assert_eq!(parts("12/ a"), Some(("12/", "a")));
        assert_eq!(parts("3) a"), Some(("3)", "a")));
        assert_eq!(parts("b) a"), Some(("b)", "a")));
    }

    #[test]
    fn text_that_only_looks_like_a_marker() {
        assert_eq!(parts("-3 personnes"), None);
        assert_eq!(parts("1.5 ETP"), None);
        assert_eq!(parts("2019. Puis"), None);
        assert_eq!(parts("a)b"), None);
        assert_eq!(parts("3 permanents"), None);
        assert_eq!(parts("Association"), None);
    }

    #[test]
    fn next_markers() {
        assert_eq!(
            MarkerKind::Number { n: 1, sep: '.' }.next().as_deref(),
            Some("2.")
        );
        assert_eq!(
            MarkerKind::Letter { letter: 'a' }.next().as_deref(),
            Some("b)")
        );
        assert_eq!(MarkerKind::Bullet('-').next().as_deref(), Some("-"));
        assert_eq!(MarkerKind::Bullet('•').next().as_deref(), Some("•"));
        assert_eq!(
            MarkerKind::Number { n: 99, sep: '/' }.next().as_deref(),
            Some("100/")
        );
        assert_eq!(
            MarkerKind::Number {
                n: u32::MAX - 1,
                sep: ')'
            }
            .next()
            .as_deref(),
            Some("4294967295)")
        );
        assert_eq!(
            MarkerKind::Number {
                n: u32::MAX,
                sep: '.'
            }
            .next()
            .as_deref(),
            None
        );
    }
}
