//! The people directory as the front ends use it: import (with its preview), list and filter,
//! edit, deactivate, export, and starting the provisioning and deprovisioning jobs.
//!
//! Pure rules live in [`crate::directory`] (parsing, planning, export); the store writes. The
//! desktop shell and the CLI call these methods on [`App`] and nothing underneath.

use std::collections::HashSet;
use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::directory::{
    self, ExistingPerson, FileError, ImportCounts, ImportPlan, ImportWarning, PersonExport,
    PersonField, RowError,
};
use crate::error::{AppError, ErrorCode, Result};
use crate::jobs::{Job, JobKind};
use crate::provisioning::{ProvisionMode, ProvisionParams, ZoomUserKind};
use crate::store::jobs::NewItem;
use crate::store::now_text;
use crate::store::people::{ImportWrite, ImportedPerson, PersonRow, PersonUpsert, split_groups};

/// A person as the UI shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// The local id (stable while the person exists).
    pub id: u32,
    pub external_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// Sorted without regard to case.
    pub groups: Vec<String>,
    pub active: bool,
    /// Their Zoom user in the active Zoom account; `None` when never provisioned there.
    pub zoom: Option<ZoomLink>,
}

/// Who a person is in Zoom (for the active account), and how the last attempt went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ZoomLink {
    /// `None` when no attempt has succeeded yet.
    pub user_id: Option<String>,
    /// Created by Rollcall (custCreate) or an existing user linked by email.
    pub kind: Option<ZoomUserKind>,
    pub status: ZoomLinkStatus,
    /// The last failure, in plain words (kept after a later success is not possible: a
    /// success clears it).
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ZoomLinkStatus {
    Provisioned,
    Failed,
    /// Rollcall deleted the Zoom user (the person was deactivated).
    Deleted,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct PeopleFilter {
    /// Matched case-insensitively against names, email and external id.
    pub search: Option<String>,
    /// Only members of this group (case-insensitive).
    pub group: Option<String>,
    pub status: StatusFilter,
    pub provisioning: ProvisioningFilter,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum StatusFilter {
    Active,
    Inactive,
    #[default]
    All,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ProvisioningFilter {
    /// Has a Zoom user in the active account.
    Provisioned,
    /// Has none (never tried, failed, or deleted).
    Not,
    /// The last attempt failed.
    Failed,
    #[default]
    All,
}

/// A person's fields an admin can change by hand. The external id is the key and stays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonEdit {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub groups: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub counts: ImportCounts,
    /// Every rejected row (line, column, reason), in line order. The other rows imported.
    pub errors: Vec<RowError>,
    pub warnings: Vec<ImportWarning>,
}

impl ImportResult {
    /// Nothing in the file could be imported (every row rejected, or no rows).
    pub fn nothing_imported(&self) -> bool {
        self.counts.adds + self.counts.updates + self.counts.unchanged == 0
    }
}

/// Who a provisioning run is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PeopleSelection {
    All,
    /// Members of any of these groups (case-insensitive).
    Groups(Vec<String>),
    /// These external ids.
    People(Vec<String>),
}

/// What deactivating people did.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeactivateResult {
    pub deactivated: u32,
    /// The job deleting their Zoom users, when asked for and there are any; run it with
    /// [`App::run_job`] or [`App::start_job`].
    pub job: Option<Job>,
}

impl From<FileError> for AppError {
    fn from(err: FileError) -> Self {
        AppError::validation(err.to_string())
    }
}

impl App {
    /// The import preview (dry run): what the file would add, update and leave alone, and
    /// every row it would reject, with line, column and reason. Nothing is written.
    pub async fn preview_people_import(&self, bytes: &[u8]) -> Result<ImportPlan> {
        let parsed = directory::parse_people_csv(bytes)?;
        let existing = self.existing_people().await?;
        Ok(directory::plan_import(&parsed, &existing))
    }

    /// Import a people file: the good rows are written in one transaction, every rejected
    /// row is reported.
    pub async fn import_people(&self, bytes: &[u8]) -> Result<ImportResult> {
        // Reading the file (CPU, on a blocking thread: it takes a few hundred milliseconds for
        // a large file, too long to hold an async worker) overlaps reading the directory.
        let owned = bytes.to_vec();
        let parsing = tokio::task::spawn_blocking(move || directory::parse_people_csv(&owned));
        let existing = self.existing_people().await?;
        let parsed = parsing.await.map_err(|e| {
            AppError::new(ErrorCode::Unknown, "Reading the file failed.").with_detail(e.to_string())
        })??;
        let plan = directory::plan_import(&parsed, &existing);
        drop(existing);
        let has_first_name = parsed.has_column(PersonField::FirstName);
        let has_last_name = parsed.has_column(PersonField::LastName);
        let has_groups = parsed.has_column(PersonField::Groups);
        drop(parsed);
        let ImportPlan {
            adds,
            updates,
            errors,
            warnings,
            counts,
            ..
        } = plan;
        let write = ImportWrite {
            adds: adds.into_iter().map(imported).collect(),
            updates: updates.into_iter().map(|u| imported(u.row)).collect(),
            has_first_name,
            has_last_name,
            has_groups,
        };
        if !write.adds.is_empty() || !write.updates.is_empty() {
            let now = now_text(self.clock().now());
            self.store().await.apply_import(&write, &now).await?;
        }
        Ok(ImportResult {
            counts,
            errors,
            warnings,
        })
    }

    /// The directory, filtered, ordered by last name, first name.
    pub async fn people(&self, filter: &PeopleFilter) -> Result<Vec<Person>> {
        let account = self.current_account_id().await?;
        let store = self.store().await;
        let search = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase);
        let group = filter
            .group
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase);
        // Narrow in SQL first (a superset of the matches), then match exactly below: a filter
        // on a big directory decodes only the rows it may keep.
        let rows = if search.is_none() && group.is_none() {
            store.list_people(&account).await?
        } else {
            let group_ids = match &group {
                Some(g) => {
                    let ids: Vec<i64> = store
                        .group_ids_and_names()
                        .await?
                        .into_iter()
                        .filter(|(_, name)| name.to_lowercase() == *g)
                        .map(|(id, _)| id)
                        .collect();
                    if ids.is_empty() {
                        return Ok(Vec::new());
                    }
                    Some(serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()))
                }
                None => None,
            };
            store
                .list_people_narrowed(&account, group_ids.as_deref(), search.as_deref())
                .await?
        };
        Ok(rows
            .into_iter()
            .map(person_from_row)
            .filter(|p| match filter.status {
                StatusFilter::Active => p.active,
                StatusFilter::Inactive => !p.active,
                StatusFilter::All => true,
            })
            .filter(|p| {
                let status = p.zoom.as_ref().map(|z| z.status);
                match filter.provisioning {
                    ProvisioningFilter::Provisioned => status == Some(ZoomLinkStatus::Provisioned),
                    ProvisioningFilter::Not => status != Some(ZoomLinkStatus::Provisioned),
                    ProvisioningFilter::Failed => status == Some(ZoomLinkStatus::Failed),
                    ProvisioningFilter::All => true,
                }
            })
            .filter(|p| {
                group
                    .as_deref()
                    .is_none_or(|g| p.groups.iter().any(|pg| pg.to_lowercase() == g))
            })
            .filter(|p| search.as_deref().is_none_or(|s| matches_search(p, s)))
            .collect())
    }

    pub async fn person(&self, external_id: &str) -> Result<Person> {
        let account = self.current_account_id().await?;
        self.store()
            .await
            .find_person(&account, external_id)
            .await?
            .map(person_from_row)
            .ok_or_else(|| no_such_person(external_id))
    }

    /// Change a person's email, names and groups, checked by the same rules as an import.
    pub async fn update_person(&self, external_id: &str, edit: PersonEdit) -> Result<Person> {
        let store = self.store().await;
        let id = store
            .person_id_by_external_id(external_id)
            .await?
            .ok_or_else(|| no_such_person(external_id))?;
        let checked = check_edit(external_id, &edit)?;
        if let Some(owner) = store.email_owner(&checked.email, id).await? {
            return Err(AppError::conflict(format!(
                "The email address {} already belongs to another person (external id {owner}).",
                checked.email
            )));
        }
        let now = now_text(self.clock().now());
        store.update_person(id, &checked, &now).await?;
        self.person(external_id).await
    }

    /// Mark a person active or inactive. Nothing changes in Zoom (see
    /// [`App::deactivate_people`] for that).
    pub async fn set_person_active(&self, external_id: &str, active: bool) -> Result<Person> {
        let store = self.store().await;
        let id = store
            .person_id_by_external_id(external_id)
            .await?
            .ok_or_else(|| no_such_person(external_id))?;
        let now = now_text(self.clock().now());
        store.set_person_active(id, active, &now).await?;
        self.person(external_id).await
    }

    /// The groups that have at least one member, by name.
    pub async fn groups(&self) -> Result<Vec<String>> {
        self.store().await.group_names().await
    }

    /// Write the whole directory as CSV (see [`directory::export_people_csv`]); returns how
    /// many people were written.
    pub async fn export_people(&self, w: impl Write) -> Result<u32> {
        let rows = self.store().await.list_people("").await?;
        let people: Vec<PersonExport> = rows
            .into_iter()
            .map(|r| PersonExport {
                groups: split_groups(&r.groups),
                external_id: r.external_id,
                email: r.email,
                first_name: r.first_name,
                last_name: r.last_name,
                active: r.active,
            })
            .collect();
        directory::export_people_csv(&people, w).map_err(|e| {
            AppError::validation(format!("The export could not be written: {e}"))
                .with_detail(e.to_string())
        })?;
        Ok(people.len() as u32)
    }

    /// How many people a provisioning run for `selection` would handle: the active ones
    /// without a Zoom user in the active account.
    pub async fn provisioning_count(&self, selection: &PeopleSelection) -> Result<u32> {
        let (account, _) = self.active_client().await?;
        Ok(self.to_provision(&account.id, selection).await?.len() as u32)
    }

    /// Create the provisioning job for `selection`: one item per active person not yet
    /// provisioned in the active account. Run it with [`App::run_job`] (in the caller's task)
    /// or [`App::start_job`] (in the background).
    pub async fn start_provisioning(
        &self,
        selection: PeopleSelection,
        mode: ProvisionMode,
    ) -> Result<Job> {
        let (account, _) = self.active_client().await?;
        let people = self.to_provision(&account.id, &selection).await?;
        if people.is_empty() {
            return Err(AppError::validation(
                "Everyone selected already has a Zoom user (or is inactive): there is nothing to \
                 provision.",
            ));
        }
        let items: Vec<NewItem> = people
            .iter()
            .map(|p| NewItem {
                idempotency_key: format!("provision:{}:{}", account.id, p.id),
                subject: p.id.to_string(),
                label: label(p),
            })
            .collect();
        let params = serde_json::to_value(ProvisionParams {
            account_id: account.id.clone(),
            mode,
        })
        .map_err(AppError::database)?;
        let title = match mode {
            ProvisionMode::CreateOrLink => format!("Provision {} people in Zoom", items.len()),
            ProvisionMode::LinkOnly => format!("Link {} people to their Zoom users", items.len()),
        };
        self.runner()
            .await
            .create(
                JobKind::Provision,
                &title,
                Some(&account.id),
                &params,
                &items,
            )
            .await
    }

    /// The unfinished provisioning job of the active account, if there is one: resume it
    /// rather than start another over the same people.
    pub async fn unfinished_provisioning(&self) -> Result<Option<Job>> {
        let (account, _) = self.active_client().await?;
        let store = self.store().await;
        for row in store.unfinished_jobs().await? {
            if row.kind == JobKind::Provision.as_str()
                && row.account_id.as_deref() == Some(&account.id)
            {
                return self.runner().await.job(&row.id).await.map(Some);
            }
        }
        Ok(None)
    }

    /// How many Zoom users deactivating these people would delete (the confirmation's
    /// "This deletes N Zoom users"): those Rollcall created and that still exist.
    pub async fn deprovision_preview(&self, external_ids: &[String]) -> Result<u32> {
        let account = self.current_account_id().await?;
        Ok(self.to_deprovision(&account, external_ids).await?.len() as u32)
    }

    /// Mark people inactive; with `delete_in_zoom`, also create the job that deletes the Zoom
    /// users Rollcall created for them (`action=delete`: Zoom refuses to disassociate API
    /// users). Linked users are left alone.
    pub async fn deactivate_people(
        &self,
        external_ids: &[String],
        delete_in_zoom: bool,
    ) -> Result<DeactivateResult> {
        // Deleting needs a connected account: check before changing anything.
        let account = if delete_in_zoom {
            Some(self.active_client().await?.0)
        } else {
            None
        };
        let store = self.store().await;
        let mut ids = Vec::with_capacity(external_ids.len());
        for external_id in external_ids {
            let id = store
                .person_id_by_external_id(external_id)
                .await?
                .ok_or_else(|| no_such_person(external_id))?;
            ids.push(id);
        }
        let now = now_text(self.clock().now());
        for id in &ids {
            store.set_person_active(*id, false, &now).await?;
        }
        let mut job = None;
        if let Some(account) = account {
            let people = self.to_deprovision(&account.id, external_ids).await?;
            if !people.is_empty() {
                let items: Vec<NewItem> = people
                    .iter()
                    .map(|p| NewItem {
                        idempotency_key: format!("deprovision:{}:{}", account.id, p.id),
                        subject: p.id.to_string(),
                        label: label(p),
                    })
                    .collect();
                let params = serde_json::to_value(ProvisionParams {
                    account_id: account.id.clone(),
                    mode: ProvisionMode::CreateOrLink,
                })
                .map_err(AppError::database)?;
                let title = format!("Delete {} Zoom users of deactivated people", items.len());
                job = Some(
                    self.runner()
                        .await
                        .create(
                            JobKind::Deprovision,
                            &title,
                            Some(&account.id),
                            &params,
                            &items,
                        )
                        .await?,
                );
            }
        }
        Ok(DeactivateResult {
            deactivated: ids.len() as u32,
            job,
        })
    }

    /// Save the active Zoom client's daily-cap counters (after a run; provisioning also saves
    /// them as it goes).
    pub async fn save_daily_usage(&self) -> Result<()> {
        let (account, client) = self.active_client().await?;
        crate::provisioning::DailyUsageKeeper::new(
            self.store().await,
            client,
            account.id,
            self.clock(),
        )
        .save()
        .await
    }

    async fn existing_people(&self) -> Result<Vec<ExistingPerson>> {
        Ok(self
            .store()
            .await
            .people_for_import()
            .await?
            .into_iter()
            .map(existing_person)
            .collect())
    }

    /// The active account's id, or `""` when none is connected (then nobody has a Zoom user).
    async fn current_account_id(&self) -> Result<String> {
        Ok(self
            .status()
            .await?
            .active_account
            .map(|a| a.id)
            .unwrap_or_default())
    }

    async fn to_provision(
        &self,
        account_id: &str,
        selection: &PeopleSelection,
    ) -> Result<Vec<PersonRow>> {
        let rows = self.store().await.list_people(account_id).await?;
        let chosen = select(rows, selection)?;
        Ok(chosen
            .into_iter()
            .filter(|p| p.active && p.zoom_status.as_deref() != Some("provisioned"))
            .collect())
    }

    async fn to_deprovision(
        &self,
        account_id: &str,
        external_ids: &[String],
    ) -> Result<Vec<PersonRow>> {
        let rows = self.store().await.list_people(account_id).await?;
        let chosen = select(rows, &PeopleSelection::People(external_ids.to_vec()))?;
        Ok(chosen
            .into_iter()
            .filter(|p| {
                p.zoom_status.as_deref() == Some("provisioned")
                    && p.zoom_kind.as_deref() == Some("created")
            })
            .collect())
    }
}

fn existing_person(p: crate::store::people::StoredPerson) -> ExistingPerson {
    ExistingPerson {
        external_id: p.external_id,
        email: p.email,
        first_name: p.first_name,
        last_name: p.last_name,
        groups: p.groups,
        active: p.active,
    }
}

fn select(rows: Vec<PersonRow>, selection: &PeopleSelection) -> Result<Vec<PersonRow>> {
    match selection {
        PeopleSelection::All => Ok(rows),
        PeopleSelection::Groups(groups) => {
            let wanted: HashSet<String> = groups.iter().map(|g| g.trim().to_lowercase()).collect();
            Ok(rows
                .into_iter()
                .filter(|r| {
                    split_groups(&r.groups)
                        .iter()
                        .any(|g| wanted.contains(&g.to_lowercase()))
                })
                .collect())
        }
        PeopleSelection::People(ids) => {
            let wanted: HashSet<&str> = ids.iter().map(|id| id.trim()).collect();
            let chosen: Vec<PersonRow> = rows
                .into_iter()
                .filter(|r| wanted.contains(r.external_id.as_str()))
                .collect();
            let found: HashSet<&str> = chosen.iter().map(|r| r.external_id.as_str()).collect();
            let mut missing: Vec<&str> = wanted.difference(&found).copied().collect();
            if !missing.is_empty() {
                missing.sort_unstable();
                return Err(AppError::not_found(format!(
                    "There is no person with the external id {} in the directory.",
                    missing.join(", ")
                )));
            }
            Ok(chosen)
        }
    }
}

fn imported(row: directory::PersonRow) -> ImportedPerson {
    ImportedPerson {
        email_key: row.email.to_lowercase(),
        external_id: row.external_id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        active: row.active,
        groups: row.groups,
    }
}

fn person_from_row(row: PersonRow) -> Person {
    let zoom = row.zoom_status.as_deref().map(|status| ZoomLink {
        user_id: row.zoom_user_id.clone().filter(|_| status == "provisioned"),
        kind: match row.zoom_kind.as_deref() {
            Some("created") => Some(ZoomUserKind::Created),
            Some("linked") => Some(ZoomUserKind::Linked),
            _ => None,
        },
        status: match status {
            "provisioned" => ZoomLinkStatus::Provisioned,
            "deleted" => ZoomLinkStatus::Deleted,
            _ => ZoomLinkStatus::Failed,
        },
        error: row.zoom_error.clone().filter(|_| status == "failed"),
    });
    Person {
        id: u32::try_from(row.id).unwrap_or(u32::MAX),
        groups: split_groups(&row.groups),
        external_id: row.external_id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        active: row.active,
        zoom,
    }
}

fn matches_search(person: &Person, needle: &str) -> bool {
    [
        &person.first_name,
        &person.last_name,
        &person.email,
        &person.external_id,
    ]
    .iter()
    .any(|field| field.to_lowercase().contains(needle))
        || format!("{} {}", person.first_name, person.last_name)
            .to_lowercase()
            .contains(needle)
}

fn label(person: &PersonRow) -> String {
    let name = format!("{} {}", person.first_name, person.last_name);
    let name = name.trim();
    if name.is_empty() {
        person.email.clone()
    } else {
        format!("{name} <{}>", person.email)
    }
}

fn no_such_person(external_id: &str) -> AppError {
    AppError::not_found(format!(
        "There is no person with the external id {external_id} in the directory."
    ))
}

/// An edit, checked by the import's own rules: it is read as a one-row people file, so a
/// hand edit can never store what an import would reject.
fn check_edit(external_id: &str, edit: &PersonEdit) -> Result<PersonUpsert> {
    let mut bytes = Vec::new();
    {
        let mut csv = csv::Writer::from_writer(&mut bytes);
        let groups = edit.groups.join("; ");
        csv.write_record(["external_id", "email", "first_name", "last_name", "groups"])
            .and_then(|()| {
                csv.write_record([
                    external_id,
                    edit.email.as_str(),
                    edit.first_name.as_str(),
                    edit.last_name.as_str(),
                    groups.as_str(),
                ])
            })
            .and_then(|()| csv.flush().map_err(csv::Error::from))
            .map_err(|e| {
                AppError::new(ErrorCode::Unknown, "The edit could not be checked.")
                    .with_detail(e.to_string())
            })?;
    }
    let parsed = directory::parse_people_csv(&bytes)?;
    if let Some(err) = parsed.errors.first() {
        return Err(AppError::validation(err.reason.clone()));
    }
    let row = parsed
        .rows
        .first()
        .ok_or_else(|| AppError::validation("The edit is empty."))?;
    Ok(PersonUpsert {
        external_id: row.external_id.clone(),
        email: row.email.clone(),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        groups: row.groups.clone(),
    })
}
