//! Output files: never an input, never two outputs in one, never a link or
//! a device replaced, permissions kept, write errors reported.

use crate::support::{SEED, code, fiche, stderr};
use std::os::unix::fs::PermissionsExt as _;
use std::path::PathBuf;

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fiche-outputs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn s(path: &std::path::Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

#[test]
fn an_output_that_is_an_input_or_another_output_is_refused() {
    let dir = dir("same");
    let input = dir.join("in.txt");
    std::fs::copy(SEED, &input).expect("seed copied");
    let before = std::fs::read(&input).expect("input");
    let out = fiche(&["convert", s(&input), "-o", s(&input)], b"");
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("it is the input"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&input).expect("input"),
        before,
        "the export is intact"
    );
    // The same file by another path.
    let other = dir.join(".").join("in.txt");
    let out = fiche(&["convert", s(&input), "--report", s(&other)], b"");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(std::fs::read(&input).expect("input"), before);
    // Records and report in one file, named two ways.
    std::fs::create_dir(dir.join("x")).expect("x");
    let target = dir.join("out.json");
    let out = fiche(
        &[
            "convert",
            SEED,
            "-o",
            s(&target),
            "--report",
            s(&dir.join("x/../out.json")),
        ],
        b"",
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("name the same file"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn links_and_devices_are_written_through_and_permissions_kept() {
    let dir = dir("through");
    // An existing 0600 output stays 0600.
    let private = dir.join("private.ndjson");
    std::fs::write(&private, "old").expect("old output");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = fiche(&["convert", "-q", SEED, "-o", s(&private)], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let meta = std::fs::metadata(&private).expect("output");
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(
        std::fs::read_to_string(&private)
            .expect("output")
            .lines()
            .count(),
        10
    );
    // An output that is a link: the file it names is written, the link stays.
    let real = dir.join("real.ndjson");
    let link = dir.join("link.ndjson");
    std::fs::write(&real, "").expect("real");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    let out = fiche(&["convert", "-q", SEED, "-o", s(&link)], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&real)
            .expect("real")
            .lines()
            .count(),
        10
    );
    // `-o /dev/stdout` into a file: the records are in the file, and
    // /dev/stdout is still what it was.
    let into = dir.join("stdout.ndjson");
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "\"$FICHE\" convert -q {SEED} -o /dev/stdout > {}",
            s(&into)
        ))
        .env("FICHE", env!("CARGO_BIN_EXE_fiche"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status();
    assert!(status.is_ok_and(|s| s.success()));
    assert_eq!(
        std::fs::read_to_string(&into)
            .expect("file")
            .lines()
            .count(),
        10
    );
    assert!(std::fs::symlink_metadata("/dev/stdout").is_ok_and(|m| m.file_type().is_symlink()));
    // No temporary file is left beside the outputs.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_report_that_cannot_be_written_is_an_error() {
    let out = fiche(
        &[
            "convert",
            "-q",
            SEED,
            "-o",
            "/dev/null",
            "--report",
            "/dev/full",
        ],
        b"",
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot write /dev/full"),
        "{}",
        stderr(&out)
    );
}
