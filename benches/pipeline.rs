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
