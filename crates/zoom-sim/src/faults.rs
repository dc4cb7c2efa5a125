//! Injected faults (`POST /_sim/faults`): 429 bursts, a daily cap reached, 5xx answers, slow
//! answers, dropped connections and revoked tokens. Each is consumed by the Zoom requests
//! (`/v2/...` and `/oauth/token`) it matches.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::limits::Category;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultSpec {
    /// The next `count` requests of `category` get the per-second 429.
    RateLimitBurst { category: Category, count: u32 },
    /// The account's daily cap for `category` counts as reached until the next 00:00 UTC.
    DailyCap { category: Category },
    /// The next `count` requests (under `path_prefix`, if given) answer `status` (500/502/503).
    HttpError {
        status: u16,
        #[serde(default = "one")]
        count: u32,
        #[serde(default)]
        path_prefix: Option<String>,
    },
    /// The next `count` requests are delayed by `delay_ms` before being served.
    Slow {
        delay_ms: u64,
        #[serde(default = "one")]
        count: u32,
        #[serde(default)]
        path_prefix: Option<String>,
    },
    /// The next `count` requests get their connection dropped without an HTTP response.
    Reset {
        #[serde(default = "one")]
        count: u32,
        #[serde(default)]
        path_prefix: Option<String>,
    },
    /// Every access token issued so far (for `account_id`, or all accounts) stops working
    /// (answers 124, as Zoom does for a deactivated app, REF §1).
    RevokeTokens {
        #[serde(default)]
        account_id: Option<String>,
    },
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathAction {
    Status(u16),
    Slow(u64),
    Reset,
}

#[derive(Debug, Clone)]
struct PathFault {
    action: PathAction,
    remaining: u32,
    prefix: Option<String>,
}

#[derive(Debug, Default)]
pub struct Faults {
    bursts: HashMap<Category, u32>,
    daily_caps: HashMap<Category, NaiveDate>,
    path: Vec<PathFault>,
}

impl Faults {
    pub fn add(&mut self, spec: &FaultSpec, today: NaiveDate) {
        match spec {
            FaultSpec::RateLimitBurst { category, count } => {
                *self.bursts.entry(*category).or_default() += count;
            }
            FaultSpec::DailyCap { category } => {
                self.daily_caps.insert(*category, today);
            }
            FaultSpec::HttpError {
                status,
                count,
                path_prefix,
            } => self.path.push(PathFault {
                action: PathAction::Status(*status),
                remaining: *count,
                prefix: path_prefix.clone(),
            }),
            FaultSpec::Slow {
                delay_ms,
                count,
                path_prefix,
            } => self.path.push(PathFault {
                action: PathAction::Slow(*delay_ms),
                remaining: *count,
                prefix: path_prefix.clone(),
            }),
            FaultSpec::Reset { count, path_prefix } => self.path.push(PathFault {
                action: PathAction::Reset,
                remaining: *count,
                prefix: path_prefix.clone(),
            }),
            FaultSpec::RevokeTokens { .. } => {}
        }
    }

    pub fn clear(&mut self) {
        *self = Faults::default();
    }

    /// The first pending path fault matching `path`, consumed.
    pub fn take_path(&mut self, path: &str) -> Option<PathAction> {
        let i = self.path.iter().position(|f| {
            f.remaining > 0 && f.prefix.as_deref().is_none_or(|p| path.starts_with(p))
        })?;
        let f = &mut self.path[i];
        f.remaining -= 1;
        let action = f.action;
        if f.remaining == 0 {
            self.path.remove(i);
        }
        Some(action)
    }

    pub fn take_burst(&mut self, cat: Category) -> bool {
        match self.bursts.get_mut(&cat) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        }
    }

    pub fn daily_cap_hit(&self, cat: Category, today: NaiveDate) -> bool {
        let hit = |c: Category| self.daily_caps.get(&c) == Some(&today);
        // Heavy and Resource-intensive share one daily cap (REF §6).
        match cat {
            Category::Heavy | Category::ResourceIntensive => {
                hit(Category::Heavy) || hit(Category::ResourceIntensive)
            }
            c => hit(c),
        }
    }

    pub fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "bursts": self.bursts.iter().map(|(c, n)| (c.header().to_string(), *n)).collect::<HashMap<_, _>>(),
            "daily_caps": self.daily_caps.iter().map(|(c, d)| (c.header().to_string(), d.to_string())).collect::<HashMap<_, _>>(),
            "path_faults": self.path.iter().map(|f| serde_json::json!({
                "action": format!("{:?}", f.action),
                "remaining": f.remaining,
                "path_prefix": f.prefix,
            })).collect::<Vec<_>>(),
        })
    }
}
