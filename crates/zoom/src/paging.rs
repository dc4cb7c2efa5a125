//! Listings as async streams over `next_page_token` (M25/U25 list endpoints).
//!
//! - The first request asks for the largest page the endpoint allows (300; REFERENCE §2–§5).
//! - Pages of one listing are fetched one after another (each needs the previous token); items
//!   are yielded as they arrive.
//! - **Expired page tokens.** Zoom's tokens expire after 15 minutes and Zoom then answers code 300
//!   "next page token invalid or expired" (Z23 `reportMeetingParticipants`). The stream then
//!   restarts the listing from the first page and skips every item it already yielded, compared
//!   by the item's [`PageItem::dedup_key`] (a registrant's id, a participant row's whole identity
//!   …). The caller sees each item once, in a complete listing. At most 3 restarts per listing.
//! - A page that repeats its own token ends the listing rather than looping forever.

use crate::ZoomError;
use crate::client::{Client, decode};
use crate::request::RequestSpec;
use futures::Stream;
use futures::stream::BoxStream;
use serde::de::DeserializeOwned;
use std::collections::{HashSet, VecDeque};

/// Restarts allowed after an expired page token.
const MAX_RESTARTS: u32 = 3;

/// One page of a listing.
pub trait Page: DeserializeOwned + Send + 'static {
    type Item: PageItem;
    /// The items and the token of the next page (`None` or empty: last page).
    fn into_parts(self) -> (Vec<Self::Item>, Option<String>);
}

/// An item of a listing, with the identity used to de-duplicate after a restart.
pub trait PageItem: Send + 'static {
    fn dedup_key(&self) -> String;
}

/// The stream type every listing returns.
pub type ZoomStream<T> = BoxStream<'static, Result<T, ZoomError>>;

/// True for Zoom's "next page token invalid or expired" (code 300).
pub(crate) fn is_page_token_expired(error: &ZoomError) -> bool {
    let lower = error.message.to_ascii_lowercase();
    error.zoom_code == Some(300)
        && lower.contains("token")
        && (lower.contains("expired") || lower.contains("invalid"))
}

struct State<P: Page> {
    client: Client,
    spec: RequestSpec,
    next: Option<String>,
    buffer: VecDeque<P::Item>,
    seen: HashSet<String>,
    restarts: u32,
    done: bool,
}

pub(crate) fn paginate<P: Page>(client: Client, spec: RequestSpec) -> ZoomStream<P::Item> {
    let state = State::<P> {
        client,
        spec,
        next: None,
        buffer: VecDeque::new(),
        seen: HashSet::new(),
        restarts: 0,
        done: false,
    };
    Box::pin(futures::stream::unfold(state, step::<P>))
}

async fn step<P: Page>(mut s: State<P>) -> Option<(Result<P::Item, ZoomError>, State<P>)> {
    loop {
        if let Some(item) = s.buffer.pop_front() {
            return Some((Ok(item), s));
        }
        if s.done {
            return None;
        }
        let mut spec = s.spec.clone();
        spec.set_query("next_page_token", s.next.as_deref());
        let page = match s.client.execute(&spec).await {
            Ok(response) => decode::<P>(&response.body, &spec, response.status),
            Err(e) => Err(e),
        };
        match page {
            Ok(page) => {
                let (items, next) = page.into_parts();
                for item in items {
                    if s.seen.insert(item.dedup_key()) {
                        s.buffer.push_back(item);
                    }
                }
                let next = next.filter(|t| !t.is_empty());
                s.done = next.is_none() || next == s.next;
                s.next = next;
            }
            Err(e)
                if s.next.is_some() && is_page_token_expired(&e) && s.restarts < MAX_RESTARTS =>
            {
                s.restarts += 1;
                tracing::info!(request = %s.spec.template, restart = s.restarts, "page token expired; restarting the listing");
                s.next = None;
            }
            Err(e) => {
                s.done = true;
                return Some((Err(e), s));
            }
        }
    }
}

/// Collect a stream into a `Vec`, stopping at the first error.
pub async fn collect_all<T>(
    stream: impl Stream<Item = Result<T, ZoomError>>,
) -> Result<Vec<T>, ZoomError> {
    use futures::TryStreamExt;
    stream.try_collect().await
}
