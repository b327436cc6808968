//! Memory bounded by a constant, whatever the input's size: peak resident
//! memory measured by `/usr/bin/time -f %M` (skipped where it is missing)
//! on inputs made to be large in the way that once made memory grow.

use std::process::Command;

/// Peak resident memory in KiB of `script` run by bash (with `$FICHE` the
/// binary), the script's own peak being `fiche`'s; `None` without
/// `/usr/bin/time`.
fn peak_kib(script: &str) -> Option<u64> {
    if !std::path::Path::new("/usr/bin/time").exists() {
        return None;
    }
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("FICHE", env!("CARGO_BIN_EXE_fiche"))
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    err.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("peak ")?.parse().ok())
}

/// The README's bound. On these inputs the versions before the bounds took
/// 114, 82, 69 and 116 MiB; this debug build takes 36, 14, 9 and 7.
const BOUND_KIB: u64 = 64 << 10;

#[test]
fn memory_stays_bounded_on_large_inputs() {
    let dir = std::env::temp_dir().join(format!("fiche-memory-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let d = dir.to_string_lossy();
    let setup = format!(
        "\"$FICHE\" generate 8000 > {d}/corpus.txt && \
         yes 'Fiche fonctionnement - N' | head -c 8000000 > {d}/headings.txt && \
         \"$FICHE\" convert -q {d}/corpus.txt -o {d}/corpus.ndjson"
    );
    let made = Command::new("bash")
        .arg("-c")
        .arg(&setup)
        .env("FICHE", env!("CARGO_BIN_EXE_fiche"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "set-up");
    let time = "/usr/bin/time -f 'peak %M'";
    for (what, script) in [
        (
            "convert of heading lines only, two threads",
            format!("{time} \"$FICHE\" convert -q --jobs 2 {d}/headings.txt -o /dev/null"),
        ),
        (
            "validate of a large input",
            format!("{time} \"$FICHE\" validate {d}/corpus.txt > /dev/null"),
        ),
        (
            "render of many records",
            format!("{time} \"$FICHE\" render {d}/corpus.ndjson > /dev/null"),
        ),
        (
            "generate of a huge count",
            format!("{time} \"$FICHE\" generate 100000 > /dev/null"),
        ),
    ] {
        let Some(peak) = peak_kib(&script) else {
            eprintln!("skipped: no /usr/bin/time here");
            break;
        };
        assert!(peak < BOUND_KIB, "{what}: peak {peak} KiB");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
