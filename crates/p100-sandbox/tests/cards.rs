//! Virtual cards: issue, read, PIN, block and unblock, limits, delete, and the issuing limits.

mod common;

use common::{TestSandbox, dec};
use reqwest::StatusCode;
use serde_json::json;

async fn issue(sandbox: &TestSandbox, user: &str, label: &str) -> common::Reply {
    sandbox
        .post(
            "/v1/card/virtual",
            json!({"externalUserId": user, "label": label, "pin": "1234"}),
        )
        .await
}

#[tokio::test]
async fn card_lifecycle() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("holder").await;
    let card = issue(&sandbox, "holder", "Travel card").await;
    assert_eq!(card.status, StatusCode::OK, "{:?}", card.body);
    let card_id = card.body["cardId"].as_str().unwrap().to_string();
    let number = card.body["cardNumber"].as_str().unwrap().to_string();
    assert_eq!(number.len(), 16);
    assert_eq!(card.body["cvv"].as_str().unwrap().len(), 3);

    let list = sandbox.get("/v1/card/all/holder").await;
    assert_eq!(list.body["cards"][0]["cardLastDigits"], number[12..]);
    assert_eq!(list.body["cards"][0]["status"], "ACTIVE");

    let details = sandbox
        .get(&format!("/v1/card/details/holder/{card_id}"))
        .await;
    assert_eq!(details.body["cardNumber"], number);

    let reference = json!({"externalUserId": "holder", "cardId": card_id});
    let pin = sandbox
        .patch(
            "/v1/card/pin",
            Some(json!({"externalUserId": "holder", "cardId": card_id, "pin": "4321"})),
        )
        .await;
    assert_eq!(pin.status, StatusCode::OK);
    let bad_pin = sandbox
        .patch(
            "/v1/card/pin",
            Some(json!({"externalUserId": "holder", "cardId": card_id, "pin": "12a4"})),
        )
        .await;
    assert_eq!(bad_pin.code(), "P403");

    sandbox
        .patch("/v1/card/block", Some(reference.clone()))
        .await;
    let blocked = sandbox
        .get(&format!("/v1/card/details/holder/{card_id}"))
        .await;
    assert_eq!(blocked.body["status"], "LOCKED_BY_USER");
    sandbox
        .patch("/v1/card/unblock", Some(reference.clone()))
        .await;
    let active = sandbox
        .get(&format!("/v1/card/details/holder/{card_id}"))
        .await;
    assert_eq!(active.body["status"], "ACTIVE");

    let limits = json!({"externalUserId": "holder", "cardId": card_id, "monthlyTrxAll": 5000, "dailyTrxAll": 1000,
        "monthlyTrxAtm": 1000, "dailyTrxAtm": 200, "monthlyTrxEcom": 3000, "dailyTrxEcom": 750.5});
    let updated = sandbox.patch("/v1/card/limits", Some(limits)).await;
    assert_eq!(updated.status, StatusCode::OK, "{:?}", updated.body);
    let read = sandbox
        .get(&format!("/v1/card/limits/holder/{card_id}"))
        .await;
    assert_eq!(dec(&read.body["dailyTrxEcom"]).to_string(), "750.5");
    let inverted = json!({"externalUserId": "holder", "cardId": card_id, "monthlyTrxAll": 100, "dailyTrxAll": 1000,
        "monthlyTrxAtm": 1000, "dailyTrxAtm": 200, "monthlyTrxEcom": 3000, "dailyTrxEcom": 500});
    let rejected = sandbox.patch("/v1/card/limits", Some(inverted)).await;
    assert_eq!(rejected.code(), "P403");
    assert!(
        rejected
            .message()
            .contains("dailyTrxAll must not exceed monthlyTrxAll")
    );

    let deleted = sandbox.delete("/v1/card", Some(reference.clone())).await;
    assert_eq!(deleted.status, StatusCode::OK);
    let gone = sandbox
        .get(&format!("/v1/card/details/holder/{card_id}"))
        .await;
    assert_eq!(
        gone.status,
        StatusCode::BAD_REQUEST,
        "an unknown card is 400, not 404"
    );
    assert_eq!(gone.code(), "P434");
    assert_eq!(
        sandbox
            .patch("/v1/card/block", Some(reference))
            .await
            .code(),
        "P434"
    );
    assert!(
        sandbox.get("/v1/card/all/holder").await.body["cards"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn card_of_another_user_is_p434() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("owner").await;
    sandbox.create_active_user("other").await;
    let card = issue(&sandbox, "owner", "Mine").await;
    let card_id = card.body["cardId"].as_str().unwrap();
    let reply = sandbox
        .get(&format!("/v1/card/details/other/{card_id}"))
        .await;
    assert_eq!(reply.code(), "P434");
    assert_eq!(reply.body["errorName"], "invalid-card");
}

#[tokio::test]
async fn issuing_limit_of_five_per_day() {
    let sandbox = TestSandbox::start().await;
    sandbox.create_active_user("many").await;
    for index in 0..5 {
        let card = issue(&sandbox, "many", &format!("Card {index}")).await;
        assert_eq!(card.status, StatusCode::OK, "card {index}: {:?}", card.body);
    }
    let sixth = issue(&sandbox, "many", "Card 5").await;
    assert_eq!(sixth.status, StatusCode::BAD_REQUEST);
    assert!(sixth.message().contains("24 hours"), "{}", sixth.message());
}

#[tokio::test]
async fn card_eligibility() {
    let sandbox = TestSandbox::start().await;
    let waiting = sandbox.create_user("pending", "PL").await;
    assert_eq!(waiting.status, StatusCode::OK);
    assert_eq!(issue(&sandbox, "pending", "Card").await.code(), "P459");
    assert_eq!(issue(&sandbox, "nobody", "Card").await.code(), "P412");

    sandbox.create_user("abroad", "US").await;
    sandbox
        .post(
            "/v1/user/verification/abroad",
            json!({"documentType": "PASSPORT", "documentNumber": "1"}),
        )
        .await;
    let forbidden = issue(&sandbox, "abroad", "Card").await;
    assert_eq!(forbidden.code(), "P451");
    assert_eq!(forbidden.body["errorName"], "forbidden-country-card");

    sandbox.create_active_user("short").await;
    let short_label = issue(&sandbox, "short", "ab").await;
    assert_eq!(short_label.code(), "P403");
}
