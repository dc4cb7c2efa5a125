//! `page_size` / `next_page_token` paging shared by the list endpoints.
//!
//! Tokens expire after 15 minutes of sim time (U25/Z23 `users`, M25 `meetingRegistrants`)
//! and are bound to the list they were issued for; a stale or foreign token answers 300
//! "The next page token is invalid or expired." (Z23 `users`/`reportMeetingParticipants`).

use chrono::{DateTime, Utc};

use crate::errors::ApiError;
use crate::ids;
use crate::state::{PageToken, Store};

/// Largest page. U25 allows 2000 on `GET /users`, Z23 300 everywhere: we pick Z23's 300
/// for every list (REF §10.5), and clamp larger values to it rather than refusing them.
pub const MAX_PAGE_SIZE: usize = 300;
pub const DEFAULT_PAGE_SIZE: usize = 30;
const TOKEN_TTL_MINUTES: i64 = 15;

pub struct Page<T> {
    pub items: Vec<T>,
    pub page_size: usize,
    pub total_records: usize,
    pub page_count: usize,
    pub page_number: usize,
    pub next_page_token: String,
}

pub fn page_size(requested: Option<i64>) -> Result<usize, ApiError> {
    match requested {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if n < 1 => Err(ApiError::field(
            "page_size",
            "page_size must be greater than or equal to 1.",
        )),
        Some(n) => Ok((n as usize).min(MAX_PAGE_SIZE)),
    }
}

pub fn paginate<T>(
    store: &mut Store,
    now: DateTime<Utc>,
    key: &str,
    all: Vec<T>,
    page_size: usize,
    token: Option<&str>,
) -> Result<Page<T>, ApiError> {
    let offset = match token.filter(|t| !t.is_empty()) {
        None => 0,
        Some(t) => {
            let valid = store.page_tokens.get(t).filter(|p| {
                p.key == key && now - p.issued <= chrono::Duration::minutes(TOKEN_TTL_MINUTES)
            });
            match valid {
                Some(p) => p.offset,
                None => {
                    return Err(ApiError::new(
                        400,
                        300,
                        "The next page token is invalid or expired.",
                    ));
                }
            }
        }
    };
    let total = all.len();
    let end = (offset + page_size).min(total);
    let next_page_token = if end < total {
        let t = ids::token(&mut store.rng, 32);
        store.page_tokens.insert(
            t.clone(),
            PageToken {
                key: key.to_string(),
                offset: end,
                issued: now,
            },
        );
        t
    } else {
        String::new()
    };
    let items: Vec<T> = all.into_iter().skip(offset).take(page_size).collect();
    Ok(Page {
        items,
        page_size,
        total_records: total,
        page_count: total.div_ceil(page_size.max(1)),
        page_number: offset / page_size.max(1) + 1,
        next_page_token,
    })
}
