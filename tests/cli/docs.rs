//! The documentation stays true: every code and slug the program can write
//! is documented.

use fiche_types::{AccessMode, Code, EconomicTag, StructureType};

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("documentation file exists")
}

#[test]
fn readme_lists_every_diagnostic_code_with_its_severity() {
    let readme = read("README.md");
    for code in Code::ALL {
        let severity = match code.severity() {
            fiche_types::Severity::Error => "error",
            fiche_types::Severity::Warning => "warning",
        };
        let row = format!("| `{}` | {severity} |", code.as_str());
        assert!(readme.contains(&row), "README.md lacks the row `{row}`");
    }
}

#[test]
fn record_doc_lists_every_slug() {
    let doc = read("docs/record.md");
    let slugs = StructureType::SLUGS
        .iter()
        .chain(AccessMode::SLUGS)
        .chain(EconomicTag::SLUGS);
    for slug in slugs {
        assert!(
            doc.contains(&format!("| `{slug}` |")),
            "docs/record.md lacks `{slug}`"
        );
    }
}

#[test]
fn readme_lists_the_words_of_every_tag() {
    let readme = read("README.md");
    let profile = fiche_profile::Profile::chatons();
    for spec in profile.fields() {
        for tag in &spec.tags {
            let row = readme
                .lines()
                .find(|l| l.trim_start().starts_with(&format!("| `{}` |", tag.tag)))
                .unwrap_or_else(|| panic!("README.md has no row for tag `{}`", tag.tag));
            for phrase in &tag.written {
                let escaped = phrase.replace('*', "\\*");
                assert!(
                    row.contains(&escaped),
                    "README.md's row for `{}` lacks `{escaped}`",
                    tag.tag
                );
            }
        }
    }
}

#[test]
fn readme_shows_what_converting_the_seed_prints() {
    let out = crate::support::fiche(&["convert", crate::support::SEED], b"");
    let stderr = crate::support::stderr(&out);
    let summary = stderr.lines().last().expect("a closing line");
    let readme = read("README.md");
    assert!(
        readme.contains(&format!(
            "$ fiche convert {} > records.ndjson\n{summary}\n",
            crate::support::SEED
        )),
        "README.md's first example should end with `{summary}`"
    );
}

/// A newcomer finds how to install and the three jobs on the README's
/// first two screens.
#[test]
fn readme_first_screens_install_and_show_the_three_jobs() {
    let readme = read("README.md");
    let first: String = readme.lines().take(90).collect::<Vec<_>>().join("\n");
    for needle in [
        "cargo install --path .",
        "target/release/fiche",
        "fiche convert scrape/",
        "fiche validate",
        "read_json_auto",
        "cargo test --workspace",
    ] {
        assert!(
            first.contains(needle),
            "README's first screens lack `{needle}`"
        );
    }
}
