//! Batch conversion: threads, output directories, reruns, CSV loaded by
//! another tool, the progress bar.

use crate::support::{SEED, code, diagnostics_with_code, fiche, records, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fiche-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Every file below `dir`, with its bytes, sorted by path.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable file");
                files.push((path.strip_prefix(dir).expect("inside").to_path_buf(), bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_number_of_threads_never_changes_the_output() {
    let run = |jobs: &str| fiche(&["convert", "--jobs", jobs, "fixtures"], b"");
    let one = run("1");
    assert_eq!(code(&one), 1, "some fixtures have errors and one is binary");
    let recs = records(&one);
    assert!(recs.len() > 20, "every fixture's records: {}", recs.len());
    for jobs in ["2", "3", "8"] {
        let many = run(jobs);
        assert_eq!(many.stdout, one.stdout, "records with --jobs {jobs}");
        assert_eq!(stderr(&many), stderr(&one), "messages with --jobs {jobs}");
        assert_eq!(many.status, one.status);
    }
    assert_eq!(code(&fiche(&["convert", "--jobs", "0", SEED], b"")), 2);
}

#[test]
fn out_dir_holds_one_json_file_per_fiche_with_stable_names() {
    let dir = temp_dir("out-dir");
    let out = dir.join("records");
    let out_str = out.to_str().expect("utf-8 path");
    let run = fiche(&["convert", "--out-dir", out_str, SEED], b"");
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let mut files = tree(&out);
    let names: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
    let mut expected: Vec<String> = (0..10)
        .map(|i| format!("fixtures/chatons-fiches-fonctionnement.txt.{i:08}.json"))
        .collect();
    expected.push("manifest.txt".to_owned());
    assert_eq!(names, expected);
    // The manifest lists the run's files, in order.
    let (_, manifest) = files.pop().expect("the manifest");
    let listed: Vec<&str> = std::str::from_utf8(&manifest)
        .expect("UTF-8")
        .lines()
        .collect();
    assert_eq!(listed, expected[..10]);
    let ndjson = records(&fiche(&["convert", SEED], b""));
    for ((_, bytes), record) in files.iter().zip(&ndjson) {
        let value: Value = serde_json::from_slice(bytes).expect("each file is JSON");
        assert_eq!(&value, record);
        assert!(bytes.ends_with(b"}\n"), "pretty JSON with a final newline");
    }
    // A rerun writes the same bytes under the same names.
    let again = fiche(&["convert", "--out-dir", out_str, SEED], b"");
    assert_eq!(code(&again), 0);
    let mut rerun = tree(&out);
    rerun.pop();
    assert_eq!(rerun, files);
    // --out-dir goes with neither -o nor --format.
    let both = fiche(
        &["convert", "--out-dir", out_str, "-o", "x.json", SEED],
        b"",
    );
    assert_eq!(code(&both), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reruns_write_byte_identical_files() {
    let dir = temp_dir("rerun");
    for format in ["ndjson", "json", "csv"] {
        let target = dir.join(format!("out.{format}"));
        let target = target.to_str().expect("utf-8 path");
        let mut outputs = Vec::new();
        for jobs in ["1", "2"] {
            let run = fiche(
                &[
                    "convert",
                    "-q",
                    "--jobs",
                    jobs,
                    "--format",
                    format,
                    "-o",
                    target,
                    "fixtures/valid",
                ],
                b"",
            );
            assert_eq!(code(&run), 0, "{}", stderr(&run));
            outputs.push(std::fs::read(target).expect("output written"));
        }
        assert!(!outputs[0].is_empty());
        assert_eq!(outputs[0], outputs[1], "{format}");
    }
    // No temporary file is left beside the outputs.
    let names: Vec<_> = tree(&dir).into_iter().map(|(p, _)| p).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Loads `csv` with DuckDB's `read_csv_auto` when the Python package is
/// installed (`.ci/run` installs it and sets `FICHE_EXPECT_DUCKDB`), else
/// with Python's `csv` module; prints `loader rows columns`.
const LOAD_CSV: &str = r#"
import sys
path = sys.argv[1]
try:
    import duckdb
    rel = duckdb.sql(f"SELECT * FROM read_csv_auto('{path}', header=true)")
    rows = rel.fetchall()
    print("duckdb", len(rows), len(rel.columns))
except ImportError:
    import csv
    with open(path, newline="", encoding="utf-8") as f:
        table = list(csv.reader(f, strict=True))
    assert all(len(r) == len(table[0]) for r in table)
    print("csv", len(table) - 1, len(table[0]))
"#;

#[test]
fn csv_loads_in_duckdb_or_python() {
    let Ok(python) = Command::new("python3").arg("--version").output() else {
        eprintln!("skipped: python3 is not installed");
        return;
    };
    assert!(python.status.success());
    let dir = temp_dir("csv");
    let path = dir.join("records.csv");
    let path_str = path.to_str().expect("utf-8 path");
    let run = fiche(
        &[
            "convert",
            "-q",
            "--format",
            "csv",
            "-o",
            path_str,
            SEED,
            "fixtures/valid",
        ],
        b"",
    );
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let count = records(&fiche(&["convert", "-q", SEED, "fixtures/valid"], b"")).len();
    let header_len = fiche_write::CSV_HEADER.len();
    let loaded = Command::new("python3")
        .args(["-c", LOAD_CSV, path_str])
        .output()
        .expect("python3 runs");
    let out = String::from_utf8_lossy(&loaded.stdout);
    assert!(
        loaded.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let fields: Vec<&str> = out.split_whitespace().collect();
    assert_eq!(
        fields[1..],
        [count.to_string(), header_len.to_string()],
        "{out}"
    );
    if std::env::var_os("FICHE_EXPECT_DUCKDB").is_some() {
        assert_eq!(fields[0], "duckdb", ".ci/run installed DuckDB");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn progress_bar_only_on_a_terminal_and_never_with_quiet() {
    let plain = fiche(&["convert", "fixtures/valid"], b"");
    assert!(
        !stderr(&plain).contains("ETA"),
        "no bar when stderr is a pipe"
    );
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let run = |extra: &str| {
        let cmd = format!(
            "{} convert {extra} -o /dev/null fixtures/valid fixtures/valid",
            env!("CARGO_BIN_EXE_fiche")
        );
        let out = Command::new("script")
            .args(["-qec", &cmd, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("script runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = run("");
    assert!(shown.contains("ETA") && shown.contains("fiches"), "{shown}");
    assert!(!run("--quiet").contains("ETA"));
}

#[test]
fn a_long_input_streams_in_order() {
    let corpus = fiche(&["generate", "3000"], b"");
    assert!(corpus.stdout.len() > 2 << 20, "more than a few chunks");
    let out = fiche(&["convert", "-q", "--jobs", "2", "-"], &corpus.stdout);
    let recs = records(&out);
    assert_eq!(recs.len(), 3000);
    let mut last_line = 0;
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["source"]["index"], i, "fiches in input order");
        let line = r["source"]["line_start"].as_u64().expect("a line");
        assert!(line > last_line, "lines increase: {line} after {last_line}");
        last_line = line;
    }
}

#[test]
fn an_interrupted_run_leaves_no_partial_file() {
    use std::io::Write;
    use std::process::Stdio;
    let dir = temp_dir("interrupt");
    let target = dir.join("records.ndjson");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fiche"))
        .args(["convert", "-q", "-o"])
        .arg(&target)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("fiche starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(b"Fiche fonctionnement - A\nCr\xC3\xA9ation\n2010\n")
        .expect("stdin is writable");
    // Wait for the temporary output file, then interrupt while more input is awaited.
    let started = std::time::Instant::now();
    while tree(&dir).is_empty() && started.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(tree(&dir).len(), 1, "the temporary output exists");
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("fiche ends");
    drop(input);
    assert_eq!(status.code(), Some(130));
    assert!(
        tree(&dir).is_empty(),
        "neither the output nor its temporary file: {:?}",
        tree(&dir)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn output_to_a_device_writes_to_it_and_never_replaces_it() {
    use std::os::unix::fs::FileTypeExt;
    let run = fiche(
        &[
            "convert",
            "-q",
            "-o",
            "/dev/null",
            "--report",
            "/dev/null",
            SEED,
        ],
        b"",
    );
    assert_eq!(code(&run), 0, "{}", stderr(&run));
    let kind = std::fs::metadata("/dev/null")
        .expect("/dev/null exists")
        .file_type();
    assert!(
        kind.is_char_device(),
        "/dev/null is still a device: {kind:?}"
    );
    // A directory is refused, not replaced.
    let dir = temp_dir("output-dir");
    let refused = fiche(
        &["convert", "-q", "-o", dir.to_str().expect("utf-8"), SEED],
        b"",
    );
    assert_eq!(code(&refused), 2);
    assert!(
        stderr(&refused).contains("it is a directory"),
        "{}",
        stderr(&refused)
    );
    assert!(dir.is_dir());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_fiche_too_long_to_be_real_is_cut_and_the_batch_goes_on() {
    // One heading, then 60,000 `Création` labels (600 kB, past the 256 KiB
    // limit), as when the next fiches' headings are not recognised.
    let mut input = "Fiche fonctionnement - Trop longue\n".to_owned();
    input.push_str(&"Création\n".repeat(60_000));
    input.push_str("Fiche fonctionnement - Suivante\nCréation\n2019\n");
    let out = fiche(&["convert", "-"], input.as_bytes());
    assert_eq!(code(&out), 1);
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    let too_long = diagnostics_with_code(&recs[0], "fiche-too-long");
    assert_eq!(too_long.len(), 1);
    // 256 KiB hold the heading (35 bytes) and 26,210 labels of 10 bytes.
    assert_eq!(too_long[0]["line"], 26_212);
    assert!(
        too_long[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("33790 line(s) from line 26212 to line 60001")),
        "{}",
        too_long[0]
    );
    // Every label read is still reported, and no more than were read.
    let duplicates = diagnostics_with_code(&recs[0], "duplicate-field").len();
    assert_eq!(duplicates, 26_209);
    assert_eq!(recs[1]["name"], "Suivante");
    assert_eq!(recs[1]["source"]["line_start"], 60_002);
    assert_eq!(recs[1]["founded"], 2019);
    assert!(stderr(&out).contains("fiche-too-long"), "{}", stderr(&out));
}

#[test]
fn a_line_too_long_to_be_real_is_cut_and_the_batch_goes_on() {
    // One free-text line of 3 MiB with no break, as in an input that is
    // not an export: read in bounded memory, and said.
    let mut input = "Fiche fonctionnement - Une ligne\nOrganisation de la structure\n".to_owned();
    input.push_str(&"adhérent·es ".repeat(3 << 20 >> 4));
    input.push_str("\nFiche fonctionnement - Suivante\nCréation\n2019\n");
    let long_line = input.lines().nth(2).unwrap_or_default();
    // The line is cut at the last character start within 1 MiB.
    let mut kept = 1 << 20;
    while !long_line.is_char_boundary(kept) {
        kept -= 1;
    }
    let out = fiche(&["convert", "-"], input.as_bytes());
    assert_eq!(code(&out), 1);
    let recs = records(&out);
    assert_eq!(recs.len(), 2);
    let line_too_long = diagnostics_with_code(&recs[0], "line-too-long");
    assert_eq!(line_too_long.len(), 1, "{}", recs[0]["diagnostics"]);
    assert_eq!(line_too_long[0]["line"], 3);
    let not_read = long_line.len() - kept;
    assert!(
        line_too_long[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("its other {not_read} bytes were not read"))),
        "{}",
        line_too_long[0]
    );
    // What was kept (1 MiB) is still past a fiche's limit.
    assert_eq!(diagnostics_with_code(&recs[0], "fiche-too-long").len(), 1);
    // The line breaks after it are all read: the next fiche is where it is.
    assert_eq!(recs[1]["name"], "Suivante");
    assert_eq!(recs[1]["source"]["line_start"], 4);
    assert_eq!(recs[1]["founded"], 2019);
}

/// DuckDB reads NDJSON records with `read_json_auto`, inferring one type
/// from them all: a count's `min` and `max` must be in every record for
/// `volunteers.max` to be a column (a record with `40-50` among ones
/// without failed with a binder error). Run where DuckDB is installed.
const QUERY_NDJSON: &str = r#"
import sys
try:
    import duckdb
except ImportError:
    print("skipped")
    sys.exit(0)
rows = duckdb.sql(
    f"SELECT name, volunteers.value, volunteers.min, volunteers.max, volunteers.approximate "
    f"FROM read_json_auto('{sys.argv[1]}') ORDER BY name"
).fetchall()
print(len(rows), [r[3] for r in rows])
"#;

#[test]
fn every_count_key_is_in_every_record_for_duckdb() {
    let dir = temp_dir("duckdb-ndjson");
    let path = dir.join("records.ndjson");
    let text = "Fiche fonctionnement - A\nNombre de bénévoles\n40-50\n\
                Fiche fonctionnement - B\nNombre de bénévoles\n3\n";
    let out = fiche(
        &["convert", "-q", "-o", path.to_str().expect("utf-8"), "-"],
        text.as_bytes(),
    );
    assert_eq!(code(&out), 1, "missing fields are errors: {}", stderr(&out));
    // Every record has every key of a count, null or false when not said.
    for record in records(&fiche(&["convert", "-q", "-"], text.as_bytes())) {
        let keys: Vec<&String> = record["volunteers"]
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["value", "raw", "min", "max", "approximate"]);
    }
    let Ok(loaded) = Command::new("python3")
        .args(["-c", QUERY_NDJSON, path.to_str().expect("utf-8")])
        .output()
    else {
        eprintln!("skipped: python3 is not installed");
        return;
    };
    let said = String::from_utf8_lossy(&loaded.stdout);
    if std::env::var_os("FICHE_EXPECT_DUCKDB").is_some() || said.trim() != "skipped" {
        assert_eq!(
            said.trim(),
            "2 [50, None]",
            "{}",
            String::from_utf8_lossy(&loaded.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
