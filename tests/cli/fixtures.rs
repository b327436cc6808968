//! Every fixture converts to records whose full JSON is pinned by a snapshot.

use crate::support::{code, fiche, stderr};

#[test]
fn every_fixture_converts_to_its_snapshot() {
    insta::glob!("../../fixtures", "**/*.txt", |path| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let relative = path
            .strip_prefix(root)
            .expect("fixtures are in the workspace")
            .to_str()
            .expect("UTF-8 path");
        let out = fiche(&["convert", "--format", "json", relative], b"");
        assert!(
            code(&out) <= 1,
            "fiche failed on {relative}: {}",
            stderr(&out)
        );
        // The records, then what a person is told on standard error.
        let report = format!(
            "{}\n--- exit code {}, standard error:\n{}",
            String::from_utf8_lossy(&out.stdout),
            code(&out),
            stderr(&out)
        );
        insta::assert_snapshot!(report);
    });
}
