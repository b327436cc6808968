//! Command-line behaviour: formats, standard input, output files, exit codes.

use crate::support::{SEED, code, fiche, records, stderr};
use serde_json::Value;

#[test]
fn json_format_is_one_array_of_the_same_records() {
    let ndjson = records(&fiche(&["convert", SEED], b""));
    let out = fiche(&["convert", "--format", "json", SEED], b"");
    assert_eq!(code(&out), 0);
    let array: Value = serde_json::from_slice(&out.stdout).expect("JSON array");
    assert_eq!(array.as_array(), Some(&ndjson));
}

#[test]
fn standard_input_is_read_with_dash_or_no_path() {
    let text = "Fiche fonctionnement - Stdin\nType de structure\nAssociation\nCréation\n2020\nNombre d'employé·es\n0\nNombre de bénévoles\n2\n";
    for args in [&["convert", "-"][..], &["convert"][..]] {
        let out = fiche(args, text.as_bytes());
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let recs = records(&out);
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0]["name"], "Stdin");
        assert_eq!(recs[0]["source"]["path"], "-");
    }
}

#[test]
fn error_diagnostics_give_exit_code_1_and_still_write_the_record() {
    let text =
        "Fiche fonctionnement - Sans date\nType de structure\nAssociation\nCréation\nbientôt\n";
    let out = fiche(&["convert", "-"], text.as_bytes());
    assert_eq!(code(&out), 1);
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["founded"], Value::Null);
    let err = stderr(&out);
    assert!(err.contains("-:5:1: error[invalid-year]"), "{err}");
    assert!(err.contains("error[missing-field]"), "{err}");
}

#[test]
fn usage_and_io_errors_give_exit_code_2() {
    let out = fiche(&["convert", "no/such/file.txt"], b"");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no/such/file.txt: cannot read"),
        "{}",
        stderr(&out)
    );
    assert_eq!(code(&fiche(&["convert", "--format", "xml", SEED], b"")), 2);
    assert_eq!(code(&fiche(&["frobnicate"], b"")), 2);
    assert_eq!(
        code(&fiche(&["convert", "--encoding", "klingon", SEED], b"")),
        2
    );
}

#[test]
fn binary_input_is_refused_and_the_other_inputs_still_convert() {
    let dir = std::env::temp_dir().join(format!("fiche-binary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let binary = dir.join("image.png");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").expect("write");
    let out = fiche(
        &["convert", binary.to_str().expect("UTF-8 path"), SEED],
        b"",
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("input is binary"), "{}", stderr(&out));
    assert_eq!(records(&out).len(), 10);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn output_file_is_written_whole() {
    let dir = std::env::temp_dir().join(format!("fiche-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let target = dir.join("records.ndjson");
    let out = fiche(
        &["convert", SEED, "-o", target.to_str().expect("UTF-8 path")],
        b"",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&target).expect("output exists");
    assert_eq!(written.lines().count(), 10);
    // No temporary file is left beside it.
    let entries = std::fs::read_dir(&dir).expect("dir").count();
    assert_eq!(entries, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_describes_the_commands_and_exit_codes() {
    let out = fiche(&["convert", "--help"], b"");
    assert_eq!(code(&out), 0);
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in ["--format", "--output", "--profile", "Exit status", "ndjson"] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}

#[test]
fn another_profile_adds_extra_fields() {
    let dir = std::env::temp_dir().join(format!("fiche-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut profile = fiche_profile::CHATONS_TOML.to_owned();
    profile.push_str("\n[[fields]]\nkey = \"website\"\nkind = \"text\"\nlabels = [\"Site web\"]\n");
    let path = dir.join("profile.toml");
    std::fs::write(&path, profile).expect("write");
    let text = "Fiche fonctionnement - X\nType de structure\nAssociation\nCréation\n2020\nNombre d'employé·es\n0\nNombre de bénévoles\n2\nSite web\nhttps://x.example\n";
    let out = fiche(
        &["convert", "--profile", path.to_str().expect("UTF-8"), "-"],
        text.as_bytes(),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs[0]["extra_fields"][0]["label"], "Site web");
    assert_eq!(recs[0]["extra_fields"][0]["text"], "https://x.example");
    assert_eq!(recs[0]["mentions"]["urls"][0], "https://x.example");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn raw_keeps_strings_as_decoded() {
    let clean = records(&fiche(&["convert", SEED], b""));
    let raw = records(&fiche(&["convert", "--raw", SEED], b""));
    let text = |r: &Vec<Value>| {
        r[0]["organisation"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert!(text(&clean).contains("tout·e adhérent·e"));
    assert!(text(&raw).contains("tout⋅e adhérent⋅e"), "{}", text(&raw));
    // The scrape's no-break space inside « » stays in both; the one before
    // "et" (Le Retzien Libre) is a plain space only when cleaned.
    let support = |r: &Vec<Value>| {
        r[6]["user_support"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(support(&clean), "blog, formulaire et contacts directs.");
    assert_eq!(support(&raw), "blog, formulaire\u{a0} et contacts directs.");
    // Values are read the same either way.
    assert_eq!(clean[0]["employees"], raw[0]["employees"]);
}

#[test]
fn messages_in_french_on_request() {
    let text = "Fiche fonctionnement -\nCréation\nbientôt\n";
    let out = fiche(&["convert", "--lang", "fr", "-"], text.as_bytes());
    let recs = records(&out);
    let messages: Vec<&str> = recs[0]["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.contains(&"le titre de la fiche ne donne pas le nom de la structure"),
        "{messages:?}"
    );
    // Guillemets hold no-break spaces; the quotation is as written.
    assert!(
        messages.contains(&"«\u{a0}bientôt\u{a0}» n'est pas une année"),
        "{messages:?}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("erreur[invalid-year]\u{a0}: «\u{a0}bientôt\u{a0}» n'est pas une année"),
        "{err}"
    );
    assert!(
        err.ends_with(
            "fiche\u{a0}: 1 enregistrement pour 1 entrée\u{a0}: 5 erreurs, aucun avertissement\n"
        ),
        "{err}"
    );
}

/// A French locale makes what is printed French, never the records: they
/// are the same on every machine unless `--lang` asks.
#[test]
fn the_locale_changes_what_is_printed_not_the_records() {
    let text = "Fiche fonctionnement -\nCréation\nbientôt\n";
    let english = fiche(&["convert", "-"], text.as_bytes());
    let french = crate::support::fiche_env(
        &["convert", "-"],
        text.as_bytes(),
        &[("LANG", "fr_FR.UTF-8")],
    );
    assert_eq!(
        english.stdout, french.stdout,
        "records do not follow the locale"
    );
    let err = stderr(&french);
    assert!(
        err.contains("fiche\u{a0}: 1 enregistrement pour 1 entrée"),
        "{err}"
    );
    // The records' message is English; the line printed is French.
    assert!(
        err.contains(
            "-:3:1: erreur[invalid-year]\u{a0}: «\u{a0}bientôt\u{a0}» n'est pas une année"
        ),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&french.stdout).contains("expected a year such as 1995"));
    // `--lang en` wins over the locale.
    let asked = crate::support::fiche_env(
        &["convert", "--lang", "en", "-"],
        text.as_bytes(),
        &[("LANG", "fr_FR.UTF-8")],
    );
    assert!(
        stderr(&asked).contains("fiche: 1 record from 1 input"),
        "{}",
        stderr(&asked)
    );
}

#[test]
fn render_writes_records_back_and_a_blank_template() {
    let converted = fiche(&["convert", SEED], b"");
    let rendered = fiche(&["render", "-"], &converted.stdout);
    assert_eq!(code(&rendered), 0, "{}", stderr(&rendered));
    let again = fiche(&["convert", "-"], &rendered.stdout);
    let (a, b) = (records(&converted), records(&again));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        for key in [
            "name",
            "structure_type",
            "founded",
            "employees",
            "volunteers",
            "member_roles",
            "access",
            "economic_model",
        ] {
            assert_eq!(x[key], y[key], "{} {key}", x["name"]);
        }
    }
    let template = fiche(&["render", "--template", "--lang", "fr"], b"");
    let text = String::from_utf8_lossy(&template.stdout).into_owned();
    assert!(text.starts_with("Fiche fonctionnement - \n"));
    assert!(text.contains("\nNombre d'employé·es\n"));
    // It teaches: every structure type and every access line is there.
    let profile = fiche::Profile::chatons();
    for spec in profile.fields() {
        for option in spec.options.iter().filter_map(|o| o.labels.first()) {
            assert!(text.contains(option.as_str()), "{option} in\n{text}");
        }
    }
    // Sent back unfilled, every hint is refused.
    let out = fiche(&["validate", "-"], template.stdout.as_slice());
    assert_eq!(code(&out), 1);
    let report = String::from_utf8_lossy(&out.stdout);
    for code in [
        "missing-name",
        "unknown-category",
        "invalid-year",
        "invalid-date",
        "invalid-count",
        "unknown-access-mode",
    ] {
        assert!(
            report.contains(&format!("error[{code}]")),
            "{code}: {report}"
        );
    }
    // Filled as the hints say, it is valid.
    let filled: String = text
        .lines()
        .filter_map(|line| match line {
            "Fiche fonctionnement - " => Some("Fiche fonctionnement - Exemple".to_owned()),
            l if l.starts_with("[à remplir, l'une de") => Some("Association".to_owned()),
            l if l.starts_with("[à remplir : l'année") => Some("2015".to_owned()),
            l if l.starts_with("[à remplir : la date") => Some("3 mars 2016".to_owned()),
            l if l.starts_with("[à remplir : un nombre") => Some("une dizaine".to_owned()),
            l if l.ends_with("après inscription") => None,
            l => Some(l.replace("[garder ou supprimer] ", "")),
        })
        .map(|l| l + "\n")
        .collect();
    let out = fiche(&["validate", "-"], filled.as_bytes());
    assert_eq!(
        code(&out),
        0,
        "{}\n{filled}",
        String::from_utf8_lossy(&out.stdout)
    );
    // In English too.
    let english = fiche(&["render", "--template", "--lang", "en"], b"");
    assert!(
        String::from_utf8_lossy(&english.stdout).contains("[to fill in: the year, in figures]")
    );
}

#[test]
fn csv_has_a_header_and_one_row_per_fiche() {
    let out = fiche(&["convert", "--format", "csv", SEED], b"");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, fiche_write::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("RFC 4180 rows");
    assert_eq!(rows.len(), 10);
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    assert_eq!(&rows[0][col("name")], "Infini");
    assert_eq!(
        &rows[0][col("access")],
        "open_without_signup | members_only"
    );
    assert_eq!(&rows[1][col("employees")], "250");
    assert_eq!(&rows[1][col("access")], "", "null is an empty cell");
    // Multi-line text survives quoting.
    assert!(rows[6][col("organisation")].contains("\n- messagerie"));
    assert_eq!(&rows[1][col("diagnostic_codes")], "count-contradicted");
}

#[test]
fn directories_are_read_recursively_in_order_with_a_glob() {
    let out = fiche(&["convert", "--format", "csv", "fixtures"], b"");
    assert_eq!(code(&out), 1, "fixtures/invalid holds broken inputs");
    let path_column = fiche_write::CSV_HEADER
        .iter()
        .position(|h| *h == "source_path")
        .expect("a source_path column");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let paths: Vec<String> = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r[path_column].to_owned())
        .collect();
    assert_eq!(paths.first().map(String::as_str), Some(SEED));
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "inputs are read in path order");
    assert!(paths.iter().any(|p| p.starts_with("fixtures/valid/")));
    // The binary fixture is reported and skipped; the others are converted.
    assert!(stderr(&out).contains("binary-nul-bytes.txt: input is binary"));
    let only_valid = fiche(&["convert", "--glob", "encoding-*", "fixtures"], b"");
    assert_eq!(code(&only_valid), 0, "{}", stderr(&only_valid));
    // Five fixtures of one fiche, one of three.
    assert_eq!(records(&only_valid).len(), 8);
}

#[test]
fn report_summarises_the_batch() {
    let dir = std::env::temp_dir().join(format!("fiche-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("report.json");
    let out = fiche(
        &[
            "convert",
            "-q",
            "--report",
            path.to_str().expect("UTF-8"),
            "fixtures",
        ],
        b"",
    );
    assert_eq!(code(&out), 1);
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("report written"))
            .expect("report is JSON");
    let seen = report["inputs"]["seen"].as_u64().unwrap_or(0);
    assert!(seen >= 18, "{report}");
    // Not text, and no fiche at all: three inputs gave no record.
    assert_eq!(report["inputs"]["converted"].as_u64(), Some(seen - 3));
    let failed: Vec<(&str, &str)> = report["inputs"]["failed"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or(""),
                f["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        failed,
        [
            (
                "fixtures/invalid/binary-nul-bytes.txt",
                "input is binary, not text (NUL byte at offset 8)"
            ),
            (
                "fixtures/invalid/label-only.txt",
                "no fiche heading found (see the no-fiche error)"
            ),
            (
                "fixtures/invalid/no-fiche-heading.txt",
                "no fiche heading found (see the no-fiche error)"
            ),
        ]
    );
    assert_eq!(report["diagnostics"]["by_code"]["preamble"]["warning"], 1);
    assert_eq!(report["diagnostics"]["by_code"]["missing-name"]["error"], 1);
    assert!(report["elapsed_seconds"].as_f64().is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Warnings are counted by default and shown with `-v`.
#[test]
fn verbose_shows_the_warnings() {
    let plain = fiche(&["convert", SEED], b"");
    let err = stderr(&plain);
    assert!(!err.contains("warning["), "{err}");
    assert!(err.contains("3 warnings (-v shows them)"), "{err}");
    let verbose = fiche(&["convert", "-v", SEED], b"");
    let err = stderr(&verbose);
    assert_eq!(err.matches(": warning[").count(), 3, "{err}");
    assert!(err.ends_with("3 warnings\n"), "{err}");
    assert_eq!(code(&fiche(&["convert", "-v", "-q", SEED], b"")), 2);
}

/// Shell completions and the manual page are printed, and parse.
#[test]
fn completions_and_man_page_parse() {
    let dir = std::env::temp_dir().join(format!("fiche-completions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = fiche(&["completions", shell], b"");
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        for word in ["convert", "validate", "render", "glob", "follow"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
        if shell == "bash" {
            let file = dir.join("fiche.bash");
            std::fs::write(&file, &out.stdout).expect("written");
            let parsed = std::process::Command::new("bash")
                .arg("-n")
                .arg(&file)
                .status();
            assert!(
                parsed.is_ok_and(|s| s.success()),
                "bash -n accepts the script"
            );
        }
    }
    let man = fiche(&["man"], b"");
    assert_eq!(code(&man), 0);
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(page.contains(".TH fiche 1"), "{page}");
    let file = dir.join("fiche.1");
    std::fs::write(&file, &man.stdout).expect("written");
    // groff, where it is installed, reads it without a warning.
    if let Ok(out) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&file)
        .output()
    {
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--color` says when the human report has colour; `auto` never colours
/// what is not a terminal, nor `TERM=dumb`.
#[test]
fn colour_is_chosen_by_color() {
    let report = |color: &str| {
        let out = fiche(
            &[
                "validate",
                "--color",
                color,
                "fixtures/invalid/submission-with-errors.txt",
            ],
            b"",
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(report("always").contains('\u{1b}'));
    assert!(!report("never").contains('\u{1b}'));
    assert!(
        !report("auto").contains('\u{1b}'),
        "standard output is a pipe here"
    );
}

/// Every input that is not converted is named on standard error, with
/// the reason, even with `-q`.
#[test]
fn inputs_not_converted_are_named_on_standard_error() {
    let dir = std::env::temp_dir().join(format!("fiche-named-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let empty = dir.join("empty.txt");
    let text = dir.join("text.txt");
    let binary = dir.join("binary.txt");
    std::fs::write(&empty, "").expect("empty");
    std::fs::write(&text, "pas de fiche ici\n").expect("text");
    std::fs::write(&binary, b"PK\x03\x04\x00\x00").expect("binary");
    let paths: Vec<&str> = [&empty, &text, &binary]
        .iter()
        .map(|p| p.to_str().expect("UTF-8"))
        .collect();
    let mut args = vec!["convert", "-q"];
    args.extend(&paths);
    let out = fiche(&args, b"");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    for (path, reason) in paths
        .iter()
        .zip(["the input is empty", "no-fiche", "binary"])
    {
        assert!(
            err.lines().any(|l| l.contains(path) && l.contains(reason)),
            "{path}: {reason} in {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// On a terminal with nothing piped in, `render` says what it expects, as
/// `convert` and `validate` do, instead of waiting (a terminal from
/// `script`, where it is installed).
#[test]
fn commands_on_a_terminal_with_no_input_say_what_they_expect() {
    for command in ["render", "convert", "validate"] {
        let Ok(out) = std::process::Command::new("script")
            .args([
                "-qec",
                &format!("{} {command}", env!("CARGO_BIN_EXE_fiche")),
                "/dev/null",
            ])
            .stdin(std::process::Stdio::null())
            .output()
        else {
            eprintln!("skipped: no `script` here");
            return;
        };
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("fiche: error: no "), "{command}: {said}");
        assert_eq!(out.status.code(), Some(2), "{command}: {said}");
    }
}

/// `generate`, `completions` and `man` are listed by `--help`.
#[test]
fn help_lists_every_command() {
    let help = String::from_utf8_lossy(&fiche(&["--help"], b"").stdout).into_owned();
    for command in [
        "convert",
        "validate",
        "render",
        "schema",
        "generate",
        "completions",
        "man",
    ] {
        assert!(
            help.contains(&format!("  {command}")),
            "{command} in {help}"
        );
    }
}

/// On a terminal, `--color auto` colours the report unless `TERM=dumb` or
/// `NO_COLOR` says not to (a terminal from `script`, where it is installed).
#[test]
fn a_dumb_terminal_gets_no_colour() {
    let on_terminal = |term: &str, no_color: bool| {
        let mut command = std::process::Command::new("script");
        command
            .args([
                "-qec",
                &format!(
                    "{} validate fixtures/invalid/submission-with-errors.txt",
                    env!("CARGO_BIN_EXE_fiche")
                ),
                "/dev/null",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TERM", term)
            .stdin(std::process::Stdio::null());
        if no_color {
            command.env("NO_COLOR", "1");
        } else {
            command.env_remove("NO_COLOR");
        }
        command
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).contains('\u{1b}'))
    };
    let Some(xterm) = on_terminal("xterm", false) else {
        eprintln!("skipped: no `script` here");
        return;
    };
    assert!(xterm, "a terminal gets colour");
    assert_eq!(on_terminal("dumb", false), Some(false));
    assert_eq!(on_terminal("xterm", true), Some(false));
}
