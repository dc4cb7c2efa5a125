//! `attendance_*`: instances, raw participant rows, match rules and derived records; and the
//! reads of `meetings`, `invitations`, `people` and `zoom_users` that reconciliation needs.

use super::Store;
use crate::error::Result;

/// A meeting as attendance needs it.
// The meetings this module reads are the meetings store's rows: one shape, one set of queries.
pub use super::meetings::{MeetingRow, OccurrenceRow};

/// The same columns of `attendance_records` map to a `RecordRow` whichever query read them;
/// `query!` gives each query its own anonymous record type, so the mapping is a macro.
macro_rules! record_row {
    ($r:ident) => {{
        RecordRow {
            instance_id: $r.instance_id,
            person_id: $r.person_id,
            invited: $r.invited != 0,
            attended: $r.attended != 0,
            status: $r.status,
            late: $r.late != 0,
            left_early: $r.left_early != 0,
            first_join: $r.first_join,
            last_leave: $r.last_leave,
            total_seconds: $r.total_seconds,
            joins: $r.joins,
            match_method: $r.match_method,
            rule_id: $r.rule_id,
            intervals: $r.intervals,
            row_keys: $r.row_keys,
        }
    }};
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceRow {
    pub id: i64,
    pub meeting_id: i64,
    pub uuid: String,
    pub occurrence_id: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub scheduled_start: String,
    pub scheduled_end: String,
    pub state: String,
    pub source: Option<String>,
    pub attempts: i64,
    pub retry_at: Option<String>,
    pub last_error: Option<String>,
    pub fetched_at: Option<String>,
    pub reconciled_at: Option<String>,
    pub guests: String,
}

/// A new or refreshed instance (its fetch state is kept when it exists).
#[derive(Debug, Clone)]
pub struct NewInstance<'a> {
    pub meeting_id: i64,
    pub uuid: &'a str,
    pub occurrence_id: &'a str,
    pub started_at: &'a str,
    pub ended_at: Option<&'a str>,
    pub scheduled_start: &'a str,
    pub scheduled_end: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRow {
    pub row_key: String,
    pub seq: i64,
    pub source: String,
    pub raw: String,
    pub registration_id: Option<String>,
    pub zoom_user_id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub joined_at: String,
    pub left_at: String,
    pub in_waiting_room: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeRow {
    pub person_id: i64,
    pub registrant_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPersonRow {
    pub id: i64,
    pub external_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub zoom_user_id: Option<String>,
    pub zoom_email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub id: i64,
    pub account_id: String,
    pub alias_kind: String,
    pub alias_value: String,
    pub person_id: Option<i64>,
    pub guest_label: Option<String>,
    pub scope_meeting: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRow {
    pub instance_id: i64,
    pub person_id: i64,
    pub invited: bool,
    pub attended: bool,
    pub status: String,
    pub late: bool,
    pub left_early: bool,
    pub first_join: Option<String>,
    pub last_leave: Option<String>,
    pub total_seconds: i64,
    pub joins: i64,
    pub match_method: Option<String>,
    pub rule_id: Option<i64>,
    pub intervals: String,
    pub row_keys: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnidentifiedRow {
    pub instance_id: i64,
    pub alias_kind: String,
    pub alias_value: String,
    pub display_name: Option<String>,
    pub entry: String,
}

impl Store {
    // ---- meetings (read only: the meetings engineer owns the writes) ----

    /// Active meetings of an account that may have had an instance since `since`: scheduled
    /// ones that started after it, and every recurring one.
    pub async fn attendance_recent_meetings(
        &self,
        account_id: &str,
        since: &str,
    ) -> Result<Vec<MeetingRow>> {
        let rows = sqlx::query_as!(
            MeetingRow,
            r#"SELECT id AS "id!", account_id, zoom_meeting_id, host_zoom_user_id, host_email,
                      topic, kind, registration_type, start_time, duration_minutes, timezone,
                      recurrence, settings, join_url, registration_url, zoom_snapshot, drift,
                      status, created_at, updated_at, refreshed_at
               FROM meetings
               WHERE account_id = ? AND status != 'deleted'
                 AND (kind = 'recurring' OR start_time >= ?)
               ORDER BY id"#,
            account_id,
            since
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// People invited to the meeting (for all occurrences, or for `occurrence_id`), with the
    /// registration Zoom gave them. Cancelled, denied and failed invitations do not count.
    pub async fn attendance_invitees(
        &self,
        meeting_id: i64,
        occurrence_id: &str,
    ) -> Result<Vec<InviteeRow>> {
        let rows = sqlx::query_as!(
            InviteeRow,
            r#"SELECT person_id, registrant_id FROM invitations
               WHERE meeting_id = ? AND status IN ('registered', 'pending')
                 AND (occurrence_id = '' OR occurrence_id = ?)
               ORDER BY person_id, occurrence_id"#,
            meeting_id,
            occurrence_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// Every person, with their provisioned Zoom user on `account_id`, if any.
    pub async fn attendance_people(&self, account_id: &str) -> Result<Vec<KnownPersonRow>> {
        let rows = sqlx::query_as!(
            KnownPersonRow,
            r#"SELECT p.id AS "id!", p.external_id, p.first_name, p.last_name, p.email,
                      z.zoom_user_id AS "zoom_user_id?", z.zoom_email AS "zoom_email?"
               FROM people p
               LEFT JOIN zoom_users z
                 ON z.person_id = p.id AND z.account_id = ? AND z.status = 'provisioned'
               ORDER BY p.id"#,
            account_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    pub async fn attendance_person_by_external_id(
        &self,
        external_id: &str,
    ) -> Result<Option<KnownPersonRow>> {
        let row = sqlx::query_as!(
            KnownPersonRow,
            r#"SELECT id AS "id!", external_id, first_name, last_name, email,
                      NULL AS "zoom_user_id?: String", NULL AS "zoom_email?: String"
               FROM people WHERE external_id = ?"#,
            external_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    /// Ids of the members of a group (by name, case-insensitive).
    pub async fn attendance_group_members(&self, group: &str) -> Result<Option<Vec<i64>>> {
        let id = sqlx::query_scalar!("SELECT id FROM groups WHERE name = ?", group)
            .fetch_optional(self.pool())
            .await?;
        let Some(id) = id else { return Ok(None) };
        let members = sqlx::query_scalar!(
            "SELECT person_id FROM person_groups WHERE group_id = ? ORDER BY person_id",
            id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(Some(members))
    }

    // ---- instances ----

    /// Insert an instance discovered in Zoom, or refresh its times; the fetch state is kept.
    pub async fn upsert_attendance_instance(&self, new: &NewInstance<'_>) -> Result<i64> {
        let id = sqlx::query_scalar!(
            r#"INSERT INTO attendance_instances
                 (meeting_id, uuid, occurrence_id, started_at, ended_at, scheduled_start,
                  scheduled_end, state)
               VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
               ON CONFLICT (meeting_id, uuid) DO UPDATE SET
                 occurrence_id = excluded.occurrence_id,
                 started_at = excluded.started_at,
                 ended_at = COALESCE(excluded.ended_at, attendance_instances.ended_at),
                 scheduled_start = excluded.scheduled_start,
                 scheduled_end = excluded.scheduled_end
               RETURNING id AS "id!""#,
            new.meeting_id,
            new.uuid,
            new.occurrence_id,
            new.started_at,
            new.ended_at,
            new.scheduled_start,
            new.scheduled_end
        )
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn attendance_instance(
        &self,
        meeting_id: i64,
        uuid: &str,
    ) -> Result<Option<InstanceRow>> {
        let row = sqlx::query_as!(
            InstanceRow,
            r#"SELECT id AS "id!", meeting_id, uuid, occurrence_id, started_at, ended_at,
                      scheduled_start, scheduled_end, state, source, attempts, retry_at,
                      last_error, fetched_at, reconciled_at, guests
               FROM attendance_instances WHERE meeting_id = ? AND uuid = ?"#,
            meeting_id,
            uuid
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    pub async fn attendance_instance_by_id(&self, id: i64) -> Result<Option<InstanceRow>> {
        let row = sqlx::query_as!(
            InstanceRow,
            r#"SELECT id AS "id!", meeting_id, uuid, occurrence_id, started_at, ended_at,
                      scheduled_start, scheduled_end, state, source, attempts, retry_at,
                      last_error, fetched_at, reconciled_at, guests
               FROM attendance_instances WHERE id = ?"#,
            id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    pub async fn attendance_instances(&self, meeting_id: i64) -> Result<Vec<InstanceRow>> {
        let rows = sqlx::query_as!(
            InstanceRow,
            r#"SELECT id AS "id!", meeting_id, uuid, occurrence_id, started_at, ended_at,
                      scheduled_start, scheduled_end, state, source, attempts, retry_at,
                      last_error, fetched_at, reconciled_at, guests
               FROM attendance_instances WHERE meeting_id = ? ORDER BY started_at, id"#,
            meeting_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// Instances of every meeting of an account (for account-wide rules).
    pub async fn attendance_account_instance_ids(&self, account_id: &str) -> Result<Vec<i64>> {
        let ids = sqlx::query_scalar!(
            r#"SELECT i.id AS "id!" FROM attendance_instances i
               JOIN meetings m ON m.id = i.meeting_id
               WHERE m.account_id = ? AND i.state = 'fetched' ORDER BY i.id"#,
            account_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(ids)
    }

    /// The fetch did not give usable rows: keep nothing, remember why and when to retry.
    pub async fn mark_attendance_instance_waiting(
        &self,
        id: i64,
        state: &str,
        retry_at: &str,
        error: &str,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE attendance_instances
             SET state = CASE WHEN state = 'fetched' THEN 'fetched' ELSE ? END,
                 attempts = attempts + 1, retry_at = ?, last_error = ?
             WHERE id = ?",
            state,
            retry_at,
            error,
            id
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Replace every raw row of an instance, in one transaction, and mark it fetched.
    pub async fn save_attendance_rows(
        &self,
        instance_id: i64,
        source: &str,
        rows: &[RawRow],
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query!(
            "DELETE FROM attendance_raw_rows WHERE instance_id = ?",
            instance_id
        )
        .execute(&mut *tx)
        .await?;
        for r in rows {
            sqlx::query!(
                "INSERT INTO attendance_raw_rows
                   (instance_id, row_key, seq, source, raw, registration_id, zoom_user_id, name,
                    email, joined_at, left_at, in_waiting_room, fetched_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                instance_id,
                r.row_key,
                r.seq,
                r.source,
                r.raw,
                r.registration_id,
                r.zoom_user_id,
                r.name,
                r.email,
                r.joined_at,
                r.left_at,
                r.in_waiting_room,
                now
            )
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query!(
            "UPDATE attendance_instances
             SET state = 'fetched', source = ?, fetched_at = ?, retry_at = NULL,
                 last_error = NULL, attempts = attempts + 1
             WHERE id = ?",
            source,
            now,
            instance_id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn attendance_rows(&self, instance_id: i64) -> Result<Vec<RawRow>> {
        let rows = sqlx::query!(
            "SELECT row_key, seq, source, raw, registration_id, zoom_user_id, name, email,
                    joined_at, left_at, in_waiting_room
             FROM attendance_raw_rows WHERE instance_id = ? ORDER BY seq",
            instance_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| RawRow {
                row_key: r.row_key,
                seq: r.seq,
                source: r.source,
                raw: r.raw,
                registration_id: r.registration_id,
                zoom_user_id: r.zoom_user_id,
                name: r.name,
                email: r.email,
                joined_at: r.joined_at,
                left_at: r.left_at,
                in_waiting_room: r.in_waiting_room != 0,
            })
            .collect())
    }

    pub async fn attendance_row_count(&self, instance_id: i64) -> Result<i64> {
        let n = sqlx::query_scalar!(
            "SELECT COUNT(*) FROM attendance_raw_rows WHERE instance_id = ?",
            instance_id
        )
        .fetch_one(self.pool())
        .await?;
        Ok(n)
    }

    // ---- rules ----

    /// Save a rule; one per alias and scope (a new decision replaces the old one).
    pub async fn save_attendance_rule(&self, rule: &RuleRow, created_by: &str) -> Result<i64> {
        let id = sqlx::query_scalar!(
            r#"INSERT INTO attendance_match_rules
                 (account_id, alias_kind, alias_value, person_id, guest_label, scope_meeting,
                  created_at, created_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (account_id, alias_kind, alias_value, scope_meeting) DO UPDATE SET
                 person_id = excluded.person_id, guest_label = excluded.guest_label,
                 created_at = excluded.created_at, created_by = excluded.created_by
               RETURNING id AS "id!""#,
            rule.account_id,
            rule.alias_kind,
            rule.alias_value,
            rule.person_id,
            rule.guest_label,
            rule.scope_meeting,
            rule.created_at,
            created_by
        )
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn attendance_rule(&self, id: i64) -> Result<Option<RuleRow>> {
        let row = sqlx::query_as!(
            RuleRow,
            r#"SELECT id AS "id!", account_id, alias_kind, alias_value, person_id, guest_label,
                      scope_meeting, created_at
               FROM attendance_match_rules WHERE id = ?"#,
            id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    pub async fn delete_attendance_rule(&self, id: i64) -> Result<bool> {
        let done = sqlx::query!("DELETE FROM attendance_match_rules WHERE id = ?", id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The rules for one series (`scope_meeting` = its Zoom id) and the account-wide ones.
    pub async fn attendance_rules(
        &self,
        account_id: &str,
        zoom_meeting_id: &str,
    ) -> Result<Vec<RuleRow>> {
        let rows = sqlx::query_as!(
            RuleRow,
            r#"SELECT id AS "id!", account_id, alias_kind, alias_value, person_id, guest_label,
                      scope_meeting, created_at
               FROM attendance_match_rules
               WHERE account_id = ? AND (scope_meeting = '' OR scope_meeting = ?)
               ORDER BY id"#,
            account_id,
            zoom_meeting_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    // ---- derived ----

    /// Replace the derived records, guests and unidentified entries of an instance at once.
    pub async fn save_attendance_result(
        &self,
        instance_id: i64,
        records: &[RecordRow],
        guests: &str,
        unidentified: &[UnidentifiedRow],
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query!(
            "DELETE FROM attendance_records WHERE instance_id = ?",
            instance_id
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "DELETE FROM attendance_unidentified WHERE instance_id = ?",
            instance_id
        )
        .execute(&mut *tx)
        .await?;
        for r in records {
            sqlx::query!(
                "INSERT INTO attendance_records
                   (instance_id, person_id, invited, attended, status, late, left_early,
                    first_join, last_leave, total_seconds, joins, match_method, rule_id,
                    intervals, row_keys)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                instance_id,
                r.person_id,
                r.invited,
                r.attended,
                r.status,
                r.late,
                r.left_early,
                r.first_join,
                r.last_leave,
                r.total_seconds,
                r.joins,
                r.match_method,
                r.rule_id,
                r.intervals,
                r.row_keys
            )
            .execute(&mut *tx)
            .await?;
        }
        for u in unidentified {
            sqlx::query!(
                "INSERT INTO attendance_unidentified
                   (instance_id, alias_kind, alias_value, display_name, entry)
                 VALUES (?, ?, ?, ?, ?)",
                instance_id,
                u.alias_kind,
                u.alias_value,
                u.display_name,
                u.entry
            )
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query!(
            "UPDATE attendance_instances SET guests = ?, reconciled_at = ? WHERE id = ?",
            guests,
            now,
            instance_id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn attendance_records(&self, instance_id: i64) -> Result<Vec<RecordRow>> {
        let rows = sqlx::query!(
            "SELECT instance_id, person_id, invited, attended, status, late, left_early,
                    first_join, last_leave, total_seconds, joins, match_method, rule_id,
                    intervals, row_keys
             FROM attendance_records WHERE instance_id = ? ORDER BY person_id",
            instance_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|r| record_row!(r)).collect())
    }

    /// Every record of a person, with the instance it belongs to.
    pub async fn attendance_records_of_person(
        &self,
        person_id: i64,
    ) -> Result<Vec<(RecordRow, InstanceRow)>> {
        let rows = sqlx::query!(
            r#"SELECT r.instance_id, r.person_id, r.invited, r.attended, r.status, r.late,
                      r.left_early, r.first_join, r.last_leave, r.total_seconds, r.joins,
                      r.match_method, r.rule_id, r.intervals, r.row_keys,
                      i.id AS "i_id!", i.meeting_id, i.uuid, i.occurrence_id, i.started_at,
                      i.ended_at, i.scheduled_start, i.scheduled_end, i.state, i.source,
                      i.attempts, i.retry_at, i.last_error, i.fetched_at, i.reconciled_at,
                      i.guests
               FROM attendance_records r JOIN attendance_instances i ON i.id = r.instance_id
               WHERE r.person_id = ? ORDER BY i.scheduled_start, i.id"#,
            person_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                (
                    record_row!(r),
                    InstanceRow {
                        id: r.i_id,
                        meeting_id: r.meeting_id,
                        uuid: r.uuid,
                        occurrence_id: r.occurrence_id,
                        started_at: r.started_at,
                        ended_at: r.ended_at,
                        scheduled_start: r.scheduled_start,
                        scheduled_end: r.scheduled_end,
                        state: r.state,
                        source: r.source,
                        attempts: r.attempts,
                        retry_at: r.retry_at,
                        last_error: r.last_error,
                        fetched_at: r.fetched_at,
                        reconciled_at: r.reconciled_at,
                        guests: r.guests,
                    },
                )
            })
            .collect())
    }

    pub async fn attendance_unidentified(&self, meeting_id: i64) -> Result<Vec<UnidentifiedRow>> {
        let rows = sqlx::query_as!(
            UnidentifiedRow,
            r#"SELECT u.instance_id, u.alias_kind, u.alias_value, u.display_name, u.entry
               FROM attendance_unidentified u
               JOIN attendance_instances i ON i.id = u.instance_id
               WHERE i.meeting_id = ?
               ORDER BY u.alias_kind, u.alias_value, i.started_at"#,
            meeting_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }
}
