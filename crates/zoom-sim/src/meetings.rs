//! Meetings: create, get, update, delete, list (M25 `meetingCreate`, `meeting`,
//! `meetingUpdate`, `meetingDelete`, `meetings`; REF §3).

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{App, Caller, Shared};
use crate::clock::fmt;
use crate::errors::{ApiError, ApiResult, ZoomJson, ZoomQuery};
use crate::state::{Meeting, Occurrence, Recurrence, Settings, Store};
use crate::{ids, paging, users};

/// M25 `meetingCreate`/`meetingUpdate`: 100 create/update requests per host (create) or
/// per meeting (update) per day.
const DAILY_MEETING_WRITES: u64 = 100;
/// M25 `recurrence.end_times` maximum.
const MAX_OCCURRENCES: usize = 60;

fn daily_meeting_limit() -> ApiError {
    // REF §6, M25 `meetingCreate`, devforum t/18928.
    ApiError::new(
        429,
        429,
        "You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.",
    )
}

/// Parse a meeting id path value; anything else is a meeting that does not exist.
pub fn parse_meeting_id(raw: &str) -> ApiResult<i64> {
    raw.parse::<i64>()
        .map_err(|_| ApiError::meeting_not_found(raw))
}

/// `yyyy-MM-ddTHH:mm:ssZ`, an offset form, or local time (read as UTC; REF §3 says local
/// time is interpreted in `timezone`, which the simulator does not model).
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    let t = match DateTime::parse_from_rfc3339(s) {
        Ok(t) => t.with_timezone(&Utc),
        Err(_) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .ok()
            .map(|n| Utc.from_utc_datetime(&n))?,
    };
    // Years Zoom could schedule in; also keeps recurrence arithmetic far from overflow.
    (1970..=2199).contains(&t.year()).then_some(t)
}

type FieldErrors = Vec<(String, String)>;

/// Minutes; bounded (a year) so time arithmetic cannot overflow.
fn valid_duration(d: i64) -> bool {
    (0..=525_600).contains(&d)
}

fn bad(errors: &mut FieldErrors, field: &str) {
    errors.push((field.to_string(), "Invalid field.".to_string()));
}

fn get_bool(v: &Value, key: &str, errors: &mut FieldErrors, prefix: &str) -> Option<bool> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            bad(errors, &format!("{prefix}{key}"));
            None
        }
    }
}

fn get_int(v: &Value, key: &str, errors: &mut FieldErrors, prefix: &str) -> Option<i64> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
        // Zoom accepts numbers sent as strings in many places ("type": "2").
        Some(Value::String(s)) if s.parse::<i64>().is_ok() => s.parse().ok(),
        Some(_) => {
            bad(errors, &format!("{prefix}{key}"));
            None
        }
    }
}

fn get_str(v: &Value, key: &str, errors: &mut FieldErrors, prefix: &str) -> Option<String> {
    match v.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            bad(errors, &format!("{prefix}{key}"));
            None
        }
    }
}

fn apply_settings(set: &mut Settings, v: &Value, errors: &mut FieldErrors) {
    let p = "settings.";
    if let Some(a) = get_int(v, "approval_type", errors, p) {
        if (0..=2).contains(&a) {
            set.approval_type = a;
        } else {
            bad(errors, "settings.approval_type");
        }
    }
    if let Some(r) = get_int(v, "registration_type", errors, p) {
        if (1..=3).contains(&r) {
            set.registration_type = r;
        } else {
            bad(errors, "settings.registration_type");
        }
    }
    let bools: [(&str, &mut bool); 10] = [
        ("waiting_room", &mut set.waiting_room),
        ("join_before_host", &mut set.join_before_host),
        ("allow_multiple_devices", &mut set.allow_multiple_devices),
        (
            "registrants_confirmation_email",
            &mut set.registrants_confirmation_email,
        ),
        (
            "registrants_email_notification",
            &mut set.registrants_email_notification,
        ),
        ("meeting_authentication", &mut set.meeting_authentication),
        ("host_video", &mut set.host_video),
        ("participant_video", &mut set.participant_video),
        ("mute_upon_entry", &mut set.mute_upon_entry),
        ("close_registration", &mut set.close_registration),
    ];
    for (key, slot) in bools {
        if let Some(b) = get_bool(v, key, errors, p) {
            *slot = b;
        }
    }
    if let Some(alt) = get_str(v, "alternative_hosts", errors, p) {
        let ok = alt
            .split([',', ';'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .all(users::valid_email);
        if ok {
            set.alternative_hosts = alt;
        } else {
            bad(errors, "settings.alternative_hosts");
        }
    }
    // M25: waiting room on disables join before host.
    if set.waiting_room {
        set.join_before_host = false;
    }
}

fn parse_recurrence(v: &Value, errors: &mut FieldErrors) -> Option<Recurrence> {
    match serde_json::from_value::<Recurrence>(v.clone()) {
        Ok(r) => {
            let interval_max = match r.kind {
                1 => 90,
                2 => 12,
                3 => 3,
                _ => {
                    bad(errors, "recurrence.type");
                    return None;
                }
            };
            if r.repeat_interval
                .is_some_and(|i| !(1..=interval_max).contains(&i))
            {
                bad(errors, "recurrence.repeat_interval");
            }
            if r.end_times
                .is_some_and(|n| !(1..=MAX_OCCURRENCES as i64).contains(&n))
            {
                bad(errors, "recurrence.end_times");
            }
            if r.end_date_time
                .as_deref()
                .is_some_and(|t| parse_time(t).is_none())
            {
                bad(errors, "recurrence.end_date_time");
            }
            if let Some(days) = &r.weekly_days {
                let ok = days
                    .split(',')
                    .all(|d| d.trim().parse::<u32>().is_ok_and(|d| (1..=7).contains(&d)));
                if !ok {
                    bad(errors, "recurrence.weekly_days");
                }
            }
            if r.monthly_day.is_some_and(|d| !(1..=31).contains(&d)) {
                bad(errors, "recurrence.monthly_day");
            }
            Some(r)
        }
        Err(_) => {
            bad(errors, "recurrence");
            None
        }
    }
}

/// Occurrences of a type-8 meeting (M25 `recurrence`): daily, weekly on `weekly_days`
/// (1 = Sunday), or monthly on `monthly_day`, until `end_times` (default 7) or
/// `end_date_time`, never more than 60.
pub fn occurrences(start: DateTime<Utc>, duration: i64, r: &Recurrence) -> Vec<Occurrence> {
    let interval = r.repeat_interval.unwrap_or(1).max(1);
    let end_at = r.end_date_time.as_deref().and_then(parse_time);
    let max = if end_at.is_some() {
        MAX_OCCURRENCES
    } else {
        r.end_times.unwrap_or(7).clamp(1, MAX_OCCURRENCES as i64) as usize
    };
    let mut out: Vec<DateTime<Utc>> = Vec::new();
    let push = |t: DateTime<Utc>, out: &mut Vec<DateTime<Utc>>| -> bool {
        if out.len() >= max || end_at.is_some_and(|e| t > e) {
            return false;
        }
        out.push(t);
        true
    };
    match r.kind {
        2 => {
            let mut days: Vec<u32> = r
                .weekly_days
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter_map(|d| d.trim().parse().ok())
                .collect();
            if days.is_empty() {
                days.push(start.weekday().number_from_sunday());
            }
            days.sort_unstable();
            days.dedup();
            // Start of the week (Sunday) containing `start`.
            let week0 = start - Duration::days(start.weekday().num_days_from_sunday() as i64);
            'weeks: for w in 0..(MAX_OCCURRENCES as i64 * 12) {
                let base = week0 + Duration::weeks(w * interval);
                for d in &days {
                    let t = base + Duration::days(*d as i64 - 1);
                    if t < start {
                        continue;
                    }
                    if !push(t, &mut out) {
                        break 'weeks;
                    }
                }
            }
        }
        3 => {
            let day = r.monthly_day.unwrap_or(start.day() as i64) as u32;
            let mut produced = 0;
            for m in 0..(MAX_OCCURRENCES as i64 * 3 * 4) {
                let months = (start.month0() as i64) + m * interval;
                let year = start.year() + (months / 12) as i32;
                let month = (months % 12) as u32 + 1;
                let Some(date) = chrono::NaiveDate::from_ymd_opt(year, month, day) else {
                    continue;
                };
                let t = Utc.from_utc_datetime(&date.and_time(start.time()));
                if t < start {
                    continue;
                }
                if !push(t, &mut out) {
                    break;
                }
                produced += 1;
                if produced >= MAX_OCCURRENCES {
                    break;
                }
            }
        }
        _ => {
            for i in 0..(MAX_OCCURRENCES as i64) {
                if !push(start + Duration::days(i * interval), &mut out) {
                    break;
                }
            }
        }
    }
    out.into_iter()
        .map(|t| Occurrence {
            occurrence_id: t.timestamp_millis().to_string(),
            start_time: t,
            duration,
            status: "available".into(),
        })
        .collect()
}

fn settings_json(set: &Settings, meeting_type: i64) -> Value {
    let mut v = json!({
        "approval_type": set.approval_type,
        "waiting_room": set.waiting_room,
        "join_before_host": set.join_before_host,
        "jbh_time": 0,
        "allow_multiple_devices": set.allow_multiple_devices,
        "registrants_confirmation_email": set.registrants_confirmation_email,
        "registrants_email_notification": set.registrants_email_notification,
        "alternative_hosts": set.alternative_hosts,
        "meeting_authentication": set.meeting_authentication,
        "host_video": set.host_video,
        "participant_video": set.participant_video,
        "mute_upon_entry": set.mute_upon_entry,
        "close_registration": set.close_registration,
        "audio": "both",
        "auto_recording": "none",
        "use_pmi": false,
        "enforce_login": false,
    });
    // M25: `registration_type` is for recurring meetings with a fixed time only.
    if meeting_type == 8 {
        v["registration_type"] = json!(set.registration_type);
    }
    v
}

/// The meeting object as create (201) and GET (200) return it.
pub fn meeting_json(app: &App, s: &mut Store, m: &Meeting, occurrence: Option<&str>) -> Value {
    let host = s.users.get(&m.host_id).cloned();
    let host_email = host.as_ref().map(|u| u.email.clone()).unwrap_or_default();
    let sig = ids::token(&mut s.rng, 43);
    let zak = host
        .as_ref()
        .map(|u| {
            // M25: start_url lasts 2 h, 90 days for custCreate hosts.
            let ttl = if u.is_api_user() { 7_776_000 } else { 7_200 };
            users::make_zak(u, app.now().timestamp(), ttl, &sig)
        })
        .unwrap_or_default();
    if !zak.is_empty() {
        // A start_url's ZAK is as much a credential as one from GET /users/{id}/token.
        s.issued_zaks.push(zak.clone());
    }
    let base = app.base();
    let mut v = json!({
        "uuid": m.uuid,
        "id": m.id,
        "host_id": m.host_id,
        "host_email": host_email,
        "assistant_id": "",
        "topic": m.topic,
        "type": m.meeting_type,
        "status": if m.live_instance.is_some() { "started" } else { "waiting" },
        "duration": m.duration,
        "timezone": m.timezone,
        "agenda": m.agenda,
        "created_at": fmt(m.created_at),
        "start_url": format!("{base}/s/{}?zak={zak}", m.id),
        "join_url": format!("{base}/j/{}?pwd={}", m.id, encrypted_password(m)),
        "password": m.password,
        "h323_password": numeric_password(m),
        "pstn_password": numeric_password(m),
        "encrypted_password": encrypted_password(m),
        "pre_schedule": false,
        "creation_source": "open_api",
        "settings": settings_json(&m.settings, m.meeting_type),
    });
    // M25: type 3 has no fixed time.
    if m.meeting_type != 3 {
        v["start_time"] = json!(fmt(m.start_time));
    }
    if let Some(r) = &m.recurrence {
        v["recurrence"] = json!(r);
    }
    if !m.occurrences.is_empty() {
        v["occurrences"] = m
            .occurrences
            .iter()
            .filter(|o| occurrence.is_none_or(|id| id == o.occurrence_id))
            .map(|o| {
                json!({"occurrence_id": o.occurrence_id, "start_time": fmt(o.start_time),
                    "duration": o.duration, "status": o.status})
            })
            .collect();
        if let Some(o) =
            occurrence.and_then(|id| m.occurrences.iter().find(|o| o.occurrence_id == id))
        {
            v["start_time"] = json!(fmt(o.start_time));
            v["duration"] = json!(o.duration);
        }
    }
    // M25 `meetingCreate`: `registration_url` only when registration is on.
    if let (true, Some(t)) = (m.registration_on(), &m.registration_token) {
        v["registration_url"] = json!(format!("{base}/meeting/register/{t}"));
    }
    v
}

/// The `pwd` value in join URLs (Zoom puts an encrypted form of the passcode there).
pub fn encrypted_password(m: &Meeting) -> String {
    use base64::Engine;
    let raw = format!("{}:{}", m.id, m.password);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
}

fn numeric_password(m: &Meeting) -> String {
    let digits: u64 = m
        .password
        .bytes()
        .fold(7u64, |acc, b| acc.wrapping_mul(31).wrapping_add(b as u64));
    format!("{:06}", digits % 1_000_000)
}

/// Check the licensing and type rules for registration; forces `approval_type` 2 where Zoom
/// ignores it.
fn registration_rules(set: &mut Settings, meeting_type: i64, host_type: i64) -> ApiResult<()> {
    // Instant (1) and no-fixed-time recurring (3) meetings cannot take registration; Zoom
    // ignores the value and keeps 2 (brief; M25 `approval_type` applies to types 2 and 8).
    if meeting_type == 1 || meeting_type == 3 {
        set.approval_type = 2;
    }
    if set.approval_type != 2 && host_type != 2 {
        // M25 `meetingCreate` `approval_type` text.
        return Err(ApiError::new(
            400,
            300,
            "Registration cannot be enabled for a basic user.",
        ));
    }
    Ok(())
}

pub async fn create(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(user_id): Path<String>,
    ZoomJson(body): ZoomJson<Value>,
) -> ApiResult<Response> {
    let mut errors = FieldErrors::new();
    let meeting_type = get_int(&body, "type", &mut errors, "").unwrap_or(2);
    if ![1, 2, 3, 8].contains(&meeting_type) {
        bad(&mut errors, "type");
    }
    let topic = get_str(&body, "topic", &mut errors, "").unwrap_or_default();
    if topic.chars().count() > 200 {
        bad(&mut errors, "topic");
    }
    let agenda = get_str(&body, "agenda", &mut errors, "").unwrap_or_default();
    if agenda.chars().count() > 2000 {
        bad(&mut errors, "agenda");
    }
    let duration = get_int(&body, "duration", &mut errors, "").unwrap_or(60);
    if !valid_duration(duration) {
        bad(&mut errors, "duration");
    }
    let timezone = get_str(&body, "timezone", &mut errors, "").unwrap_or_else(|| "UTC".into());
    let start = match get_str(&body, "start_time", &mut errors, "") {
        Some(t) => match parse_time(&t) {
            Some(t) => Some(t),
            None => {
                bad(&mut errors, "start_time");
                None
            }
        },
        None => None,
    };
    let password = get_str(&body, "password", &mut errors, "");
    if let Some(p) = &password {
        // M25: ≤10 chars; since 2025-10-20 printable ASCII without spaces.
        if p.len() > 10 || !p.chars().all(|c| c.is_ascii_graphic()) {
            bad(&mut errors, "password");
        }
    }
    let default_password = get_bool(&body, "default_password", &mut errors, "").unwrap_or(true);
    let mut settings = Settings::default();
    if let Some(sv) = body.get("settings").filter(|v| !v.is_null()) {
        if sv.is_object() {
            apply_settings(&mut settings, sv, &mut errors);
        } else {
            bad(&mut errors, "settings");
        }
    }
    let recurrence = match body.get("recurrence").filter(|v| !v.is_null()) {
        Some(rv) if meeting_type == 8 => parse_recurrence(rv, &mut errors),
        // M25: `recurrence` is for type 8 only; it is ignored elsewhere.
        Some(_) => None,
        None if meeting_type == 8 => {
            errors.push(("recurrence".into(), "Invalid field.".into()));
            None
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let now = app.now();
    let mut s = app.store();
    let host = s
        .find_user(&caller.account_id, &user_id)
        .cloned()
        .ok_or_else(|| ApiError::user_not_found(&user_id))?;
    registration_rules(&mut settings, meeting_type, host.user_type)?;
    let key = format!("meeting-create:{}", host.id);
    if s.take_daily(key, now.date_naive(), DAILY_MEETING_WRITES)
        .is_err()
    {
        return Err(daily_meeting_limit());
    }
    // REF §3: a scheduled meeting without start_time starts now.
    let start_time = start.unwrap_or(now);
    let occurrences = recurrence
        .as_ref()
        .map(|r| occurrences(start_time, duration, r))
        .unwrap_or_default();
    let rng = &mut s.rng;
    let mut id = ids::meeting_id(rng);
    while s.meetings.contains_key(&id) {
        id = ids::meeting_id(&mut s.rng);
    }
    let rng = &mut s.rng;
    let uuid = ids::meeting_uuid(rng, app.slash_uuid_share);
    let password = match password {
        Some(p) => p,
        None if default_password => ids::password(rng),
        None => String::new(),
    };
    let reg_token = ids::token(rng, 22);
    let meeting = Meeting {
        id,
        uuid,
        account_id: caller.account_id.clone(),
        host_id: host.id.clone(),
        topic: if topic.is_empty() {
            "Zoom meeting".into()
        } else {
            topic
        },
        meeting_type,
        start_time: occurrences
            .first()
            .map(|o| o.start_time)
            .unwrap_or(start_time),
        duration,
        timezone,
        agenda,
        password,
        created_at: now,
        settings,
        recurrence,
        occurrences,
        registration_token: Some(reg_token.clone()),
        registrants: Vec::new(),
        live_instance: None,
    };
    s.registration_links.insert(reg_token, id);
    let v = meeting_json(&app, &mut s, &meeting, None);
    s.meetings.insert(id, meeting);
    Ok((StatusCode::CREATED, axum::Json(v)).into_response())
}

#[derive(Deserialize)]
pub struct OccurrenceQuery {
    occurrence_id: Option<String>,
}

pub async fn get(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(meeting_id): Path<String>,
    ZoomQuery(q): ZoomQuery<OccurrenceQuery>,
) -> ApiResult<axum::Json<Value>> {
    let id = parse_meeting_id(&meeting_id)?;
    let mut s = app.store();
    let m = s
        .meeting(&caller.account_id, id)
        .cloned()
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    if let Some(o) = q.occurrence_id.as_deref()
        && !m.occurrences.iter().any(|x| x.occurrence_id == o)
    {
        return Err(ApiError::new(400, 3000, "Invalid occurrence_id."));
    }
    Ok(axum::Json(meeting_json(
        &app,
        &mut s,
        &m,
        q.occurrence_id.as_deref(),
    )))
}

pub async fn update(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(meeting_id): Path<String>,
    ZoomQuery(q): ZoomQuery<OccurrenceQuery>,
    ZoomJson(body): ZoomJson<Value>,
) -> ApiResult<StatusCode> {
    let id = parse_meeting_id(&meeting_id)?;
    let now = app.now();
    let mut s = app.store();
    let mut m = s
        .meeting(&caller.account_id, id)
        .cloned()
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    let host_type = s.users.get(&m.host_id).map(|u| u.user_type).unwrap_or(1);
    let mut errors = FieldErrors::new();
    let start = get_str(&body, "start_time", &mut errors, "").and_then(|t| {
        let p = parse_time(&t);
        if p.is_none() {
            errors.push(("start_time".into(), "Invalid field.".into()));
        }
        p
    });
    let duration = get_int(&body, "duration", &mut errors, "");
    if duration.is_some_and(|d| !valid_duration(d)) {
        bad(&mut errors, "duration");
    }
    let topic = get_str(&body, "topic", &mut errors, "");
    let agenda = get_str(&body, "agenda", &mut errors, "");
    let new_type = get_int(&body, "type", &mut errors, "");
    if new_type.is_some_and(|t| ![1, 2, 3, 8].contains(&t)) {
        bad(&mut errors, "type");
    }
    if topic.as_ref().is_some_and(|t| t.chars().count() > 200) {
        bad(&mut errors, "topic");
    }
    let password = get_str(&body, "password", &mut errors, "");
    if password
        .as_ref()
        .is_some_and(|p| p.len() > 10 || !p.chars().all(|c| c.is_ascii_graphic()))
    {
        bad(&mut errors, "password");
    }
    if let Some(sv) = body.get("settings").filter(|v| !v.is_null()) {
        if sv.is_object() {
            apply_settings(&mut m.settings, sv, &mut errors);
        } else {
            bad(&mut errors, "settings");
        }
    }
    let recurrence = body
        .get("recurrence")
        .filter(|v| !v.is_null())
        .and_then(|rv| parse_recurrence(rv, &mut errors));
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    if m.live_instance.is_some() {
        // Z23 `meetingUpdate` 400/3000.
        return Err(ApiError::new(
            400,
            3000,
            "Cannot update or delete meetings that have started.",
        ));
    }
    let meeting_type = new_type.unwrap_or(m.meeting_type);
    registration_rules(&mut m.settings, meeting_type, host_type)?;
    // M25 `meetingUpdate`: 100 updates per meeting per day.
    if s.take_daily(
        format!("meeting-update:{id}"),
        now.date_naive(),
        DAILY_MEETING_WRITES,
    )
    .is_err()
    {
        return Err(daily_meeting_limit());
    }
    if let Some(oid) = q.occurrence_id {
        // With occurrence_id only that occurrence's time and length change (M25).
        let Some(o) = m.occurrences.iter_mut().find(|o| o.occurrence_id == oid) else {
            return Err(ApiError::new(400, 3000, "Invalid occurrence_id."));
        };
        if let Some(t) = start.filter(|t| *t > now) {
            o.start_time = t;
        }
        if let Some(d) = duration {
            o.duration = d;
        }
    } else {
        if let Some(t) = topic {
            m.topic = t;
        }
        if let Some(a) = agenda {
            m.agenda = a;
        }
        if let Some(p) = password {
            m.password = p;
        }
        if let Some(d) = duration {
            m.duration = d;
        }
        // M25: a start_time in the past is ignored.
        if let Some(t) = start.filter(|t| *t > now) {
            m.start_time = t;
        }
        m.meeting_type = meeting_type;
        if meeting_type == 8 {
            if let Some(r) = recurrence {
                m.recurrence = Some(r);
            }
            match &m.recurrence {
                Some(r) => m.occurrences = occurrences(m.start_time, m.duration, r),
                None => return Err(ApiError::field("recurrence", "Invalid field.")),
            }
        } else {
            m.recurrence = None;
            m.occurrences.clear();
        }
    }
    s.meetings.insert(id, m);
    Ok(StatusCode::NO_CONTENT)
}

pub async fn delete(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(meeting_id): Path<String>,
    ZoomQuery(q): ZoomQuery<OccurrenceQuery>,
) -> ApiResult<StatusCode> {
    let id = parse_meeting_id(&meeting_id)?;
    let mut s = app.store();
    let m = s
        .meeting_mut(&caller.account_id, id)
        .ok_or_else(|| ApiError::meeting_not_found(id))?;
    if m.live_instance.is_some() {
        // Z23 `meetingDelete` 3002.
        return Err(ApiError::new(
            400,
            3002,
            "Sorry, you cannot delete this meeting since it is in progress.",
        ));
    }
    if let Some(oid) = q.occurrence_id {
        let Some(o) = m.occurrences.iter_mut().find(|o| o.occurrence_id == oid) else {
            return Err(ApiError::new(400, 3000, "Invalid occurrence_id."));
        };
        o.status = "deleted".into();
        return Ok(StatusCode::NO_CONTENT);
    }
    if let Some(m) = s.meetings.remove(&id) {
        if let Some(t) = m.registration_token {
            s.registration_links.remove(&t);
        }
        for r in m.registrants {
            s.reg_tokens.remove(&r.token);
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
    page_size: Option<i64>,
    next_page_token: Option<String>,
}

pub async fn list(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(user_id): Path<String>,
    ZoomQuery(q): ZoomQuery<ListQuery>,
) -> ApiResult<axum::Json<Value>> {
    let kind = q.kind.unwrap_or_else(|| "scheduled".into());
    if ![
        "scheduled",
        "live",
        "upcoming",
        "upcoming_meetings",
        "previous_meetings",
    ]
    .contains(&kind.as_str())
    {
        return Err(ApiError::field("type", "Invalid field."));
    }
    let size = paging::page_size(q.page_size)?;
    let now = app.now();
    let mut s = app.store();
    let host = s
        .find_user(&caller.account_id, &user_id)
        .cloned()
        .ok_or_else(|| ApiError::user_not_found(&user_id))?;
    let base = app.base();
    let ends_after = |m: &Meeting| {
        let last = m
            .occurrences
            .iter()
            .map(|o| o.start_time)
            .max()
            .unwrap_or(m.start_time);
        last + Duration::minutes(m.duration) >= now
    };
    let rows: Vec<Value> = s
        .meetings
        .values()
        .filter(|m| m.host_id == host.id)
        .filter(|m| match kind.as_str() {
            // M25 `meetings`: scheduled lists unexpired meetings, never instant ones.
            "scheduled" => m.meeting_type != 1,
            "live" => m.live_instance.is_some(),
            "upcoming" | "upcoming_meetings" => m.meeting_type == 3 || ends_after(m),
            _ => m.meeting_type != 3 && !ends_after(m),
        })
        .map(|m| {
            let mut v = json!({
                "uuid": m.uuid, "id": m.id, "host_id": m.host_id, "topic": m.topic,
                "type": m.meeting_type, "duration": m.duration, "timezone": m.timezone,
                "agenda": m.agenda, "created_at": fmt(m.created_at),
                "join_url": format!("{base}/j/{}?pwd={}", m.id, encrypted_password(m)),
            });
            if m.meeting_type != 3 {
                v["start_time"] = json!(fmt(m.start_time));
            }
            v
        })
        .collect();
    let key = format!("meetings:{}:{kind}:{size}", host.id);
    let page = paging::paginate(&mut s, now, &key, rows, size, q.next_page_token.as_deref())?;
    Ok(axum::Json(json!({
        "page_count": page.page_count,
        "page_number": page.page_number,
        "page_size": page.page_size,
        "total_records": page.total_records,
        "next_page_token": page.next_page_token,
        "meetings": page.items,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        parse_time(s).unwrap_or_default()
    }

    fn starts(r: &Recurrence, start: &str) -> Vec<String> {
        occurrences(at(start), 30, r)
            .iter()
            .map(|o| fmt(o.start_time))
            .collect()
    }

    #[test]
    fn weekly_occurrences_follow_weekly_days_from_the_start() {
        // 2026-03-04 is a Wednesday (4); Monday = 2, Friday = 6.
        let r = Recurrence {
            kind: 2,
            weekly_days: Some("2,6".into()),
            end_times: Some(4),
            ..Recurrence::default()
        };
        assert_eq!(
            starts(&r, "2026-03-04T09:00:00Z"),
            [
                "2026-03-06T09:00:00Z",
                "2026-03-09T09:00:00Z",
                "2026-03-13T09:00:00Z",
                "2026-03-16T09:00:00Z"
            ]
        );
    }

    #[test]
    fn daily_until_an_end_date_and_monthly_on_a_day() {
        let daily = Recurrence {
            kind: 1,
            repeat_interval: Some(2),
            end_date_time: Some("2026-03-08T00:00:00Z".into()),
            ..Recurrence::default()
        };
        assert_eq!(
            starts(&daily, "2026-03-02T09:00:00Z"),
            [
                "2026-03-02T09:00:00Z",
                "2026-03-04T09:00:00Z",
                "2026-03-06T09:00:00Z"
            ]
        );
        let monthly = Recurrence {
            kind: 3,
            monthly_day: Some(15),
            end_times: Some(2),
            ..Recurrence::default()
        };
        assert_eq!(
            starts(&monthly, "2026-03-20T09:00:00Z"),
            ["2026-04-15T09:00:00Z", "2026-05-15T09:00:00Z"]
        );
    }

    #[test]
    fn occurrences_never_exceed_sixty() {
        let r = Recurrence {
            kind: 1,
            end_date_time: Some("2030-01-01T00:00:00Z".into()),
            ..Recurrence::default()
        };
        assert_eq!(occurrences(at("2026-03-02T09:00:00Z"), 30, &r).len(), 60);
    }

    #[test]
    fn times_outside_zoom_years_are_refused() {
        assert!(parse_time("9999-12-31T23:59:59Z").is_none());
        assert!(parse_time("2026-03-02T09:00:00").is_some());
        assert!(parse_time("2026-03-02T09:00:00+02:00").is_some());
    }
}
