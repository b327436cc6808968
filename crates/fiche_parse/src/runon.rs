//! Quirks of scraped lists: items that the scrape ran together on one line.

use crate::marker::{BULLETS, Marker, MarkerKind, item};
use std::sync::LazyLock;

/// One item cut out of a run-on line: its marker and its text, both
/// subslices of the line.
pub(crate) type Piece<'t> = (&'t str, &'t str);

/// Quirk: `- one - two - three` or `1. one 2. two 3. three` on one line.
/// `rest` is the text after `first`; it is cut at every later marker of
/// the same list (`-` for bullets; the next number or letter, in
/// sequence, for numbered lists), which must stand between whitespace
/// (no-break spaces included).
pub(crate) fn quirk_run_on_items<'t>(first: Marker<'t>, rest: &'t str) -> Vec<Piece<'t>> {
    let mut pieces = Vec::new();
    for_each_run_on_item(first, rest, |piece| pieces.push(piece));
    pieces
}

/// [`quirk_run_on_items`], each piece handed to `f` (most lines are one
/// item: no list to build).
pub(crate) fn for_each_run_on_item<'t>(
    first: Marker<'t>,
    rest: &'t str,
    mut f: impl FnMut(Piece<'t>),
) {
    let mut marker = first.text;
    let mut kind = first.kind;
    let mut rest = rest;
    while let Some((at, next)) = find_next(rest, kind) {
        f((marker, rest[..at].trim_end()));
        marker = next.text;
        rest = rest[at + next.text.len()..].trim_start();
        kind = next.kind;
    }
    f((marker, rest));
}

/// The first `marker` in `text` that stands between whitespace: its byte
/// offset. A marker touching a word (`sud-ouest`, `2.5`) is text.
pub(crate) fn standalone(text: &str, marker: &str) -> Option<usize> {
    // Most texts lack one of the marker's characters: a quick scan for
    // each saves building a substring searcher.
    if !marker.chars().all(|c| text.contains(c)) {
        return None;
    }
    text.match_indices(marker)
        .map(|(i, _)| i)
        .find(|&i| alone(text, i, marker.len()))
}

/// Whether `text[i..i + len]` has whitespace on both sides.
fn alone(text: &str, i: usize, len: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace)
        && text[i + len..]
            .chars()
            .next()
            .is_some_and(char::is_whitespace)
}

/// Where the marker after `kind` starts in `text`, and the marker.
fn find_next(text: &str, kind: MarkerKind) -> Option<(usize, Marker<'_>)> {
    let next = kind.next()?;
    let at = standalone(text, &next)?;
    let (m, _) = item(&text[at..])?;
    (m.text == next.as_str()).then_some((at, m))
}

/// Quirk: a paragraph that introduces a run-on list, as in
/// `trois catégories : 1. un 2. deux 3. trois` or `Services : - un - deux`.
/// A numbered list needs its first two markers in sequence; a bulleted one
/// must follow a colon and have at least two items. Returns the
/// introduction and the items.
pub(crate) fn quirk_list_after_intro(text: &str) -> Option<(&str, MarkerKind, Vec<Piece<'_>>)> {
    if !has_standalone_start(text) {
        return None;
    }
    read_list_after_intro(text)
}

/// The markers a run-on list can start with: numbered ones, then bullets.
/// All but `a)` start with `1` ([`has_standalone_start`] relies on it).
const STARTS: [&str; 4] = ["1.", "1)", "1/", "a)"];

/// Whether some marker of [`STARTS`] or [`BULLETS`] is [`standalone`] in
/// `text`: a piece between two whitespace characters. Most paragraphs have
/// none; the bytes that start a marker are found with memchr, and only
/// their surroundings are looked at.
fn has_standalone_start(text: &str) -> bool {
    // Built once: building a searcher costs more than most searches.
    static A_PAREN: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"a)"));
    let bytes = text.as_bytes();
    // `1.`, `1)`, `1/` from their `1`; `a)` whole (`a` alone is everywhere).
    let numbered = memchr::memchr_iter(b'1', bytes)
        .chain(A_PAREN.find_iter(bytes))
        .any(|i| {
            STARTS
                .iter()
                .any(|m| text[i..].starts_with(m) && alone(text, i, m.len()))
        });
    // Bullets are `-`, `*`, or characters whose first byte is 0xE2 (a test
    // checks that every one of `BULLETS` is).
    numbered
        || memchr::memchr3_iter(b'-', b'*', 0xE2, bytes).any(|i| {
            text[i..]
                .chars()
                .next()
                .is_some_and(|c| BULLETS.contains(c) && alone(text, i, c.len_utf8()))
        })
}

/// [`has_standalone_start`] by splitting at whitespace: the definition.
#[cfg(test)]
fn has_standalone_start_by_pieces(text: &str) -> bool {
    let mut pieces = text.split(char::is_whitespace).peekable();
    // The first piece has no whitespace before it.
    pieces.next();
    while let Some(piece) = pieces.next() {
        // The last piece has no whitespace after it.
        if pieces.peek().is_none() {
            break;
        }
        let mut chars = piece.chars();
        let bullet = matches!((chars.next(), chars.next()), (Some(c), None) if BULLETS.contains(c));
        if bullet || STARTS.contains(&piece) {
            return true;
        }
    }
    false
}

/// [`quirk_list_after_intro`] without the shortcut.
fn read_list_after_intro(text: &str) -> Option<(&str, MarkerKind, Vec<Piece<'_>>)> {
    for start in STARTS {
        let Some(at) = standalone(text, start) else {
            continue;
        };
        let Some((first, rest)) = item(&text[at..]) else {
            continue;
        };
        let kind = first.kind;
        let pieces = quirk_run_on_items(first, rest);
        if pieces.len() >= 2 {
            return Some((text[..at].trim_end(), kind, pieces));
        }
    }
    for bullet in BULLETS.chars() {
        let mut bullet_buf = [0; 4];
        let Some(at) = standalone(text, bullet.encode_utf8(&mut bullet_buf)) else {
            continue;
        };
        let intro = text[..at].trim_end();
        if !intro.ends_with(':') {
            continue;
        }
        let Some((first, rest)) = item(&text[at..]) else {
            continue;
        };
        let kind = first.kind;
        let pieces = quirk_run_on_items(first, rest);
        if pieces.len() >= 2 {
            return Some((intro, kind, pieces));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bullet_starts_with_a_byte_the_shortcut_looks_for() {
        for c in BULLETS.chars() {
            let first = c.to_string().as_bytes()[0];
            assert!(matches!(first, b'-' | b'*' | 0xE2), "{c}");
            // And the shortcut finds it standing alone.
            assert!(has_standalone_start(&format!("x {c} y")), "{c}");
        }
    }

    proptest::proptest! {
        /// The shortcut finds every run-on list the full reading finds.
        #[test]
        fn the_shortcut_loses_no_list(
            pieces in proptest::collection::vec(
                (
                    "(1\\.|1\\)|1/|a\\)|2\\.|2\\)|3\\.|b\\)|•|-|–|—|◦|▪|‣|€|\\*|:|un|deux|11\\.|a\\)\\)|Services :|sud-ouest)",
                    "( |\u{a0}|\t|)",
                ),
                0..10,
            )
        ) {
            let text: String = pieces.iter().map(|(t, sep)| format!("{t}{sep}")).collect();
            proptest::prop_assert_eq!(has_standalone_start(&text), has_standalone_start_by_pieces(&text), "{:?}", text);
            proptest::prop_assert_eq!(quirk_list_after_intro(&text), read_list_after_intro(&text), "{:?}", text);
        }
    }

    fn split(line: &str) -> Vec<(&str, &str)> {
        match item(line) {
            Some((m, rest)) => quirk_run_on_items(m, rest),
            None => Vec::new(),
        }
    }

    #[test]
    fn bullets_run_together() {
        assert_eq!(
            split("- Support et FAQ (mail, chat) - formations, - ateliers d'entraide"),
            [
                ("-", "Support et FAQ (mail, chat)"),
                ("-", "formations,"),
                ("-", "ateliers d'entraide")
            ]
        );
        // Hyphens inside words and domain names are not markers.
        assert_eq!(
            split("- sud-ouest.org et non-techniques"),
            [("-", "sud-ouest.org et non-techniques")]
        );
    }

    #[test]
    fn numbers_run_together_only_in_sequence() {
        assert_eq!(
            split("1. un 2. deux 3. trois"),
            [("1.", "un"), ("2.", "deux"), ("3.", "trois")]
        );
        assert_eq!(split("1. un 3. deux"), [("1.", "un 3. deux")]);
        assert_eq!(split("a) un b) deux"), [("a)", "un"), ("b)", "deux")]);
    }

    #[test]
    fn no_break_spaces_count_as_spaces() {
        assert_eq!(
            split("-\u{a0}un\u{a0}-\u{a0}deux"),
            [("-", "un"), ("-", "deux")]
        );
        assert_eq!(
            split("1.\u{a0}un 2.\u{a0}deux"),
            [("1.", "un"), ("2.", "deux")]
        );
    }

    #[test]
    fn intro_then_list() {
        let (intro, _, items) =
            quirk_list_after_intro("Trois catégories\u{a0}: 1. un 2. deux 3. trois ; fin")
                .unwrap_or(("", MarkerKind::Bullet('?'), Vec::new()));
        assert_eq!(intro, "Trois catégories\u{a0}:");
        assert_eq!(items, [("1.", "un"), ("2.", "deux"), ("3.", "trois ; fin")]);
        let (intro, _, items) = quirk_list_after_intro("Services : - mail - cloud").unwrap_or((
            "",
            MarkerKind::Bullet('?'),
            Vec::new(),
        ));
        assert_eq!(intro, "Services :");
        assert_eq!(items, [("-", "mail"), ("-", "cloud")]);
        // One marker is not a list; a dash after words is not a list.
        assert_eq!(quirk_list_after_intro("En 2018 1. seul"), None);
        assert_eq!(
            quirk_list_after_intro("But : promotion du libre - associations - éducation"),
            None
        );
    }
}
