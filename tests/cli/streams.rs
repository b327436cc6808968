//! Standard streams as pipelines and careless callers leave them: a closed
//! standard error, a reader of standard output that stops early, escape
//! sequences in the input, cells a spreadsheet would run, more threads
//! than cores.

use crate::support::{SEED, code, fiche, records, stderr};
use std::process::Command;

/// Runs `script` with bash in the workspace root, `$FICHE` the binary;
/// returns its standard output.
fn bash(script: &str) -> String {
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("FICHE", env!("CARGO_BIN_EXE_fiche"))
        .env("LANG", "C")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("bash runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn temp(name: &str) -> String {
    std::env::temp_dir()
        .join(format!("fiche-streams-{name}-{}", std::process::id()))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn a_closed_standard_error_loses_messages_not_records() {
    let out = temp("closed-stderr.ndjson");
    for (command, file) in [("convert", true), ("validate", false)] {
        let script = format!(
            "rm -f {out}; \"$FICHE\" {command} fixtures/invalid/submission-with-errors.txt {} 2>&-; echo \"status $?\"",
            if file {
                format!("-o {out}")
            } else {
                String::new()
            }
        );
        let said = bash(&script);
        // 1: the fixture has errors; 101 would be a panic.
        assert!(said.trim_end().ends_with("status 1"), "{command}: {said}");
        if file {
            let written = std::fs::read_to_string(&out).unwrap_or_default();
            assert_eq!(written.lines().count(), 2, "{command}: records written");
        }
    }
    // A standard error that a reader closes after its first line.
    let said = bash(&format!(
        "rm -f {out}; \"$FICHE\" convert fixtures/invalid/submission-with-errors.txt -o {out} 2>&1 | head -1 >/dev/null; echo \"status ${{PIPESTATUS[0]}}\""
    ));
    assert!(said.trim_end().ends_with("status 1"), "{said}");
    assert!(std::path::Path::new(&out).exists());
    let _ = std::fs::remove_file(&out);
}

#[test]
fn a_reader_that_stops_ends_the_run_quietly() {
    let corpus = temp("corpus.txt");
    let script = format!(
        "\"$FICHE\" generate 3000 > {corpus}; for jobs in 1 2; do \
         \"$FICHE\" convert -q --jobs $jobs {corpus} 2>{corpus}.err | head -c 100 >/dev/null; \
         echo \"status ${{PIPESTATUS[0]}} stderr $(wc -c < {corpus}.err)\"; done"
    );
    let said = bash(&script);
    assert_eq!(said, "status 0 stderr 0\nstatus 0 stderr 0\n", "{said}");
    let _ = std::fs::remove_file(&corpus);
    let _ = std::fs::remove_file(format!("{corpus}.err"));
}

#[test]
fn escape_sequences_of_the_input_never_reach_standard_error() {
    let text =
        "Fiche fonctionnement - A\u{1b}]52;c;aGk=\u{7}\nCréation\nl'an \u{1b}[31mrouge\u{1b}[0m\n";
    for command in ["convert", "validate"] {
        let out = fiche(&[command, "-"], text.as_bytes());
        let err = stderr(&out) + &String::from_utf8_lossy(&out.stdout);
        let err = if command == "convert" {
            stderr(&out)
        } else {
            err
        };
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{7}'),
            "{command}: {err:?}"
        );
        assert!(
            err.contains("\u{241b}[31mrouge"),
            "{command}: shown as ␛: {err}"
        );
    }
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised_unless_raw() {
    let text = "Fiche fonctionnement - =HYPERLINK(\"http://x\";\"clic\")\nType de structure\nAssociation\n\
                Création\n2012\nNombre d'employé·es\n0\nNombre de bénévoles\n3\n\
                Rôles des membres\n- accueil\n- +33 1 23 45 67 89\n";
    let cell = |args: &[&str], column: &str| {
        let out = fiche(args, text.as_bytes());
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
        let at = fiche_write::CSV_HEADER
            .iter()
            .position(|h| *h == column)
            .expect("a column");
        let row = reader.records().next().and_then(Result::ok).expect("a row");
        row[at].to_owned()
    };
    let csv = ["convert", "--format", "csv", "-"];
    assert_eq!(cell(&csv, "name"), "'=HYPERLINK(\"http://x\";\"clic\")");
    assert_eq!(
        cell(&csv, "member_roles"),
        "'- accueil\n- +33 1 23 45 67 89"
    );
    let raw = ["convert", "--format", "csv", "--csv-raw", "-"];
    assert_eq!(cell(&raw, "name"), "=HYPERLINK(\"http://x\";\"clic\")");
    // JSON keeps every value as it is.
    let out = fiche(&["convert", "-"], text.as_bytes());
    assert_eq!(
        records(&out)[0]["name"],
        "=HYPERLINK(\"http://x\";\"clic\")"
    );
}

#[test]
fn more_jobs_than_cores_run_as_many_as_cores() {
    let started = std::time::Instant::now();
    let out = fiche(&["convert", "-q", "--jobs", "10000", SEED], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(records(&out).len(), 10);
    // A guard against a hang, not a measure of speed: ten thousand
    // threads took more than 14 minutes.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn generate_streams_whatever_the_count() {
    // The largest count: one fiche at a time, until the reader stops.
    let said = bash(
        "\"$FICHE\" generate 18446744073709551615 | head -c 100000 | wc -c; echo \"status ${PIPESTATUS[0]}\"",
    );
    assert_eq!(said, "100000\nstatus 0\n", "{said}");
}

#[test]
fn a_number_too_large_for_an_amount_is_no_amount_and_the_record_is_written() {
    for number in ["1".repeat(400), format!("1{}", " 000".repeat(20_000))] {
        let text = format!(
            "Fiche fonctionnement - A\nType de structure\nAssociation\nCréation\n2012\n\
             Nombre d'employé·es\n0\nNombre de bénévoles\n3\nAutres modèles économiques\n\
             Adhésion de {number} € par an, ou de 10 € par an.\n"
        );
        let out = fiche(&["convert", "-"], text.as_bytes());
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let all = records(&out);
        assert_eq!(all.len(), 1, "the record is written: {}", stderr(&out));
        let amounts = all[0]["mentions"]["amounts"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(amounts.len(), 1, "{amounts:?}");
        assert_eq!(amounts[0]["amount"], 10.0);
    }
}
