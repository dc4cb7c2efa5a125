//! Seeding what Zoom holds without going through the REST API: demo mode fills a simulated
//! account with a few hundred users and registrants in milliseconds, where the API (paced by
//! Zoom's rate limits) would take seconds. What is seeded is exactly what the matching API
//! calls would have created (`POST /users` with `custCreate`, `POST /meetings/{id}/registrants`
//! with `auto_approve`), drawn from the same seeded random source, so it stays repeatable.

use crate::SimHandle;
use crate::registrants::{self, NewRegistrant};
use crate::state::User;
use crate::{Plan, ids};

/// A user as `POST /users` with `action: custCreate` creates it.
#[derive(Debug, Clone)]
pub struct SeedUser {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// Licensed (type 2) or Basic (type 1).
    pub licensed: bool,
}

/// A person registering (as `POST /meetings/{id}/registrants` with `auto_approve`).
#[derive(Debug, Clone)]
pub struct SeedRegistrant {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// What Zoom answers a registration with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededRegistrant {
    pub registrant_id: String,
    pub join_url: String,
    pub participant_pin_code: i64,
}

impl SimHandle {
    /// Create active API (`custCreate`) users in `account_id`; returns their Zoom user ids in
    /// order. An email already used keeps its existing user (as provisioning links it).
    pub fn seed_users(&self, account_id: &str, users: &[SeedUser]) -> Result<Vec<String>, String> {
        let now = self.app.clock.now();
        let mut s = self.app.store();
        if s.account(account_id).is_none() {
            return Err(format!("No simulated account {account_id}."));
        }
        let free = s.plan(account_id) == Plan::Free;
        let mut out = Vec::with_capacity(users.len());
        for u in users {
            if let Some(existing) = s
                .users
                .values()
                .find(|x| x.email.eq_ignore_ascii_case(&u.email))
            {
                out.push(existing.id.clone());
                continue;
            }
            let mut id = ids::user_id(&mut s.rng);
            while s.users.contains_key(&id) {
                id = ids::user_id(&mut s.rng);
            }
            let pmi = 1_000_000_000 + ids::pin(&mut s.rng);
            let user = User {
                id: id.clone(),
                account_id: account_id.to_owned(),
                email: u.email.clone(),
                first_name: u.first_name.clone(),
                last_name: u.last_name.clone(),
                display_name: format!("{} {}", u.first_name, u.last_name)
                    .trim()
                    .to_owned(),
                user_type: if u.licensed && !free { 2 } else { 1 },
                status: "active".into(),
                login_type: 99,
                action: "custCreate".into(),
                pmi,
                created_at: now,
            };
            s.users.insert(id.clone(), user);
            out.push(id);
        }
        Ok(out)
    }

    /// Register people for a meeting that requires registration, approved at once; returns
    /// each registration in order. Zoom's own checks apply (registration on, no host, capacity).
    pub fn seed_registrants(
        &self,
        meeting_id: i64,
        people: &[SeedRegistrant],
    ) -> Result<Vec<SeededRegistrant>, String> {
        let now = self.app.clock.now();
        let base = self.app.base();
        let mut s = self.app.store();
        let mut out = Vec::with_capacity(people.len());
        for p in people {
            let r = registrants::add(
                &mut s,
                meeting_id,
                NewRegistrant {
                    email: p.email.clone(),
                    first_name: p.first_name.clone(),
                    last_name: p.last_name.clone(),
                    extra: Default::default(),
                },
                true,
                None,
                now,
                None,
            )
            .map_err(|e| format!("{} ({})", e.message, e.code))?;
            out.push(SeededRegistrant {
                join_url: registrants::registrant_join_url(&base, meeting_id, &r),
                registrant_id: r.id,
                participant_pin_code: r.pin,
            });
        }
        Ok(out)
    }

    /// Change a meeting as someone would in Zoom's web portal (no API call, no daily cap):
    /// used to show what Rollcall does when a meeting drifts.
    pub fn edit_meeting_in_portal(
        &self,
        meeting_id: i64,
        topic: Option<&str>,
        duration_minutes: Option<i64>,
    ) -> Result<(), String> {
        let mut s = self.app.store();
        let m = s
            .meetings
            .get_mut(&meeting_id)
            .ok_or_else(|| format!("No meeting {meeting_id}."))?;
        if let Some(t) = topic {
            m.topic = t.to_owned();
        }
        if let Some(d) = duration_minutes {
            m.duration = d;
            for o in &mut m.occurrences {
                o.duration = d;
            }
        }
        Ok(())
    }
}
