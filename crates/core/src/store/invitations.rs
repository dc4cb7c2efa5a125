//! `invitations`: who is invited to which meeting (or occurrence), with the registration Zoom
//! gave them. Authenticated (ZAK) links are never written here.

use super::Store;
use crate::error::Result;

/// An invitation with the person it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRow {
    pub id: i64,
    pub meeting_id: i64,
    pub person_id: i64,
    pub occurrence_id: String,
    pub status: String,
    pub registrant_id: Option<String>,
    pub join_url: Option<String>,
    pub phone_pin: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub updated_at: String,
    pub external_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub zoom_user_id: Option<String>,
    pub zoom_kind: Option<String>,
}

/// A person as Zoom needs them: to register (invitations) or to create (provisioning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteeRow {
    pub id: i64,
    pub external_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
}

/// A registration Zoom confirmed, to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub person_id: i64,
    pub occurrence_id: String,
    pub registrant_id: String,
    pub join_url: Option<String>,
    pub phone_pin: Option<String>,
}

impl Store {
    /// Every active person.
    pub async fn active_invitees(&self) -> Result<Vec<InviteeRow>> {
        let rows = sqlx::query_as!(
            InviteeRow,
            "SELECT id, external_id, email, first_name, last_name FROM people WHERE active = 1
             ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, external_id"
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// Active people in any of the named groups (`groups_json`: a JSON array of names).
    pub async fn active_invitees_in_groups(&self, groups_json: &str) -> Result<Vec<InviteeRow>> {
        let rows = sqlx::query_as!(
            InviteeRow,
            "SELECT p.id, p.external_id, p.email, p.first_name, p.last_name FROM people p
             WHERE p.active = 1 AND EXISTS (
                SELECT 1 FROM person_groups pg JOIN groups g ON g.id = pg.group_id
                WHERE pg.person_id = p.id
                  AND g.name IN (SELECT value FROM json_each(?)))
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.external_id",
            groups_json
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// People (active or not) by external id (`ids_json`: a JSON array), with their state.
    pub async fn invitees_by_external_id(&self, ids_json: &str) -> Result<Vec<(InviteeRow, bool)>> {
        let rows = sqlx::query!(
            r#"SELECT id, external_id, email, first_name, last_name, active AS "active: bool"
               FROM people WHERE external_id IN (SELECT value FROM json_each(?))
               ORDER BY external_id"#,
            ids_json
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                (
                    InviteeRow {
                        id: r.id,
                        external_id: r.external_id,
                        email: r.email,
                        first_name: r.first_name,
                        last_name: r.last_name,
                    },
                    r.active,
                )
            })
            .collect())
    }

    /// A person's id, external id, email and names: what Zoom needs to register or create them.
    pub async fn person_contact(&self, person_id: i64) -> Result<Option<InviteeRow>> {
        let row = sqlx::query_as!(
            InviteeRow,
            "SELECT id, external_id, email, first_name, last_name FROM people WHERE id = ?",
            person_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    /// Add invitations (pending) for `(person, occurrence)` pairs; an invitation cancelled,
    /// denied or failed earlier becomes pending again, a live one is kept as it is.
    pub async fn open_invitations(
        &self,
        meeting_id: i64,
        pairs: &[(i64, String)],
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for (person_id, occurrence_id) in pairs {
            sqlx::query!(
                "INSERT INTO invitations (meeting_id, person_id, occurrence_id, status, created_at, updated_at)
                 VALUES (?, ?, ?, 'pending', ?, ?)
                 ON CONFLICT (meeting_id, person_id, occurrence_id) DO UPDATE SET
                    status = CASE WHEN invitations.status IN ('cancelled', 'denied', 'failed')
                                  THEN 'pending' ELSE invitations.status END,
                    error_code = NULL, error_message = NULL, updated_at = excluded.updated_at",
                meeting_id,
                person_id,
                occurrence_id,
                now,
                now
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Record registrations Zoom confirmed, in one transaction.
    pub async fn record_registrations(
        &self,
        meeting_id: i64,
        done: &[Registered],
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for r in done {
            sqlx::query!(
                "INSERT INTO invitations (meeting_id, person_id, occurrence_id, status, registrant_id,
                    join_url, phone_pin, created_at, updated_at)
                 VALUES (?, ?, ?, 'registered', ?, ?, ?, ?, ?)
                 ON CONFLICT (meeting_id, person_id, occurrence_id) DO UPDATE SET
                    status = 'registered', registrant_id = excluded.registrant_id,
                    join_url = COALESCE(excluded.join_url, invitations.join_url),
                    phone_pin = COALESCE(excluded.phone_pin, invitations.phone_pin),
                    error_code = NULL, error_message = NULL, updated_at = excluded.updated_at",
                meeting_id,
                r.person_id,
                r.occurrence_id,
                r.registrant_id,
                r.join_url,
                r.phone_pin,
                now,
                now
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn record_invitation_failure(
        &self,
        meeting_id: i64,
        person_id: i64,
        occurrence_id: &str,
        code: &str,
        message: &str,
        now: &str,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE invitations SET status = 'failed', error_code = ?, error_message = ?, updated_at = ?
             WHERE meeting_id = ? AND person_id = ? AND occurrence_id = ? AND status != 'registered'",
            code,
            message,
            now,
            meeting_id,
            person_id,
            occurrence_id
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Set the status of every invitation of a person to a meeting (all occurrences).
    pub async fn set_invitation_status(
        &self,
        meeting_id: i64,
        person_id: i64,
        status: &str,
        now: &str,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE invitations SET status = ?, updated_at = ? WHERE meeting_id = ? AND person_id = ?",
            status,
            now,
            meeting_id,
            person_id
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A meeting's invitations with their people and Zoom users for `account_id`.
    pub async fn invitation_rows(
        &self,
        meeting_id: i64,
        account_id: &str,
    ) -> Result<Vec<InvitationRow>> {
        let rows = sqlx::query_as!(
            InvitationRow,
            r#"SELECT i.id, i.meeting_id, i.person_id, i.occurrence_id, i.status, i.registrant_id,
                      i.join_url, i.phone_pin, i.error_code, i.error_message, i.updated_at,
                      p.external_id, p.email, p.first_name, p.last_name,
                      z.zoom_user_id AS "zoom_user_id?", z.kind AS "zoom_kind?"
               FROM invitations i
               JOIN people p ON p.id = i.person_id
               LEFT JOIN zoom_users z ON z.person_id = i.person_id AND z.account_id = ?
                    AND z.status = 'provisioned'
               WHERE i.meeting_id = ?
               ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.external_id,
                        i.occurrence_id"#,
            account_id,
            meeting_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// The invitation of a person for one occurrence ('' = the whole meeting).
    pub async fn invitation_registrant(
        &self,
        meeting_id: i64,
        person_id: i64,
        occurrence_id: &str,
    ) -> Result<Option<(String, Option<String>)>> {
        let row = sqlx::query!(
            "SELECT status, registrant_id FROM invitations
             WHERE meeting_id = ? AND person_id = ? AND occurrence_id = ?",
            meeting_id,
            person_id,
            occurrence_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.status, r.registrant_id)))
    }

    /// Lower-cased emails of the people with a live invitation (pending or registered).
    pub async fn invited_emails(&self, meeting_id: i64) -> Result<Vec<String>> {
        let rows = sqlx::query_scalar!(
            "SELECT DISTINCT p.email_key FROM invitations i JOIN people p ON p.id = i.person_id
             WHERE i.meeting_id = ? AND i.status IN ('pending', 'registered')",
            meeting_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// How many people hold a live invitation.
    pub async fn invited_count(&self, meeting_id: i64) -> Result<i64> {
        let n = sqlx::query_scalar!(
            r#"SELECT COUNT(DISTINCT person_id) AS "n!: i64" FROM invitations
               WHERE meeting_id = ? AND status IN ('pending', 'registered')"#,
            meeting_id
        )
        .fetch_one(self.pool())
        .await?;
        Ok(n)
    }

    /// A person's invitations to the meetings of `account_id`, newest meeting first.
    pub async fn person_invitation_rows(
        &self,
        person_id: i64,
        account_id: &str,
    ) -> Result<Vec<PersonInvitationRow>> {
        let rows = sqlx::query_as!(
            PersonInvitationRow,
            r#"SELECT i.id, i.meeting_id, m.zoom_meeting_id, m.topic, m.start_time AS meeting_start,
                      i.occurrence_id, i.status, i.registrant_id, i.error_message, i.updated_at
               FROM invitations i
               JOIN meetings m ON m.id = i.meeting_id
               WHERE i.person_id = ? AND m.account_id = ?
               ORDER BY m.start_time DESC, m.id DESC, i.occurrence_id"#,
            person_id,
            account_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }
}

/// One of a person's invitations, with the meeting it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonInvitationRow {
    pub id: i64,
    pub meeting_id: i64,
    pub zoom_meeting_id: i64,
    pub topic: String,
    pub meeting_start: String,
    pub occurrence_id: String,
    pub status: String,
    pub registrant_id: Option<String>,
    pub error_message: Option<String>,
    pub updated_at: String,
}
