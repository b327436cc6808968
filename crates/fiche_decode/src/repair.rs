//! Repairs of text that was damaged before it reached us, line by line:
//! mojibake (UTF-8 read as Windows-1252 and saved again) and scrape residue
//! (HTML entities and tags). Each repaired line gets a warning; a line that
//! needs no repair is never touched.

use encoding_rs::WINDOWS_1252;
use std::borrow::Cow;

/// What was done to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Repair {
    /// Mojibake undone.
    Mojibake,
    /// HTML entities decoded or tags removed.
    Html,
}

/// Characters that start a mojibake sequence: the Windows-1252 reading of
/// the lead bytes of two- and three-byte UTF-8 sequences of Latin text.
fn may_be_mojibake(line: &str) -> bool {
    line.contains(['Ã', 'Â', 'â', 'Å'])
}

/// Undoes one round of "UTF-8 read as Windows-1252": the line's characters,
/// written back in Windows-1252, must form valid UTF-8 that differs from the
/// line. Clean text with accents never passes (`é` alone is not valid UTF-8).
fn unmojibake(line: &str) -> Option<String> {
    let (bytes, _, unmappable) = WINDOWS_1252.encode(line);
    if unmappable {
        return None;
    }
    let mut bytes = bytes.into_owned();
    // A no-break space (the second byte of `à` is 0xA0) often became a plain
    // space on the way: `Ã ` stands for `à`.
    for i in 0..bytes.len().saturating_sub(1) {
        if matches!(bytes[i], 0xC2 | 0xC3) && bytes[i + 1] == b' ' {
            bytes[i + 1] = 0xA0;
        }
    }
    let repaired = String::from_utf8(bytes).ok()?;
    (repaired != line).then_some(repaired)
}

/// HTML tags that scrapes leave behind; only these are removed, so that
/// `<3` or `a < b` stay as written.
const TAGS: &[&str] = &[
    "br",
    "p",
    "div",
    "span",
    "b",
    "i",
    "u",
    "em",
    "strong",
    "a",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "font",
    "hr",
    "small",
    "sup",
    "sub",
    "blockquote",
    "pre",
    "code",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "img",
];

/// The line without known HTML tags (each replaced by a space), if it had any.
///
/// The `>` that closes a tag is searched for once per `>`, not once per
/// `<`: a line of `<` with no `>` (100 KB of them took 0.2 s, 1 MB 21 s)
/// is read in one pass.
fn strip_tags(line: &str) -> Option<String> {
    // Most lines that need a repair have no tag: no copy, no search for `>`.
    let first_lt = memchr::memchr(b'<', line.as_bytes())?;
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    let mut changed = false;
    // The next `>` at or after `at`, as last searched: `None` once there
    // is none left in the line.
    let mut next_gt: Option<usize> = line[first_lt..].find('>').map(|i| first_lt + i);
    while let Some(lt) = line[at..].find('<').map(|i| at + i) {
        out.push_str(&line[at..lt]);
        let after = lt + 1;
        if next_gt.is_some_and(|gt| gt < after) {
            next_gt = line[after..].find('>').map(|i| after + i);
        }
        let Some(gt) = next_gt else {
            // No tag can close: the rest is text.
            at = lt;
            break;
        };
        let rest = &line[after..];
        let name_start = rest.strip_prefix('/').unwrap_or(rest);
        let name_len = name_start
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name_start.len());
        let name = name_start[..name_len].to_ascii_lowercase();
        let known = TAGS.contains(&name.as_str())
            && name_start[name_len..].starts_with([' ', '>', '/', '\t']);
        if known {
            out.push(' ');
            at = gt + 1;
            changed = true;
        } else {
            out.push('<');
            at = after;
        }
    }
    out.push_str(&line[at..]);
    changed.then_some(out)
}

/// The line with HTML entities decoded, if it had any.
fn decode_entities(line: &str) -> Option<String> {
    if !line.contains('&') {
        return None;
    }
    match html_escape::decode_html_entities(line) {
        Cow::Owned(decoded) if decoded != line => Some(decoded),
        _ => None,
    }
}

/// Repairs one line; returns it (borrowed when untouched) and what was done.
pub(crate) fn repair_line(line: &str) -> (Cow<'_, str>, Vec<Repair>) {
    let mut text = Cow::Borrowed(line);
    let mut done = Vec::new();
    if may_be_mojibake(&text) {
        // Text saved wrongly twice needs two rounds.
        for _ in 0..2 {
            match unmojibake(&text) {
                Some(fixed) => text = Cow::Owned(fixed),
                None => break,
            }
            if !done.contains(&Repair::Mojibake) {
                done.push(Repair::Mojibake);
            }
            if !may_be_mojibake(&text) {
                break;
            }
        }
    }
    let tags = strip_tags(&text);
    let html = match tags {
        Some(stripped) => Some(decode_entities(&stripped).unwrap_or(stripped)),
        None => decode_entities(&text),
    };
    if let Some(html) = html {
        text = Cow::Owned(html);
        done.push(Repair::Html);
    }
    (text, done)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `strip_tags` as first written: a search for `>` after every `<`.
    fn strip_tags_as_first_written(line: &str) -> Option<String> {
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        let mut changed = false;
        while let Some(lt) = rest.find('<') {
            out.push_str(&rest[..lt]);
            let after = &rest[lt + 1..];
            let name_start = after.strip_prefix('/').unwrap_or(after);
            let name_len = name_start
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(name_start.len());
            let name = name_start[..name_len].to_ascii_lowercase();
            let known = TAGS.contains(&name.as_str())
                && name_start[name_len..].starts_with([' ', '>', '/', '\t']);
            match after.find('>') {
                Some(gt) if known => {
                    out.push(' ');
                    rest = &after[gt + 1..];
                    changed = true;
                }
                _ => {
                    out.push('<');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        changed.then_some(out)
    }

    proptest::proptest! {
        /// One search for each `>` gives what a search after every `<` gave.
        #[test]
        fn tags_are_stripped_as_first_written(s in "(<|>|/|br|p|b|x| |é|\t){0,24}") {
            proptest::prop_assert_eq!(strip_tags(&s), strip_tags_as_first_written(&s), "{:?}", s);
        }
    }

    fn fixed(line: &str) -> (String, Vec<Repair>) {
        let (t, d) = repair_line(line);
        (t.into_owned(), d)
    }

    #[test]
    fn mojibake_is_repaired() {
        assert_eq!(
            fixed("CrÃ©ation"),
            ("Création".to_owned(), vec![Repair::Mojibake])
        );
        assert_eq!(
            fixed("Services accessibles Ã  touâ‹…tes sans inscription"),
            (
                "Services accessibles à tou⋅tes sans inscription".to_owned(),
                vec![Repair::Mojibake]
            )
        );
        assert_eq!(fixed("Â« tech Â»").0, "« tech »");
        assert_eq!(fixed("lâ€™Ã©quipe").0, "l’équipe");
        // Saved wrongly twice.
        assert_eq!(fixed("CrÃƒÂ©ation").0, "Création");
    }

    #[test]
    fn clean_text_is_never_repaired() {
        for line in [
            "Création à tou·tes, adhérent⋅e⋅s, « tech », l’équipe",
            "Âge moyen : 30 ans, Ã la carte",
            "Ça coûte 2 € — prix libre",
            "Å",
        ] {
            assert_eq!(fixed(line), (line.to_owned(), vec![]), "{line}");
        }
    }

    #[test]
    fn html_residue_is_decoded_or_removed() {
        assert_eq!(
            fixed("Prix&nbsp;: 2&nbsp;&euro;<br>Dons &amp; adh&eacute;sions"),
            (
                "Prix\u{a0}: 2\u{a0}€ Dons & adhésions".to_owned(),
                vec![Repair::Html]
            )
        );
        assert_eq!(fixed("<p>Texte</p>").0, " Texte ");
        assert_eq!(fixed("l&#039;équipe").0, "l'équipe");
        for line in ["a < b et c > d", "je t'aime <3", "AT&T", "R&D; ok"] {
            assert_eq!(fixed(line), (line.to_owned(), vec![]), "{line}");
        }
    }
}
