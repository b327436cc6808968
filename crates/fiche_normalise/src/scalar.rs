//! Scalar values: years, dates, head counts, categories and checklists.
//! Each reader takes the cleaned value and says what it understood or why not.

use fiche_types::Message;

/// A year read from a value, and whether it was the whole value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YearIn {
    pub year: u16,
    /// The value says nothing but the year: `1995`, `en 1995`, `depuis
    /// 1995`, or a date. When false, the other words are not read
    /// (`Fondée à Nantes en 2010 par trois amis`).
    pub whole: bool,
}

/// A year, from `1995`, `en 1995`, a year in words or a full date (see
/// [`date`]; `this_year` places two-digit years), or from a value whose
/// only four-digit number standing alone is the year (`vers 2010, voir
/// …`). A number glued to a letter, a digit or a minus sign (`2010abc`,
/// `-2010`) stands for no year.
pub(crate) fn year(value: &str, this_year: u16) -> Result<YearIn, Message> {
    let err = || {
        Message::new(
            format!("expected a year such as 1995, found «{value}»"),
            format!("«{value}» n'est pas une année"),
        )
    };
    if let Ok(date) = date(value, this_year)
        && date.whole
    {
        let year = date.iso[..4].parse().map_err(|_| err())?;
        return Ok(YearIn { year, whole: true });
    }
    let mut years = standalone_years(value);
    let (Some((start, end)), None) = (years.next(), years.next()) else {
        return Err(err());
    };
    let year = value[start..end].parse().map_err(|_| err())?;
    // `(2010)` or `en 2010 :` say nothing more than `2010`.
    let words = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let before = words(&value[..start]);
    let whole = words(&value[end..]).is_empty()
        && matches!(before.as_slice(), [] | [_] if before.iter().all(|w| w == "en" || w == "depuis"));
    Ok(YearIn { year, whole })
}

/// The byte ranges of the four-digit numbers of `value` that stand alone:
/// not next to a letter or a digit, not after a minus sign, and not part
/// of a decimal number (`2010.5`; a full stop ending a sentence is fine).
fn standalone_years(value: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let decimal_point = |c: char| matches!(c, '.' | ',');
    digit_spans(value).filter(move |&(start, end)| {
        let mut before = value[..start].chars().rev();
        let mut after = value[end..].chars();
        let glued_before = match before.next() {
            Some(c) if c.is_alphanumeric() => true,
            // A minus sign (`-2010`), not a hyphen joining a word (`mi-2015`).
            Some('-' | '‐') => !before.next().is_some_and(char::is_alphabetic),
            Some('−' | '－') => true,
            Some(c) if decimal_point(c) => before.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
        let glued_after = match after.next() {
            Some(c) if c.is_alphanumeric() => true,
            Some(c) if decimal_point(c) => after.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
        end - start == 4 && !glued_before && !glued_after
    })
}

/// The byte ranges of the runs of ASCII digits of `s`.
fn digit_spans(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        (i > start).then_some((start, i))
    })
}

/// Whether a year is plausible for a structure: from 1900 to `this_year`.
pub(crate) fn plausible_year(y: u16, this_year: u16) -> Result<u16, Message> {
    if y < 1900 {
        Err(Message::new(
            format!("year {y} is before 1900, expected the year the structure was created"),
            format!(
                "l'année {y} est antérieure à 1900 ; indiquez l'année de création de la structure"
            ),
        ))
    } else if y > this_year {
        Err(Message::new(
            format!("year {y} is in the future (this year is {this_year})"),
            format!("l'année {y} n'est pas encore arrivée (nous sommes en {this_year})"),
        ))
    } else {
        Ok(y)
    }
}

/// A date read from a value: ISO 8601 at the precision given, and whether
/// it was the whole value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateIn {
    pub iso: String,
    /// The value says nothing but the date. When false (`début 2015`,
    /// `printemps 2015`), only the year was read and the rest is quoted.
    pub whole: bool,
}

/// A two-digit year as a full one: this century's up to this year
/// (`14` is 2014 in 2026), the last century's after (`95` is 1995).
pub(crate) fn full_year(two_digits: u32, this_year: u16) -> u32 {
    let century = u32::from(this_year) / 100 * 100;
    if two_digits <= u32::from(this_year) % 100 {
        century + two_digits
    } else {
        century - 100 + two_digits
    }
}

/// An ISO 8601 date at the precision given, from the forms French writes:
/// `2019`, `en 2019`, `depuis 2019`, `2019-05`, `2019-05-14`, `14/05/2019`,
/// `14-05-2019`, `14.05.2019`, `14 05 2019`, `20/02/14` (a two-digit year,
/// see [`full_year`]), `05/2019`, `14 mai 2019`, `le 14 mai 2019`,
/// `mardi 14 mai 2019`, `1er mars 2019`, `premier mars 2019`, `14 fév.
/// 2019`, `Février 2021`, `fevrier 2021`, and a year in words (`deux mille
/// douze`, `mil neuf cent quatre-vingt-quinze`). A value with other words
/// around a single year (`début 2015`, `printemps 2015`) is read at year
/// precision, not whole.
pub(crate) fn date(value: &str, this_year: u16) -> Result<DateIn, Message> {
    let err = || {
        Message::new(
            format!(
                "expected a date such as 2019, 05/2019, 14/05/2019 or 14 mai 2019, found «{value}»"
            ),
            format!("«{value}» n'est pas une date"),
        )
    };
    let whole = |iso: Option<String>| iso.map(|iso| DateIn { iso, whole: true });
    let fr = fiche_profile::french();
    let lower = value.trim().trim_end_matches('.').to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words.first().is_some_and(|w| {
        let day = w.trim_end_matches(',');
        fr.dates.leading.iter().any(|l| l == w) || fr.dates.days.iter().any(|d| d == day)
    }) {
        words.remove(0);
    }
    let rest = words.join(" ");
    // Numeric forms: parts between `/`, `-`, `.` or spaces.
    let parts: Vec<&str> = rest
        .split(['-', '/', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    // A separator at either end is no date's (`-2010` is a negative number).
    let separated = rest.starts_with(['-', '/', '.']) || rest.ends_with(['-', '/']);
    if !separated
        && !parts.is_empty()
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        let n = |s: &str| s.parse::<u32>().ok();
        let (y, m, d) = match parts.as_slice() {
            [y] if y.len() == 4 => (n(y), None, None),
            [y, m] if y.len() == 4 && m.len() <= 2 => (n(y), n(m), None),
            [m, y] if y.len() == 4 && m.len() <= 2 => (n(y), n(m), None),
            [y, m, d] if y.len() == 4 => (n(y), n(m), n(d)),
            [d, m, y] if y.len() == 4 && d.len() <= 2 && m.len() <= 2 => (n(y), n(m), n(d)),
            [d, m, y] if y.len() == 2 && d.len() <= 2 && m.len() <= 2 => {
                (n(y).map(|y| full_year(y, this_year)), n(m), n(d))
            }
            _ => return Err(err()),
        };
        return whole(iso(y.ok_or_else(err)?, m, d)).ok_or_else(err);
    }
    // Words: [day] month year.
    let month_of = |w: &str| fr.month_of(w.trim_end_matches('.'));
    let day_of = |w: &str| {
        if fr.dates.first_day.iter().any(|f| f == w) {
            Some(1)
        } else {
            w.parse::<u32>().ok().filter(|_| w.len() <= 2)
        }
    };
    let year_of = |w: &str| w.parse::<u32>().ok().filter(|_| w.len() == 4);
    let read = match words.as_slice() {
        [m, y] => month_of(m).zip(year_of(y)).map(|(m, y)| (y, Some(m), None)),
        [d, m, y] => day_of(d)
            .zip(month_of(m))
            .zip(year_of(y))
            .map(|((d, m), y)| (y, Some(m), Some(d))),
        _ => None,
    };
    if let Some((y, m, d)) = read {
        return whole(iso(y, m, d)).ok_or_else(err);
    }
    // A year in words: `deux mille douze`, `mil neuf cent …`.
    if let Some(y) = year_in_words(&rest) {
        return whole(iso(y, None, None)).ok_or_else(err);
    }
    // A day or month date, then other words (`3 mars 2015 (AG
    // constitutive)`): the date, not whole. A date is at most four words
    // once the leading ones are gone, so this stays linear.
    for n in (1..words.len().min(5)).rev() {
        let prefix = words[..n].join(" ");
        let prefix = prefix.trim_end_matches([',', ';', ':', '(']);
        if let Ok(DateIn { iso, whole: true }) = date(prefix, this_year)
            && iso.len() > 4
        {
            return Ok(DateIn { iso, whole: false });
        }
    }
    // Other words around one year: the year, not whole.
    let mut years = standalone_years(value);
    if let (Some((start, end)), None) = (years.next(), years.next())
        && let Ok(y) = value[start..end].parse::<u32>()
        && let Some(iso) = iso(y, None, None)
    {
        return Ok(DateIn { iso, whole: false });
    }
    Err(err())
}

/// A year written in French words (`deux mille douze`, `mil neuf cent
/// quatre-vingt-quinze`, `l'an deux mille`), read by text2num.
fn year_in_words(text: &str) -> Option<u32> {
    let fr = fiche_profile::french();
    let text = fr
        .dates
        .year_prefixes
        .iter()
        .find_map(|p| text.strip_prefix(p.as_str())?.strip_prefix(' '))
        .unwrap_or(text);
    if !text
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
        || text.is_empty()
    {
        return None;
    }
    // `mil`, the old spelling of `mille` in years.
    let text: Vec<&str> = text
        .split(' ')
        .map(|w| {
            fr.dates
                .number_spellings
                .iter()
                .find(|(other, _)| other == w)
                .map_or(w, |(_, read)| read.as_str())
        })
        .collect();
    let digits = text2num::text2digits(&text.join(" "), &text2num::lang::French::default()).ok()?;
    digits
        .parse::<u32>()
        .ok()
        .filter(|y| (1000..=9999).contains(y))
}

/// `YYYY[-MM[-DD]]` if the parts make a real date.
fn iso(y: u32, m: Option<u32>, d: Option<u32>) -> Option<String> {
    if !(1000..=9999).contains(&y) {
        return None;
    }
    let Some(m) = m else {
        return Some(format!("{y:04}"));
    };
    if !(1..=12).contains(&m) {
        return None;
    }
    let Some(d) = d else {
        return Some(format!("{y:04}-{m:02}"));
    };
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days)
        .contains(&d)
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years() {
        let whole = |year| Ok(YearIn { year, whole: true });
        let part = |year| Ok(YearIn { year, whole: false });
        assert_eq!(year("1995", 2026), whole(1995));
        assert_eq!(year("en 1995", 2026), whole(1995));
        assert_eq!(year("depuis 1995.", 2026), whole(1995));
        assert_eq!(year("14/05/2019", 2026), whole(2019));
        assert_eq!(year("Février 2021", 2026), whole(2021));
        assert_eq!(
            year("Fondée à Nantes en 2010 par trois amis", 2026),
            part(2010)
        );
        assert_eq!(
            year("vers 2010, voir https://exemple.org/historique", 2026),
            part(2010)
        );
        assert_eq!(year("2011 mot", 2026), part(2011));
        assert_eq!(year("Fondée en 2010.", 2026), part(2010));
        assert_eq!(year("(2010)", 2026), whole(2010));
        assert_eq!(year("En 2010 :", 2026), whole(2010));
        assert_eq!(year("en 2010 avec 3 amis", 2026), part(2010));
        for text in [
            "quatre-vingt-quinze",
            "1995 ou 1996",
            "95",
            "2010abc",
            "-2010",
            "−2010",
            "12010",
            "2010,5",
            "",
        ] {
            assert!(year(text, 2026).is_err(), "{text}");
        }
        assert_eq!(
            plausible_year(1850, 2026)
                .map_err(|e| e.get(fiche_types::Lang::En).contains("before 1900")),
            Err(true)
        );
        assert_eq!(
            plausible_year(2030, 2026)
                .map_err(|e| e.get(fiche_types::Lang::Fr).contains("pas encore arrivée")),
            Err(true)
        );
    }

    /// The date read, `~` before it when only its year was (not whole).
    fn d(value: &str) -> Result<String, ()> {
        date(value, 2026)
            .map(|d| {
                if d.whole {
                    d.iso
                } else {
                    format!("~{}", d.iso)
                }
            })
            .map_err(|_| ())
    }

    #[test]
    fn dates_at_the_precision_given() {
        for (value, read) in [
            ("2019", "2019"),
            ("en 2019", "2019"),
            ("depuis 2019", "2019"),
            ("2019-05-14", "2019-05-14"),
            ("2015-03-03", "2015-03-03"),
            ("2019-05", "2019-05"),
            ("14/05/2019", "2019-05-14"),
            ("14-05-2019", "2019-05-14"),
            ("14.05.2019", "2019-05-14"),
            ("14 05 2019", "2019-05-14"),
            ("3/3/2015", "2015-03-03"),
            ("20/02/14", "2014-02-20"),
            ("20/02/95", "1995-02-20"),
            ("05/2019", "2019-05"),
            ("14 mai 2019", "2019-05-14"),
            ("le 3 mars 2015", "2015-03-03"),
            ("Le 3 mars 2015.", "2015-03-03"),
            ("lundi 3 mars 2015", "2015-03-03"),
            ("depuis le 3 mars 2015", "2015-03-03"),
            ("1er mars 2019", "2019-03-01"),
            ("premier mars 2019", "2019-03-01"),
            ("14 fév. 2019", "2019-02-14"),
            ("14 févr 2019", "2019-02-14"),
            ("sept. 2018", "2018-09"),
            ("3 aout 2015", "2015-08-03"),
            ("Février 2021", "2021-02"),
            ("fevrier 2021", "2021-02"),
            ("DÉCEMBRE 2020", "2020-12"),
            ("deux mille douze", "2012"),
            ("mil neuf cent quatre-vingt-quinze", "1995"),
            ("début 2015", "~2015"),
            ("fin 2015", "~2015"),
            ("printemps 2015", "~2015"),
            ("14 brumaire 2019", "~2019"),
            // As associations write them on their pages.
            ("mi-2015", "~2015"),
            ("courant 2015", "~2015"),
            ("été 2015", "~2015"),
            ("automne 2015", "~2015"),
            ("3 mars 2015 (AG constitutive)", "~2015-03-03"),
            ("03/03/2015, lors de l'AG", "~2015-03-03"),
            ("le 1er mars 2015 à Lyon", "~2015-03-01"),
            ("mars 2015 environ", "~2015-03"),
        ] {
            assert_eq!(d(value).as_deref(), Ok(read), "{value}");
        }
        for value in [
            "31/02/2019",
            "29/02/2019",
            "bientôt",
            "2015 ou 2016",
            "2010-2015",
            "-2010",
            "mi -2010",
            "deux",
            "",
        ] {
            assert!(d(value).is_err(), "{value}");
        }
        assert_eq!(d("29/02/2020").as_deref(), Ok("2020-02-29"));
    }

    proptest::proptest! {
        /// Any real date, in any of the forms French writes, reads as
        /// its ISO form: inputs made from every month spelling, prefix,
        /// case and separator, not only the rows above.
        #[test]
        fn dates_in_every_written_form_read_back(
            y in 1990u32..=2025,
            m in 1u32..=12,
            d in 1u32..=28,
            form in 0usize..5,
            spelling in 0usize..8,
            prefix in proptest::sample::select(vec!["", "le ", "Le ", "lundi ", "depuis le ", "en "]),
            upper in proptest::bool::ANY,
            dot in proptest::bool::ANY,
        ) {
            let months = &fiche_profile::french().dates.months[m as usize - 1];
            let month = months[spelling % months.len()].as_str();
            let month = if upper { month.to_uppercase() } else { month.to_owned() };
            let month = if dot && month.chars().count() <= 4 { format!("{month}.") } else { month };
            let day = match (d, spelling % 3) {
                (1, 1) => "1er".to_owned(),
                (1, 2) => "premier".to_owned(),
                _ => d.to_string(),
            };
            let yy = y % 100;
            let (text, iso) = match form {
                0 => (format!("{d}/{m}/{y}"), format!("{y:04}-{m:02}-{d:02}")),
                1 => (format!("{d:02}.{m:02}.{y}"), format!("{y:04}-{m:02}-{d:02}")),
                2 => (format!("{d:02}/{m:02}/{yy:02}"), format!("{:04}-{m:02}-{d:02}", full_year(yy, 2026))),
                3 => (format!("{month} {y}"), format!("{y:04}-{m:02}")),
                _ => (format!("{prefix}{day} {month} {y}"), format!("{y:04}-{m:02}-{d:02}")),
            };
            proptest::prop_assert_eq!(date(&text, 2026).map(|d| (d.iso, d.whole)), Ok((iso, true)), "{}", text);
        }
    }

    #[test]
    fn two_digit_years_pivot_on_this_year() {
        assert_eq!(full_year(14, 2026), 2014);
        assert_eq!(full_year(26, 2026), 2026);
        assert_eq!(full_year(27, 2026), 1927);
        assert_eq!(full_year(95, 2026), 1995);
        assert_eq!(full_year(0, 2026), 2000);
    }
}
