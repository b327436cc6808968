//! The batch pipeline of `fiche convert`: inputs are read one after the
//! other and cut into chunks of whole fiches ([`Feeder`]); chunks are
//! converted and encoded in parallel, a wave at a time ([`convert_wave`]);
//! the results come back in input order for the sink to write. Memory
//! holds one wave, whatever the number or size of the inputs.

use super::input::open_input;
use fiche::{Chunk, Chunks, Diagnostic, Profile, Settings, Severity};
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

/// The most chunks in a wave: the bound on memory when inputs are tiny.
const MAX_WAVE_CHUNKS: usize = 4096;

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
    pub(crate) fn next_work(&mut self) -> Option<Work> {
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
                        reason: e.to_string(),
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
                    reason: format!("cannot read: {e}"),
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
                reason: e.to_string(),
                missing: false,
            }),
        }
    }

    /// Chunks (and the ends and failures between them) until they hold
    /// `max_bytes` of text: a few big chunks of a long input, or many small
    /// inputs at once, so that every wave keeps the threads busy.
    pub(crate) fn next_wave(&mut self, max_bytes: usize) -> Vec<Work> {
        let mut wave = Vec::new();
        let (mut chunks, mut bytes) = (0, 0);
        while chunks < MAX_WAVE_CHUNKS && bytes < max_bytes {
            let Some(work) = self.next_work() else {
                break;
            };
            if let Work::Chunk { chunk, .. } = &work {
                chunks += 1;
                bytes += chunk.text.len();
            }
            wave.push(work);
        }
        wave
    }
}

/// Hands `each` the waves of `feeder` (of `max_bytes` each) in order. With `ahead`, a thread
/// reads the next wave while `each` works on the current one (two waves
/// at most wait); without, all runs on this thread. An error from `each`
/// stops the reading.
pub(crate) fn for_each_wave(
    mut feeder: Feeder<'_>,
    max_bytes: usize,
    ahead: bool,
    mut each: impl FnMut(Vec<Work>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if !ahead {
        loop {
            let wave = feeder.next_wave(max_bytes);
            if wave.is_empty() {
                return Ok(());
            }
            each(wave)?;
        }
    }
    std::thread::scope(|scope| {
        let (waves, received) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            loop {
                let wave = feeder.next_wave(max_bytes);
                // A closed channel means the writer stopped on an error.
                if wave.is_empty() || waves.send(wave).is_err() {
                    return;
                }
            }
        });
        // Returning drops `received`, which ends the reading thread.
        received.into_iter().try_for_each(each)
    })
}

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
        let out = fiche::convert_chunk(chunk, &path, encoding, self.profile, self.settings);
        let mut diagnostics = Vec::new();
        let mut records = Vec::with_capacity(out.records.len());
        for record in &out.records {
            diagnostics.extend(record.diagnostics.iter().map(|d| (d.clone(), false)));
            let encoded =
                fiche_write::encode(record, self.format).map_err(|violation| violation.to_string());
            records.push((record.source.index, encoded));
        }
        diagnostics.extend(out.unattached.into_iter().map(|d| (d, true)));
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
            reason: format!(
                "internal error on the fiches from line {first_line}, not converted (please report it): {what}"
            ),
            missing: false,
            ends_input: false,
        }
    })
}

/// Runs a wave on `pool` (or here, without one), results in wave order.
pub(crate) fn convert_wave(
    job: Job<'_>,
    wave: Vec<Work>,
    pool: Option<&rayon::ThreadPool>,
) -> Vec<Done> {
    use rayon::prelude::*;
    match pool {
        Some(pool) => pool.install(|| wave.into_par_iter().map(|w| job.run(w)).collect()),
        None => wave.into_iter().map(|w| job.run(w)).collect(),
    }
}

/// An input's path as records and messages show it.
pub(crate) fn shown(path: &std::path::Path) -> String {
    path.display().to_string()
}

/// `path:line:column: severity[code]: message`, as compilers print.
pub(crate) fn one_line(path: &str, d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{path}:{}:{}: {severity}[{}]: {}",
        d.line,
        d.column,
        d.code.as_str(),
        d.message
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
