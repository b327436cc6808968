//! UTF-8 inputs with lines that are not UTF-8: a scrape concatenated from
//! several sources, one of them a legacy 8-bit export. Once a UTF-8 input
//! is found invalid, each line is judged on its own:
//! - valid UTF-8 is kept as it is;
//! - a line with more invalid sequences than UTF-8 characters beyond
//!   ASCII is a line of a legacy encoding (`tr\xE9sori\xE8re`; a byte pair
//!   that happens to be UTF-8, as `Ã©` written in Windows-1252, does not
//!   outweigh the rest): it is decoded in the one its bytes suggest
//!   ([`legacy_encoding`]), with a `mixed-encoding` warning that quotes the
//!   line as read;
//! - any other is damaged UTF-8: its invalid bytes become U+FFFD, and the
//!   `invalid-bytes` warning names them in hexadecimal, so the original
//!   bytes are never silently replaced.
//!
//! encoding_rs decodes; what is written here is only the judgement, which
//! no library makes line by line.

use encoding_rs::{Encoding, ISO_8859_15, WINDOWS_1252};
use fiche_types::{Code, Message, Problem, Span};

/// What decoding did to a line (or a part of one, for a line longer than
/// a read) that is not valid UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mark {
    /// Decoded in this legacy encoding.
    Legacy(&'static Encoding),
    /// Damaged UTF-8: these bytes were replaced by U+FFFD.
    Damaged(Vec<u8>),
}

/// Decodes `bytes` (a line, or a part of one) of a UTF-8 input onto `out`,
/// as the module says; returns what was done when it was not valid UTF-8.
pub(crate) fn decode_line(bytes: &[u8], out: &mut String) -> Option<Mark> {
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        out.push_str(text);
        return None;
    }
    // Damaged UTF-8 has more UTF-8 characters beyond ASCII than invalid
    // sequences; a legacy line has invalid sequences, and at most a few
    // byte pairs that happen to be UTF-8 (`Ã©` written in Windows-1252).
    let (mut utf8, mut invalid) = (0, 0);
    for chunk in bytes.utf8_chunks() {
        utf8 += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if utf8 >= invalid {
        let mut invalid = Vec::new();
        for chunk in bytes.utf8_chunks() {
            out.push_str(chunk.valid());
            if !chunk.invalid().is_empty() {
                out.push(char::REPLACEMENT_CHARACTER);
                invalid.extend_from_slice(chunk.invalid());
            }
        }
        return Some(Mark::Damaged(invalid));
    }
    let encoding = legacy_encoding(bytes);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    out.push_str(&text);
    Some(Mark::Legacy(encoding))
}

/// The legacy encoding the bytes of a line suggest: Windows-1252, the
/// encoding of French legacy exports, unless the line has `0xA4` (the euro
/// sign of ISO-8859-15, `¤` in Windows-1252) and none of the bytes
/// `0x80`–`0x9F` (C1 controls in ISO-8859-15, letters and signs in
/// Windows-1252).
pub(crate) fn legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let euro_8859 = bytes.contains(&0xA4);
    let c1 = bytes.iter().any(|b| (0x80..=0x9F).contains(b));
    if euro_8859 && !c1 {
        ISO_8859_15
    } else {
        WINDOWS_1252
    }
}

/// How many bytes at the end of `bytes` start a UTF-8 sequence that the
/// end cuts (at most three): they wait for the next read.
pub(crate) fn cut_sequence_len(bytes: &[u8]) -> usize {
    for back in 1..=3.min(bytes.len()) {
        let b = bytes[bytes.len() - back];
        let len = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            0x80..=0xBF => continue,
            _ => return 0,
        };
        return if len > back { back } else { 0 };
    }
    0
}

/// The index of the line of `text` (line ends as read: `\n`, `\r\n` or a
/// lone `\r`) that byte `at` is on: its line once line ends are unified.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    let before = &text.as_bytes()[..at.min(text.len())];
    let lf = memchr::memchr_iter(b'\n', before).count();
    let lone_cr = memchr::memchr_iter(b'\r', before)
        .filter(|&i| before.get(i + 1) != Some(&b'\n'))
        .count();
    // A `\r` just before `at` whose `\n` is at `at` is one line end, counted
    // once the `\n` is reached: it is not lone.
    let cr_before_lf = at > 0
        && at <= text.len()
        && before.last() == Some(&b'\r')
        && text.as_bytes().get(at) == Some(&b'\n');
    lf + lone_cr - usize::from(cr_before_lf)
}

/// The warnings of the marks of `text` (line ends unified, repaired),
/// each mark with the index of its line; one warning a line and kind.
pub(crate) fn problems(text: &str, marks: &[(usize, Mark)]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut done: Vec<(usize, bool)> = Vec::new();
    let mut lines = text.split_inclusive('\n').enumerate();
    let mut line_start = 0;
    let mut current: Option<(usize, &str)> = None;
    for (index, mark) in marks {
        let key = (*index, matches!(mark, Mark::Legacy(_)));
        if done.contains(&key) {
            continue;
        }
        done.push(key);
        // Marks come in text order: the lines are walked once.
        while current.is_none_or(|(i, _)| i < *index) {
            if let Some((_, line)) = current {
                line_start += line.len();
            }
            match lines.next() {
                Some(next) => current = Some(next),
                None => break,
            }
        }
        let Some((_, line)) = current.filter(|(i, _)| i == index) else {
            continue;
        };
        let content = line.trim_end_matches('\n');
        problems.push(match mark {
            Mark::Legacy(encoding) => Problem::new(
                Code::MixedEncoding,
                Span::new(line_start, line_start + content.len()),
                Message::new(
                    format!(
                        "this line is not UTF-8 like the rest of the input; it was read as {}: «{}»",
                        encoding.name(),
                        content.trim()
                    ),
                    format!(
                        "cette ligne n'est pas en UTF-8 comme le reste du fichier ; elle a été lue en {} : «{}»",
                        encoding.name(),
                        content.trim()
                    ),
                ),
            ),
            Mark::Damaged(bytes) => {
                let at = line_start + content.find('\u{FFFD}').unwrap_or(0);
                let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
                let hex = hex.join(" ");
                Problem::new(
                    Code::InvalidBytes,
                    Span::new(at, at + '\u{FFFD}'.len_utf8()),
                    Message::new(
                        format!(
                            "bytes that are not valid UTF-8 ({hex}) were replaced by U+FFFD; check the file's encoding or give it with --encoding"
                        ),
                        format!(
                            "des octets non valides en UTF-8 ({hex}) ont été remplacés par le caractère «\u{fffd}» ; vérifiez l'encodage du fichier ou indiquez-le avec l'option --encoding"
                        ),
                    ),
                )
            }
        });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> (String, Option<Mark>) {
        let mut out = String::new();
        let mark = decode_line(bytes, &mut out);
        (out, mark)
    }

    #[test]
    fn each_line_is_judged_on_its_own() {
        assert_eq!(
            decoded("Création\n".as_bytes()),
            ("Création\n".to_owned(), None)
        );
        assert_eq!(
            decoded(b"tr\xE9sori\xE8re\n"),
            ("trésorière\n".to_owned(), Some(Mark::Legacy(WINDOWS_1252)))
        );
        assert_eq!(
            decoded(b"10 \xA4 par an\n"),
            ("10 € par an\n".to_owned(), Some(Mark::Legacy(ISO_8859_15)))
        );
        assert_eq!(
            decoded(b"10 \x80 ou \xA4\n"),
            ("10 € ou ¤\n".to_owned(), Some(Mark::Legacy(WINDOWS_1252)))
        );
        assert_eq!(
            decoded("Adh\u{e9}sion de 10 €".as_bytes()),
            ("Adhésion de 10 €".to_owned(), None)
        );
        let mut damaged = b"Adh\xE9sion de 10 ".to_vec();
        damaged.extend_from_slice("€".as_bytes());
        assert_eq!(
            decoded(&damaged),
            (
                "Adh\u{FFFD}sion de 10 €".to_owned(),
                Some(Mark::Damaged(vec![0xE9]))
            )
        );
    }

    #[test]
    fn a_legacy_line_with_a_byte_pair_that_is_utf8_stays_legacy() {
        let mut out = String::new();
        // `à`, `é`: invalid; `Ã©` in Windows-1252 is C3 A9, UTF-8 for `é`.
        let line = b"\xE0 prix libre, \xE9lectronique, Cr\xC3\xA9ation\n";
        assert_eq!(
            decode_line(line, &mut out),
            Some(Mark::Legacy(WINDOWS_1252))
        );
        assert_eq!(out, "à prix libre, électronique, CrÃ©ation\n");
    }

    #[test]
    fn sequences_cut_by_the_end_are_held_back() {
        let e_acute = "é".as_bytes();
        let euro = "€".as_bytes();
        assert_eq!(cut_sequence_len(b"abc"), 0);
        assert_eq!(cut_sequence_len(e_acute), 0);
        assert_eq!(cut_sequence_len(&e_acute[..1]), 1);
        assert_eq!(cut_sequence_len(&euro[..2]), 2);
        assert_eq!(cut_sequence_len(euro), 0);
        assert_eq!(cut_sequence_len(b"tr\xE9"), 1);
        assert_eq!(cut_sequence_len(b""), 0);
    }

    #[test]
    fn lines_are_counted_as_unified_line_ends_count_them() {
        let text = "a\r\nb\rc\nd";
        for (at, line) in [(0, 0), (1, 0), (2, 0), (3, 1), (5, 2), (7, 3), (8, 3)] {
            assert_eq!(line_of(text, at), line, "{at}");
        }
    }
}
