//! Every Zoom answer the client decodes: malformed JSON, wrong types, deep nesting and huge
//! payloads give a typed `ZoomError` (a decode error naming the JSON path), never a panic. The
//! first byte picks the response type (or an error answer with its status); the rest is the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollcall_zoom::fuzzing::{decode_answer, error_answer};
use rollcall_zoom::model::*;

macro_rules! decode_each {
    ($pick:expr, $body:expr, [$($ty:ty),* $(,)?]) => {{
        let types: &[fn(&[u8])] = &[$(|b| { let _ = decode_answer::<$ty>(b); }),*];
        match types.get($pick as usize % (types.len() + 1)) {
            Some(decode) => decode($body),
            None => error($body),
        }
    }};
}

/// A non-2xx answer: status from the first two bytes, a `Retry-After` and rate-limit headers
/// from the body's first line, the rest as the error body.
fn error(data: &[u8]) {
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
    let now = chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap();
    let err = error_answer(status, &headers, body, now);
    assert_eq!(err.http_status, Some(status));
}

fuzz_target!(|data: &[u8]| {
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
});
