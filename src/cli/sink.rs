//! Where `fiche convert` writes records: one stream (standard output or an
//! atomically written file) or one JSON file per fiche under `--out-dir`.

use super::atomic::AtomicFile;
use super::say::tr;
use anyhow::Context as _;
use fiche_write::{Encoded, Format, RecordWriter};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};

/// The destination of the records, in input order.
pub(crate) enum Sink {
    /// Every record in one stream; `file` is renamed into place at the end.
    Stream {
        writer: RecordWriter<BufWriter<Box<dyn Write + Send>>>,
        file: Option<AtomicFile>,
    },
    /// One pretty JSON file per fiche below `root`, see [`out_name`].
    Dir {
        root: PathBuf,
        /// The directory made last: an input's fiches all go there, so it
        /// is made once, not once per fiche.
        made: Option<PathBuf>,
        /// `root/manifest.txt`: the files this run wrote, one per line,
        /// renamed into place when the run ends.
        manifest: AtomicFile,
        manifest_out: BufWriter<std::fs::File>,
    },
}

/// The name of the list of a run's files in an output directory.
pub(crate) const MANIFEST: &str = "manifest.txt";

impl Sink {
    /// Records in `format` to `output`, or to standard output.
    pub(crate) fn stream(output: Option<&Path>, format: Format) -> anyhow::Result<Sink> {
        let (out, file): (Box<dyn Write + Send>, _) = match output {
            Some(path) => {
                let file = AtomicFile::create(path)?;
                let handle = file
                    .handle()
                    .try_clone()
                    .with_context(|| super::say::cannot_write(path))?;
                (Box::new(handle), Some(file))
            }
            None => (Box::new(io::stdout()), None),
        };
        Ok(Sink::Stream {
            writer: RecordWriter::new(BufWriter::with_capacity(1 << 16, out), format),
            file,
        })
    }

    /// One file per fiche below `root`, which is created if need be.
    pub(crate) fn dir(root: &Path) -> anyhow::Result<Sink> {
        std::fs::create_dir_all(root).with_context(|| super::say::cannot_create_dir(root))?;
        let path = root.join(MANIFEST);
        let manifest = AtomicFile::create(&path)?;
        let manifest_out = BufWriter::new(
            manifest
                .handle()
                .try_clone()
                .with_context(|| super::say::cannot_write(&path))?,
        );
        Ok(Sink::Dir {
            root: root.to_path_buf(),
            made: None,
            manifest,
            manifest_out,
        })
    }

    /// The format records must be encoded in for this sink.
    pub(crate) fn format(&self, asked: Format) -> Format {
        match self {
            Sink::Stream { .. } => asked,
            Sink::Dir { .. } => Format::Json,
        }
    }

    /// Writes fiche number `index` of the input at `path`. With `--out-dir`,
    /// a fiche whose own file cannot be written is `Ok(Err(reason))`: that
    /// fiche failed, and the batch goes on.
    pub(crate) fn write(
        &mut self,
        path: &Path,
        index: u32,
        record: &Encoded,
    ) -> anyhow::Result<Result<(), String>> {
        match self {
            Sink::Stream { writer, .. } => writer
                .write_encoded(record)
                .with_context(|| {
                    tr!(
                        "cannot write records",
                        "impossible d'écrire les enregistrements"
                    )
                })
                .map(Ok),
            Sink::Dir {
                root,
                made,
                manifest_out,
                ..
            } => {
                let name = out_name(path, index);
                let target = root.join(&name);
                if let Err(e) = write_one(&target, made, record) {
                    return Ok(Err(super::say::chain(&e)));
                }
                // The name is escaped: no line break, no control character.
                manifest_out
                    .write_all(name.as_os_str().as_encoded_bytes())
                    .and_then(|()| manifest_out.write_all(b"\n"))
                    .with_context(|| {
                        tr!(
                            "cannot write the manifest",
                            "impossible d'écrire le manifeste"
                        )
                    })?;
                Ok(Ok(()))
            }
        }
    }

    /// Closes the stream (the JSON array) and renames the output file, or
    /// the manifest, into place.
    pub(crate) fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Stream { writer, file } => {
                writer.finish().with_context(|| {
                    tr!(
                        "cannot write records",
                        "impossible d'écrire les enregistrements"
                    )
                })?;
                if let Some(file) = file {
                    file.commit()?;
                }
            }
            Sink::Dir {
                manifest,
                mut manifest_out,
                ..
            } => {
                manifest_out.flush().with_context(|| {
                    tr!(
                        "cannot write the manifest",
                        "impossible d'écrire le manifeste"
                    )
                })?;
                drop(manifest_out);
                manifest.commit()?;
            }
        }
        Ok(())
    }
}

/// Writes one record's file at `target`, making its directory unless it
/// is `made` already.
fn write_one(target: &Path, made: &mut Option<PathBuf>, record: &Encoded) -> anyhow::Result<()> {
    if let Some(parent) = target.parent()
        && made.as_deref() != Some(parent)
    {
        std::fs::create_dir_all(parent).with_context(|| super::say::cannot_create_dir(parent))?;
        *made = Some(parent.to_path_buf());
    }
    let file = AtomicFile::create(target)?;
    let mut out = BufWriter::new(file.handle());
    out.write_all(record.bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
        .with_context(|| super::say::cannot_write(target))?;
    drop(out);
    file.publish()
}

/// How many digits the fiche index has in a file name: names sort in
/// fiche order for inputs of up to a hundred million fiches.
const INDEX_DIGITS: usize = 8;

/// The most bytes of one part of a name kept as written; a longer part is
/// cut and ends with `~` and a hash of the whole part, so that every name
/// fits the file system's limit (255 bytes) and stays unique.
const MAX_PART_BYTES: usize = 120;

/// The file of fiche `index` of the input at `path`, relative to the
/// output directory: the input's path as given, each part escaped
/// ([`escaped_part`]), then the index on eight digits: `scrape/a.txt` fiche
/// 3 is `scrape/a.txt.00000003.json`; standard input is
/// `stdin.00000003.json`. Distinct inputs give distinct names, by
/// construction: a path that starts at the root is under `%2F`, a `..` part
/// is `%2E%2E` (`../x.txt` and `__/x.txt`, `/p/a.txt` and `p/a.txt` stay
/// apart), `.` parts are dropped. The same inputs give the same names on
/// every run.
pub(crate) fn out_name(path: &Path, index: u32) -> PathBuf {
    if path == Path::new("-") {
        return PathBuf::from(format!("stdin.{index:0INDEX_DIGITS$}.json"));
    }
    let mut parts: Vec<String> = Vec::new();
    if path.has_root() {
        parts.push("%2F".to_owned());
    }
    for part in path.components() {
        match part {
            Component::Normal(p) => parts.push(escaped_part(p.as_encoded_bytes())),
            Component::ParentDir => parts.push("%2E%2E".to_owned()),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    let file = parts.pop().unwrap_or_else(|| "input".to_owned());
    let mut name: PathBuf = parts.iter().collect();
    name.push(format!("{file}.{index:0INDEX_DIGITS$}.json"));
    name
}

/// One part of an input's path as a part of a file name, one to one:
/// UTF-8 characters as they are, but for `%`, `~` and control characters,
/// which are `%XX` per byte, as are bytes that are not UTF-8 (`a\xFE.txt`
/// is `a%FE.txt`, `a\xFF.txt` is `a%FF.txt`); longer than
/// [`MAX_PART_BYTES`], it is cut at a character and ends with `~` and the
/// FNV-1a hash of the whole part (no escaped part has a `~` of its own).
fn escaped_part(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if matches!(c, '%' | '~') || c.is_control() {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.len() <= MAX_PART_BYTES {
        return out;
    }
    let mut cut = MAX_PART_BYTES - 17;
    while !out.is_char_boundary(cut) {
        cut -= 1;
    }
    out.truncate(cut);
    out.push_str(&format!("~{:016x}", fnv1a(bytes)));
    out
}

/// The 64-bit FNV-1a hash: stable across runs and versions, unlike std's
/// hasher, so that a long name is the same on every run. Written here:
/// five lines, for one use.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt as _;

    fn name(p: &str, i: u32) -> String {
        out_name(Path::new(p), i).display().to_string()
    }

    #[test]
    fn out_names_stay_inside_and_sort_by_index() {
        assert_eq!(name("scrape/a.txt", 3), "scrape/a.txt.00000003.json");
        assert_eq!(name("./a.txt", 0), "a.txt.00000000.json");
        assert_eq!(name("/data/a.txt", 12), "%2F/data/a.txt.00000012.json");
        assert_eq!(name("../x/a.txt", 1), "%2E%2E/x/a.txt.00000001.json");
        assert_eq!(name("-", 2), "stdin.00000002.json");
        assert_eq!(name("été/a.txt", 2), "été/a.txt.00000002.json");
        assert!(name("a.txt", 9_999) < name("a.txt", 10_000));
    }

    #[test]
    fn distinct_inputs_have_distinct_names() {
        let names: Vec<PathBuf> = [
            OsStr::from_bytes(b"a\xFE.txt"),
            OsStr::from_bytes(b"a\xFF.txt"),
            OsStr::new("a\u{FFFD}.txt"),
            OsStr::new("../x.txt"),
            OsStr::new("__/x.txt"),
            OsStr::new("%2E%2E/x.txt"),
            OsStr::new("/p/a.txt"),
            OsStr::new("p/a.txt"),
            OsStr::new("%2F/p/a.txt"),
            OsStr::new("a~1.txt"),
            OsStr::new("a\u{1b}.txt"),
        ]
        .iter()
        .map(|p| out_name(Path::new(p), 0))
        .collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        assert!(
            names
                .iter()
                .all(|n| !n.to_string_lossy().contains('\u{1b}'))
        );
    }

    #[test]
    fn long_names_are_cut_with_a_hash_of_the_whole() {
        let long = "é".repeat(200);
        let a = out_name(Path::new(&format!("{long}a.txt")), 0);
        let b = out_name(Path::new(&format!("{long}b.txt")), 0);
        assert_ne!(a, b);
        for n in [&a, &b] {
            let file = n.file_name().map_or(0, |f| f.len());
            assert!(file <= MAX_PART_BYTES + 20, "{file}");
        }
        assert_eq!(a, out_name(Path::new(&format!("{long}a.txt")), 0), "stable");
    }
}
