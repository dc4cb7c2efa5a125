//! Meeting registrants (M25/Z23 `meetingRegistrantCreate`, `meetingRegistrants`,
//! `meetingRegistrantGet`, `meetingRegistrantStatus`, `meetingregistrantdelete`,
//! `addBatchRegistrants`; REF §4).

use std::collections::BTreeMap;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{Caller, Shared};
use crate::clock::fmt;
use crate::errors::{ApiError, ApiResult, ZoomJson, ZoomQuery};
use crate::meetings::parse_meeting_id;
use crate::state::{Meeting, Registrant, Store};
use crate::users::valid_email;
use crate::{ids, paging};

/// REF §4: at most 4,999 registrants per meeting.
pub const CAPACITY: usize = 4_999;
/// REF §4 (KWP, devforum t/57798): 3 adds per registrant per day.
const DAILY_ADDS: u64 = 3;
/// REF §4 (KWP): 10 status updates per registrant per day.
const DAILY_STATUS: u64 = 10;
/// M25 `addBatchRegistrants` / `meetingRegistrantStatus`: 30 registrants per call.
const MAX_BATCH: usize = 30;

/// Optional registrant text fields kept as given (M25 `meetingRegistrantCreate`).
const EXTRA_FIELDS: &[&str] = &[
    "address",
    "city",
    "state",
    "zip",
    "country",
    "phone",
    "comments",
    "industry",
    "job_title",
    "org",
    "language",
];

pub struct NewRegistrant {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub extra: BTreeMap<String, String>,
}

fn registration_off(id: i64) -> ApiError {
    // Z23 `addBatchRegistrants`/`meetingRegistrantCreate` 404, error code 404.
    ApiError::new(
        404,
        404,
        format!("Registration has not been enabled for this meeting: {id}."),
    )
}

fn registration_not_required(id: i64) -> ApiError {
    // Z23 `meetingRegistrants`/`meetingRegistrantStatus`: 300.
    ApiError::new(
        400,
        300,
        format!("This meeting has not set registration as required: {id}."),
    )
}

fn registrant_not_found(rid: &str) -> ApiError {
    // Z23 `meetingregistrantdelete`: 3000 "Registrant {0} was not found."; 404 because it is
    // a missing resource (errors.md).
    ApiError::new(404, 3000, format!("Registrant {rid} was not found."))
}

pub fn registrant_join_url(base: &str, meeting_id: i64, r: &Registrant) -> String {
    // REF §4 "Join URL form": registrant links carry the registrant token `tk`.
    format!("{base}/j/{meeting_id}?tk={}", r.token)
}

/// Validate `email`/`first_name`/`last_name` (M25: required email ≤128, first_name ≤64).
fn validate(email: &str, first: &str, last: &str, prefix: &str) -> Vec<(String, String)> {
    let mut bad = Vec::new();
    if !valid_email(email) {
        bad.push((format!("{prefix}email"), "Invalid field.".into()));
    }
    if first.is_empty() || first.chars().count() > 64 {
        bad.push((format!("{prefix}first_name"), "Invalid field.".into()));
    }
    if last.chars().count() > 64 {
        bad.push((format!("{prefix}last_name"), "Invalid field.".into()));
    }
    bad
}

/// Add (or find again) one registrant. Shared by the single add, the batch add and the
/// public registration page (`/_sim/register`). `api_429` names the API in the per-
/// registrant 429 text (Z23).
#[allow(clippy::too_many_arguments)]
pub fn add(
    s: &mut Store,
    meeting_id: i64,
    new: NewRegistrant,
    auto_approve: bool,
    occurrence_ids: Option<Vec<String>>,
    now: DateTime<Utc>,
    api_429: Option<&str>,
) -> ApiResult<Registrant> {
    let Some(m) = s.meetings.get(&meeting_id) else {
        return Err(ApiError::meeting_not_found(meeting_id));
    };
    if !m.registration_on() {
        return Err(registration_off(meeting_id));
    }
    let host_email = s
        .users
        .get(&m.host_id)
        .map(|u| u.email.to_lowercase())
        .unwrap_or_default();
    let email_lc = new.email.to_lowercase();
    let alt_host = m
        .settings
        .alternative_hosts
        .split([',', ';'])
        .any(|e| e.trim().eq_ignore_ascii_case(&new.email));
    if email_lc == host_email || alt_host {
        // No source gives Zoom's answer; the web registration page refuses hosts. We pick
        // 400/300 (REF §7: 300 = invalid parameter). See DEPARTURES.md.
        return Err(ApiError::new(
            400,
            300,
            "The host or an alternative host of this meeting cannot register for it.",
        ));
    }
    if let Some(ids) = &occurrence_ids {
        let unknown = ids
            .iter()
            .any(|id| !m.occurrences.iter().any(|o| &o.occurrence_id == id));
        if unknown {
            return Err(ApiError::field("occurrence_ids", "Invalid field."));
        }
    }
    let approval = m.settings.approval_type;
    let existing = m
        .registrants
        .iter()
        .position(|r| r.email.eq_ignore_ascii_case(&new.email));
    if existing.is_none() && m.registrants.len() >= CAPACITY {
        // Z23 `meetingRegistrantCreate` 400/3043.
        return Err(ApiError::new(
            400,
            3043,
            "Meeting has reached maximum attendee capacity.",
        ));
    }
    if let Some(api) = api_429 {
        let key = format!("registrant-add:{meeting_id}:{email_lc}");
        if s.take_daily(key, now.date_naive(), DAILY_ADDS).is_err() {
            // Z23 `meetingRegistrantCreate`/`addBatchRegistrants` 429 texts.
            return Err(ApiError::new(
                429,
                429,
                format!(
                    "You have exceeded the daily rate limit of \"{DAILY_ADDS}\" for {api} API requests for the registrant \"{}\". You can resume these API requests at GMT 00:00:00.",
                    new.email
                ),
            ));
        }
    }
    let Some(m) = s.meetings.get_mut(&meeting_id) else {
        return Err(ApiError::meeting_not_found(meeting_id));
    };
    if let Some(i) = existing {
        // REF §10.14 (devforum t/57798, webinars): re-adding an email returns the existing
        // registrant, same id and link. `auto_approve` still approves a pending one.
        let r = &mut m.registrants[i];
        if auto_approve && r.status == "pending" {
            r.status = "approved".into();
        }
        return Ok(r.clone());
    }
    let status = if approval == 0 || auto_approve {
        "approved"
    } else {
        "pending"
    };
    let all: Vec<String> = m
        .occurrences
        .iter()
        .map(|o| o.occurrence_id.clone())
        .collect();
    let rng = &mut s.rng;
    let r = Registrant {
        id: ids::registrant_id(rng),
        email: new.email,
        first_name: new.first_name,
        last_name: new.last_name,
        status: status.into(),
        token: ids::token(rng, 40),
        pin: ids::pin(rng),
        create_time: now,
        occurrence_ids: occurrence_ids.unwrap_or(all),
        extra: new.extra,
    };
    let Some(m) = s.meetings.get_mut(&meeting_id) else {
        return Err(ApiError::meeting_not_found(meeting_id));
    };
    m.registrants.push(r.clone());
    s.reg_tokens
        .insert(r.token.clone(), (meeting_id, r.id.clone()));
    Ok(r)
}

fn occurrences_json(m: &Meeting, r: &Registrant) -> Value {
    m.occurrences
        .iter()
        .filter(|o| r.occurrence_ids.contains(&o.occurrence_id))
        .map(|o| {
            json!({"occurrence_id": o.occurrence_id, "start_time": fmt(o.start_time),
                "duration": o.duration, "status": o.status})
        })
        .collect()
}

#[derive(Deserialize)]
pub struct CreateQuery {
    occurrence_ids: Option<String>,
}

pub async fn create(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(meeting_id): Path<String>,
    ZoomQuery(q): ZoomQuery<CreateQuery>,
    ZoomJson(body): ZoomJson<Value>,
) -> ApiResult<Response> {
    let id = parse_meeting_id(&meeting_id)?;
    let text = |k: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (email, first, last) = (text("email"), text("first_name"), text("last_name"));
    let bad = validate(&email, &first, &last, "");
    if !bad.is_empty() {
        return Err(ApiError::validation(bad));
    }
    let auto_approve = body
        .get("auto_approve")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let extra = EXTRA_FIELDS
        .iter()
        .filter_map(|k| {
            body.get(*k)
                .and_then(Value::as_str)
                .map(|v| (k.to_string(), v.to_string()))
        })
        .collect();
    let occurrence_ids = q.occurrence_ids.map(|s| {
        s.split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    });
    let now = app.now();
    let base = app.base();
    let mut s = app.store();
    if s.meeting(&caller.account_id, id).is_none() {
        return Err(ApiError::meeting_not_found(id));
    }
    let r = add(
        &mut s,
        id,
        NewRegistrant {
            email,
            first_name: first,
            last_name: last,
            extra,
        },
        auto_approve,
        occurrence_ids,
        now,
        Some("Add meeting registrant"),
    )?;
    let Some(m) = s.meetings.get(&id) else {
        return Err(ApiError::meeting_not_found(id));
    };
    let mut v = json!({
        "id": m.id,
        "registrant_id": r.id,
        "participant_pin_code": r.pin,
        "topic": m.topic,
        "start_time": fmt(m.start_time),
        "occurrences": occurrences_json(m, &r),
    });
    // M25: `join_url` is omitted while the registrant waits for approval.
    if r.status == "approved" {
        v["join_url"] = json!(registrant_join_url(&base, id, &r));
    }
    Ok((StatusCode::CREATED, axum::Json(v)).into_response())
}

fn registrant_json(base: &str, m: &Meeting, r: &Registrant) -> Value {
    let mut v = json!({
        "id": r.id,
        "email": r.email,
        "first_name": r.first_name,
        "last_name": r.last_name,
        "status": r.public_status(),
        "create_time": fmt(r.create_time),
        "participant_pin_code": r.pin,
        "custom_questions": [],
    });
    for (k, val) in &r.extra {
        v[k] = json!(val);
    }
    if r.status == "approved" {
        v["join_url"] = json!(registrant_join_url(base, m.id, r));
    }
    v
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    occurrence_id: Option<String>,
    page_size: Option<i64>,
    next_page_token: Option<String>,
}

pub async fn list(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(meeting_id): Path<String>,
    ZoomQuery(q): ZoomQuery<ListQuery>,
) -> ApiResult<axum::Json<Value>> {
    let id = parse_meeting_id(&meeting_id)?;
    let status = q.status.unwrap_or_else(|| "approved".into());
    if !["pending", "approved", "denied"].contains(&status.as_str()) {
        return Err(ApiError::field("status", "Invalid field."));
    }
    let size = paging::page_size(q.page_size)?;
    let now = app.now();
    let base = app.base();
    let mut s = app.store();
    let m = s
        .meeting(&caller.account_id, id)
        .cloned()
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    if !m.registration_on() {
        return Err(registration_not_required(id));
    }
    let rows: Vec<Value> = m
        .registrants
        .iter()
        .filter(|r| r.public_status() == status)
        .filter(|r| {
            q.occurrence_id
                .as_ref()
                .is_none_or(|o| r.occurrence_ids.contains(o))
        })
        .map(|r| registrant_json(&base, &m, r))
        .collect();
    let key = format!("registrants:{id}:{status}:{:?}:{size}", q.occurrence_id);
    let page = paging::paginate(&mut s, now, &key, rows, size, q.next_page_token.as_deref())?;
    Ok(axum::Json(json!({
        "page_count": page.page_count,
        "page_number": page.page_number,
        "page_size": page.page_size,
        "total_records": page.total_records,
        "next_page_token": page.next_page_token,
        "registrants": page.items,
    })))
}

pub async fn get(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path((meeting_id, rid)): Path<(String, String)>,
) -> ApiResult<axum::Json<Value>> {
    let id = parse_meeting_id(&meeting_id)?;
    let base = app.base();
    let s = app.store();
    let m = s
        .meeting(&caller.account_id, id)
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    if !m.registration_on() {
        return Err(registration_not_required(id));
    }
    let r = m
        .registrants
        .iter()
        .find(|r| r.id == rid)
        .ok_or_else(|| registrant_not_found(&rid))?;
    Ok(axum::Json(registrant_json(&base, m, r)))
}

#[derive(Deserialize)]
pub struct StatusBody {
    action: Option<String>,
    registrants: Option<Vec<StatusItem>>,
}

#[derive(Deserialize)]
pub struct StatusItem {
    id: Option<String>,
    email: Option<String>,
}

pub async fn status(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(meeting_id): Path<String>,
    ZoomJson(body): ZoomJson<StatusBody>,
) -> ApiResult<StatusCode> {
    let id = parse_meeting_id(&meeting_id)?;
    let action = body.action.unwrap_or_default();
    if !["approve", "deny", "cancel"].contains(&action.as_str()) {
        return Err(ApiError::field("action", "Invalid field."));
    }
    let items = body.registrants.unwrap_or_default();
    if items.is_empty() || items.len() > MAX_BATCH {
        // M25 `meetingRegistrantStatus`: registrants, max 30.
        return Err(ApiError::field("registrants", "Invalid field."));
    }
    let now = app.now();
    let mut s = app.store();
    let m = s
        .meeting(&caller.account_id, id)
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    if !m.registration_on() {
        return Err(registration_not_required(id));
    }
    let mut targets = Vec::new();
    for it in &items {
        let found = m.registrants.iter().position(|r| {
            it.id.as_deref().is_some_and(|i| i == r.id)
                || it
                    .email
                    .as_deref()
                    .is_some_and(|e| e.eq_ignore_ascii_case(&r.email))
        });
        match found {
            Some(i) => targets.push((
                i,
                m.registrants[i].id.clone(),
                m.registrants[i].email.clone(),
            )),
            None => {
                let name = it.id.clone().or(it.email.clone()).unwrap_or_default();
                return Err(registrant_not_found(&name));
            }
        }
    }
    for (_, rid, email) in &targets {
        let key = format!("registrant-status:{id}:{rid}");
        if s.take_daily(key, now.date_naive(), DAILY_STATUS).is_err() {
            // Z23 `meetingRegistrantStatus` 429.
            return Err(ApiError::new(
                429,
                429,
                format!(
                    "You have exceeded the daily rate limit of \"{DAILY_STATUS}\" for meeting Update registrant's status API requests for the registrant \"{email}\". You can resume these API requests at GMT 00:00:00."
                ),
            ));
        }
    }
    let Some(m) = s.meetings.get_mut(&id) else {
        return Err(ApiError::meeting_not_found(id));
    };
    for (i, _, _) in targets {
        let r = &mut m.registrants[i];
        match action.as_str() {
            "approve" => r.status = "approved".into(),
            "deny" => r.status = "denied".into(),
            // "cancel" a previous approval: the link stops working; Zoom lists such
            // registrants under `denied` (inference).
            _ => r.status = "cancelled".into(),
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

pub async fn delete(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path((meeting_id, rid)): Path<(String, String)>,
    ZoomQuery(q): ZoomQuery<DeleteQuery>,
) -> ApiResult<StatusCode> {
    let id = parse_meeting_id(&meeting_id)?;
    let mut s = app.store();
    let m = s
        .meeting_mut(&caller.account_id, id)
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    if !m.registration_on() {
        return Err(registration_off(id));
    }
    let i = m
        .registrants
        .iter()
        .position(|r| r.id == rid)
        .ok_or_else(|| registrant_not_found(&rid))?;
    if let Some(o) = q.occurrence_id {
        // M25: for registration_type 2/3 the occurrence is removed from the registration.
        m.registrants[i].occurrence_ids.retain(|x| *x != o);
        if !m.registrants[i].occurrence_ids.is_empty() {
            return Ok(StatusCode::NO_CONTENT);
        }
    }
    let r = m.registrants.remove(i);
    s.reg_tokens.remove(&r.token);
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct DeleteQuery {
    occurrence_id: Option<String>,
}

#[derive(Deserialize)]
pub struct BatchBody {
    registrants: Option<Vec<Value>>,
    auto_approve: Option<bool>,
}

pub async fn batch(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(meeting_id): Path<String>,
    ZoomJson(body): ZoomJson<BatchBody>,
) -> ApiResult<Response> {
    let id = parse_meeting_id(&meeting_id)?;
    let list = body.registrants.unwrap_or_default();
    if list.is_empty() || list.len() > MAX_BATCH {
        return Err(ApiError::field("registrants", "Invalid field."));
    }
    let mut news = Vec::new();
    let mut bad = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let (email, first, last) = (text("email"), text("first_name"), text("last_name"));
        bad.extend(validate(
            &email,
            &first,
            &last,
            &format!("registrants[{i}]."),
        ));
        news.push(NewRegistrant {
            email,
            first_name: first,
            last_name: last,
            extra: BTreeMap::new(),
        });
    }
    if !bad.is_empty() {
        return Err(ApiError::validation(bad));
    }
    let auto_approve = body.auto_approve.unwrap_or(false);
    let now = app.now();
    let base = app.base();
    let mut s = app.store();
    let m = s
        .meeting(&caller.account_id, id)
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    if m.meeting_type != 2 {
        // Z23 `addBatchRegistrants` 400/303.
        return Err(ApiError::new(
            400,
            303,
            "This API can only be used for scheduled meeting(meeting type: 2). Batch registration is not supported for other meeting types.",
        ));
    }
    if !m.registration_on() {
        return Err(registration_off(id));
    }
    let fresh = news
        .iter()
        .filter(|n| {
            !m.registrants
                .iter()
                .any(|r| r.email.eq_ignore_ascii_case(&n.email))
        })
        .count();
    if m.registrants.len() + fresh > CAPACITY {
        return Err(ApiError::new(
            400,
            3043,
            "Meeting has reached maximum attendee capacity.",
        ));
    }
    let mut out = Vec::new();
    for n in news {
        let r = add(
            &mut s,
            id,
            n,
            auto_approve,
            None,
            now,
            Some("meeting Perform batch registration"),
        )?;
        let mut v =
            json!({ "email": r.email, "registrant_id": r.id, "participant_pin_code": r.pin });
        if r.status == "approved" {
            v["join_url"] = json!(registrant_join_url(&base, id, &r));
        }
        out.push(v);
    }
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({ "registrants": out })),
    )
        .into_response())
}
