//! `cargo xtask release-check`: checks that every publishable crate of the workspace can be
//! released as it stands, prints one table row per check, and fails if any row failed.
//!
//! The checks, per crate where it applies:
//! - metadata that crates.io needs: description, license, https repository, an existing
//!   README, at most 5 well-formed keywords, 1 to 5 categories;
//! - versions: the raw crate's version equals the spec's `info.version`, and every dependency
//!   on a workspace crate has a version requirement that matches that crate (a caret one for
//!   the raw crate);
//! - the committed `generated.rs` equals what the spec generates now, and copies of the spec
//!   shipped inside a crate (a crate cannot `include_str!` a file outside its package) equal
//!   `spec/p100.yaml`;
//! - a clean working tree, unless `--allow-dirty`;
//! - `cargo package` of all publishable crates together: cargo packs each one and builds it
//!   from its tarball, resolving the workspace crates it depends on from the tarballs it has
//!   just made (an overlay registry) and everything else from crates.io. It builds in
//!   `target/release-check`, apart from the workspace's own builds.

mod checks;
mod package;
mod workspace;

use std::path::Path;

use anyhow::{Result, bail};

use workspace::Package;

/// Options of `cargo xtask release-check`.
pub struct Options {
    pub allow_dirty: bool,
    pub skip_package: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    Skip,
}

/// One line of the report.
struct Row {
    subject: String,
    check: &'static str,
    outcome: Outcome,
    detail: String,
}

impl Row {
    fn new(
        subject: &str,
        check: &'static str,
        problems: Vec<String>,
        ok: impl Into<String>,
    ) -> Row {
        let (outcome, detail) = if problems.is_empty() {
            (Outcome::Pass, ok.into())
        } else {
            (Outcome::Fail, problems.join("; "))
        };
        Row {
            subject: subject.to_string(),
            check,
            outcome,
            detail,
        }
    }
}

/// Runs every check and prints the table; fails when any check failed.
pub fn run(root: &Path, options: &Options) -> Result<()> {
    let packages = workspace::workspace_packages(root)?;
    let publishable: Vec<&Package> = packages.iter().filter(|p| p.is_publishable()).collect();
    if publishable.is_empty() {
        bail!("no workspace crate is publishable: every one has `publish = false`");
    }

    let mut rows = Vec::new();
    for package in &publishable {
        rows.push(checks::check_metadata(package));
        rows.push(checks::check_readme(package));
    }
    rows.extend(checks::check_versions(root, &packages)?);
    rows.push(checks::check_generated(root)?);
    for package in &publishable {
        rows.extend(checks::check_spec_copies(root, package)?);
    }
    rows.push(checks::check_clean_tree(root, options.allow_dirty));
    if options.skip_package {
        rows.push(Row {
            subject: "workspace".into(),
            check: "cargo package",
            outcome: Outcome::Skip,
            detail: "skipped (--skip-package)".into(),
        });
    } else {
        rows.push(package::package_all(
            root,
            &publishable,
            options.allow_dirty,
        )?);
    }

    print_table(&rows);
    let failed = rows.iter().filter(|r| r.outcome == Outcome::Fail).count();
    if failed > 0 {
        bail!(
            "{failed} of {} release checks failed; see the table above",
            rows.len()
        );
    }
    println!(
        "all {} release checks passed for {} crates",
        rows.len(),
        publishable.len()
    );
    Ok(())
}

fn print_table(rows: &[Row]) {
    let subject_width = rows
        .iter()
        .map(|r| r.subject.len())
        .max()
        .unwrap_or(0)
        .max(5);
    let check_width = rows.iter().map(|r| r.check.len()).max().unwrap_or(0).max(5);
    println!(
        "{:<subject_width$}  {:<check_width$}  result  detail",
        "crate", "check"
    );
    println!(
        "{}",
        "-".repeat(subject_width + check_width + "  result  detail".len() + 2)
    );
    for row in rows {
        let outcome = match row.outcome {
            Outcome::Pass => "ok",
            Outcome::Fail => "FAILED",
            Outcome::Skip => "skip",
        };
        println!(
            "{:<subject_width$}  {:<check_width$}  {outcome:<6}  {}",
            row.subject, row.check, row.detail
        );
    }
}
