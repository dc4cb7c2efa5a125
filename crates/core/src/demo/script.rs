//! Acting out a meeting in the simulated Zoom, through its control API (`/_sim/...`): the host
//! starts it, people join with their own links (or dial in with their PIN), the host admits
//! them from the waiting room, some come late, leave early or rejoin, a few never come, guests
//! turn up, and the host ends it. Zoom then reports the participant rows exactly as it would
//! for a real meeting, ready for an attendance sync.
//!
//! Who does what is decided by a seeded shuffle, so a session is the same every time for the
//! same people and seed.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{AppError, ErrorCode, Result};
use crate::invitations::full_name;
use crate::store::Store;

/// The simulator's control API.
pub(crate) struct Control {
    http: reqwest::Client,
    base: String,
}

impl Control {
    pub fn new(base: String) -> Self {
        Self {
            http: reqwest::Client::new(),
            base,
        }
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        let url = format!("{}{path}", self.base);
        let response = self
            .http
            .post(&url)
            .json(&body)
            .send()
            .await
            .map_err(|e| trouble(path, e))?;
        let status = response.status();
        let value: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            return Err(trouble(path, format!("{status}: {value}")));
        }
        Ok(value)
    }

    pub async fn set_clock(&self, now: DateTime<Utc>, frozen: bool) -> Result<()> {
        self.post(
            "/clock/set",
            json!({ "now": now.to_rfc3339(), "frozen": frozen }),
        )
        .await
        .map(drop)
    }

    async fn act(&self, act: &Act, zoom_id: i64) -> Result<Option<String>> {
        match act {
            Act::Start => self
                .post(&format!("/meetings/{zoom_id}/start"), json!({}))
                .await
                .map(|_| None),
            Act::End => self
                .post(&format!("/meetings/{zoom_id}/end"), json!({}))
                .await
                .map(|_| None),
            Act::Join {
                url,
                phone,
                pin,
                name,
                device,
                ..
            } => {
                let mut body = json!({ "join_url": url, "device": device });
                if *phone {
                    body["phone"] = json!(true);
                }
                if let Some(pin) = pin {
                    body["pin"] = json!(pin);
                }
                if let Some(name) = name {
                    body["name"] = json!(name);
                }
                let v = self.post("/join", body).await?;
                Ok(v["participant"]
                    .as_str()
                    .or_else(|| v["waiting"].as_str())
                    .map(str::to_owned))
            }
            // Played by `play`, which knows the handles.
            Act::Admit { .. } | Act::Leave { .. } => Ok(None),
        }
    }
}

fn trouble(what: &str, detail: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Unknown,
        "The simulated Zoom did not play the meeting as expected. Leave the demo and try again.",
    )
    .with_detail(format!("{what}: {detail}"))
}

/// Someone who may take part: an invited person with their own link and phone PIN, or a guest.
#[derive(Debug, Clone)]
pub(crate) struct Cast {
    pub name: String,
    pub join_url: String,
    pub pin: Option<i64>,
    /// Dials in by phone.
    pub phone: bool,
    /// The name a phone caller gives (none: Zoom shows the masked number).
    pub typed_name: Option<String>,
    pub guest: bool,
}

impl Cast {
    pub fn phone_guest(name: Option<String>) -> Self {
        Self {
            name: name.clone().unwrap_or_else(|| "A caller".to_owned()),
            join_url: String::new(),
            pin: None,
            phone: true,
            typed_name: name,
            guest: true,
        }
    }

    pub fn guest_with_link(name: &str, join_url: &str) -> Self {
        Self {
            name: name.to_owned(),
            join_url: join_url.to_owned(),
            pin: None,
            phone: false,
            typed_name: None,
            guest: true,
        }
    }
}

/// The invited people of a meeting who hold a working link (one per person; for a meeting
/// registered per occurrence, the given occurrence's).
pub(crate) async fn cast(
    store: &Store,
    meeting_id: i64,
    account_id: &str,
    occurrence: Option<&str>,
) -> Result<Vec<Cast>> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for row in store.invitation_rows(meeting_id, account_id).await? {
        if row.status != "registered" {
            continue;
        }
        if let Some(o) = occurrence
            && !row.occurrence_id.is_empty()
            && row.occurrence_id != o
        {
            continue;
        }
        let Some(url) = row.join_url.clone() else {
            continue;
        };
        if !seen.insert(row.person_id) {
            continue;
        }
        out.push(Cast {
            name: full_name(&row.first_name, &row.last_name),
            join_url: url,
            pin: row.phone_pin.as_deref().and_then(|p| p.parse().ok()),
            phone: false,
            typed_name: None,
            guest: false,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone)]
pub(crate) enum Act {
    Start,
    Join {
        key: String,
        url: String,
        phone: bool,
        pin: Option<i64>,
        name: Option<String>,
        device: &'static str,
    },
    Admit {
        handle_of: String,
    },
    Leave {
        handle_of: String,
    },
    End,
}

#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub at: DateTime<Utc>,
    pub act: Act,
}

/// What the session did, counted and told in plain sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionCounts {
    /// Invited people with a link.
    pub invited: u32,
    pub on_time: u32,
    pub late: u32,
    pub left_early: u32,
    pub rejoined: u32,
    pub two_devices: u32,
    pub waiting_room: u32,
    /// Invited people who never joined (the one whose link someone else used included).
    pub absent: u32,
    pub used_someone_elses_link: u32,
    pub guests: u32,
}

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub zoom_meeting_id: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub steps: Vec<Step>,
    pub counts: SessionCounts,
    pub story: Vec<String>,
}

const DEVICES: [&str; 4] = ["Mac", "Windows", "iOS", "Android"];

fn minutes(m: i64) -> Duration {
    Duration::minutes(m)
}

/// Plan a realistic session of `length` minutes scheduled at `start`.
pub(crate) fn session(
    cast: &[Cast],
    zoom_meeting_id: i64,
    start: DateTime<Utc>,
    length: i64,
    seed: u64,
    guests: Option<&[Cast]>,
) -> Session {
    let mut rng = StdRng::seed_from_u64(seed);
    let end = start + minutes(length);
    let mut steps = vec![Step {
        at: start - minutes(3),
        act: Act::Start,
    }];
    let mut story = Vec::new();
    let mut counts = SessionCounts {
        invited: cast.len() as u32,
        ..Default::default()
    };
    let mut order: Vec<usize> = (0..cast.len()).collect();
    order.shuffle(&mut rng);

    // Each join is admitted from the waiting room ten seconds later (the preset keeps the
    // waiting room on), except for the one person left waiting a while.
    let join = |steps: &mut Vec<Step>, key: String, c: &Cast, at, phone: bool, admit_after| {
        steps.push(Step {
            at,
            act: Act::Join {
                key: key.clone(),
                url: if c.join_url.is_empty() {
                    // A caller dials the meeting's number; any link of the meeting names it.
                    phone_url(cast, zoom_meeting_id)
                } else if phone {
                    c.join_url.split('?').next().unwrap_or_default().to_owned()
                } else {
                    c.join_url.clone()
                },
                phone,
                pin: if phone && !c.guest { c.pin } else { None },
                name: if phone { c.typed_name.clone() } else { None },
                device: if phone {
                    "Phone"
                } else {
                    DEVICES[key.bytes().map(usize::from).sum::<usize>() % DEVICES.len()]
                },
            },
        });
        steps.push(Step {
            at: at + admit_after,
            act: Act::Admit { handle_of: key },
        });
    };
    let leave = |steps: &mut Vec<Step>, key: &str, at| {
        steps.push(Step {
            at,
            act: Act::Leave {
                handle_of: key.to_owned(),
            },
        });
    };
    let admit = Duration::seconds(10);
    let absent_count = (cast.len() / 10).max(usize::from(cast.len() > 4));
    let mut link_owner: Option<usize> = None;
    for (pos, &i) in order.iter().enumerate() {
        let c = &cast[i];
        let key = format!("p{i}");
        let on_time = start + Duration::seconds(rng.random_range(-150..150));
        let from_end = cast.len().saturating_sub(pos);
        if from_end <= absent_count + 1 {
            // The last ones never come; the very last one's link is used by someone else.
            if link_owner.is_none() && cast.len() > 10 {
                link_owner = Some(i);
            } else {
                story.push(format!("{} did not come.", c.name));
            }
            counts.absent += 1;
            continue;
        }
        match pos {
            0 => {
                join(
                    &mut steps,
                    key.clone(),
                    c,
                    start + minutes(1),
                    false,
                    minutes(8),
                );
                counts.waiting_room += 1;
                counts.late += 1;
                story.push(format!(
                    "{} waited 8 minutes in the waiting room before the host let them in.",
                    c.name
                ));
            }
            1 => {
                let dropped = length / 3;
                join(&mut steps, key.clone(), c, start - minutes(1), false, admit);
                leave(&mut steps, &key, start + minutes(dropped));
                join(
                    &mut steps,
                    format!("{key}-again"),
                    c,
                    start + minutes(dropped + 3),
                    false,
                    admit,
                );
                counts.rejoined += 1;
                counts.on_time += 1;
                story.push(format!(
                    "{} lost the connection after {dropped} minutes and rejoined 3 minutes later.",
                    c.name
                ));
            }
            2 if c.pin.is_some() => {
                join(&mut steps, key.clone(), c, on_time, false, admit);
                let phone = format!("{key}-phone");
                let (from, to) = (length * 2 / 5, length * 3 / 5);
                join(
                    &mut steps,
                    phone.clone(),
                    c,
                    start + minutes(from),
                    true,
                    admit,
                );
                leave(&mut steps, &phone, start + minutes(to));
                counts.two_devices += 1;
                counts.on_time += 1;
                story.push(format!(
                    "{} also dialled in by phone with their PIN for {} minutes, while still on the computer.",
                    c.name,
                    to - from
                ));
            }
            3..=5 => {
                let late = rng.random_range(7..20).min((length / 2).max(6));
                join(&mut steps, key, c, start + minutes(late), false, admit);
                counts.late += 1;
                story.push(format!("{} joined {late} minutes late.", c.name));
            }
            6..=8 => {
                let early = rng.random_range(10..25).min(length / 2);
                join(&mut steps, key.clone(), c, on_time, false, admit);
                leave(&mut steps, &key, end - minutes(early));
                counts.left_early += 1;
                counts.on_time += 1;
                story.push(format!("{} left {early} minutes before the end.", c.name));
            }
            _ => {
                join(&mut steps, key, c, on_time, false, admit);
                counts.on_time += 1;
            }
        }
    }
    // Someone who lost their own link joins with the absent person's: Zoom reports the link's
    // owner, so the owner looks present and the person who came looks absent.
    if let Some(owner) = link_owner
        && let Some(&taker) = order.iter().rev().find(|&&i| Some(i) != link_owner)
    {
        let c = &cast[owner];
        join(
            &mut steps,
            "borrowed".to_owned(),
            c,
            start + minutes(2),
            false,
            admit,
        );
        counts.used_someone_elses_link += 1;
        story.push(format!(
            "{} joined with {}'s link (their own was lost): Zoom reports {}, so Rollcall counts \
             {} present and {} absent.",
            cast[taker].name, c.name, c.name, c.name, cast[taker].name
        ));
    }
    for (g, guest) in guests.unwrap_or(&[]).iter().enumerate() {
        let key = format!("guest{g}");
        let at = start + minutes(3 + 2 * g as i64);
        join(&mut steps, key.clone(), guest, at, guest.phone, admit);
        if g == 0 {
            leave(&mut steps, &key, start + minutes(length * 2 / 3));
        }
        counts.guests += 1;
        story.push(if guest.phone && guest.typed_name.is_none() {
            "An uninvited caller dialled in without a PIN; Zoom shows only a masked number."
                .to_owned()
        } else if guest.phone {
            format!(
                "An uninvited caller dialled in without a PIN, giving the name \"{}\".",
                guest.name
            )
        } else {
            format!(
                "{}, not invited, registered on Zoom's public page and joined.",
                guest.name
            )
        });
    }
    // Whatever a short meeting leaves no room for is dropped; the host ends it last.
    steps.retain(|s| s.at < end);
    steps.sort_by_key(|s| s.at);
    steps.push(Step {
        at: end,
        act: Act::End,
    });
    Session {
        zoom_meeting_id,
        start,
        end,
        steps,
        counts,
        story,
    }
}

fn phone_url(cast: &[Cast], zoom_meeting_id: i64) -> String {
    cast.iter()
        .find(|c| !c.join_url.is_empty())
        .and_then(|c| c.join_url.split("/j/").next())
        .map(|base| format!("{base}/j/{zoom_meeting_id}"))
        .unwrap_or_default()
}

/// Play a session in the simulated Zoom, moving its clock from step to step (frozen while
/// playing, running again afterwards, a minute after the end).
pub(crate) async fn play(ctl: &Control, session: &Session) -> Result<()> {
    let mut handles = std::collections::HashMap::<String, String>::new();
    let id = session.zoom_meeting_id;
    for step in &session.steps {
        ctl.set_clock(step.at, true).await?;
        match &step.act {
            Act::Admit { handle_of } => {
                if let Some(h) = handles.get(handle_of) {
                    // Someone admitted at once is not "waiting" any more only after this call.
                    ctl.post("/admit", json!({ "participant": h })).await?;
                }
            }
            Act::Leave { handle_of } => {
                if let Some(h) = handles.remove(handle_of) {
                    ctl.post("/leave", json!({ "participant": h })).await?;
                }
            }
            Act::Join { key, .. } => {
                if let Some(h) = ctl.act(&step.act, id).await? {
                    handles.insert(key.clone(), h);
                }
            }
            other => {
                ctl.act(other, id).await?;
            }
        }
    }
    ctl.set_clock(session.end + minutes(1), false).await
}
