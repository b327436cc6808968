//! Linear time, counted as work rather than timed: each hostile shape is
//! converted at N and 8N bytes under `valgrind --tool=callgrind`, which
//! counts the instructions executed (the same count on any machine, under
//! any load), and the work past that of an empty fiche must grow about 8
//! times, not 64. `cargo bench --bench pathological` times the same shapes
//! at larger sizes.

use std::process::{Command, Stdio};

const HEAD: &str = "Fiche fonctionnement - X\nOrganisation de la structure\n";

/// Instructions `fiche convert -q -` executes on `text`, by callgrind;
/// `None` when valgrind cannot run here.
fn instructions(text: &str) -> Option<u64> {
    let dir = std::env::temp_dir().join(format!("fiche-linear-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let input = dir.join("in.txt");
    std::fs::write(&input, text).ok()?;
    let out = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(env!("CARGO_BIN_EXE_fiche"))
        .args(["convert", "-q", "--jobs", "1", "-o", "/dev/null"])
        .arg(&input)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let log = String::from_utf8_lossy(&out.stderr);
    // `==123== Collected : 163610577`
    log.lines()
        .find_map(|l| l.split_once("Collected :"))
        .and_then(|(_, n)| n.trim().parse().ok())
}

/// `unit` repeated to about `bytes` bytes.
fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)
}

/// A hostile shape: its name, and the text of it at a given size.
type Shape = (&'static str, fn(usize) -> String);

/// The shapes.
fn shapes() -> Vec<Shape> {
    vec![
        ("inclusive writing on one line", |n| {
            format!("{HEAD}{}\n", repeat("adhérent.es-tou.tes ", n))
        }),
        ("one long token", |n| {
            format!("{HEAD}{}\n", repeat("a.es-b", n))
        }),
        ("a label repeated", |n| {
            format!(
                "Fiche fonctionnement - X\n{}",
                repeat("Création\n2000\n", n)
            )
        }),
        ("dense facts", |n| {
            format!(
                "{HEAD}{}\n",
                repeat("1 234 € 2019 une dizaine de personnes 40-50 membres ", n)
            )
        }),
        ("people-noun prefixes in one word", |n| {
            format!("{HEAD}{}\n", repeat("actif", n))
        }),
        ("< without >", |n| format!("{HEAD}{}\n", repeat("<", n))),
        ("one number of thousands groups", |n| {
            format!("{HEAD}1{}\n", repeat(" 000", n))
        }),
        ("unknown labels with values", |n| {
            let mut text = String::from("Fiche fonctionnement - X\nCréation\n2000\n");
            let mut i = 0usize;
            while text.len() < n {
                let word: String = i
                    .to_string()
                    .bytes()
                    .map(|d| char::from(b'a' + d - b'0'))
                    .collect();
                text.push_str(&format!("Champ {word}\nvaleur\n"));
                i += 1;
            }
            text
        }),
        ("heading lines only", |n| {
            repeat("Fiche fonctionnement - N\n", n)
        }),
    ]
}

#[test]
fn hostile_shapes_take_work_linear_in_their_size() {
    let Some(empty) = instructions("Fiche fonctionnement - X\n") else {
        eprintln!("skipped: valgrind cannot run here");
        return;
    };
    let n = 8 << 10;
    for (name, make) in shapes() {
        let small = instructions(&make(n))
            .expect("callgrind counts")
            .saturating_sub(empty);
        let large = instructions(&make(8 * n))
            .expect("callgrind counts")
            .saturating_sub(empty);
        let ratio = large as f64 / small.max(1) as f64;
        eprintln!("{name}: {ratio:.2}");
        // Linear is 8 (a little more for buffers that grow); quadratic 64.
        assert!(
            ratio < 12.0,
            "{name}: {small} then {large} instructions at 8 times the size: {ratio:.1} times the work"
        );
    }
}
