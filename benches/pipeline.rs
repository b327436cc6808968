//! End-to-end and per-stage throughput on a generated corpus
//! (`cargo bench`). Figures are bytes of input per second.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use fiche::{Profile, Settings};
use fiche_write::{Format, RecordWriter};

/// Fiches in the generated corpus.
const FICHES: usize = 10_000;

fn main() {
    divan::main();
}

fn corpus() -> String {
    fiche_corpus::generate(FICHES, 42)
}

/// Baseline: counting lines, the least any pass over the bytes costs.
#[divan::bench(sample_count = 10)]
fn baseline_count_lines(bencher: Bencher<'_, '_>) {
    let text = corpus();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| black_box(&text).bytes().filter(|&b| b == b'\n').count());
}

#[divan::bench(sample_count = 10)]
fn decode(bencher: Bencher<'_, '_>) {
    let text = corpus();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| fiche_decode::decode(black_box(text.as_bytes()), None).map(|d| d.text.len()));
}

#[divan::bench(sample_count = 10)]
fn parse(bencher: Bencher<'_, '_>) {
    let text = corpus();
    let profile = Profile::chatons();
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| fiche_parse::parse(black_box(&text), &profile).fiches.len());
}

/// parse → normalise, on decoded text.
#[divan::bench(sample_count = 10)]
fn normalise(bencher: Bencher<'_, '_>) {
    let text = corpus();
    let profile = Profile::chatons();
    let options = fiche::Options::default();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let parsed = fiche_parse::parse(black_box(&text), &profile);
        let input = fiche_normalise::Input::whole(&text, "corpus.txt", "UTF-8");
        fiche_normalise::normalise(input, &parsed, &[], &profile, &options)
            .records
            .len()
    });
}

/// Schema validation and NDJSON serialisation of records already built.
#[divan::bench(sample_count = 10)]
fn encode(bencher: Bencher<'_, '_>) {
    let text = corpus();
    let profile = Profile::chatons();
    let records = fiche::convert(
        text.as_bytes(),
        "corpus.txt",
        &profile,
        &Settings::default(),
    )
    .map(|c| c.records)
    .unwrap_or_default();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        black_box(&records)
            .iter()
            .filter_map(|r| fiche_write::encode(r, Format::Ndjson).ok())
            .map(|e| e.bytes().len())
            .sum::<usize>()
    });
}

/// What `fiche convert --jobs 1` does, without the file system: the input
/// streamed in chunks, each converted, validated and encoded as NDJSON.
#[divan::bench(sample_count = 10)]
fn streamed_pipeline(bencher: Bencher<'_, '_>) {
    let text = corpus();
    let profile = Profile::chatons();
    let settings = Settings::default();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let Ok(chunks) = fiche::Chunks::new(black_box(text.as_bytes()), &profile, &settings) else {
            return 0;
        };
        let encoding = chunks.encoding();
        let mut writer = RecordWriter::new(Vec::with_capacity(text.len() * 4), Format::Ndjson);
        for chunk in chunks.flatten() {
            fiche::convert_chunk_each(&chunk, "corpus.txt", encoding, &profile, &settings, |r| {
                let _ = writer.write(&r);
            });
        }
        writer.finish().map_or(0, |out| out.len())
    });
}

/// decode → parse → normalise → validate → NDJSON, into memory.
#[divan::bench(sample_count = 10)]
fn whole_pipeline(bencher: Bencher<'_, '_>) {
    let text = corpus();
    let profile = Profile::chatons();
    let settings = Settings::default();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let converted = fiche::convert(
            black_box(text.as_bytes()),
            "corpus.txt",
            &profile,
            &settings,
        );
        let mut writer = RecordWriter::new(Vec::with_capacity(text.len() * 4), Format::Ndjson);
        for record in converted.iter().flat_map(|c| &c.records) {
            let _ = writer.write(record);
        }
        writer.finish().map(|out| out.len())
    });
}
