//! Pathological inputs, each at two sizes: time should double when the
//! size doubles (linear time). `cargo bench --bench pathological`.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use fiche::{Profile, Settings};

fn main() {
    divan::main();
}

const HEAD: &str = "Fiche fonctionnement - X\nOrganisation de la structure\n";

fn run(bencher: Bencher<'_, '_>, text: String) {
    let profile = Profile::chatons();
    let settings = Settings::default();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        fiche::convert(black_box(text.as_bytes()), "-", &profile, &settings)
            .map(|c| c.records.len())
    });
}

/// One very long line of inclusive writing.
#[divan::bench(args = [1, 2], sample_count = 5)]
fn long_line(bencher: Bencher<'_, '_>, mb: usize) {
    let unit = "adhérent.es-tou.tes ";
    run(
        bencher,
        format!("{HEAD}{}\n", unit.repeat(mb * 1_000_000 / unit.len())),
    );
}

/// One very long token with dots and hyphens and no space.
#[divan::bench(args = [1, 2], sample_count = 5)]
fn long_token(bencher: Bencher<'_, '_>, mb: usize) {
    run(
        bencher,
        format!("{HEAD}{}\n", "a.es-b".repeat(mb * 1_000_000 / 6)),
    );
}

/// A label repeated over and over (every repeat is a diagnostic).
#[divan::bench(args = [1, 2], sample_count = 5)]
fn many_labels(bencher: Bencher<'_, '_>, mb: usize) {
    run(
        bencher,
        format!("{HEAD}{}", "Création\n2000\n".repeat(mb * 1_000_000 / 15)),
    );
}

/// A list indented one more space at every line.
#[divan::bench(args = [1, 2], sample_count = 5)]
fn deep_list(bencher: Bencher<'_, '_>, mb: usize) {
    // Line i is i spaces long: n lines make n²/2 bytes.
    let lines = ((mb * 2_000_000) as f64).sqrt() as usize;
    run(
        bencher,
        format!(
            "{HEAD}{}",
            (0..lines)
                .map(|i| format!("{}- item\n", " ".repeat(i)))
                .collect::<String>()
        ),
    );
}

/// Numbers, amounts and head counts, densely.
#[divan::bench(args = [1, 2], sample_count = 5)]
fn dense_facts(bencher: Bencher<'_, '_>, mb: usize) {
    let unit = "1 234 € 2019 une dizaine de personnes 40-50 membres ";
    run(
        bencher,
        format!("{HEAD}{}\n", unit.repeat(mb * 1_000_000 / unit.len())),
    );
}

/// `n` written in letters `a` to `z` (distinct words without digits).
fn letters(mut n: usize) -> String {
    let mut word = String::new();
    loop {
        word.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return word;
        }
    }
}

/// Labels the profile does not know, all different, each with a value:
/// every one is compared with every spelling, then split off.
#[divan::bench(args = [1, 2], sample_count = 5)]
fn unknown_labels(bencher: Bencher<'_, '_>, mb: usize) {
    let mut text = String::from("Fiche fonctionnement - X\nCréation\n2000\n");
    let mut i = 0;
    while text.len() < mb * 1_000_000 {
        text.push_str(&format!("Champ {}\nvaleur\n", letters(i)));
        i += 1;
    }
    run(bencher, text);
}

/// Slips of a label, all different: each is read as the label (and is a
/// duplicate field after the first).
#[divan::bench(args = [1, 2], sample_count = 5)]
fn misspelt_labels(bencher: Bencher<'_, '_>, mb: usize) {
    let mut text = String::from("Fiche fonctionnement - X\n");
    let mut i = 0;
    while text.len() < mb * 1_000_000 {
        text.push_str(&format!("Nombre de bénévole{}\n15\n", letters(i % 26)));
        text.push_str(&format!("Typologie des {} services\nx\n", letters(i)));
        i += 1;
    }
    run(bencher, text);
}

/// One word of people-noun prefixes repeated (`actifactif…`): each is
/// checked as a noun, which once walked back to the word's start.
#[divan::bench(args = [1, 8], sample_count = 5)]
fn noun_prefixes_in_one_word(bencher: Bencher<'_, '_>, hundred_kb: usize) {
    run(
        bencher,
        format!("{HEAD}{}\n", "actif".repeat(hundred_kb * 100_000 / 5)),
    );
}

/// A line of `<` with no `>`: each could open a tag.
#[divan::bench(args = [1, 8], sample_count = 5)]
fn unclosed_tags(bencher: Bencher<'_, '_>, hundred_kb: usize) {
    run(
        bencher,
        format!("{HEAD}{}\n", "<".repeat(hundred_kb * 100_000)),
    );
}

/// One number of thousands of groups (`1 000 000 …`): each group was read
/// again as the start of an amount.
#[divan::bench(args = [1, 8], sample_count = 5)]
fn thousands_groups(bencher: Bencher<'_, '_>, hundred_kb: usize) {
    run(
        bencher,
        format!("{HEAD}1{}\n", " 000".repeat(hundred_kb * 100_000 / 4)),
    );
}
