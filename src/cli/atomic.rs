//! Output files that appear complete or not at all.

use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files not yet renamed into place, for an interrupted run to remove.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file not yet renamed into place (on Ctrl-C).
pub(crate) fn remove_unfinished_files() {
    if let Ok(mut files) = UNFINISHED.lock() {
        for path in files.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn forget(temp: &Path) {
    if let Ok(mut files) = UNFINISHED.lock()
        && let Some(i) = files.iter().position(|p| p == temp)
    {
        files.swap_remove(i);
    }
}

/// A file written under a temporary name in the same directory and renamed
/// into place on [`AtomicFile::commit`]: readers see all of it or nothing.
///
/// A target that exists and is not a regular file (`/dev/null`, a FIFO, a
/// terminal) is written directly: renaming over it would replace the
/// device with a file.
pub(crate) struct AtomicFile {
    target: PathBuf,
    /// The temporary file, or `None` when writing to the target directly.
    temp: Option<PathBuf>,
    file: std::fs::File,
    committed: bool,
}

impl AtomicFile {
    pub(crate) fn create(target: &Path) -> anyhow::Result<AtomicFile> {
        if let Ok(meta) = std::fs::metadata(target) {
            if meta.is_dir() {
                anyhow::bail!("cannot write {}: it is a directory", target.display());
            }
            if !meta.is_file() {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(target)
                    .with_context(|| format!("cannot write {}", target.display()))?;
                return Ok(AtomicFile {
                    target: target.to_path_buf(),
                    temp: None,
                    file,
                    committed: false,
                });
            }
        }
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map_or_else(|| "output".to_owned(), |n| n.to_string_lossy().into_owned());
        let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        if let Ok(mut files) = UNFINISHED.lock() {
            files.push(temp.clone());
        }
        let file = std::fs::File::create(&temp).with_context(|| {
            forget(&temp);
            format!("cannot create {}", temp.display())
        })?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp: Some(temp),
            file,
            committed: false,
        })
    }

    pub(crate) fn handle(&self) -> &std::fs::File {
        &self.file
    }

    /// Flushes the file to disk, then renames it into place.
    pub(crate) fn commit(self) -> anyhow::Result<()> {
        if self.temp.is_some() {
            self.file
                .sync_all()
                .with_context(|| format!("cannot write {}", self.target.display()))?;
        }
        self.rename()
    }

    /// Renames the file into place without waiting for the disk: an
    /// interrupted run never leaves a partial file, a power cut might.
    /// For the many small files of `--out-dir`, where a sync each would
    /// dominate the run.
    pub(crate) fn publish(self) -> anyhow::Result<()> {
        self.rename()
    }

    fn rename(mut self) -> anyhow::Result<()> {
        if let Some(temp) = &self.temp {
            std::fs::rename(temp, &self.target)
                .with_context(|| format!("cannot write {}", self.target.display()))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(temp) = &self.temp {
            forget(temp);
            if !self.committed {
                // Not committed (an error on the way): leave nothing behind.
                let _ = std::fs::remove_file(temp);
            }
        }
    }
}
