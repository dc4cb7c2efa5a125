//! A request described as data: method, path, query, JSON body, and what the scheduler needs to
//! know about it (rate category, whether a retry could duplicate work, daily counters spent).
//!
//! Handlers in `api/` only build [`RequestSpec`]s; `Client::execute` sends them. The split
//! keeps every endpoint on one request path (auth, pacing, retries, error mapping).

use crate::ZoomError;
use crate::scheduler::{Category, DailyKey};
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct RequestSpec {
    pub method: http::Method,
    /// The spec's path template, e.g. `/meetings/{meetingId}/registrants`; for logs and tests.
    pub template: &'static str,
    /// The encoded path below `api_base`, e.g. `/meetings/85746065/registrants`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    pub category: Category,
    /// True when sending it twice cannot duplicate work (GET, DELETE, PUT status): only these
    /// are retried after a network error or 5xx.
    pub idempotent: bool,
    /// Daily counters this request spends besides its category's.
    pub daily: Vec<DailyKey>,
}

impl RequestSpec {
    pub(crate) fn new(
        method: http::Method,
        template: &'static str,
        path: String,
        category: Category,
    ) -> Self {
        let idempotent = matches!(
            method,
            http::Method::GET | http::Method::DELETE | http::Method::PUT
        );
        Self {
            method,
            template,
            path,
            query: Vec::new(),
            body: None,
            category,
            idempotent,
            daily: Vec::new(),
        }
    }

    pub(crate) fn get(template: &'static str, path: String, category: Category) -> Self {
        Self::new(http::Method::GET, template, path, category)
    }

    pub(crate) fn query(mut self, name: &str, value: impl ToString) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    pub(crate) fn query_opt(self, name: &str, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(name, v),
            None => self,
        }
    }

    pub(crate) fn json<T: Serialize>(mut self, body: &T) -> Result<Self, ZoomError> {
        let value = serde_json::to_value(body).map_err(|e| {
            ZoomError::new(
                crate::ErrorKind::Rejected,
                format!("could not encode the request body: {e}"),
            )
        })?;
        self.body = Some(value);
        Ok(self)
    }

    pub(crate) fn daily(mut self, key: DailyKey) -> Self {
        self.daily.push(key);
        self
    }

    /// Replace or add a query parameter (paging sets `next_page_token`).
    pub(crate) fn set_query(&mut self, name: &str, value: Option<&str>) {
        self.query.retain(|(n, _)| n != name);
        if let Some(v) = value {
            self.query.push((name.to_owned(), v.to_owned()));
        }
    }
}
