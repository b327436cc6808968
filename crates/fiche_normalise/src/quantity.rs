//! Quantities of people as a French reader understands them: `14`,
//! `quatorze`, `une dizaine` (10, approximate), `40-50` and `40 à 50` (a
//! range), `environ 20`, `~20`, `20+`, `plus de 20`, `moins de 5`.

use crate::words::Words;
use fiche_profile::language::ByFirstByte;
use fiche_profile::{french, holds, same};
use fiche_types::Message;
use std::sync::LazyLock;
use text2num::{lang::French, text2digits};

/// A number of people, with what the text says of its precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quantity {
    /// The single best number (the middle of a range).
    pub value: u32,
    /// Lower bound, when the text gives one (`40-50`, `20+`, `plus de 20`).
    pub min: Option<u32>,
    /// Upper bound, when the text gives one (`40-50`, `moins de 5`).
    pub max: Option<u32>,
    /// The text gives an order of magnitude (`une vingtaine`, `environ 20`).
    pub approximate: bool,
}

impl Quantity {
    fn exact(value: u32) -> Self {
        Quantity {
            value,
            min: None,
            max: None,
            approximate: false,
        }
    }
}

/// The most people a head count can be: a structure of the collective has
/// a few to a few thousand; ten million is far beyond any of them, and a
/// number past it (`5 milliards`) is a slip or not a head count.
pub(crate) const MAX_PEOPLE: u32 = 10_000_000;

/// Characters that make a number negative: the ASCII hyphen-minus and the
/// other dashes and minus signs people paste (`−5`, `‐5`, `－5`).
const MINUS_SIGNS: &[char] = &['-', '–', '—', '‐', '‑', '‒', '−', '－', '﹣', '⁻'];

/// The number a multiplier word (a key) multiplies by.
fn multiplier(key: &str) -> Option<u64> {
    let multipliers = &french().counts.multipliers;
    multipliers
        .iter()
        .find(|(word, _)| same(word, key))
        .map(|&(_, m)| m)
}

/// The number an approximate noun (a key) stands for.
fn approximate(key: &str) -> Option<u32> {
    let nouns = &french().counts.approximate;
    nouns
        .iter()
        .find(|(noun, _)| same(noun, key))
        .map(|&(_, n)| n)
}

/// `n` times the multipliers from word `next` on (`mille milliards`), and
/// the index after them.
fn multiplied(w: &Words<'_>, n: u64, mut next: usize) -> (u64, usize) {
    let mut n = n;
    while let Some(m) = multiplier(w.key(next)) {
        n = n.saturating_mul(m);
        next += 1;
    }
    (n, next)
}

/// Whether `gap` separates thousands groups: a space, a no-break or narrow
/// no-break space, a dot or an apostrophe (`100 000`, `1.000`, `1'000`).
fn thousands_gap(gap: &str) -> bool {
    matches!(gap, " " | "\u{a0}" | "\u{202f}" | "." | "'" | "’")
}

/// The figures at word `i` (all digits), with the thousands groups after
/// them (`100 000`: a first group of at most three figures, then groups
/// of exactly three), a decimal part before a multiplier (`1,2 million`),
/// and the multipliers; its value, and the index after it.
fn figures_at(w: &Words<'_>, i: usize) -> (u32, bool, usize) {
    let digits = |k: usize| {
        let raw = w.raw(k);
        (!raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit())).then_some(raw)
    };
    let first = w.raw(i);
    // Too many digits for a u64 is too many people too.
    let mut n = first.parse::<u64>().unwrap_or(u64::MAX);
    let mut next = i + 1;
    if first.len() <= 3 {
        while let Some(group) = digits(next).filter(|g| g.len() == 3)
            && thousands_gap(w.gap_before(next))
        {
            n = n
                .saturating_mul(1000)
                .saturating_add(group.parse().unwrap_or(0));
            next += 1;
        }
    }
    // `1,2 million`, `1.5 milliard`: a decimal part, only before a multiplier.
    if matches!(w.gap_before(next), "," | ".")
        && let Some(fraction) = digits(next).filter(|f| f.len() <= 3)
        && let Some(m) = multiplier(w.key(next + 1))
    {
        let scale = 10u64.pow(u32::try_from(fraction.len()).unwrap_or(3));
        let part = fraction.parse::<u64>().unwrap_or(0).saturating_mul(m) / scale;
        let (whole, after) = multiplied(w, n, next + 1);
        return (people(whole.saturating_add(part)), false, after);
    }
    let (n, next) = multiplied(w, n, next);
    (people(n), false, next)
}

/// The multiplier of a word of figures ending in `k` or `M` (`10k`, `2M`).
fn letter_multiplier(raw: &str) -> Option<u64> {
    let (figures, letter) = raw.split_at_checked(raw.len().checked_sub(1)?)?;
    if figures.is_empty() || !figures.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match letter {
        "k" | "K" => Some(1_000),
        "M" => Some(1_000_000),
        _ => None,
    }
}

/// A number of people as stored: numbers past `u32` are past
/// [`MAX_PEOPLE`] too, so saturating keeps them too large.
fn people(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Whether `key` starts like a French cardinal.
fn is_number_word(key: &str) -> bool {
    EDGES.number_words.prefix_of(key).is_some()
}

/// Whether the words from `i` are `phrase`; returns the index after it.
fn phrase_at(w: &Words<'_>, i: usize, phrase: &[String]) -> Option<usize> {
    phrase
        .iter()
        .enumerate()
        .all(|(k, p)| same(w.key(i + k), p))
        .then_some(i + phrase.len())
}

fn any_phrase_at(w: &Words<'_>, i: usize, phrases: &[Vec<String>]) -> Option<usize> {
    phrases.iter().find_map(|p| phrase_at(w, i, p))
}

/// A bare number at word `i`: digits, French words, or `un(e) [petite|bonne]
/// dizaine [de]`, each times the multipliers after it (`2 mille`, `une
/// centaine de milliers`); its value, whether approximate, and the index
/// after it.
fn number_at(w: &Words<'_>, i: usize) -> Option<(u32, bool, usize)> {
    let raw = w.raw(i);
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        return Some(figures_at(w, i));
    }
    // `10k`, `2M`: figures and a multiplier letter in one word.
    if let Some(m) = letter_multiplier(raw) {
        let n = raw[..raw.len() - 1].parse::<u64>().unwrap_or(u64::MAX);
        let (n, next) = multiplied(w, n.saturating_mul(m), i + 1);
        return Some((people(n), false, next));
    }
    let counts = &french().counts;
    let mut j = i;
    if holds(&counts.articles, w.key(j)) {
        j += 1;
    }
    if holds(&counts.adjectives, w.key(j)) {
        j += 1;
    }
    if let Some(n) = approximate(w.key(j)) {
        let after = if holds(&counts.of, w.key(j + 1)) {
            j + 2
        } else {
            j + 1
        };
        // `une centaine de milliers`: the multiplier follows the `de`.
        let (n, after) = match multiplied(w, u64::from(n), after) {
            (m, next) if next > after => (m, next),
            _ => (u64::from(n), after),
        };
        return Some((people(n), true, after));
    }
    if !is_number_word(w.key(i)) {
        return None;
    }
    // The longest run of words (at most six) that text2num reads as a
    // cardinal; it reads none with a word that is not a number word.
    let words = (i..w.len())
        .take(6)
        .take_while(|&k| is_number_word(w.key(k)) || holds(&counts.joining, w.key(k)))
        .count();
    let fr = French::default();
    (1..=words).rev().find_map(|len| {
        // One word (most numbers: `une`, `trois`) is read as it is.
        let digits = match len {
            1 => text2digits(w.raw(i), &fr),
            _ => {
                let run: Vec<&str> = (i..i + len).map(|k| w.raw(k)).collect();
                text2digits(&run.join(" "), &fr)
            }
        };
        let n = digits.ok()?.parse::<u64>().ok()?;
        let (n, next) = multiplied(w, n, i + len);
        Some((people(n), false, next))
    })
}

/// The words a quantity can start or end with, from the language data,
/// grouped for the tests on every word.
struct Edges {
    /// Beginnings of number words.
    number_words: ByFirstByte<()>,
    /// Adjectives, range openings, approximate nouns, first words of the
    /// bound phrases.
    starts: ByFirstByte<()>,
    /// Joining words, approximate nouns, `de`, `environ`.
    ends: ByFirstByte<()>,
}

static EDGES: LazyLock<Edges> = LazyLock::new(|| {
    let counts = &french().counts;
    let texts = |list: &'static [String]| list.iter().map(String::as_str).collect::<Vec<_>>();
    let mut starts = texts(&counts.adjectives);
    starts.extend(counts.ranges.iter().map(|(open, _)| open.as_str()));
    starts.extend(
        counts
            .whole_value_ranges
            .iter()
            .map(|(open, _)| open.as_str()),
    );
    starts.extend(counts.approximate.iter().map(|(noun, _)| noun.as_str()));
    for phrases in [&counts.about, &counts.at_least, &counts.at_most] {
        starts.extend(phrases.iter().filter_map(|p| p.first()).map(String::as_str));
    }
    let mut ends = texts(&counts.joining);
    ends.extend(counts.approximate.iter().map(|(noun, _)| noun.as_str()));
    ends.extend(texts(&counts.of));
    ends.extend(texts(&counts.about_after));
    let index = |words: Vec<&'static str>| ByFirstByte::new(words.into_iter().map(|w| (w, ())));
    Edges {
        number_words: index(texts(&counts.number_words)),
        starts: index(starts),
        ends: index(ends),
    }
});

/// Whether a quantity can start with a word of this key: a digit, a
/// number word, an approximate noun or its adjective, a range's opening,
/// or the first word of a bound phrase. Any other word is rejected before
/// the phrase tables.
fn may_start_quantity(key: &str) -> bool {
    let edges = &*EDGES;
    key.starts_with(|c: char| c.is_ascii_digit())
        || edges.number_words.prefix_of(key).is_some()
        || edges.starts.get(key).is_some()
}

/// Whether a quantity can end with a word of this key: one with a digit
/// (`12`, `40-50`), a number word or a word joining them, an approximate
/// noun, the `de` after one, or `environ` (`20 environ`). Headcounts are
/// looked for only after such a word.
pub(crate) fn may_end_quantity(key: &str) -> bool {
    let edges = &*EDGES;
    key.bytes().any(|b| b.is_ascii_digit())
        || edges.number_words.prefix_of(key).is_some()
        || edges.ends.get(key).is_some()
}

/// Whether a quantity can end with a word of this key right before a `de`
/// (`une dizaine de`, `des milliers de`): an approximate noun or a
/// multiplier.
pub(crate) fn may_end_before_de(key: &str) -> bool {
    approximate(key).is_some() || multiplier(key).is_some()
}

/// A quantity starting at word `i` (prefix words included); the index after it.
pub(crate) fn quantity_at(w: &Words<'_>, i: usize) -> Option<(Quantity, usize)> {
    if !may_start_quantity(w.key(i)) {
        return None;
    }
    read_quantity_at(w, i)
}

/// [`quantity_at`] without the first-word shortcut.
fn read_quantity_at(w: &Words<'_>, i: usize) -> Option<(Quantity, usize)> {
    let counts = &french().counts;
    let mut j = i;
    let mut about = w.gap_before(i).contains(['~', '≈']);
    let mut at_least = false;
    let mut at_most = false;
    if let Some(next) = any_phrase_at(w, j, &counts.about) {
        about = true;
        j = next;
    } else if let Some(next) = any_phrase_at(w, j, &counts.at_least) {
        at_least = true;
        j = next;
    } else if let Some(next) = any_phrase_at(w, j, &counts.at_most) {
        at_most = true;
        j = next;
    }
    // `entre 10 et 15`; `de 10 à 15` only as a whole value (in a sentence,
    // `le conseil de 40 à 50 membres`, the `de` is not the range's).
    let ranges = (counts.ranges.iter().map(|r| (r, false)))
        .chain(counts.whole_value_ranges.iter().map(|r| (r, true)));
    for ((opening, joining), whole_only) in ranges {
        if same(w.key(j), opening)
            && (!whole_only || j == 0)
            && let Some((a, false, after)) = number_at(w, j + 1)
            && same(w.key(after), joining)
            && let Some((b, false, end)) = number_at(w, after + 1)
        {
            return range(a, b).map(|q| (q, end));
        }
    }
    // `40-50` is one word.
    if let Some((a, b)) = w.raw(j).split_once(['-', '–'])
        && let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>())
    {
        return range(a, b).map(|q| (q, j + 1));
    }
    let (n, approximate, mut next) = number_at(w, j)?;
    let mut q = Quantity::exact(n);
    q.approximate = approximate || about;
    // `40 - 50`, `40 à 50`, `40/50`.
    let dash_between = w
        .gap_before(next)
        .trim()
        .chars()
        .all(|c| matches!(c, '-' | '–' | '/'))
        && !w.gap_before(next).trim().is_empty();
    let to = if holds(&counts.to, w.key(next)) {
        Some(next + 1)
    } else {
        None
    };
    if let Some(k) = to.or(dash_between.then_some(next))
        && let Some((m, false, after)) = number_at(w, k)
    {
        return range(n, m).map(|q| (q, after));
    }
    if w.gap_before(next).starts_with('+') {
        at_least = true;
    }
    if holds(&counts.about_after, w.key(next)) {
        q.approximate = true;
        next += 1;
    }
    if at_least {
        q.min = Some(n);
        q.approximate = true;
    }
    if at_most {
        q.max = Some(n);
        q.approximate = true;
    }
    Some((q, next))
}

fn range(a: u32, b: u32) -> Option<Quantity> {
    (a <= b).then(|| Quantity {
        value: a + (b - a) / 2,
        min: Some(a),
        max: Some(b),
        approximate: false,
    })
}

/// A whole count value: a quantity, then only words (`14 personnes`,
/// `une dizaine de bénévoles`, `3 salarié·es à mi-temps`).
pub(crate) fn count(value: &str) -> Result<Quantity, Message> {
    let err = || {
        Message::new(
            format!(
                "expected a number of people such as 14, 14 personnes, une dizaine or 40-50, found «{value}»"
            ),
            format!("«{value}» n'est pas un nombre de personnes"),
        )
    };
    let w = Words::new(value);
    let counts = &french().counts;
    if holds(&counts.zero, w.key(0)) || (w.len() == 1 && holds(&counts.zero_alone, w.key(0))) {
        return Ok(Quantity::exact(0));
    }
    if w.len() == 0 {
        return Err(err());
    }
    if w.gap_before(0).contains(MINUS_SIGNS) {
        return Err(Message::new(
            format!("«{value}» is negative, expected a number of people, 0 or more"),
            format!("«{value}» est un nombre négatif ; un effectif compte zéro personne ou plus"),
        ));
    }
    let (q, next) = quantity_at(&w, 0).ok_or_else(err)?;
    if q.value > MAX_PEOPLE || q.max.is_some_and(|m| m > MAX_PEOPLE) {
        return Err(Message::new(
            format!("«{value}» is more people than a head count can be (at most 10 million)"),
            format!(
                "«{value}» dépasse ce qu'un effectif peut compter (10 millions de personnes au plus)"
            ),
        ));
    }
    let rest_has_digits = (next..w.len()).any(|k| w.raw(k).bytes().any(|b| b.is_ascii_digit()));
    let joined_decimal = next < w.len() && matches!(w.gap_before(next), "." | ",");
    if rest_has_digits || joined_decimal {
        return Err(err());
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The first-word shortcut rejects no quantity.
        #[test]
        fn the_shortcut_loses_no_quantity(
            words in proptest::collection::vec(
                "(12|100|000|10k|2M|40-50|40/50|,|~|\\+|≈|trois|vingt|et|entre|un|une|petite|bonne|dizaine|demi-douzaine|de|d'|environ|env|à|peu|près|autour|approximativement|plus|au|moins|minimum|jusqu'|maximum|mille|million|personnes|[a-zé]{1,6})",
                0..8,
            )
        ) {
            let text = words.join(" ");
            let w = Words::new(&text);
            for i in 0..w.len() {
                proptest::prop_assert_eq!(quantity_at(&w, i), read_quantity_at(&w, i), "{} at {}", text, i);
            }
        }
    }

    /// `n` with its thousands grouped by `sep`, as French writes them.
    fn grouped(n: u32, sep: &str) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    proptest::proptest! {
        /// Any number of people, its thousands grouped in any of the ways
        /// French writes them, with or without a noun, reads as itself;
        /// and any two of them as a range in every range form.
        #[test]
        fn grouped_numbers_and_ranges_read_back(
            n in 0u32..=MAX_PEOPLE,
            a in 0u32..10_000,
            width in 1u32..10_000,
            sep in proptest::sample::select(vec![" ", "\u{a0}", "\u{202f}", ".", "'"]),
            noun in proptest::sample::select(vec!["", " personnes", " bénévoles actifs"]),
            form in 0usize..5,
        ) {
            let text = format!("{}{noun}", grouped(n, sep));
            proptest::prop_assert_eq!(count(&text).map(|q| q.value), Ok(n), "{}", text);
            let b = a + width;
            let (ga, gb) = (grouped(a, sep), grouped(b, sep));
            let text = match form {
                0 => format!("entre {ga} et {gb}"),
                1 => format!("de {ga} à {gb}"),
                2 => format!("{ga} à {gb}{noun}"),
                3 => format!("{ga}/{gb}"),
                _ => format!("{ga} - {gb}"),
            };
            let read = count(&text).map(|q| (q.min, q.max));
            proptest::prop_assert_eq!(read, Ok((Some(a), Some(b))), "{}", text);
        }
    }

    fn q(value: u32, min: Option<u32>, max: Option<u32>, approximate: bool) -> Quantity {
        Quantity {
            value,
            min,
            max,
            approximate,
        }
    }

    #[test]
    fn counts_as_written_in_fiches() {
        let exact = |n| q(n, None, None, false);
        for (text, expected) in [
            ("14 personnes", exact(14)),
            ("1 personnes", exact(1)),
            ("14", exact(14)),
            ("0", exact(0)),
            ("quatorze", exact(14)),
            ("Quatorze personnes", exact(14)),
            ("vingt et un bénévoles", exact(21)),
            ("soixante et onze", exact(71)),
            ("deux mille trois cents adhérents", exact(2300)),
            ("quatre-vingt-dix-neuf", exact(99)),
            ("dix-sept", exact(17)),
            ("aucun", exact(0)),
            ("Aucune salariée", exact(0)),
            ("3 salarié·es à mi-temps", exact(3)),
            ("une dizaine", q(10, None, None, true)),
            ("Une petite dizaine de bénévoles", q(10, None, None, true)),
            ("une bonne vingtaine", q(20, None, None, true)),
            ("demi-douzaine", q(6, None, None, true)),
            ("une centaine de membres", q(100, None, None, true)),
            ("40-50", q(45, Some(40), Some(50), false)),
            ("40 - 50 personnes", q(45, Some(40), Some(50), false)),
            ("40 à 50", q(45, Some(40), Some(50), false)),
            ("2 mille", exact(2000)),
            ("deux mille", exact(2000)),
            ("3 millions", exact(3_000_000)),
            ("une centaine de milliers", q(100_000, None, None, true)),
            (
                "une dizaine de milliers de membres",
                q(10_000, None, None, true),
            ),
            ("100 000", exact(100_000)),
            ("100\u{a0}000 personnes", exact(100_000)),
            ("1\u{202f}000", exact(1_000)),
            ("1.000", exact(1_000)),
            ("1'000", exact(1_000)),
            ("1,2 million", exact(1_200_000)),
            ("1,5 mille", exact(1_500)),
            ("10k", exact(10_000)),
            ("2M", exact(2_000_000)),
            ("entre 10 et 15", q(12, Some(10), Some(15), false)),
            (
                "entre dix et quinze bénévoles",
                q(12, Some(10), Some(15), false),
            ),
            ("de 10 à 15", q(12, Some(10), Some(15), false)),
            ("10 à 15", q(12, Some(10), Some(15), false)),
            ("10/15", q(12, Some(10), Some(15), false)),
            ("2 ou 3", q(2, Some(2), Some(3), false)),
            ("deux ou trois salarié·es", q(2, Some(2), Some(3), false)),
            ("2 ETP", exact(2)),
            ("plus d'une vingtaine", q(20, Some(20), None, true)),
            ("moins d'une dizaine", q(10, None, Some(10), true)),
            ("zéro", exact(0)),
            ("aucun·e", exact(0)),
            ("personne", exact(0)),
            ("néant", exact(0)),
            ("entre", exact(0)),
        ] {
            if text == "entre" {
                assert!(count(text).is_err());
                continue;
            }
            assert_eq!(count(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn bounds_and_approximations() {
        assert_eq!(count("environ 20"), Ok(q(20, None, None, true)));
        assert_eq!(count("~20"), Ok(q(20, None, None, true)));
        assert_eq!(count("≈ 20 personnes"), Ok(q(20, None, None, true)));
        assert_eq!(count("20 environ"), Ok(q(20, None, None, true)));
        assert_eq!(count("à peu près 20"), Ok(q(20, None, None, true)));
        assert_eq!(count("20+"), Ok(q(20, Some(20), None, true)));
        assert_eq!(count("plus de 20"), Ok(q(20, Some(20), None, true)));
        assert_eq!(count("au moins 3 personnes"), Ok(q(3, Some(3), None, true)));
        assert_eq!(count("moins de 5"), Ok(q(5, None, Some(5), true)));
    }

    #[test]
    fn what_is_not_a_number_of_people_is_an_error() {
        for text in [
            "beaucoup",
            "-3",
            "−5",
            "‐5",
            "－5",
            "— 5",
            "5 milliards",
            "cinq milliards",
            "quatre-vingt-dix-neuf mille milliards",
            "20 millions",
            "99999999999999999999999",
            "2.5 ETP",
            "2,5",
            "50-40",
            "",
            "personnes",
            "N/A",
        ] {
            assert!(count(text).is_err(), "{text}");
        }
    }
}
