//! Text cleaning: what every output string goes through (unless `--raw`).
//!
//! - NFC;
//! - runs of whitespace folded to one space, trimmed at both ends;
//! - a no-break space kept only where French typography puts one (before
//!   `: ; ! ? €` and `»`, after `«`), else a plain space;
//! - inclusive-writing separators (`⋅`, `•` between letters; `.` and `-`
//!   before an inclusive ending such as `es`, `ices`, `rice`) written `·`.

use fiche_types::bytes::{first_byte, splat};
use std::sync::LazyLock;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The middle dot that inclusive writing is canonicalised to.
pub const MIDDLE_DOT: char = '·';

/// Endings that follow an inclusive-writing `.` separator (`adhérent.es`,
/// `utilisateur.rice.s`, `désireux-ses`). A `.` or `-` is a separator only
/// before one of these, so that `sud-ouest.org`, `vice-président`, `etc.`
/// and `2.5` are left alone.
const DOT_ENDINGS: &[&str] = &[
    "e", "es", "s", "ice", "ices", "rice", "rices", "trice", "trices", "euse", "euses", "se",
    "ses", "ne", "nes", "te", "tes", "le", "les",
];

/// As [`DOT_ENDINGS`] for `-`, less those that end ordinary hyphenated
/// words (`dis-le`, `dit-elle` never take these, but `-s` and `-le` would).
const HYPHEN_ENDINGS: &[&str] = &[
    "e", "es", "ice", "ices", "rice", "rices", "trice", "trices", "euse", "euses", "se", "ses",
    "ne", "nes", "te", "tes",
];

/// Cleans one string as the record contract says.
pub fn clean(s: &str) -> String {
    // Most strings are already clean: one pass tells, and saves the work.
    let unchanged = match scan(s) {
        Scan::MayChange => false,
        Scan::Unchanged { below_marks: true } => true,
        Scan::Unchanged { below_marks: false } => is_nfc_quick(s.chars()) == IsNormalized::Yes,
    };
    if unchanged {
        // Debug builds (every test, the fuzzer) check the shortcut.
        debug_assert_eq!(clean_all(s), s, "the cleaning shortcut left a change");
        return s.to_owned();
    }
    clean_all(s)
}

/// What one pass over a string tells [`clean`].
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// Cleaning may change it, NFC aside ([`may_change`]).
    MayChange,
    /// Only NFC could change it; `below_marks` when every character is
    /// below U+0300, where the combining marks start: such a string is NFC.
    Unchanged { below_marks: bool },
}

fn scan(s: &str) -> Scan {
    if may_change(s) {
        Scan::MayChange
    } else {
        // Bytes below 0xCC start characters below U+0300. The largest byte
        // is found without an early exit, which compiles to vector code.
        Scan::Unchanged {
            below_marks: s.bytes().fold(0, u8::max) < 0xCC,
        }
    }
}

/// Whether cleaning may change `s` (NFC aside): whitespace other than
/// single spaces between words, or an inclusive-writing separator other
/// than `·` ([`is_separator`]). False means `clean_all(s) == s`.
fn may_change(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Spaces: none at either end, and never two in a row (looked for
    // apart, by a vectorised search: a space every few bytes would make
    // the byte loop below guess wrong at every one).
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return true;
    }
    static TWO_SPACES: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"  "));
    if TWO_SPACES.find(bytes).is_some() {
        return true;
    }
    // A separator that cleaning rewrites (`·` is already what it writes).
    let rewritten = |i: usize, c: char| {
        c != MIDDLE_DOT
            && may_separate(c)
            && is_separator(c, s[..i].chars().next_back(), s[i + c.len_utf8()..].chars())
    };
    // The bytes that never change (most) skipped eight at a time.
    let mut from = 0;
    while let Some(k) = first_byte(&bytes[from..], may_look_closer, |b| {
        LOOK_CLOSER[usize::from(b)]
    }) {
        let i = from + k;
        from = i + 1;
        let b = bytes[i];
        let changes = match b {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => true,
            b'.' | b'-' => rewritten(i, char::from(b)),
            _ => s[i..]
                .chars()
                .next()
                .is_some_and(|c| (c.is_whitespace() && !kept_no_break(s, i, c)) || rewritten(i, c)),
        };
        if changes {
            return true;
        }
    }
    false
}

/// Whether the eight bytes of `word` may hold one that [`LOOK_CLOSER`]
/// marks: a control character, `-` or `.`, C2, or E0 to E3 (E0 is not
/// marked, but shares the test). Each test is exact about whether some
/// byte matches (a borrow only starts at a byte that does).
fn may_look_closer(word: u64) -> bool {
    const HIGH: u64 = splat(0x80);
    let zero_byte = |x: u64| x.wrapping_sub(splat(1)) & !x;
    let control = word.wrapping_sub(splat(0x20)) & !word;
    let hyphen = zero_byte(word ^ splat(b'-'));
    let dot = zero_byte(word ^ splat(b'.'));
    let c2 = zero_byte(word ^ splat(0xC2));
    let e0_to_e3 = zero_byte((word & splat(0xFC)) ^ splat(0xE0));
    (control | hyphen | dot | c2 | e0_to_e3) & HIGH != 0
}

/// The bytes [`may_change`] looks at closer: ASCII whitespace but the
/// space (two spaces are looked for apart), `.`, `-`,
/// and the first bytes of the characters beyond ASCII that are whitespace
/// or may separate an inclusive ending, which all start with C2, E1, E2 or
/// E3 (a test checks every character). Every other byte, the first byte of
/// the French letters (C3) among them, never changes.
const LOOK_CLOSER: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = [
        b'\t', b'\n', 0x0B, 0x0C, b'\r', b'.', b'-', 0xC2, 0xE1, 0xE2, 0xE3,
    ];
    let mut k = 0;
    while k < bytes.len() {
        table[bytes[k] as usize] = true;
        k += 1;
    }
    table
};

/// Whether the character `c` at byte `i` of `s` is a no-break space that
/// cleaning keeps as it is: alone between two other characters, after `«`
/// or before `: ; ! ? € »` (what [`clean_all`] does with a run of
/// whitespace, for a run of one no-break space).
fn kept_no_break(s: &str, i: usize, c: char) -> bool {
    if !is_no_break(c) {
        return false;
    }
    let prev = s[..i].chars().next_back();
    let next = s[i + c.len_utf8()..].chars().next();
    match (prev, next) {
        (Some(prev), Some(next)) if !prev.is_whitespace() && !next.is_whitespace() => {
            prev == '«' || matches!(next, ':' | ';' | '!' | '?' | '€' | '»')
        }
        _ => false,
    }
}

/// Whether the letters after the separator `sep` are an inclusive ending
/// that ends its word (`utilisateur.rice.s` has two).
fn ending_follows(sep: char, mut after: impl Iterator<Item = char>) -> bool {
    /// The longest ending, in bytes (`trices`; endings are ASCII).
    const LONGEST: usize = 6;
    let mut ending = [0u8; LONGEST];
    let mut len = 0;
    let end = loop {
        match after.next() {
            Some(a) if a.is_alphabetic() => {
                // A letter beyond ASCII, or a seventh letter: no ending.
                if !a.is_ascii() || len == LONGEST {
                    return false;
                }
                ending[len] = a as u8;
                len += 1;
            }
            other => break other,
        }
    };
    let ends_word = end.is_none_or(|a| !a.is_alphanumeric() && !matches!(a, '@' | '/'));
    let endings = if sep == '.' {
        DOT_ENDINGS
    } else {
        HYPHEN_ENDINGS
    };
    // No letter at all (`fin.` at the end of a sentence) is no ending.
    len > 0 && ends_word && endings.iter().any(|e| e.as_bytes() == &ending[..len])
}

/// [`clean`] without the shortcut.
fn clean_all(s: &str) -> String {
    let nfc: std::borrow::Cow<'_, str> = match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.into(),
        _ => s.nfc().collect::<String>().into(),
    };
    let chars: Vec<char> = nfc.chars().collect();
    let addresses = address_ranges(&chars);
    // Positions only grow: the first range that may still hold one.
    let mut next_address = 0;
    let mut in_address = |i: usize| {
        while addresses.get(next_address).is_some_and(|r| r.end <= i) {
            next_address += 1;
        }
        addresses.get(next_address).is_some_and(|r| r.contains(&i))
    };
    let mut out = String::with_capacity(nfc.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let run_end = chars[i..]
                .iter()
                .position(|c| !c.is_whitespace())
                .map_or(chars.len(), |p| i + p);
            let at_start = out.is_empty();
            let at_end = run_end == chars.len();
            if !at_start && !at_end {
                let no_break = chars[i..run_end].iter().copied().find(|&c| is_no_break(c));
                let prev = chars[i - 1];
                let next = chars[run_end];
                match no_break {
                    Some(nb)
                        if prev == '«' || matches!(next, ':' | ';' | '!' | '?' | '€' | '»') =>
                    {
                        out.push(nb);
                    }
                    _ => out.push(' '),
                }
            }
            i = run_end;
            continue;
        }
        let separator = may_separate(c)
            && is_separator(
                c,
                i.checked_sub(1).map(|p| chars[p]),
                chars[i + 1..].iter().copied(),
            );
        if separator && !in_address(i) {
            out.push(MIDDLE_DOT);
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn is_no_break(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}')
}

/// Whether `c` is a character that can separate an inclusive ending; most
/// are not, which callers check before looking at the neighbours.
fn may_separate(c: char) -> bool {
    matches!(c, '⋅' | '•' | MIDDLE_DOT | '.' | '-' | '‐')
}

/// Whether `c`, after `prev` and before `after`, separates an inclusive
/// ending from its word: `⋅ • ·` between letters, or `. - ‐` after a letter
/// and before an ending that ends the word.
fn is_separator(c: char, prev: Option<char>, mut after: impl Iterator<Item = char>) -> bool {
    if !may_separate(c) || !prev.is_some_and(char::is_alphabetic) {
        return false;
    }
    match c {
        '⋅' | '•' | MIDDLE_DOT => after.next().is_some_and(char::is_alphabetic),
        _ => ending_follows(c, after),
    }
}

/// The character ranges of whitespace-separated tokens that are URLs,
/// e-mail addresses or domain-like (they have `@`, `://` or `www.`), where
/// dots are never inclusive. One pass over the text.
fn address_ranges(chars: &[char]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for end in (0..=chars.len()).filter(|&i| i == chars.len() || chars[i].is_whitespace()) {
        let token = &chars[start..end];
        let has = |pat: &[char]| {
            token
                .windows(pat.len())
                .any(|w| w.iter().zip(pat).all(|(a, b)| a.to_ascii_lowercase() == *b))
        };
        if token.contains(&'@') || has(&[':', '/', '/']) || has(&['w', 'w', 'w', '.']) {
            ranges.push(start..end);
        }
        start = end + 1;
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::{LOOK_CLOSER, clean, clean_all, may_look_closer};
    use proptest::prelude::*;

    #[test]
    fn the_word_test_sees_every_byte_looked_at_closer() {
        for (byte, place, word) in fiche_types::bytes::each_byte_at_each_place() {
            if LOOK_CLOSER[usize::from(byte)] {
                assert!(may_look_closer(word), "{byte:#x} at {place}");
            }
        }
        assert!(!may_look_closer(u64::from_ne_bytes(*b"e\xc3\xa9 a,b'")));
    }

    proptest! {
        #[test]
        fn the_shortcut_never_changes_the_result(s in "[a-zé .·⋅•‐\\-\u{a0}\u{202f}\u{2007}\t@/:;!?€«»]{0,24}") {
            prop_assert_eq!(clean(&s), clean_all(&s));
        }

        #[test]
        fn the_shortcut_never_changes_inclusive_words(
            s in "(tou|tes|es|e|s|rice|ices|trices|x|ses|le|\\.|-|‐|·|⋅| |@|/|www|org|sud|é|2){0,12}"
        ) {
            prop_assert_eq!(clean(&s), clean_all(&s));
        }
    }

    #[test]
    fn every_character_that_may_change_starts_with_a_byte_looked_at() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            // The space is looked for apart, two in a row.
            if (c.is_whitespace() || super::may_separate(c)) && c != ' ' {
                let mut buf = [0; 4];
                let first = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(super::LOOK_CLOSER[usize::from(first)], "{c:?}");
            }
        }
    }

    #[test]
    fn endings_are_short_ascii_words() {
        // `ending_follows` reads at most six ASCII letters.
        for e in super::DOT_ENDINGS.iter().chain(super::HYPHEN_ENDINGS) {
            assert!(
                e.len() <= 6 && e.bytes().all(|b| b.is_ascii_lowercase()),
                "{e}"
            );
        }
    }

    #[test]
    fn inclusive_separators_become_middle_dots() {
        assert_eq!(clean("employé⋅es"), "employé·es");
        assert_eq!(clean("adhérent⋅e⋅s"), "adhérent·e·s");
        assert_eq!(clean("utilisateur•ices"), "utilisateur·ices");
        assert_eq!(clean("utilisateur.rice.s"), "utilisateur·rice·s");
        assert_eq!(clean("tou.tes"), "tou·tes");
        assert_eq!(clean("désireux-ses"), "désireux·ses");
        assert_eq!(clean("employé-es"), "employé·es");
        // Real phrasings from the CHATONS export.
        assert_eq!(
            clean("Les adhérent⋅e⋅s peuvent être assisté⋅e⋅s"),
            "Les adhérent·e·s peuvent être assisté·e·s"
        );
        assert_eq!(
            clean("à propos d'un⋅e adhérent⋅e"),
            "à propos d'un·e adhérent·e"
        );
        assert_eq!(
            clean("Services accessibles à tou⋅tes"),
            "Services accessibles à tou·tes"
        );
        assert_eq!(
            clean("des particulier.e.s et coopérateur.ice.s"),
            "des particulier·e·s et coopérateur·ice·s"
        );
        assert_eq!(clean("un·e salarié•e"), "un·e salarié·e");
    }

    #[test]
    fn what_is_not_inclusive_writing_is_left_alone() {
        for s in [
            "sud-ouest.org",
            "vice-président",
            "non-techniques",
            "etc.",
            "2.5 ETP",
            "C.R. et animations",
            "rendez-vous",
            "https://exemple.es/a-e",
            "contact@asso.es",
            "fin de phrase. Ensuite",
            "Les autres. Es",
            "les frama-*, appelés",
            "No-Log et Gitoyen",
            "Mailing-Liste, site(s) Internet",
            "auto-héberger",
            "File2Link",
            "Comit%C3%A9_FACIL_TI",
            "prise de décision ..",
            "amap…",
            "dites-le",
        ] {
            assert_eq!(clean(s), s, "{s}");
        }
    }

    #[test]
    fn spaces_fold_and_no_break_spaces_stay_only_where_typography_wants_them() {
        assert_eq!(clean("  a \t  b  "), "a b");
        assert_eq!(clean("catégories\u{a0}: 1"), "catégories\u{a0}: 1");
        assert_eq!(clean("«\u{a0} tech »"), "«\u{a0}tech »");
        assert_eq!(clean("formulaire\u{a0} et"), "formulaire et");
        assert_eq!(clean("20\u{a0}€"), "20\u{a0}€");
        assert_eq!(clean("\u{a0}"), "");
    }

    #[test]
    fn strings_below_the_combining_marks_are_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let below: Vec<char> = (0..0x300).filter_map(char::from_u32).collect();
        // No such character changes under NFC, nor composes with another.
        for &a in &below {
            for &b in &below {
                let pair: String = [a, b].into_iter().collect();
                assert!(pair.nfc().eq(pair.chars()), "{a:?} {b:?}");
            }
        }
        assert_eq!(
            super::scan("Création à 12 € par an"),
            super::Scan::Unchanged { below_marks: false }
        );
        assert_eq!(
            super::scan("Création à tou·tes"),
            super::Scan::Unchanged { below_marks: true }
        );
        assert_eq!(
            super::scan("Cre\u{301}ation"),
            super::Scan::Unchanged { below_marks: false }
        );
        assert_eq!(clean("Cre\u{301}ation à"), "Création à");
    }

    #[test]
    fn output_is_nfc() {
        assert_eq!(clean("Cre\u{301}ation"), "Création");
    }
}
