//! `jobs` and `job_items`: long operations, persisted item by item so they survive a crash.

use super::Store;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub id: String,
    pub kind: String,
    pub account_id: Option<String>,
    pub title: String,
    pub params: String,
    pub state: String,
    pub pause_reason: Option<String>,
    pub resume_after: Option<String>,
    pub total: i64,
    pub done: i64,
    pub failed: i64,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobItemRow {
    pub job_id: String,
    pub seq: i64,
    pub idempotency_key: String,
    pub subject: String,
    pub label: String,
    pub state: String,
    pub outcome: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub attempts: i64,
    pub updated_at: String,
}

/// An item to add to a new job.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub idempotency_key: String,
    pub subject: String,
    pub label: String,
}

impl Store {
    /// A job and all its items, in one transaction. Duplicate idempotency keys collapse.
    pub async fn insert_job(&self, job: &JobRow, items: &[NewItem]) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query!(
            "INSERT INTO jobs (id, kind, account_id, title, params, state, total, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
            job.id,
            job.kind,
            job.account_id,
            job.title,
            job.params,
            job.state,
            job.created_at,
            job.updated_at,
        )
        .execute(&mut *tx)
        .await?;
        for (seq, item) in items.iter().enumerate() {
            let seq = seq as i64;
            sqlx::query!(
                "INSERT INTO job_items (job_id, seq, idempotency_key, subject, label, state, updated_at)
                 VALUES (?, ?, ?, ?, ?, 'pending', ?)
                 ON CONFLICT (job_id, idempotency_key) DO NOTHING",
                job.id,
                seq,
                item.idempotency_key,
                item.subject,
                item.label,
                job.created_at,
            )
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query!(
            "UPDATE jobs SET total = (SELECT COUNT(*) FROM job_items WHERE job_id = ?) WHERE id = ?",
            job.id,
            job.id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn job(&self, id: &str) -> Result<Option<JobRow>> {
        let row = sqlx::query_as!(
            JobRow,
            "SELECT id, kind, account_id, title, params, state, pause_reason, resume_after,
                    total, done, failed, created_at, started_at, finished_at, updated_at
             FROM jobs WHERE id = ?",
            id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    pub async fn list_jobs(&self, limit: i64) -> Result<Vec<JobRow>> {
        let rows = sqlx::query_as!(
            JobRow,
            "SELECT id, kind, account_id, title, params, state, pause_reason, resume_after,
                    total, done, failed, created_at, started_at, finished_at, updated_at
             FROM jobs ORDER BY created_at DESC, id LIMIT ?",
            limit
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// Jobs that were running or queued when the process stopped, oldest first.
    pub async fn unfinished_jobs(&self) -> Result<Vec<JobRow>> {
        let rows = sqlx::query_as!(
            JobRow,
            "SELECT id, kind, account_id, title, params, state, pause_reason, resume_after,
                    total, done, failed, created_at, started_at, finished_at, updated_at
             FROM jobs WHERE state IN ('queued', 'running', 'paused') ORDER BY created_at, id"
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    pub async fn set_job_state(
        &self,
        id: &str,
        state: &str,
        pause_reason: Option<&str>,
        resume_after: Option<&str>,
        now: &str,
    ) -> Result<()> {
        sqlx::query!(
            "UPDATE jobs SET state = ?, pause_reason = ?, resume_after = ?, updated_at = ?,
                started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
                finished_at = CASE WHEN ? IN ('completed', 'failed', 'cancelled') THEN ? ELSE NULL END
             WHERE id = ?",
            state,
            pause_reason,
            resume_after,
            now,
            state,
            now,
            state,
            now,
            id
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The next open items (pending, or in flight when a crash interrupted them), in order.
    pub async fn open_items(&self, job_id: &str, limit: i64) -> Result<Vec<JobItemRow>> {
        let rows = sqlx::query_as!(
            JobItemRow,
            "SELECT job_id, seq, idempotency_key, subject, label, state, outcome, error_code,
                    error_message, attempts, updated_at
             FROM job_items WHERE job_id = ? AND state IN ('pending', 'in_flight')
             ORDER BY seq LIMIT ?",
            job_id,
            limit
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    pub async fn job_items(&self, job_id: &str) -> Result<Vec<JobItemRow>> {
        let rows = sqlx::query_as!(
            JobItemRow,
            "SELECT job_id, seq, idempotency_key, subject, label, state, outcome, error_code,
                    error_message, attempts, updated_at
             FROM job_items WHERE job_id = ? ORDER BY seq",
            job_id
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    /// Written before the Zoom call: after a crash, `in_flight` tells the handler to look
    /// before it acts.
    pub async fn mark_items_in_flight(&self, job_id: &str, seqs: &[i64], now: &str) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for seq in seqs {
            sqlx::query!(
                "UPDATE job_items SET state = 'in_flight', attempts = attempts + 1, updated_at = ?
                 WHERE job_id = ? AND seq = ?",
                now,
                job_id,
                seq
            )
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Record an item's outcome and the job's counters together.
    #[allow(clippy::too_many_arguments)]
    pub async fn finish_item(
        &self,
        job_id: &str,
        seq: i64,
        state: &str,
        outcome: Option<&str>,
        error_code: Option<&str>,
        error_message: Option<&str>,
        now: &str,
    ) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query!(
            "UPDATE job_items SET state = ?, outcome = ?, error_code = ?, error_message = ?, updated_at = ?
             WHERE job_id = ? AND seq = ?",
            state,
            outcome,
            error_code,
            error_message,
            now,
            job_id,
            seq
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "UPDATE jobs SET
                done = (SELECT COUNT(*) FROM job_items WHERE job_id = ? AND state = 'done'),
                failed = (SELECT COUNT(*) FROM job_items WHERE job_id = ? AND state = 'failed'),
                updated_at = ?
             WHERE id = ?",
            job_id,
            job_id,
            now,
            job_id
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Put in-flight items back to pending (pause), or failed ones back for a retry.
    pub async fn reopen_items(&self, job_id: &str, from_state: &str, now: &str) -> Result<u64> {
        let done = sqlx::query!(
            "UPDATE job_items SET state = 'pending', updated_at = ? WHERE job_id = ? AND state = ?",
            now,
            job_id,
            from_state
        )
        .execute(self.pool())
        .await?;
        sqlx::query!(
            "UPDATE jobs SET failed = (SELECT COUNT(*) FROM job_items WHERE job_id = ? AND state = 'failed')
             WHERE id = ?",
            job_id,
            job_id
        )
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// Cancel: what is not done is skipped.
    pub async fn skip_open_items(&self, job_id: &str, now: &str) -> Result<()> {
        sqlx::query!(
            "UPDATE job_items SET state = 'skipped', updated_at = ?
             WHERE job_id = ? AND state IN ('pending', 'in_flight')",
            now,
            job_id
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
