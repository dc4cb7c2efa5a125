//! The jobs behind invitations: register, uninvite (cancel), close the door (deny).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::{StreamExt, TryStreamExt};
use rollcall_zoom::model::{
    BatchRegistrant, BatchRegistrants, MAX_REGISTRANTS_PER_CALL, NewRegistrant, Registrant,
    RegistrantAction, RegistrantQuery, RegistrantRef, RegistrantStatus, RegistrantStatusUpdate,
};
use rollcall_zoom::{Client, ErrorKind, ZoomError};
use serde_json::json;
use tokio::sync::OnceCell;

use super::MeetingJobParams;
use crate::clock::Clock;
use crate::error::{AppError, ErrorCode, Result};
use crate::jobs::{ItemHandler, ItemResult, JobItem, JobKind};
use crate::meetings::preset::MeetingSettings;
use crate::meetings::{self, RegistrationKind};
use crate::store::invitations::{InviteeRow, Registered};
use crate::store::meetings::MeetingRow;
use crate::store::{Store, now_text};

/// The handler for an invitation job (called by the job dispatcher).
pub(crate) async fn handler(
    kind: JobKind,
    store: Store,
    client: Arc<Client>,
    clock: Arc<dyn Clock>,
    params: serde_json::Value,
    active_account: &str,
) -> Result<Arc<dyn ItemHandler>> {
    let params: MeetingJobParams = serde_json::from_value(params).map_err(AppError::database)?;
    if params.account_id != active_account {
        return Err(AppError::validation(
            "This job belongs to another Zoom account. Switch to that account to resume it.",
        ));
    }
    if let Some(text) = store.load_daily_usage(&params.account_id).await?
        && let Ok(usage) = serde_json::from_str(&text)
    {
        client.restore_daily_usage(usage);
    }
    let meeting = store
        .meeting_row(params.meeting_id)
        .await?
        .ok_or_else(|| AppError::not_found("The meeting of this job is no longer in Rollcall."))?;
    let common = Common {
        store,
        client,
        clock,
        account_id: params.account_id,
        meeting,
    };
    Ok(match kind {
        JobKind::Register => Arc::new(RegisterHandler::new(common).await?),
        JobKind::Uninvite => Arc::new(UninviteHandler { common }),
        JobKind::CloseDoor => Arc::new(CloseDoorHandler { common }),
        other => {
            return Err(AppError::validation(format!(
                "Jobs of kind {} are not invitation jobs.",
                other.as_str()
            )));
        }
    })
}

pub struct Common {
    store: Store,
    client: Arc<Client>,
    clock: Arc<dyn Clock>,
    account_id: String,
    meeting: MeetingRow,
}

impl Common {
    fn zoom_id(&self) -> u64 {
        self.meeting.zoom_meeting_id as u64
    }

    async fn save_usage(&self) {
        if let Err(err) = meetings::save_usage(
            &self.store,
            &self.account_id,
            &self.client,
            self.clock.now(),
        )
        .await
        {
            tracing::warn!("could not save Zoom's daily counters: {}", err.message);
        }
    }
}

/// Zoom's cap on adds per registrant per day (REFERENCE §4).
const DAILY_ADDS_PER_PERSON: u32 = 3;

/// How one item (or a group of items sharing a Zoom call) ends.
#[derive(Debug, Clone)]
enum Outcome {
    Done(serde_json::Value),
    Failed(AppError),
    Pause(AppError, Option<DateTime<Utc>>),
}

impl Outcome {
    fn from_zoom(err: ZoomError) -> Self {
        let until = err.retry_after;
        let daily = matches!(err.kind, ErrorKind::RateLimited { daily: true });
        let app = AppError::from(err);
        if daily {
            let until = until.unwrap_or_else(|| meetings::next_midnight_utc(Utc::now()));
            let reason = AppError::new(
                ErrorCode::ZoomRateLimited,
                format!(
                    "Zoom's daily limit is reached (a person can be registered at most 3 times a \
                     day, and Zoom caps some requests per day). Rollcall continues at {} UTC, \
                     when it resets.",
                    until.format("%Y-%m-%d %H:%M")
                ),
            )
            .with_detail(app.detail.clone().unwrap_or_default());
            Outcome::Pause(reason, Some(until))
        } else if app.code == ErrorCode::ZoomRateLimited {
            Outcome::Pause(app, until)
        } else {
            Outcome::Failed(app)
        }
    }

    fn into_result(self) -> ItemResult {
        match self {
            Outcome::Done(v) => ItemResult::Done(v),
            Outcome::Failed(e) => ItemResult::Failed(e),
            Outcome::Pause(reason, until) => ItemResult::Pause { reason, until },
        }
    }
}

/// How registration calls are made for this meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Plain scheduled meeting: up to 30 people per batch call.
    Batch,
    /// Single adds, one person per call; with occurrence ids when registered per occurrence.
    Single { per_occurrence: bool },
}

/// Registers invitations in Zoom. Items: `person:occurrence`.
pub struct RegisterHandler {
    common: Common,
    mode: Mode,
    occurrences: usize,
    settings: MeetingSettings,
    /// Zoom's registrations by lower-cased email, read once per job run.
    existing: OnceCell<HashMap<String, Registrant>>,
}

struct Planned {
    index: usize,
    person: InviteeRow,
    occurrence: String,
}

impl RegisterHandler {
    async fn new(common: Common) -> Result<Self> {
        let kind = common
            .meeting
            .registration_type
            .and_then(RegistrationKind::from_number);
        let mode = if common.meeting.kind == "scheduled" {
            Mode::Batch
        } else {
            Mode::Single {
                per_occurrence: kind.is_some_and(RegistrationKind::per_occurrence),
            }
        };
        let occurrences = common
            .store
            .occurrence_rows(common.meeting.id)
            .await?
            .len()
            .max(1);
        let settings = serde_json::from_str(&common.meeting.settings).unwrap_or_default();
        Ok(Self {
            common,
            mode,
            occurrences,
            settings,
            existing: OnceCell::new(),
        })
    }

    async fn existing(&self) -> std::result::Result<&HashMap<String, Registrant>, Outcome> {
        self.existing
            .get_or_try_init(|| async {
                // The three statuses are read side by side: one round trip, not three.
                let list = |status| {
                    self.common
                        .client
                        .registrants(self.common.zoom_id())
                        .list(&RegistrantQuery {
                            status: Some(status),
                            occurrence_id: None,
                        })
                        .try_collect::<Vec<Registrant>>()
                };
                let (denied, pending, approved) = futures::try_join!(
                    list(RegistrantStatus::Denied),
                    list(RegistrantStatus::Pending),
                    list(RegistrantStatus::Approved)
                )
                .map_err(Outcome::from_zoom)?;
                let mut map: HashMap<String, Registrant> = HashMap::new();
                // Denied first, approved last: the best status wins for an email.
                for r in denied.into_iter().chain(pending).chain(approved) {
                    map.insert(r.email.to_lowercase(), r);
                }
                Ok(map)
            })
            .await
    }

    async fn register(&self, items: Vec<JobItem>) -> Vec<Outcome> {
        let mut outcomes: Vec<Option<Outcome>> = vec![None; items.len()];
        let existing = match self.existing().await {
            Ok(e) => e,
            Err(outcome) => return vec![outcome; items.len()],
        };
        let meeting_id = self.common.meeting.id;
        let mut planned = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let (person, occurrence) = item.subject.split_once(':').unwrap_or((&item.subject, ""));
            let Ok(person_id) = person.parse::<i64>() else {
                outcomes[index] = Some(Outcome::Failed(AppError::database(format!(
                    "bad item {}",
                    item.subject
                ))));
                continue;
            };
            match self
                .common
                .store
                .invitation_registrant(meeting_id, person_id, occurrence)
                .await
            {
                Ok(Some((status, Some(rid)))) if status == "registered" => {
                    outcomes[index] = Some(Outcome::Done(
                        json!({ "registrationId": rid, "already": true }),
                    ));
                    continue;
                }
                Ok(_) => {}
                Err(err) => {
                    outcomes[index] = Some(Outcome::Failed(err));
                    continue;
                }
            }
            match self.common.store.person_contact(person_id).await {
                Ok(Some(person)) => planned.push(Planned {
                    index,
                    person,
                    occurrence: occurrence.to_owned(),
                }),
                Ok(None) => {
                    outcomes[index] = Some(Outcome::Failed(AppError::not_found(
                        "This person is no longer in the directory.",
                    )))
                }
                Err(err) => outcomes[index] = Some(Outcome::Failed(err)),
            }
        }

        // Already registered in Zoom (an earlier run, or someone in the portal): record it.
        // Waiting for approval or denied, but invited now: approve.
        let mut registered = Vec::new();
        let mut to_approve: Vec<(Vec<usize>, InviteeRow, Registrant)> = Vec::new();
        let mut fresh: Vec<Planned> = Vec::new();
        for p in planned {
            match existing.get(&p.person.email.to_lowercase()) {
                Some(r) if r.status == Some(RegistrantStatus::Approved) || r.status.is_none() => {
                    registered.push((
                        p.index,
                        registration(
                            &p.person,
                            &p.occurrence,
                            r.id.clone(),
                            r.join_url.clone(),
                            r.participant_pin_code,
                        ),
                    ));
                }
                Some(r) => match to_approve
                    .iter_mut()
                    .find(|(_, person, _)| person.id == p.person.id)
                {
                    Some((indexes, _, _)) => indexes.push(p.index),
                    None => to_approve.push((vec![p.index], p.person, r.clone())),
                },
                None => fresh.push(p),
            }
        }
        for chunk in to_approve.chunks(MAX_REGISTRANTS_PER_CALL) {
            let update = RegistrantStatusUpdate {
                action: RegistrantAction::Approve,
                registrants: chunk
                    .iter()
                    .map(|(_, _, r)| RegistrantRef {
                        id: Some(r.id.clone()),
                        email: None,
                    })
                    .collect(),
            };
            match self
                .common
                .client
                .registrants(self.common.zoom_id())
                .update_status(&update, None)
                .await
            {
                Ok(()) => {
                    for (indexes, person, r) in chunk {
                        // The join link appears once approved.
                        let fetched = self
                            .common
                            .client
                            .registrants(self.common.zoom_id())
                            .get(&r.id)
                            .await;
                        let (url, pin) = match fetched {
                            Ok(now) => (now.join_url, now.participant_pin_code),
                            Err(_) => (None, r.participant_pin_code),
                        };
                        for index in indexes {
                            let occurrence = items[*index]
                                .subject
                                .split_once(':')
                                .map(|(_, o)| o)
                                .unwrap_or("");
                            registered.push((
                                *index,
                                registration(person, occurrence, r.id.clone(), url.clone(), pin),
                            ));
                        }
                    }
                }
                Err(err) => {
                    let outcome = Outcome::from_zoom(err);
                    for (indexes, _, _) in chunk {
                        for index in indexes {
                            outcomes[*index] = Some(outcome.clone());
                        }
                    }
                }
            }
        }

        // People at Zoom's 3-a-day cap wait for midnight UTC; the others go ahead now (a batch
        // call would be refused whole for one capped email).
        let usage = self.common.client.daily_usage();
        let zoom_meeting = self.common.zoom_id();
        let (fresh, capped): (Vec<Planned>, Vec<Planned>) = fresh.into_iter().partition(|p| {
            usage.count(&rollcall_zoom::DailyKey::registrant(
                zoom_meeting,
                &p.person.email,
            )) < DAILY_ADDS_PER_PERSON
        });
        if !capped.is_empty() {
            let until = meetings::next_midnight_utc(self.common.clock.now());
            let reason = AppError::new(
                ErrorCode::ZoomRateLimited,
                format!(
                    "Zoom registers a person at most {DAILY_ADDS_PER_PERSON} times a day and \
                     {} reached that today. Rollcall continues with them at {} UTC, when it resets.",
                    capped
                        .iter()
                        .map(|p| p.person.email.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    until.format("%Y-%m-%d %H:%M")
                ),
            );
            for p in capped {
                outcomes[p.index] = Some(Outcome::Pause(reason.clone(), Some(until)));
            }
        }
        match self.mode {
            Mode::Batch => self.add_batch(fresh, &mut registered, &mut outcomes).await,
            Mode::Single { .. } => self.add_single(fresh, &mut registered, &mut outcomes).await,
        }

        let now = now_text(self.common.clock.now());
        let rows: Vec<Registered> = registered.iter().map(|(_, r)| r.clone()).collect();
        if let Err(err) = self
            .common
            .store
            .record_registrations(meeting_id, &rows, &now)
            .await
        {
            for (index, _) in &registered {
                outcomes[*index] = Some(Outcome::Failed(err.clone()));
            }
        } else {
            for (index, r) in &registered {
                outcomes[*index].get_or_insert_with(|| {
                    Outcome::Done(json!({ "registrationId": r.registrant_id }))
                });
            }
        }
        for (index, outcome) in outcomes.iter().enumerate() {
            if let Some(Outcome::Failed(err)) = outcome
                && let Some((person, occurrence)) = items[index].subject.split_once(':')
                && let Ok(person) = person.parse::<i64>()
            {
                let code = format!("{:?}", err.code);
                let _ = self
                    .common
                    .store
                    .record_invitation_failure(
                        meeting_id,
                        person,
                        occurrence,
                        &code,
                        &err.message,
                        &now,
                    )
                    .await;
            }
        }
        self.common.save_usage().await;
        outcomes
            .into_iter()
            .map(|o| {
                o.unwrap_or_else(|| {
                    Outcome::Failed(AppError::new(
                        ErrorCode::Unknown,
                        "This invitation was not handled; retry the job.",
                    ))
                })
            })
            .collect()
    }

    async fn add_batch(
        &self,
        fresh: Vec<Planned>,
        registered: &mut Vec<(usize, Registered)>,
        outcomes: &mut [Option<Outcome>],
    ) {
        if fresh.is_empty() {
            return;
        }
        let mut seen = std::collections::HashSet::new();
        let batch = BatchRegistrants {
            registrants: fresh
                .iter()
                .filter(|p| seen.insert(p.person.email.to_lowercase()))
                .map(|p| BatchRegistrant {
                    email: p.person.email.clone(),
                    first_name: first_name(&p.person),
                    last_name: Some(p.person.last_name.trim().to_owned()).filter(|s| !s.is_empty()),
                })
                .collect(),
            auto_approve: Some(true),
            registrants_confirmation_email: Some(self.settings.confirmation_email),
        };
        match self
            .common
            .client
            .registrants(self.common.zoom_id())
            .batch(&batch)
            .await
        {
            Ok(result) => {
                let by_email: HashMap<String, _> = result
                    .registrants
                    .into_iter()
                    .map(|r| (r.email.to_lowercase(), r))
                    .collect();
                for p in fresh {
                    match by_email.get(&p.person.email.to_lowercase()) {
                        Some(r) => registered.push((
                            p.index,
                            registration(
                                &p.person,
                                &p.occurrence,
                                r.registrant_id.clone(),
                                r.join_url.clone(),
                                r.participant_pin_code,
                            ),
                        )),
                        None => {
                            outcomes[p.index] = Some(Outcome::Failed(AppError::new(
                                ErrorCode::Unknown,
                                "Zoom accepted the batch but did not return this person's registration; retry the job.",
                            )))
                        }
                    }
                }
            }
            Err(err) => {
                let outcome = Outcome::from_zoom(err);
                for p in fresh {
                    outcomes[p.index] = Some(outcome.clone());
                }
            }
        }
    }

    async fn add_single(
        &self,
        fresh: Vec<Planned>,
        registered: &mut Vec<(usize, Registered)>,
        outcomes: &mut [Option<Outcome>],
    ) {
        let per_occurrence = matches!(
            self.mode,
            Mode::Single {
                per_occurrence: true
            }
        );
        // One call per person, with every occurrence of theirs in this batch: it also spends
        // only one of their 3 registrations a day.
        let mut groups: Vec<(InviteeRow, Vec<(usize, String)>)> = Vec::new();
        for p in fresh {
            match groups
                .iter_mut()
                .find(|(person, _)| person.id == p.person.id)
            {
                Some((_, list)) => list.push((p.index, p.occurrence)),
                None => groups.push((p.person, vec![(p.index, p.occurrence)])),
            }
        }
        let client = &self.common.client;
        let zoom_id = self.common.zoom_id();
        let calls = futures::stream::iter(groups.into_iter().map(|(person, list)| async move {
            let occurrence_ids: Vec<String> = if per_occurrence {
                list.iter()
                    .map(|(_, o)| o.clone())
                    .filter(|o| !o.is_empty())
                    .collect()
            } else {
                Vec::new()
            };
            let request = NewRegistrant {
                email: person.email.clone(),
                first_name: first_name(&person),
                last_name: Some(person.last_name.trim().to_owned()).filter(|s| !s.is_empty()),
                auto_approve: Some(true),
                ..Default::default()
            };
            let result = client
                .registrants(zoom_id)
                .add(&request, &occurrence_ids)
                .await;
            (person, list, result)
        }))
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await;
        for (person, list, result) in calls {
            match result {
                Ok(created) => {
                    for (index, occurrence) in list {
                        registered.push((
                            index,
                            registration(
                                &person,
                                &occurrence,
                                created.registrant_id.clone(),
                                created.join_url.clone(),
                                created.participant_pin_code,
                            ),
                        ));
                    }
                }
                Err(err) => {
                    let outcome = Outcome::from_zoom(err);
                    for (index, _) in list {
                        outcomes[index] = Some(outcome.clone());
                    }
                }
            }
        }
    }
}

fn first_name(p: &InviteeRow) -> String {
    let first = p.first_name.trim();
    let name = if first.is_empty() {
        p.email.split('@').next().unwrap_or("Guest")
    } else {
        first
    };
    name.chars().take(64).collect()
}

fn registration(
    p: &InviteeRow,
    occurrence: &str,
    registrant_id: String,
    join_url: Option<String>,
    pin: Option<i64>,
) -> Registered {
    Registered {
        person_id: p.id,
        occurrence_id: occurrence.to_owned(),
        registrant_id,
        join_url,
        phone_pin: pin.map(|p| p.to_string()),
    }
}

#[async_trait::async_trait]
impl ItemHandler for RegisterHandler {
    fn batch_size(&self) -> usize {
        match self.mode {
            // Zoom's batch registration takes 30 people per call.
            Mode::Batch => MAX_REGISTRANTS_PER_CALL,
            // One person's occurrences together, so one add covers them.
            Mode::Single {
                per_occurrence: true,
            } => self.occurrences.min(60),
            Mode::Single {
                per_occurrence: false,
            } => 1,
        }
    }

    fn concurrency(&self) -> usize {
        match self.mode {
            // Heavy: 10/s on Pro with ~100 ms round trips: a few in flight keep the pace. More
            // than that only widens the runner's window (batch × concurrency × 4 items), so
            // the pipe drains less often between windows; the scheduler still keeps the pace.
            Mode::Batch => 8,
            // Light: 30/s; the scheduler keeps the pace, this keeps the pipe full.
            Mode::Single { .. } => 16,
        }
    }

    async fn run(&self, items: Vec<JobItem>, _interrupted: bool) -> Vec<ItemResult> {
        // Interrupted or not, the registrations are read from Zoom before anything is added.
        self.register(items)
            .await
            .into_iter()
            .map(Outcome::into_result)
            .collect()
    }
}

/// Cancels registrations (≤30 per call). Items: person ids.
pub struct UninviteHandler {
    common: Common,
}

#[async_trait::async_trait]
impl ItemHandler for UninviteHandler {
    fn batch_size(&self) -> usize {
        MAX_REGISTRANTS_PER_CALL
    }

    fn concurrency(&self) -> usize {
        2
    }

    async fn run(&self, items: Vec<JobItem>, _interrupted: bool) -> Vec<ItemResult> {
        let c = &self.common;
        let rows = match c.store.invitation_rows(c.meeting.id, &c.account_id).await {
            Ok(rows) => rows,
            Err(err) => {
                return items
                    .iter()
                    .map(|_| ItemResult::Failed(err.clone()))
                    .collect();
            }
        };
        let mut persons = Vec::new();
        let mut refs = Vec::new();
        for item in &items {
            let person: i64 = item.subject.parse().unwrap_or(-1);
            let rid = rows
                .iter()
                .find(|r| r.person_id == person && r.registrant_id.is_some())
                .and_then(|r| r.registrant_id.clone());
            if let Some(rid) = &rid
                && !refs
                    .iter()
                    .any(|r: &RegistrantRef| r.id.as_deref() == Some(rid))
            {
                refs.push(RegistrantRef {
                    id: Some(rid.clone()),
                    email: None,
                });
            }
            persons.push((person, rid));
        }
        let mut failed: HashMap<String, Outcome> = HashMap::new();
        if !refs.is_empty() {
            let update = RegistrantStatusUpdate {
                action: RegistrantAction::Cancel,
                registrants: refs.clone(),
            };
            let result = c
                .client
                .registrants(c.zoom_id())
                .update_status(&update, None)
                .await;
            if let Err(err) = result {
                if err.kind == ErrorKind::NotFound {
                    // One of them is gone in Zoom: cancel one by one, gone counts as cancelled.
                    for r in &refs {
                        let one = RegistrantStatusUpdate {
                            action: RegistrantAction::Cancel,
                            registrants: vec![r.clone()],
                        };
                        match c
                            .client
                            .registrants(c.zoom_id())
                            .update_status(&one, None)
                            .await
                        {
                            Ok(()) => {}
                            Err(e) if e.kind == ErrorKind::NotFound => {}
                            Err(e) => {
                                failed.insert(
                                    r.id.clone().unwrap_or_default(),
                                    Outcome::from_zoom(e),
                                );
                            }
                        }
                    }
                } else {
                    let outcome = Outcome::from_zoom(err);
                    for r in &refs {
                        failed.insert(r.id.clone().unwrap_or_default(), outcome.clone());
                    }
                }
            }
        }
        let now = now_text(c.clock.now());
        let mut results = Vec::new();
        for (person, rid) in persons {
            if let Some(outcome) = rid.as_ref().and_then(|r| failed.get(r)) {
                results.push(outcome.clone().into_result());
                continue;
            }
            match c
                .store
                .set_invitation_status(c.meeting.id, person, "cancelled", &now)
                .await
            {
                Ok(()) => results.push(ItemResult::Done(json!({ "cancelled": rid.is_some() }))),
                Err(err) => results.push(ItemResult::Failed(err)),
            }
        }
        c.save_usage().await;
        results
    }
}

/// Denies strangers waiting for approval (≤30 per call). Items: Zoom registration ids.
pub struct CloseDoorHandler {
    common: Common,
}

#[async_trait::async_trait]
impl ItemHandler for CloseDoorHandler {
    fn batch_size(&self) -> usize {
        MAX_REGISTRANTS_PER_CALL
    }

    fn concurrency(&self) -> usize {
        2
    }

    async fn run(&self, items: Vec<JobItem>, _interrupted: bool) -> Vec<ItemResult> {
        let c = &self.common;
        // Someone invited since the list was shown is not turned away.
        let invited: std::collections::HashSet<String> =
            match c.store.invited_emails(c.meeting.id).await {
                Ok(list) => list.into_iter().collect(),
                Err(err) => {
                    return items
                        .iter()
                        .map(|_| ItemResult::Failed(err.clone()))
                        .collect();
                }
            };
        let email_of = |item: &JobItem| {
            item.label
                .rsplit_once('<')
                .map(|(_, e)| e.trim_end_matches('>').to_lowercase())
                .unwrap_or_default()
        };
        let deny: Vec<&JobItem> = items
            .iter()
            .filter(|i| !invited.contains(&email_of(i)))
            .collect();
        let mut outcome: Option<Outcome> = None;
        if !deny.is_empty() {
            let update = RegistrantStatusUpdate {
                action: RegistrantAction::Deny,
                registrants: deny
                    .iter()
                    .map(|i| RegistrantRef {
                        id: Some(i.subject.clone()),
                        email: None,
                    })
                    .collect(),
            };
            if let Err(err) = c
                .client
                .registrants(c.zoom_id())
                .update_status(&update, None)
                .await
            {
                outcome = Some(Outcome::from_zoom(err));
            }
        }
        c.save_usage().await;
        items
            .iter()
            .map(|i| {
                if invited.contains(&email_of(i)) {
                    ItemResult::Done(json!({ "skipped": "invited meanwhile" }))
                } else {
                    match &outcome {
                        Some(o) => o.clone().into_result(),
                        None => ItemResult::Done(json!({ "denied": true })),
                    }
                }
            })
            .collect()
    }
}
