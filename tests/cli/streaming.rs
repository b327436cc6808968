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
    let reader = match TextReader::with_read_sizes(bytes, None, bytes.len(), read) {
        Ok(r) => r,
        Err(e) => return (Vec::new(), Vec::new(), e.to_string()),
    };
    let mut chunks = Chunks::from_reader(reader, profile, target);
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
    assert_eq!(seen, 18, "every fixture file is checked");
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
