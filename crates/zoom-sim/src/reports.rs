//! After a meeting: past meetings, report and dashboard participants (M25
//! `pastMeetingDetails`, `pastMeetings`, `pastMeetingParticipants`, `reportMeetingDetails`,
//! `reportMeetingParticipants`; Z23 `dashboardMeetingParticipants`; REF §5).
//!
//! Data for an instance appears only once it has ended and `report_delay` (sim time) has
//! passed. Before that Zoom answers 404/3001 "…has not ended" (Z23 `pastMeetingDetails`,
//! `dashboardMeetingParticipants`), which is what we answer.

use axum::Extension;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{App, Caller, Shared, mask};
use crate::clock::fmt;
use crate::errors::{ApiError, ApiResult, ZoomQuery};
use crate::state::{Instance, Row, Store};
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

/// Indices (into `Store::instances`) of the ended instances whose data is visible now,
/// oldest first.
fn visible_indices(
    s: &Store,
    now: DateTime<Utc>,
    delay: chrono::Duration,
    account: &str,
    raw: &str,
    kind: Kind,
) -> ApiResult<Vec<usize>> {
    let ready =
        |i: &Instance| i.account_id == account && i.end_time.is_some_and(|e| e + delay <= now);
    let list: Vec<usize> = match target(raw) {
        Target::Id(id) => s
            .instances
            .iter()
            .enumerate()
            .filter(|(_, i)| i.meeting_id == id && ready(i))
            .map(|(n, _)| n)
            .collect(),
        Target::Uuid(u) => s
            .instances
            .iter()
            .enumerate()
            .filter(|(_, i)| i.uuid == u && ready(i))
            .map(|(n, _)| n)
            .collect(),
        Target::Unroutable => Vec::new(),
    };
    if list.is_empty() {
        return Err(not_available(kind, raw));
    }
    Ok(list)
}

/// Ended instances whose data is visible now, oldest first.
fn visible_instances(app: &App, account: &str, raw: &str, kind: Kind) -> ApiResult<Vec<Instance>> {
    let (now, delay) = (app.now(), app.report_delay());
    let s = app.store();
    let list = visible_indices(&s, now, delay, account, raw, kind)?;
    Ok(list.into_iter().map(|n| s.instances[n].clone()).collect())
}

/// Index of the latest visible instance (a numeric id means the latest one, M25
/// `pastMeetingDetails`).
fn latest_index(
    s: &Store,
    now: DateTime<Utc>,
    delay: chrono::Duration,
    account: &str,
    raw: &str,
    kind: Kind,
) -> ApiResult<usize> {
    visible_indices(s, now, delay, account, raw, kind)?
        .into_iter()
        // `max_by_key` keeps the last of equal keys, as it did over the cloned list.
        .max_by_key(|&n| s.instances[n].start_time)
        .ok_or_else(|| not_available(kind, raw))
}

/// The latest visible instance (a numeric id means the latest one, M25 `pastMeetingDetails`).
fn latest(app: &App, account: &str, raw: &str, kind: Kind) -> ApiResult<Instance> {
    let (now, delay) = (app.now(), app.report_delay());
    let s = app.store();
    let n = latest_index(&s, now, delay, account, raw, kind)?;
    Ok(s.instances[n].clone())
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

/// Who a row belongs to, as `people_count` counts people.
fn person(r: &Row) -> (&str, &str, &str) {
    if r.participant_user_id.is_empty() {
        (&r.registrant_id, &r.name, &r.handle)
    } else {
        (&r.participant_user_id, "", "")
    }
}

/// M25 `pastMeetingParticipants`: "No results if the meeting had only one participant";
/// `reportMeetingParticipants` needs at least two participants including the host.
/// Stops at the first row of a second person, so it costs O(1) for any real meeting.
fn rows_of(inst: &Instance) -> &[Row] {
    let mut rows = inst.rows.iter();
    let two = match rows.next() {
        None => false,
        Some(first) => {
            let p = person(first);
            rows.any(|r| person(r) != p)
        }
    };
    if two { &inst.rows } else { &[] }
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

/// One page of an instance's participant rows. `pick` finds the instance (its errors come
/// first, as before), `key` names the listing a page token is bound to, and only the rows on
/// the requested page are copied out of the store and rendered: a page costs O(page size),
/// whatever the instance holds. With `two_people`, an instance with a single person has no
/// rows (`rows_of`).
fn paged_rows(
    app: &App,
    q: &RowsQuery,
    pick: impl FnOnce(&Store) -> ApiResult<usize>,
    key: impl FnOnce(&Instance) -> String,
    two_people: bool,
    render: impl Fn(&Row, DateTime<Utc>) -> Value,
) -> ApiResult<Value> {
    let now = app.now();
    let (w, rows, end) = {
        let mut s = app.store();
        let n = pick(&s)?;
        let size = paging::page_size(q.page_size)?;
        let inst = &s.instances[n];
        let key = format!("{}:{size}", key(inst));
        let offset = paging::offset(&s, now, &key, q.next_page_token.as_deref())?;
        let inst = &s.instances[n];
        let total = if two_people {
            rows_of(inst).len()
        } else {
            inst.rows.len()
        };
        let end = inst.end_time.unwrap_or(inst.start_time);
        let w = paging::window(&mut s, now, &key, total, size, offset);
        let rows = s.instances[n].rows[w.range.clone()].to_vec();
        (w, rows, end)
    };
    let items: Vec<Value> = rows.iter().map(|r| render(r, end)).collect();
    Ok(json!({
        "page_count": w.page_count,
        "page_size": w.page_size,
        "total_records": w.total_records,
        "next_page_token": w.next_page_token,
        "participants": items,
    }))
}

/// `pick` for the past and report listings: the latest visible instance.
fn pick_latest<'a>(
    app: &App,
    account: &'a str,
    raw: &'a str,
    kind: Kind,
) -> impl FnOnce(&Store) -> ApiResult<usize> + 'a {
    let (now, delay) = (app.now(), app.report_delay());
    move |s| latest_index(s, now, delay, account, raw, kind)
}

pub async fn past_participants(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    ZoomQuery(q): ZoomQuery<RowsQuery>,
) -> ApiResult<axum::Json<Value>> {
    check_plan(&app, &caller.account_id, Kind::Past)?;
    let hipaa = app.hipaa();
    let v = paged_rows(
        &app,
        &q,
        pick_latest(&app, &caller.account_id, &raw, Kind::Past),
        |inst| format!("past:{}", inst.uuid),
        true,
        |r, end| {
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
        },
    )?;
    Ok(axum::Json(v))
}

pub async fn report_participants(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    ZoomQuery(q): ZoomQuery<RowsQuery>,
) -> ApiResult<axum::Json<Value>> {
    check_plan(&app, &caller.account_id, Kind::Report)?;
    let hipaa = app.hipaa();
    let with_rid = wants_registrant_id(&q);
    let v = paged_rows(
        &app,
        &q,
        pick_latest(&app, &caller.account_id, &raw, Kind::Report),
        |inst| format!("report:{}:{with_rid}", inst.uuid),
        true,
        |r, end| {
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
        },
    )?;
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
    let pick_past = pick_latest(&app, &caller.account_id, &raw, Kind::Dashboard);
    let account = caller.account_id.as_str();
    let pick = |s: &Store| match kind.as_str() {
        "live" => {
            let live = match target(&raw) {
                Target::Id(id) => s.meeting(account, id).and_then(|m| m.live_instance),
                Target::Uuid(u) => s
                    .instances
                    .iter()
                    .position(|i| i.uuid == u && i.end_time.is_none() && i.account_id == account),
                Target::Unroutable => None,
            };
            live.filter(|&n| n < s.instances.len()).ok_or_else(|| {
                ApiError::new(
                    404,
                    3001,
                    "Meeting ID is invalid or the meeting is not live.",
                )
            })
        }
        "past" | "pastOne" => pick_past(s),
        _ => Err(ApiError::field("type", "Invalid field.")),
    };
    let hipaa = app.hipaa();
    // Z23: include_fields=registrant_id is not for live meetings.
    let with_rid = wants_registrant_id(&q) && kind != "live";
    let v = paged_rows(
        &app,
        &q,
        pick,
        |inst| format!("dash:{}:{kind}:{with_rid}", inst.uuid),
        false,
        |r, _end| {
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
        },
    )?;
    Ok(axum::Json(v))
}
