//! Optional snapshot of what Zoom holds to a JSON file (`SimConfig::snapshot`), so demo mode
//! keeps its users, meetings, registrants and past instances across restarts. Access tokens,
//! page tokens and live participants are not kept: an instance still running when the
//! snapshot was taken is loaded as ended at that time.

use std::io;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::state::{Instance, Meeting, Store, User};

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Snapshot {
    version: u32,
    saved_at: DateTime<Utc>,
    users: Vec<User>,
    meetings: Vec<Meeting>,
    instances: Vec<Instance>,
    daily: Vec<(String, NaiveDate, u64)>,
}

/// Write the snapshot atomically (temporary file, then rename).
pub fn save(app: &App, path: &Path) -> io::Result<()> {
    let snap = {
        let s = app.store();
        Snapshot {
            version: VERSION,
            saved_at: app.now(),
            users: s.users.values().cloned().collect(),
            meetings: s.meetings.values().cloned().collect(),
            instances: s.instances.clone(),
            daily: s
                .daily
                .iter()
                .map(|(k, (d, n))| (k.clone(), *d, *n))
                .collect(),
        }
    };
    let text = serde_json::to_vec_pretty(&snap).map_err(io::Error::other)?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// Load a snapshot into a fresh store. Returns when it was taken; `Ok(None)` when the file
/// does not exist yet.
pub fn load(store: &mut Store, path: &Path) -> io::Result<Option<DateTime<Utc>>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let snap: Snapshot = serde_json::from_slice(&bytes).map_err(io::Error::other)?;
    if snap.version != VERSION {
        return Err(io::Error::other(format!(
            "snapshot version {} is not {VERSION}",
            snap.version
        )));
    }
    // The configured accounts keep the owners the snapshot knew (same email, same id).
    for account in &mut store.accounts {
        let email = &account.config.owner_email;
        if let Some(old) = snap
            .users
            .iter()
            .find(|u| u.account_id == account.config.account_id && u.email == *email)
        {
            store.users.remove(&account.owner_id);
            account.owner_id = old.id.clone();
        }
    }
    for u in snap.users {
        store.users.insert(u.id.clone(), u);
    }
    store.instances = snap.instances;
    for inst in &mut store.instances {
        if inst.end_time.is_none() {
            inst.end_time = Some(snap.saved_at);
            for r in inst.rows.iter_mut().filter(|r| r.leave_time.is_none()) {
                r.leave_time = Some(snap.saved_at);
            }
        }
    }
    for mut m in snap.meetings {
        m.live_instance = None;
        if let Some(t) = &m.registration_token {
            store.registration_links.insert(t.clone(), m.id);
        }
        for r in &m.registrants {
            store
                .reg_tokens
                .insert(r.token.clone(), (m.id, r.id.clone()));
        }
        store.meetings.insert(m.id, m);
    }
    for (k, d, n) in snap.daily {
        store.daily.insert(k, (d, n));
    }
    // Draw new ids from a stream the first run did not use, so they cannot collide with the
    // loaded ones (still repeatable: it depends only on the seed and the snapshot).
    let salt = snap.saved_at.timestamp_millis() as u64
        ^ ((store.users.len() as u64) << 32)
        ^ ((store.meetings.len() as u64) << 16)
        ^ store.instances.len() as u64;
    store.rng = rand::SeedableRng::seed_from_u64(store.rng.random::<u64>() ^ salt);
    Ok(Some(snap.saved_at))
}
