//! The rate-limit scheduler: every request of the client passes through here.
//!
//! Zoom limits requests per **account**, by category and plan (REFERENCE §6):
//!
//! | Category | Free | Pro | Business+ |
//! |---|---|---|---|
//! | Light | 4/s | 30/s | 80/s |
//! | Medium | 2/s | 20/s | 60/s |
//! | Heavy | 1/s | 10/s | 40/s |
//! | Resource-intensive | 10/min | 10/min | 20/min |
//!
//! Each category has a GCRA pacer ("one slot every 1/rate seconds"): a request reserves the next
//! free slot and sleeps until it, so a burst of 600 Light requests leaves at an even ~30/s instead
//! of tripping 429s (the design goal: zero 429s in normal work). Slots are handed out in arrival
//! order; concurrency comes from callers pipelining requests (see [`crate::Client::run_paced`]).
//!
//! Daily caps are counted locally and refused before sending once at their cap:
//! - Heavy + Resource-intensive share 30,000/day (Pro) or 60,000/day (Business+); Free has
//!   6,000 Light, 2,000 Medium, 1,000 Heavy per day (KWP, secondary; REFERENCE §6).
//! - Meeting create: 100/day per host `userId` (M25 `meetingCreate`); the host is keyed by the
//!   path value the caller used (`me`, an id or an email are different keys: use one form).
//! - Meeting update: 100 per meeting per 24 h (M25 `meetingUpdate`, "a meeting can be updated
//!   max 100 times"). Keyed by meeting id because PATCH does not name the host.
//! - Registrant add (single or batch): 3/day per registrant (KWP; devforum t/57798), counted per
//!   meeting and lower-cased email: the cap is about registering the same person again, and a
//!   person may well be invited to more than three meetings in a day (REFERENCE §10.8 leaves
//!   the scope open; zoom-sim keys it the same way). A daily 429 from Zoom blocks exactly the
//!   key it names.
//! - Registrant status update: 10/day per registrant (KWP only), per meeting and registrant.
//! - User create with `action=create`: 50 (Free) / 1,500 (Pro) / 10,000 (Business+) per day
//!   (U25 `userCreate`); custCreate is not capped.
//!
//! All counters reset at 00:00 UTC (the 429 texts say "GMT 00:00"). They are kept per client;
//! [`DailyUsage`] lets the caller persist and restore them across runs.

use crate::clock::Clock;
use crate::{ErrorKind, Plan, ZoomError};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Zoom's rate-limit categories (REFERENCE §1 table gives each endpoint's label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Light,
    Medium,
    Heavy,
    ResourceIntensive,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Light,
        Category::Medium,
        Category::Heavy,
        Category::ResourceIntensive,
    ];

    fn index(self) -> usize {
        self as usize
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Light => "light",
            Category::Medium => "medium",
            Category::Heavy => "heavy",
            Category::ResourceIntensive => "resource_intensive",
        }
    }
}

/// A per-category rate: `requests` per `per`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub requests: u32,
    pub per: Duration,
}

impl Rate {
    const fn per_second(requests: u32) -> Self {
        Self {
            requests,
            per: Duration::from_secs(1),
        }
    }
    const fn per_minute(requests: u32) -> Self {
        Self {
            requests,
            per: Duration::from_secs(60),
        }
    }
}

/// The per-second (or per-minute) ceilings of a plan (REFERENCE §6).
pub fn plan_rate(plan: Plan, category: Category) -> Rate {
    use Category::*;
    match (plan, category) {
        (Plan::Free, Light) => Rate::per_second(4),
        (Plan::Free, Medium) => Rate::per_second(2),
        (Plan::Free, Heavy) => Rate::per_second(1),
        (Plan::Free, ResourceIntensive) => Rate::per_minute(10),
        (Plan::Pro, Light) => Rate::per_second(30),
        (Plan::Pro, Medium) => Rate::per_second(20),
        (Plan::Pro, Heavy) => Rate::per_second(10),
        (Plan::Pro, ResourceIntensive) => Rate::per_minute(10),
        (Plan::Business, Light) => Rate::per_second(80),
        (Plan::Business, Medium) => Rate::per_second(60),
        (Plan::Business, Heavy) => Rate::per_second(40),
        (Plan::Business, ResourceIntensive) => Rate::per_minute(20),
    }
}

/// A daily counter's identity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DailyKey {
    /// Category-wide daily cap (Heavy shared with Resource-intensive; Free-plan Light/Medium).
    Category(Category),
    MeetingCreate {
        host: String,
    },
    MeetingUpdate {
        meeting: String,
    },
    /// One registrant (lower-cased email) of one meeting.
    RegistrantAdd {
        meeting: String,
        email: String,
    },
    /// Status updates of one registrant (its id, or lower-cased email) of one meeting.
    RegistrantStatus {
        meeting: String,
        registrant: String,
    },
    /// `POST /users` with `action=create` (account-wide; U25 `userCreate`).
    UserCreate,
}

impl DailyKey {
    /// The stable string form used in [`DailyUsage`].
    pub fn as_string(&self) -> String {
        match self {
            DailyKey::Category(c) => format!("category:{}", c.as_str()),
            DailyKey::MeetingCreate { host } => format!("meeting_create:{host}"),
            DailyKey::MeetingUpdate { meeting } => format!("meeting_update:{meeting}"),
            DailyKey::RegistrantAdd { meeting, email } => {
                format!("registrant_add:{meeting}:{email}")
            }
            DailyKey::RegistrantStatus {
                meeting,
                registrant,
            } => format!("registrant_status:{meeting}:{registrant}"),
            DailyKey::UserCreate => "user_create".to_owned(),
        }
    }

    pub fn registrant(meeting_id: u64, email: &str) -> Self {
        DailyKey::RegistrantAdd {
            meeting: meeting_id.to_string(),
            email: email.trim().to_lowercase(),
        }
    }

    /// A key read back from its [`DailyKey::as_string`] form (`None` for an unknown form).
    pub fn parse(text: &str) -> Option<Self> {
        if text == "user_create" {
            return Some(DailyKey::UserCreate);
        }
        let (kind, rest) = text.split_once(':')?;
        Some(match kind {
            "category" => {
                DailyKey::Category(Category::ALL.into_iter().find(|c| c.as_str() == rest)?)
            }
            "meeting_create" => DailyKey::MeetingCreate {
                host: rest.to_owned(),
            },
            "meeting_update" => DailyKey::MeetingUpdate {
                meeting: rest.to_owned(),
            },
            "registrant_add" => {
                let (meeting, email) = rest.split_once(':')?;
                DailyKey::RegistrantAdd {
                    meeting: meeting.to_owned(),
                    email: email.to_owned(),
                }
            }
            "registrant_status" => {
                let (meeting, registrant) = rest.split_once(':')?;
                DailyKey::RegistrantStatus {
                    meeting: meeting.to_owned(),
                    registrant: registrant.to_owned(),
                }
            }
            _ => return None,
        })
    }

    /// Zoom's daily cap for this counter on `plan` (`None`: no daily cap).
    pub fn daily_cap(&self, plan: Plan) -> Option<u32> {
        self.cap(plan)
    }

    fn cap(&self, plan: Plan) -> Option<u32> {
        match self {
            DailyKey::Category(c) => category_daily_cap(plan, *c),
            DailyKey::MeetingCreate { .. } | DailyKey::MeetingUpdate { .. } => Some(100),
            DailyKey::RegistrantAdd { .. } => Some(3),
            DailyKey::RegistrantStatus { .. } => Some(10),
            DailyKey::UserCreate => Some(match plan {
                Plan::Free => 50,
                Plan::Pro => 1_500,
                Plan::Business => 10_000,
            }),
        }
    }
}

/// Category-wide daily caps (REFERENCE §6). Resource-intensive counts against Heavy's.
pub fn category_daily_cap(plan: Plan, category: Category) -> Option<u32> {
    use Category::*;
    match (plan, category) {
        (Plan::Free, Light) => Some(6_000),
        (Plan::Free, Medium) => Some(2_000),
        (Plan::Free, Heavy | ResourceIntensive) => Some(1_000),
        (Plan::Pro, Heavy | ResourceIntensive) => Some(30_000),
        (Plan::Business, Heavy | ResourceIntensive) => Some(60_000),
        _ => None,
    }
}

/// The category whose daily counter a request spends.
fn daily_category(category: Category) -> Category {
    match category {
        Category::ResourceIntensive => Category::Heavy,
        other => other,
    }
}

/// A snapshot of the local daily counters, for the caller to persist (serializable) and
/// hand back with [`crate::Client::restore_daily_usage`] after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct DailyUsage {
    /// The UTC day the counts belong to. A snapshot of an earlier day restores as empty.
    pub day: Option<NaiveDate>,
    /// `DailyKey::as_string()` → requests sent today.
    #[serde(default)]
    pub counts: BTreeMap<String, u32>,
    /// Kinds of request Zoom stopped with a daily 429, and when Zoom said they may resume.
    #[serde(default)]
    pub blocked_until: BTreeMap<String, DateTime<Utc>>,
}

impl DailyUsage {
    pub fn count(&self, key: &DailyKey) -> u32 {
        self.counts.get(&key.as_string()).copied().unwrap_or(0)
    }
}

/// The Generic Cell Rate Algorithm in its virtual-scheduling form, on nanoseconds.
/// `interval` = 1/rate; `tolerance` = (burst − 1) × interval. Pure, so tests drive it directly.
///
/// Evenly spaced sends at a fraction `f` of the ceiling tolerate `1/f − 1` seconds of arrival
/// jitter within one of Zoom's one-second windows (42 ms at 0.96, 31 ms at 0.97). When a per-second 429 shows
/// that jitter was larger, [`Gcra::back_off`] widens the interval by 3 % (down to 85 % of the
/// configured rate); a minute without another 429 restores it.
#[derive(Debug, Clone)]
pub struct Gcra {
    base_interval_ns: i64,
    interval_ns: i64,
    tolerance_ns: i64,
    /// Theoretical arrival time of the next request.
    tat_ns: i64,
    /// When the last back-off happened, while backed off.
    backed_off_at: Option<i64>,
}

/// How long after the last per-second 429 the pacer returns to its configured rate.
const BACK_OFF_RECOVERY_NS: i64 = 60_000_000_000;

impl Gcra {
    pub fn new(rate: Rate, burst: u32, pacing: f64) -> Self {
        let pacing = if pacing.is_finite() && pacing > 0.0 {
            pacing.min(1.0)
        } else {
            1.0
        };
        let per_ns = rate.per.as_nanos() as f64;
        let interval_ns = (per_ns / (f64::from(rate.requests.max(1)) * pacing)).ceil() as i64;
        Self {
            base_interval_ns: interval_ns,
            interval_ns,
            tolerance_ns: interval_ns * i64::from(burst.max(1) - 1),
            tat_ns: i64::MIN,
            backed_off_at: None,
        }
    }

    /// Reserve the next slot at or after `now_ns`; returns the nanoseconds to wait.
    pub fn reserve(&mut self, now_ns: i64) -> i64 {
        if self
            .backed_off_at
            .is_some_and(|at| now_ns - at > BACK_OFF_RECOVERY_NS)
        {
            self.interval_ns = self.base_interval_ns;
            self.backed_off_at = None;
        }
        let tat = self.tat_ns.max(now_ns);
        let allowed_at = tat - self.tolerance_ns;
        self.tat_ns = tat + self.interval_ns;
        (allowed_at - now_ns).max(0)
    }

    /// Nothing may leave before `until_ns` (after a per-second 429).
    pub fn hold_until(&mut self, until_ns: i64) {
        self.tat_ns = self.tat_ns.max(until_ns + self.tolerance_ns);
    }

    /// A per-second 429 despite pacing: space requests 3 % wider (at most 1/0.85 × base).
    pub fn back_off(&mut self, now_ns: i64) {
        let widest = (self.base_interval_ns as f64 / 0.85) as i64;
        self.interval_ns = ((self.interval_ns as f64 * 1.03) as i64).min(widest);
        self.backed_off_at = Some(now_ns);
    }

    /// The current spacing between slots.
    pub fn interval(&self) -> Duration {
        Duration::from_nanos(self.interval_ns.unsigned_abs())
    }
}

/// Scheduler knobs.
#[derive(Debug, Clone, Copy)]
pub struct PacingOptions {
    /// Fraction of Zoom's ceiling to aim at (default 0.96, tolerating 42 ms of arrival jitter
    /// per window; measured on a loaded 2-core machine, 0.97 (31 ms) let a 429 through in 2 of
    /// 5 benchmark runs). Lower it on jittery links. A little headroom so network jitter
    /// cannot bunch two slots into one of Zoom's windows.
    pub fraction: f64,
    /// Requests that may leave back to back before pacing starts (default 1: evenly spread).
    pub burst: u32,
}

impl Default for PacingOptions {
    fn default() -> Self {
        Self {
            fraction: 0.96,
            burst: 1,
        }
    }
}

struct State {
    pacers: [Gcra; 4],
    /// Monotonic nanoseconds (since `epoch`) before which a category may not send.
    paused_until: [Option<i64>; 4],
    usage: DailyUsage,
}

/// Shared by all clones of a client.
pub(crate) struct Scheduler {
    plan: Plan,
    clock: Arc<dyn Clock>,
    /// Pacing runs on the monotonic clock (a wall-clock step must not stall or burst the
    /// pacers); the injected [`Clock`] drives the daily counters and converts Zoom's
    /// `Retry-After` times.
    epoch: tokio::time::Instant,
    state: Mutex<State>,
}

impl Scheduler {
    pub(crate) fn new(plan: Plan, clock: Arc<dyn Clock>, pacing: PacingOptions) -> Self {
        let pacers =
            Category::ALL.map(|c| Gcra::new(plan_rate(plan, c), pacing.burst, pacing.fraction));
        Self {
            plan,
            clock,
            epoch: tokio::time::Instant::now(),
            state: Mutex::new(State {
                pacers,
                paused_until: [None; 4],
                usage: DailyUsage::default(),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn roll_day(&self, state: &mut State, now: DateTime<Utc>) {
        let today = now.date_naive();
        if state.usage.day != Some(today) {
            state.usage.counts.clear();
            state.usage.day = Some(today);
        }
        state.usage.blocked_until.retain(|_, until| *until > now);
    }

    /// Check every daily counter the request spends and count it, or refuse locally
    /// with `RateLimited { daily: true }` and the reset time. Counted before sending,
    /// because Zoom counts attempts too (conservative).
    pub(crate) fn admit_daily(
        &self,
        category: Category,
        keys: &[DailyKey],
    ) -> Result<(), ZoomError> {
        let now = self.clock.now();
        let mut state = self.lock();
        self.roll_day(&mut state, now);
        let mut all: Vec<DailyKey> = Vec::with_capacity(keys.len() + 1);
        all.push(DailyKey::Category(daily_category(category)));
        all.extend(keys.iter().cloned());
        for key in &all {
            let name = key.as_string();
            if let Some(until) = state.usage.blocked_until.get(&name) {
                return Err(daily_refusal(
                    &name,
                    "Zoom reported its daily limit reached",
                    *until,
                ));
            }
            if let Some(cap) = key.cap(self.plan)
                && state.usage.counts.get(&name).copied().unwrap_or(0) >= cap
            {
                let until = crate::error::next_utc_midnight(now);
                return Err(daily_refusal(
                    &name,
                    &format!("local daily cap of {cap} reached"),
                    until,
                ));
            }
        }
        for key in &all {
            *state.usage.counts.entry(key.as_string()).or_insert(0) += 1;
        }
        Ok(())
    }

    fn mono_ns(&self) -> i64 {
        i64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(i64::MAX)
    }

    /// Wait for this category's next slot (and for any pause after a per-second 429).
    pub(crate) async fn pace(&self, category: Category) {
        let idx = category.index();
        loop {
            let wait = {
                let now = self.mono_ns();
                let mut state = self.lock();
                match state.paused_until[idx] {
                    Some(until) if until > now => state.pacers[idx].hold_until(until),
                    Some(_) => state.paused_until[idx] = None,
                    None => {}
                }
                state.pacers[idx].reserve(now)
            };
            if wait > 0 {
                tokio::time::sleep(Duration::from_nanos(wait.unsigned_abs())).await;
            }
            // A 429 may have paused the category while we slept on an earlier reservation.
            let now = self.mono_ns();
            if self.lock().paused_until[idx].is_none_or(|u| u <= now) {
                return;
            }
        }
    }

    /// A per-second 429: no request of this category leaves before `until` (Zoom's time).
    pub(crate) fn pause(&self, category: Category, until: DateTime<Utc>) {
        let delay = (until - self.clock.now())
            .num_nanoseconds()
            .unwrap_or(0)
            .max(0);
        let until = self.mono_ns().saturating_add(delay);
        let mut state = self.lock();
        let idx = category.index();
        state.paused_until[idx] = Some(state.paused_until[idx].map_or(until, |u| u.max(until)));
        state.pacers[idx].hold_until(until);
        let now = self.mono_ns();
        state.pacers[idx].back_off(now);
    }

    /// A daily 429: stop this kind of request until Zoom's reset time.
    pub(crate) fn block_daily(&self, key: &DailyKey, until: DateTime<Utc>) {
        let mut state = self.lock();
        state.usage.blocked_until.insert(key.as_string(), until);
        if let Some(cap) = key.cap(self.plan) {
            state.usage.counts.insert(key.as_string(), cap);
        }
    }

    pub(crate) fn daily_usage(&self) -> DailyUsage {
        let now = self.clock.now();
        let mut state = self.lock();
        self.roll_day(&mut state, now);
        state.usage.clone()
    }

    /// Restore persisted counters; counts of another day are dropped, blocks still in force kept.
    pub(crate) fn restore_daily_usage(&self, usage: DailyUsage) {
        let now = self.clock.now();
        let mut state = self.lock();
        let today = now.date_naive();
        for (key, until) in usage.blocked_until {
            if until > now {
                state.usage.blocked_until.insert(key, until);
            }
        }
        if usage.day == Some(today) {
            state.usage.day = Some(today);
            for (key, count) in usage.counts {
                let entry = state.usage.counts.entry(key).or_insert(0);
                *entry = (*entry).max(count);
            }
        }
        self.roll_day(&mut state, now);
    }
}

fn daily_refusal(key: &str, why: &str, until: DateTime<Utc>) -> ZoomError {
    ZoomError {
        kind: ErrorKind::RateLimited { daily: true },
        http_status: None,
        zoom_code: None,
        message: format!(
            "not sent: {why} for {key}; resumes at {}",
            until.to_rfc3339()
        ),
        retry_after: Some(until),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    const SEC: i64 = 1_000_000_000;

    #[test]
    fn gcra_spreads_evenly() {
        let mut g = Gcra::new(Rate::per_second(30), 1, 1.0);
        let waits: Vec<i64> = (0..31).map(|_| g.reserve(0)).collect();
        assert_eq!(waits[0], 0);
        assert!((waits[1] - SEC / 30).abs() <= 1);
        // 31 requests at t=0: the 31st leaves one second later, never 31 in one second.
        assert!((waits[30] - SEC).abs() <= 31, "{}", waits[30]);
    }

    #[test]
    fn gcra_counts_in_any_window_stay_under_the_rate() {
        let mut g = Gcra::new(Rate::per_second(10), 1, 0.97);
        let sends: Vec<i64> = (0..200).map(|_| g.reserve(0)).collect();
        for (i, start) in sends.iter().enumerate() {
            let in_window = sends[i..].iter().take_while(|t| **t < start + SEC).count();
            assert!(in_window <= 10, "window at {start} holds {in_window}");
        }
    }

    #[test]
    fn gcra_burst_then_pace() {
        let mut g = Gcra::new(Rate::per_second(10), 3, 1.0);
        let waits: Vec<i64> = (0..5).map(|_| g.reserve(0)).collect();
        assert_eq!(&waits[..3], &[0, 0, 0]);
        assert_eq!(waits[3], SEC / 10);
    }

    #[test]
    fn gcra_idle_time_is_not_banked() {
        let mut g = Gcra::new(Rate::per_second(10), 1, 1.0);
        g.reserve(0);
        assert_eq!(g.reserve(10 * SEC), 0);
        assert_eq!(g.reserve(10 * SEC), SEC / 10);
    }

    #[test]
    fn gcra_backs_off_after_a_429_and_recovers_after_a_quiet_minute() {
        let mut g = Gcra::new(Rate::per_second(10), 1, 1.0);
        assert_eq!(g.interval(), Duration::from_millis(100));
        for _ in 0..20 {
            g.back_off(0);
        }
        assert_eq!(
            g.interval(),
            Duration::from_nanos(117_647_058),
            "floor at 85 % of the rate"
        );
        g.reserve(30 * SEC);
        assert!(g.interval() > Duration::from_millis(100));
        g.reserve(61 * SEC);
        assert_eq!(g.interval(), Duration::from_millis(100));
    }

    #[test]
    fn gcra_hold_until_delays_next_slot() {
        let mut g = Gcra::new(Rate::per_second(10), 1, 1.0);
        g.hold_until(2 * SEC);
        assert_eq!(g.reserve(0), 2 * SEC);
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn daily_keys_read_back_from_their_string_form() {
        let keys = [
            DailyKey::Category(Category::Heavy),
            DailyKey::Category(Category::ResourceIntensive),
            DailyKey::MeetingCreate { host: "h1".into() },
            DailyKey::MeetingUpdate {
                meeting: "85".into(),
            },
            DailyKey::registrant(7, "Ann@X.org"),
            DailyKey::RegistrantStatus {
                meeting: "7".into(),
                registrant: "r:1".into(),
            },
            DailyKey::UserCreate,
        ];
        for key in keys {
            assert_eq!(DailyKey::parse(&key.as_string()), Some(key.clone()));
        }
        assert_eq!(DailyKey::parse("category:nope"), None);
        assert_eq!(DailyKey::parse("something"), None);
        assert_eq!(
            DailyKey::UserCreate.daily_cap(Plan::Free),
            Some(50),
            "the cap is the scheduler's own"
        );
    }

    #[test]
    fn registrant_cap_refuses_the_fourth_add_and_resets_at_midnight() {
        let clock = ManualClock::new(at("2026-11-29T22:00:00Z"));
        let s = Scheduler::new(Plan::Pro, Arc::new(clock.clone()), PacingOptions::default());
        let key = [DailyKey::registrant(7, "Ann@X.org")];
        for _ in 0..3 {
            s.admit_daily(Category::Light, &key).unwrap();
        }
        let err = s.admit_daily(Category::Light, &key).unwrap_err();
        assert_eq!(err.kind, ErrorKind::RateLimited { daily: true });
        assert_eq!(err.retry_after, Some(at("2026-11-30T00:00:00Z")));
        clock.set(at("2026-11-30T00:00:01Z"));
        s.admit_daily(Category::Light, &key).unwrap();
    }

    #[test]
    fn heavy_daily_cap_is_shared_with_resource_intensive() {
        let clock = ManualClock::new(at("2026-11-29T10:00:00Z"));
        let s = Scheduler::new(Plan::Pro, Arc::new(clock), PacingOptions::default());
        let mut usage = DailyUsage {
            day: Some(at("2026-11-29T10:00:00Z").date_naive()),
            ..Default::default()
        };
        usage.counts.insert("category:heavy".into(), 29_999);
        s.restore_daily_usage(usage);
        s.admit_daily(Category::ResourceIntensive, &[]).unwrap();
        assert!(s.admit_daily(Category::Heavy, &[]).is_err());
        assert_eq!(
            s.daily_usage().count(&DailyKey::Category(Category::Heavy)),
            30_000
        );
    }

    #[test]
    fn zoom_daily_block_is_honoured_and_restorable() {
        let clock = ManualClock::new(at("2026-11-29T10:00:00Z"));
        let s = Scheduler::new(Plan::Pro, Arc::new(clock.clone()), PacingOptions::default());
        let key = DailyKey::MeetingCreate { host: "me".into() };
        s.block_daily(&key, at("2026-11-30T00:00:00Z"));
        let snapshot = s.daily_usage();
        let json = serde_json::to_string(&snapshot).unwrap();
        let s2 = Scheduler::new(Plan::Pro, Arc::new(clock.clone()), PacingOptions::default());
        s2.restore_daily_usage(serde_json::from_str(&json).unwrap());
        let err = s2
            .admit_daily(Category::Medium, std::slice::from_ref(&key))
            .unwrap_err();
        assert_eq!(err.retry_after, Some(at("2026-11-30T00:00:00Z")));
        // Other hosts are unaffected.
        s2.admit_daily(
            Category::Medium,
            &[DailyKey::MeetingCreate { host: "u2".into() }],
        )
        .unwrap();
        clock.set(at("2026-11-30T00:00:00Z") + chrono::Duration::seconds(1));
        s2.admit_daily(Category::Medium, &[key]).unwrap();
    }

    #[test]
    fn old_snapshot_restores_empty() {
        let clock = ManualClock::new(at("2026-11-29T10:00:00Z"));
        let s = Scheduler::new(Plan::Pro, Arc::new(clock), PacingOptions::default());
        let mut usage = DailyUsage {
            day: Some(at("2026-11-28T10:00:00Z").date_naive()),
            ..Default::default()
        };
        usage.counts.insert("registrant_add:7:a@x.org".into(), 3);
        s.restore_daily_usage(usage);
        s.admit_daily(Category::Light, &[DailyKey::registrant(7, "a@x.org")])
            .unwrap();
    }
}
