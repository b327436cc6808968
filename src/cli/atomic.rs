//! Output files that appear complete or not at all.

use super::say::tr;
use anyhow::Context as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files not yet renamed into place, for an interrupted run to remove.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file not yet renamed into place.
pub(crate) fn remove_unfinished_files() {
    if let Ok(mut files) = UNFINISHED.lock() {
        for path in files.drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Removes every temporary file not yet renamed into place and ends the
/// process (on Ctrl-C or SIGTERM). The list stays locked until the end, so
/// no thread can make a temporary file after it was emptied (a file is
/// made and listed under the same lock).
pub(crate) fn exit_removing_unfinished_files(code: i32) -> ! {
    let held = UNFINISHED.lock();
    if let Ok(mut files) = held {
        for path in files.drain(..) {
            let _ = std::fs::remove_file(path);
        }
        // Never unlocked: exit runs no destructor.
        std::process::exit(code);
    }
    std::process::exit(code)
}

fn forget(temp: &Path) {
    if let Ok(mut files) = UNFINISHED.lock()
        && let Some(i) = files.iter().position(|p| p == temp)
    {
        files.swap_remove(i);
    }
}

/// Whether `a` and `b` name the same file: the same device and inode when
/// both exist, else the same path once their directories are resolved
/// (`out.json` and `./dir/../out.json`).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        (Err(_), Err(_)) => resolved(a).is_some_and(|a| resolved(b).is_some_and(|b| a == b)),
        _ => false,
    }
}

/// `path` with its directory made absolute and free of links and `..`.
fn resolved(path: &Path) -> Option<PathBuf> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(dir.canonicalize().ok()?.join(path.file_name()?))
}

/// Refuses outputs that would destroy what the run reads or writes: an
/// output that is one of the inputs (`convert in.txt -o in.txt`), or two
/// outputs that are one file (`-o out.json --report out.json`). A device
/// (`/dev/null`) takes any number of writes.
pub(crate) fn check_outputs(outputs: &[(&str, &Path)], inputs: &[PathBuf]) -> anyhow::Result<()> {
    for (i, (option, output)) in outputs.iter().enumerate() {
        if std::fs::metadata(output).is_ok_and(|m| !m.is_file()) {
            continue;
        }
        if let Some(input) = inputs.iter().find(|input| same_file(output, input)) {
            anyhow::bail!(tr!(
                "refusing to write {} ({option}): it is the input {}",
                "{} ({option}) n'est pas écrit : c'est l'entrée {}",
                output.display(),
                input.display()
            ));
        }
        if let Some((other, _)) = outputs[..i].iter().find(|(_, o)| same_file(output, o)) {
            anyhow::bail!(tr!(
                "refusing to write {} twice: {other} and {option} name the same file",
                "{} ne sera pas écrit deux fois : {other} et {option} désignent le même fichier",
                output.display()
            ));
        }
    }
    Ok(())
}

/// A file written under a temporary name in the same directory and renamed
/// into place on [`AtomicFile::commit`]: readers see all of it or nothing.
///
/// The temporary file is made by `tempfile`: a random name, created only
/// if nothing is there (a link planted at a predictable name cannot
/// redirect the write), with the target's permissions when it exists (the
/// umask's when it does not). A target that exists and is not a regular
/// file (`/dev/null`, a FIFO, a terminal, a symbolic link such as
/// `/dev/stdout`) is written through directly: renaming over it would
/// replace it with a file.
pub(crate) struct AtomicFile {
    target: PathBuf,
    /// The temporary file, or `None` when writing to the target directly.
    temp: Option<PathBuf>,
    file: std::fs::File,
    committed: bool,
}

impl AtomicFile {
    pub(crate) fn create(target: &Path) -> anyhow::Result<AtomicFile> {
        let existing = std::fs::symlink_metadata(target).ok();
        if let Some(meta) = &existing {
            if meta.is_dir() {
                anyhow::bail!(tr!(
                    "cannot write {}: it is a directory",
                    "impossible d'écrire {} : c'est un dossier",
                    target.display()
                ));
            }
            if !meta.is_file() {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(std::fs::metadata(target).is_ok_and(|m| m.is_file()))
                    .open(target)
                    .with_context(|| super::say::cannot_write(target))?;
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
        // A short prefix of the name: the temporary name stays within the
        // file system's limit whatever the target's length.
        let name: String = target
            .file_name()
            .map_or_else(|| "output".to_owned(), |n| n.to_string_lossy().into_owned())
            .chars()
            .take(32)
            .collect();
        let permissions = existing.as_ref().map_or_else(
            || std::fs::Permissions::from_mode(0o666),
            std::fs::Metadata::permissions,
        );
        // Made and listed under the lock, so that an interrupted run
        // removes it whenever the interruption comes.
        let mut unfinished = UNFINISHED
            .lock()
            .map_err(|_| anyhow::anyhow!(super::say::cannot_write(target)))?;
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .permissions(permissions.clone())
            .tempfile_in(dir)
            .with_context(|| no_temporary_file(target))?;
        let (file, temp) = temp.keep().with_context(|| no_temporary_file(target))?;
        unfinished.push(temp.clone());
        drop(unfinished);
        if existing.is_some() {
            // The mode asked at creation went through the umask; an
            // existing target's mode is kept as it was.
            file.set_permissions(permissions)
                .with_context(|| super::say::cannot_write(target))?;
        }
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
                .with_context(|| super::say::cannot_write(&self.target))?;
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
                .with_context(|| super::say::cannot_write(&self.target))?;
        }
        self.committed = true;
        Ok(())
    }
}

/// The context of a failure to make the temporary file for `target`.
fn no_temporary_file(target: &Path) -> String {
    tr!(
        "cannot create a temporary file beside {}",
        "impossible de créer un fichier temporaire à côté de {}",
        target.display()
    )
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
