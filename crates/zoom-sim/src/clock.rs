//! The sim clock: runs at real speed from a chosen start, and tests can move it.
//!
//! Everything Zoom measures in wall time (token expiry, daily caps, page-token expiry, join and
//! leave times) reads this clock; per-second rate windows use real (tokio) time instead, so a
//! jump of the clock never opens or closes a per-second window.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

#[derive(Debug)]
pub struct SimClock {
    inner: Mutex<Anchor>,
}

#[derive(Debug, Clone, Copy)]
struct Anchor {
    sim: DateTime<Utc>,
    real: Instant,
    /// A frozen clock stands still until moved, so tests get exact times and durations.
    frozen: bool,
}

impl SimClock {
    pub fn new(start: Option<DateTime<Utc>>) -> Self {
        Self {
            inner: Mutex::new(Anchor {
                sim: start.unwrap_or_else(Utc::now),
                real: Instant::now(),
                frozen: false,
            }),
        }
    }

    fn anchor(&self) -> Anchor {
        *self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn now(&self) -> DateTime<Utc> {
        let a = self.anchor();
        if a.frozen {
            return a.sim;
        }
        let elapsed = chrono::Duration::from_std(a.real.elapsed()).unwrap_or_default();
        // Whole milliseconds keep RFC 3339 output and comparisons tidy.
        let t = a.sim.checked_add_signed(elapsed).unwrap_or(a.sim);
        Utc.timestamp_millis_opt(t.timestamp_millis())
            .single()
            .unwrap_or(t)
    }

    pub fn advance(&self, by: Duration) {
        let now = self.now();
        let by = chrono::Duration::from_std(by).unwrap_or_default();
        self.set(now.checked_add_signed(by).unwrap_or(now));
    }

    pub fn set(&self, to: DateTime<Utc>) {
        let mut a = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *a = Anchor {
            sim: to,
            real: Instant::now(),
            frozen: a.frozen,
        };
    }

    /// Stop (or restart) the clock at its current time.
    pub fn freeze(&self, frozen: bool) {
        let now = self.now();
        let mut a = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        *a = Anchor {
            sim: now,
            real: Instant::now(),
            frozen,
        };
    }

    pub fn is_frozen(&self) -> bool {
        self.anchor().frozen
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// Next 00:00:00 UTC after `now`: when Zoom's daily caps reset (REF §6).
pub fn next_midnight(now: DateTime<Utc>) -> DateTime<Utc> {
    let tomorrow = now.date_naive().succ_opt().unwrap_or(now.date_naive());
    Utc.from_utc_datetime(&tomorrow.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// Zoom's timestamp form: `yyyy-MM-ddTHH:mm:ssZ`.
pub fn fmt(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_the_clock_and_midnight_is_next_day() {
        let start = Utc.with_ymd_and_hms(2026, 3, 1, 23, 59, 0).single();
        let c = SimClock::new(start);
        c.advance(Duration::from_secs(120));
        assert_eq!(
            c.today(),
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default()
        );
        let m = next_midnight(c.now());
        assert_eq!(fmt(m), "2026-03-03T00:00:00Z");
    }
}
