//! `zoom_accounts`: connection profiles. No secret is ever written here.

use super::Store;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub zoom_account_id: String,
    pub client_id: String,
    pub plan: String,
    pub api_base: String,
    pub oauth_base: String,
    pub keychain_ref: String,
    pub owner_email: Option<String>,
    pub created_at: String,
    pub last_tested_at: Option<String>,
}

impl Store {
    pub async fn insert_account(&self, row: &AccountRow) -> Result<()> {
        sqlx::query!(
            "INSERT INTO zoom_accounts (id, name, zoom_account_id, client_id, plan, api_base,
                oauth_base, keychain_ref, owner_email, created_at, last_tested_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row.id,
            row.name,
            row.zoom_account_id,
            row.client_id,
            row.plan,
            row.api_base,
            row.oauth_base,
            row.keychain_ref,
            row.owner_email,
            row.created_at,
            row.last_tested_at,
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn list_accounts(&self) -> Result<Vec<AccountRow>> {
        let rows = sqlx::query_as!(
            AccountRow,
            "SELECT id, name, zoom_account_id, client_id, plan, api_base, oauth_base,
                    keychain_ref, owner_email, created_at, last_tested_at
             FROM zoom_accounts ORDER BY name COLLATE NOCASE"
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows)
    }

    pub async fn find_account(&self, id: &str) -> Result<Option<AccountRow>> {
        let row = sqlx::query_as!(
            AccountRow,
            "SELECT id, name, zoom_account_id, client_id, plan, api_base, oauth_base,
                    keychain_ref, owner_email, created_at, last_tested_at
             FROM zoom_accounts WHERE id = ?",
            id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    pub async fn find_account_by_name(&self, name: &str) -> Result<Option<AccountRow>> {
        let row = sqlx::query_as!(
            AccountRow,
            "SELECT id, name, zoom_account_id, client_id, plan, api_base, oauth_base,
                    keychain_ref, owner_email, created_at, last_tested_at
             FROM zoom_accounts WHERE name = ? COLLATE NOCASE",
            name
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    /// Returns false when no such account exists.
    pub async fn rename_account(&self, id: &str, new_name: &str) -> Result<bool> {
        let done = sqlx::query!(
            "UPDATE zoom_accounts SET name = ? WHERE id = ?",
            new_name,
            id
        )
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn record_account_test(&self, id: &str, owner_email: &str, at: &str) -> Result<()> {
        sqlx::query!(
            "UPDATE zoom_accounts SET owner_email = ?, last_tested_at = ? WHERE id = ?",
            owner_email,
            at,
            id
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn delete_account(&self, id: &str) -> Result<bool> {
        let done = sqlx::query!("DELETE FROM zoom_accounts WHERE id = ?", id)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }
}
