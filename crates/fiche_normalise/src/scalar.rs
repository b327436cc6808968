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

/// A year, from `1995`, `en 1995` or a full date, or from a value whose
/// only four-digit number standing alone is the year (`vers 2010, voir
/// …`). A number glued to a letter, a digit or a minus sign (`2010abc`,
/// `-2010`) stands for no year.
pub(crate) fn year(value: &str) -> Result<YearIn, Message> {
    let err = || {
        Message::new(
            format!("expected a year such as 1995, found «{value}»"),
            format!("une année comme 1995 est attendue, «{value}» trouvé"),
        )
    };
    if let Ok(date) = date(value) {
        let year = date[..4].parse().map_err(|_| err())?;
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
            Some(c) if c.is_alphanumeric() || matches!(c, '-' | '‐' | '−' | '－') => true,
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
                "l'année {y} est antérieure à 1900, l'année de création de la structure est attendue"
            ),
        ))
    } else if y > this_year {
        Err(Message::new(
            format!("year {y} is in the future (this year is {this_year})"),
            format!("l'année {y} est dans le futur (nous sommes en {this_year})"),
        ))
    } else {
        Ok(y)
    }
}

const MONTHS: &[(&str, u8)] = &[
    ("janvier", 1),
    ("fevrier", 2),
    ("février", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("aout", 8),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("decembre", 12),
    ("décembre", 12),
];

/// An ISO 8601 date at the precision given: `2019`, `2019-05`, `2019-05-14`,
/// from `2019`, `en 2019`, `2019-05-14`, `14/05/2019`, `05/2019`,
/// `14 mai 2019`, `1er mars 2019`, `Février 2021`.
pub(crate) fn date(value: &str) -> Result<String, Message> {
    let err = || {
        Message::new(
            format!(
                "expected a date such as 2019, 05/2019, 14/05/2019 or 14 mai 2019, found «{value}»"
            ),
            format!(
                "une date comme 2019, 05/2019, 14/05/2019 ou 14 mai 2019 est attendue, «{value}» trouvé"
            ),
        )
    };
    let v = value.trim().trim_end_matches('.').to_lowercase();
    let v = v
        .strip_prefix("en ")
        .or_else(|| v.strip_prefix("depuis "))
        .unwrap_or(&v)
        .trim();
    // Numeric forms.
    let parts: Vec<&str> = v.split(['-', '/', '.']).collect();
    let all_digits = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if all_digits {
        let n = |s: &str| s.parse::<u32>().ok();
        let (y, m, d) = match parts.as_slice() {
            [y] if y.len() == 4 => (n(y), None, None),
            [y, m] if y.len() == 4 => (n(y), n(m), None),
            [m, y] if y.len() == 4 => (n(y), n(m), None),
            [y, m, d] if y.len() == 4 => (n(y), n(m), n(d)),
            [d, m, y] if y.len() == 4 => (n(y), n(m), n(d)),
            _ => return Err(err()),
        };
        return iso(y.ok_or_else(err)?, m, d).ok_or_else(err);
    }
    // Words: [day] month year.
    let words: Vec<&str> = v.split_whitespace().collect();
    let month_of = |w: &str| {
        MONTHS
            .iter()
            .find(|(name, _)| *name == w)
            .map(|&(_, m)| u32::from(m))
    };
    let day_of = |w: &str| w.strip_suffix("er").unwrap_or(w).parse::<u32>().ok();
    let (d, m, y) = match words.as_slice() {
        [m, y] => (None, month_of(m), y.parse().ok()),
        [d, m, y] => (day_of(d), month_of(m), y.parse().ok()),
        _ => return Err(err()),
    };
    if words.len() == 3 && d.is_none() {
        return Err(err());
    }
    match (m, y) {
        (Some(m), Some(y)) => iso(y, Some(m), d).ok_or_else(err),
        _ => Err(err()),
    }
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
        assert_eq!(year("1995"), whole(1995));
        assert_eq!(year("en 1995"), whole(1995));
        assert_eq!(year("depuis 1995."), whole(1995));
        assert_eq!(year("14/05/2019"), whole(2019));
        assert_eq!(year("Février 2021"), whole(2021));
        assert_eq!(year("Fondée à Nantes en 2010 par trois amis"), part(2010));
        assert_eq!(
            year("vers 2010, voir https://exemple.org/historique"),
            part(2010)
        );
        assert_eq!(year("2011 mot"), part(2011));
        assert_eq!(year("Fondée en 2010."), part(2010));
        assert_eq!(year("(2010)"), whole(2010));
        assert_eq!(year("En 2010 :"), whole(2010));
        assert_eq!(year("en 2010 avec 3 amis"), part(2010));
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
            assert!(year(text).is_err(), "{text}");
        }
        assert_eq!(
            plausible_year(1850, 2026)
                .map_err(|e| e.get(fiche_types::Lang::En).contains("before 1900")),
            Err(true)
        );
        assert_eq!(
            plausible_year(2030, 2026).map_err(|e| e.get(fiche_types::Lang::Fr).contains("futur")),
            Err(true)
        );
    }

    #[test]
    fn dates_at_the_precision_given() {
        assert_eq!(date("2019").as_deref(), Ok("2019"));
        assert_eq!(date("en 2019").as_deref(), Ok("2019"));
        assert_eq!(date("2019-05-14").as_deref(), Ok("2019-05-14"));
        assert_eq!(date("14/05/2019").as_deref(), Ok("2019-05-14"));
        assert_eq!(date("05/2019").as_deref(), Ok("2019-05"));
        assert_eq!(date("14 mai 2019").as_deref(), Ok("2019-05-14"));
        assert_eq!(date("1er mars 2019").as_deref(), Ok("2019-03-01"));
        assert_eq!(date("Février 2021").as_deref(), Ok("2021-02"));
        assert!(date("31/02/2019").is_err());
        assert!(date("29/02/2019").is_err());
        assert_eq!(date("29/02/2020").as_deref(), Ok("2020-02-29"));
        assert!(date("bientôt").is_err());
        assert!(date("14 brumaire 2019").is_err());
    }
}
