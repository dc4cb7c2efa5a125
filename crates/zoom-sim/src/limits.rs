//! Zoom's account rate limits (REF §6): per-second windows per category and plan, daily caps,
//! and the `X-RateLimit-*` headers. Also the endpoint table: category and scopes per
//! endpoint (REF §1 "Scopes per endpoint").

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::Method;
use serde::Deserialize;

use crate::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Light,
    Medium,
    Heavy,
    ResourceIntensive,
}

impl Category {
    /// The `X-RateLimit-Category` value.
    pub fn header(self) -> &'static str {
        match self {
            Category::Light => "Light",
            Category::Medium => "Medium",
            Category::Heavy => "Heavy",
            Category::ResourceIntensive => "Resource-intensive",
        }
    }

    /// (requests, window). REF §6 table: Pro / Business+ from the marketplace rate-limits
    /// page, Free from KWP `rate-limits.md` (secondary).
    pub fn window(self, plan: Plan) -> (usize, Duration) {
        let sec = Duration::from_secs(1);
        let min = Duration::from_secs(60);
        match (plan, self) {
            (Plan::Free, Category::Light) => (4, sec),
            (Plan::Free, Category::Medium) => (2, sec),
            (Plan::Free, Category::Heavy) => (1, sec),
            (Plan::Free, Category::ResourceIntensive) => (10, min),
            (Plan::Pro, Category::Light) => (30, sec),
            (Plan::Pro, Category::Medium) => (20, sec),
            (Plan::Pro, Category::Heavy) => (10, sec),
            (Plan::Pro, Category::ResourceIntensive) => (10, min),
            (Plan::Business, Category::Light) => (80, sec),
            (Plan::Business, Category::Medium) => (60, sec),
            (Plan::Business, Category::Heavy) => (40, sec),
            (Plan::Business, Category::ResourceIntensive) => (20, min),
        }
    }

    /// Daily account cap and the bucket it counts in. Heavy and Resource-intensive share one
    /// cap (REF §6: Pro 30,000, Business+ 60,000); Free has caps on every category (KWP).
    pub fn daily(self, plan: Plan) -> Option<(u64, &'static str)> {
        match (plan, self) {
            (Plan::Free, Category::Light) => Some((6_000, "light")),
            (Plan::Free, Category::Medium) => Some((2_000, "medium")),
            (Plan::Free, _) => Some((1_000, "heavy")),
            (Plan::Pro, Category::Heavy | Category::ResourceIntensive) => Some((30_000, "heavy")),
            (Plan::Business, Category::Heavy | Category::ResourceIntensive) => {
                Some((60_000, "heavy"))
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// `METHOD /v2/path/{param}`, the key for request counts.
    pub name: &'static str,
    pub category: Category,
    /// Any one of these scopes grants access (classic and granular forms, REF §1).
    pub scopes: &'static [&'static str],
}

macro_rules! ep {
    ($name:expr, $cat:ident, [$($s:expr),*]) => {
        Endpoint { name: $name, category: Category::$cat, scopes: &[$($s),*] }
    };
}

/// Category and scopes per endpoint, from REF §1's table (U25/M25 `x-extensions`, Z23 for
/// the dashboard).
pub fn endpoint(method: &Method, path: &str) -> Option<Endpoint> {
    let m = method.as_str();
    Some(match (m, path) {
        ("POST", "/v2/users") => ep!(
            "POST /v2/users",
            Light,
            ["user:write", "user:write:admin", "user:write:user:admin"]
        ),
        ("GET", "/v2/users") => ep!(
            "GET /v2/users",
            Medium,
            [
                "user:read",
                "user:write",
                "user:read:admin",
                "user:write:admin",
                "user:read:list_users:admin"
            ]
        ),
        ("GET", "/v2/users/{user_id}") => ep!(
            "GET /v2/users/{userId}",
            Light,
            [
                "user:read",
                "user:write",
                "user:read:admin",
                "user:write:admin",
                "user_profile",
                "user_info:read",
                "user:read:user",
                "user:read:user:admin"
            ]
        ),
        ("DELETE", "/v2/users/{user_id}") => ep!(
            "DELETE /v2/users/{userId}",
            Light,
            [
                "user:write:admin",
                "user:write",
                "user:delete:user",
                "user:delete:user:admin"
            ]
        ),
        ("GET", "/v2/users/{user_id}/token") => ep!(
            "GET /v2/users/{userId}/token",
            Light,
            [
                "user:read",
                "user:read:admin",
                "user:write",
                "user:write:admin",
                "user_profile",
                "user:read:token",
                "user:read:token:admin"
            ]
        ),
        ("POST", "/v2/users/{user_id}/meetings") => ep!(
            "POST /v2/users/{userId}/meetings",
            Medium,
            [
                "meeting:write:admin",
                "meeting:write",
                "meeting:write:meeting",
                "meeting:write:meeting:admin"
            ]
        ),
        ("GET", "/v2/users/{user_id}/meetings") => ep!(
            "GET /v2/users/{userId}/meetings",
            Medium,
            [
                "meeting:read:admin",
                "meeting:read",
                "meeting:read:list_meetings",
                "meeting:read:list_meetings:admin"
            ]
        ),
        ("GET", "/v2/meetings/{meeting_id}") => ep!(
            "GET /v2/meetings/{meetingId}",
            Light,
            [
                "meeting:read",
                "meeting:read:admin",
                "meeting:read:meeting",
                "meeting:read:meeting:admin"
            ]
        ),
        ("PATCH", "/v2/meetings/{meeting_id}") => ep!(
            "PATCH /v2/meetings/{meetingId}",
            Light,
            [
                "meeting:write",
                "meeting:write:admin",
                "meeting:update:meeting",
                "meeting:update:meeting:admin"
            ]
        ),
        ("DELETE", "/v2/meetings/{meeting_id}") => ep!(
            "DELETE /v2/meetings/{meetingId}",
            Light,
            [
                "meeting:write",
                "meeting:write:admin",
                "meeting:delete:meeting",
                "meeting:delete:meeting:admin"
            ]
        ),
        ("POST", "/v2/meetings/{meeting_id}/registrants") => ep!(
            "POST /v2/meetings/{meetingId}/registrants",
            Light,
            [
                "meeting:write",
                "meeting:write:admin",
                "meeting:write:registrant",
                "meeting:write:registrant:admin"
            ]
        ),
        ("GET", "/v2/meetings/{meeting_id}/registrants") => ep!(
            "GET /v2/meetings/{meetingId}/registrants",
            Medium,
            [
                "meeting:read",
                "meeting:read:admin",
                "meeting:read:list_registrants",
                "meeting:read:list_registrants:admin"
            ]
        ),
        ("GET", "/v2/meetings/{meeting_id}/registrants/{registrant_id}") => ep!(
            "GET /v2/meetings/{meetingId}/registrants/{registrantId}",
            Light,
            [
                "meeting:read",
                "meeting:read:admin",
                "meeting:read:registrant",
                "meeting:read:registrant:admin"
            ]
        ),
        ("PUT", "/v2/meetings/{meeting_id}/registrants/status") => ep!(
            "PUT /v2/meetings/{meetingId}/registrants/status",
            Medium,
            [
                "meeting:write",
                "meeting:write:admin",
                "meeting:update:registrant_status",
                "meeting:update:registrant_status:admin"
            ]
        ),
        ("DELETE", "/v2/meetings/{meeting_id}/registrants/{registrant_id}") => ep!(
            "DELETE /v2/meetings/{meetingId}/registrants/{registrantId}",
            Light,
            [
                "meeting:write",
                "meeting:write:admin",
                "meeting:delete:registrant",
                "meeting:delete:registrant:admin"
            ]
        ),
        ("POST", "/v2/meetings/{meeting_id}/batch_registrants") => ep!(
            "POST /v2/meetings/{meetingId}/batch_registrants",
            Heavy,
            [
                "meeting:write",
                "meeting:write:admin",
                "meeting:write:batch_registrants",
                "meeting:write:batch_registrants:admin"
            ]
        ),
        ("GET", "/v2/past_meetings/{meeting_id}") => ep!(
            "GET /v2/past_meetings/{meetingId}",
            Light,
            [
                "meeting:read",
                "meeting:read:admin",
                "meeting:read:past_meeting",
                "meeting:read:past_meeting:admin"
            ]
        ),
        ("GET", "/v2/past_meetings/{meeting_id}/instances") => ep!(
            "GET /v2/past_meetings/{meetingId}/instances",
            Medium,
            [
                "meeting:read",
                "meeting:read:admin",
                "meeting:read:list_past_instances",
                "meeting:read:list_past_instances:admin"
            ]
        ),
        ("GET", "/v2/past_meetings/{meeting_id}/participants") => ep!(
            "GET /v2/past_meetings/{meetingId}/participants",
            Medium,
            [
                "meeting:read",
                "meeting:read:admin",
                "meeting:read:list_past_participants",
                "meeting:read:list_past_participants:admin"
            ]
        ),
        ("GET", "/v2/report/meetings/{meeting_id}") => ep!(
            "GET /v2/report/meetings/{meetingId}",
            Heavy,
            ["report:read:admin", "report:read:meeting:admin"]
        ),
        ("GET", "/v2/report/meetings/{meeting_id}/participants") => ep!(
            "GET /v2/report/meetings/{meetingId}/participants",
            Heavy,
            [
                "report:read:admin",
                "report:read:list_meeting_participants:admin"
            ]
        ),
        ("GET", "/v2/metrics/meetings/{meeting_id}/participants") => ep!(
            "GET /v2/metrics/meetings/{meetingId}/participants",
            Heavy,
            [
                "dashboard_meetings:read:admin",
                "dashboard:read:admin",
                "dashboard:read:list_meeting_participants:admin"
            ]
        ),
        _ => return None,
    })
}

/// Scopes an app gets when `SimAccount::scopes` is `None`: the classic admin scopes.
pub const ALL_SCOPES: &[&str] = &[
    "user:read:admin",
    "user:write:admin",
    "meeting:read:admin",
    "meeting:write:admin",
    "report:read:admin",
    "dashboard_meetings:read:admin",
];

/// Sliding-window log per (account, category): "N per second" means at most N requests in
/// any window of one second, measured on real (tokio) time.
#[derive(Debug, Default)]
pub struct Limiter {
    windows: Mutex<HashMap<(String, Category), VecDeque<Instant>>>,
}

pub struct Admit {
    pub limit: usize,
    pub remaining: usize,
}

pub struct Refuse {
    pub limit: usize,
    pub retry_after: Duration,
}

impl Limiter {
    pub fn check(&self, account: &str, cat: Category, plan: Plan) -> Result<Admit, Refuse> {
        let (limit, window) = cat.window(plan);
        let now = Instant::now();
        let mut map = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let log = map.entry((account.to_string(), cat)).or_default();
        while log
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            log.pop_front();
        }
        if log.len() >= limit {
            let oldest = log.front().copied().unwrap_or(now);
            return Err(Refuse {
                limit,
                retry_after: window.saturating_sub(now.duration_since(oldest)),
            });
        }
        log.push_back(now);
        Ok(Admit {
            limit,
            remaining: limit - log.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleventh_heavy_request_in_a_second_is_refused_on_pro() {
        let l = Limiter::default();
        for _ in 0..10 {
            assert!(l.check("a", Category::Heavy, Plan::Pro).is_ok());
        }
        assert!(l.check("a", Category::Heavy, Plan::Pro).is_err());
        assert!(l.check("b", Category::Heavy, Plan::Pro).is_ok());
    }
}
