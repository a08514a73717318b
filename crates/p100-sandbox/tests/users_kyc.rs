//! Users and KYC: the status lifecycle, suspension rules, uploads and hosted verification.

mod common;

use common::TestSandbox;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;

const PDF: &[u8] = b"%PDF-1.7\n% sandbox test document\n";
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];

fn file(bytes: &[u8], name: &str, mime: &str) -> Part {
    Part::bytes(bytes.to_vec())
        .file_name(name.to_string())
        .mime_str(mime)
        .unwrap()
}

async fn upload(sandbox: &TestSandbox, path: &str, form: Form) -> (StatusCode, serde_json::Value) {
    let response = sandbox
        .http
        .post(sandbox.url(path))
        .header("x-api-key", sandbox.handle.api_key())
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn user_lifecycle_from_waiting_to_active() {
    let sandbox = TestSandbox::start().await;
    let created = sandbox.create_user("life", "PL").await;
    assert_eq!(created.status, StatusCode::OK);
    assert!(created.body["userId"].is_string());

    let waiting = sandbox.get("/v1/user/balances/life").await;
    assert_eq!(
        waiting.body["fiatBalances"][0]["status"],
        "WAITING_TO_BE_ACTIVATED"
    );
    assert!(waiting.body["fiatBalances"][0].get("iban").is_none());

    let funding = sandbox
        .post(
            "/v1/transfer",
            json!({"destinationExternalUserId": "life", "amount": "1", "currency": "eur"}),
        )
        .await;
    assert_eq!(
        funding.code(),
        "P459",
        "inactive users cannot receive money"
    );

    let verified = sandbox
        .post(
            "/v1/user/verification/life",
            json!({"documentType": "PASSPORT", "documentNumber": "X1"}),
        )
        .await;
    assert_eq!(verified.status, StatusCode::OK);
    assert_eq!(verified.body["status"], "ACTIVE");

    let active = sandbox.get("/v1/user/balances/life").await;
    assert_eq!(active.body["fiatBalances"][0]["status"], "ACTIVE");
    assert!(
        active.body["fiatBalances"][0]["iban"]
            .as_str()
            .unwrap()
            .starts_with("LT")
    );
    assert!(active.body["cryptoBalances"][0]["wallet"].is_string());
    let record = sandbox.get("/sandbox/users/life").await;
    assert_eq!(record.body["status"], "ACTIVE");
}

#[tokio::test]
async fn verification_needs_document_data() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_user("nodoc", "PL").await;
    let reply = sandbox.post("/v1/user/verification/nodoc", json!({})).await;
    assert_eq!(reply.code(), "P403");
    assert_eq!(
        reply.message(),
        "documentType is required. documentNumber is required."
    );
}

#[tokio::test]
async fn duplicate_and_unknown_users() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_user("dup", "PL").await;
    let again = sandbox.create_user("dup", "PL").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert_eq!(again.code(), "P411");
    assert_eq!(again.body["errorName"], "user-exists");

    let unknown = sandbox.get("/v1/user/balances/nobody").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.code(), "P412");
    assert_eq!(unknown.body["errorName"], "invalid-user");
}

#[tokio::test]
async fn invalid_country_code_is_p403() {
    let sandbox = TestSandbox::start().await;
    let reply = sandbox.create_user("country", "Poland").await;
    assert_eq!(reply.code(), "P403");
    assert!(reply.message().contains("country"), "{}", reply.message());
}

#[tokio::test]
async fn suspension_rules() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("susp").await;
    let card = sandbox
        .post(
            "/v1/card/virtual",
            json!({"externalUserId": "susp", "label": "Travel", "pin": "1234"}),
        )
        .await;
    let card_id = card.body["cardId"].as_str().unwrap().to_string();

    let blocked = sandbox.patch("/v1/user/suspend/susp", None).await;
    assert_eq!(blocked.status, StatusCode::BAD_REQUEST);
    assert_eq!(blocked.code(), "P454");

    let lock = sandbox
        .patch(
            "/v1/card/block",
            Some(json!({"externalUserId": "susp", "cardId": card_id})),
        )
        .await;
    assert_eq!(lock.status, StatusCode::OK);
    let suspended = sandbox.patch("/v1/user/suspend/susp", None).await;
    assert_eq!(suspended.status, StatusCode::OK);
    assert_eq!(suspended.body["status"], "SUSPENDED");

    let transfer = sandbox
        .post(
            "/v1/transfer",
            json!({"destinationExternalUserId": "susp", "amount": "1", "currency": "eur"}),
        )
        .await;
    assert_eq!(transfer.code(), "P455");
    let new_card = sandbox
        .post(
            "/v1/card/virtual",
            json!({"externalUserId": "susp", "label": "Second", "pin": "1234"}),
        )
        .await;
    assert_eq!(new_card.code(), "P455");

    let back = sandbox.patch("/v1/user/unsuspend/susp", None).await;
    assert_eq!(back.body["status"], "ACTIVE");
    sandbox.fund("susp", "eur", "1").await;
}

#[tokio::test]
async fn deleted_user_is_gone() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("gone").await;
    let deleted = sandbox.delete("/v1/user/gone", None).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(sandbox.get("/v1/user/balances/gone").await.code(), "P412");
    assert_eq!(sandbox.create_user("gone", "PL").await.code(), "P411");
}

#[tokio::test]
async fn update_and_extend_user() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_user("upd", "PL").await;
    let updated = sandbox
        .patch("/v1/user/upd", Some(json!({"email": "new@example.com"})))
        .await;
    assert_eq!(updated.status, StatusCode::OK);
    let extended = sandbox.post("/v1/user/extend/upd", json!({})).await;
    assert_eq!(extended.status, StatusCode::OK);
    assert_eq!(
        sandbox.get("/sandbox/users/upd").await.body["extended"],
        true
    );
    assert_eq!(
        sandbox
            .patch("/v1/user/nobody", Some(json!({})))
            .await
            .code(),
        "P412"
    );
}

#[tokio::test]
async fn user_without_kyc_is_active_with_flat_balances() {
    let sandbox = TestSandbox::start().await;
    let reply = sandbox
        .post(
            "/v1/user/balances/crypto",
            json!({
                "externalUserId": "nokyc", "email": "j@example.com", "firstName": "John",
                "lastName": "Doe", "address": "Adama Matuszczaka 51/4", "city": "Rzeszów",
                "country": "PL", "documentType": "PASSPORT", "documentNumber": "CEV124630",
                "birthCountry": "PL", "birthDate": "2000-01-01"
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert!(reply.body["balances"].as_array().unwrap().len() >= 3);
    let balances = sandbox.get("/v1/user/balances/nokyc").await;
    assert!(balances.body["balances"].is_array());
    assert!(balances.body.get("fiatBalances").is_none());
    let card = sandbox
        .post(
            "/v1/card/virtual",
            json!({"externalUserId": "nokyc", "label": "Card", "pin": "1234"}),
        )
        .await;
    assert_eq!(card.code(), "P403");
}

#[tokio::test]
async fn kyc_file_upload_rules() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_user("files", "PL").await;
    let path = "/v1/user/kyc-files/files";

    let form = Form::new()
        .part("files", file(PDF, "id.pdf", "application/pdf"))
        .part("files", file(PNG, "back.png", "image/png"));
    let (status, body) = upload(&sandbox, path, form).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["files"], 2);

    let text = Form::new().part("files", file(b"hello", "note.txt", "text/plain"));
    let (status, body) = upload(&sandbox, path, text).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errorCode"], "P426");

    let mut big = PDF.to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let (status, body) = upload(
        &sandbox,
        path,
        Form::new().part("files", file(&big, "big.pdf", "application/pdf")),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errorCode"], "P440");

    let mut four = Form::new();
    for index in 0..4 {
        four = four.part(
            "files",
            file(PDF, &format!("{index}.pdf"), "application/pdf"),
        );
    }
    let (status, body) = upload(&sandbox, path, four).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errorCode"], "P403");

    let (status, body) = upload(
        &sandbox,
        "/v1/user/kyc-files/nobody",
        Form::new().part("files", file(PDF, "a.pdf", "application/pdf")),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errorCode"], "P412");

    let record = sandbox.get("/sandbox/users/files").await;
    assert_eq!(
        record.body["kycFiles"].as_array().unwrap().len(),
        2,
        "rejected uploads store nothing"
    );
}

#[tokio::test]
async fn poa_upload_pending_then_verified() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_user("poa", "PL").await;
    let path = "/v1/user/poa-files/poa";
    let form = || Form::new().part("files", file(PDF, "bill.pdf", "application/pdf"));

    let (status, _) = upload(&sandbox, path, form()).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = upload(&sandbox, path, form()).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(body["errorCode"], "P211");

    sandbox
        .wait_for("/sandbox/users/poa", |user| user["poaStatus"] == "APPROVED")
        .await;
    let (status, body) = upload(&sandbox, path, form()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errorCode"], "P447");
}

#[tokio::test]
async fn hosted_verification_flow() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_user("methodb", "DE").await;
    let before = sandbox.get("/v1/kyc/status/methodb").await;
    assert_eq!(before.status, StatusCode::NOT_FOUND);
    assert_eq!(before.code(), "P445");

    let missing_occupation = sandbox
        .post(
            "/v1/kyc",
            json!({"externalUserId": "methodb", "documentType": "ID_CARD", "country": "DE",
                   "incomeSource": "SALARY", "openAccountReason": "DAILY_USE"}),
        )
        .await;
    assert_eq!(missing_occupation.code(), "P403");
    assert!(missing_occupation.message().contains("occupation"));

    let started = sandbox
        .post(
            "/v1/kyc",
            json!({"externalUserId": "methodb", "documentType": "ID_CARD", "country": "DE",
                   "incomeSource": "SALARY", "openAccountReason": "DAILY_USE", "occupation": "IT"}),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK);
    let verification_id = started.body["verificationId"].as_str().unwrap().to_string();

    // The browser page needs no API key.
    let page = sandbox
        .http
        .get(sandbox.url(&format!("/v1/kyc/verification/methodb/{verification_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );

    let done = sandbox
        .wait_for("/v1/kyc/status/methodb", |status| {
            status["verificationStatus"] == "VERIFIED"
        })
        .await;
    assert_eq!(done["attemptStatus"], "SUCCESSFUL");
}
