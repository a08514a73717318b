//! Helpers shared by the workspace-level tests in `tests/tests/`: loading the spec, converting
//! its schemas to JSON Schema, collecting its examples, and listing the generated client's
//! public surface.

#![forbid(unsafe_code)]

pub mod examples;
pub mod fixtures;
pub mod json_schema;
pub mod prism;
pub mod spec;
pub mod surface;

use std::path::PathBuf;

/// Returns the workspace root: the parent of this package's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Returns the path of the generated client source, `crates/p100-raw/src/generated.rs`.
pub fn generated_path() -> PathBuf {
    workspace_root().join("crates/p100-raw/src/generated.rs")
}

/// Returns the path of a fixture file under `tests/fixtures/`.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}
