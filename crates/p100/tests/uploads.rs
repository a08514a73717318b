//! KYC and POA uploads against an axum server on 127.0.0.1 that parses the multipart body.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, OriginalUri, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use p100::upload::{MAX_FILE_SIZE, UploadFile, UploadOutcome};
use p100::{Client, Error, RetryPolicy};

const API_KEY: &str = "upload-test-key";

/// One multipart part as the server parsed it.
#[derive(Clone, Debug, PartialEq)]
struct ReceivedPart {
    field: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

/// One request as the server received it.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    api_key: Option<String>,
    content_type: String,
    parts: Vec<ReceivedPart>,
}

#[derive(Clone)]
struct ServerState {
    received: Arc<Mutex<Vec<Received>>>,
    /// Status and JSON body of the response.
    response: Arc<Mutex<(u16, String)>>,
}

struct UploadServer {
    client: Client,
    state: ServerState,
}

impl UploadServer {
    fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    fn respond_with(&self, status: u16, body: &str) {
        *self.state.response.lock().unwrap() = (status, body.to_string());
    }
}

async fn receive(
    State(state): State<ServerState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("valid multipart body") {
        let field_name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let bytes = field.bytes().await.expect("part body").to_vec();
        parts.push(ReceivedPart {
            field: field_name,
            file_name,
            content_type,
            bytes,
        });
    }
    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_string());
    state.received.lock().unwrap().push(Received {
        path: uri.path().to_string(),
        api_key: header("x-api-key"),
        content_type: header("content-type").unwrap_or_default(),
        parts,
    });

    let (status, body) = state.response.lock().unwrap().clone();
    let status = StatusCode::from_u16(status).unwrap();
    (status, [("content-type", "application/json")], body).into_response()
}

async fn start(retry_policy: RetryPolicy) -> UploadServer {
    let state = ServerState {
        received: Arc::default(),
        response: Arc::new(Mutex::new((201, r#"{"uploaded":true}"#.to_string()))),
    };
    let app = Router::new()
        .route("/v1/user/{resource}/{id}", post(receive))
        .layer(DefaultBodyLimit::max(32 * 1024 * 1024))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .api_key(API_KEY)
        .retry_policy(retry_policy)
        .build()
        .unwrap();
    UploadServer { client, state }
}

fn jpeg(name: &str, len: usize) -> UploadFile {
    UploadFile::from_bytes(name, "image/jpeg", vec![0xd8; len])
}

fn invalid_request_message(result: p100::Result<UploadOutcome>) -> String {
    match result {
        Err(Error::InvalidRequest(message)) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn kyc_upload_sends_files_from_paths() {
    let server = start(RetryPolicy::none()).await;
    let dir = tempfile::tempdir().unwrap();
    let front = dir.path().join("id-front.JPG");
    let back = dir.path().join("id-back.pdf");
    std::fs::write(&front, b"\xff\xd8\xff front image").unwrap();
    std::fs::write(&back, b"%PDF-1.7 back side").unwrap();

    let files = vec![
        UploadFile::from_path(&front).await.unwrap(),
        UploadFile::from_path(&back).await.unwrap(),
    ];
    let outcome = server
        .client
        .kyc()
        .add_kyc_files("user-1", files)
        .await
        .unwrap();

    let UploadOutcome::Accepted { status, body } = outcome else {
        panic!("not accepted")
    };
    assert_eq!(status, reqwest::StatusCode::CREATED);
    assert_eq!(body, Some(serde_json::json!({"uploaded": true})));

    let received = server.received();
    assert_eq!(received.len(), 1);
    let request = &received[0];
    assert_eq!(request.path, "/v1/user/kyc-files/user-1");
    assert_eq!(request.api_key.as_deref(), Some(API_KEY));
    assert!(
        request
            .content_type
            .starts_with("multipart/form-data; boundary="),
        "{}",
        request.content_type
    );
    let expected = [
        ReceivedPart {
            field: "files".to_string(),
            file_name: Some("id-front.JPG".to_string()),
            content_type: Some("image/jpeg".to_string()),
            bytes: b"\xff\xd8\xff front image".to_vec(),
        },
        ReceivedPart {
            field: "files".to_string(),
            file_name: Some("id-back.pdf".to_string()),
            content_type: Some("application/pdf".to_string()),
            bytes: b"%PDF-1.7 back side".to_vec(),
        },
    ];
    assert_eq!(request.parts, expected);
}

#[tokio::test]
async fn poa_upload_uses_poa_path() {
    let server = start(RetryPolicy::none()).await;
    server.respond_with(200, "{}");
    let file = UploadFile::from_bytes("bill.png", "image/png", b"\x89PNG data".to_vec());

    let outcome = server
        .client
        .kyc()
        .add_poa_files("user-2", vec![file])
        .await
        .unwrap();

    let expected = UploadOutcome::Accepted {
        status: reqwest::StatusCode::OK,
        body: Some(serde_json::json!({})),
    };
    assert_eq!(outcome, expected);
    let received = server.received();
    assert_eq!(received[0].path, "/v1/user/poa-files/user-2");
    assert_eq!(received[0].parts.len(), 1);
    assert_eq!(
        received[0].parts[0].content_type.as_deref(),
        Some("image/png")
    );
}

#[tokio::test]
async fn user_id_is_percent_encoded() {
    let server = start(RetryPolicy::none()).await;
    let outcome = server
        .client
        .kyc()
        .add_kyc_files("team/ü 7", vec![jpeg("a.jpg", 10)])
        .await;
    assert!(outcome.is_ok(), "{outcome:?}");
    assert_eq!(
        server.received()[0].path,
        "/v1/user/kyc-files/team%2F%C3%BC%207"
    );
}

#[tokio::test]
async fn limits_at_boundary_are_sent() {
    let server = start(RetryPolicy::none()).await;
    let max = usize::try_from(MAX_FILE_SIZE).unwrap();
    let files = vec![jpeg("a.jpg", max), jpeg("b.jpg", 1), jpeg("c.jpg", 2)];

    server
        .client
        .kyc()
        .add_kyc_files("user-3", files)
        .await
        .unwrap();

    let received = server.received();
    assert_eq!(received.len(), 1);
    let sizes: Vec<usize> = received[0]
        .parts
        .iter()
        .map(|part| part.bytes.len())
        .collect();
    assert_eq!(sizes, [max, 1, 2]);
}

#[tokio::test]
async fn limit_violations_send_nothing() {
    let server = start(RetryPolicy::none()).await;
    let kyc = server.client.kyc();
    let over = usize::try_from(MAX_FILE_SIZE).unwrap() + 1;

    let none = invalid_request_message(kyc.add_kyc_files("user-4", vec![]).await);
    assert!(none.contains("at least 1 file"), "{none}");

    let four = (0..4).map(|i| jpeg(&format!("p{i}.jpg"), 5)).collect();
    let four = invalid_request_message(kyc.add_poa_files("user-4", four).await);
    assert!(four.contains("at most 3 files"), "{four}");
    assert!(four.contains("got 4"), "{four}");

    let big = invalid_request_message(
        kyc.add_kyc_files("user-4", vec![jpeg("big.jpg", over)])
            .await,
    );
    assert!(big.contains("big.jpg"), "{big}");
    assert!(big.contains("5242880"), "{big}");

    let empty = invalid_request_message(
        kyc.add_kyc_files("user-4", vec![jpeg("empty.jpg", 0)])
            .await,
    );
    assert!(empty.contains("empty.jpg is empty"), "{empty}");

    let gif = UploadFile::from_bytes("cat.gif", "image/gif", b"GIF89a".to_vec());
    let gif = invalid_request_message(
        kyc.add_kyc_files("user-4", vec![jpeg("ok.jpg", 3), gif])
            .await,
    );
    assert!(gif.contains("cat.gif"), "{gif}");
    assert!(gif.contains("image/gif"), "{gif}");
    assert!(
        gif.contains("image/jpeg, image/png or application/pdf"),
        "{gif}"
    );

    let no_user = invalid_request_message(kyc.add_kyc_files(" ", vec![jpeg("a.jpg", 3)]).await);
    assert!(no_user.contains("external user id"), "{no_user}");

    assert_eq!(server.received().len(), 0, "no request reached the server");
}

#[tokio::test]
async fn from_path_checks_size_and_type() {
    let server = start(RetryPolicy::none()).await;
    let dir = tempfile::tempdir().unwrap();

    let big = dir.path().join("scan.png");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(MAX_FILE_SIZE + 1).unwrap();
    let error = UploadFile::from_path(&big).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("scan.png"), "{error}");

    let gif = dir.path().join("scan.gif");
    std::fs::write(&gif, b"GIF89a").unwrap();
    let file = UploadFile::from_path(&gif).await.unwrap();
    assert_eq!(file.content_type(), "image/gif");
    let message = invalid_request_message(server.client.kyc().add_kyc_files("u", vec![file]).await);
    assert!(message.contains("scan.gif"), "{message}");

    let missing = UploadFile::from_path(dir.path().join("missing.jpg"))
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("missing.jpg"), "{missing}");
    assert_eq!(server.received().len(), 0);
}

#[tokio::test]
async fn poa_pending_is_a_success() {
    let server = start(RetryPolicy::none()).await;
    server.respond_with(202, r#"{"errorCode":"P211","errorMessage":"POA pending"}"#);

    let outcome = server
        .client
        .kyc()
        .add_poa_files("user-5", vec![jpeg("bill.jpg", 8)])
        .await;

    let outcome = outcome.expect("202 P211 is not an error");
    assert!(outcome.is_pending());
    let expected = UploadOutcome::Pending {
        status: reqwest::StatusCode::ACCEPTED,
        message: Some("POA pending".to_string()),
    };
    assert_eq!(outcome, expected);
}

#[tokio::test]
async fn invalid_file_type_is_api_error() {
    let server = start(RetryPolicy::none()).await;
    server.respond_with(
        400,
        r#"{"errorCode":"P426","errorMessage":"Invalid file type"}"#,
    );

    let error = server
        .client
        .kyc()
        .add_kyc_files("user-6", vec![jpeg("a.jpg", 8)])
        .await
        .unwrap_err();

    assert_eq!(error.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    assert_eq!(error.code(), Some(p100::ErrorCode::InvalidFileType));
    assert!(error.to_string().contains("Invalid file type"), "{error}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn wrong_api_key_is_auth_error() {
    let server = start(RetryPolicy::none()).await;
    server.respond_with(401, "Access Denied. xo2");

    let error = server
        .client
        .kyc()
        .add_kyc_files("user-7", vec![jpeg("a.jpg", 8)])
        .await
        .unwrap_err();

    assert!(matches!(error, Error::InvalidApiKey), "{error:?}");
    assert!(!error.to_string().contains(API_KEY));
}

#[tokio::test]
async fn server_error_is_not_resent() {
    let server = start(RetryPolicy::default().max_attempts(5)).await;
    server.respond_with(
        503,
        r#"{"errorCode":"P501","errorMessage":"Service unavailable"}"#,
    );

    let error = server
        .client
        .kyc()
        .add_kyc_files("user-8", vec![jpeg("a.jpg", 8)])
        .await
        .unwrap_err();

    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert_eq!(server.received().len(), 1, "an upload is sent once");
}
