//! The batch pipeline of `fiche convert`: inputs are read one after the
//! other and cut into chunks of whole fiches ([`Feeder`]); batches of
//! chunks are converted and encoded in parallel as they come
//! ([`for_each_done`]); the results are put back in input order for the
//! sink to write. Memory holds a few batches per thread, whatever the
//! number or size of the inputs.

use super::input::open_input;
use super::say::{self, tr};
use fiche::{Chunk, Chunks, Diagnostic, Profile, Settings};
use fiche_write::{Encoded, Format};
use std::io::Read;
use std::path::PathBuf;

/// One piece of work, in input order.
pub(crate) enum Work {
    /// Whole fiches of input number `input`.
    Chunk {
        input: usize,
        chunk: Chunk,
        encoding: &'static str,
    },
    /// Input number `input` is done (all its chunks were handed out).
    End { input: usize },
    /// Input number `input` could not be (fully) read.
    Failed {
        input: usize,
        reason: String,
        /// Whether the input does not exist (a usage error, exit 2).
        missing: bool,
    },
}

/// What a worker made of a [`Work`].
pub(crate) enum Done {
    /// The records of a chunk.
    Chunk(ChunkDone),
    /// See [`Work::End`].
    End { input: usize },
    /// See [`Work::Failed`]; also a chunk whose conversion panicked (a
    /// bug), which does not stop the rest of its input nor the batch.
    Failed {
        input: usize,
        reason: String,
        missing: bool,
        /// Whether the input stops here (no [`Done::End`] follows).
        ends_input: bool,
    },
}

/// The records of one chunk, encoded, with their diagnostics.
pub(crate) struct ChunkDone {
    pub input: usize,
    /// Decoded bytes of the chunk, for progress.
    pub bytes: usize,
    /// Each fiche's index in its input, and its encoded record, or why the
    /// record breaks the schema (a bug: it is not written).
    pub records: Vec<(u32, Result<Encoded, String>)>,
    /// Every diagnostic, and whether it belongs to no record (such are
    /// always printed).
    pub diagnostics: Vec<(Diagnostic, bool)>,
}

/// Reads the inputs in order and hands out their chunks.
pub(crate) struct Feeder<'p> {
    paths: Vec<PathBuf>,
    next_input: usize,
    current: Option<(usize, Chunks<'p, Box<dyn Read + Send>>)>,
    profile: &'p Profile,
    settings: Settings,
}

impl<'p> Feeder<'p> {
    pub(crate) fn new(paths: Vec<PathBuf>, profile: &'p Profile, settings: Settings) -> Self {
        Feeder {
            paths,
            next_input: 0,
            current: None,
            profile,
            settings,
        }
    }

    /// The next piece of work, or `None` when every input is done.
    fn next_work(&mut self) -> Option<Work> {
        if let Some((input, chunks)) = &mut self.current {
            let input = *input;
            let encoding = chunks.encoding();
            return Some(match chunks.next() {
                Some(Ok(chunk)) => Work::Chunk {
                    input,
                    chunk,
                    encoding,
                },
                Some(Err(e)) => {
                    self.current = None;
                    Work::Failed {
                        input,
                        reason: e.in_lang(say::ui()),
                        missing: false,
                    }
                }
                None => {
                    self.current = None;
                    Work::End { input }
                }
            });
        }
        let input = self.next_input;
        let path = self.paths.get(input)?;
        self.next_input += 1;
        let source = match open_input(path) {
            Ok(source) => source,
            Err(e) => {
                return Some(Work::Failed {
                    input,
                    reason: tr!("cannot read: {}", "illisible : {}", say::io_error(&e)),
                    missing: e.kind() == std::io::ErrorKind::NotFound,
                });
            }
        };
        match Chunks::new(source, self.profile, &self.settings) {
            Ok(chunks) => {
                self.current = Some((input, chunks));
                self.next_work()
            }
            Err(e) => Some(Work::Failed {
                input,
                reason: e.in_lang(say::ui()),
                missing: false,
            }),
        }
    }

    /// The next pieces of work, together holding about one chunk of text
    /// (at most [`MAX_BATCH`] pieces); empty when every input is done.
    pub(crate) fn next_batch(&mut self) -> Vec<Work> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while bytes < fiche::CHUNK_BYTES && batch.len() < MAX_BATCH {
            let Some(work) = self.next_work() else {
                break;
            };
            if let Work::Chunk { chunk, .. } = &work {
                bytes += chunk.text.len();
            }
            batch.push(work);
        }
        batch
    }
}

/// The most pieces of work in a batch (small inputs give two each: their
/// chunk and their end).
const MAX_BATCH: usize = 256;

/// How each chunk is turned into output.
#[derive(Clone, Copy)]
pub(crate) struct Job<'a> {
    pub paths: &'a [PathBuf],
    pub profile: &'a Profile,
    pub settings: &'a Settings,
    pub format: Format,
}

impl Job<'_> {
    /// Converts and encodes one piece of work.
    fn run(&self, work: Work) -> Done {
        let (input, chunk, encoding) = match work {
            Work::Chunk {
                input,
                chunk,
                encoding,
            } => (input, chunk, encoding),
            Work::End { input } => return Done::End { input },
            Work::Failed {
                input,
                reason,
                missing,
            } => {
                return Done::Failed {
                    input,
                    reason,
                    missing,
                    ends_input: true,
                };
            }
        };
        let first_line = chunk.first_line;
        guarded(input, first_line, || self.convert(input, &chunk, encoding))
    }

    /// Converts and encodes one chunk.
    fn convert(&self, input: usize, chunk: &Chunk, encoding: &'static str) -> Done {
        let path = shown(&self.paths[input]);
        let mut diagnostics = Vec::new();
        let mut records = Vec::new();
        // NDJSON lines and CSV rows go out as one piece per chunk: one write
        // and one buffer for the writing thread. A JSON array (and so
        // `--out-dir`) takes its records one at a time.
        // NDJSON is about 2.3 times the text it comes from (each text value
        // is written twice: whole and as blocks); sized for that, the
        // buffer seldom grows.
        let capacity = chunk.text.len().saturating_mul(5) / 2;
        let mut joined: Option<(u32, Encoded)> = None;
        // Each record is encoded as soon as it is built, then dropped.
        let unattached = fiche::convert_chunk_each(
            chunk,
            &path,
            encoding,
            self.profile,
            self.settings,
            |record| {
                let index = record.source.index;
                let appended = if self.format == Format::Json {
                    fiche_write::encode(&record, self.format).map(|e| records.push((index, Ok(e))))
                } else {
                    let (_, piece) = joined.get_or_insert_with(|| {
                        (index, Encoded::with_capacity(self.format, capacity))
                    });
                    piece.append(&record)
                };
                if let Err(violation) = appended {
                    records.push((index, Err(violation.to_string())));
                }
                diagnostics.extend(record.diagnostics.into_iter().map(|d| (d, false)));
            },
        );
        records.extend(
            joined
                .filter(|(_, piece)| piece.records() > 0)
                .map(|(first, piece)| (first, Ok(piece))),
        );
        diagnostics.extend(unattached.into_iter().map(|d| (d, true)));
        Done::Chunk(ChunkDone {
            input,
            bytes: chunk.text.len(),
            records,
            diagnostics,
        })
    }
}

/// Runs `convert`, turning a panic (a bug) into the failure of the fiches
/// of that chunk, so that the rest of the batch is still converted.
fn guarded(input: usize, first_line: u32, convert: impl FnOnce() -> Done) -> Done {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(convert)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Done::Failed {
            input,
            reason: tr!(
                "internal error on the fiches from line {first_line}, not converted (please report it): {what}",
                "erreur interne sur les fiches à partir de la ligne {first_line}, qui n'ont pas été converties (merci de la signaler) : {what}"
            ),
            missing: false,
            ends_input: false,
        }
    })
}

/// Runs every piece of work of `feeder` and hands `each` the results in
/// input order.
///
/// With one job all runs on this thread. With more, `jobs` rayon threads
/// each take the next batch of work from the shared feeder (reading and
/// cutting the inputs under a lock, one thread at a time) and convert it.
/// A batch holds about one chunk of text (one big chunk, or many small
/// inputs). Then, under a second lock, the thread puts its batch among
/// those waiting and hands on every batch whose turn has come: most often
/// its own, still in its cache. No thread only writes: on two cores, a
/// third thread taking turns with the two converting ones cost about 5%.
/// At most `in_flight` batches are between reading and `each` at any time
/// (a thread takes a permit before it reads a batch; the permit comes back
/// once the batch is handed on), which bounds memory. An error from `each`
/// stops the batch and is returned.
pub(crate) fn for_each_done(
    mut feeder: Feeder<'_>,
    job: Job<'_>,
    jobs: usize,
    in_flight: usize,
    mut each: impl FnMut(Done) -> anyhow::Result<()> + Send,
) -> anyhow::Result<()> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::sync_channel;
    if jobs <= 1 {
        while let Some(work) = feeder.next_work() {
            each(job.run(work))?;
        }
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| {
            anyhow::anyhow!(tr!(
                "cannot start worker threads: {e}",
                "impossible de lancer les fils de travail : {e}"
            ))
        })?;
    let in_flight = in_flight.max(1);
    let (permit_back, permits) = sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = permit_back.send(());
    }
    let permits = Mutex::new(permits);
    // The feeder and the number of the next batch it hands out.
    let feeder = Mutex::new((feeder, 0u64));
    /// Converted batches not yet handed on, the number of the next one to
    /// hand on, `each`, and its error if it failed.
    struct Ordered<F> {
        next: u64,
        waiting: std::collections::BTreeMap<u64, Vec<Done>>,
        each: F,
        failed: Option<anyhow::Error>,
    }
    let ordered = Mutex::new(Ordered {
        next: 0,
        waiting: std::collections::BTreeMap::new(),
        each: &mut each,
        failed: None,
    });
    // Set when `each` fails: the threads stop before reading more.
    let stopped = AtomicBool::new(false);
    let worker = || {
        loop {
            let permit = permits.lock().map(|p| p.recv());
            if !matches!(permit, Ok(Ok(()))) || stopped.load(Ordering::Relaxed) {
                return;
            }
            let Ok(mut shared) = feeder.lock() else {
                return;
            };
            let batch = shared.0.next_batch();
            let seq = shared.1;
            shared.1 += 1;
            drop(shared);
            if batch.is_empty() {
                return;
            }
            let done: Vec<Done> = batch.into_iter().map(|work| job.run(work)).collect();
            let Ok(mut o) = ordered.lock() else {
                return;
            };
            if o.failed.is_some() {
                return;
            }
            o.waiting.insert(seq, done);
            loop {
                let next = o.next;
                let Some(batch) = o.waiting.remove(&next) else {
                    break;
                };
                for d in batch {
                    if let Err(e) = (o.each)(d) {
                        o.failed = Some(e);
                        stopped.store(true, Ordering::Relaxed);
                        // Wake the threads waiting for a permit: they see
                        // the failure and stop.
                        for _ in 0..in_flight {
                            let _ = permit_back.try_send(());
                        }
                        return;
                    }
                }
                o.next += 1;
                // Never blocks: at most `in_flight` permits exist.
                let _ = permit_back.try_send(());
            }
        }
    };
    pool.scope(|s| {
        for _ in 0..jobs {
            s.spawn(|_| worker());
        }
    });
    let ordered = ordered.into_inner().map_err(|_| {
        anyhow::anyhow!(tr!("a worker thread failed", "un fil de travail a échoué"))
    })?;
    match ordered.failed {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// An input's path as records and messages show it.
pub(crate) fn shown(path: &std::path::Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    // Not UTF-8: each byte that is not is written `\xHH`, so the name is
    // kept whole (two names that differ in such bytes stay apart).
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// The message of `d` in the language printed.
fn message(d: &Diagnostic) -> &str {
    d.printed.as_deref().unwrap_or(&d.message)
}

/// `path:line:column: severity[code]: message`, as compilers print (the
/// severity named in the language printed: `erreur[code] : message`).
pub(crate) fn one_line(path: &str, d: &Diagnostic) -> String {
    let (line, column, code) = (d.line, d.column, d.code.as_str());
    match (say::ui(), d.severity) {
        (fiche::Lang::En, severity) => format!(
            "{path}:{line}:{column}: {}[{code}]: {}",
            severity.as_str(),
            message(d)
        ),
        (fiche::Lang::Fr, fiche::Severity::Error) => {
            format!(
                "{path}:{line}:{column}: erreur[{code}]\u{a0}: {}",
                message(d)
            )
        }
        (fiche::Lang::Fr, fiche::Severity::Warning) => {
            format!(
                "{path}:{line}:{column}: avertissement[{code}]\u{a0}: {}",
                message(d)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture file, and a generated corpus of many chunks between
    /// them: small inputs batched together, and a big one cut in chunks.
    fn inputs(test: &str) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        for dir in ["fixtures/valid", "fixtures/invalid"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            paths.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
        }
        paths.sort();
        let corpus = std::env::temp_dir().join(format!(
            "fiche-batch-test-{}-{test}.txt",
            std::process::id()
        ));
        let text = fiche_corpus::generate(4 * fiche::CHUNK_BYTES / 1000, 7);
        assert!(std::fs::write(&corpus, text).is_ok());
        let half = paths.len() / 2;
        paths.insert(half, corpus.clone());
        paths.push(corpus);
        paths
    }

    fn input_of(done: &Done) -> usize {
        match done {
            Done::Chunk(chunk) => chunk.input,
            Done::End { input } | Done::Failed { input, .. } => *input,
        }
    }

    /// Runs the batch over `paths` with `jobs` threads, handing each
    /// result to `each`.
    fn run(
        paths: &[PathBuf],
        jobs: usize,
        each: impl FnMut(Done) -> anyhow::Result<()> + Send,
    ) -> anyhow::Result<()> {
        let profile = Profile::chatons();
        let settings = Settings::default();
        let job = Job {
            paths,
            profile: &profile,
            settings: &settings,
            format: Format::Ndjson,
        };
        let feeder = Feeder::new(paths.to_vec(), &profile, settings);
        for_each_done(feeder, job, jobs, 2 * jobs, each)
    }

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        let paths = inputs("order");
        assert!(paths.len() > 10);
        for jobs in [1, 2, 3] {
            let mut seen = Vec::new();
            let result = run(&paths, jobs, |done| {
                seen.push(input_of(&done));
                Ok(())
            });
            assert!(result.is_ok());
            assert!(seen.is_sorted(), "--jobs {jobs}: {seen:?}");
            let mut inputs = seen.clone();
            inputs.dedup();
            assert_eq!(
                inputs,
                (0..paths.len()).collect::<Vec<_>>(),
                "--jobs {jobs}"
            );
        }
        paths.last().map(std::fs::remove_file);
    }

    #[test]
    fn a_failure_to_write_stops_the_batch_with_its_error() {
        let paths = inputs("failure");
        for jobs in [1, 2, 3] {
            let mut calls = 0;
            let result = run(&paths, jobs, |_| {
                calls += 1;
                if calls == 3 {
                    anyhow::bail!("disk full");
                }
                Ok(())
            });
            let error = result.err().map(|e| e.to_string());
            assert_eq!(error.as_deref(), Some("disk full"), "--jobs {jobs}");
            assert_eq!(
                calls, 3,
                "--jobs {jobs}: nothing handed on after the failure"
            );
        }
        paths.last().map(std::fs::remove_file);
    }

    #[test]
    fn a_panic_fails_its_chunk_only() {
        let done = guarded(3, 120, || panic!("index out of bounds"));
        let Done::Failed {
            input,
            reason,
            missing,
            ends_input,
        } = done
        else {
            panic!("a panic is a failure");
        };
        assert_eq!((input, missing, ends_input), (3, false, false));
        assert!(
            reason.contains("line 120") && reason.contains("index out of bounds"),
            "{reason}"
        );
        assert!(matches!(
            guarded(1, 1, || Done::End { input: 1 }),
            Done::End { input: 1 }
        ));
    }
}
