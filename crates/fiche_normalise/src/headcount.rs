//! Numbers of people mentioned in free text: `7 membres`, `3 permanents`,
//! `une vingtaine de membres`, `une petite dizaine de réguliers`.

use fiche_profile::label_key;
use fiche_types::Headcount;
use std::ops::Range;

/// Words that name people, as [`label_key`] prefixes (`adherent` matches
/// `adhérents`, `adhérent·es`).
const PEOPLE: &[&str] = &[
    "personne",
    "membre",
    "adherent",
    "benevole",
    "salari",
    "permanent",
    "contribut",
    "administrat",
    "utilisat",
    "usager",
    "employe",
    "regulier",
    "militant",
    "participant",
    "animat",
    "technicien",
    "actif",
    "active",
    "cooperat",
    "societaire",
];

/// Nouns of approximate quantity and the number each stands for.
const APPROXIMATE: &[(&str, u32)] = &[
    ("demidouzaine", 6),
    ("dizaine", 10),
    ("douzaine", 12),
    ("quinzaine", 15),
    ("vingtaine", 20),
    ("trentaine", 30),
    ("quarantaine", 40),
    ("cinquantaine", 50),
    ("soixantaine", 60),
    ("centaine", 100),
];

/// A word of the text: its byte range and its comparison key.
struct Word {
    range: Range<usize>,
    key: String,
}

/// Words: runs of letters and digits, with inner hyphens and inclusive dots
/// (`demi-douzaine`, `40-50`, `adhérent·es`); apostrophes split.
fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '-' | '·' | '⋅' | '•')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(Word {
                range: s..i,
                key: label_key(&text[s..i]),
            });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            range: s..text.len(),
            key: label_key(&text[s..]),
        });
    }
    out
}

fn is_people(key: &str) -> bool {
    PEOPLE.iter().any(|p| key.starts_with(p))
}

/// Adds the headcounts of `text` to `out`, skipping words inside `skip`
/// (addresses).
pub(crate) fn collect(text: &str, skip: &[Range<usize>], out: &mut Vec<Headcount>) {
    let words = words(text);
    let key = |i: usize| words.get(i).map_or("", |w| w.key.as_str());
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if skip.iter().any(|r| r.contains(&w.range.start)) {
            i += 1;
            continue;
        }
        let raw = &text[w.range.clone()];
        // `7 membres`: a whole number right before a people noun.
        let spaced = |a: usize, b: usize| {
            words
                .get(b)
                .is_some_and(|next| text[words[a].range.end..next.range.start].trim().is_empty())
        };
        if raw.bytes().all(|b| b.is_ascii_digit()) && spaced(i, i + 1) && is_people(key(i + 1)) {
            if let Ok(value) = raw.parse() {
                out.push(Headcount {
                    value,
                    approximate: false,
                    text: text[w.range.start..words[i + 1].range.end].to_owned(),
                });
            }
            i += 2;
            continue;
        }
        // `une [petite|bonne] vingtaine de membres`.
        if matches!(key(i), "une" | "un") {
            let noun_at = if matches!(key(i + 1), "petite" | "bonne") {
                i + 2
            } else {
                i + 1
            };
            let approx = APPROXIMATE.iter().find(|(n, _)| *n == key(noun_at));
            if let Some(&(_, value)) = approx
                && matches!(key(noun_at + 1), "de" | "d")
                && is_people(key(noun_at + 2))
            {
                out.push(Headcount {
                    value,
                    approximate: true,
                    text: text[w.range.start..words[noun_at + 2].range.end].to_owned(),
                });
                i = noun_at + 3;
                continue;
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(text: &str) -> Vec<(u32, bool, String)> {
        let mut out = Vec::new();
        collect(text, &[], &mut out);
        out.into_iter()
            .map(|h| (h.value, h.approximate, h.text))
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
                (20, false, "20 bénévoles".to_owned()),
            ]
        );
        assert_eq!(
            counts("une petite dizaine de réguliers, 12 adhérent·es"),
            [
                (10, true, "une petite dizaine de réguliers".to_owned()),
                (12, false, "12 adhérent·es".to_owned()),
            ]
        );
    }

    #[test]
    fn numbers_of_things_are_not_headcounts() {
        assert!(
            counts("11 machines virtuelles, 3 mois, une douzaine par an, 2 services").is_empty()
        );
    }
}
