//! `fiche validate`: compiler-style reports for people who submit fiches.

use crate::support::{SEED, code, fiche, stderr};
use serde_json::Value;
use std::process::Command;

const INVALID: &str = "fixtures/invalid/submission-with-errors.txt";

#[test]
fn human_report_shows_code_message_line_caret_and_help() {
    let out = fiche(&["validate", INVALID], b"");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        !report.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    insta::assert_snapshot!(report);
}

#[test]
fn json_report_for_a_web_form() {
    let out = fiche(
        &["validate", "--format", "json", "--lang", "fr", INVALID],
        b"",
    );
    assert_eq!(code(&out), 1);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["valid"], false);
    assert_eq!(report["errors"], 8);
    assert_eq!(report["warnings"], 1);
    let input = &report["inputs"][0];
    assert_eq!(input["path"], INVALID);
    assert_eq!(input["fiches"][1]["name"], "Sans champs");
    let first = &input["diagnostics"][0];
    assert_eq!(first["code"], "missing-name");
    assert_eq!(first["severity"], "error");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(first["fiche"], 0);
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("le titre de la fiche"))
    );
    assert!(
        first["help"]
            .as_str()
            .is_some_and(|m| m.starts_with("écrivez le nom"))
    );
    // An unknown category is recorded as a warning by `convert`, but a
    // submission must fix it.
    let unknown = input["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == "unknown-category")
        .expect("the unknown category is reported");
    assert_eq!(unknown["severity"], "error");
}

#[test]
fn exit_codes() {
    let ok = fiche(&["validate", "fixtures/valid/encoding-utf-8-bom.txt"], b"");
    assert_eq!(code(&ok), 0, "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).ends_with("1 fiche, 0 errors, 0 warnings\n"));
    // The seed export has warnings but no error.
    assert_eq!(code(&fiche(&["validate", SEED], b"")), 0);
    assert_eq!(code(&fiche(&["validate", "no/such/file.txt"], b"")), 2);
    assert_eq!(
        code(&fiche(
            &["validate", "fixtures/invalid/binary-nul-bytes.txt"],
            b""
        )),
        1
    );
    assert_eq!(
        code(&fiche(&["validate", "--format", "yaml", SEED], b"")),
        2
    );
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    // `script` runs the command on a pseudo-terminal.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let run = |no_color: Option<&str>| {
        let cmd = format!("{} validate {INVALID}", env!("CARGO_BIN_EXE_fiche"));
        let mut c = Command::new("script");
        c.args(["-qec", &cmd, "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        c.env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        String::from_utf8_lossy(&c.output().expect("script runs").stdout).into_owned()
    };
    assert!(run(None).contains("\u{1b}["), "colour on a terminal");
    assert!(
        !run(Some("1")).contains("\u{1b}["),
        "no colour with NO_COLOR"
    );
}

/// A failed or empty input is never valid, in either report.
#[test]
fn unreadable_and_empty_inputs_are_not_valid() {
    let missing = fiche(&["validate", "--format", "json", "/nonexistent.txt"], b"");
    assert_eq!(code(&missing), 2);
    let report: serde_json::Value = serde_json::from_slice(&missing.stdout).expect("JSON");
    assert_eq!(report["valid"], false);
    assert_eq!(
        report["inputs"][0]["error"]
            .as_str()
            .map(|e| e.starts_with("cannot read")),
        Some(true)
    );
    let empty = fiche(&["validate", "--format", "json", "-"], b"");
    assert_eq!(code(&empty), 1);
    let report: serde_json::Value = serde_json::from_slice(&empty.stdout).expect("JSON");
    assert_eq!(report["valid"], false);
    assert_eq!(report["errors"], 1);
    let blank = fiche(&["validate", "-"], b"\n\n  \n");
    assert_eq!(code(&blank), 1);
    assert!(String::from_utf8_lossy(&blank.stdout).contains("no fiche"));
}
