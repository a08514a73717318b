//! Snapshot of the generated client's public surface, and the mapping from the spec's
//! operations to client methods.
//!
//! The listing comes from `crates/p100-raw/src/generated.rs` (parsed with syn), so a change to
//! the spec or the generator settings shows up as a reviewable diff of
//! `snapshots/generated_surface__surface.snap`. Accept an intended change with
//! `cargo insta review`, or by renaming the `.snap.new` file that a failing run writes.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use p100_workspace_tests::{generated_path, spec, surface};
use serde_json::Value;

fn source() -> String {
    let path = generated_path();
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", path.display()))
}

#[test]
fn surface() {
    let listing = surface::listing(&source())
        .unwrap_or_else(|error| panic!("failed to list the surface: {error:#}"));
    insta::assert_snapshot!("surface", listing);
}

/// Every operation of the spec except the multipart uploads has a client method named after
/// its `operationId` in snake case, and the client has no other operation methods.
#[test]
fn client_methods_match_operations() {
    let spec = spec::load().unwrap_or_else(|error| panic!("{error:#}"));
    let methods: BTreeSet<String> = surface::client_methods(&source())
        .unwrap_or_else(|error| panic!("{error:#}"))
        .into_iter()
        .collect();
    let expected: BTreeSet<String> = spec::operations(&spec)
        .into_iter()
        .filter(|operation| operation.value.get("x-p100-upload") != Some(&Value::Bool(true)))
        .map(|operation| operation.operation_id().to_snake_case())
        .collect();

    let missing: Vec<_> = expected.difference(&methods).collect();
    let extra: Vec<_> = methods.difference(&expected).collect();
    assert!(
        missing.is_empty(),
        "operations without a client method: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "client methods without a spec operation: {extra:?}"
    );
    assert_eq!(methods.len(), 55);
}
