//! The words of a language that values are written with: month and day
//! names, number words, approximations and bounds, currencies, periods and
//! the nouns that name people. They are data (`languages/fr.toml`), read
//! once; the normaliser asks [`french`] for them and holds no word itself.

use fiche_types::Period;
use serde::Deserialize;
use std::sync::LazyLock;

/// The French word lists, embedded in `fiche`.
pub const FRENCH_TOML: &str = include_str!("../languages/fr.toml");

/// The French words values are read with (parsed once, on first use).
pub fn french() -> &'static Language {
    static FRENCH: LazyLock<Language> = LazyLock::new(|| {
        // The embedded file is checked by this crate's tests; failing here is a build bug.
        #[expect(clippy::expect_used, reason = "the embedded word lists are tested")]
        Language::from_toml(FRENCH_TOML).expect("the embedded French word lists are valid")
    });
    &FRENCH
}

/// One language's words, as `languages/fr.toml` documents each list (which
/// lists compare lower-cased words and which compare keys).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// Words of dates.
    pub dates: Dates,
    /// Words of counts of people.
    pub counts: Counts,
    /// Words of money amounts.
    pub money: Money,
    /// Nouns that name people.
    pub people: People,
}

/// Words of dates.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// Each month's spellings, January first; the first is the name written.
    pub months: Vec<Vec<String>>,
    /// Day names.
    pub days: Vec<String>,
    /// Words before a date that add nothing to it.
    pub leading: Vec<String>,
    /// Words for the first day of a month.
    pub first_day: Vec<String>,
    /// Words before a year in words that add nothing to it.
    pub year_prefixes: Vec<String>,
    /// Other spellings of number words, and the spelling read.
    pub number_spellings: Vec<(String, String)>,
}

/// Words of counts of people.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Words for nobody.
    pub zero: Vec<String>,
    /// Words for nobody when alone.
    pub zero_alone: Vec<String>,
    /// Nouns of approximate quantity, and their number.
    pub approximate: Vec<(String, u32)>,
    /// Articles before an approximate noun.
    pub articles: Vec<String>,
    /// Adjectives before an approximate noun.
    pub adjectives: Vec<String>,
    /// The word after an approximate noun.
    pub of: Vec<String>,
    /// Its elided forms (`d'`).
    pub elided_of: Vec<String>,
    /// Opening and joining words of ranges.
    pub ranges: Vec<(String, String)>,
    /// Opening and joining words of ranges read only as a whole value.
    pub whole_value_ranges: Vec<(String, String)>,
    /// The joining word of a range after its first number.
    pub to: Vec<String>,
    /// Words after a number for "about".
    pub about_after: Vec<String>,
    /// Beginnings of number words.
    pub number_words: Vec<String>,
    /// Words inside numbers in words that start none.
    pub joining: Vec<String>,
    /// Words that multiply the number before them.
    pub multipliers: Vec<(String, u64)>,
    /// Phrases for "about", as key words.
    #[serde(deserialize_with = "phrases")]
    pub about: Vec<Vec<String>>,
    /// Phrases for "at least", as key words.
    #[serde(deserialize_with = "phrases")]
    pub at_least: Vec<Vec<String>>,
    /// Phrases for "at most", as key words.
    #[serde(deserialize_with = "phrases")]
    pub at_most: Vec<Vec<String>>,
}

/// Words of money amounts. Lists tried longest first are sorted so.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Currency words and signs after an amount, and their ISO 4217 code.
    #[serde(deserialize_with = "longest_first")]
    pub after: Vec<(String, String)>,
    /// Currency signs and codes before an amount, and their code.
    pub before: Vec<(String, String)>,
    /// Phrases giving a period after an amount.
    #[serde(deserialize_with = "longest_first")]
    pub periods: Vec<(String, Period)>,
    /// Units after a `/`.
    #[serde(deserialize_with = "longest_first")]
    pub per: Vec<(String, Period)>,
}

/// What a noun says of the people it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Salarié·es, employé·es.
    Employee,
    /// Bénévoles.
    Volunteer,
    /// People said to be active (`3 personnes actives`).
    Active,
    /// Anyone else.
    Other,
}

/// Nouns that name people, as key beginnings, by role.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct People {
    employee: Vec<String>,
    volunteer: Vec<String>,
    active: Vec<String>,
    other: Vec<String>,
}

impl People {
    /// Every noun beginning with the role it says.
    pub fn nouns(&self) -> impl Iterator<Item = (&str, Role)> {
        [
            (&self.employee, Role::Employee),
            (&self.volunteer, Role::Volunteer),
            (&self.active, Role::Active),
            (&self.other, Role::Other),
        ]
        .into_iter()
        .flat_map(|(list, role)| list.iter().map(move |noun| (noun.as_str(), role)))
    }
}

/// Whether `list` holds `word` (compared with [`same`]).
#[inline]
pub fn holds(list: &[String], word: &str) -> bool {
    list.iter().any(|w| same(w, word))
}

/// Whether `a` and `b` are the same word. The words of the lists are
/// short and compared with every word of every text: a byte loop here
/// costs a fraction of a call to `memcmp`, which `==` makes.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// Whether `word` begins with `prefix` (as [`same`] compares).
#[inline]
pub fn begins(word: &str, prefix: &str) -> bool {
    word.len() >= prefix.len() && word.bytes().zip(prefix.bytes()).all(|(x, y)| x == y)
}

/// Words grouped by their first byte, each with a value: whether a key is
/// one of them, or starts with one, costs a look at the few that share its
/// first byte (the normaliser asks this of every word of every text).
#[derive(Debug)]
pub struct ByFirstByte<T>(Vec<Vec<(&'static str, T)>>);

impl<T: Copy> ByFirstByte<T> {
    /// The words, in the order given (the first that fits is found).
    pub fn new(words: impl IntoIterator<Item = (&'static str, T)>) -> Self {
        let mut lists: Vec<Vec<(&'static str, T)>> = (0..256).map(|_| Vec::new()).collect();
        for (word, value) in words {
            if let Some(&b) = word.as_bytes().first() {
                lists[usize::from(b)].push((word, value));
            }
        }
        ByFirstByte(lists)
    }

    fn candidates(&self, key: &str) -> &[(&'static str, T)] {
        key.as_bytes()
            .first()
            .map_or(&[], |&b| self.0[usize::from(b)].as_slice())
    }

    /// The value of the word `key` is.
    pub fn get(&self, key: &str) -> Option<T> {
        let hit = self.candidates(key).iter().find(|(w, _)| same(w, key));
        hit.map(|&(_, value)| value)
    }

    /// The value of the first word `key` starts with.
    pub fn prefix_of(&self, key: &str) -> Option<T> {
        let hit = self.candidates(key).iter().find(|(w, _)| begins(key, w));
        hit.map(|&(_, value)| value)
    }
}

impl Language {
    /// Reads word lists written as `languages/fr.toml` is.
    pub fn from_toml(text: &str) -> Result<Language, toml::de::Error> {
        toml::from_str(text)
    }

    /// The month numbered `month` (1 to 12) as written in a sentence.
    pub fn month_name(&self, month: u32) -> Option<&str> {
        let i = usize::try_from(month.checked_sub(1)?).ok()?;
        self.dates.months.get(i)?.first().map(String::as_str)
    }

    /// The month a word names (lower case, final dot removed), 1 to 12.
    pub fn month_of(&self, word: &str) -> Option<u32> {
        let at = self
            .dates
            .months
            .iter()
            .position(|spellings| spellings.iter().any(|s| s == word))?;
        u32::try_from(at + 1).ok()
    }

    /// A record's date (`2015`, `2015-03`, `2015-03-03`) as written in a
    /// sentence: `2015`, `mars 2015`, `3 mars 2015`, `1er mars 2015`
    /// (the first of [`Dates::first_day`]); anything else as given.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        let month = |m: &str| m.parse().ok().and_then(|m| self.month_name(m));
        match parts.as_slice() {
            [_] => iso.to_owned(),
            [y, m] => month(m).map_or_else(|| iso.to_owned(), |name| format!("{name} {y}")),
            [y, m, d] => match (month(m), d.parse::<u8>()) {
                (Some(name), Ok(1)) => {
                    let first = self.dates.first_day.first().map_or("1", String::as_str);
                    format!("{first} {name} {y}")
                }
                (Some(name), Ok(d)) => format!("{d} {name} {y}"),
                _ => iso.to_owned(),
            },
            _ => iso.to_owned(),
        }
    }
}

/// Phrases written with spaces, as lists of words.
fn phrases<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Vec<String>>, D::Error> {
    let written = Vec::<String>::deserialize(d)?;
    Ok(written
        .iter()
        .map(|p| p.split(' ').map(str::to_owned).collect())
        .collect())
}

/// Pairs sorted with the longest word first (in characters), ties kept in
/// the written order, so that `par année` is tried before `par an`.
fn longest_first<'de, D, T>(d: D) -> Result<Vec<(String, T)>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut pairs = Vec::<(String, T)>::deserialize(d)?;
    pairs.sort_by_key(|(word, _)| std::cmp::Reverse(word.chars().count()));
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_lists_load() {
        let fr = french();
        assert_eq!(fr.dates.months.len(), 12);
        assert_eq!(fr.month_of("fév"), Some(2));
        assert_eq!(fr.month_of("aout"), Some(8));
        assert_eq!(fr.month_of("maison"), None);
        assert_eq!(fr.month_name(12), Some("décembre"));
        assert_eq!(fr.month_name(13), None);
        assert!(fr.money.periods[0].0.chars().count() >= fr.money.periods[1].0.chars().count());
        assert_eq!(fr.counts.about[2], ["a", "peu", "pres"]);
    }

    #[test]
    fn dates_are_written_out() {
        let fr = french();
        assert_eq!(fr.date("2015"), "2015");
        assert_eq!(fr.date("2015-03"), "mars 2015");
        assert_eq!(fr.date("2015-03-03"), "3 mars 2015");
        assert_eq!(fr.date("2015-08-01"), "1er août 2015");
        assert_eq!(fr.date("2015-13-01"), "2015-13-01");
        assert_eq!(fr.date("n'importe"), "n'importe");
    }

    #[test]
    fn people_nouns_are_long_enough_to_search() {
        // The people-noun search looks for key endings of five letters on.
        assert!(french().people.nouns().all(|(noun, _)| noun.len() >= 5));
    }

    #[test]
    fn a_list_with_a_typo_in_its_name_is_refused() {
        let bad = FRENCH_TOML.replace("[people]", "[peuple]");
        assert!(Language::from_toml(&bad).is_err());
    }
}
