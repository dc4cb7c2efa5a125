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

/// Where a page starts: 0 without a token, else the offset the token was issued for. A token
/// must be bound to `key` and at most 15 minutes old (sim time).
pub fn offset(
    store: &Store,
    now: DateTime<Utc>,
    key: &str,
    token: Option<&str>,
) -> Result<usize, ApiError> {
    match token.filter(|t| !t.is_empty()) {
        None => Ok(0),
        Some(t) => store
            .page_tokens
            .get(t)
            .filter(|p| {
                p.key == key && now - p.issued <= chrono::Duration::minutes(TOKEN_TTL_MINUTES)
            })
            .map(|p| p.offset)
            .ok_or_else(|| ApiError::new(400, 300, "The next page token is invalid or expired.")),
    }
}

/// The bookkeeping of one page of a `total`-item list starting at `offset`: which items it
/// holds (`range`, clamped to the list) and the token for the next page, if any.
pub struct Window {
    pub range: std::ops::Range<usize>,
    pub page_size: usize,
    pub total_records: usize,
    pub page_count: usize,
    pub page_number: usize,
    pub next_page_token: String,
}

/// Lay out the page at `offset` of a `total`-item list and issue the next page's token.
/// Costs O(1): callers build only the items in `range`.
pub fn window(
    store: &mut Store,
    now: DateTime<Utc>,
    key: &str,
    total: usize,
    page_size: usize,
    offset: usize,
) -> Window {
    let start = offset.min(total);
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
    Window {
        range: start..end.max(start),
        page_size,
        total_records: total,
        page_count: total.div_ceil(page_size.max(1)),
        page_number: offset / page_size.max(1) + 1,
        next_page_token,
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
    let offset = offset(store, now, key, token)?;
    let w = window(store, now, key, all.len(), page_size, offset);
    let items: Vec<T> = all
        .into_iter()
        .skip(w.range.start)
        .take(w.range.len())
        .collect();
    Ok(Page {
        items,
        page_size: w.page_size,
        total_records: w.total_records,
        page_count: w.page_count,
        page_number: w.page_number,
        next_page_token: w.next_page_token,
    })
}
