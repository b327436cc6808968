//! Facts inside free text: URLs, e-mail addresses, years, money amounts
//! and (through [`crate::headcount`]) numbers of people.

use crate::headcount::{self, Found};
use fiche_profile::french;
use fiche_types::bytes::{first_byte, splat};
use fiche_types::{Amount, Block, Mentions, Period, Span};

/// Characters that open a bracket or a quotation before an address.
const LEADING: &[char] = &['(', '<', '[', '«', '"', '\'', '‘', '“'];

/// Characters that end a sentence rather than an address.
const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '>', '»', '"', '\'', '’', '”',
];

/// The field a fact was found in: its name and its value's span.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'p> {
    /// The field's name: its record key, or an extra field's label.
    pub name: &'p str,
    pub span: Span,
}

/// Facts gathered from a fiche's free text, field by field, with the field
/// each came from (for the consistency checks).
#[derive(Debug, Default)]
pub(crate) struct Facts<'p> {
    /// What the record's `mentions` will hold, but for its headcounts,
    /// which are in `people` ([`Facts::into_mentions`] moves them there).
    pub mentions: Mentions,
    /// Headcounts, in order, with the role of the people counted.
    pub people: Vec<Found>,
    /// Each year mentioned, with the first field mentioning it.
    pub years: Vec<(u16, Origin<'p>)>,
}

impl<'p> Facts<'p> {
    /// Reads the paragraphs and items of one field (markers left out).
    pub(crate) fn read(&mut self, blocks: &[Block], field: Origin<'p>) {
        crate::text::for_each_piece(blocks, &mut |piece| {
            let before = self.mentions.years.len();
            collect(piece, &mut self.mentions, &mut self.people);
            let new_years = self.mentions.years[before..].iter().map(|&y| (y, field));
            self.years.extend(new_years);
        });
    }

    /// The record's `mentions`, headcounts included.
    pub(crate) fn into_mentions(self) -> Mentions {
        let mut mentions = self.mentions;
        mentions.headcounts = self.people.into_iter().map(|f| f.headcount).collect();
        mentions
    }
}

/// Adds what `text` mentions to `m` (first occurrences only), but for its
/// headcounts, which go to `people`.
fn collect(text: &str, m: &mut Mentions, people: &mut Vec<Found>) {
    let mut address_ranges = Vec::new();
    for (start, token) in address_tokens(text) {
        let bare = token.trim_start_matches(LEADING);
        if ["http://", "https://", "www."]
            .iter()
            .any(|p| starts_with_ignore_case(bare, p))
        {
            let url = trim_trailing(bare);
            address_ranges.push(start..start + token.len());
            push_unique(&mut m.urls, url.to_owned());
        } else if let Some(email) = email(token) {
            address_ranges.push(start..start + token.len());
            push_unique(&mut m.emails, email.to_owned());
        }
    }
    headcount::find(text, &address_ranges, people);
    // Digits already read as part of an amount (`1 234,50 €`).
    let mut consumed = 0;
    for (start, run) in digit_runs(text) {
        if start < consumed || address_ranges.iter().any(|r| r.contains(&start)) {
            continue;
        }
        match amount_at(text, consumed, start) {
            Ok((amount, end)) => {
                m.amounts.push(amount);
                consumed = end;
                continue;
            }
            // The groups of a number are read once, amount or not:
            // `1 000 000 …` was read again from each group (quadratic).
            Err(Some(number_end)) => consumed = number_end,
            Err(None) => {}
        }
        if let Some(year) = year_at(text, start, run) {
            push_unique(&mut m.years, year);
        }
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// Whitespace-separated tokens with their byte offsets.
#[cfg(test)]
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(char::is_whitespace)
        .filter(|t| !t.is_empty())
        .map(move |t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
}

/// The [`tokens`] that may be addresses, in order: those holding `/`
/// (`http://`), `www.` (any case) or `@`. Found from those bytes (one
/// memchr3 pass for `/ . @`, a `.` kept only after `www`) rather than by
/// splitting the whole text: most dots end sentences.
fn address_tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut after = 0;
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'/', b'.', b'@', bytes).filter_map(move |hit| {
        if hit < after {
            return None; // inside the token just handed out
        }
        if bytes[hit] == b'.'
            && !bytes[..hit]
                .last_chunk::<3>()
                .is_some_and(|www| www.eq_ignore_ascii_case(b"www"))
        {
            return None; // a dot, but no `www.`
        }
        let start = text[..hit]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[hit..]
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(text.len(), |(i, _)| hit + i);
        after = end;
        Some((start, &text[start..end]))
    })
}

fn trim_trailing(token: &str) -> &str {
    let mut t = token.trim_end_matches(TRAILING);
    // Keep a closing bracket that the address itself opened.
    if token[t.len()..].starts_with(')') && t.contains('(') {
        t = &token[..t.len() + 1];
    }
    t
}

/// Whether `s` starts with `prefix`, ASCII case ignored.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// `local@domain.tld`, with surrounding punctuation removed.
fn email(token: &str) -> Option<&str> {
    if !token.contains('@') {
        return None;
    }
    let t = trim_trailing(token.trim_start_matches(LEADING));
    let t = t.strip_prefix("mailto:").unwrap_or(t);
    let (local, domain) = t.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c));
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || ".-".contains(c));
    (local_ok && domain_ok).then_some(t)
}

/// Maximal runs of ASCII digits that do not continue a word or a number.
fn digit_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let prev = text[..start].chars().next_back();
                let continues = prev.is_some_and(|c| {
                    c.is_alphanumeric() || matches!(c, ',' | '.' | '/' | '-' | '%' | '_')
                });
                if !continues {
                    return Some((start, &text[start..i]));
                }
            } else {
                // Most text has few digits: looked for eight bytes at a time.
                match first_byte(&bytes[i..], has_digit, |b| b.is_ascii_digit()) {
                    Some(skipped) => i += skipped,
                    None => break,
                }
            }
        }
        None
    })
}

/// Whether any of the eight bytes of `word` is an ASCII digit: a digit is
/// a byte that `^ 0x30` turns into one below 10, and the classic test for
/// "a byte below n" is exact about whether any byte is.
fn has_digit(word: u64) -> bool {
    let x = word ^ splat(b'0');
    x.wrapping_sub(splat(10)) & !x & splat(0x80) != 0
}

/// A year: four digits from 1900 to 2099 standing alone, and not the
/// number of a law (`association loi 1901`).
fn year_at(text: &str, start: usize, run: &str) -> Option<u16> {
    if run.len() != 4 || is_law_number(&text[..start]) {
        return None;
    }
    let next = text[start + 4..].chars().next();
    if next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '%' | '€')) {
        return None;
    }
    let y: u16 = run.parse().ok()?;
    (1900..=2099).contains(&y).then_some(y)
}

/// Whether the text before a number ends with the word `loi`.
fn is_law_number(before: &str) -> bool {
    let before = before.trim_end();
    let word_start = before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    before[word_start..].eq_ignore_ascii_case("loi")
}

/// A money amount starting at `start`: a number (`2`, `1 234,50`, `12.5`),
/// a currency (`€`, `euro(s)`, `EUR`), and a period if one follows
/// (`par an`, `/mois`, `par semaine`…); the sign or code may come before
/// the number, after byte `from`. Else where the number there ends, if
/// there is one.
fn amount_at(text: &str, from: usize, start: usize) -> Result<(Amount, usize), Option<usize>> {
    let (number, mut end) = number_at(text, start).ok_or(None)?;
    if !number.is_finite() {
        // A number too large for a float (thousands of groups) is no amount.
        return Err(Some(end));
    }
    let after = &text[end..];
    let gap = after.len() - after.trim_start().len();
    // `10 k€`, `10k€`: thousands.
    let (kilo, gap) = match after[gap..].strip_prefix(['k', 'K']) {
        Some(rest) if currency_prefix(rest.trim_start()).is_some() => {
            (true, after.len() - rest.trim_start().len())
        }
        _ => (false, gap),
    };
    let mut number = if kilo { number * 1000.0 } else { number };
    let (currency, start) = match currency_prefix(&after[gap..]) {
        Some((currency, len)) => {
            // `50 centimes` is half a euro.
            if lower_case_is(&after[gap..gap + "centime".len().min(len)], "centime") {
                number /= 100.0;
            }
            end += gap + len;
            (currency, start)
        }
        // `€13.95`, `€ 2,99`, `EUR 10`: the sign or code before.
        // Not a sign an amount before took (`20 € 2018`).
        None => match currency_before(&text[from..start]) {
            Some((currency, at)) => (currency, from + at),
            None => return Err(Some(end)),
        },
    };
    let (per, period_len) = period_after(&text[end..]);
    end += period_len;
    let amount = Amount {
        amount: number,
        currency: currency.to_owned(),
        per,
        text: text[start..end].to_owned(),
    };
    Ok((amount, end))
}

/// A number at `start` with French thousands groups and decimal comma; its value and end.
fn number_at(text: &str, start: usize) -> Option<(f64, usize)> {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    // The digits read, once a group or decimals make them more than
    // `text[start..end]` (most numbers are one run).
    let mut digits: Option<String> = None;
    let whole = end;
    // Thousands groups: a space (plain, no-break, narrow no-break), a dot
    // or an apostrophe, then exactly three digits (`1 234`, `9.990`,
    // `1'049`); a comma too when a decimal point follows the group, as
    // English writes (`1,049.95`).
    loop {
        let rest = &text[end..];
        let Some(sep) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | '\'' | '’' | ','))
        else {
            break;
        };
        let group = &rest[sep.len_utf8()..];
        let n = group.bytes().take_while(u8::is_ascii_digit).count();
        if n != 3 {
            break;
        }
        if sep == ',' {
            let after = &group[3..];
            let decimals = after
                .strip_prefix('.')
                .map_or(0, |d| d.bytes().take_while(u8::is_ascii_digit).count());
            if !(1..=2).contains(&decimals) {
                break;
            }
        }
        digits
            .get_or_insert_with(|| text[start..whole].to_owned())
            .push_str(&group[..3]);
        end += sep.len_utf8() + 3;
    }
    let rest = &text[end..];
    if let Some(',' | '.') = rest.chars().next() {
        let n = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&n) {
            let digits = digits.get_or_insert_with(|| text[start..end].to_owned());
            digits.push('.');
            digits.push_str(&rest[1..1 + n]);
            end += 1 + n;
        }
    }
    let digits = digits.as_deref().unwrap_or(&text[start..whole]);
    digits.parse().ok().map(|v| (v, end))
}

/// `s` without `phrase` at its start (case ignored), if it is there and
/// ends a word.
fn strip_phrase<'s>(s: &'s str, phrase: &str) -> Option<&'s str> {
    // Most texts differ from the phrase at once, in an ASCII letter.
    if let (Some(a), Some(b)) = (s.as_bytes().first(), phrase.as_bytes().first())
        && a.is_ascii()
        && b.is_ascii()
        && !a.eq_ignore_ascii_case(b)
    {
        return None;
    }
    let head = s.get(..phrase.len())?;
    let rest = &s[phrase.len()..];
    let ends_word =
        !phrase.ends_with(char::is_alphanumeric) || !rest.starts_with(char::is_alphanumeric);
    (ends_word && lower_case_is(head, phrase)).then_some(rest)
}

/// Whether `head` lower-cased is `phrase`; ASCII byte by byte.
fn lower_case_is(head: &str, phrase: &str) -> bool {
    if head.is_ascii() {
        head.bytes()
            .map(|b| b.to_ascii_lowercase())
            .eq(phrase.bytes())
    } else {
        head.chars().flat_map(char::to_lowercase).eq(phrase.chars())
    }
}

fn currency_prefix(s: &str) -> Option<(&'static str, usize)> {
    // Only the currencies that start with the text's first letter,
    // lower-cased as `strip_phrase` does, can match (most numbers are
    // followed by a word no currency starts with).
    let first = match s.as_bytes().first()? {
        b if b.is_ascii() => char::from(b.to_ascii_lowercase()),
        _ => s.chars().next()?.to_lowercase().next()?,
    };
    let currencies = &french().money.after;
    currencies
        .iter()
        .filter(|(word, _)| word.starts_with(first))
        .find_map(|(word, code)| {
            strip_phrase(s, word).map(|rest| (code.as_str(), s.len() - rest.len()))
        })
}

/// The currency sign or code right before `before`'s end (at most one
/// space between), and where it starts: `€13.95`, `€ 2,99`, `EUR 10`.
fn currency_before(before: &str) -> Option<(&'static str, usize)> {
    let trimmed = before
        .strip_suffix([' ', '\u{a0}', '\u{202f}'])
        .unwrap_or(before);
    let before = &french().money.before;
    before.iter().find_map(|(sign, code)| {
        let at = trimmed.strip_suffix(sign.as_str())?.len();
        // A code is a word of its own (`EUR`, not `PEUR`).
        let alone = !trimmed[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        alone.then_some((code.as_str(), at))
    })
}

/// The period after an amount, also past one or two words (`10 €
/// conseillés par an`), and the bytes it takes.
fn period_after(s: &str) -> (Option<Period>, usize) {
    let (period, len) = period_prefix(s);
    if period.is_some() {
        return (period, len);
    }
    let mut at = 0;
    for _ in 0..2 {
        let rest = &s[at..];
        let word_start = rest.len() - rest.trim_start().len();
        let word = rest[word_start..]
            .find(|c: char| !(c.is_alphabetic() || matches!(c, '-' | '·' | '⋅')))
            .unwrap_or(rest.len() - word_start);
        if word == 0 {
            break;
        }
        at += word_start + word;
        if let (Some(period), len) = period_prefix(&s[at..]) {
            return (Some(period), at + len);
        }
    }
    (None, 0)
}

fn period_prefix(s: &str) -> (Option<Period>, usize) {
    let trimmed = s.trim_start();
    let money = &french().money;
    let (table, text) = match trimmed.strip_prefix('/') {
        Some(rest) => (&money.per, rest.trim_start()),
        None => (&money.periods, trimmed),
    };
    table
        .iter()
        .find_map(|&(ref phrase, period)| {
            let rest = strip_phrase(text, phrase)?;
            let rest = without_inclusive_ending(rest);
            Some((Some(period), s.len() - rest.len()))
        })
        .unwrap_or((None, 0))
}

/// `rest` without the inclusive-writing ending it starts with, if any
/// (`·le`, `·les`, `⋅e`, `.es` after `annuel`, `mensuel`): one to three
/// lower-case letters after the dot, ending a word (`par an.Les` is a
/// sentence's end).
fn without_inclusive_ending(rest: &str) -> &str {
    let Some(after) = rest.strip_prefix(['·', '⋅', '.', '•']) else {
        return rest;
    };
    let letters = after
        .char_indices()
        .find(|(_, c)| !c.is_lowercase())
        .map_or(after.len(), |(i, _)| i);
    if (1..=3).contains(&after[..letters].chars().count()) {
        &after[letters..]
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The first-letter shortcut finds every currency the table does.
        #[test]
        fn the_currency_shortcut_loses_nothing(
            s in "(EUROS|Euro|eur|€|£|\\$ ?(ca|us|CA)|dollars canadiens|Dollars américains|Francs suisses|livres sterling|CHF|gbp|İ|[a-zé ]){0,3}"
        ) {
            let full = french().money.after.iter().find_map(|(word, code)| {
                strip_phrase(&s, word).map(|rest| (code.as_str(), s.len() - rest.len()))
            });
            proptest::prop_assert_eq!(currency_prefix(&s), full);
        }

        /// The word test is the byte test.
        #[test]
        fn the_digit_word_test_is_the_byte_test(word: u64) {
            let any = word.to_ne_bytes().iter().any(u8::is_ascii_digit);
            proptest::prop_assert_eq!(has_digit(word), any);
        }

        /// The ASCII comparison gives the character-wise answer.
        #[test]
        fn lower_case_comparison_is_character_wise(
            head in "(a|A|é|É|K|İ|i|k|'|’| ){0,4}",
            phrase in "(a|A|é|k|i|i̇|'| ){0,4}",
        ) {
            let by_chars = head.chars().flat_map(char::to_lowercase).eq(phrase.chars());
            proptest::prop_assert_eq!(lower_case_is(&head, &phrase), by_chars);
        }

        /// The tokens found from their bytes are the tokens with those bytes.
        #[test]
        fn address_tokens_are_the_tokens_with_an_address_mark(
            text in "([a-z]{1,4}|[./@:]|https://|www\\.|WwW\\.|w|é|\u{a0}| |\t|\u{2003}|\n){0,16}"
        ) {
            let expected: Vec<(usize, &str)> = tokens(&text)
                .filter(|(_, t)| {
                    t.contains(['/', '@']) || t.to_ascii_lowercase().contains("www.")
                })
                .collect();
            let got: Vec<(usize, &str)> = address_tokens(&text).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }

    fn mentions(text: &str) -> Mentions {
        let mut m = Mentions::default();
        collect(text, &mut m, &mut Vec::new());
        m
    }

    fn amounts(text: &str) -> Vec<(f64, Option<Period>, String)> {
        mentions(text)
            .amounts
            .into_iter()
            .map(|a| (a.amount, a.per, a.text))
            .collect()
    }

    #[test]
    fn amounts_with_currency_and_period() {
        assert_eq!(
            amounts("Prix unique sur une base de 2€ par semaine, adhésion (24€), soit 96€ par an."),
            [
                (2.0, Some(Period::Week), "2€ par semaine".to_owned()),
                (24.0, None, "24€".to_owned()),
                (96.0, Some(Period::Year), "96€ par an".to_owned()),
            ]
        );
        assert_eq!(
            amounts("Adhésion unique 2 € pour"),
            [(2.0, None, "2 €".to_owned())]
        );
        assert_eq!(
            amounts("1 234,50 € et 5 euros/mois et 10 €/an"),
            [
                (1234.5, None, "1 234,50 €".to_owned()),
                (5.0, Some(Period::Month), "5 euros/mois".to_owned()),
                (10.0, Some(Period::Year), "10 €/an".to_owned()),
            ]
        );
        assert!(amounts("Prix libre, 2 services, 20Go").is_empty());
        assert_eq!(
            amounts("15 $ CA par an, 12 € l'an, 20 € annuels, 3 CHF / mois, 4 $, 5 € mensuel"),
            [
                (15.0, Some(Period::Year), "15 $ CA par an".to_owned()),
                (12.0, Some(Period::Year), "12 € l'an".to_owned()),
                (20.0, Some(Period::Year), "20 € annuels".to_owned()),
                (3.0, Some(Period::Month), "3 CHF / mois".to_owned()),
                (5.0, Some(Period::Month), "5 € mensuel".to_owned()),
            ]
        );
        // The sign or code before, French and English separators, words
        // before the period.
        assert_eq!(
            amounts("€13.95, € 2,99, EUR 10, 9.990,00 €, 1'049,95 €, €1,049.95, 12.500 €"),
            [
                (13.95, None, "€13.95".to_owned()),
                (2.99, None, "€ 2,99".to_owned()),
                (10.0, None, "EUR 10".to_owned()),
                (9990.0, None, "9.990,00 €".to_owned()),
                (1049.95, None, "1'049,95 €".to_owned()),
                (1049.95, None, "€1,049.95".to_owned()),
                (12500.0, None, "12.500 €".to_owned()),
            ]
        );
        assert_eq!(
            amounts("10 k€ par an, 2k€, 50 centimes par jour"),
            [
                (10000.0, Some(Period::Year), "10 k€ par an".to_owned()),
                (2000.0, None, "2k€".to_owned()),
                (0.5, Some(Period::Day), "50 centimes par jour".to_owned()),
            ]
        );
        assert_eq!(
            amounts("10 € conseillés par an, 5 € par mois"),
            [
                (
                    10.0,
                    Some(Period::Year),
                    "10 € conseillés par an".to_owned()
                ),
                (5.0, Some(Period::Month), "5 € par mois".to_owned()),
            ]
        );
        assert_eq!(
            amounts(
                "10 € annuel·le, 5 € mensuelle, 30 € par trimestre, 8 € trimestrielles, 1.049,95 €, 1 049,95 € par semaine"
            ),
            [
                (10.0, Some(Period::Year), "10 € annuel·le".to_owned()),
                (5.0, Some(Period::Month), "5 € mensuelle".to_owned()),
                (30.0, Some(Period::Quarter), "30 € par trimestre".to_owned()),
                (8.0, Some(Period::Quarter), "8 € trimestrielles".to_owned()),
                (1049.95, None, "1.049,95 €".to_owned()),
                (
                    1049.95,
                    Some(Period::Week),
                    "1 049,95 € par semaine".to_owned()
                ),
            ]
        );
        // A sign an amount took is not the next number's (`20 € 2018`).
        assert_eq!(amounts("20 € 2018").len(), 1);
        // "2 € an" is not a period without a slash; "10 €/anniversaire" is no year.
        assert_eq!(amounts("2 € an")[0].1, None);
        assert_eq!(amounts("10 €/anniversaire")[0].1, None);
    }

    #[test]
    fn urls_emails_and_years() {
        let m = mentions(
            "Voir https://tedomum.net/finances/. Écrire à contact@exemple.org, depuis 2004 et en 2018 ; (https://a.org/x_(y)) 20 € 2018",
        );
        assert_eq!(
            m.urls,
            ["https://tedomum.net/finances/", "https://a.org/x_(y)"]
        );
        assert_eq!(m.emails, ["contact@exemple.org"]);
        assert_eq!(m.years, [2004, 2018]);
        // Numbers in addresses, amounts and larger numbers are not years.
        let m = mentions("https://x.org/2019/ 2019€ 12019 1899 80% association loi 1901, Loi 1905");
        assert!(m.years.is_empty(), "{:?}", m.years);
        assert_eq!(mentions("Emploi 2019").years, [2019]);
    }
}
