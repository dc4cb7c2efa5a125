//! Acting out meetings through the control API: start and end instances, join (by
//! registrant link, meeting link, ZAK or phone), waiting room, leave, and strangers
//! registering on the public page. What happens here becomes the participant rows that the
//! past-meeting, report and dashboard endpoints return (REF §5).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::Shared;
use crate::clock::fmt;
use crate::errors::{ApiError, ApiResult, ZoomJson};
use crate::meetings::encrypted_password;
use crate::registrants::{self, NewRegistrant};
use crate::state::{Instance, LiveParticipant, Row, Store};
use crate::{ids, users};

fn refused(status: u16, message: &str) -> ApiError {
    // Control-API refusals use code 3000 ("cannot access meeting", REF §7) throughout.
    ApiError::new(status, 3000, message)
}

#[derive(Deserialize, Default)]
pub struct StartBody {
    occurrence_id: Option<String>,
}

fn open_row(
    s: &mut Store,
    inst: usize,
    mut row: Row,
    registrant_id: String,
    waiting: bool,
) -> String {
    let handle = s.new_handle();
    row.handle = handle.clone();
    let Some(instance) = s.instances.get_mut(inst) else {
        return handle;
    };
    instance.rows.push(row);
    let row_idx = instance.rows.len() - 1;
    s.live.insert(
        handle.clone(),
        LiveParticipant {
            instance: inst,
            row: row_idx,
            registrant_id,
            waiting,
        },
    );
    handle
}

/// Open a new instance of a meeting; the host joins it when `with_host`.
fn begin_instance(
    s: &mut Store,
    meeting_id: i64,
    occurrence: Option<String>,
    now: DateTime<Utc>,
    share: f64,
    with_host: bool,
) -> ApiResult<(String, Option<String>)> {
    let next_uuid = ids::meeting_uuid(&mut s.rng, share);
    let Some(m) = s.meetings.get_mut(&meeting_id) else {
        return Err(ApiError::meeting_not_found(meeting_id));
    };
    if let Some(i) = m.live_instance {
        let uuid = s
            .instances
            .get(i)
            .map(|x| x.uuid.clone())
            .unwrap_or_default();
        return Ok((uuid, None));
    }
    // The meeting's `uuid` names its next instance; a fresh one is drawn for the one after.
    let uuid = std::mem::replace(&mut m.uuid, next_uuid);
    // A recurring meeting started without naming an occurrence runs its current one: the
    // first available occurrence that has not finished yet.
    let occurrence = occurrence.or_else(|| {
        m.occurrences
            .iter()
            .filter(|o| o.status == "available")
            .find(|o| o.start_time + chrono::Duration::minutes(o.duration) >= now)
            .map(|o| o.occurrence_id.clone())
    });
    let inst = Instance {
        uuid: uuid.clone(),
        meeting_id,
        account_id: m.account_id.clone(),
        host_id: m.host_id.clone(),
        topic: m.topic.clone(),
        meeting_type: m.meeting_type,
        occurrence_id: occurrence,
        start_time: now,
        end_time: None,
        rows: Vec::new(),
    };
    let host_id = m.host_id.clone();
    s.instances.push(inst);
    let idx = s.instances.len() - 1;
    if let Some(m) = s.meetings.get_mut(&meeting_id) {
        m.live_instance = Some(idx);
    }
    let mut host_handle = None;
    if with_host && let Some(h) = s.users.get(&host_id).cloned() {
        let row = Row {
            user_id: ids::participant_id(&mut s.rng),
            participant_user_id: h.id.clone(),
            name: h.display_name.clone(),
            email: h.email.clone(),
            registrant_id: String::new(),
            join_time: now,
            leave_time: None,
            status: "in_meeting".into(),
            device: "Windows".into(),
            internal_user: true,
            is_host: true,
            handle: String::new(),
        };
        host_handle = Some(open_row(s, idx, row, String::new(), false));
    }
    Ok((uuid, host_handle))
}

pub async fn start_meeting(
    State(app): State<Shared>,
    Path(meeting_id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<axum::Json<Value>> {
    let id = crate::meetings::parse_meeting_id(&meeting_id)?;
    // The body is optional: empty means "no occurrence".
    let occurrence = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        serde_json::from_slice::<StartBody>(&body)
            .map_err(|_| ApiError::bad_body())?
            .occurrence_id
    };
    let now = app.now();
    let mut s = app.store();
    let m = s
        .meetings
        .get(&id)
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    if let Some(o) = &occurrence
        && !m.occurrences.iter().any(|x| &x.occurrence_id == o)
    {
        return Err(ApiError::new(400, 3000, "Invalid occurrence_id."));
    }
    let (uuid, host) = begin_instance(&mut s, id, occurrence, now, app.slash_uuid_share, true)?;
    Ok(axum::Json(json!({ "uuid": uuid, "host": host })))
}

pub async fn end_meeting(
    State(app): State<Shared>,
    Path(meeting_id): Path<String>,
) -> ApiResult<axum::Json<Value>> {
    let id = crate::meetings::parse_meeting_id(&meeting_id)?;
    let now = app.now();
    let mut s = app.store();
    let m = s
        .meetings
        .get_mut(&id)
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    let Some(idx) = m.live_instance.take() else {
        return Err(refused(409, "The meeting is not in progress."));
    };
    s.live.retain(|_, p| p.instance != idx);
    let Some(inst) = s.instances.get_mut(idx) else {
        return Err(refused(409, "The meeting is not in progress."));
    };
    for r in inst.rows.iter_mut().filter(|r| r.leave_time.is_none()) {
        r.leave_time = Some(now);
    }
    inst.end_time = Some(now);
    Ok(axum::Json(
        json!({ "uuid": inst.uuid, "end_time": fmt(now) }),
    ))
}

#[derive(Deserialize)]
pub struct JoinBody {
    join_url: String,
    name: Option<String>,
    #[allow(dead_code)]
    email: Option<String>,
    device: Option<String>,
    #[serde(default)]
    phone: bool,
    pin: Option<i64>,
}

struct Identity {
    participant_user_id: String,
    name: String,
    email: String,
    registrant_id: String,
    internal: bool,
}

fn parse_join_url(raw: &str) -> ApiResult<(i64, std::collections::HashMap<String, String>)> {
    let url = url::Url::parse(raw).map_err(|_| refused(400, "Invalid join URL."))?;
    let mut segs = url
        .path_segments()
        .ok_or_else(|| refused(400, "Invalid join URL."))?;
    if segs.next() != Some("j") {
        return Err(refused(400, "Invalid join URL."));
    }
    let id = segs
        .next()
        .and_then(|x| x.parse::<i64>().ok())
        .ok_or_else(|| refused(400, "Invalid join URL."))?;
    Ok((id, url.query_pairs().into_owned().collect()))
}

pub async fn join(
    State(app): State<Shared>,
    ZoomJson(body): ZoomJson<JoinBody>,
) -> ApiResult<Response> {
    let (id, query) = parse_join_url(&body.join_url)?;
    let now = app.now();
    let mut s = app.store();
    let m = s
        .meetings
        .get(&id)
        .cloned()
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    let registrant_of = |rid: &str| m.registrants.iter().find(|r| r.id == rid).cloned();
    let mut who = Identity {
        participant_user_id: String::new(),
        name: body.name.clone().unwrap_or_default(),
        // Guests' typed emails are not reported (changelog 2023-03-03, REF §5).
        email: String::new(),
        registrant_id: String::new(),
        internal: false,
    };
    let device;
    if body.phone {
        device = "Phone".to_string();
        if who.name.is_empty() {
            let n = ids::pin(&mut s.rng) % 10_000;
            who.name = format!("+1 555 *** {n:04}");
        }
        if let Some(pin) = body.pin {
            // REF §10.4: unknown whether PIN callers carry registrant_id; we attach the
            // registrant whose participant_pin_code was entered, with their name and email.
            let r = m
                .registrants
                .iter()
                .find(|r| r.pin == pin)
                .ok_or_else(|| refused(403, "The participant ID you entered is invalid."))?;
            if r.status != "approved" {
                return Err(refused(403, "The participant ID you entered is invalid."));
            }
            who.registrant_id = r.id.clone();
            who.name = r.name();
            who.email = r.email.clone();
        }
    } else {
        device = body
            .device
            .clone()
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "Windows".into());
        if let Some(tk) = query.get("tk") {
            let reg = s
                .reg_tokens
                .get(tk)
                .filter(|(mid, _)| *mid == id)
                .and_then(|(_, rid)| registrant_of(rid))
                .ok_or_else(|| refused(403, "This registration link is not valid."))?;
            match reg.status.as_str() {
                "approved" => {}
                "pending" => {
                    return Err(refused(
                        403,
                        "Your registration is pending approval by the host.",
                    ));
                }
                _ => {
                    return Err(refused(
                        403,
                        "Your registration for this meeting was cancelled or denied.",
                    ));
                }
            }
            who.registrant_id = reg.id.clone();
            who.name = reg.name();
            // Emails typed during registration stay visible (REF §4 "Carry-over").
            who.email = reg.email.clone();
        } else {
            // Registrant links carry no passcode; a meeting link must carry the right one
            // unless a signed-in (ZAK) user opens it.
            let passcode_ok = m.password.is_empty()
                || query.get("pwd") == Some(&encrypted_password(&m))
                || query.contains_key("zak");
            if !passcode_ok {
                return Err(refused(403, "The meeting passcode is wrong."));
            }
        }
        if let Some(zak) = query.get("zak") {
            let (uid, exp) =
                users::parse_zak(zak).ok_or_else(|| ApiError::new(401, 124, "Invalid ZAK."))?;
            if exp <= now.timestamp() {
                return Err(ApiError::new(401, 124, "The ZAK has expired."));
            }
            let u = s
                .users
                .get(&uid)
                .cloned()
                .ok_or_else(|| ApiError::new(401, 124, "Invalid ZAK."))?;
            who.participant_user_id = u.id.clone();
            who.name = u.display_name.clone();
            who.email = u.email.clone();
            who.internal = u.account_id == m.account_id;
            if who.registrant_id.is_empty() {
                // A signed-in user whose email is registered is recognised as that registrant.
                if let Some(r) = m
                    .registrants
                    .iter()
                    .find(|r| r.email.eq_ignore_ascii_case(&u.email) && r.status == "approved")
                {
                    who.registrant_id = r.id.clone();
                }
            }
        }
        if m.registration_on() && who.registrant_id.is_empty() {
            // Registration-required meetings send everyone else to the registration page.
            return Err(refused(403, "This meeting requires registration."));
        }
        if m.settings.meeting_authentication && who.participant_user_id.is_empty() {
            return Err(refused(
                403,
                "This meeting is for authorized attendees only. Sign in to join.",
            ));
        }
    }
    let idx = match m.live_instance {
        Some(i) => i,
        None if m.settings.join_before_host => {
            begin_instance(&mut s, id, None, now, app.slash_uuid_share, false)?;
            s.meetings
                .get(&id)
                .and_then(|m| m.live_instance)
                .ok_or_else(|| refused(409, "The meeting has not started."))?
        }
        None => return Err(refused(409, "The meeting has not started.")),
    };
    // registration_type 2/3 (M25): a registrant may join only the occurrences registered for.
    if m.meeting_type == 8 && m.settings.registration_type != 1 && !who.registrant_id.is_empty() {
        let occurrence = s.instances.get(idx).and_then(|i| i.occurrence_id.clone());
        let registered = registrant_of(&who.registrant_id)
            .is_some_and(|r| occurrence.is_none_or(|o| r.occurrence_ids.contains(&o)));
        if !registered {
            return Err(refused(403, "You have not registered for this occurrence."));
        }
    }
    if !who.registrant_id.is_empty() && !body.phone && !m.settings.allow_multiple_devices {
        // REF §4 (ISV guide): "This unique url can be used once concurrently".
        let in_use = s
            .live
            .values()
            .any(|p| p.instance == idx && p.registrant_id == who.registrant_id);
        if in_use {
            return Err(refused(
                409,
                "This registration link is already in use on another device.",
            ));
        }
    }
    let is_host = who.participant_user_id == m.host_id;
    let waiting = m.settings.waiting_room && !is_host;
    let row = Row {
        user_id: ids::participant_id(&mut s.rng),
        participant_user_id: who.participant_user_id,
        name: who.name,
        email: who.email,
        registrant_id: who.registrant_id.clone(),
        join_time: now,
        leave_time: None,
        status: if waiting {
            "in_waiting_room"
        } else {
            "in_meeting"
        }
        .into(),
        device,
        internal_user: who.internal,
        is_host,
        handle: String::new(),
    };
    let handle = open_row(&mut s, idx, row, who.registrant_id, waiting);
    Ok(if waiting {
        axum::Json(json!({ "waiting": handle, "status": "in_waiting_room" })).into_response()
    } else {
        axum::Json(json!({ "participant": handle, "status": "in_meeting" })).into_response()
    })
}

#[derive(Deserialize)]
pub struct HandleBody {
    participant: String,
}

pub async fn admit(
    State(app): State<Shared>,
    ZoomJson(body): ZoomJson<HandleBody>,
) -> ApiResult<axum::Json<Value>> {
    let now = app.now();
    let mut s = app.store();
    let p = s
        .live
        .get(&body.participant)
        .cloned()
        .ok_or_else(|| refused(404, "No such participant."))?;
    if !p.waiting {
        return Err(refused(409, "The participant is not in the waiting room."));
    }
    let Some(inst) = s.instances.get_mut(p.instance) else {
        return Err(refused(404, "No such participant."));
    };
    let Some(old) = inst.rows.get_mut(p.row) else {
        return Err(refused(404, "No such participant."));
    };
    // The waiting-room stay is its own row (status in_waiting_room, REF §5); the admitted
    // session continues as a new in_meeting row with the same per-join `user_id`.
    old.leave_time = Some(now);
    let mut row = old.clone();
    row.join_time = now;
    row.leave_time = None;
    row.status = "in_meeting".into();
    inst.rows.push(row);
    let new_row = inst.rows.len() - 1;
    if let Some(live) = s.live.get_mut(&body.participant) {
        live.row = new_row;
        live.waiting = false;
    }
    Ok(axum::Json(
        json!({ "participant": body.participant, "status": "in_meeting" }),
    ))
}

pub async fn leave(
    State(app): State<Shared>,
    ZoomJson(body): ZoomJson<HandleBody>,
) -> ApiResult<axum::Json<Value>> {
    let now = app.now();
    let mut s = app.store();
    let p = s
        .live
        .remove(&body.participant)
        .ok_or_else(|| refused(404, "No such participant."))?;
    if let Some(r) = s
        .instances
        .get_mut(p.instance)
        .and_then(|i| i.rows.get_mut(p.row))
    {
        r.leave_time = Some(now);
    }
    Ok(axum::Json(
        json!({ "participant": body.participant, "status": "left" }),
    ))
}

#[derive(Deserialize)]
pub struct RegisterBody {
    registration_url: String,
    email: String,
    first_name: String,
    #[serde(default)]
    last_name: String,
}

/// A stranger fills in the public registration page (`registration_url`).
pub async fn register(
    State(app): State<Shared>,
    ZoomJson(body): ZoomJson<RegisterBody>,
) -> ApiResult<Response> {
    let token = url::Url::parse(&body.registration_url)
        .ok()
        .and_then(|u| {
            u.path_segments()
                .and_then(|mut s| s.nth(2).map(str::to_string))
        })
        .ok_or_else(|| refused(400, "Invalid registration URL."))?;
    let now = app.now();
    let base = app.base();
    let mut s = app.store();
    let id = *s
        .registration_links
        .get(&token)
        .ok_or_else(|| refused(404, "Invalid registration URL."))?;
    if s.meetings
        .get(&id)
        .is_some_and(|m| m.settings.close_registration)
    {
        return Err(refused(403, "Registration for this meeting is closed."));
    }
    let r = registrants::add(
        &mut s,
        id,
        NewRegistrant {
            email: body.email,
            first_name: body.first_name,
            last_name: body.last_name,
            extra: Default::default(),
        },
        false,
        None,
        now,
        None,
    )?;
    let mut v = json!({ "registrant_id": r.id, "status": r.public_status(), "participant_pin_code": r.pin });
    if r.status == "approved" {
        v["join_url"] = json!(registrants::registrant_join_url(&base, id, &r));
    }
    Ok((StatusCode::CREATED, axum::Json(v)).into_response())
}
