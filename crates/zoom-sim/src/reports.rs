//! After a meeting: past meetings, report and dashboard participants (M25
//! `pastMeetingDetails`, `pastMeetings`, `pastMeetingParticipants`, `reportMeetingDetails`,
//! `reportMeetingParticipants`; Z23 `dashboardMeetingParticipants`; REF §5).
//!
//! Data for an instance appears only once it has ended and `report_delay` (sim time) has
//! passed. Before that Zoom answers 404/3001 "…has not ended" (Z23 `pastMeetingDetails`,
//! `dashboardMeetingParticipants`), which is what we answer.

use axum::Extension;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{App, Caller, Shared, mask};
use crate::clock::fmt;
use crate::errors::{ApiError, ApiResult, ZoomQuery};
use crate::state::{Instance, Row};
use crate::{Plan, paging};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Past,
    Report,
    Dashboard,
}

fn not_available(kind: Kind, raw: &str) -> ApiError {
    let msg = match kind {
        Kind::Past => "The meeting ID is invalid or the meeting has not ended.".to_string(),
        Kind::Report => format!("Meeting {raw} not found or has expired."),
        Kind::Dashboard => "Meeting ID is invalid or has not ended.".to_string(),
    };
    ApiError::new(404, 3001, msg)
}

/// A meeting id or an instance UUID from the path. axum has decoded the segment once;
/// a value that still holds `%` was double-encoded, as Zoom requires for UUIDs that start
/// with `/` or contain `//` (M25 parameter text, REF §5), so decode it again.
enum Target {
    Id(i64),
    Uuid(String),
    /// A `/`-bearing UUID sent single-encoded: Zoom's router splits it, so it is not found.
    Unroutable,
}

fn target(raw: &str) -> Target {
    let value = if raw.contains('%') {
        percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned()
    } else if raw.contains('/') {
        return Target::Unroutable;
    } else {
        raw.to_string()
    };
    match value.parse::<i64>() {
        Ok(id) if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => Target::Id(id),
        _ => Target::Uuid(value),
    }
}

fn check_plan(app: &App, account: &str, kind: Kind) -> ApiResult<()> {
    let plan = app.store().plan(account);
    match (kind, plan) {
        // REF §5 "Plans": reports and past meetings need Pro+, dashboards Business+; the
        // error is 200 "Only available for Paid user…" (devforum t/9547, staff).
        (Kind::Dashboard, Plan::Business) => Ok(()),
        (Kind::Dashboard, _) => Err(ApiError::new(
            400,
            200,
            format!("Only available for Paid user with Business plan or higher: {account}."),
        )),
        (_, Plan::Free) => Err(ApiError::new(
            400,
            200,
            format!("Only available for Paid user: {account}."),
        )),
        _ => Ok(()),
    }
}

/// Ended instances whose data is visible now, oldest first.
fn visible_instances(app: &App, account: &str, raw: &str, kind: Kind) -> ApiResult<Vec<Instance>> {
    let now = app.now();
    let delay = app.report_delay();
    let s = app.store();
    let ready =
        |i: &&Instance| i.account_id == account && i.end_time.is_some_and(|e| e + delay <= now);
    let list: Vec<Instance> = match target(raw) {
        Target::Id(id) => s
            .instances
            .iter()
            .filter(|i| i.meeting_id == id)
            .filter(ready)
            .cloned()
            .collect(),
        Target::Uuid(u) => s
            .instances
            .iter()
            .filter(|i| i.uuid == u)
            .filter(ready)
            .cloned()
            .collect(),
        Target::Unroutable => Vec::new(),
    };
    if list.is_empty() {
        return Err(not_available(kind, raw));
    }
    Ok(list)
}

/// The latest visible instance (a numeric id means the latest one, M25 `pastMeetingDetails`).
fn latest(app: &App, account: &str, raw: &str, kind: Kind) -> ApiResult<Instance> {
    visible_instances(app, account, raw, kind)?
        .into_iter()
        .max_by_key(|i| i.start_time)
        .ok_or_else(|| not_available(kind, raw))
}

fn host_names(app: &App, inst: &Instance) -> (String, String) {
    let s = app.store();
    s.users
        .get(&inst.host_id)
        .map(|u| (u.display_name.clone(), u.email.clone()))
        .unwrap_or_default()
}

/// Distinct people with a row in the instance (rejoins count once); `in_meeting_only`
/// leaves out those who only ever waited in the waiting room.
fn people_count(inst: &Instance, in_meeting_only: bool) -> usize {
    let mut people: Vec<String> = inst
        .rows
        .iter()
        .filter(|r| !in_meeting_only || r.status == "in_meeting")
        .map(|r| {
            if r.participant_user_id.is_empty() {
                format!("{}|{}|{}", r.registrant_id, r.name, r.handle)
            } else {
                r.participant_user_id.clone()
            }
        })
        .collect();
    people.sort();
    people.dedup();
    people.len()
}

/// M25 `pastMeetingParticipants`: "No results if the meeting had only one participant";
/// `reportMeetingParticipants` needs at least two participants including the host.
fn rows_of(inst: &Instance) -> &[Row] {
    if people_count(inst, false) < 2 {
        &[]
    } else {
        &inst.rows
    }
}

fn summary(app: &App, inst: &Instance) -> Value {
    let end = inst.end_time.unwrap_or(inst.start_time);
    let (user_name, user_email) = host_names(app, inst);
    let in_meeting: Vec<&Row> = inst
        .rows
        .iter()
        .filter(|r| r.status == "in_meeting")
        .collect();
    let total_secs: i64 = in_meeting.iter().map(|r| r.duration(end)).sum();
    let people = people_count(inst, true);
    json!({
        "uuid": inst.uuid,
        "id": inst.meeting_id,
        "host_id": inst.host_id,
        "type": inst.meeting_type,
        "topic": inst.topic,
        "user_name": user_name,
        "user_email": user_email,
        "start_time": fmt(inst.start_time),
        "end_time": fmt(end),
        "duration": (end - inst.start_time).num_minutes(),
        "total_minutes": total_secs / 60,
        "participants_count": people,
        "dept": "",
    })
}

pub async fn past_meeting(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> ApiResult<axum::Json<Value>> {
    check_plan(&app, &caller.account_id, Kind::Past)?;
    let inst = latest(&app, &caller.account_id, &raw, Kind::Past)?;
    let mut v = summary(&app, &inst);
    v["source"] = json!("Zoom");
    Ok(axum::Json(v))
}

pub async fn report_meeting(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> ApiResult<axum::Json<Value>> {
    check_plan(&app, &caller.account_id, Kind::Report)?;
    let inst = latest(&app, &caller.account_id, &raw, Kind::Report)?;
    let mut v = summary(&app, &inst);
    if let Some(o) = v.as_object_mut() {
        o.remove("host_id");
    }
    v["tracking_fields"] = json!([]);
    v["custom_keys"] = json!([]);
    Ok(axum::Json(v))
}

pub async fn past_instances(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> ApiResult<axum::Json<Value>> {
    check_plan(&app, &caller.account_id, Kind::Past)?;
    // M25 `pastMeetings`: a meeting without ended instances has an empty list.
    let list = match target(&raw) {
        Target::Id(id) => {
            let known = app.store().meetings.contains_key(&id);
            match visible_instances(&app, &caller.account_id, &raw, Kind::Past) {
                Ok(l) => l,
                Err(_) if known => Vec::new(),
                Err(e) => return Err(e),
            }
        }
        _ => visible_instances(&app, &caller.account_id, &raw, Kind::Past)?,
    };
    let meetings: Vec<Value> = list
        .iter()
        .map(|i| json!({ "uuid": i.uuid, "start_time": fmt(i.start_time) }))
        .collect();
    Ok(axum::Json(json!({ "meetings": meetings })))
}

#[derive(Deserialize)]
pub struct RowsQuery {
    page_size: Option<i64>,
    next_page_token: Option<String>,
    include_fields: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
}

fn wants_registrant_id(q: &RowsQuery) -> bool {
    q.include_fields
        .as_deref()
        .is_some_and(|f| f.split(',').any(|x| x.trim() == "registrant_id"))
}

fn paged(app: &App, key: String, rows: Vec<Value>, q: &RowsQuery) -> ApiResult<Value> {
    let size = paging::page_size(q.page_size)?;
    let now = app.now();
    let mut s = app.store();
    let page = paging::paginate(
        &mut s,
        now,
        &format!("{key}:{size}"),
        rows,
        size,
        q.next_page_token.as_deref(),
    )?;
    Ok(json!({
        "page_count": page.page_count,
        "page_size": page.page_size,
        "total_records": page.total_records,
        "next_page_token": page.next_page_token,
        "participants": page.items,
    }))
}

pub async fn past_participants(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    ZoomQuery(q): ZoomQuery<RowsQuery>,
) -> ApiResult<axum::Json<Value>> {
    check_plan(&app, &caller.account_id, Kind::Past)?;
    let inst = latest(&app, &caller.account_id, &raw, Kind::Past)?;
    let hipaa = app.hipaa();
    let end = inst.end_time.unwrap_or(inst.start_time);
    let rows: Vec<Value> = rows_of(&inst)
        .iter()
        .map(|r| {
            json!({
                // Guests' `id` is empty since 2023-03-03 (REF §5).
                "id": r.participant_user_id,
                "name": mask(&r.name, hipaa),
                "user_id": r.user_id,
                // M25 and Rivet list `registrant_id` here (REF §10.3: when it is filled is
                // unconfirmed; we fill it whenever the join came through a registration).
                "registrant_id": r.registrant_id,
                "user_email": mask(&r.email, hipaa),
                "join_time": fmt(r.join_time),
                "leave_time": fmt(r.leave_time.unwrap_or(end)),
                "duration": r.duration(end),
                "failover": false,
                "status": r.status,
                "internal_user": r.internal_user,
            })
        })
        .collect();
    let v = paged(&app, format!("past:{}", inst.uuid), rows, &q)?;
    Ok(axum::Json(v))
}

pub async fn report_participants(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    ZoomQuery(q): ZoomQuery<RowsQuery>,
) -> ApiResult<axum::Json<Value>> {
    check_plan(&app, &caller.account_id, Kind::Report)?;
    let inst = latest(&app, &caller.account_id, &raw, Kind::Report)?;
    let hipaa = app.hipaa();
    let with_rid = wants_registrant_id(&q);
    let end = inst.end_time.unwrap_or(inst.start_time);
    let rows: Vec<Value> = rows_of(&inst)
        .iter()
        .map(|r| {
            let mut v = json!({
                // `id` is the deprecated twin of `participant_user_id` (M25).
                "id": r.participant_user_id,
                "participant_user_id": r.participant_user_id,
                "user_id": r.user_id,
                "name": mask(&r.name, hipaa),
                "user_email": mask(&r.email, hipaa),
                "join_time": fmt(r.join_time),
                "leave_time": fmt(r.leave_time.unwrap_or(end)),
                "duration": r.duration(end),
                "failover": false,
                "status": r.status,
                "customer_key": "",
            });
            // M25 `reportMeetingParticipants`: only with include_fields=registrant_id.
            if with_rid {
                v["registrant_id"] = json!(r.registrant_id);
            }
            v
        })
        .collect();
    let v = paged(&app, format!("report:{}:{with_rid}", inst.uuid), rows, &q)?;
    Ok(axum::Json(v))
}

const DEVICES: &[&str] = &["Phone", "H.323/SIP", "Windows", "Mac", "iOS", "Android"];

pub async fn dashboard_participants(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    ZoomQuery(q): ZoomQuery<RowsQuery>,
) -> ApiResult<axum::Json<Value>> {
    check_plan(&app, &caller.account_id, Kind::Dashboard)?;
    let kind = q.kind.clone().unwrap_or_else(|| "live".into());
    let inst = match kind.as_str() {
        "live" => {
            let s = app.store();
            let live = match target(&raw) {
                Target::Id(id) => s
                    .meeting(&caller.account_id, id)
                    .and_then(|m| m.live_instance)
                    .and_then(|i| s.instances.get(i)),
                Target::Uuid(u) => s.instances.iter().find(|i| {
                    i.uuid == u && i.end_time.is_none() && i.account_id == caller.account_id
                }),
                Target::Unroutable => None,
            };
            live.cloned().ok_or_else(|| {
                ApiError::new(
                    404,
                    3001,
                    "Meeting ID is invalid or the meeting is not live.",
                )
            })?
        }
        "past" | "pastOne" => latest(&app, &caller.account_id, &raw, Kind::Dashboard)?,
        _ => return Err(ApiError::field("type", "Invalid field.")),
    };
    let hipaa = app.hipaa();
    // Z23: include_fields=registrant_id is not for live meetings.
    let with_rid = wants_registrant_id(&q) && kind != "live";
    let rows: Vec<Value> = inst
        .rows
        .iter()
        .map(|r| {
            let device = if DEVICES.contains(&r.device.as_str()) {
                r.device.as_str()
            } else {
                "Windows"
            };
            let mut v = json!({
                "id": r.participant_user_id,
                "user_id": r.user_id,
                "participant_user_id": r.participant_user_id,
                "user_name": mask(&r.name, hipaa),
                "device": device,
                "ip_address": "",
                "location": "",
                "network_type": "Wired",
                "data_center": "",
                "join_time": fmt(r.join_time),
                "status": r.status,
                "role": if r.is_host { "host" } else { "attendee" },
                "customer_key": "",
                "audio_quality": "",
                "video_quality": "",
                "screen_share_quality": "",
                "recording": false,
                "share_application": false,
                "share_desktop": false,
                "share_whiteboard": false,
            });
            if let Some(t) = r.leave_time {
                v["leave_time"] = json!(fmt(t));
            }
            // Z23 types `email` as an email address; an empty one is left out.
            let email = mask(&r.email, hipaa);
            if !email.is_empty() {
                v["email"] = json!(email);
            }
            if with_rid {
                v["registrant_id"] = json!(r.registrant_id);
            }
            v
        })
        .collect();
    let v = paged(
        &app,
        format!("dash:{}:{kind}:{with_rid}", inst.uuid),
        rows,
        &q,
    )?;
    Ok(axum::Json(v))
}
