//! `audit_log`: what Rollcall changed, when, for whom. Never secrets.

use super::Store;
use crate::error::Result;

#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub at: &'a str,
    pub actor: &'a str,
    pub account_id: Option<&'a str>,
    pub action: &'a str,
    pub subject: &'a str,
    pub outcome: &'a str,
}

impl Store {
    pub async fn audit(&self, entry: AuditEntry<'_>) -> Result<()> {
        sqlx::query!(
            "INSERT INTO audit_log (at, actor, account_id, action, subject, outcome)
             VALUES (?, ?, ?, ?, ?, ?)",
            entry.at,
            entry.actor,
            entry.account_id,
            entry.action,
            entry.subject,
            entry.outcome,
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
