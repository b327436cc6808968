//! Directory trees as real scrapes and careless users leave them: links
//! that loop, FIFOs, unreadable directories, links to nothing. The walk
//! never hangs, never reads a file twice, and one bad entry fails alone.

use crate::support::{SEED, code, records, stderr};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A fresh directory holding a copy of the seed export as `a.txt`.
fn tree(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fiche-walk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).expect("temp dir");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    std::fs::copy(seed, dir.join("a.txt")).expect("seed copied");
    dir
}

/// Runs `fiche ARGS` (through `wrapper` if given), failing the test if it
/// has not finished in 30 s: a walk that hangs is the bug under test.
fn fiche_in_time(wrapper: &[&str], args: &[&str]) -> Output {
    let bin = env!("CARGO_BIN_EXE_fiche");
    let mut command = match wrapper.split_first() {
        Some((program, rest)) => {
            let mut c = Command::new(program);
            c.args(rest).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    let mut child = command
        .args(args)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fiche starts");
    let started = Instant::now();
    while child.try_wait().expect("fiche can be waited for").is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("fiche {args:?} did not finish in 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("fiche's output")
}

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temp path")
}

#[test]
fn links_are_not_followed_unless_asked_and_loops_end() {
    let dir = tree("loop");
    symlink("..", dir.join("sub/loop")).expect("a link loop");
    symlink("../sub", dir.join("sub/again")).expect("a second loop");
    let out = fiche_in_time(&[], &["convert", "-q", s(&dir)]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(records(&out).len(), 10, "the file once, not once per loop");
    // Not quiet: each link left out is named.
    let out = fiche_in_time(&[], &["convert", s(&dir)]);
    let err = stderr(&out);
    assert!(err.contains("skipped") && err.contains("sub/loop"), "{err}");
    assert!(err.contains("--follow"), "{err}");
    // Followed: the loops are found, reported as failed inputs, and the
    // file is still read once.
    let report = dir.join("report.json");
    let out = fiche_in_time(
        &[],
        &["convert", "--follow", "--report", s(&report), s(&dir)],
    );
    assert_eq!(code(&out), 1, "a failed input: {}", stderr(&out));
    assert_eq!(records(&out).len(), 10);
    assert!(
        stderr(&out).contains("symbolic link loop"),
        "{}",
        stderr(&out)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report written"))
            .expect("report is JSON");
    assert_eq!(report["inputs"]["failed"].as_array().map(Vec::len), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_fifo_is_skipped_not_waited_on() {
    let dir = tree("fifo");
    let fifo = dir.join("b.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for command in ["convert", "validate"] {
        let out = fiche_in_time(&[], &[command, s(&dir)]);
        let err = stderr(&out);
        assert!(
            err.contains("b.txt") && err.contains("FIFO"),
            "{command}: {err}"
        );
        assert_ne!(code(&out), 2, "{command}: {err}");
    }
    let out = fiche_in_time(&[], &["convert", "-q", s(&dir)]);
    assert_eq!(records(&out).len(), 10);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_link_to_nothing_fails_alone() {
    let dir = tree("dangling");
    symlink("nowhere.txt", dir.join("sub/gone.txt")).expect("a dangling link");
    let out = fiche_in_time(&[], &["convert", "--follow", s(&dir)]);
    assert_eq!(code(&out), 1, "a failed input, not a usage error");
    assert_eq!(records(&out).len(), 10);
    assert!(
        stderr(&out).contains("gone.txt: symbolic link to nothing"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// An unreadable directory needs a user without the right to read it:
/// root reads everything, so as root the test runs fiche as `nobody`
/// through `setpriv`.
#[test]
fn an_unreadable_directory_fails_alone() {
    let dir = tree("unreadable");
    std::fs::write(dir.join("sub/b.txt"), "Fiche fonctionnement - B\n").expect("b.txt");
    let locked = dir.join("locked");
    std::fs::create_dir(&locked).expect("locked dir");
    std::fs::write(locked.join("c.txt"), "Fiche fonctionnement - C\n").expect("c.txt");
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let wrapper: &[&str] = if root {
        &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ]
    } else {
        &[]
    };
    if root && Command::new("setpriv").arg("--version").output().is_err() {
        // No way to be a user without the right here: nothing to test.
        eprintln!("skipped: running as root without setpriv");
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    // The temp directory must be reachable by that user.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let out = fiche_in_time(wrapper, &["convert", "-q", s(&dir)]);
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "one failed input: {err}");
    assert!(err.contains("locked: cannot read"), "{err}");
    // The readable files were converted: the seed's ten and B.
    assert_eq!(records(&out).len(), 11, "{err}");
    let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755));
    let _ = std::fs::remove_dir_all(&dir);
}
