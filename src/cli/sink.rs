//! Where `fiche convert` writes records: one stream (standard output or an
//! atomically written file) or one JSON file per fiche under `--out-dir`.

use super::atomic::AtomicFile;
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
    },
}

impl Sink {
    /// Records in `format` to `output`, or to standard output.
    pub(crate) fn stream(output: Option<&Path>, format: Format) -> anyhow::Result<Sink> {
        let (out, file): (Box<dyn Write + Send>, _) = match output {
            Some(path) => {
                let file = AtomicFile::create(path)?;
                let handle = file
                    .handle()
                    .try_clone()
                    .with_context(|| format!("cannot write {}", path.display()))?;
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
        std::fs::create_dir_all(root)
            .with_context(|| format!("cannot create directory {}", root.display()))?;
        Ok(Sink::Dir {
            root: root.to_path_buf(),
            made: None,
        })
    }

    /// The format records must be encoded in for this sink.
    pub(crate) fn format(&self, asked: Format) -> Format {
        match self {
            Sink::Stream { .. } => asked,
            Sink::Dir { .. } => Format::Json,
        }
    }

    /// Writes fiche number `index` of the input at `path`.
    pub(crate) fn write(
        &mut self,
        path: &Path,
        index: u32,
        record: &Encoded,
    ) -> anyhow::Result<()> {
        match self {
            Sink::Stream { writer, .. } => {
                writer.write_encoded(record).context("cannot write records")
            }
            Sink::Dir { root, made } => {
                let target = root.join(out_name(path, index));
                if let Some(parent) = target.parent()
                    && made.as_deref() != Some(parent)
                {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create directory {}", parent.display()))?;
                    *made = Some(parent.to_path_buf());
                }
                let file = AtomicFile::create(&target)?;
                let mut out = BufWriter::new(file.handle());
                out.write_all(record.bytes())
                    .and_then(|()| out.write_all(b"\n"))
                    .and_then(|()| out.flush())
                    .with_context(|| format!("cannot write {}", target.display()))?;
                drop(out);
                file.publish()
            }
        }
    }

    /// Closes the stream (the JSON array) and renames the output file into place.
    pub(crate) fn finish(self) -> anyhow::Result<()> {
        if let Sink::Stream { writer, file } = self {
            writer.finish().context("cannot write records")?;
            if let Some(file) = file {
                file.commit()?;
            }
        }
        Ok(())
    }
}

/// The file of fiche `index` of the input at `path`, relative to the
/// output directory: the input's path as given (root, `.` and `..` parts
/// dropped or renamed so it stays inside), then the index on four digits:
/// `scrape/a.txt` fiche 3 is `scrape/a.txt.0003.json`; standard input is
/// `stdin.0003.json`. The same inputs give the same names on every run.
pub(crate) fn out_name(path: &Path, index: u32) -> PathBuf {
    let mut name = PathBuf::new();
    if path == Path::new("-") {
        return PathBuf::from(format!("stdin.{index:04}.json"));
    }
    for part in path.components() {
        match part {
            Component::Normal(p) => name.push(p),
            Component::ParentDir => name.push("__"),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    let file = name
        .file_name()
        .map_or_else(|| "input".to_owned(), |f| f.to_string_lossy().into_owned());
    name.set_file_name(format!("{file}.{index:04}.json"));
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_names_stay_inside_and_sort_by_index() {
        let name = |p: &str, i| out_name(Path::new(p), i).display().to_string();
        assert_eq!(name("scrape/a.txt", 3), "scrape/a.txt.0003.json");
        assert_eq!(name("./a.txt", 0), "a.txt.0000.json");
        assert_eq!(name("/data/a.txt", 12), "data/a.txt.0012.json");
        assert_eq!(name("../x/a.txt", 1), "__/x/a.txt.0001.json");
        assert_eq!(name("-", 2), "stdin.0002.json");
        assert_eq!(name("a.txt", 12345), "a.txt.12345.json");
    }
}
