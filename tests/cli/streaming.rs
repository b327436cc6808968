//! Property: an input read as a stream, piece by piece and chunk by chunk,
//! gives exactly the records and diagnostics of the same input read whole,
//! wherever the pieces and chunks are cut.

use fiche::{Chunks, Diagnostic, Profile, Record, Settings, convert, convert_chunk};
use fiche_decode::TextReader;
use proptest::prelude::*;

/// Lines of every UTF-8 fixture, and lines that stress decoding and cutting.
fn line_pool() -> Vec<String> {
    let mut pool = vec![
        "Fiche fonctionnement - Alpha".to_owned(),
        "fiche fonctionnement : Bêta".to_owned(),
        "Fiche fonctionnement".to_owned(),
        "Fiche fonctionnement\u{a0}-\u{a0}Gamma".to_owned(),
        "Crâ€™est lâ€™Ã©tÃ©".to_owned(),
        "<p>Nombre de b&eacute;n&eacute;voles</p>".to_owned(),
        "<br>".to_owned(),
        "   ".to_owned(),
        String::new(),
        "\u{FFFD} remplacé".to_owned(),
        "Préambule sans titre".to_owned(),
    ];
    for entry in std::fs::read_dir("fixtures/valid")
        .into_iter()
        .flatten()
        .chain(std::fs::read_dir("fixtures").into_iter().flatten())
        .flatten()
    {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            pool.extend(text.lines().map(str::to_owned));
        }
    }
    pool
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    let pool = line_pool();
    (
        prop::collection::vec(prop::sample::select(pool), 0..120),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        any::<bool>(),
    )
        .prop_map(|(lines, ending, final_break)| {
            let mut text = lines.join(ending);
            if final_break {
                text.push_str(ending);
            }
            text.into_bytes()
        })
}

type Output = (Vec<Record>, Vec<Diagnostic>, String);

fn whole(bytes: &[u8], profile: &Profile, settings: &Settings) -> Output {
    match convert(bytes, "in.txt", profile, settings) {
        Ok(c) => (c.records, c.unattached, c.encoding.to_owned()),
        Err(e) => (Vec::new(), Vec::new(), e.to_string()),
    }
}

fn streamed(
    bytes: &[u8],
    profile: &Profile,
    settings: &Settings,
    read: usize,
    target: usize,
) -> Output {
    capped(
        bytes,
        profile,
        settings,
        (read, target),
        fiche::MAX_FICHE_BYTES,
    )
}

/// [`streamed`] with fiches cut past `max_fiche` bytes.
fn capped(
    bytes: &[u8],
    profile: &Profile,
    settings: &Settings,
    (read, target): (usize, usize),
    max_fiche: usize,
) -> Output {
    let reader = match TextReader::with_read_sizes(bytes, None, bytes.len(), read) {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Vec::new(), e.to_string()),
    };
    let mut chunks = Chunks::from_reader(reader, profile, target).max_fiche_bytes(max_fiche);
    let encoding = chunks.encoding();
    let (mut records, mut unattached) = (Vec::new(), Vec::new());
    for chunk in chunks.by_ref() {
        match chunk {
            Ok(chunk) => {
                let out = convert_chunk(&chunk, "in.txt", encoding, profile, settings);
                records.extend(out.records);
                unattached.extend(out.unattached);
            }
            Err(e) => return (records, unattached, e.to_string()),
        }
    }
    (records, unattached, encoding.to_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if std::env::var_os("CI").is_some() { 256 } else { 64 }))]

    #[test]
    fn streaming_gives_what_the_whole_input_gives(
        bytes in input(),
        read in 1usize..64,
        target in 1usize..2048,
    ) {
        let profile = Profile::chatons();
        let settings = Settings::default();
        let expected = whole(&bytes, &profile, &settings);
        let got = streamed(&bytes, &profile, &settings, read, target);
        prop_assert_eq!(got, expected);
    }
}

#[test]
fn every_fixture_streams_as_it_reads_whole() {
    let profile = Profile::chatons();
    let settings = Settings::default();
    let mut seen = 0;
    for dir in ["fixtures", "fixtures/valid", "fixtures/invalid"] {
        for entry in std::fs::read_dir(dir).expect("fixture dir").flatten() {
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            if entry.path().is_dir() {
                continue;
            }
            seen += 1;
            for (read, target) in [(1, 1), (7, 100), (4096, 1 << 20)] {
                assert_eq!(
                    streamed(&bytes, &profile, &settings, read, target),
                    whole(&bytes, &profile, &settings),
                    "{} read {read} at a time, chunks of {target}",
                    entry.path().display()
                );
            }
        }
    }
    assert_eq!(seen, 26, "every fixture file is checked");
}

#[test]
fn a_repair_on_an_indented_heading_belongs_to_its_fiche_either_way() {
    // Found by fuzzing: the warning of a repaired, indented heading line
    // went to the previous fiche when read whole, to its own when streamed.
    let text = "Fiche fonctionnement - A\nCréation\n2019\n  Fiche fonctionnement - Les Chatons d'Ã‰gÃ©e\nCréation\n2020\n";
    let profile = Profile::chatons();
    let settings = Settings::default();
    let expected = whole(text.as_bytes(), &profile, &settings);
    assert_eq!(expected.0.len(), 2);
    assert!(
        expected.0[1]
            .diagnostics
            .iter()
            .any(|d| d.code == fiche_types::Code::MojibakeRepaired && d.line == 4),
        "{:?}",
        expected.0[1].diagnostics
    );
    for target in [1, 16, 1 << 20] {
        assert_eq!(
            streamed(text.as_bytes(), &profile, &settings, 5, target),
            expected
        );
    }
}

/// A fiche of `filler` lines of 11 bytes after its heading, `Création`
/// and the label of a free-text field (69 bytes for a one-letter name).
fn long_fiche(name: &str, filler: usize) -> String {
    let mut text =
        format!("Fiche fonctionnement - {name}\nCréation\n2019\nOrganisation de la structure\n");
    for i in 0..filler {
        text.push_str(&format!("ligne {i:04}\n"));
    }
    text
}

fn too_long(diagnostics: &[Diagnostic]) -> Vec<(u32, String)> {
    diagnostics
        .iter()
        .filter(|d| d.code == fiche_types::Code::FicheTooLong)
        .map(|d| (d.line, d.message.clone()))
        .collect()
}

#[test]
fn a_fiche_past_the_limit_is_cut_and_the_next_ones_keep_their_lines() {
    // A: lines 1 to 44; B: 45 to 50; C: 51 to 104.
    let text = long_fiche("A", 40) + &long_fiche("B", 2) + &long_fiche("C", 50);
    let profile = Profile::chatons();
    let settings = Settings::default();
    let whole = whole(text.as_bytes(), &profile, &settings);
    for (read, target) in [(1, 1), (7, 100), (4096, 1 << 20)] {
        let (records, unattached, _) =
            capped(text.as_bytes(), &profile, &settings, (read, target), 200);
        assert_eq!(records.len(), 3);
        assert!(unattached.is_empty());
        // A keeps 200 bytes' worth of whole lines: 69 bytes, then 11 filler
        // lines of 11 bytes; the 12th filler line, line 16, is the first
        // one not read.
        let a = &records[0];
        assert_eq!(
            too_long(&a.diagnostics),
            [(
                16,
                "this fiche is longer than 200 bytes, so its 29 line(s) from line 16 to line 44 \
                 (319 bytes) were not read; a fiche this long usually means that the \
                 headings of the next fiches are written differently"
                    .to_owned()
            )]
        );
        assert_eq!((a.source.line_start, a.source.line_end), (1, 15));
        assert_eq!(a.founded, Some(2019));
        // B is short: exactly what the whole input gives, lines and index included.
        assert_eq!(records[1], whole.0[1]);
        assert_eq!(
            (records[1].source.index, records[1].source.line_start),
            (1, 45)
        );
        // C runs to the end of the input while it is skipped.
        let c = &records[2];
        assert_eq!((c.source.index, c.source.line_start), (2, 51));
        let said = too_long(&c.diagnostics);
        assert_eq!(said.len(), 1);
        assert!(
            said[0].1.contains("39 line(s) from line 66 to line 104"),
            "{said:?}"
        );
    }
}

#[test]
fn problems_in_lines_not_read_are_left_out() {
    let mut text = long_fiche("A", 1);
    text.push_str("Cr\u{c3}\u{a9}ation vue comme CrÃ©ation\n");
    text.push_str(&"x".repeat(300));
    text.push_str("\nNombre de b&eacute;n&eacute;voles\n");
    let profile = Profile::chatons();
    let (records, _, _) = capped(text.as_bytes(), &profile, &Settings::default(), (3, 1), 150);
    let codes: Vec<_> = records[0].diagnostics.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&fiche_types::Code::MojibakeRepaired),
        "{codes:?}"
    );
    assert!(
        !codes.contains(&fiche_types::Code::HtmlResidue),
        "{codes:?}"
    );
    assert_eq!(too_long(&records[0].diagnostics).len(), 1);
}

#[test]
fn text_without_any_heading_is_cut_too() {
    let text = "pas une fiche\n".repeat(100);
    let profile = Profile::chatons();
    let (records, unattached, _) = capped(
        text.as_bytes(),
        &profile,
        &Settings::default(),
        (64, 1 << 20),
        300,
    );
    assert!(records.is_empty());
    let said = too_long(&unattached);
    assert_eq!(said.len(), 1, "{unattached:?}");
    assert!(said[0].1.contains("from line 22 to line 100"), "{said:?}");
    assert!(
        unattached
            .iter()
            .any(|d| d.code == fiche_types::Code::NoFiche)
    );
}

#[test]
fn a_heading_longer_than_the_limit_still_starts_its_fiche() {
    let long_name = "x".repeat(300);
    let text = format!(
        "Fiche fonctionnement - {long_name}\nCréation\n2019\n{}",
        long_fiche("B", 1)
    );
    let profile = Profile::chatons();
    let settings = Settings::default();
    let (records, unattached, _) = capped(text.as_bytes(), &profile, &settings, (7, 1), 100);
    assert!(unattached.is_empty(), "{unattached:?}");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].name.as_deref(), Some(long_name.as_str()));
    // Its heading alone is past the limit: the lines after it are not read.
    assert!(
        too_long(&records[0].diagnostics)
            .first()
            .is_some_and(|(line, m)| *line == 2 && m.contains("from line 2 to line 3")),
        "{:?}",
        records[0].diagnostics
    );
    assert_eq!(
        (records[1].source.index, records[1].source.line_start),
        (1, 4)
    );
}
