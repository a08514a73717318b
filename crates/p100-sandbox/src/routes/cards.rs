//! Virtual cards: issue, list, details, PIN, block, unblock, limits and deletion.

use axum::extract::State;
use axum::response::Response;
use p100_raw::types::{
    CardActionResult, CardLimitsUpdate, CardPinUpdate, CardReference, VirtualCardRequest,
};

use super::ok;
use crate::app::SharedApp;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath};
use crate::state::cards::CardAction;
use crate::validation::Checks;

fn done(message: &str) -> Response {
    ok(CardActionResult {
        message: Some(message.to_string()),
    })
}

/// `createVirtualCard`
pub async fn create_card(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<VirtualCardRequest>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    checks.not_blank("label", &request.label);
    checks.finish()?;
    let (body, events) = app.state().create_card(
        &request.external_user_id,
        request.label.trim(),
        &request.pin,
    )?;
    app.emit(events);
    Ok(ok(body))
}

/// `listUserCards`
pub async fn list_cards(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
) -> ApiResult<Response> {
    let cards = app.state().list_cards(&external_user_id)?;
    // The generated type leaves out an empty list; clients read `{"cards": []}` more easily.
    let mut body = serde_json::to_value(&cards).unwrap_or_default();
    if let Some(object) = body.as_object_mut() {
        object
            .entry("cards")
            .or_insert_with(|| serde_json::json!([]));
    }
    Ok(ok(body))
}

/// `getCardDetails`
pub async fn card_details(
    State(app): State<SharedApp>,
    ApiPath((external_user_id, card_id)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    let body = app.state().card_details(&external_user_id, &card_id)?;
    Ok(ok(body))
}

/// `updateCardPin`
pub async fn update_pin(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<CardPinUpdate>,
) -> ApiResult<Response> {
    app.state()
        .update_card_pin(&request.external_user_id, &request.card_id, &request.pin)?;
    Ok(done("PIN updated"))
}

/// `blockCard`
pub async fn block_card(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<CardReference>,
) -> ApiResult<Response> {
    app.state().apply_card_action(
        &request.external_user_id,
        &request.card_id,
        CardAction::Block,
    )?;
    Ok(done("Card blocked"))
}

/// `unblockCard`
pub async fn unblock_card(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<CardReference>,
) -> ApiResult<Response> {
    app.state().apply_card_action(
        &request.external_user_id,
        &request.card_id,
        CardAction::Unblock,
    )?;
    Ok(done("Card unblocked"))
}

/// `deleteCard`
pub async fn delete_card(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<CardReference>,
) -> ApiResult<Response> {
    app.state().apply_card_action(
        &request.external_user_id,
        &request.card_id,
        CardAction::Delete,
    )?;
    Ok(done("Card deleted"))
}

/// `getCardLimits`
pub async fn card_limits(
    State(app): State<SharedApp>,
    ApiPath((external_user_id, card_id)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    let body = app.state().card_limits(&external_user_id, &card_id)?;
    Ok(ok(body))
}

/// `updateCardLimits`
pub async fn update_limits(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<CardLimitsUpdate>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    let pairs = [
        (
            "dailyTrxAll",
            &request.daily_trx_all,
            "monthlyTrxAll",
            &request.monthly_trx_all,
        ),
        (
            "dailyTrxAtm",
            &request.daily_trx_atm,
            "monthlyTrxAtm",
            &request.monthly_trx_atm,
        ),
        (
            "dailyTrxEcom",
            &request.daily_trx_ecom,
            "monthlyTrxEcom",
            &request.monthly_trx_ecom,
        ),
    ];
    for (daily_name, daily, monthly_name, monthly) in pairs {
        checks.limit(daily_name, daily.0);
        checks.limit(monthly_name, monthly.0);
        checks.ensure(daily.0 <= monthly.0, || {
            format!("{daily_name} must not exceed {monthly_name}")
        });
    }
    checks.finish()?;
    app.state().update_card_limits(&request)?;
    Ok(done("Card limits updated"))
}
