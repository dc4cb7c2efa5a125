//! Demo mode: with no Zoom account, Rollcall runs against zoom-sim in-process on a free
//! loopback port, with its own store, so a new user can try everything without credentials
//! and leaving the demo never mixes demo data with a real account.
//!
//! The demo starts fresh each time it is entered, and again when the app restarts in demo
//! mode: a new simulator (in memory, no snapshot) and a new demo store, seeded with the same
//! organization and meetings (`seed.rs`). What an admin did in the demo is gone after a
//! restart; nothing of the demo ever reaches the real store or the keychain.
//! `App::act_out_meeting` plays a meeting in the simulator (`script.rs`).

pub(crate) mod script;
pub mod seed;

pub use script::SessionCounts;

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::accounts::{Account, Plan};
use crate::error::{AppError, Result};
use crate::paths;
use crate::secrets::Secret;
use crate::store::Store;

pub const DEMO_ACCOUNT_ID: &str = "demo";

pub(crate) struct Demo {
    pub sim: zoom_sim::SimHandle,
    pub store: Store,
    pub account: Account,
    /// The simulator's made-up credential. It is not a real secret, so it is kept in memory
    /// only and never written to the keychain.
    pub secret: Secret<String>,
    pub runner: std::sync::Arc<crate::jobs::Runner>,
}

/// A started demo before its job runner is attached.
pub(crate) struct Started {
    pub sim: zoom_sim::SimHandle,
    pub store: Store,
    pub account: Account,
    pub secret: Secret<String>,
}

impl Started {
    pub fn with_runner(self, runner: std::sync::Arc<crate::jobs::Runner>) -> Demo {
        Demo {
            sim: self.sim,
            store: self.store,
            account: self.account,
            secret: self.secret,
            runner,
        }
    }
}

/// Start the simulator (its clock at `sim_start`) and open an empty demo store.
pub(crate) async fn start(data_dir: &Path, sim_start: DateTime<Utc>) -> Result<Started> {
    let sim_account = zoom_sim::SimAccount::demo();
    let sim = zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![sim_account.clone()],
            start_time: Some(sim_start),
            ..zoom_sim::SimConfig::default()
        },
        0,
    )
    .await
    .map_err(|e| {
        AppError::new(
            crate::error::ErrorCode::Unknown,
            "The demo could not start its simulated Zoom on this computer.",
        )
        .with_detail(e.to_string())
    })?;

    // A new file each time: a store left open by an earlier demo in this process (an `App`
    // dropped without leaving the demo) may still checkpoint and delete its `-wal` by name
    // when its connections close, which must never hit the new store's files.
    let fixed = paths::demo_store_file(data_dir);
    let folder = fixed.parent().unwrap_or(data_dir).to_owned();
    remove_earlier_stores(&folder, &fixed)?;
    let store_path = folder.join(format!(
        "rollcall-demo-{}.db",
        uuid::Uuid::new_v4().simple()
    ));
    let store = Store::open(&store_path).await?;

    let account = Account {
        id: DEMO_ACCOUNT_ID.to_owned(),
        name: "Demo organization".to_owned(),
        account_id: sim_account.account_id.clone(),
        client_id: sim_account.client_id.clone(),
        plan: Plan::Pro,
        api_base: sim.api_base(),
        oauth_base: sim.oauth_base(),
        is_demo: true,
    };
    Ok(Started {
        sim,
        store,
        account,
        secret: Secret::new(sim_account.client_secret),
    })
}

/// Delete the stores of earlier demos (`rollcall-demo*.db`, with their `-wal`/`-shm`).
fn remove_earlier_stores(folder: &Path, fixed: &Path) -> Result<()> {
    let stem = fixed
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("rollcall-demo");
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(AppError::database(e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(stem) || !name.contains(".db") {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(AppError::database(e)),
        }
    }
    Ok(())
}

/// What "Act out this meeting" did in the simulated Zoom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ActOutSummary {
    pub meeting_topic: String,
    /// When the simulated session began and ended (it has just happened, unless it was due).
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    pub counts: SessionCounts,
    /// Who did what, one plain sentence each.
    pub story: Vec<String>,
    /// What to do next.
    pub next: String,
}

impl crate::app::App {
    /// Demo only: play a realistic session of a meeting with invitations in the simulated
    /// Zoom, then end it so an attendance sync finds Zoom's report. The session has just
    /// happened from the app's point of view: a meeting (or a series' next occurrence) still
    /// ahead is first moved, in Zoom and here, to end a minute ago, and the story says so.
    pub async fn act_out_meeting(&self, meeting_ref: &str) -> Result<ActOutSummary> {
        let control = self
            .with_demo(|demo| script::Control::new(demo.sim.control_base()))
            .await
            .map_err(|_| {
                AppError::validation(
                    "Acting out a meeting works only in the demo, where Zoom is simulated. With a \
                     real Zoom account, hold the meeting in Zoom and then sync its attendance.",
                )
            })?;
        let sim_now = self.with_demo_sim(|sim| sim.now()).await?;
        let (account, _) = self.active_client().await?;
        let store = self.store().await;
        let meeting = crate::meetings::resolve(&store, &account.id, meeting_ref).await?;
        if meeting.status != "active" {
            return Err(AppError::validation(
                "This meeting is deleted (here or in Zoom); it cannot be acted out.",
            ));
        }
        // The next session: the first occurrence not over yet in Zoom, or the meeting's own time.
        let parse = |t: &str| crate::jobs::parse_time(t);
        let occurrences = store.occurrence_rows(meeting.id).await?;
        let next = occurrences
            .iter()
            .filter(|o| o.status == "available")
            .filter_map(|o| Some((parse(&o.start_time)?, o)))
            .find(|(t, o)| *t + chrono::Duration::minutes(o.duration_minutes) >= sim_now);
        let (scheduled, length, occurrence) = match next {
            Some((t, o)) => (t, o.duration_minutes, Some(o.occurrence_id.clone())),
            None => (
                parse(&meeting.start_time).unwrap_or(sim_now),
                meeting.duration_minutes,
                None,
            ),
        };
        let length = length.clamp(10, 24 * 60);
        let cast = script::cast(&store, meeting.id, &account.id, occurrence.as_deref()).await?;
        if cast.is_empty() {
            return Err(AppError::validation(
                "Nobody holds a working invitation to this meeting yet. Invite people (and let \
                 the registration finish), then act it out.",
            ));
        }
        // The session is played as something that has just happened, from the app's point of
        // view: a session still ahead (or one Zoom's clock is already past) is first moved, in
        // Zoom and here, to end a minute ago; a series moves only the occurrence played. Zoom
        // takes a new start only in its future, so its clock is first set just before it.
        let now = self.clock().now();
        let playable_as_is = scheduled + chrono::Duration::minutes(length) < now
            && scheduled - chrono::Duration::minutes(3) >= sim_now;
        let mut story = Vec::new();
        let start = if playable_as_is {
            scheduled
        } else {
            let moved = now - chrono::Duration::minutes(length + 1);
            let moved = moved
                - chrono::Duration::seconds(i64::from(chrono::Timelike::second(&moved)))
                - chrono::Duration::nanoseconds(i64::from(chrono::Timelike::nanosecond(&moved)));
            control
                .set_clock(moved - chrono::Duration::minutes(5), true)
                .await?;
            self.move_session(&meeting, occurrence.as_deref(), moved)
                .await?;
            let zone: chrono_tz::Tz = meeting.timezone.parse().unwrap_or(chrono_tz::UTC);
            let show = |t| crate::meetings::time::show_local(t, zone);
            story.push(format!(
                "To act it out now, {} was moved in Zoom from {} to {} ({}), so it has just ended.",
                if occurrence.is_some() {
                    "this occurrence"
                } else {
                    "the meeting"
                },
                show(scheduled),
                show(moved),
                zone.name(),
            ));
            moved
        };
        let guests = vec![
            script::Cast::phone_guest(None),
            self.demo_stranger(meeting.zoom_meeting_id).await?,
        ];
        let session = script::session(
            &cast,
            meeting.zoom_meeting_id,
            start,
            length,
            u64::try_from(meeting.id).unwrap_or(0),
            Some(&guests),
        );
        script::play(&control, &session).await?;
        story.extend(session.story);
        Ok(ActOutSummary {
            meeting_topic: meeting.topic,
            started_at: session.start,
            ended_at: session.end,
            counts: session.counts,
            story,
            next: "Zoom now has this meeting's report: sync its attendance to see who came."
                .to_owned(),
        })
    }

    /// An uninvited guest who registered on the meeting's public page and was approved in
    /// Zoom's portal (the same person each time, so acting out twice keeps one registration).
    async fn demo_stranger(&self, zoom_meeting_id: i64) -> Result<script::Cast> {
        let registered = self
            .with_demo_sim(|sim| {
                sim.seed_registrants(
                    zoom_meeting_id,
                    &[zoom_sim::SeedRegistrant {
                        email: "sam.rivera@mailbox.example".to_owned(),
                        first_name: "Sam".to_owned(),
                        last_name: "R.".to_owned(),
                    }],
                )
            })
            .await?
            .map_err(|e| {
                AppError::new(
                    crate::error::ErrorCode::Unknown,
                    "The simulated Zoom did not accept the demo's guest.",
                )
                .with_detail(e)
            })?;
        let link = registered
            .first()
            .map(|r| r.join_url.clone())
            .unwrap_or_default();
        Ok(script::Cast::guest_with_link("Sam R.", &link))
    }
}
