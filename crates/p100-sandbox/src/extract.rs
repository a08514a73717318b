//! Request extractors that turn every malformed input into a `P403` with an `ApiError` body:
//! JSON bodies (content type, size limit, syntax, the spec's schema, the generated type),
//! path parameters and query strings.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use bytes::{Bytes, BytesMut};
use futures::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::ApiFailure;
use crate::schema;
use crate::validation::join_failures;

/// Largest JSON body accepted.
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;

/// Largest body read and discarded after the limit was exceeded, so the client can finish
/// sending and read the `P403` instead of seeing a reset connection.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// A JSON request body, checked against the spec's schema for `T` and deserialized into `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiFailure;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_json_body(request).await?;
        let value = parse_json_value(&bytes)?;
        let schema_name = schema::schema_name_of::<T>();
        if let Err(failures) = schema::check_component(schema_name, &value) {
            return Err(ApiFailure::validation(join_failures(&failures)));
        }
        deserialize(&bytes, schema_name).map(Self)
    }
}

/// A JSON body of a sandbox admin route: no spec schema, only the Rust type.
#[derive(Debug)]
pub struct AdminJson<T>(pub T);

impl<T, S> FromRequest<S> for AdminJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiFailure;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_json_body(request).await?;
        parse_json_value(&bytes)?;
        deserialize(&bytes, schema::schema_name_of::<T>()).map(Self)
    }
}

async fn read_json_body(request: Request) -> Result<Bytes, ApiFailure> {
    if !is_json(request.headers().get(CONTENT_TYPE)) {
        return Err(ApiFailure::validation(
            "Content-Type must be application/json.",
        ));
    }
    read_limited(request.into_body(), JSON_BODY_LIMIT).await
}

/// Parses the body into a `Value` for the schema check. Numbers in a `Value` are `f64`, so
/// typed fields are read from the bytes instead (see `deserialize`).
fn parse_json_value(bytes: &[u8]) -> Result<serde_json::Value, ApiFailure> {
    serde_json::from_slice(bytes).map_err(|error| {
        ApiFailure::validation(format!("Request body is not valid JSON: {error}."))
    })
}

/// Deserializes `T` from the body text, so amounts keep every digit the client sent and
/// messages quote them as sent, never as a rounded `f64`.
fn deserialize<T: DeserializeOwned>(bytes: &[u8], type_name: &str) -> Result<T, ApiFailure> {
    serde_json::from_slice(bytes).map_err(|error| {
        // serde's message may quote a value of the body (such as a PIN), so the log line
        // gets only the type name.
        ApiFailure::validation_with_log(
            format!("Request body is invalid: {error}."),
            format!("request body does not fit {type_name}"),
        )
    })
}

fn is_json(content_type: Option<&axum::http::HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// Reads a body of at most `limit` bytes; a larger one is drained and rejected with `P403`.
pub async fn read_limited(body: Body, limit: usize) -> Result<Bytes, ApiFailure> {
    let mut stream = body.into_data_stream();
    let mut buffer = BytesMut::new();
    let mut total = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|error| {
            ApiFailure::validation(format!("Request body could not be read: {error}."))
        })?;
        total = total.saturating_add(chunk.len());
        if total > DRAIN_LIMIT {
            break;
        }
        if total <= limit {
            buffer.extend_from_slice(&chunk);
        }
    }
    if total > limit {
        return Err(ApiFailure::validation(format!(
            "Request body is too large: the limit is {limit} bytes."
        )));
    }
    Ok(buffer.freeze())
}

/// A path parameter (or tuple of them); undecodable values are `P403`.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiFailure::validation(format!(
                "Invalid path parameter: {}.",
                rejection.body_text()
            ))),
        }
    }
}

/// Query parameters by name; when a name repeats, the first value counts.
#[derive(Debug, Default)]
pub struct ApiQuery(pub BTreeMap<String, String>);

impl<S> FromRequestParts<S> for ApiQuery
where
    S: Send + Sync,
{
    type Rejection = ApiFailure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(query) = parts.uri.query() else {
            return Ok(Self::default());
        };
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query)
            .map_err(|error| ApiFailure::validation(format!("Invalid query string: {error}.")))?;
        let mut map = BTreeMap::new();
        for (name, value) in pairs {
            map.entry(name).or_insert(value);
        }
        Ok(Self(map))
    }
}

impl ApiQuery {
    /// Returns a parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}
