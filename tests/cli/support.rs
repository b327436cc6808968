//! Running the binary from the workspace root, with paths as a user gives them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The seed export, relative to the workspace root.
pub const SEED: &str = "fixtures/chatons-fiches-fonctionnement.txt";

/// Runs `fiche ARGS` in the workspace root with `stdin` as standard input.
pub fn fiche(args: &[&str], stdin: &[u8]) -> Output {
    fiche_env(args, stdin, &[])
}

/// [`fiche`] with these environment variables set (`LANG` is `C` unless set).
pub fn fiche_env(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fiche"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        // Messages in English unless a test asks otherwise.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    for (name, value) in env {
        command.env(name, value);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the fiche binary starts");
    // Fed from another thread: a streaming command writes records before
    // it has read all its input, and would block on a full stdout pipe.
    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        // The command may stop reading early (a usage error): not a failure here.
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("the fiche binary finishes");
    feeder.join().expect("the feeding thread ends");
    output
}

/// The records of an NDJSON output.
pub fn records(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each NDJSON line is JSON"))
        .collect()
}

/// The exit code, `-1` if killed.
pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The diagnostics of `record` (a record as JSON) with code `code`.
pub fn diagnostics_with_code<'r>(
    record: &'r serde_json::Value,
    code: &str,
) -> Vec<&'r serde_json::Value> {
    record["diagnostics"]
        .as_array()
        .map(|all| all.iter().filter(|d| d["code"] == code).collect())
        .unwrap_or_default()
}
