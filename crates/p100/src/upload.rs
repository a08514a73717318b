//! KYC and proof-of-address document uploads (`multipart/form-data`).
//!
//! The generator cannot produce multipart calls, so these two operations are built here. The
//! documented limits are checked before anything is sent: 1 to 3 files, each non-empty, at most
//! 5 MiB, JPEG, PNG or PDF. P100 documents the limits for POA uploads; the spec infers the same
//! ones for KYC uploads.

use std::path::Path;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::{Client, Error, Result};

/// Maximum number of files in one upload.
pub const MAX_FILES: usize = 3;

/// Maximum size of one file in bytes (5 MiB).
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// Content types P100 accepts. `image/jpg` is not registered but the spec lists it next to
/// `image/jpeg`.
pub const ACCEPTED_CONTENT_TYPES: &[&str] =
    &["image/jpeg", "image/jpg", "image/png", "application/pdf"];

/// `errorCode` of the 202 response to a POA upload while a POA check is already running.
pub const POA_PENDING_CODE: &str = "P211";

/// Document upload operation: identity documents (KYC) or proof of address (POA).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UploadKind {
    /// Identity document images for KYC, Method A (`POST /v1/user/kyc-files/{externalUserId}`).
    Kyc,
    /// Proof-of-address documents (`POST /v1/user/poa-files/{externalUserId}`).
    Poa,
}

impl UploadKind {
    /// Returns the `operationId` of the upload in the spec.
    pub fn operation_id(self) -> &'static str {
        match self {
            Self::Kyc => "addKycFile",
            Self::Poa => "addPoaFile",
        }
    }

    /// Returns the path segment before the user id: `kyc-files` or `poa-files`.
    fn resource(self) -> &'static str {
        match self {
            Self::Kyc => "kyc-files",
            Self::Poa => "poa-files",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Kyc => "KYC",
            Self::Poa => "POA",
        }
    }
}

/// One document to upload: a file name, a content type and the bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct UploadFile {
    name: String,
    content_type: String,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for UploadFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadFile")
            .field("name", &self.name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl UploadFile {
    /// Creates a file from bytes in memory. The checks run when the file is uploaded.
    pub fn from_bytes(
        name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Vec<u8>>,
    ) -> Self {
        Self {
            name: name.into(),
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// Reads a file from disk. The content type comes from the extension (`.jpg`, `.jpeg`,
    /// `.png`, `.pdf`, any case).
    ///
    /// # Errors
    /// [`Error::InvalidRequest`] when the file cannot be read or is larger than
    /// [`MAX_FILE_SIZE`]; the size is checked before reading. Other limits are checked at upload.
    pub async fn from_path(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let display_path = path.display();
        let metadata = tokio::fs::metadata(path).await.map_err(|error| {
            Error::InvalidRequest(format!(
                "could not read upload file {display_path}: {error}"
            ))
        })?;
        if metadata.len() > MAX_FILE_SIZE {
            return Err(Error::InvalidRequest(format!(
                "upload file {display_path} has {} bytes, more than the limit of {MAX_FILE_SIZE} bytes (5 MiB)",
                metadata.len()
            )));
        }

        let bytes = tokio::fs::read(path).await.map_err(|error| {
            Error::InvalidRequest(format!(
                "could not read upload file {display_path}: {error}"
            ))
        })?;
        let name = path.file_name().map_or_else(
            || "document".to_string(),
            |name| name.to_string_lossy().into_owned(),
        );
        Ok(Self {
            content_type: content_type_for(path),
            name,
            bytes,
        })
    }

    /// Returns the file name sent in the multipart part.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns the content type sent in the multipart part.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// Returns the file contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Checks the per-file limits.
    fn check(&self) -> Result<()> {
        let name = &self.name;
        if self.bytes.is_empty() {
            return Err(Error::InvalidRequest(format!(
                "upload file {name} is empty"
            )));
        }
        let size = u64::try_from(self.bytes.len()).unwrap_or(u64::MAX);
        if size > MAX_FILE_SIZE {
            return Err(Error::InvalidRequest(format!(
                "upload file {name} has {size} bytes, more than the limit of {MAX_FILE_SIZE} bytes (5 MiB)"
            )));
        }
        let content_type = self.content_type.trim().to_ascii_lowercase();
        if !ACCEPTED_CONTENT_TYPES.contains(&content_type.as_str()) {
            return Err(Error::InvalidRequest(format!(
                "upload file {name} has content type {}; P100 accepts image/jpeg, image/png or application/pdf",
                self.content_type
            )));
        }
        if self.name.trim().is_empty() {
            return Err(Error::InvalidRequest(
                "upload file name is empty".to_string(),
            ));
        }
        Ok(())
    }
}

/// Result of an accepted upload. Failures are [`Error`]s.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum UploadOutcome {
    /// P100 took the files (HTTP 200 or 201, or another 2xx without `P211`). The verification
    /// result arrives later by webhook (KYC File Added, POA Verification Status).
    Accepted {
        /// HTTP status of the response.
        status: StatusCode,
        /// Response body when it is JSON. Its fields are not documented.
        body: Option<Value>,
    },
    /// A POA check is already running (`P211`, "POA pending", sent with HTTP 202). The files
    /// were not needed; this is not a failure.
    Pending {
        /// HTTP status of the response (202 in the docs).
        status: StatusCode,
        /// `errorMessage` of the response, if any.
        message: Option<String>,
    },
}

impl UploadOutcome {
    /// Returns true for [`UploadOutcome::Pending`].
    pub fn is_pending(&self) -> bool {
        matches!(self, Self::Pending { .. })
    }
}

/// Checks the limits, then posts `files` as `multipart/form-data` to the upload of `kind` for
/// the user `external_user_id`.
///
/// The request is sent once: the SDK never resends a POST after bytes may have reached P100.
pub(crate) async fn upload_files(
    client: &Client,
    kind: UploadKind,
    external_user_id: &str,
    files: Vec<UploadFile>,
) -> Result<UploadOutcome> {
    check_files(kind, external_user_id, &files)?;
    let request = build_request(client, kind, external_user_id, files)?;

    let response = client.execute_raw(request, kind.operation_id()).await?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?;

    if !status.is_success() {
        let error = Error::from_response_parts(status, &headers, &body);
        return Err(error.without_api_key(client.api_key().expose()));
    }
    Ok(outcome(status, &body))
}

fn check_files(kind: UploadKind, external_user_id: &str, files: &[UploadFile]) -> Result<()> {
    let label = kind.label();
    if external_user_id.trim().is_empty() {
        return Err(Error::InvalidRequest(format!(
            "{label} upload needs a non-empty external user id"
        )));
    }
    if files.is_empty() {
        return Err(Error::InvalidRequest(format!(
            "{label} upload needs at least 1 file, got none"
        )));
    }
    if files.len() > MAX_FILES {
        return Err(Error::InvalidRequest(format!(
            "{label} upload accepts at most {MAX_FILES} files, got {}; send the others in another upload",
            files.len()
        )));
    }
    files.iter().try_for_each(UploadFile::check)
}

fn build_request(
    client: &Client,
    kind: UploadKind,
    external_user_id: &str,
    files: Vec<UploadFile>,
) -> Result<reqwest::Request> {
    let mut url = client.base_url().clone();
    url.path_segments_mut()
        .map_err(|()| {
            Error::InvalidRequest(format!(
                "base URL {} cannot carry a path",
                client.base_url()
            ))
        })?
        .pop_if_empty()
        .extend(["v1", "user", kind.resource(), external_user_id]);

    let mut form = Form::new();
    for file in files {
        let UploadFile {
            name,
            content_type,
            bytes,
        } = file;
        let part = Part::bytes(bytes).file_name(name.clone()).mime_str(&content_type).map_err(
            |error| {
                Error::InvalidRequest(format!(
                    "upload file {name} has content type {content_type}, which is not a valid MIME type: {error}"
                ))
            },
        )?;
        form = form.part("files", part);
    }

    // `execute_raw` adds the `x-api-key` header.
    client
        .http()
        .post(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .multipart(form)
        .build()
        .map_err(|error| {
            Error::InvalidRequest(format!("could not build the upload request: {error}"))
        })
}

/// Turns a 2xx response into an outcome: `P211` in the body means pending.
fn outcome(status: StatusCode, body: &[u8]) -> UploadOutcome {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let code = parsed
        .as_ref()
        .and_then(|value| value.get("errorCode"))
        .and_then(Value::as_str);
    if code.is_some_and(|code| code.eq_ignore_ascii_case(POA_PENDING_CODE)) {
        let message = parsed
            .as_ref()
            .and_then(|value| value.get("errorMessage"))
            .and_then(Value::as_str)
            .map(str::to_string);
        return UploadOutcome::Pending { status, message };
    }
    UploadOutcome::Accepted {
        status,
        body: parsed,
    }
}

/// Returns the content type for a path's extension; unknown extensions get a guess so that the
/// limit check can name it.
fn content_type_for(path: &Path) -> String {
    let extension = path
        .extension()
        .map(|ext| ext.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("jpg" | "jpeg") => "image/jpeg".to_string(),
        Some("png") => "image/png".to_string(),
        Some("pdf") => "application/pdf".to_string(),
        _ => mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_from_extension() {
        assert_eq!(content_type_for(Path::new("a/scan.JPG")), "image/jpeg");
        assert_eq!(content_type_for(Path::new("scan.jpeg")), "image/jpeg");
        assert_eq!(content_type_for(Path::new("scan.png")), "image/png");
        assert_eq!(content_type_for(Path::new("bill.Pdf")), "application/pdf");
        assert_eq!(content_type_for(Path::new("scan.gif")), "image/gif");
        assert_eq!(
            content_type_for(Path::new("scan")),
            "application/octet-stream"
        );
    }

    #[test]
    fn pending_needs_p211() {
        let pending = outcome(
            StatusCode::ACCEPTED,
            br#"{"errorCode":"P211","errorMessage":"POA pending"}"#,
        );
        assert_eq!(
            pending,
            UploadOutcome::Pending {
                status: StatusCode::ACCEPTED,
                message: Some("POA pending".to_string())
            }
        );
        let accepted = outcome(StatusCode::CREATED, b"{}");
        assert_eq!(
            accepted,
            UploadOutcome::Accepted {
                status: StatusCode::CREATED,
                body: Some(serde_json::json!({}))
            }
        );
        let empty = outcome(StatusCode::OK, b"");
        assert_eq!(
            empty,
            UploadOutcome::Accepted {
                status: StatusCode::OK,
                body: None
            }
        );
    }
}
