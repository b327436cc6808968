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

/// `fiche convert --out-dir OUT` run in `cwd` on `inputs` (relative to it).
fn out_dir_run(
    cwd: &std::path::Path,
    out: &str,
    inputs: &[&std::ffi::OsStr],
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fiche"))
        .arg("convert")
        .arg("-q")
        .arg("--out-dir")
        .arg(out)
        .args(inputs)
        .current_dir(cwd)
        .output()
        .expect("fiche runs")
}

#[test]
fn out_dir_names_are_unique_bounded_and_listed() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt as _;
    let dir = dir("names");
    let seed =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).expect("seed");
    let one = b"Fiche fonctionnement - Une\nCr\xc3\xa9ation\n2001\n".to_vec();
    std::fs::create_dir_all(dir.join("__")).expect("__");
    std::fs::create_dir_all(dir.join("in")).expect("in");
    let long = "n".repeat(250);
    let inputs: Vec<(&OsStr, &[u8])> = vec![
        (OsStr::from_bytes(b"a\xFE.txt"), &one),
        (OsStr::from_bytes(b"a\xFF.txt"), &one),
        (OsStr::new("__/x.txt"), &one),
        (OsStr::new(&long), &one),
        (OsStr::new("in/seed.txt"), &seed),
    ];
    for (name, bytes) in &inputs {
        std::fs::write(dir.join(name), bytes).expect("input");
    }
    let mut args: Vec<&OsStr> = inputs.iter().map(|(n, _)| *n).collect();
    args.push(OsStr::new("in/../__/x.txt"));
    let out = out_dir_run(&dir, "out", &args);
    assert_eq!(
        code(&out),
        1,
        "errors in the one-label fiches: {}",
        stderr(&out)
    );
    let manifest = std::fs::read_to_string(dir.join("out/manifest.txt")).expect("manifest");
    let listed: Vec<&str> = manifest.lines().collect();
    // 4 one-fiche inputs, the seed's 10, and __/x.txt again by another
    // path (names follow the path as given: `in/%2E%2E/__/x.txt…`).
    assert_eq!(listed.len(), 15, "{listed:?}");
    let mut unique = listed.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 15, "no two inputs share a name: {listed:?}");
    for name in &listed {
        assert!(dir.join("out").join(name).is_file(), "{name}");
        assert!(name.split('/').all(|part| part.len() < 200), "{name}");
    }
    // The record keeps the name whole, bytes that are not UTF-8 as `\xHH`.
    let record: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("out/a%FE.txt.00000000.json")).expect("a record"),
    )
    .expect("JSON");
    assert_eq!(record["source"]["path"], "a\\xFE.txt");
    // A rerun with fewer fiches: the manifest lists only this run's files.
    let out = out_dir_run(&dir, "out", &[OsStr::new("__/x.txt")]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let manifest = std::fs::read_to_string(dir.join("out/manifest.txt")).expect("manifest");
    assert_eq!(manifest, "__/x.txt.00000000.json\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_output_file_that_cannot_be_written_fails_alone() {
    let dir = dir("one-fails");
    std::fs::create_dir_all(dir.join("sub")).expect("sub");
    std::fs::copy(SEED, dir.join("sub/a.txt")).expect("a.txt");
    std::fs::copy(SEED, dir.join("b.txt")).expect("b.txt");
    // A file where the directory of sub/a.txt's records must go.
    std::fs::create_dir_all(dir.join("out")).expect("out");
    std::fs::write(dir.join("out/sub"), "in the way").expect("blocker");
    let out = out_dir_run(
        &dir,
        "out",
        &[
            std::ffi::OsStr::new("sub/a.txt"),
            std::ffi::OsStr::new("b.txt"),
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sub/a.txt: fiche 0 was not written"),
        "{}",
        stderr(&out)
    );
    let manifest = std::fs::read_to_string(dir.join("out/manifest.txt")).expect("manifest");
    assert_eq!(
        manifest.lines().count(),
        10,
        "b.txt's ten fiches: {manifest}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn past_the_file_size_limit_a_write_error_is_reported_and_nothing_left() {
    let dir = dir("ulimit");
    let target = dir.join("big.ndjson");
    let script = format!(
        "\"$FICHE\" generate 200 > {0}/in.txt; ulimit -f 8; \
         \"$FICHE\" convert -q {0}/in.txt -o {1}; echo \"status $?\"",
        s(&dir),
        s(&target)
    );
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("FICHE", env!("CARGO_BIN_EXE_fiche"))
        .output()
        .expect("bash runs");
    let said = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    // Killed by SIGXFSZ would be no status line at all (or 153).
    assert!(said.trim_end().ends_with("status 2"), "{said} {err}");
    assert!(err.contains("File too large"), "{err}");
    assert!(!target.exists());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// SIGTERM at any moment of an `--out-dir` run leaves no temporary file:
/// the handler and the making of the next file cannot interleave.
#[test]
fn sigterm_during_out_dir_leaves_no_temporary_file() {
    let dir = dir("sigterm");
    let corpus = dir.join("in.txt");
    let generated = std::process::Command::new(env!("CARGO_BIN_EXE_fiche"))
        .args(["generate", "3000"])
        .output()
        .expect("generate runs");
    std::fs::write(&corpus, generated.stdout).expect("corpus");
    for round in 0..20u64 {
        let out = dir.join(format!("out{round}"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fiche"))
            .args(["convert", "-q", "--out-dir"])
            .arg(&out)
            .arg(&corpus)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("fiche starts");
        // Interrupt at a different moment each round, files being made.
        std::thread::sleep(std::time::Duration::from_millis(20 + 7 * round));
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let _ = child.wait();
        let mut stack = vec![out.clone()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let name = entry.file_name();
                    assert!(
                        !name.to_string_lossy().ends_with(".tmp"),
                        "round {round}: {} left",
                        path.display()
                    );
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
