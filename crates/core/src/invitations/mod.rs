//! Invitations: invite people (one by one, by group, or everyone) to an invite-only meeting,
//! register them in Zoom as a job, cancel on uninvite, turn away strangers who found the public
//! registration link (close the door), and hand out each person's own link.
//!
//! Registration is idempotent: each job run reads the meeting's registrations once (every
//! status) and matches them by email, so a rerun or a resume never registers anyone twice, and
//! an invited person waiting for approval is approved instead of added again.
//!
//! Authenticated (ZAK) links are built on demand and never stored: the type holding one,
//! [`AuthenticatedLink`], keeps the URL in a [`Secret`] and is not `Serialize`; only the export
//! writes it out, to the file the admin asked for.

mod handlers;
pub(crate) use handlers::handler;
pub mod links;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use rollcall_zoom::model::{RegistrantQuery, RegistrantStatus};
use rollcall_zoom::{Client, ErrorKind};
use serde::{Deserialize, Serialize};

pub use handlers::{CloseDoorHandler, RegisterHandler, UninviteHandler};
pub use links::{
    AUTHENTICATED_LINK_NOTE, AuthenticatedLink, AuthenticatedLinkInfo, LinkFormat, MeetingLink,
};

use crate::app::App;
use crate::error::{AppError, Result};
use crate::jobs::{Job, JobKind, parse_time};
use crate::meetings::preset::{self, MeetingSettings};
use crate::meetings::{self, Difference, DifferenceKind, RegistrationKind};
use crate::store::Store;
use crate::store::invitations::{InvitationRow, InviteeRow};
use crate::store::jobs::NewItem;
use crate::store::meetings::MeetingRow;
use crate::store::now_text;

/// Who to invite or uninvite (the same selection provisioning uses). Only active people are
/// invited.
pub use crate::people::PeopleSelection;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum InvitationStatus {
    /// Invited; the registration in Zoom is not done yet.
    Pending,
    Registered,
    Cancelled,
    Denied,
    /// Zoom refused the registration; the reason is kept.
    Failed,
}

impl InvitationStatus {
    pub fn parse(text: &str) -> Self {
        match text {
            "registered" => InvitationStatus::Registered,
            "cancelled" => InvitationStatus::Cancelled,
            "denied" => InvitationStatus::Denied,
            "failed" => InvitationStatus::Failed,
            _ => InvitationStatus::Pending,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Registered => "registered",
            InvitationStatus::Cancelled => "cancelled",
            InvitationStatus::Denied => "denied",
            InvitationStatus::Failed => "failed",
        }
    }
}

/// A person invited to a meeting (or to one occurrence of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Invitation {
    pub id: u32,
    pub external_id: String,
    pub name: String,
    pub email: String,
    /// The occurrence, when people register per occurrence.
    pub occurrence_id: Option<String>,
    pub status: InvitationStatus,
    /// Zoom's id for this person's registration.
    pub registration_id: Option<String>,
    /// The person's own link (works for them alone, on one device at a time).
    pub join_url: Option<String>,
    /// Identifies them when they dial in by phone.
    pub phone_pin: Option<String>,
    /// Why the registration failed.
    pub error: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// One of a person's invitations, with the meeting it is for (the person page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonInvitation {
    /// Rollcall's id for the meeting (digits).
    pub meeting_id: String,
    /// Zoom's meeting id (digits; a string, it can exceed 2^53).
    pub zoom_meeting_id: String,
    pub topic: String,
    #[specta(type = Option<String>)]
    pub meeting_start: Option<DateTime<Utc>>,
    pub occurrence_id: Option<String>,
    pub status: InvitationStatus,
    pub registration_id: Option<String>,
    /// Why the registration failed.
    pub error: Option<String>,
    #[specta(type = Option<String>)]
    pub updated_at: Option<DateTime<Utc>>,
}

/// Someone who registered through the public registration link and waits for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Stranger {
    pub registration_id: String,
    pub name: String,
    pub email: String,
    pub registered_at: Option<DateTime<Utc>>,
}

/// A person left out of an invitation, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub external_id: String,
    pub reason: String,
}

/// What `invite` and `uninvite` set up: the job to run (none when nobody is left) and who was
/// left out.
#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InviteOutcome {
    pub job: Option<Job>,
    pub people: u32,
    pub skipped: Vec<Skipped>,
}

/// Parameters every invitation job keeps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MeetingJobParams {
    pub account_id: String,
    pub meeting_id: i64,
}

pub(crate) fn full_name(first: &str, last: &str) -> String {
    format!("{} {}", first.trim(), last.trim())
        .trim()
        .to_owned()
}

fn label(p: &InviteeRow) -> String {
    format!("{} <{}>", full_name(&p.first_name, &p.last_name), p.email)
}

impl App {
    /// Invite people and prepare the registration job (run it with `run_job` or `start_job`).
    /// `occurrences` picks occurrences of a series registered per occurrence (default: all).
    pub async fn invite(
        &self,
        meeting: &str,
        who: PeopleSelection,
        occurrences: Option<Vec<String>>,
    ) -> Result<InviteOutcome> {
        let (account, _client, store) = meetings::connect(self).await?;
        let row = meetings::resolve(&store, &account.id, meeting).await?;
        if row.status != "active" {
            return Err(AppError::validation(
                "This meeting is deleted (here or in Zoom); nobody can be invited to it.",
            ));
        }
        let settings: MeetingSettings = serde_json::from_str(&row.settings).unwrap_or_default();
        let (people, mut skipped) = select(&store, &who).await?;
        let mut chosen = Vec::new();
        for person in people {
            match preset::check_invitee(&person.email, &row.host_email, &settings.alternative_hosts)
            {
                Ok(()) => chosen.push(person),
                Err(err) => skipped.push(Skipped {
                    external_id: person.external_id.clone(),
                    reason: err.message,
                }),
            }
        }
        let invited: HashSet<String> = store.invited_emails(row.id).await?.into_iter().collect();
        let adding = chosen
            .iter()
            .filter(|p| !invited.contains(&p.email.to_lowercase()))
            .count();
        preset::check_capacity(invited.len(), adding)?;
        let occurrence_ids = occurrence_ids_for(&store, &row, occurrences).await?;
        let pairs: Vec<(i64, String)> = chosen
            .iter()
            .flat_map(|p| occurrence_ids.iter().map(move |o| (p.id, o.clone())))
            .collect();
        if pairs.is_empty() {
            return Ok(InviteOutcome {
                job: None,
                people: 0,
                skipped,
            });
        }
        let now = now_text(self.clock().now());
        store.open_invitations(row.id, &pairs, &now).await?;
        let by_id: HashMap<i64, &InviteeRow> = chosen.iter().map(|p| (p.id, p)).collect();
        let items: Vec<NewItem> = pairs
            .iter()
            .map(|(person, occurrence)| NewItem {
                idempotency_key: format!("register:{}:{person}:{occurrence}", row.id),
                subject: format!("{person}:{occurrence}"),
                label: by_id.get(person).map(|p| label(p)).unwrap_or_default(),
            })
            .collect();
        let title = format!("Invite {} people to {}", chosen.len(), row.topic);
        let job = self
            .start_meeting_job(JobKind::Register, &title, &account.id, row.id, &items)
            .await?;
        Ok(InviteOutcome {
            job: Some(job),
            people: chosen.len() as u32,
            skipped,
        })
    }

    /// Uninvite people: their registrations are cancelled in Zoom (their links stop working).
    pub async fn uninvite(&self, meeting: &str, who: PeopleSelection) -> Result<InviteOutcome> {
        let (account, _client, store) = meetings::connect(self).await?;
        let row = meetings::resolve(&store, &account.id, meeting).await?;
        let (people, mut skipped) = select(&store, &who).await?;
        let invitations = store.invitation_rows(row.id, &account.id).await?;
        let invited: HashSet<i64> = invitations
            .iter()
            .filter(|i| i.status != "cancelled")
            .map(|i| i.person_id)
            .collect();
        let mut items = Vec::new();
        for p in &people {
            if invited.contains(&p.id) {
                items.push(NewItem {
                    idempotency_key: format!("uninvite:{}:{}", row.id, p.id),
                    subject: p.id.to_string(),
                    label: label(p),
                });
            } else {
                skipped.push(Skipped {
                    external_id: p.external_id.clone(),
                    reason: "Not invited to this meeting.".to_owned(),
                });
            }
        }
        if items.is_empty() {
            return Ok(InviteOutcome {
                job: None,
                people: 0,
                skipped,
            });
        }
        let title = format!("Uninvite {} people from {}", items.len(), row.topic);
        let people = items.len() as u32;
        let job = self
            .start_meeting_job(JobKind::Uninvite, &title, &account.id, row.id, &items)
            .await?;
        Ok(InviteOutcome {
            job: Some(job),
            people,
            skipped,
        })
    }

    /// A meeting's invitations, one per person (and occurrence, when registered per occurrence).
    pub async fn invitations(&self, meeting: &str) -> Result<Vec<Invitation>> {
        let (account, _) = self.active_client().await?;
        let store = self.store().await;
        let row = meetings::resolve(&store, &account.id, meeting).await?;
        Ok(store
            .invitation_rows(row.id, &account.id)
            .await?
            .iter()
            .map(to_invitation)
            .collect())
    }

    /// A person's invitations to the active account's meetings, newest meeting first (the
    /// person page).
    pub async fn person_invitations(&self, external_id: &str) -> Result<Vec<PersonInvitation>> {
        let account = self
            .status()
            .await?
            .active_account
            .map(|a| a.id)
            .unwrap_or_default();
        let store = self.store().await;
        let person = store
            .person_id_by_external_id(external_id.trim())
            .await?
            .ok_or_else(|| {
                AppError::not_found(format!(
                    "There is no person with the id \"{external_id}\" in the directory."
                ))
            })?;
        Ok(store
            .person_invitation_rows(person, &account)
            .await?
            .into_iter()
            .map(|r| PersonInvitation {
                meeting_id: r.meeting_id.to_string(),
                zoom_meeting_id: r.zoom_meeting_id.to_string(),
                topic: r.topic,
                meeting_start: parse_time(&r.meeting_start),
                occurrence_id: Some(r.occurrence_id).filter(|o| !o.is_empty()),
                status: InvitationStatus::parse(&r.status),
                registration_id: r.registrant_id,
                error: r.error_message,
                updated_at: parse_time(&r.updated_at),
            })
            .collect())
    }

    /// People waiting for approval who are not invited: they found the public registration
    /// link. Show this list before closing the door.
    pub async fn strangers(&self, meeting: &str) -> Result<Vec<Stranger>> {
        let (account, client, store) = meetings::connect(self).await?;
        let row = meetings::resolve(&store, &account.id, meeting).await?;
        strangers_of(&store, &client, &row).await
    }

    /// Prepare the job that denies every stranger waiting for approval.
    pub async fn close_door(&self, meeting: &str) -> Result<InviteOutcome> {
        let (account, client, store) = meetings::connect(self).await?;
        let row = meetings::resolve(&store, &account.id, meeting).await?;
        let strangers = strangers_of(&store, &client, &row).await?;
        if strangers.is_empty() {
            return Ok(InviteOutcome {
                job: None,
                people: 0,
                skipped: Vec::new(),
            });
        }
        let items: Vec<NewItem> = strangers
            .iter()
            .map(|s| NewItem {
                idempotency_key: format!("close_door:{}:{}", row.id, s.registration_id),
                subject: s.registration_id.clone(),
                label: format!("{} <{}>", s.name, s.email),
            })
            .collect();
        let title = format!("Turn away {} people from {}", items.len(), row.topic);
        let people = items.len() as u32;
        let job = self
            .start_meeting_job(JobKind::CloseDoor, &title, &account.id, row.id, &items)
            .await?;
        Ok(InviteOutcome {
            job: Some(job),
            people,
            skipped: Vec::new(),
        })
    }
}

/// The people a selection names; unknown or inactive ones are reported as skipped.
impl App {
    /// Create one of the meeting's invitation jobs (register, uninvite, close the door) with
    /// the parameters every one of them keeps; the runner takes it from there.
    async fn start_meeting_job(
        &self,
        kind: JobKind,
        title: &str,
        account_id: &str,
        meeting_id: i64,
        items: &[NewItem],
    ) -> Result<Job> {
        let params = serde_json::to_value(MeetingJobParams {
            account_id: account_id.to_owned(),
            meeting_id,
        })
        .map_err(AppError::database)?;
        self.runner()
            .await
            .create(kind, title, Some(account_id), &params, items)
            .await
    }
}

async fn select(store: &Store, who: &PeopleSelection) -> Result<(Vec<InviteeRow>, Vec<Skipped>)> {
    let mut skipped = Vec::new();
    let people = match who {
        PeopleSelection::All => store.active_invitees().await?,
        PeopleSelection::Groups(groups) => {
            let json = serde_json::to_string(groups).map_err(AppError::database)?;
            store.active_invitees_in_groups(&json).await?
        }
        PeopleSelection::People(ids) => {
            let wanted: BTreeSet<&str> = ids
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            let json = serde_json::to_string(&wanted).map_err(AppError::database)?;
            let found = store.invitees_by_external_id(&json).await?;
            let known: HashSet<String> = found.iter().map(|(p, _)| p.external_id.clone()).collect();
            for id in wanted.iter().filter(|id| !known.contains(**id)) {
                skipped.push(Skipped {
                    external_id: (*id).to_owned(),
                    reason: "Nobody in the directory has this id.".to_owned(),
                });
            }
            let mut people = Vec::new();
            for (p, active) in found {
                if active {
                    people.push(p);
                } else {
                    skipped.push(Skipped {
                        external_id: p.external_id.clone(),
                        reason: "This person is inactive in the directory.".to_owned(),
                    });
                }
            }
            people
        }
    };
    Ok((people, skipped))
}

/// '' for meetings registered as a whole; the chosen (or all) occurrences otherwise.
async fn occurrence_ids_for(
    store: &Store,
    row: &MeetingRow,
    chosen: Option<Vec<String>>,
) -> Result<Vec<String>> {
    let per_occurrence = row
        .registration_type
        .and_then(RegistrationKind::from_number)
        .is_some_and(RegistrationKind::per_occurrence);
    if !per_occurrence {
        return Ok(vec![String::new()]);
    }
    let known: Vec<String> = store
        .occurrence_rows(row.id)
        .await?
        .into_iter()
        .map(|o| o.occurrence_id)
        .collect();
    match chosen.filter(|c| !c.is_empty()) {
        None => {
            if known.is_empty() {
                return Err(AppError::validation(
                    "This series has no occurrences left in Zoom; refresh the meeting.",
                ));
            }
            Ok(known)
        }
        Some(chosen) => {
            if let Some(bad) = chosen.iter().find(|c| !known.contains(c)) {
                return Err(AppError::validation(format!(
                    "The occurrence {bad} is not part of this series. Refresh the meeting to see its occurrences."
                )));
            }
            Ok(chosen)
        }
    }
}

fn to_invitation(row: &InvitationRow) -> Invitation {
    Invitation {
        id: row.id.max(0) as u32,
        external_id: row.external_id.clone(),
        name: full_name(&row.first_name, &row.last_name),
        email: row.email.clone(),
        occurrence_id: Some(row.occurrence_id.clone()).filter(|o| !o.is_empty()),
        status: InvitationStatus::parse(&row.status),
        registration_id: row.registrant_id.clone(),
        join_url: row.join_url.clone(),
        phone_pin: row.phone_pin.clone(),
        error: row.error_message.clone(),
        updated_at: parse_time(&row.updated_at),
    }
}

async fn strangers_of(store: &Store, client: &Client, row: &MeetingRow) -> Result<Vec<Stranger>> {
    let invited: HashSet<String> = store.invited_emails(row.id).await?.into_iter().collect();
    let pending: Vec<_> = client
        .registrants(row.zoom_meeting_id as u64)
        .list(&RegistrantQuery {
            status: Some(RegistrantStatus::Pending),
            occurrence_id: None,
        })
        .try_collect()
        .await?;
    Ok(pending
        .into_iter()
        .filter(|r| !invited.contains(&r.email.to_lowercase()))
        .map(|r| Stranger {
            name: full_name(
                r.first_name.as_deref().unwrap_or(""),
                r.last_name.as_deref().unwrap_or(""),
            ),
            registration_id: r.id,
            email: r.email,
            registered_at: r.create_time,
        })
        .collect())
}

/// Registrations added or removed in Zoom's own portal, compared with the invitations.
pub(crate) async fn registration_differences(
    store: &Store,
    client: &Client,
    row: &MeetingRow,
    account_id: &str,
) -> Result<Vec<Difference>> {
    let listing: std::result::Result<Vec<_>, _> = client
        .registrants(row.zoom_meeting_id as u64)
        .list(&RegistrantQuery {
            status: Some(RegistrantStatus::Approved),
            occurrence_id: None,
        })
        .try_collect()
        .await;
    let approved = match listing {
        Ok(list) => list,
        Err(err)
            if matches!(err.kind, ErrorKind::Validation { .. })
                || err.kind == ErrorKind::NotFound =>
        {
            return Ok(vec![Difference {
                kind: DifferenceKind::Setting,
                message:
                    "Registration is turned off in Zoom, so invitations and personal links do \
                          not work for this meeting."
                        .to_owned(),
            }]);
        }
        Err(err) => return Err(err.into()),
    };
    let invitations = store.invitation_rows(row.id, account_id).await?;
    let invited: HashSet<String> = invitations
        .iter()
        .filter(|i| matches!(i.status.as_str(), "pending" | "registered"))
        .map(|i| i.email.to_lowercase())
        .collect();
    let approved_ids: HashSet<&str> = approved.iter().map(|r| r.id.as_str()).collect();
    let mut out = Vec::new();
    for r in &approved {
        if !invited.contains(&r.email.to_lowercase()) {
            out.push(Difference {
                kind: DifferenceKind::AddedInZoom,
                message: format!(
                    "{} was registered in Zoom but is not invited in Rollcall.",
                    r.email
                ),
            });
        }
    }
    let mut reported = HashSet::new();
    for i in invitations.iter().filter(|i| i.status == "registered") {
        let Some(rid) = i.registrant_id.as_deref() else {
            continue;
        };
        if !approved_ids.contains(rid) && reported.insert(i.person_id) {
            out.push(Difference {
                kind: DifferenceKind::RemovedInZoom,
                message: format!(
                    "{} ({}) is invited, but their registration was cancelled, denied or deleted in Zoom.",
                    full_name(&i.first_name, &i.last_name),
                    i.email
                ),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meetings::{Host, Meeting, MeetingInput, Switch};

    #[test]
    fn the_ui_types_export_to_typescript_without_bigint() {
        let types = specta::Types::default()
            .register::<Meeting>()
            .register::<MeetingInput>()
            .register::<Host>()
            .register::<Switch>()
            .register::<Invitation>()
            .register::<InviteOutcome>()
            .register::<Stranger>()
            .register::<MeetingLink>()
            .register::<PeopleSelection>()
            .register::<LinkFormat>();
        let ts = specta_typescript::Typescript::default()
            .export(&types, specta_serde::Format)
            .unwrap();
        assert!(ts.contains("zoomMeetingId: string"), "{ts}");
        assert!(ts.contains("invited: number"), "{ts}");
        assert!(ts.contains("joinUrl: string | null"), "{ts}");
    }

    #[test]
    fn selections_and_statuses_keep_their_wire_names() {
        let json = serde_json::to_value(PeopleSelection::Groups(vec!["Staff".into()])).unwrap();
        assert_eq!(json, serde_json::json!({ "groups": ["Staff"] }));
        for s in ["pending", "registered", "cancelled", "denied", "failed"] {
            assert_eq!(InvitationStatus::parse(s).as_str(), s);
        }
    }
}
