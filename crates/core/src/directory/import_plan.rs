//! What an import would do to the directory: the preview (dry run) the import wizard shows
//! before anything is written, and the list the store then applies.
//!
//! People are matched by external id (an upsert): a row whose id is not stored is an add,
//! one whose id is stored is an update when a field differs and unchanged otherwise. Only
//! the columns the file has are compared, so a file without a groups column leaves
//! everyone's groups alone.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::PersonField;
use super::csv_import::{ImportWarning, ParsedFile, PersonRow, RowError};
use super::person_rules::{email_key, quoted};

/// A person as the store holds them, for comparison with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingPerson {
    pub external_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub groups: Vec<String>,
    pub active: bool,
}

/// The changes an import would make, row by row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPlan {
    /// People whose external id is not in the directory yet. A row without an `active`
    /// value adds an active person.
    pub adds: Vec<PersonRow>,
    pub updates: Vec<PersonUpdate>,
    pub unchanged: Vec<PersonRow>,
    /// The file's row errors and the conflicts with the directory, in line order.
    pub errors: Vec<RowError>,
    pub warnings: Vec<ImportWarning>,
    pub counts: ImportCounts,
}

/// What the import wizard shows before anything is written: the counts, each update with its
/// changes, and the errors and warnings. The people to add or leave unchanged are only counted:
/// the wizard does not list them, and 10,000 of them were 1.5 MB of JSON for the window to hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub updates: Vec<PersonUpdate>,
    /// The file's row errors and the conflicts with the directory, in line order.
    pub errors: Vec<RowError>,
    pub warnings: Vec<ImportWarning>,
    pub counts: ImportCounts,
}

impl From<ImportPlan> for ImportPreview {
    fn from(plan: ImportPlan) -> Self {
        Self {
            updates: plan.updates,
            errors: plan.errors,
            warnings: plan.warnings,
            counts: plan.counts,
        }
    }
}

/// A stored person that the file changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonUpdate {
    /// The row as read; fields whose column is absent from the file are not changed.
    pub row: PersonRow,
    /// At least one.
    pub changes: Vec<FieldChange>,
}

/// One field of a person, before and after, as shown in the preview. Groups are written
/// `a; b` (sorted), active as `yes`/`no`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: PersonField,
    pub old: String,
    pub new: String,
}

/// The numbers at the top of the preview.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportCounts {
    #[specta(type = u32)]
    pub adds: u64,
    #[specta(type = u32)]
    pub updates: u64,
    #[specta(type = u32)]
    pub unchanged: u64,
    /// Rows not imported (a row with two bad cells counts once).
    #[specta(type = u32)]
    pub rejected_rows: u64,
    /// Error messages (one per bad cell).
    #[specta(type = u32)]
    pub errors: u64,
    #[specta(type = u32)]
    pub warnings: u64,
}

/// Compares the rows of a parsed file with the people already stored.
///
/// An email address is a conflict when, after the import, it would belong to two people:
/// it is stored for another external id and that person is not moving to a different
/// address in this same file. So two people can swap addresses in one file (the store must
/// then apply the email updates so that the unique index never sees a duplicate midway,
/// e.g. in one transaction with deferred checking or via a temporary value).
pub fn plan_import(parsed: &ParsedFile, existing: &[ExistingPerson]) -> ImportPlan {
    let by_id: HashMap<&str, &ExistingPerson> = existing
        .iter()
        .map(|person| (person.external_id.as_str(), person))
        .collect();
    let email_owner: HashMap<Cow<'_, str>, &str> = existing
        .iter()
        .map(|person| (email_key(&person.email), person.external_id.as_str()))
        .collect();
    let row_keys: Vec<Cow<'_, str>> = parsed.rows.iter().map(|r| email_key(&r.email)).collect();

    let conflicts = email_conflicts(parsed, &by_id, &email_owner, &row_keys);
    let compared = ComparedFields::of(parsed);
    let email_column = parsed.column_header(PersonField::Email).map(str::to_owned);

    let mut plan = ImportPlan {
        adds: Vec::new(),
        updates: Vec::new(),
        unchanged: Vec::new(),
        errors: parsed.errors.clone(),
        warnings: parsed.warnings.clone(),
        counts: ImportCounts::default(),
    };
    for (at, row) in parsed.rows.iter().enumerate() {
        if let Some(owner) = conflicts.get(&at) {
            plan.errors.push(RowError {
                line: row.line,
                column: email_column.clone(),
                reason: format!(
                    "The email address {} already belongs to another person in the directory \
                     (external id {}).",
                    quoted(&row.email),
                    quoted(owner)
                ),
            });
            continue;
        }
        match by_id.get(row.external_id.as_str()) {
            None => plan.adds.push(row.clone()),
            Some(stored) => {
                let changes = compared.changes(stored, row);
                if changes.is_empty() {
                    plan.unchanged.push(row.clone());
                } else {
                    plan.updates.push(PersonUpdate {
                        row: row.clone(),
                        changes,
                    });
                }
            }
        }
    }
    // Stable: the file's own errors for a line stay before a conflict on the same line.
    plan.errors.sort_by_key(|e| e.line);
    plan.counts = count(&plan);
    plan
}

/// The rows (by index) whose email would end up shared, with the external id of the
/// person who keeps it.
///
/// A stored person frees their address when an accepted row moves them to another one.
/// Rejecting a row can stop its person from moving, which can make another row conflict,
/// so this repeats until nothing changes (conflicts are rare: usually one pass).
fn email_conflicts<'p>(
    parsed: &ParsedFile,
    by_id: &HashMap<&str, &ExistingPerson>,
    email_owner: &HashMap<Cow<'_, str>, &'p str>,
    row_keys: &[Cow<'_, str>],
) -> HashMap<usize, &'p str> {
    let mut conflicts: HashMap<usize, &str> = HashMap::new();
    loop {
        let moving_away: HashSet<&str> = parsed
            .rows
            .iter()
            .enumerate()
            .filter(|(at, _)| !conflicts.contains_key(at))
            .filter_map(|(at, row)| {
                let stored = by_id.get(row.external_id.as_str())?;
                (email_key(&stored.email) != row_keys[at]).then_some(row.external_id.as_str())
            })
            .collect();
        let mut found_new = false;
        for (at, row) in parsed.rows.iter().enumerate() {
            if conflicts.contains_key(&at) {
                continue;
            }
            if let Some(&owner) = email_owner.get(&row_keys[at])
                && owner != row.external_id
                && !moving_away.contains(owner)
            {
                conflicts.insert(at, owner);
                found_new = true;
            }
        }
        if !found_new {
            return conflicts;
        }
    }
}

/// Which fields the file can change: always email, the others only when their column is there.
struct ComparedFields {
    first_name: bool,
    last_name: bool,
    groups: bool,
}

impl ComparedFields {
    fn of(parsed: &ParsedFile) -> Self {
        ComparedFields {
            first_name: parsed.has_column(PersonField::FirstName),
            last_name: parsed.has_column(PersonField::LastName),
            groups: parsed.has_column(PersonField::Groups),
        }
    }

    fn changes(&self, stored: &ExistingPerson, row: &PersonRow) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut change = |field, old: &str, new: &str| {
            changes.push(FieldChange {
                field,
                old: old.to_owned(),
                new: new.to_owned(),
            });
        };
        // Case is not a change: mail servers ignore it, and Zoom stores addresses lower-cased.
        if email_key(&stored.email) != email_key(&row.email) {
            change(PersonField::Email, &stored.email, &row.email);
        }
        if self.first_name && stored.first_name != row.first_name {
            change(PersonField::FirstName, &stored.first_name, &row.first_name);
        }
        if self.last_name && stored.last_name != row.last_name {
            change(PersonField::LastName, &stored.last_name, &row.last_name);
        }
        if self.groups && !same_groups(&stored.groups, &row.groups) {
            change(
                PersonField::Groups,
                &groups_text(&stored.groups),
                &groups_text(&row.groups),
            );
        }
        if let Some(active) = row.active
            && active != stored.active
        {
            change(PersonField::Active, yes_no(stored.active), yes_no(active));
        }
        changes
    }
}

/// Group membership is a set: the order in the cell does not matter.
fn same_groups(stored: &[String], row: &[String]) -> bool {
    if stored.len() != row.len() {
        return false;
    }
    let stored: HashSet<&str> = stored.iter().map(String::as_str).collect();
    row.iter().all(|g| stored.contains(g.as_str()))
}

fn groups_text(groups: &[String]) -> String {
    let mut sorted: Vec<&str> = groups.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.join("; ")
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

fn count(plan: &ImportPlan) -> ImportCounts {
    let mut rejected_lines: Vec<u64> = plan.errors.iter().map(|e| e.line).collect();
    rejected_lines.dedup(); // errors are sorted by line
    ImportCounts {
        adds: plan.adds.len() as u64,
        updates: plan.updates.len() as u64,
        unchanged: plan.unchanged.len() as u64,
        rejected_rows: rejected_lines.len() as u64,
        errors: plan.errors.len() as u64,
        warnings: plan.warnings.len() as u64,
    }
}
