//! The release checks that read files and metadata: crates.io metadata, README, versions,
//! generated code, spec copies and the working tree.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use semver::{Op, Version, VersionReq};

use super::workspace::{Dependency, Package};
use super::{Outcome, Row};
use crate::{generate, spec};

/// Name of the generated client crate, whose version follows the spec's `info.version`.
const RAW_CRATE: &str = "p100-raw";
/// crates.io limits on keywords and categories.
const MAX_KEYWORDS: usize = 5;
const MAX_KEYWORD_LEN: usize = 20;
const MAX_CATEGORIES: usize = 5;

pub fn check_metadata(package: &Package) -> Row {
    let mut problems = Vec::new();
    let filled = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.trim().is_empty());
    if !filled(&package.description) {
        problems.push("description is missing".to_string());
    }
    if !filled(&package.license) && !filled(&package.license_file) {
        problems.push("license (or license-file) is missing".to_string());
    }
    match package.repository.as_deref() {
        Some(url) if url.starts_with("https://") => {}
        Some(url) => problems.push(format!("repository {url:?} is not an https URL")),
        None => problems.push("repository is missing".to_string()),
    }
    if package.keywords.len() > MAX_KEYWORDS {
        problems.push(format!(
            "{} keywords; crates.io accepts at most {MAX_KEYWORDS}",
            package.keywords.len()
        ));
    }
    for keyword in &package.keywords {
        if let Some(problem) = keyword_problem(keyword) {
            problems.push(format!("keyword {keyword:?} {problem}"));
        }
    }
    if package.categories.is_empty() || package.categories.len() > MAX_CATEGORIES {
        problems.push(format!(
            "{} categories; give 1 to {MAX_CATEGORIES}",
            package.categories.len()
        ));
    }
    let ok = format!(
        "{} keywords, {} categories, license {}",
        package.keywords.len(),
        package.categories.len(),
        package
            .license
            .as_deref()
            .or(package.license_file.as_deref())
            .unwrap_or("?")
    );
    Row::new(&package.name, "metadata", problems, ok)
}

/// Returns why crates.io would reject `keyword`, if it would.
fn keyword_problem(keyword: &str) -> Option<&'static str> {
    if keyword.len() > MAX_KEYWORD_LEN {
        return Some("is longer than 20 characters");
    }
    if !keyword
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
    {
        return Some("does not start with a letter");
    }
    if !keyword
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Some("has characters other than letters, digits, - and _");
    }
    None
}

pub fn check_readme(package: &Package) -> Row {
    let Some(readme) = package.readme.as_deref() else {
        return Row::new(
            &package.name,
            "readme",
            vec!["readme is not set".into()],
            "",
        );
    };
    let path = package.directory().join(readme);
    let problems = match std::fs::metadata(&path) {
        Ok(file) if file.len() > 0 => Vec::new(),
        Ok(_) => vec![format!("{} is empty", path.display())],
        Err(_) => vec![format!("{} does not exist", path.display())],
    };
    Row::new(
        &package.name,
        "readme",
        problems,
        format!("{readme} present"),
    )
}

/// Checks the raw crate's version against the spec and every requirement on a workspace crate.
pub fn check_versions(root: &Path, packages: &[Package]) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let spec_path = root.join("spec/p100.yaml");
    let spec_version = spec::load(&spec_path)?.info.version;

    let raw = packages
        .iter()
        .find(|p| p.name == RAW_CRATE)
        .with_context(|| format!("the workspace has no {RAW_CRATE} crate"))?;
    let problems = if raw.version == spec_version {
        Vec::new()
    } else {
        vec![format!(
            "{RAW_CRATE} is {} but spec info.version is {spec_version}; set the crate version to \
             the spec version",
            raw.version
        )]
    };
    rows.push(Row::new(
        RAW_CRATE,
        "version = spec",
        problems,
        format!("{} = info.version", raw.version),
    ));

    for package in packages.iter().filter(|p| p.is_publishable()) {
        let mut problems = Vec::new();
        let mut checked = Vec::new();
        let runtime = package
            .dependencies
            .iter()
            .filter(|d| d.kind.as_deref() != Some("dev"));
        for dependency in runtime.filter(|d| d.path.is_some()) {
            let Some(target) = packages.iter().find(|p| p.name == dependency.name) else {
                continue;
            };
            match requirement_problem(dependency, target) {
                Some(problem) => problems.push(problem),
                None => checked.push(format!("{} {}", dependency.name, dependency.req)),
            }
        }
        if checked.is_empty() && problems.is_empty() {
            continue;
        }
        rows.push(Row::new(
            &package.name,
            "workspace deps",
            problems,
            checked.join(", "),
        ));
    }
    Ok(rows)
}

/// Returns what is wrong with a dependency on the workspace crate `target`, if anything.
fn requirement_problem(dependency: &Dependency, target: &Package) -> Option<String> {
    let name = &dependency.name;
    if !target.is_publishable() {
        return Some(format!("depends on {name}, which has publish = false"));
    }
    if dependency.req == "*" {
        return Some(format!(
            "{name} has no version requirement; cargo package rejects path dependencies \
             without one, so add version = \"{}\"",
            target.version
        ));
    }
    let requirement = match VersionReq::parse(&dependency.req) {
        Ok(requirement) => requirement,
        Err(error) => {
            return Some(format!(
                "{name} requirement {:?} is invalid: {error}",
                dependency.req
            ));
        }
    };
    let version = match Version::parse(&target.version) {
        Ok(version) => version,
        Err(error) => {
            return Some(format!(
                "{name} version {} is invalid: {error}",
                target.version
            ));
        }
    };
    if !requirement.matches(&version) {
        return Some(format!(
            "{name} requirement {} does not match its version {}",
            dependency.req, target.version
        ));
    }
    let is_caret = requirement.comparators.len() == 1 && requirement.comparators[0].op == Op::Caret;
    if name == RAW_CRATE && !is_caret {
        return Some(format!(
            "{name} requirement {} is not a caret requirement; use \"{}\"",
            dependency.req, target.version
        ));
    }
    None
}

/// Regenerates `generated.rs` in memory and compares it with the committed file.
pub fn check_generated(root: &Path) -> Result<Row> {
    let spec_path = root.join("spec/p100.yaml");
    let generated_path = root.join("crates/p100-raw/src/generated.rs");
    let spec = spec::load(&spec_path)?;
    let fresh = generate::generate(&spec, &spec_path)?;
    let committed = std::fs::read_to_string(&generated_path)
        .with_context(|| format!("failed to read {}", generated_path.display()))?;
    let problems = if committed == fresh.source {
        Vec::new()
    } else {
        vec!["generated.rs differs from what the spec generates; run `cargo xtask generate`".into()]
    };
    let ok = format!(
        "{} operations, {} types, matches the spec",
        fresh.operations, fresh.types
    );
    Ok(Row::new(RAW_CRATE, "generated.rs fresh", problems, ok))
}

/// Compares every `p100.yaml` inside a crate's directory with `spec/p100.yaml`.
pub fn check_spec_copies(root: &Path, package: &Package) -> Result<Vec<Row>> {
    let spec_path = root.join("spec/p100.yaml");
    let spec = std::fs::read(&spec_path)
        .with_context(|| format!("failed to read {}", spec_path.display()))?;
    let mut rows = Vec::new();
    for copy in files_named(package.directory(), SPEC_FILE_NAME)? {
        let relative = copy
            .strip_prefix(root)
            .unwrap_or(&copy)
            .display()
            .to_string();
        let content =
            std::fs::read(&copy).with_context(|| format!("failed to read {}", copy.display()))?;
        let problems = if content == spec {
            Vec::new()
        } else {
            vec![format!(
                "{relative} differs from spec/p100.yaml; copy the spec over it"
            )]
        };
        rows.push(Row::new(
            &package.name,
            "spec copy fresh",
            problems,
            relative,
        ));
    }
    Ok(rows)
}

/// File name of the spec, as copied into crates that embed it.
const SPEC_FILE_NAME: &str = "p100.yaml";

/// Lists the files called `name` under `dir`, skipping `target` folders.
fn files_named(dir: &Path, name: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let listing = std::fs::read_dir(&current)
            .with_context(|| format!("failed to list {}", current.display()))?;
        for entry in listing {
            let path = entry
                .with_context(|| format!("failed to list {}", current.display()))?
                .path();
            if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
                pending.push(path);
            } else if path.file_name().is_some_and(|n| n == name) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

pub fn check_clean_tree(root: &Path, allow_dirty: bool) -> Row {
    let status = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(root)
        .output();
    let output = match status {
        Ok(output) if output.status.success() => output,
        _ => {
            return Row {
                subject: "workspace".into(),
                check: "clean tree",
                outcome: Outcome::Skip,
                detail: "not a git checkout, or git is missing".into(),
            };
        }
    };
    let changed = String::from_utf8_lossy(&output.stdout).lines().count();
    if changed == 0 {
        return Row::new(
            "workspace",
            "clean tree",
            Vec::new(),
            "no uncommitted changes",
        );
    }
    if allow_dirty {
        return Row {
            subject: "workspace".into(),
            check: "clean tree",
            outcome: Outcome::Skip,
            detail: format!("{changed} changed paths, accepted with --allow-dirty"),
        };
    }
    let problem = format!(
        "{changed} changed or untracked paths (git status); commit them, or pass --allow-dirty \
         for a dry run"
    );
    Row::new("workspace", "clean tree", vec![problem], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, version: &str, publish: Option<Vec<String>>) -> Package {
        Package {
            name: name.into(),
            version: version.into(),
            manifest_path: PathBuf::from(format!("/ws/{name}/Cargo.toml")),
            publish,
            description: Some("A crate.".into()),
            license: Some("MIT".into()),
            license_file: None,
            repository: Some("https://example.com/repo".into()),
            readme: Some("README.md".into()),
            keywords: vec!["p100".into()],
            categories: vec!["api-bindings".into()],
            dependencies: Vec::new(),
        }
    }

    fn dependency(name: &str, req: &str) -> Dependency {
        Dependency {
            name: name.into(),
            req: req.into(),
            kind: None,
            path: Some("/ws".into()),
        }
    }

    #[test]
    fn caret_requirement_on_raw_crate_passes() {
        let raw = package(RAW_CRATE, "1.0.0", None);
        assert_eq!(
            requirement_problem(&dependency(RAW_CRATE, "^1.0.0"), &raw),
            None
        );
    }

    #[test]
    fn exact_requirement_on_raw_crate_fails() {
        let raw = package(RAW_CRATE, "1.0.0", None);
        let problem = requirement_problem(&dependency(RAW_CRATE, "=1.0.0"), &raw).unwrap();
        assert!(problem.contains("not a caret"), "{problem}");
    }

    #[test]
    fn requirement_not_matching_version_fails() {
        let raw = package(RAW_CRATE, "2.0.0", None);
        let problem = requirement_problem(&dependency(RAW_CRATE, "^1.0.0"), &raw).unwrap();
        assert!(
            problem.contains("does not match its version 2.0.0"),
            "{problem}"
        );
    }

    #[test]
    fn path_dependency_without_version_fails() {
        let sdk = package("p100", "0.1.0", None);
        let problem = requirement_problem(&dependency("p100", "*"), &sdk).unwrap();
        assert!(problem.contains("version = \"0.1.0\""), "{problem}");
    }

    #[test]
    fn dependency_on_unpublishable_crate_fails() {
        let tests = package("tests", "0.0.0", Some(Vec::new()));
        let problem = requirement_problem(&dependency("tests", "^0.0.0"), &tests).unwrap();
        assert!(problem.contains("publish = false"), "{problem}");
    }

    #[test]
    fn publish_list_decides_publishability() {
        assert!(package("a", "1.0.0", None).is_publishable());
        assert!(package("a", "1.0.0", Some(vec!["internal".into()])).is_publishable());
        assert!(!package("a", "1.0.0", Some(Vec::new())).is_publishable());
    }

    #[test]
    fn keyword_rules_follow_crates_io() {
        assert_eq!(keyword_problem("payments"), None);
        assert_eq!(keyword_problem("mock-server"), None);
        assert!(keyword_problem("9lives").is_some());
        assert!(keyword_problem("web programming").is_some());
        assert!(keyword_problem("a-very-long-keyword-indeed").is_some());
    }

    #[test]
    fn metadata_row_lists_every_problem() {
        let mut bad = package("p100", "0.1.0", None);
        bad.description = None;
        bad.repository = Some("http://example.com".into());
        bad.keywords = (0..6).map(|i| format!("k{i}")).collect();
        bad.categories.clear();
        let row = check_metadata(&bad);
        assert!(row.outcome == Outcome::Fail);
        assert!(
            row.detail.contains("description is missing"),
            "{}",
            row.detail
        );
        assert!(row.detail.contains("not an https URL"), "{}", row.detail);
        assert!(row.detail.contains("6 keywords"), "{}", row.detail);
        assert!(row.detail.contains("0 categories"), "{}", row.detail);
    }

    #[test]
    fn complete_metadata_passes() {
        let row = check_metadata(&package("p100", "0.1.0", None));
        assert!(row.outcome == Outcome::Pass, "{}", row.detail);
    }
}
