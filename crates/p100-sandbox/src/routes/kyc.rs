//! KYC: document and proof-of-address uploads (multipart), Add User Verification, and the
//! verification hosted by P100 (start, browser page, status).
//!
//! Uploads take a repeated `files` part: 1 to 3 files of at most 5 MB each, JPEG, PNG or
//! PDF. A part of another name or a 4th file is `P403`, a larger file `P440`, and a file
//! whose bytes are not JPEG, PNG or PDF (or differ from its declared type) `P426`.

use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use p100_raw::types::{
    KycFileUploadResult, KycVerificationCreated, KycVerificationRequest, PoaUploadResult,
    UserVerificationRequest, UserVerificationResult,
};
use serde_json::json;

use super::{created, object, ok};
use crate::app::SharedApp;
use crate::error::{ApiFailure, ApiResult};
use crate::extract::{ApiJson, ApiPath};
use crate::state::kyc::PoaOutcome;
use crate::state::users::StoredFile;

/// Maximum number of files per upload.
pub const MAX_FILES: usize = 3;
/// Maximum size of one file in bytes.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Maximum upload body in bytes: three full-size files plus room for the multipart framing.
pub const UPLOAD_BODY_LIMIT: usize = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024;

/// Body limit layer of the upload routes.
pub fn upload_body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)
}

/// `addKycFile`
pub async fn add_kyc_files(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let files = read_files(multipart).await?;
    let count = files.len();
    let events = app.state().add_kyc_files(&external_user_id, files)?;
    app.emit(events);
    let body = json!({"externalUserId": external_user_id, "files": count, "status": "ADDED"});
    Ok(created(KycFileUploadResult(object(body))))
}

/// `addPoaFile`
pub async fn add_poa_files(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    let files = read_files(multipart).await?;
    let (outcome, events) = app.state().add_poa_files(&external_user_id, files)?;
    app.emit(events);
    if outcome == PoaOutcome::Pending {
        let body = PoaUploadResult {
            error_code: Some("P211".to_string()),
            error_name: None,
            error_message: Some("POA pending".to_string()),
            message: None,
        };
        return Ok((StatusCode::ACCEPTED, axum::Json(body)).into_response());
    }
    let user = external_user_id.clone();
    app.after_processing_delay(move |state| state.approve_poa(&user));
    Ok(created(PoaUploadResult {
        error_code: None,
        error_name: None,
        error_message: None,
        message: Some("POA files received; review started".to_string()),
    }))
}

async fn read_files(
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Vec<StoredFile>> {
    let mut multipart = multipart.map_err(|rejection| {
        ApiFailure::validation(format!(
            "Request body must be multipart/form-data with 1 to {MAX_FILES} parts named files: {}.",
            rejection.body_text()
        ))
    })?;

    let mut files = Vec::new();
    let mut failure: Option<ApiFailure> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return Err(multipart_error(error.status(), &error.body_text())),
        };
        if failure.is_some() {
            // Read the rest so the client can finish sending and then read the response.
            drain(field).await?;
            continue;
        }
        match read_file(field, files.len()).await? {
            Ok(file) => files.push(file),
            Err(rejected) => failure = Some(rejected),
        }
    }
    if let Some(failure) = failure {
        return Err(failure);
    }
    if files.is_empty() {
        return Err(ApiFailure::validation(format!(
            "files is required: send 1 to {MAX_FILES} parts named files."
        )));
    }
    Ok(files)
}

/// Reads one part: `Ok(Err(..))` rejects the upload but the body can still be read on.
async fn read_file(
    mut field: Field<'_>,
    accepted: usize,
) -> ApiResult<Result<StoredFile, ApiFailure>> {
    let name = field.name().unwrap_or_default().to_string();
    if name != "files" {
        drain(field).await?;
        return Ok(Err(ApiFailure::validation(format!(
            "Unexpected part {name:?}: send each file as a part named files."
        ))));
    }
    if accepted >= MAX_FILES {
        drain(field).await?;
        return Ok(Err(ApiFailure::validation(format!(
            "files can have at most {MAX_FILES} items."
        ))));
    }

    let file_name = field.file_name().unwrap_or("file").to_string();
    let declared = field.content_type().map(str::to_ascii_lowercase);
    let mut head = Vec::new();
    let mut size = 0usize;
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|error| multipart_error(error.status(), &error.body_text()))?
    {
        size += chunk.len();
        if head.len() < 8 {
            head.extend(chunk.iter().take(8 - head.len()));
        }
    }
    if size > MAX_FILE_BYTES {
        return Ok(Err(ApiFailure::file_too_large(format!(
            "File too large: {file_name:?} has {size} bytes; the limit is {MAX_FILE_BYTES} bytes (5 MB)."
        ))));
    }
    match file_type(&head, declared.as_deref()) {
        Some(content_type) => Ok(Ok(StoredFile {
            name: file_name,
            content_type: content_type.to_string(),
            size,
        })),
        None => Ok(Err(ApiFailure::invalid_file_type(format!(
            "Invalid file type: {file_name:?} is not a JPEG, PNG or PDF file."
        )))),
    }
}

/// Detects JPEG, PNG or PDF from the first bytes; a declared type must agree.
fn file_type(head: &[u8], declared: Option<&str>) -> Option<&'static str> {
    let detected = if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        "image/png"
    } else if head.starts_with(b"%PDF-") {
        "application/pdf"
    } else {
        return None;
    };
    let declared_ok = match declared {
        None | Some("application/octet-stream") => true,
        Some("image/jpg") => detected == "image/jpeg",
        Some(declared) => declared == detected,
    };
    declared_ok.then_some(detected)
}

async fn drain(mut field: Field<'_>) -> ApiResult<()> {
    while field
        .chunk()
        .await
        .map_err(|error| multipart_error(error.status(), &error.body_text()))?
        .is_some()
    {}
    Ok(())
}

fn multipart_error(status: StatusCode, text: &str) -> ApiFailure {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiFailure::validation(format!(
            "Request body is too large: the limit is {UPLOAD_BODY_LIMIT} bytes."
        ));
    }
    ApiFailure::validation(format!("Malformed multipart body: {text}."))
}

/// `addUserVerification`
pub async fn add_user_verification(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
    ApiJson(request): ApiJson<UserVerificationRequest>,
) -> ApiResult<Response> {
    let document_type = request.document_type.map(|kind| kind.to_string());
    let (status, events) =
        app.state()
            .verify_user(&external_user_id, document_type, request.document_number)?;
    app.emit(events);
    let body = json!({"externalUserId": external_user_id, "status": status.as_str()});
    Ok(ok(UserVerificationResult(object(body))))
}

/// `createKycVerification`
pub async fn create_verification(
    State(app): State<SharedApp>,
    ApiJson(request): ApiJson<KycVerificationRequest>,
) -> ApiResult<Response> {
    let (verification_id, events) = app.state().create_kyc_verification(&request)?;
    app.emit(events);
    let (user, id) = (request.external_user_id.clone(), verification_id.clone());
    app.after_processing_delay(move |state| state.complete_kyc_verification(&user, &id));
    Ok(ok(KycVerificationCreated {
        verification_id: Some(verification_id),
    }))
}

/// `getKycVerificationPage`: the browser page; it needs no API key.
pub async fn verification_page(
    State(app): State<SharedApp>,
    ApiPath((external_user_id, verification_id)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    app.state()
        .verification_page(&external_user_id, &verification_id)?;
    let html = "<!DOCTYPE html><html><head><title>Verification</title></head>\
        <body><p>P100 sandbox: identity verification. The sandbox approves it automatically.</p></body></html>";
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response())
}

/// `getKycStatus`
pub async fn status(
    State(app): State<SharedApp>,
    ApiPath(external_user_id): ApiPath<String>,
) -> ApiResult<Response> {
    let body = app.state().kyc_status(&external_user_id)?;
    Ok(ok(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_type_needs_magic_bytes() {
        assert_eq!(file_type(b"%PDF-1.7", None), Some("application/pdf"));
        assert_eq!(
            file_type(&[0xFF, 0xD8, 0xFF, 0xE0], Some("image/jpeg")),
            Some("image/jpeg")
        );
        assert_eq!(file_type(b"%PDF-1.7", Some("image/png")), None);
        assert_eq!(file_type(b"hello", Some("text/plain")), None);
        assert_eq!(file_type(b"hello", Some("image/png")), None);
    }
}
