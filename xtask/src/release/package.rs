//! The `cargo package` step of the release check, and the clean-up that keeps it from
//! verifying against an earlier run's sources.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};

use super::Row;
use super::workspace::{Package, cargo};

/// Packs and verifies every publishable crate in one `cargo package` run.
pub fn package_all(root: &Path, publishable: &[&Package], allow_dirty: bool) -> Result<Row> {
    let started = Instant::now();
    let target_dir = root.join(PACKAGE_TARGET_DIR);
    forget_overlay_builds(&target_dir, publishable)?;
    let mut command = Command::new(cargo());
    command
        .arg("package")
        .arg("--target-dir")
        .arg(&target_dir)
        .current_dir(root);
    for package in publishable {
        command.arg("--package").arg(&package.name);
    }
    if allow_dirty {
        command.arg("--allow-dirty");
    }
    forget_unpacked_overlay_crates(publishable)?;
    let names: Vec<&str> = publishable.iter().map(|p| p.name.as_str()).collect();
    eprintln!(
        "running cargo package for {} (builds each crate from its tarball)",
        names.join(", ")
    );
    let output = command.output().context("failed to run cargo package")?;
    let elapsed = started.elapsed();

    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(25).collect();
        eprintln!("cargo package failed; last lines of its output:");
        for line in tail.iter().rev() {
            eprintln!("  {line}");
        }
        let first_error = stderr
            .lines()
            .find(|line| line.starts_with("error"))
            .unwrap_or("see the output above")
            .to_string();
        return Ok(Row::new(
            "workspace",
            "cargo package",
            vec![first_error],
            "",
        ));
    }

    let package_dir = target_dir.join("package");
    let sizes: Vec<String> = publishable
        .iter()
        .map(|p| {
            let file = package_dir.join(format!("{}-{}.crate", p.name, p.version));
            let size = std::fs::metadata(&file)
                .map(|m| m.len() / 1024)
                .unwrap_or(0);
            format!("{} {} KiB", p.name, size)
        })
        .collect();
    let ok = format!("packed and built in {:.0?}: {}", elapsed, sizes.join(", "));
    Ok(Row::new("workspace", "cargo package", Vec::new(), ok))
}

/// Target folder of the `cargo package` run, kept apart so that deleting its build records
/// never makes other builds of the workspace recompile.
const PACKAGE_TARGET_DIR: &str = "target/release-check";

/// Deletes the build records of the packed crates in the packaging target folder.
///
/// Cargo decides whether a registry crate needs rebuilding from its name and version only,
/// so the dependents would otherwise link the build of an earlier run's sources.
fn forget_overlay_builds(target_dir: &Path, publishable: &[&Package]) -> Result<()> {
    let fingerprints = target_dir.join("debug/.fingerprint");
    let Ok(listing) = std::fs::read_dir(&fingerprints) else {
        return Ok(());
    };
    for entry in listing.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some((name, _hash)) = file_name.rsplit_once('-') else {
            continue;
        };
        if publishable.iter().any(|p| p.name == name) {
            std::fs::remove_dir_all(entry.path())
                .with_context(|| format!("failed to remove {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Deletes the sources that earlier `cargo package` runs unpacked from their overlay registry.
///
/// NOTE: cargo (seen with 1.95) unpacks the just-packed workspace crates into
/// `$CARGO_HOME/registry/src/-<hash>/<name>-<version>` to build their dependents, and reuses
/// that folder on the next run because registry crates never change. A later run with edited
/// sources but the same version would then build the dependents against the old sources.
/// Local registries get folder names that start with `-` (their URL has no host), so the
/// crates.io folders are never touched.
fn forget_unpacked_overlay_crates(publishable: &[&Package]) -> Result<()> {
    let Some(cargo_home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
    else {
        return Ok(());
    };
    let sources = cargo_home.join("registry/src");
    let Ok(registries) = std::fs::read_dir(&sources) else {
        return Ok(());
    };
    for registry in registries.flatten() {
        let is_local = registry.file_name().to_string_lossy().starts_with('-');
        if !is_local {
            continue;
        }
        for package in publishable {
            let unpacked = registry
                .path()
                .join(format!("{}-{}", package.name, package.version));
            if unpacked.is_dir() {
                std::fs::remove_dir_all(&unpacked)
                    .with_context(|| format!("failed to remove {}", unpacked.display()))?;
            }
        }
    }
    Ok(())
}
