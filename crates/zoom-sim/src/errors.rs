//! Zoom's error bodies: `{"code":N,"message":"..."}`, validation adds
//! `errors:[{field,message}]` (REF §7, developers.zoom.us/docs/api/errors).

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: i64,
    pub message: String,
    pub fields: Vec<(String, String)>,
    pub headers: Vec<(HeaderName, String)>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: u16, code: i64, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code,
            message: message.into(),
            fields: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// 400 / 300 "Validation Failed." with one `errors[]` entry per bad field (REF §7).
    pub fn validation(fields: Vec<(String, String)>) -> Self {
        let mut e = Self::new(400, 300, "Validation Failed.");
        e.fields = fields;
        e
    }

    pub fn field(field: &str, message: &str) -> Self {
        Self::validation(vec![(field.to_string(), message.to_string())])
    }

    /// 400 / 300 for a body that is not JSON or has the wrong shape (REF §7: "Request Body
    /// should be a valid JSON object.").
    pub fn bad_body() -> Self {
        Self::new(400, 300, "Request Body should be a valid JSON object.")
    }

    pub fn invalid_token() -> Self {
        // REF §7: 124 "Invalid access token." (401), devforum t/95559.
        Self::new(401, 124, "Invalid access token.")
    }

    pub fn user_not_found(id: &str) -> Self {
        // Z23 `user` / `userDelete` 404: 1001 "User does not exist: $userId."
        Self::new(404, 1001, format!("User does not exist: {id}."))
    }

    pub fn meeting_not_found(id: impl std::fmt::Display) -> Self {
        // Z23 `addBatchRegistrants`/`meetingregistrantdelete` 404: 3001 "Meeting does not exist: {0}."
        Self::new(404, 3001, format!("Meeting does not exist: {id}."))
    }

    pub fn with_header(mut self, name: HeaderName, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn body(&self) -> serde_json::Value {
        let mut body = json!({ "code": self.code, "message": self.message });
        if !self.fields.is_empty() {
            body["errors"] = self
                .fields
                .iter()
                .map(|(f, m)| json!({ "field": f, "message": m }))
                .collect();
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp = (self.status, axum::Json(self.body())).into_response();
        for (name, value) in &self.headers {
            if let Ok(v) = HeaderValue::from_str(value) {
                resp.headers_mut().insert(name.clone(), v);
            }
        }
        resp
    }
}

/// JSON body extractor that answers Zoom's 300 instead of axum's plain-text rejection.
pub struct ZoomJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for ZoomJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| ApiError::bad_body())?;
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|_| ApiError::bad_body())?;
        if !value.is_object() {
            return Err(ApiError::bad_body());
        }
        serde_json::from_value(value)
            .map(ZoomJson)
            .map_err(|e| ApiError::field(&field_of(&e.to_string()), &e.to_string()))
    }
}

/// Best-effort field name from a serde error ("missing field `email`" → "email").
fn field_of(msg: &str) -> String {
    msg.split('`').nth(1).unwrap_or("body").to_string()
}

/// Query extractor that answers Zoom's 300 on bad query strings.
pub struct ZoomQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for ZoomQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(q)
            .map(ZoomQuery)
            .map_err(|e| ApiError::field(&field_of(&e.to_string()), &e.to_string()))
    }
}
