//! `people`, `groups`, `person_groups`, `zoom_users`: the directory and who is who in Zoom.

use sqlx::{Sqlite, Transaction};

use super::Store;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: i64,
    pub external_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub active: bool,
    /// Group names joined with a unit separator (0x1F); split with [`split_groups`].
    pub groups: String,
    pub zoom_user_id: Option<String>,
    pub zoom_kind: Option<String>,
    pub zoom_status: Option<String>,
    pub zoom_error: Option<String>,
    pub updated_at: String,
}

pub const GROUP_SEPARATOR: char = '\u{1f}';

pub fn split_groups(joined: &str) -> Vec<String> {
    if joined.is_empty() {
        return Vec::new();
    }
    let mut groups: Vec<String> = joined.split(GROUP_SEPARATOR).map(str::to_owned).collect();
    groups.sort_by_key(|g| g.to_lowercase());
    groups
}

/// What [`Store::list_people_matching`] filters on; `None` leaves a criterion out.
#[derive(Debug, Clone, Copy, Default)]
pub struct PeopleQuery<'a> {
    /// Members of this group (compared without regard to ASCII case, like the group names).
    pub group: Option<&'a str>,
    pub active: Option<bool>,
    /// `"provisioned"`, `"not"` (no Zoom user: never tried, failed or deleted) or `"failed"`.
    pub provisioning: Option<&'a str>,
    /// Lower-case ASCII text found in a name, the full name, the email or the external id.
    /// SQLite's `lower()` folds ASCII letters only, so a needle with other letters is matched
    /// by the caller instead.
    pub ascii_search: Option<&'a str>,
}

/// A person as an import writes it.
#[derive(Debug, Clone)]
pub struct PersonUpsert {
    pub external_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoomUserRow {
    pub person_id: i64,
    pub account_id: String,
    pub zoom_user_id: Option<String>,
    pub zoom_email: Option<String>,
    pub kind: Option<String>,
    pub status: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub updated_at: String,
}

impl Store {
    /// Insert or update people by external id, with their groups, in one transaction: an
    /// import is all or nothing.
    pub async fn upsert_people(&self, people: &[PersonUpsert], now: &str) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for person in people {
            upsert_person(&mut tx, person, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every person with their groups and their Zoom user for `account_id`, ordered by name:
    /// the matching query with no criteria, so there is one query to keep right.
    pub async fn list_people(&self, account_id: &str) -> Result<Vec<PersonRow>> {
        self.list_people_matching(account_id, &PeopleQuery::default())
            .await
    }

    /// The people matching `query`, with their groups and their Zoom user for `account_id`,
    /// ordered by name: the filtering is done by SQLite, so only the matching rows (and their
    /// groups) are read. The group is matched through `groups.name` (`COLLATE NOCASE`) and its
    /// index, then `person_groups_by_group`.
    pub async fn list_people_matching(
        &self,
        account_id: &str,
        query: &PeopleQuery<'_>,
    ) -> Result<Vec<PersonRow>> {
        let provisioning = query.provisioning.unwrap_or("all");
        let rows = sqlx::query!(
            r#"SELECT p.id, p.external_id, p.email, p.first_name, p.last_name,
                      p.active AS "active: bool", p.updated_at,
                      COALESCE((SELECT group_concat(g.name, char(31)) FROM person_groups pg
                                JOIN groups g ON g.id = pg.group_id WHERE pg.person_id = p.id), '')
                          AS "groups!: String",
                      z.zoom_user_id, z.kind AS zoom_kind, z.status AS "zoom_status?",
                      z.error_message AS zoom_error
               FROM people p
               LEFT JOIN zoom_users z ON z.person_id = p.id AND z.account_id = ?1
               WHERE (?2 IS NULL OR p.id IN (SELECT pg.person_id FROM person_groups pg
                                             JOIN groups g ON g.id = pg.group_id
                                             WHERE g.name = ?2))
                 AND (?3 IS NULL OR p.active = ?3)
                 AND (CASE ?4 WHEN 'provisioned' THEN z.status IS 'provisioned'
                              WHEN 'not' THEN z.status IS NOT 'provisioned'
                              WHEN 'failed' THEN z.status IS 'failed'
                              ELSE 1 END)
                 AND (?5 IS NULL
                      OR instr(lower(p.first_name), ?5) > 0
                      OR instr(lower(p.last_name), ?5) > 0
                      OR instr(lower(p.email), ?5) > 0
                      OR instr(lower(p.external_id), ?5) > 0
                      OR instr(lower(p.first_name || ' ' || p.last_name), ?5) > 0)
               ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.external_id"#,
            account_id,
            query.group,
            query.active,
            provisioning,
            query.ascii_search,
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| PersonRow {
                id: r.id,
                external_id: r.external_id,
                email: r.email,
                first_name: r.first_name,
                last_name: r.last_name,
                active: r.active,
                groups: r.groups,
                zoom_user_id: r.zoom_user_id,
                zoom_kind: r.zoom_kind,
                zoom_status: r.zoom_status,
                zoom_error: r.zoom_error,
                updated_at: r.updated_at,
            })
            .collect())
    }

    /// One person by external id, with groups and their Zoom user for `account_id`.
    pub async fn find_person(
        &self,
        account_id: &str,
        external_id: &str,
    ) -> Result<Option<PersonRow>> {
        let row = sqlx::query!(
            r#"SELECT p.id, p.external_id, p.email, p.first_name, p.last_name,
                      p.active AS "active: bool", p.updated_at,
                      COALESCE((SELECT group_concat(g.name, char(31)) FROM person_groups pg
                                JOIN groups g ON g.id = pg.group_id WHERE pg.person_id = p.id), '')
                          AS "groups!: String",
                      z.zoom_user_id, z.kind AS zoom_kind, z.status AS "zoom_status?",
                      z.error_message AS zoom_error
               FROM people p
               LEFT JOIN zoom_users z ON z.person_id = p.id AND z.account_id = ?
               WHERE p.external_id = ?"#,
            account_id,
            external_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| PersonRow {
            id: r.id,
            external_id: r.external_id,
            email: r.email,
            first_name: r.first_name,
            last_name: r.last_name,
            active: r.active,
            groups: r.groups,
            zoom_user_id: r.zoom_user_id,
            zoom_kind: r.zoom_kind,
            zoom_status: r.zoom_status,
            zoom_error: r.zoom_error,
            updated_at: r.updated_at,
        }))
    }

    /// The external id of another person who has this email (any case), if one does.
    pub async fn email_owner(&self, email: &str, except_id: i64) -> Result<Option<String>> {
        let key = email.to_lowercase();
        let owner = sqlx::query_scalar!(
            "SELECT external_id FROM people WHERE email_key = ? AND id <> ? LIMIT 1",
            key,
            except_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(owner)
    }

    pub async fn person_id_by_external_id(&self, external_id: &str) -> Result<Option<i64>> {
        let id = sqlx::query_scalar!("SELECT id FROM people WHERE external_id = ?", external_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(id)
    }

    pub async fn update_person(&self, id: i64, person: &PersonUpsert, now: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let email_key = person.email.to_lowercase();
        let done = sqlx::query!(
            "UPDATE people SET external_id = ?, email = ?, email_key = ?, first_name = ?, last_name = ?,
                updated_at = ? WHERE id = ?",
            person.external_id,
            person.email,
            email_key,
            person.first_name,
            person.last_name,
            now,
            id
        )
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            set_groups(&mut tx, id, &person.groups).await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn set_person_active(&self, id: i64, active: bool, now: &str) -> Result<bool> {
        let done = sqlx::query!(
            "UPDATE people SET active = ?, updated_at = ? WHERE id = ?",
            active,
            now,
            id
        )
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn group_names(&self) -> Result<Vec<String>> {
        let names = sqlx::query_scalar!(
            "SELECT g.name FROM groups g WHERE EXISTS (SELECT 1 FROM person_groups pg WHERE pg.group_id = g.id)
             ORDER BY g.name COLLATE NOCASE"
        )
        .fetch_all(self.pool())
        .await?;
        Ok(names)
    }

    pub async fn zoom_user(&self, person_id: i64, account_id: &str) -> Result<Option<ZoomUserRow>> {
        let row = sqlx::query_as!(
            ZoomUserRow,
            "SELECT person_id, account_id, zoom_user_id, zoom_email, kind, status, error_code,
                    error_message, updated_at
             FROM zoom_users WHERE person_id = ? AND account_id = ?",
            person_id,
            account_id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row)
    }

    /// Record a provisioning outcome (success or failure) for a person and account.
    pub async fn save_zoom_user(&self, row: &ZoomUserRow) -> Result<()> {
        sqlx::query!(
            "INSERT INTO zoom_users (person_id, account_id, zoom_user_id, zoom_email, kind, status,
                error_code, error_message, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (person_id, account_id) DO UPDATE SET
                zoom_user_id = excluded.zoom_user_id, zoom_email = excluded.zoom_email,
                kind = excluded.kind, status = excluded.status, error_code = excluded.error_code,
                error_message = excluded.error_message, updated_at = excluded.updated_at",
            row.person_id,
            row.account_id,
            row.zoom_user_id,
            row.zoom_email,
            row.kind,
            row.status,
            row.error_code,
            row.error_message,
            row.updated_at
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A failed attempt never erases an earlier success.
    pub async fn record_zoom_user_failure(
        &self,
        person_id: i64,
        account_id: &str,
        code: &str,
        message: &str,
        now: &str,
    ) -> Result<()> {
        sqlx::query!(
            "INSERT INTO zoom_users (person_id, account_id, status, error_code, error_message, updated_at)
             VALUES (?, ?, 'failed', ?, ?, ?)
             ON CONFLICT (person_id, account_id) DO UPDATE SET
                error_code = excluded.error_code, error_message = excluded.error_message,
                updated_at = excluded.updated_at,
                status = CASE WHEN zoom_users.status = 'provisioned' THEN 'provisioned' ELSE 'failed' END",
            person_id,
            account_id,
            code,
            message,
            now
        )
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

/// What an import writes: the plan's adds and updates, and which optional columns the file
/// had (a column the file lacks leaves that field alone; an empty cell clears it).
#[derive(Debug, Clone, Default)]
pub struct ImportWrite {
    pub adds: Vec<ImportedPerson>,
    pub updates: Vec<ImportedPerson>,
    pub has_first_name: bool,
    pub has_last_name: bool,
    pub has_groups: bool,
}

/// One row of an import as the store writes it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportedPerson {
    #[serde(rename = "x")]
    pub external_id: String,
    #[serde(rename = "e")]
    pub email: String,
    #[serde(rename = "k")]
    pub email_key: String,
    #[serde(rename = "f")]
    pub first_name: String,
    #[serde(rename = "l")]
    pub last_name: String,
    /// `None`: the file does not say; adds become active, updates keep theirs.
    #[serde(rename = "a")]
    pub active: Option<bool>,
    #[serde(skip)]
    pub groups: Vec<String>,
}

/// A person as the import plan compares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPerson {
    pub external_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub groups: Vec<String>,
    pub active: bool,
}

/// Rows per statement when an import is written: every row of a chunk goes through one
/// `json_each` statement, so 100,000 rows are a few dozen statements, not a few hundred
/// thousand round trips.
const IMPORT_CHUNK: usize = 5_000;

impl Store {
    /// Every person as the import plan compares them (id, email, names, groups, active).
    /// People and memberships are read by two plain scans and joined here: a correlated
    /// `group_concat` per person costs about twice as much on a large directory.
    pub async fn people_for_import(&self) -> Result<Vec<StoredPerson>> {
        let rows = sqlx::query!(
            r#"SELECT id, external_id, email, first_name, last_name, active AS "active: bool"
               FROM people ORDER BY id"#
        )
        .fetch_all(self.pool())
        .await?;
        let memberships = sqlx::query!(
            "SELECT pg.person_id, g.name FROM person_groups pg JOIN groups g ON g.id = pg.group_id"
        )
        .fetch_all(self.pool())
        .await?;
        let mut groups: std::collections::HashMap<i64, Vec<String>> =
            std::collections::HashMap::new();
        for m in memberships {
            groups.entry(m.person_id).or_default().push(m.name);
        }
        Ok(rows
            .into_iter()
            .map(|r| StoredPerson {
                groups: groups
                    .remove(&r.id)
                    .map(|mut g| {
                        g.sort_by_key(|name| name.to_lowercase());
                        g
                    })
                    .unwrap_or_default(),
                external_id: r.external_id,
                email: r.email,
                first_name: r.first_name,
                last_name: r.last_name,
                active: r.active,
            })
            .collect())
    }

    /// Write an import in one transaction: all of it or nothing.
    ///
    /// Email updates are applied in two steps: every changing row first gets a placeholder
    /// address that cannot collide (`\u{1}` + its id), then the new addresses. So two people
    /// who swap addresses in one file never share one midway, whatever index or lookup runs
    /// in between.
    pub async fn apply_import(&self, write: &ImportWrite, now: &str) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        for chunk in write.adds.chunks(IMPORT_CHUNK) {
            let json = serde_json::to_string(chunk).map_err(crate::error::AppError::database)?;
            sqlx::query!(
                "INSERT INTO people (external_id, email, email_key, first_name, last_name, active,
                                     created_at, updated_at)
                 SELECT json_extract(j.value, '$.x'), json_extract(j.value, '$.e'),
                        json_extract(j.value, '$.k'), json_extract(j.value, '$.f'),
                        json_extract(j.value, '$.l'), COALESCE(json_extract(j.value, '$.a'), 1), ?, ?
                 FROM json_each(?) j",
                now,
                now,
                json
            )
            .execute(&mut *tx)
            .await?;
        }
        for chunk in write.updates.chunks(IMPORT_CHUNK) {
            let json = serde_json::to_string(chunk).map_err(crate::error::AppError::database)?;
            // Step 1: park every address that changes on a placeholder.
            sqlx::query!(
                "UPDATE people SET email = char(1) || people.id, email_key = char(1) || people.id
                 FROM json_each(?) j
                 WHERE people.external_id = json_extract(j.value, '$.x')
                   AND people.email_key <> json_extract(j.value, '$.k')",
                json
            )
            .execute(&mut *tx)
            .await?;
        }
        for chunk in write.updates.chunks(IMPORT_CHUNK) {
            let json = serde_json::to_string(chunk).map_err(crate::error::AppError::database)?;
            // Step 2: the new values.
            sqlx::query!(
                "UPDATE people SET
                    email = json_extract(j.value, '$.e'),
                    email_key = json_extract(j.value, '$.k'),
                    first_name = CASE WHEN ? THEN json_extract(j.value, '$.f') ELSE people.first_name END,
                    last_name = CASE WHEN ? THEN json_extract(j.value, '$.l') ELSE people.last_name END,
                    active = COALESCE(json_extract(j.value, '$.a'), people.active),
                    updated_at = ?
                 FROM json_each(?) j
                 WHERE people.external_id = json_extract(j.value, '$.x')",
                write.has_first_name,
                write.has_last_name,
                now,
                json
            )
            .execute(&mut *tx)
            .await?;
        }
        if write.has_groups {
            write_groups(&mut tx, write).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Group memberships of an import's rows: the file's groups replace the stored ones.
async fn write_groups(tx: &mut Transaction<'_, Sqlite>, write: &ImportWrite) -> Result<()> {
    let mut names: Vec<&str> = write
        .adds
        .iter()
        .chain(&write.updates)
        .flat_map(|p| p.groups.iter().map(String::as_str))
        .collect();
    names.sort_unstable();
    names.dedup();
    for chunk in names.chunks(IMPORT_CHUNK) {
        let json = serde_json::to_string(chunk).map_err(crate::error::AppError::database)?;
        sqlx::query!(
            "INSERT INTO groups (name) SELECT value FROM json_each(?) WHERE true
             ON CONFLICT (name) DO NOTHING",
            json
        )
        .execute(&mut **tx)
        .await?;
    }
    let updated: Vec<&str> = write
        .updates
        .iter()
        .map(|p| p.external_id.as_str())
        .collect();
    for chunk in updated.chunks(IMPORT_CHUNK) {
        let json = serde_json::to_string(chunk).map_err(crate::error::AppError::database)?;
        sqlx::query!(
            "DELETE FROM person_groups WHERE person_id IN
                (SELECT p.id FROM json_each(?) j JOIN people p ON p.external_id = j.value)",
            json
        )
        .execute(&mut **tx)
        .await?;
    }
    let pairs: Vec<(&str, &str)> = write
        .adds
        .iter()
        .chain(&write.updates)
        .flat_map(|p| {
            p.groups
                .iter()
                .map(|g| (p.external_id.as_str(), g.as_str()))
        })
        .collect();
    for chunk in pairs.chunks(IMPORT_CHUNK) {
        let json = serde_json::to_string(chunk).map_err(crate::error::AppError::database)?;
        sqlx::query!(
            "INSERT OR IGNORE INTO person_groups (person_id, group_id)
             SELECT p.id, g.id FROM json_each(?) j
             JOIN people p ON p.external_id = json_extract(j.value, '$[0]')
             JOIN groups g ON g.name = json_extract(j.value, '$[1]')",
            json
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn upsert_person(
    tx: &mut Transaction<'_, Sqlite>,
    person: &PersonUpsert,
    now: &str,
) -> Result<()> {
    let email_key = person.email.to_lowercase();
    let id = sqlx::query_scalar!(
        "INSERT INTO people (external_id, email, email_key, first_name, last_name, active, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (external_id) DO UPDATE SET
            email = excluded.email, email_key = excluded.email_key, first_name = excluded.first_name,
            last_name = excluded.last_name, updated_at = excluded.updated_at
         RETURNING id",
        person.external_id,
        person.email,
        email_key,
        person.first_name,
        person.last_name,
        now,
        now
    )
    .fetch_one(&mut **tx)
    .await?;
    set_groups(tx, id, &person.groups).await
}

async fn set_groups(
    tx: &mut Transaction<'_, Sqlite>,
    person_id: i64,
    groups: &[String],
) -> Result<()> {
    sqlx::query!("DELETE FROM person_groups WHERE person_id = ?", person_id)
        .execute(&mut **tx)
        .await?;
    for name in groups {
        sqlx::query!(
            "INSERT INTO groups (name) VALUES (?) ON CONFLICT (name) DO NOTHING",
            name
        )
        .execute(&mut **tx)
        .await?;
        sqlx::query!(
            "INSERT OR IGNORE INTO person_groups (person_id, group_id)
             SELECT ?, id FROM groups WHERE name = ?",
            person_id,
            name
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
