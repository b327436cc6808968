//! A tool that speaks French: with `--lang fr` or a French locale, every
//! line printed is French, set with French typography.

use crate::support::{fiche, fiche_env};

/// English words and marks that have no business in French output: clap's
/// own words, English severities and summaries, slugs and backticks.
const ENGLISH: &[&str] = &[
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "Print help",
    "Print version",
    "[default:",
    "Possible values",
    "possible values",
    "error",
    "warning",
    "help:",
    "expected",
    "found",
    "cannot",
    "input",
    "fiche(s)",
    "`",
    " the ",
    " is ",
    " of ",
];

fn french_env() -> [(&'static str, &'static str); 1] {
    [("LANG", "fr_FR.UTF-8")]
}

/// The English words of `text`, each with its line.
fn english_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        // Codes in brackets are stable identifiers, not words.
        let line = strip_codes(line);
        for word in ENGLISH {
            if line.contains(word) {
                found.push(format!("{word:?} in {line:?}"));
            }
        }
    }
    found
}

/// `line` without its diagnostic codes (`erreur[invalid-date]`) and
/// option names (`--follow`), which stay as they are in every language.
fn strip_codes(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        match rest[at..].find(']') {
            Some(end) if !rest[at + 1..at + end].contains(' ') => rest = &rest[at + end + 1..],
            _ => {
                out.push('[');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out.split(' ')
        .filter(|w| !w.starts_with("--"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_help_is_french() {
    let commands: [&[&str]; 10] = [
        &["--help"],
        &["-h"],
        &["convert", "--help"],
        &["validate", "--help"],
        &["render", "--help"],
        &["schema", "--help"],
        &["generate", "--help"],
        &["serve", "--help"],
        &["completions", "--help"],
        &["help", "man"],
    ];
    for args in commands {
        let out = fiche_env(args, b"", &french_env());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Utilisation\u{a0}: fiche"),
            "{args:?}: {text}"
        );
        assert_eq!(english_in(&text), Vec::<String>::new(), "{args:?}: {text}");
    }
    // `--lang fr` asks the same of a command's help.
    let out = fiche(&["validate", "--lang", "fr", "--help"], b"");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Vérifie des fiches soumises"));
}

#[test]
fn command_line_errors_are_french() {
    for (args, said) in [
        (&["convrt"][..], "commande inconnue «\u{a0}convrt\u{a0}»"),
        (
            &["validate", "--colr"][..],
            "vouliez-vous écrire «\u{a0}--color\u{a0}»\u{202f}?",
        ),
        (
            &["convert", "--format", "xml"][..],
            "valeurs possibles\u{a0}: ndjson, json, csv",
        ),
    ] {
        let out = fiche_env(args, b"", &french_env());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("fiche\u{a0}: erreur\u{a0}: "),
            "{args:?}: {err}"
        );
        assert!(err.contains(said), "{args:?}: {err}");
        assert_eq!(english_in(&err), Vec::<String>::new(), "{args:?}: {err}");
    }
}

/// `fiche validate --lang fr` on every invalid fixture: no English word,
/// severities and help named in French, guillemets with no-break spaces.
#[test]
fn validate_reports_on_the_invalid_fixtures_in_french() {
    let mut paths: Vec<_> = std::fs::read_dir("fixtures/invalid")
        .map(|dir| dir.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    assert!(paths.len() >= 5, "the invalid fixtures are there");
    for path in paths {
        let path = path.display().to_string();
        let out = fiche(
            &["validate", "--lang", "fr", "--color", "never", &path],
            b"",
        );
        let report = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(report.contains("erreur"), "{path}: {report}");
        // The path is the file's name, in whatever language it is.
        let words = report.replace(&path, "");
        assert_eq!(english_in(&words), Vec::<String>::new(), "{path}: {report}");
        // Every guillemet holds its no-break space.
        for (i, _) in report.match_indices('«') {
            assert!(
                report[i..].starts_with("«\u{a0}"),
                "{path}: {}",
                &report[i..]
            );
        }
        for (i, _) in report.match_indices('»') {
            assert!(report[..i].ends_with('\u{a0}'), "{path}: {}", &report[..i]);
        }
    }
}

/// The summaries say `aucune erreur` and agree in number.
#[test]
fn summaries_speak_french() {
    let out = fiche(
        &[
            "validate",
            "--lang",
            "fr",
            "fixtures/valid/encoding-utf-8-bom.txt",
        ],
        b"",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with(
            "encoding-utf-8-bom.txt\u{a0}: 1 fiche, aucune erreur, aucun avertissement\n"
        ),
        "{text}"
    );
    let out = fiche_env(&["convert", crate::support::SEED], b"", &french_env());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.ends_with(
            "fiche\u{a0}: 10 enregistrements pour 1 entrée\u{a0}: aucune erreur, 3 avertissements (-v pour les voir)\n"
        ),
        "{err}"
    );
}

/// Dates inside messages are written out, not in ISO form.
#[test]
fn dates_in_messages_are_written_out() {
    let text = "Fiche fonctionnement - A\nCréation\n2016\nMembre depuis\n3 mars 2015\n";
    let out = fiche(&["validate", "--lang", "fr", "-"], text.as_bytes());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("membre depuis le 3\u{a0}mars 2015, soit avant sa création en 2016")
            || report.contains("membre depuis le 3 mars 2015, soit avant sa création en 2016"),
        "{report}"
    );
    assert!(!report.contains("2015-03-03"), "{report}");
}
