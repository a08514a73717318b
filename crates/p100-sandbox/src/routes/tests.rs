//! Router checks that need no running server.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use p100_raw::operations::OPERATIONS;
use tower::ServiceExt;

use crate::config::Config;
use crate::server::Sandbox;

/// Fills every `{param}` of a path template with a sample value.
fn concrete_path(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                "sample-id"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_spec_operation_is_routed() {
    let router = Sandbox::router(Config::default(), "http://127.0.0.1:8100");
    assert!(!OPERATIONS.is_empty());
    for operation in OPERATIONS {
        let method = Method::from_bytes(operation.method.as_bytes()).unwrap();
        let request = Request::builder()
            .method(method)
            .uri(concrete_path(operation.path))
            .header("x-api-key", crate::config::DEFAULT_API_KEY)
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let text = String::from_utf8_lossy(&body);
        let unrouted = status == StatusCode::METHOD_NOT_ALLOWED
            || (status == StatusCode::NOT_FOUND && text.contains("No operation at"));
        assert!(
            !unrouted,
            "{} {} ({}) is not routed: {status} {text}",
            operation.method, operation.path, operation.operation_id
        );
        assert!(
            !text.contains("the spec has no schema"),
            "{}: the handler's body type has no schema in the spec: {text}",
            operation.operation_id
        );
    }
}
