//! `zoom_daily_usage`: the Zoom client's daily-cap counters per account, kept across restarts
//! so a resumed job does not overrun a cap it had already used up. The value is the client's
//! own serialized snapshot (`rollcall_zoom::DailyUsage` as JSON); this module does not read it.

use super::Store;
use crate::error::Result;

impl Store {
    /// The last saved snapshot for `account_id` (JSON text), if any.
    pub async fn load_daily_usage(&self, account_id: &str) -> Result<Option<String>> {
        let usage = sqlx::query_scalar!(
            "SELECT usage FROM zoom_daily_usage WHERE account_id = ?",
            account_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(usage)
    }

    /// Replace the snapshot for `account_id`.
    pub async fn save_daily_usage(
        &self,
        account_id: &str,
        usage_json: &str,
        now: &str,
    ) -> Result<()> {
        sqlx::query!(
            "INSERT INTO zoom_daily_usage (account_id, usage, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (account_id) DO UPDATE SET usage = excluded.usage, updated_at = excluded.updated_at",
            account_id,
            usage_json,
            now
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
