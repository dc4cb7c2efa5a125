//! Between the store and the engine: read an instance's inputs, run [`reconcile`], and store
//! the derived records and the review queue. Same rows and rules give the same stored result.

use std::collections::HashMap;

use chrono::Duration;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::model::{
    Alias, AliasKind, AttendanceRecord, HostIdentity, InstanceAttendance, InstanceSchedule,
    Invitee, KnownPerson, MatchRule, PersonId, ReconcileInput, RuleId, RuleScope, RuleTarget,
    Thresholds,
};
use super::reconcile::reconcile;
use super::sync::to_attendance_row;
use crate::error::{AppError, Result};
use crate::jobs::parse_time;
use crate::store::attendance::{InstanceRow, KnownPersonRow, RecordRow, RuleRow, UnidentifiedRow};
use crate::store::{Store, now_text};

pub const LATE_AFTER_KEY: &str = "attendance.late_after_minutes";
pub const LEFT_EARLY_KEY: &str = "attendance.left_early_minutes";
pub const PRESENT_MIN_KEY: &str = "attendance.present_min_minutes";
pub const REFRESH_KEY: &str = "attendance.refresh_minutes";
pub const SOURCE_KEY: &str = "attendance.source";

/// A serde enum as the plain string it serializes to (`"present"`, `"registrationId"` …).
pub(crate) fn enum_str<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => other.map(|v| v.to_string()).unwrap_or_default(),
    }
}

pub(crate) fn parse_enum<T: DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value.to_owned())).ok()
}

pub(crate) async fn minutes_setting(store: &Store, key: &str, default: u32) -> Result<u32> {
    Ok(store
        .setting(key)
        .await?
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(default))
}

pub(crate) async fn thresholds(store: &Store) -> Result<Thresholds> {
    Ok(Thresholds {
        late_after: Duration::minutes(minutes_setting(store, LATE_AFTER_KEY, 5).await?.into()),
        left_early_before_end: Duration::minutes(
            minutes_setting(store, LEFT_EARLY_KEY, 5).await?.into(),
        ),
        present_min: Duration::minutes(minutes_setting(store, PRESENT_MIN_KEY, 0).await?.into()),
    })
}

pub(crate) fn display_name(p: &KnownPersonRow) -> String {
    let name = format!("{} {}", p.first_name.trim(), p.last_name.trim());
    let name = name.trim();
    if name.is_empty() {
        p.email.clone()
    } else {
        name.to_owned()
    }
}

pub(crate) fn known_person(p: &KnownPersonRow) -> KnownPerson {
    let zoom_email = p
        .zoom_email
        .clone()
        .filter(|z| !z.eq_ignore_ascii_case(&p.email));
    KnownPerson {
        person_id: PersonId(p.id),
        display_name: display_name(p),
        email: Some(p.email.clone()).filter(|e| !e.is_empty()),
        zoom_email,
        zoom_user_id: p.zoom_user_id.clone(),
    }
}

pub(crate) fn rule_from_row(row: &RuleRow) -> Option<MatchRule> {
    Some(MatchRule {
        id: RuleId(row.id),
        alias: Alias {
            kind: parse_enum::<AliasKind>(&row.alias_kind)?,
            value: row.alias_value.clone(),
        },
        target: match row.person_id {
            Some(id) => RuleTarget::Person {
                person_id: PersonId(id),
            },
            None => RuleTarget::Guest {
                label: row.guest_label.clone(),
            },
        },
        scope: if row.scope_meeting.is_empty() {
            RuleScope::Account
        } else {
            RuleScope::Series {
                meeting_id: row.scope_meeting.clone(),
            }
        },
    })
}

pub(crate) fn schedule_of(instance: &InstanceRow) -> InstanceSchedule {
    let start = parse_time(&instance.scheduled_start).unwrap_or_default();
    InstanceSchedule {
        scheduled_start: start,
        scheduled_end: parse_time(&instance.scheduled_end).unwrap_or(start),
        actual_end: instance.ended_at.as_deref().and_then(parse_time),
    }
}

/// Reconcile one fetched instance from what the store holds, without saving.
pub async fn reconcile_stored(store: &Store, instance_id: i64) -> Result<InstanceAttendance> {
    let instance = store
        .attendance_instance_by_id(instance_id)
        .await?
        .ok_or_else(|| AppError::not_found("This meeting instance is no longer known."))?;
    let meeting = store
        .meeting_row(instance.meeting_id)
        .await?
        .ok_or_else(|| AppError::not_found("This meeting is no longer in Rollcall."))?;
    let rows: Vec<_> = store
        .attendance_rows(instance_id)
        .await?
        .iter()
        .filter_map(to_attendance_row)
        .collect();
    let invitees: Vec<Invitee> = store
        .attendance_invitees(meeting.id, &instance.occurrence_id)
        .await?
        .into_iter()
        .map(|i| Invitee {
            person_id: PersonId(i.person_id),
            registration_id: i.registrant_id,
        })
        .collect();
    let people: Vec<KnownPerson> = store
        .attendance_people(&meeting.account_id)
        .await?
        .iter()
        .map(known_person)
        .collect();
    let zoom_id = meeting.zoom_meeting_id.to_string();
    let rules: Vec<MatchRule> = store
        .attendance_rules(&meeting.account_id, &zoom_id)
        .await?
        .iter()
        .filter_map(rule_from_row)
        .collect();
    let input = ReconcileInput {
        meeting_id: &zoom_id,
        schedule: schedule_of(&instance),
        rows: &rows,
        invitees: &invitees,
        people: &people,
        rules: &rules,
        thresholds: thresholds(store).await?,
        host: HostIdentity {
            zoom_user_id: Some(meeting.host_zoom_user_id.as_str()),
            email: Some(meeting.host_email.as_str()),
        },
    };
    Ok(reconcile(&input))
}

pub(crate) fn record_row(instance_id: i64, r: &AttendanceRecord) -> RecordRow {
    RecordRow {
        instance_id,
        person_id: r.person_id.0,
        invited: r.invited,
        attended: r.attended,
        status: enum_str(&r.status),
        late: r.late,
        left_early: r.left_early,
        first_join: r.presence.first_join.map(now_text),
        last_leave: r.presence.last_leave.map(now_text),
        total_seconds: i64::from(r.presence.attended_seconds),
        joins: i64::from(r.presence.joins),
        match_method: r.match_method.as_ref().map(enum_str),
        rule_id: r.rule_id.map(|id| id.0),
        intervals: serde_json::to_string(&r.presence.intervals).unwrap_or_else(|_| "[]".into()),
        row_keys: serde_json::to_string(&r.row_keys).unwrap_or_else(|_| "[]".into()),
    }
}

/// Reconcile one instance and store the result (records, guests, review queue). Instances not
/// fetched yet are left alone.
pub async fn reconcile_instance(store: &Store, instance_id: i64) -> Result<()> {
    let Some(instance) = store.attendance_instance_by_id(instance_id).await? else {
        return Ok(());
    };
    if instance.state != "fetched" {
        return Ok(());
    }
    let result = reconcile_stored(store, instance_id).await?;
    let records: Vec<RecordRow> = result
        .records
        .iter()
        .map(|r| record_row(instance_id, r))
        .collect();
    let unidentified: Vec<UnidentifiedRow> = result
        .unidentified
        .iter()
        .map(|u| UnidentifiedRow {
            instance_id,
            alias_kind: enum_str(&u.alias.kind),
            alias_value: u.alias.value.clone(),
            display_name: u.display_name.clone(),
            entry: serde_json::to_string(u).unwrap_or_default(),
        })
        .collect();
    let guests = serde_json::to_string(&result.guests).unwrap_or_else(|_| "[]".into());
    let now = now_text(chrono::Utc::now());
    store
        .save_attendance_result(instance_id, &records, &guests, &unidentified, &now)
        .await
}

/// Reconcile every fetched instance of a meeting.
pub async fn reconcile_meeting(store: &Store, meeting_id: i64) -> Result<()> {
    for instance in store.attendance_instances(meeting_id).await? {
        reconcile_instance(store, instance.id).await?;
    }
    Ok(())
}

/// People by local id, for views.
pub(crate) async fn people_by_id(
    store: &Store,
    account_id: &str,
) -> Result<HashMap<i64, KnownPersonRow>> {
    Ok(store
        .attendance_people(account_id)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}
