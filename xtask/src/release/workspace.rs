//! The workspace's crates as `cargo metadata` lists them, with the fields the release checks
//! read.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// The fields of `cargo metadata` output that the checks read.
#[derive(Deserialize)]
pub struct Metadata {
    pub packages: Vec<Package>,
}

#[derive(Deserialize)]
pub struct Package {
    pub name: String,
    pub version: String,
    pub manifest_path: PathBuf,
    /// `None` means any registry; an empty list is `publish = false`.
    pub publish: Option<Vec<String>>,
    pub description: Option<String>,
    pub license: Option<String>,
    pub license_file: Option<String>,
    pub repository: Option<String>,
    pub readme: Option<String>,
    pub keywords: Vec<String>,
    pub categories: Vec<String>,
    pub dependencies: Vec<Dependency>,
}

#[derive(Deserialize)]
pub struct Dependency {
    pub name: String,
    pub req: String,
    /// `None` for normal dependencies, `dev` or `build` otherwise.
    pub kind: Option<String>,
    /// Set for path dependencies, which inside this workspace means another member.
    pub path: Option<PathBuf>,
}

impl Package {
    pub fn is_publishable(&self) -> bool {
        self.publish
            .as_ref()
            .is_none_or(|registries| !registries.is_empty())
    }

    pub fn directory(&self) -> &Path {
        self.manifest_path.parent().unwrap_or(Path::new("."))
    }
}

/// Reads the workspace members from `cargo metadata`.
pub fn workspace_packages(root: &Path) -> Result<Vec<Package>> {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output()
        .context("failed to run cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: Metadata =
        serde_json::from_slice(&output.stdout).context("cargo metadata printed unexpected JSON")?;
    Ok(metadata.packages)
}

/// Returns the cargo binary that runs this xtask (`$CARGO`), so the checks use its toolchain.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}
