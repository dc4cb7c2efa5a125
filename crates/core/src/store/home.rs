//! What Home reads in one go: failed provisioning, rows waiting for review per meeting, and
//! the record of authenticated links exported (`link_exports`, without the links).

use super::Store;
use crate::error::Result;

/// An export of a meeting's authenticated links (the record, never the links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkExportRow {
    pub meeting_id: i64,
    pub exported_at: String,
    pub expires_at: String,
    pub links: i64,
}

/// How many aliases of a meeting wait in the review queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewCountRow {
    pub meeting_id: i64,
    pub topic: String,
    pub waiting: i64,
}

impl Store {
    /// Active people whose last provisioning attempt in `account_id` failed.
    pub async fn failed_provisioning_count(&self, account_id: &str) -> Result<i64> {
        let n = sqlx::query_scalar!(
            r#"SELECT COUNT(*) AS "n!: i64" FROM zoom_users z
               JOIN people p ON p.id = z.person_id
               WHERE z.account_id = ? AND z.status = 'failed' AND p.active = 1"#,
            account_id
        )
        .fetch_one(self.pool())
        .await?;
        Ok(n)
    }

    /// Per meeting of `account_id`: the distinct participants (aliases) nobody could be tied
    /// to, as the review queue groups them. Meetings with none are left out.
    pub async fn review_waiting_counts(&self, account_id: &str) -> Result<Vec<ReviewCountRow>> {
        let rows = sqlx::query_as!(
            ReviewCountRow,
            r#"SELECT m.id AS "meeting_id!: i64", m.topic,
                      COUNT(DISTINCT u.alias_kind || char(31) || u.alias_value) AS "waiting!: i64"
               FROM attendance_unidentified u
               JOIN attendance_instances i ON i.id = u.instance_id
               JOIN meetings m ON m.id = i.meeting_id
               WHERE m.account_id = ? AND m.status != 'deleted'
               GROUP BY m.id, m.topic
               ORDER BY m.start_time, m.id"#,
            account_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// Record that a meeting's authenticated links were exported (the links are not kept).
    pub async fn record_link_export(
        &self,
        account_id: &str,
        meeting_id: i64,
        exported_at: &str,
        expires_at: &str,
        links: i64,
        actor: &str,
    ) -> Result<()> {
        sqlx::query!(
            "INSERT INTO link_exports (account_id, meeting_id, exported_at, expires_at, links, actor)
             VALUES (?, ?, ?, ?, ?, ?)",
            account_id,
            meeting_id,
            exported_at,
            expires_at,
            links,
            actor
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The latest export of authenticated links per meeting of `account_id`.
    pub async fn latest_link_exports(&self, account_id: &str) -> Result<Vec<LinkExportRow>> {
        let rows = sqlx::query_as!(
            LinkExportRow,
            r#"SELECT e.meeting_id, e.exported_at, e.expires_at, e.links
               FROM link_exports e
               WHERE e.account_id = ?
                 AND e.id = (SELECT e2.id FROM link_exports e2 WHERE e2.meeting_id = e.meeting_id
                             ORDER BY e2.exported_at DESC, e2.id DESC LIMIT 1)
               ORDER BY e.meeting_id"#,
            account_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }
}
