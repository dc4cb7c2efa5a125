//! Entry points for the fuzz targets (`fuzz/`): the exact code paths the client runs on Zoom's
//! answers, without a network. Not part of the API the rest of Rollcall uses.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use crate::error::ZoomError;
use crate::request::RequestSpec;
use crate::scheduler::Category;

/// Decode a 2xx body as the client does (typed error naming the JSON path, never a panic).
pub fn decode_answer<T: DeserializeOwned>(body: &[u8]) -> Result<T, ZoomError> {
    let spec = RequestSpec::new(http::Method::GET, "/fuzz", "/fuzz".into(), Category::Light);
    crate::client::decode(body, &spec, 200)
}

/// Map a non-2xx answer (status, headers, body) to a `ZoomError` as the client does.
pub fn error_answer(
    status: u16,
    headers: &http::HeaderMap,
    body: &[u8],
    now: DateTime<Utc>,
) -> ZoomError {
    crate::error::from_response(status, headers, body, now)
}
