//! Lists the public surface of the generated client (`generated.rs`) as plain text, one line
//! per field, parameter or variant, for the insta snapshot in `tests/tests/generated_surface.rs`.
//!
//! The listing leaves out doc comments and method bodies, so a change to the spec shows up as
//! a short diff of what callers see: operations, their parameters and types, and the data types.

mod operations;
mod render;
mod types;

use anyhow::{Context, Result};

/// Returns the names of the client's operation methods (those returning a builder), in file
/// order.
///
/// # Errors
/// Fails when the source does not parse.
pub fn client_methods(source: &str) -> Result<Vec<String>> {
    let file = syn3::parse_file(source).context("generated.rs does not parse as Rust")?;
    Ok(operations::client_methods(&file)
        .into_iter()
        .map(|(method, _)| method)
        .collect())
}

/// Parses the source of `generated.rs` and returns its surface listing.
///
/// # Errors
/// Fails when the source does not parse or lacks a module the listing expects (`types`,
/// `builder`, `enums`, `operations`, `webhooks`).
pub fn listing(source: &str) -> Result<String> {
    let file = syn3::parse_file(source).context("generated.rs does not parse as Rust")?;
    let mut out = String::new();

    operations::write(&file, &mut out)?;
    out.push('\n');
    types::write_types(&file, &mut out)?;
    out.push('\n');
    types::write_open_enums(&file, &mut out)?;
    out.push('\n');
    types::write_table(&file, "operations", "OPERATIONS", &mut out)?;
    out.push('\n');
    types::write_table(&file, "webhooks", "WEBHOOKS", &mut out)?;
    Ok(out)
}
