//! `settings`: small key/value preferences kept with the data.

use super::Store;
use crate::error::Result;

impl Store {
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let value = sqlx::query_scalar!("SELECT value FROM settings WHERE key = ?", key)
            .fetch_optional(self.pool())
            .await?;
        Ok(value)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query!(
            "INSERT INTO settings (key, value) VALUES (?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            key,
            value
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn clear_setting(&self, key: &str) -> Result<()> {
        sqlx::query!("DELETE FROM settings WHERE key = ?", key)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
