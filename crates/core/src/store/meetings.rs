//! `meetings`, `meeting_occurrences`, `zoom_daily_usage`: the meetings Rollcall manages and the
//! daily Zoom counters kept across restarts.

use super::Store;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: i64,
    pub account_id: String,
    pub zoom_meeting_id: i64,
    pub host_zoom_user_id: String,
    pub host_email: String,
    pub topic: String,
    /// `scheduled` or `recurring`.
    pub kind: String,
    pub registration_type: Option<i64>,
    pub start_time: String,
    pub duration_minutes: i64,
    pub timezone: String,
    pub recurrence: Option<String>,
    pub settings: String,
    pub join_url: Option<String>,
    pub registration_url: Option<String>,
    pub zoom_snapshot: Option<String>,
    pub drift: Option<String>,
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
    pub refreshed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccurrenceRow {
    pub meeting_id: i64,
    pub occurrence_id: String,
    pub start_time: String,
    pub duration_minutes: i64,
    pub status: String,
}

impl Store {
    /// Insert a meeting, or update the one with the same Zoom id for this account (an import
    /// of a meeting already known). Returns the local id.
    pub async fn save_meeting(&self, row: &MeetingRow) -> Result<i64> {
        let id = sqlx::query_scalar!(
            "INSERT INTO meetings (account_id, zoom_meeting_id, host_zoom_user_id, host_email, topic,
                kind, registration_type, start_time, duration_minutes, timezone, recurrence, settings,
                join_url, registration_url, zoom_snapshot, drift, status, created_at, updated_at,
                refreshed_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (account_id, zoom_meeting_id) DO UPDATE SET
                host_zoom_user_id = excluded.host_zoom_user_id, host_email = excluded.host_email,
                topic = excluded.topic, kind = excluded.kind,
                registration_type = excluded.registration_type, start_time = excluded.start_time,
                duration_minutes = excluded.duration_minutes, timezone = excluded.timezone,
                recurrence = excluded.recurrence, settings = excluded.settings,
                join_url = excluded.join_url, registration_url = excluded.registration_url,
                zoom_snapshot = excluded.zoom_snapshot, drift = excluded.drift,
                status = excluded.status, updated_at = excluded.updated_at,
                refreshed_at = excluded.refreshed_at
             RETURNING id AS \"id!: i64\"",
            row.account_id,
            row.zoom_meeting_id,
            row.host_zoom_user_id,
            row.host_email,
            row.topic,
            row.kind,
            row.registration_type,
            row.start_time,
            row.duration_minutes,
            row.timezone,
            row.recurrence,
            row.settings,
            row.join_url,
            row.registration_url,
            row.zoom_snapshot,
            row.drift,
            row.status,
            row.created_at,
            row.updated_at,
            row.refreshed_at
        )
        .fetch_one(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn meeting_row(&self, id: i64) -> Result<Option<MeetingRow>> {
        let row = sqlx::query_as!(
            MeetingRow,
            "SELECT id, account_id, zoom_meeting_id, host_zoom_user_id, host_email, topic, kind,
                    registration_type, start_time, duration_minutes, timezone, recurrence, settings,
                    join_url, registration_url, zoom_snapshot, drift, status, created_at, updated_at,
                    refreshed_at
             FROM meetings WHERE id = ?",
            id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    pub async fn meeting_row_by_zoom_id(
        &self,
        account_id: &str,
        zoom_meeting_id: i64,
    ) -> Result<Option<MeetingRow>> {
        let row = sqlx::query_as!(
            MeetingRow,
            "SELECT id, account_id, zoom_meeting_id, host_zoom_user_id, host_email, topic, kind,
                    registration_type, start_time, duration_minutes, timezone, recurrence, settings,
                    join_url, registration_url, zoom_snapshot, drift, status, created_at, updated_at,
                    refreshed_at
             FROM meetings WHERE account_id = ? AND zoom_meeting_id = ?",
            account_id,
            zoom_meeting_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    /// The account's meetings, deleted ones left out, soonest first.
    pub async fn meeting_rows(&self, account_id: &str) -> Result<Vec<MeetingRow>> {
        let rows = sqlx::query_as!(
            MeetingRow,
            "SELECT id, account_id, zoom_meeting_id, host_zoom_user_id, host_email, topic, kind,
                    registration_type, start_time, duration_minutes, timezone, recurrence, settings,
                    join_url, registration_url, zoom_snapshot, drift, status, created_at, updated_at,
                    refreshed_at
             FROM meetings WHERE account_id = ? AND status != 'deleted'
             ORDER BY start_time, id",
            account_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    pub async fn set_meeting_status(&self, id: i64, status: &str, now: &str) -> Result<()> {
        sqlx::query!(
            "UPDATE meetings SET status = ?, updated_at = ? WHERE id = ?",
            status,
            now,
            id
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// What a refresh found: Zoom's view and the differences (`None` = in step).
    pub async fn record_meeting_refresh(
        &self,
        id: i64,
        snapshot: Option<&str>,
        drift: Option<&str>,
        status: &str,
        now: &str,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE meetings SET zoom_snapshot = COALESCE(?, zoom_snapshot), drift = ?, status = ?,
                refreshed_at = ? WHERE id = ?",
            snapshot,
            drift,
            status,
            now,
            id
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn replace_occurrences(&self, meeting_id: i64, rows: &[OccurrenceRow]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query!(
            "DELETE FROM meeting_occurrences WHERE meeting_id = ?",
            meeting_id
        )
        .execute(&mut *tx)
        .await?;
        for row in rows {
            sqlx::query!(
                "INSERT INTO meeting_occurrences (meeting_id, occurrence_id, start_time, duration_minutes, status)
                 VALUES (?, ?, ?, ?, ?)",
                meeting_id,
                row.occurrence_id,
                row.start_time,
                row.duration_minutes,
                row.status
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn occurrence_rows(&self, meeting_id: i64) -> Result<Vec<OccurrenceRow>> {
        let rows = sqlx::query_as!(
            OccurrenceRow,
            "SELECT meeting_id, occurrence_id, start_time, duration_minutes, status
             FROM meeting_occurrences WHERE meeting_id = ? ORDER BY start_time",
            meeting_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }
}
