//! Numbers of people mentioned in free text: `7 membres`, `3 permanents`,
//! `40-50 adhérents`, `une vingtaine de membres`, `trois personnes actives`.

use crate::quantity::{MAX_PEOPLE, may_end_before_de, may_end_quantity, quantity_at};
use crate::words::Words;
use fiche_profile::language::ByFirstByte;
pub(crate) use fiche_profile::language::Role;
use fiche_profile::{any_key_byte, french, is_letter_or_digit};
use fiche_types::Headcount;
use std::ops::Range;
use std::sync::LazyLock;

/// Nouns that name people, as key prefixes (`adherent` matches `adhérents`,
/// `adhérent·es`), with the role each says; from the language data.
static PEOPLE: LazyLock<Vec<(&'static str, Role)>> =
    LazyLock::new(|| french().people.nouns().collect());

fn role_of(key: &str) -> Option<Role> {
    static NOUNS: LazyLock<ByFirstByte<Role>> =
        LazyLock::new(|| ByFirstByte::new(PEOPLE.iter().copied()));
    NOUNS.prefix_of(key)
}

/// A headcount with the role of the people counted.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub headcount: Headcount,
    pub role: Role,
}

/// The most words a quantity can span before its noun: a prefix phrase
/// (3), a number in words (6), `à` or `-`, a second number (6), `environ`.
const MAX_QUANTITY_WORDS: usize = 20;

/// Whether `text` may hold a headcount. A headcount is a quantity, then
/// spaces only, then a word whose key starts with a people noun's key
/// prefix. This looks for such a prefix in the text's comparison key (a
/// word's key is a piece of its text's key: the characters inside a word
/// have keys, those between words have none); only where one ends does it
/// look at the words around it: the noun must follow spaces, after a word
/// a quantity can end with ([`may_end_quantity`]). A text it rejects has no
/// headcount; when unsure it says yes, and [`find_in_words`] decides.
///
/// It is cheap: the key's bytes go through [`NounEnds`] as they come, one
/// pass, no key string and no list of words.
fn may_hold_headcount(text: &str) -> bool {
    static NOUNS: LazyLock<NounEnds> = LazyLock::new(NounEnds::new);
    let nouns = &*NOUNS;
    // The last eight key bytes, the latest in the low byte.
    let mut last = 0u64;
    any_key_byte(text, |byte, at| {
        last = NounEnds::roll(last, byte);
        nouns.may_end_at(last) && may_follow_quantity(text, at)
    })
}

/// Where a people noun's prefix may end in a key, from the key's last
/// eight bytes: each prefix's last [`NounEnds::SHORTEST`] bytes go
/// through a bit table by hash, and only on a hit are the last eight bytes
/// (or the whole prefix, when shorter) compared to each prefix's. Every
/// place a prefix ends is found (a prefix longer than eight bytes is
/// known by its last eight, which may find a few more): a search with no
/// chain of dependent loads, as an automaton stepped byte by byte has.
struct NounEnds {
    /// Bit `hash(last SHORTEST bytes)` is set for each prefix.
    bits: [u64; 64],
    /// `(bytes, mask)`: each prefix's last eight bytes (or fewer), as
    /// they sit in the low bytes of the rolling window.
    ends: Vec<(u64, u64)>,
}

impl NounEnds {
    /// The length of the shortest prefix (`actif`).
    const SHORTEST: usize = 5;

    fn new() -> Self {
        let mut filter = NounEnds {
            bits: [0; 64],
            ends: Vec::with_capacity(PEOPLE.len()),
        };
        for (prefix, _) in PEOPLE.iter() {
            let bytes = prefix.as_bytes();
            let tail = &bytes[bytes.len().saturating_sub(8)..];
            let window = tail.iter().fold(0, |w, &b| Self::roll(w, b));
            let mask = if tail.len() == 8 {
                u64::MAX
            } else {
                (1u64 << (8 * tail.len())) - 1
            };
            filter.ends.push((window, mask));
            let h = Self::hash(window);
            filter.bits[h / 64] |= 1 << (h % 64);
        }
        filter
    }

    /// `window` with `byte` after its last byte (the oldest drops out).
    #[inline]
    fn roll(window: u64, byte: u8) -> u64 {
        (window << 8) | u64::from(byte)
    }

    /// The bit of the last [`Self::SHORTEST`] bytes of `window`.
    #[inline]
    fn hash(window: u64) -> usize {
        let shortest = window & ((1u64 << (8 * Self::SHORTEST)) - 1);
        (shortest.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
    }

    /// Whether some prefix may end with the last byte of `window`.
    #[inline]
    fn may_end_at(&self, window: u64) -> bool {
        let h = Self::hash(window);
        self.bits[h / 64] & (1 << (h % 64)) != 0
            && self.ends.iter().any(|&(end, mask)| window & mask == end)
    }
}

/// Whether the word holding the character at byte `at` may end a
/// headcount: it follows spaces only, after a word a quantity can end
/// with. Words are as [`Words`] cuts them: letters and digits, with single
/// inner hyphens and inclusive dots between two of them.
fn may_follow_quantity(text: &str, at: usize) -> bool {
    let Some(c) = text[at..].chars().next().filter(|&c| is_letter_or_digit(c)) else {
        // A key from a character that is no letter or digit: unsure.
        return true;
    };
    // A noun is a word's start: a word that began farther back than any
    // prefix is long was started by another (checked at its own end), and
    // the walk back stays short whatever the word's length (`actifactif…`
    // made it quadratic).
    let Some(start) = word_start_within(text, at + c.len_utf8(), MAX_NOUN_TEXT_BYTES) else {
        return false;
    };
    let mut before = &text[..start];
    // `une dizaine d'adhérents`: an elided `de` before the noun, after a
    // word a quantity ends with before a `de` (`nombre d'adhérents` is no
    // headcount).
    let elided = before.strip_suffix(['\'', '’']).and_then(|b| {
        let of = &french().counts.elided_of;
        of.iter()
            .find_map(|e| {
                let at = b.len().checked_sub(e.len())?;
                (b.is_char_boundary(at) && b[at..].eq_ignore_ascii_case(e)).then(|| &b[..at])
            })
            .filter(|rest| !rest.ends_with(is_letter_or_digit))
    });
    if let Some(rest) = elided {
        before = rest;
    } else if before.ends_with(['\'', '’']) {
        return false;
    }
    let previous_end = before.trim_end().len();
    // Spaces only between the two words: some whitespace, and a letter or
    // digit (the end of a word) before it.
    let spaces_after_word = previous_end < before.len()
        && before[..previous_end]
            .chars()
            .next_back()
            .is_some_and(is_letter_or_digit);
    if !spaces_after_word {
        return false;
    }
    // A previous word too long to read back is a maybe.
    let Some(previous_start) = word_start_within(text, previous_end, MAX_NOUN_TEXT_BYTES) else {
        return true;
    };
    let previous = &before[previous_start..previous_end];
    // The previous word's key, on the stack: a word whose key does not fit
    // (or is cut inside a character) is a maybe.
    let mut key = [0u8; 24];
    let mut len = 0;
    let too_long = any_key_byte(previous, |byte, _| {
        let Some(slot) = key.get_mut(len) else {
            return true;
        };
        *slot = byte;
        len += 1;
        false
    });
    let ends = if elided.is_some() {
        may_end_before_de
    } else {
        may_end_quantity
    };
    too_long || std::str::from_utf8(&key[..len]).map_or(true, ends)
}

/// The most bytes of text a people noun's prefix takes: the longest
/// prefix's letters, each up to four bytes with its accent, and inclusive
/// dots between them.
const MAX_NOUN_TEXT_BYTES: usize = 96;

/// The start of the word that ends at byte `end` (after a letter or
/// digit), if it starts at most `max` bytes before `end`.
fn word_start_within(text: &str, end: usize, max: usize) -> Option<usize> {
    let mut start = end;
    let mut chars = text[..end].char_indices().rev().peekable();
    while let Some((i, c)) = chars.next() {
        if end - i > max {
            return None;
        }
        // A letter or digit, or an inner hyphen or dot: one between two
        // of them (the one after it is already in the word).
        let inner = matches!(c, '-' | '–' | '·' | '⋅' | '•')
            && chars
                .peek()
                .is_some_and(|&(_, before)| is_letter_or_digit(before));
        if !(is_letter_or_digit(c) || inner) {
            break;
        }
        start = i;
    }
    Some(start)
}

/// Appends the headcounts of `text` to `out`, skipping words inside
/// `skip` (addresses).
pub(crate) fn find(text: &str, skip: &[Range<usize>], out: &mut Vec<Found>) {
    if !may_hold_headcount(text) {
        // Debug builds (every test, the fuzzer) check the shortcut.
        debug_assert!(
            {
                let mut full = Vec::new();
                find_in_words(text, skip, &mut full);
                full.is_empty()
            },
            "the headcount shortcut skipped a headcount in {text:?}"
        );
        return;
    }
    find_in_words(text, skip, out);
}

/// [`find`] without the shortcut.
fn find_in_words(text: &str, skip: &[Range<usize>], out: &mut Vec<Found>) {
    let w = Words::new(text);
    // A headcount ends with a people noun: read quantities only in the
    // words before one (most texts have none). The first noun after the
    // word being read, found again once it is passed.
    let noun_from = |from: usize| (from..w.len()).find(|&k| role_of(w.key(k)).is_some());
    let mut next_noun = noun_from(0);
    let mut i = 0;
    while i < w.len() {
        if next_noun.is_some_and(|n| n <= i) {
            next_noun = noun_from(i + 1);
        }
        match next_noun {
            None => break,
            Some(n) if n > i + MAX_QUANTITY_WORDS => {
                i = n - MAX_QUANTITY_WORDS;
                continue;
            }
            Some(_) => {}
        }
        let start = w.words[i].range.start;
        if skip.iter().any(|r| r.contains(&start)) {
            i += 1;
            continue;
        }
        // Past what a head count can be (`5 milliards de personnes`), a
        // number counts no one of the structure.
        let Some((q, noun)) = quantity_at(&w, i).filter(|(q, _)| q.value <= MAX_PEOPLE) else {
            i += 1;
            continue;
        };
        // The people noun must follow the quantity, only spaces between,
        // or the apostrophe of an elided `de` (`une dizaine d'adhérents`).
        let gap = w.gap_before(noun);
        let elided = matches!(gap, "'" | "’")
            && noun > 0
            && fiche_profile::holds(&french().counts.elided_of, w.key(noun - 1));
        let role = role_of(w.key(noun)).filter(|_| (gap.trim().is_empty() || elided) && noun > i);
        let Some(mut role) = role else {
            i += 1;
            continue;
        };
        // `3 personnes actives`: the adjective belongs to the headcount.
        let mut end = w.words[noun].range.end;
        if role_of(w.key(noun + 1)) == Some(Role::Active)
            && w.gap_before(noun + 1).trim().is_empty()
        {
            end = w.words[noun + 1].range.end;
            if role == Role::Other {
                role = Role::Active;
            }
        }
        out.push(Found {
            headcount: Headcount {
                value: q.value,
                approximate: q.approximate,
                text: text[start..end].to_owned(),
                min: q.min,
                max: q.max,
            },
            role,
        });
        i = noun + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::sample::select;
    use proptest::strategy::Strategy;

    fn found(text: &str) -> Vec<Found> {
        let mut out = Vec::new();
        find(text, &[], &mut out);
        out
    }

    fn counts(text: &str) -> Vec<(u32, bool, String)> {
        found(text)
            .into_iter()
            .map(|f| (f.headcount.value, f.headcount.approximate, f.headcount.text))
            .collect()
    }

    #[test]
    fn exact_and_approximate_headcounts() {
        assert_eq!(
            counts(
                "L'équipe se compose d'une demi-douzaine de personnes. En plus du CA composé de 7 personnes, une vingtaine de membres."
            ),
            [
                (6, true, "une demi-douzaine de personnes".to_owned()),
                (7, false, "7 personnes".to_owned()),
                (20, true, "une vingtaine de membres".to_owned()),
            ]
        );
        assert_eq!(
            counts(
                "3 permanents (1 salarié + 2 bénévoles). 42 contributeurs dont 20 bénévoles actifs"
            ),
            [
                (3, false, "3 permanents".to_owned()),
                (1, false, "1 salarié".to_owned()),
                (2, false, "2 bénévoles".to_owned()),
                (42, false, "42 contributeurs".to_owned()),
                (20, false, "20 bénévoles actifs".to_owned()),
            ]
        );
        assert_eq!(
            counts(
                "une petite dizaine de réguliers, 12 adhérent·es, environ 30 usagers, trois personnes"
            ),
            [
                (10, true, "une petite dizaine de réguliers".to_owned()),
                (12, false, "12 adhérent·es".to_owned()),
                (30, true, "environ 30 usagers".to_owned()),
                (3, false, "trois personnes".to_owned()),
            ]
        );
    }

    #[test]
    fn ranges_keep_their_bounds() {
        let all = found("40-50 adhérents (individus)");
        assert_eq!(all.len(), 1);
        let h = &all[0].headcount;
        assert_eq!(
            (h.value, h.min, h.max, h.text.as_str()),
            (45, Some(40), Some(50), "40-50 adhérents")
        );
    }

    #[test]
    fn an_elided_de_comes_before_the_noun() {
        let texts: Vec<String> =
            found("une dizaine d'adhérents, une centaine d’usagers, l'adhérent")
                .into_iter()
                .map(|f| f.headcount.text)
                .collect();
        assert_eq!(texts, ["une dizaine d'adhérents", "une centaine d’usagers"]);
    }

    #[test]
    fn roles_for_the_consistency_checks() {
        let roles: Vec<Role> = found("1 salarié, 2 bénévoles, 3 personnes actives, 4 membres")
            .into_iter()
            .map(|f| f.role)
            .collect();
        assert_eq!(
            roles,
            [Role::Employee, Role::Volunteer, Role::Active, Role::Other]
        );
    }

    proptest::proptest! {
        /// The shortcut never hides a headcount: texts of quantities in
        /// every form, people nouns cut by hyphens, inclusive dots and
        /// accents, other words, joined by spaces, punctuation and
        /// apostrophes.
        #[test]
        fn the_shortcut_loses_nothing(
            words in proptest::collection::vec(
                "(12|trois|vingt et un|deux millions|cinquante-deux|une dizaine de|une petite douzaine d|environ 5|5 environ|plus de 20|20\\+|~20|au moins 3|2 à 4|40 - 50|40-50|[0-9]{1,3}|bé-névoles|BÉNÉVOLES|adhérent·es|salarié⋅es|membres|Personnes|actives|ac-tifs|coopératrices|u·sagers|utilisation|[a-zéèô·-]{1,8}|[.,;:()²]|'|’|d'|d’)",
                0..12,
            ),
            joins in proptest::collection::vec("( |  |\u{a0}|'|-|, |\n)", 12),
        ) {
            let mut text = String::new();
            for (word, join) in words.iter().zip(&joins) {
                text.push_str(word);
                text.push_str(join);
            }
            let mut full = Vec::new();
            find_in_words(&text, &[], &mut full);
            if !may_hold_headcount(&text) {
                proptest::prop_assert!(full.is_empty(), "{text:?}: {} headcounts", full.len());
            }
            let texts = |found: Vec<Found>| -> Vec<String> {
                found.into_iter().map(|f| f.headcount.text).collect()
            };
            proptest::prop_assert_eq!(texts(found(&text)), texts(full));
        }
    }

    proptest::proptest! {
        /// Every place a people noun's prefix ends in a key is found.
        #[test]
        fn noun_ends_miss_no_prefix(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    select(PEOPLE.clone()).prop_map(|(noun, _)| noun.to_owned()),
                    "[a-z0-9]{1,6}",
                ],
                0..8,
            ),
        ) {
            let key = pieces.concat();
            let nouns = NounEnds::new();
            let mut window = 0u64;
            for (i, &b) in key.as_bytes().iter().enumerate() {
                window = NounEnds::roll(window, b);
                let ends_here = PEOPLE.iter().any(|(p, _)| key[..=i].ends_with(p));
                if ends_here {
                    proptest::prop_assert!(nouns.may_end_at(window), "{key:?} at {i}");
                }
            }
        }
    }

    #[test]
    fn noun_ends_know_each_prefix_and_few_else() {
        assert!(PEOPLE.iter().all(|(p, _)| p.len() >= NounEnds::SHORTEST));
        let nouns = NounEnds::new();
        let window = |key: &str| key.bytes().fold(0, NounEnds::roll);
        for (prefix, _) in PEOPLE.iter() {
            assert!(
                nouns.may_end_at(window(&format!("les{prefix}"))),
                "{prefix}"
            );
        }
        for other in [
            "lesmembr",
            "novembra",
            "reunion",
            "",
            "services",
            "association",
        ] {
            assert!(!nouns.may_end_at(window(other)), "{other}");
        }
    }

    #[test]
    fn numbers_of_things_are_not_headcounts() {
        assert!(
            counts("11 machines virtuelles, 3 mois, une douzaine par an, 2 services").is_empty()
        );
        assert!(counts("catégories : 2. utilisateurs, en 2018, personnes").is_empty());
    }
}
