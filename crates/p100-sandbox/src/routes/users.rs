//! User accounts: creation with and without KYC, extension, updates, deletion, suspension,
//! balances and transaction history.

use axum::extract::State;
use axum::response::Response;
use p100_raw::types::{
    CreateUserRequest, CreateUserWithoutKycRequest, ExtendUserRequest, UserDeleteResult,
    UserExtendResult, UserSuspensionResult, UserUpdateRequest, UserUpdateResult,
};
use serde_json::json;

use super::{object, ok, paging};
use crate::app::SharedApp;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::state::history::HistoryFilter;
use crate::validation::Checks;

/// `createUser`
pub async fn create_user(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<CreateUserRequest>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    checks.not_blank("externalUserId", &request.external_user_id);
    checks.not_blank("email", &request.email);
    checks.finish()?;
    let body = app.state().create_user(request)?;
    Ok(ok(body))
}

/// `createUserWithoutKyc`
pub async fn create_user_without_kyc(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<CreateUserWithoutKycRequest>,
) -> ApiResult<Response> {
    let mut checks = Checks::new();
    checks.not_blank("externalUserId", &request.external_user_id);
    checks.not_blank("email", &request.email);
    checks.not_blank("documentNumber", &request.document_number);
    checks.finish()?;
    let (body, events) = app.state().create_user_without_kyc(request)?;
    app.emit(events);
    Ok(ok(body))
}

/// `extendUser`
pub async fn extend_user(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
    ApiJson(_request): ApiJson<ExtendUserRequest>,
) -> ApiResult<Response> {
    app.state().extend_user(&external_user_id)?;
    let body = json!({"externalUserId": external_user_id, "extended": true});
    Ok(ok(UserExtendResult(object(body))))
}

/// `updateUser`
pub async fn update_user(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
    ApiJson(request): ApiJson<UserUpdateRequest>,
) -> ApiResult<Response> {
    app.state().update_user(&external_user_id, request)?;
    let body = json!({"externalUserId": external_user_id});
    Ok(ok(UserUpdateResult(object(body))))
}

/// `deleteUser`
pub async fn delete_user(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
) -> ApiResult<Response> {
    let events = app.state().delete_user(&external_user_id)?;
    app.emit(events);
    let body = json!({"externalUserId": external_user_id, "status": "DELETED"});
    Ok(ok(UserDeleteResult(object(body))))
}

/// `suspendUser`
pub async fn suspend_user(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
) -> ApiResult<Response> {
    let events = app.state().suspend_user(&external_user_id)?;
    app.emit(events);
    let body = json!({"externalUserId": external_user_id, "status": "SUSPENDED"});
    Ok(ok(UserSuspensionResult(object(body))))
}

/// `unsuspendUser`
pub async fn unsuspend_user(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
) -> ApiResult<Response> {
    let (events, status) = {
        let mut state = app.state();
        let events = state.unsuspend_user(&external_user_id)?;
        let status = state.user(&external_user_id)?.status.to_string();
        (events, status)
    };
    app.emit(events);
    let body = json!({"externalUserId": external_user_id, "status": status});
    Ok(ok(UserSuspensionResult(object(body))))
}

/// `getUserBalances`
pub async fn balances(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().user_balances(&external_user_id)?;
    Ok(ok(body))
}

/// `getUserTransactionHistory`
pub async fn transactions(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
    query: ApiQuery,
) -> ApiResult<Response> {
    let (page, limit) = paging(&query)?;
    let state = app.state();
    state.user(&external_user_id)?;
    let body = state
        .history
        .page(HistoryFilter::User(&external_user_id), page, limit);
    Ok(ok(body))
}
