//! Checks that the committed `generated.rs` is what `cargo xtask generate` produces from the
//! spec today, and that the check reports drift with a readable diff.
//!
//! Both tests run the xtask as a subprocess (`cargo xtask generate --check`), the same command
//! `scripts/test-all` runs, so they test the real check rather than a copy of its logic. The
//! first run on a machine builds the xtask in release mode, which takes a few minutes.

use std::path::Path;
use std::process::{Command, Output};

use p100_workspace_tests::{generated_path, workspace_root};

/// Runs `cargo xtask generate --check` with `extra` arguments from the workspace root.
fn run_check(extra: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .current_dir(workspace_root())
        .args(["xtask", "generate", "--check"])
        .args(extra)
        .output()
        .expect("failed to start `cargo xtask`; is cargo on PATH?")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn committed_file_matches_generation() {
    let output = run_check(&[]);
    assert!(
        output.status.success(),
        "generated.rs is stale or the xtask failed; run `cargo xtask generate`.\n\
         stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    assert!(
        text(&output.stdout).contains("is up to date"),
        "stdout: {}",
        text(&output.stdout)
    );
}

#[test]
fn modified_copy_fails_with_diff() {
    let committed = std::fs::read_to_string(generated_path()).expect("failed to read generated.rs");
    let original_line = "pub mod webhooks {";
    let changed_line = "pub mod webhooks_changed_by_a_test {";
    assert_eq!(
        committed.matches(original_line).count(),
        1,
        "test anchor line not unique"
    );

    let directory = tempfile::tempdir().expect("failed to create a temporary directory");
    let copy = directory.path().join("generated.rs");
    std::fs::write(&copy, committed.replacen(original_line, changed_line, 1))
        .expect("failed to write the modified copy");

    let output = run_check(&["--out", path_text(&copy)]);
    let stderr = text(&output.stderr);
    assert!(
        !output.status.success(),
        "the check passed on a modified copy; stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("is stale"),
        "no stale message in stderr:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("-{changed_line}")),
        "diff lacks the removed line:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("+{original_line}")),
        "diff lacks the added line:\n{stderr}"
    );
    assert!(stderr.contains("@@"), "diff has no hunk header:\n{stderr}");
    assert!(
        stderr.contains("cargo xtask generate"),
        "no fix named in stderr:\n{stderr}"
    );
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("temporary path is not UTF-8")
}
