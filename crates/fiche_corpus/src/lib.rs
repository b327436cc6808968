//! Generates fiche exports with the variation real ones have: inclusive
//! writing in three dot styles, empty fields, lists on their own lines or
//! run together, nested lists, no-break spaces, amounts, URLs, numbers of
//! people in free text (in figures and in words). The same seed always
//! gives the same text.

use fastrand::Rng;
use std::fmt::Write;

const NAMES: &[&str] = &[
    "Infini",
    "Hadoly",
    "TeDomum",
    "FACiL",
    "Nomagic",
    "Le Retzien Libre",
    "Sud-Ouest.org",
    "Zourit",
    "Chapril",
    "Colibris",
    "Deuxfleurs",
    "Exarius",
    "Framasoft",
    "Immaterie",
    "La Mère Zaclys",
    "Libre-Service.eu",
    "Picasoft",
    "Roflcopter",
    "Siick",
    "Tila",
];
const TYPES: &[&str] = &[
    "Association",
    "Association loi 1901",
    "Collectif",
    "SCIC",
    "Micro-entreprise",
    "Particulier",
];
const DOTS: &[&str] = &["⋅", "·", "."];
const SENTENCES: &[&str] = &[
    "Association sans but lucratif, administrée par un conseil d'administration collégial.",
    "Une équipe «\u{a0}tech\u{a0}», entièrement bénévole, est chargée de la partie technique.",
    "Les décisions quotidiennes sont prises au sondage des membres actifs, les décisions structurelles en AG.",
    "Notre objet reste l'hébergement de services libres et gratuits en ligne et l'éducation populaire.",
    "Voir notre documentation sur https://exemple.org/documentation/organisation/ pour les détails.",
    "Le salarié est chargé de la coordination et de l'accompagnement des adhérents à l'utilisation des services.",
    "Une réunion mensuelle, ouverte à tous, a lieu depuis 2016 dans notre local.",
    "Contact\u{a0}: contact@exemple.org ou par téléphone.",
];
const ITEMS: &[&str] = &[
    "messagerie (IMAP, POP et webmail)",
    "stockage en cloud (NextCloud)",
    "hébergement de sites Internet",
    "trésorier : comptabilité",
    "secrétaire : C.R. et animations",
    "superviseur technique : maintenance et support",
    "ateliers d'entraide et permanences",
    "Support et FAQ (mail, chat, tel, rendez-vous)",
];
const ECONOMY: &[&str] = &[
    "Prix libre",
    "Adhésions et dons",
    "Adhésion de 12€ par an, calée sur l'année calendaire.",
    "Prix unique sur une base de 2€ par semaine, soit 96€ par an pour tous les services.",
    "Subventions et appels à projet ; dons réguliers collectés par LiberaPay et Tipeee.",
    "L'ensemble de nos services est fourni à titre gratuit.",
    "Ces associations paient une cotisation annuelle (20\u{a0}€) qui leur donne accès à tous les services.",
];
const ACCESS: &[&str] = &[
    "Services accessibles à tou{d}tes sans inscription",
    "Services accessibles à tou{d}tes après inscription",
    "Services accessibles aux membres / coopérateurs",
    "Services accessibles aux client{d}es",
];

/// `count` fiches, separated by blank lines, after a one-line preamble.
pub fn generate(count: usize, seed: u64) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_corpus(count as u64, seed, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`generate`], written to `out` one fiche at a time: memory stays that
/// of one fiche whatever `count`.
pub fn write_corpus(count: u64, seed: u64, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut rng = Rng::with_seed(seed);
    out.write_all(b"Association\n\n")?;
    let mut text = String::with_capacity(4096);
    for i in 0..count {
        text.clear();
        fiche(&mut rng, i, &mut text);
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.usize(..from.len())]
}

fn fiche(rng: &mut Rng, i: u64, out: &mut String) {
    let d = pick(rng, DOTS);
    let _ = writeln!(out, "Fiche fonctionnement - {} {i}\n", pick(rng, NAMES));
    let _ = writeln!(out, "Type de structure\n{}", pick(rng, TYPES));
    let _ = writeln!(out, "Création\n{}", rng.u16(1990..=2024));
    out.push_str("Membre depuis\n");
    if rng.bool() {
        let _ = writeln!(out, "{}", rng.u16(2016..=2024));
    }
    out.push_str("Organisation de la structure\n");
    paragraphs(rng, out);
    let _ = writeln!(out, "Nombre d'employé{d}es\n{} personnes", rng.u8(0..5));
    let _ = writeln!(out, "Nombre de bénévoles\n{} personnes", rng.u8(0..40));
    out.push_str("Rôles des membres\n\n");
    list(rng, out);
    let _ = writeln!(out, "\nTypologie des utilisateur{d}ices des services\n");
    paragraphs(rng, out);
    let _ = writeln!(out, "\nAssistance aux utilisateur{d}ices\n");
    if rng.bool() {
        list(rng, out);
    } else {
        paragraphs(rng, out);
    }
    if rng.u8(..4) > 0 {
        out.push_str("\nmodalités d'accès aux services\n");
        for line in ACCESS.iter().filter(|_| rng.bool()) {
            let _ = writeln!(out, "{}", line.replace("{d}", d));
        }
    }
    let _ = writeln!(
        out,
        "Autres modèles économiques\n\n{}\n",
        pick(rng, ECONOMY)
    );
}

fn paragraphs(rng: &mut Rng, out: &mut String) {
    for _ in 0..rng.usize(1..4) {
        if rng.u8(..4) == 0 {
            headcount_sentence(rng, out);
        } else {
            let _ = writeln!(out, "{}", pick(rng, SENTENCES));
        }
    }
}

/// Words for small numbers, as fiches write them.
const NUMBER_WORDS: &[&str] = &[
    "deux",
    "trois",
    "quatre",
    "cinq",
    "une dizaine de",
    "une vingtaine de",
];

/// A sentence with numbers of people, as real fiches have (`3 permanents
/// (1 salarié + 2 bénévoles)`, `une vingtaine de membres dont la moitié
/// sont actifs`).
fn headcount_sentence(rng: &mut Rng, out: &mut String) {
    let _ = match rng.u8(..3) {
        0 => writeln!(
            out,
            "{} permanents ({} salarié + {} bénévoles), {} contributeurs dont {} bénévoles actifs.",
            rng.u8(1..6),
            rng.u8(0..3),
            rng.u8(1..5),
            rng.u8(5..60),
            rng.u8(2..30)
        ),
        1 => writeln!(
            out,
            "En plus du CA composé de {} personnes, l'équipe compte {} membres dont la moitié sont actifs.",
            rng.u8(3..12),
            pick(rng, NUMBER_WORDS)
        ),
        _ => writeln!(
            out,
            "L'association réunit environ {} adhérents et {} salariés à temps partiel.",
            rng.u16(20..500),
            pick(rng, NUMBER_WORDS)
        ),
    };
}

/// A list in one of the shapes exports have.
fn list(rng: &mut Rng, out: &mut String) {
    let n = rng.usize(2..5);
    match rng.u8(..4) {
        0 => {
            for _ in 0..n {
                let _ = writeln!(out, "  • {}", pick(rng, ITEMS));
            }
        }
        1 => {
            for k in 1..=n {
                let _ = writeln!(out, "{k}/ {}", pick(rng, ITEMS));
            }
        }
        2 => {
            let items: Vec<String> = (0..n).map(|_| format!("- {}", pick(rng, ITEMS))).collect();
            let _ = writeln!(out, "{}", items.join(" "));
        }
        _ => {
            let _ = writeln!(out, "  • {}:\n", pick(rng, ITEMS));
            let _ = writeln!(out, "    • {}", pick(rng, SENTENCES));
            let _ = writeln!(out, "  • {}", pick(rng, ITEMS));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::generate;

    #[test]
    fn same_seed_same_corpus_and_the_size_grows_with_the_count() {
        assert_eq!(generate(5, 7), generate(5, 7));
        assert_ne!(generate(5, 7), generate(5, 8));
        assert_eq!(
            generate(50, 1).matches("Fiche fonctionnement - ").count(),
            50
        );
    }
}
