//! Consistency checks: what a fiche declares against what its own text
//! says. Each finding is a warning with its own code: the fiche may be
//! right, but a person should look.

use crate::headcount::Role;
use crate::mentions::Facts;
use fiche_profile::Profile;
use fiche_types::{Code, Count, FieldKey, Message, Problem, Record, Span};

/// The value span of each record key that was given, for locating warnings.
#[derive(Debug, Default)]
pub(crate) struct FieldSpans(Vec<(FieldKey, Span)>);

impl FieldSpans {
    /// Room for `fields` spans (one per field of the profile).
    pub(crate) fn with_capacity(fields: usize) -> Self {
        FieldSpans(Vec::with_capacity(fields))
    }

    pub(crate) fn insert(&mut self, key: FieldKey, span: Span) {
        self.0.push((key, span));
    }

    pub(crate) fn get(&self, key: FieldKey) -> Span {
        self.0
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(Span::default(), |&(_, s)| s)
    }
}

/// Adds a warning to `problems` for each inconsistency of `record`.
pub(crate) fn check(
    profile: &Profile,
    record: &Record,
    facts: &Facts,
    spans: &FieldSpans,
    this_year: u16,
    problems: &mut Vec<Problem>,
) {
    if let Some(employees) = &record.employees {
        let said = facts
            .people
            .iter()
            .find(|f| f.role == Role::Employee && !within(employees, f.headcount.value));
        if let Some(found) = said {
            problems.push(contradicted(
                profile,
                FieldKey::Employees,
                employees,
                &found.headcount.text,
                spans,
            ));
        }
    }
    if let Some(volunteers) = &record.volunteers {
        let said = facts.people.iter().find(|f| {
            let n = f.headcount.value;
            match f.role {
                Role::Volunteer => upper_bound(volunteers).is_some_and(|max| n > max),
                Role::Active => volunteers.value == 0 && n > 0,
                Role::Employee | Role::Other => false,
            }
        });
        if let Some(found) = said {
            problems.push(contradicted(
                profile,
                FieldKey::Volunteers,
                volunteers,
                &found.headcount.text,
                spans,
            ));
        }
    }
    if let (Some(since), Some(founded)) = (&record.member_since, record.founded) {
        let since_year: u16 = since
            .get(..4)
            .and_then(|y| y.parse().ok())
            .unwrap_or(founded);
        if since_year < founded {
            problems.push(
                Problem::new(
                    Code::MemberSinceBeforeFounded,
                    spans.get(FieldKey::MemberSince),
                    Message::new(
                        format!(
                            "member since {since}, before the structure was founded in {founded}"
                        ),
                        format!(
                            "la structure est membre depuis {}, soit avant sa création en {founded}",
                            in_french(since)
                        ),
                    ),
                )
                .in_field(FieldKey::MemberSince.slug()),
            );
        }
    }
    for (year, field) in facts.years.iter().filter(|(y, _)| *y > this_year) {
        problems.push(
            Problem::new(
                Code::FutureYear,
                field.span,
                Message::new(
                    format!("the text mentions the year {year}, which is in the future"),
                    format!("le texte mentionne l'année {year}, qui n'est pas encore arrivée"),
                ),
            )
            .in_field(field.name),
        );
    }
}

/// A `count-contradicted` warning on the declared `count` of `key`.
fn contradicted(
    profile: &Profile,
    key: FieldKey,
    count: &Count,
    said: &str,
    spans: &FieldSpans,
) -> Problem {
    let label = profile.label_of(key).unwrap_or(key.slug());
    let en = match key {
        FieldKey::Employees => "employees",
        _ => "volunteers",
    };
    Problem::new(
        Code::CountContradicted,
        spans.get(key),
        Message::new(
            format!(
                "the fiche declares «{}» {en}, but its text says «{said}»",
                count.raw
            ),
            format!(
                "le champ «{label}» indique «{}», mais le texte parle de «{said}»",
                count.raw
            ),
        ),
    )
    .in_field(key.slug())
}

/// A record's date as French writes it in a sentence (`le 3 mars 2015`,
/// `mars 2015`, `2015`).
fn in_french(iso: &str) -> String {
    let written = fiche_profile::french().date(iso);
    if iso.len() == 10 {
        format!("le {written}")
    } else {
        written
    }
}

/// The most a declared count allows: its `max`, none for `plus de 20`, else its value.
fn upper_bound(count: &Count) -> Option<u32> {
    match (count.min, count.max) {
        (_, Some(max)) => Some(max),
        (Some(_), None) => None,
        (None, None) => Some(count.value),
    }
}

/// Whether `n` agrees with a declared count (equal, or inside its bounds).
fn within(count: &Count, n: u32) -> bool {
    match (count.min, count.max) {
        (None, None) => count.value == n,
        (min, max) => min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m),
    }
}
