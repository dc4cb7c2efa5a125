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

/// The `zoom_answers` fuzz target's body, shared with the stable replay of its seeds
/// (`tests/reliability`): the first byte picks a response type (or an error answer), the rest is
/// the body. Every input must give a typed result or a typed `ZoomError`, never a panic.
pub fn zoom_answers(data: &[u8]) {
    use crate::model::*;

    macro_rules! decode_each {
        ($pick:expr, $body:expr, [$($ty:ty),* $(,)?]) => {{
            let types: &[fn(&[u8])] = &[$(|b| { let _ = decode_answer::<$ty>(b); }),*];
            match types.get($pick as usize % (types.len() + 1)) {
                Some(decode) => decode($body),
                None => error_case($body),
            }
        }};
    }

    let Some((pick, body)) = data.split_first() else {
        return;
    };
    decode_each!(
        *pick,
        body,
        [
            Recurrence,
            MeetingSettings,
            Occurrence,
            Meeting,
            MeetingSummary,
            MeetingPage,
            CustomQuestion,
            RegistrantCreated,
            Registrant,
            RegistrantPage,
            BatchRegistered,
            BatchRegistrationResult,
            PastMeeting,
            MeetingReport,
            PastInstance,
            PastInstances,
            PastParticipant,
            PastParticipantPage,
            ReportParticipant,
            ReportParticipantPage,
            DashboardParticipant,
            DashboardParticipantPage,
            CreatedUser,
            User,
            UserPage,
        ]
    );
}

/// A non-2xx answer: status from the first two bytes, a `Retry-After` and rate-limit headers
/// from the body's first line, the rest as the error body.
fn error_case(data: &[u8]) {
    let (status, rest) = match data {
        [a, b, rest @ ..] => (400 + (u16::from_le_bytes([*a, *b]) % 200), rest),
        _ => (500, data),
    };
    let (head, body) = match rest.iter().position(|b| *b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&rest[..0], rest),
    };
    let mut headers = http::HeaderMap::new();
    if let Ok(value) = http::HeaderValue::from_bytes(head) {
        headers.insert("retry-after", value.clone());
        headers.insert("x-ratelimit-type", value);
    }
    let now = DateTime::from_timestamp(1_790_000_000, 0).expect("a fixed, valid timestamp");
    let err = error_answer(status, &headers, body, now);
    assert_eq!(err.http_status, Some(status));
}
