//! Home: what an admin should see first. The next meetings (in each meeting's own time zone,
//! with the zone), the jobs running or failed, and the warnings that need action, each as a
//! plain sentence with the one thing to do about it:
//!
//! - Zoom's daily limits reached today, and when they reset (the client's saved daily counters);
//! - meetings changed or deleted in Zoom's own portal (the drift a refresh recorded);
//! - people whose Zoom user could not be created or linked;
//! - participants waiting in a meeting's review queue;
//! - authenticated links exported earlier that expire before the meeting starts (from the
//!   record of the export: the links themselves are never stored).

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rollcall_zoom::{DailyKey, DailyUsage};
use serde::Serialize;

use crate::accounts::{Account, Plan};
use crate::app::App;
use crate::error::Result;
use crate::jobs::{Job, JobState, parse_time};
use crate::meetings::{Drift, time};
use crate::store::Store;
use crate::store::meetings::MeetingRow;

/// How many upcoming meetings Home lists.
pub const UPCOMING_LIMIT: usize = 5;
/// Failed jobs older than this leave Home (they stay on the Jobs page).
pub const FAILED_JOB_DAYS: i64 = 7;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HomeSummary {
    /// The next meetings (or occurrences), soonest first; one in progress comes first.
    pub upcoming: Vec<UpcomingMeeting>,
    /// Jobs queued, running or paused, then those that failed in the last week; newest first.
    pub jobs: Vec<Job>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpcomingMeeting {
    pub meeting_id: u32,
    pub topic: String,
    /// The occurrence of a recurring meeting, when it is one.
    pub occurrence_id: Option<String>,
    pub start_time: DateTime<Utc>,
    /// In the meeting's time zone: "2026-12-01 15:00".
    pub start_local: String,
    /// The meeting's IANA time zone, shown next to `start_local`.
    pub timezone: String,
    pub duration_minutes: u32,
    pub invited: u32,
    /// Started and not yet over (by the schedule).
    pub in_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum WarningKind {
    DailyLimit,
    LinksExpiring,
    MeetingDrifted,
    ProvisioningFailed,
    ReviewWaiting,
}

/// Where a warning's action takes the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "page", rename_all = "camelCase")]
pub enum ActionTarget {
    Meeting {
        #[serde(rename = "meetingId")]
        meeting_id: u32,
        section: MeetingSection,
    },
    Meetings,
    /// The People page, showing the people whose provisioning failed.
    PeopleFailed,
    Jobs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum MeetingSection {
    Details,
    Invitees,
    Attendance,
    Review,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WarningAction {
    /// The button's words: "Review 3 participants".
    pub label: String,
    pub target: ActionTarget,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub kind: WarningKind,
    /// One plain sentence (or two): what is wrong and what happens next.
    pub message: String,
    pub action: WarningAction,
    /// When it matters: a limit's reset, or the links' expiry.
    pub at: Option<DateTime<Utc>>,
    /// How many things the warning is about (people, participants, links …).
    pub count: u32,
}

impl App {
    /// Everything Home shows, for the current mode's account (empty before any account).
    pub async fn home(&self) -> Result<HomeSummary> {
        let status = self.status().await?;
        let store = self.store().await;
        let now = self.clock().now();
        let account = status.active_account;
        let account_id = account.as_ref().map(|a| a.id.clone()).unwrap_or_default();
        let meetings = if account.is_some() {
            store.meeting_rows(&account_id).await?
        } else {
            Vec::new()
        };

        let upcoming = upcoming(&store, &meetings, now).await?;
        let jobs = home_jobs(&store, now).await?;

        let mut warnings = Vec::new();
        if let Some(account) = &account {
            warnings.extend(daily_limit_warnings(&store, account, &meetings, now).await?);
        }
        warnings.extend(drift_warnings(&meetings));
        warnings.extend(link_warnings(&store, &account_id, &meetings, now).await?);
        let failed = store.failed_provisioning_count(&account_id).await?;
        if failed > 0 {
            warnings.push(provisioning_warning(failed));
        }
        for row in store.review_waiting_counts(&account_id).await? {
            warnings.push(review_warning(row.meeting_id, &row.topic, row.waiting));
        }
        Ok(HomeSummary {
            upcoming,
            jobs,
            warnings,
        })
    }
}

fn zone_of(row: &MeetingRow) -> Tz {
    time::parse_zone(&row.timezone).unwrap_or(Tz::UTC)
}

/// The starts of a meeting still to come or in progress: the live occurrences of a series,
/// else the meeting's own start.
async fn starts(
    store: &Store,
    row: &MeetingRow,
) -> Result<Vec<(Option<String>, DateTime<Utc>, i64)>> {
    let occurrences = store.occurrence_rows(row.id).await?;
    let mut out: Vec<(Option<String>, DateTime<Utc>, i64)> = occurrences
        .into_iter()
        .filter(|o| o.status != "deleted")
        .filter_map(|o| {
            parse_time(&o.start_time).map(|t| (Some(o.occurrence_id), t, o.duration_minutes))
        })
        .collect();
    if out.is_empty()
        && let Some(t) = parse_time(&row.start_time)
    {
        out.push((None, t, row.duration_minutes));
    }
    out.sort_by_key(|(_, t, _)| *t);
    Ok(out)
}

async fn upcoming(
    store: &Store,
    meetings: &[MeetingRow],
    now: DateTime<Utc>,
) -> Result<Vec<UpcomingMeeting>> {
    let mut out = Vec::new();
    for row in meetings.iter().filter(|m| m.status == "active") {
        let next = starts(store, row)
            .await?
            .into_iter()
            .find(|(_, t, minutes)| *t + Duration::minutes((*minutes).max(0)) > now);
        let Some((occurrence_id, start, minutes)) = next else {
            continue;
        };
        out.push(UpcomingMeeting {
            meeting_id: row.id.max(0) as u32,
            topic: row.topic.clone(),
            occurrence_id,
            start_time: start,
            start_local: time::show_local(start, zone_of(row)),
            timezone: row.timezone.clone(),
            duration_minutes: minutes.max(0) as u32,
            invited: store.invited_count(row.id).await?.max(0) as u32,
            in_progress: start <= now,
        });
    }
    out.sort_by_key(|m| (m.start_time, m.meeting_id));
    out.truncate(UPCOMING_LIMIT);
    Ok(out)
}

async fn home_jobs(store: &Store, now: DateTime<Utc>) -> Result<Vec<Job>> {
    let since = now - Duration::days(FAILED_JOB_DAYS);
    let mut open = Vec::new();
    let mut failed = Vec::new();
    for row in store.list_jobs(200).await? {
        let job = Job::from_row(&row)?;
        match job.state {
            JobState::Queued | JobState::Running | JobState::Paused => open.push(job),
            JobState::Failed if job.finished_at.unwrap_or(job.created_at) >= since => {
                failed.push(job)
            }
            _ => {}
        }
    }
    open.extend(failed);
    Ok(open)
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn show_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn provisioning_warning(failed: i64) -> Warning {
    let who = plural(failed, "person", "people");
    let verb = if failed == 1 { "has" } else { "have" };
    Warning {
        kind: WarningKind::ProvisioningFailed,
        message: format!(
            "{who} {verb} no Zoom user because creating or linking it failed. The People page \
             shows each reason; fix it there, then provision them again."
        ),
        action: WarningAction {
            label: format!("Show {}", if failed == 1 { "them" } else { "these people" }),
            target: ActionTarget::PeopleFailed,
        },
        at: None,
        count: failed.max(0) as u32,
    }
}

fn review_warning(meeting_id: i64, topic: &str, waiting: i64) -> Warning {
    let who = plural(waiting, "participant", "participants");
    let (was, waits) = if waiting == 1 {
        ("was", "waits")
    } else {
        ("were", "wait")
    };
    Warning {
        kind: WarningKind::ReviewWaiting,
        message: format!(
            "{who} of \"{topic}\" {was} not tied to a person and {waits} for your review; \
             their time counts for nobody until you decide."
        ),
        action: WarningAction {
            label: format!("Review {who}"),
            target: ActionTarget::Meeting {
                meeting_id: meeting_id.max(0) as u32,
                section: MeetingSection::Review,
            },
        },
        at: None,
        count: waiting.max(0) as u32,
    }
}

fn drift_warnings(meetings: &[MeetingRow]) -> Vec<Warning> {
    let mut out = Vec::new();
    for row in meetings {
        let Some(drift) = row
            .drift
            .as_deref()
            .and_then(|d| serde_json::from_str::<Drift>(d).ok())
        else {
            continue;
        };
        let message = if drift.deleted_in_zoom || row.status == "deleted_in_zoom" {
            format!(
                "\"{}\" was deleted in Zoom; its invitations and attendance are kept here. \
                 Create it again, or delete it in Rollcall too.",
                row.topic
            )
        } else if let Some(first) = drift.differences.first() {
            let more = match drift.differences.len() - 1 {
                0 => String::new(),
                1 => " There is 1 other change.".to_owned(),
                n => format!(" There are {n} other changes."),
            };
            format!(
                "\"{}\" was changed in Zoom. {}.{more} Keep Zoom's version or put Rollcall's \
                 back.",
                row.topic,
                first.message.trim_end_matches('.')
            )
        } else {
            continue;
        };
        out.push(Warning {
            kind: WarningKind::MeetingDrifted,
            message,
            action: WarningAction {
                label: "Review the changes".to_owned(),
                target: ActionTarget::Meeting {
                    meeting_id: row.id.max(0) as u32,
                    section: MeetingSection::Details,
                },
            },
            at: Some(drift.checked_at),
            count: drift.differences.len().max(1) as u32,
        });
    }
    out
}

async fn link_warnings(
    store: &Store,
    account_id: &str,
    meetings: &[MeetingRow],
    now: DateTime<Utc>,
) -> Result<Vec<Warning>> {
    let mut out = Vec::new();
    for export in store.latest_link_exports(account_id).await? {
        let Some(row) = meetings
            .iter()
            .find(|m| m.id == export.meeting_id && m.status == "active")
        else {
            continue;
        };
        let Some(expires) = parse_time(&export.expires_at) else {
            continue;
        };
        // The first start still to come at which the exported links no longer work.
        let affected = starts(store, row)
            .await?
            .into_iter()
            .find(|(_, t, _)| *t > now && *t >= expires);
        let Some((_, start, _)) = affected else {
            continue;
        };
        let exported = parse_time(&export.exported_at)
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let links = plural(export.links, "authenticated link", "authenticated links");
        let when = if expires <= now {
            format!("expired on {}", show_utc(expires))
        } else {
            format!("expire on {}", show_utc(expires))
        };
        out.push(Warning {
            kind: WarningKind::LinksExpiring,
            message: format!(
                "The {links} exported for \"{}\" on {exported} {when}, before the meeting on {} \
                 ({}). Export them again and send the new ones; the personal registration links \
                 keep working.",
                row.topic,
                time::show_local(start, zone_of(row)),
                row.timezone,
            ),
            action: WarningAction {
                label: "Export the links again".to_owned(),
                target: ActionTarget::Meeting {
                    meeting_id: row.id.max(0) as u32,
                    section: MeetingSection::Invitees,
                },
            },
            at: Some(expires),
            count: export.links.max(0) as u32,
        });
    }
    Ok(out)
}

/// A daily counter that reached its cap (or that Zoom stopped), with when it resets.
struct Reached {
    key: DailyKey,
    cap: Option<u32>,
    resets: DateTime<Utc>,
}

/// The counters of the saved snapshot that are used up today.
fn limits_reached(usage: &DailyUsage, plan: Plan, now: DateTime<Utc>) -> Vec<Reached> {
    let midnight = crate::meetings::next_midnight_utc(now);
    let mut out: Vec<Reached> = Vec::new();
    for (text, until) in &usage.blocked_until {
        if *until > now
            && let Some(key) = DailyKey::parse(text)
        {
            let cap = key.daily_cap(plan.to_zoom());
            out.push(Reached {
                key,
                cap,
                resets: *until,
            });
        }
    }
    if usage.day == Some(now.date_naive()) {
        for (text, count) in &usage.counts {
            let Some(key) = DailyKey::parse(text) else {
                continue;
            };
            let Some(cap) = key.daily_cap(plan.to_zoom()) else {
                continue;
            };
            if *count >= cap && !out.iter().any(|r| r.key == key) {
                out.push(Reached {
                    key,
                    cap: Some(cap),
                    resets: midnight,
                });
            }
        }
    }
    out
}

async fn daily_limit_warnings(
    store: &Store,
    account: &Account,
    meetings: &[MeetingRow],
    now: DateTime<Utc>,
) -> Result<Vec<Warning>> {
    let Some(text) = store.load_daily_usage(&account.id).await? else {
        return Ok(Vec::new());
    };
    let Ok(usage) = serde_json::from_str::<DailyUsage>(&text) else {
        return Ok(Vec::new());
    };
    let reached = limits_reached(&usage, account.plan, now);
    let by_zoom_id = |zoom_id: &str| {
        meetings
            .iter()
            .find(|m| m.zoom_meeting_id.to_string() == zoom_id)
    };
    let mut out = Vec::new();
    let resets_text = |t: DateTime<Utc>| format!("It resets at {}.", show_utc(t));

    // Registrations: one warning per meeting, however many people hit the cap.
    let mut per_meeting: Vec<(String, u32, DateTime<Utc>, bool)> = Vec::new();
    for r in &reached {
        let (meeting, is_status) = match &r.key {
            DailyKey::RegistrantAdd { meeting, .. } => (meeting, false),
            DailyKey::RegistrantStatus { meeting, .. } => (meeting, true),
            _ => continue,
        };
        match per_meeting
            .iter_mut()
            .find(|(m, _, _, s)| m == meeting && *s == is_status)
        {
            Some(entry) => {
                entry.1 += 1;
                entry.2 = entry.2.max(r.resets);
            }
            None => per_meeting.push((meeting.clone(), 1, r.resets, is_status)),
        }
    }
    for (zoom_id, n, resets, is_status) in per_meeting {
        let row = by_zoom_id(&zoom_id);
        let topic = row
            .map(|m| format!("\"{}\"", m.topic))
            .unwrap_or_else(|| format!("meeting {zoom_id}"));
        let who = plural(i64::from(n), "person", "people");
        let what = if is_status {
            format!(
                "{who} of {topic} reached Zoom's limit of 10 registration changes a day; their \
                 approvals and cancellations wait."
            )
        } else {
            format!(
                "{who} of {topic} reached Zoom's limit of 3 registrations a day; registering \
                 them again waits."
            )
        };
        out.push(Warning {
            kind: WarningKind::DailyLimit,
            message: format!("{what} {}", resets_text(resets)),
            action: match row {
                Some(m) => WarningAction {
                    label: "Open the invitees".to_owned(),
                    target: ActionTarget::Meeting {
                        meeting_id: m.id.max(0) as u32,
                        section: MeetingSection::Invitees,
                    },
                },
                None => WarningAction {
                    label: "Open the jobs".to_owned(),
                    target: ActionTarget::Jobs,
                },
            },
            at: Some(resets),
            count: n,
        });
    }

    for r in &reached {
        let cap = r.cap.map(|c| c.to_string()).unwrap_or_else(|| "its".into());
        let (message, action) = match &r.key {
            DailyKey::RegistrantAdd { .. } | DailyKey::RegistrantStatus { .. } => continue,
            DailyKey::MeetingCreate { host } => {
                let host = meetings
                    .iter()
                    .find(|m| &m.host_zoom_user_id == host && !m.host_email.is_empty())
                    .map(|m| m.host_email.clone())
                    .unwrap_or_else(|| host.clone());
                (
                    format!(
                        "{host} reached Zoom's limit of {cap} new meetings today; new meetings \
                         for this host wait, or choose another host."
                    ),
                    WarningAction {
                        label: "Open the meetings".to_owned(),
                        target: ActionTarget::Meetings,
                    },
                )
            }
            DailyKey::MeetingUpdate { meeting } => match by_zoom_id(meeting) {
                Some(m) => (
                    format!(
                        "\"{}\" reached Zoom's limit of {cap} changes today; further changes \
                         wait.",
                        m.topic
                    ),
                    WarningAction {
                        label: "Open the meeting".to_owned(),
                        target: ActionTarget::Meeting {
                            meeting_id: m.id.max(0) as u32,
                            section: MeetingSection::Details,
                        },
                    },
                ),
                None => (
                    format!(
                        "Meeting {meeting} reached Zoom's limit of {cap} changes today; further \
                         changes wait."
                    ),
                    WarningAction {
                        label: "Open the meetings".to_owned(),
                        target: ActionTarget::Meetings,
                    },
                ),
            },
            DailyKey::UserCreate => (
                format!(
                    "This Zoom account reached its limit of {cap} new Zoom users today; \
                     provisioning is paused and carries on by itself."
                ),
                WarningAction {
                    label: "Open the jobs".to_owned(),
                    target: ActionTarget::Jobs,
                },
            ),
            DailyKey::Category(category) => (
                format!(
                    "This Zoom account used up its daily allowance of {cap} {} requests; \
                     jobs that need them are paused and carry on by themselves.",
                    category.as_str().replace('_', "-")
                ),
                WarningAction {
                    label: "Open the jobs".to_owned(),
                    target: ActionTarget::Jobs,
                },
            ),
        };
        out.push(Warning {
            kind: WarningKind::DailyLimit,
            message: format!("{message} {}", resets_text(r.resets)),
            action,
            at: Some(r.resets),
            count: 1,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_time(text).unwrap()
    }

    #[test]
    fn a_used_up_counter_of_today_is_reached_until_midnight_and_yesterdays_is_not() {
        let now = at("2026-11-29T10:00:00Z");
        let mut usage = DailyUsage {
            day: Some(now.date_naive()),
            ..Default::default()
        };
        usage.counts.insert("meeting_create:h1".into(), 100);
        usage.counts.insert("meeting_create:h2".into(), 99);
        usage.counts.insert("registrant_add:85:a@x.org".into(), 3);
        usage.counts.insert("category:light".into(), 100_000);
        let reached = limits_reached(&usage, Plan::Pro, now);
        let keys: Vec<String> = reached.iter().map(|r| r.key.as_string()).collect();
        assert_eq!(keys, ["meeting_create:h1", "registrant_add:85:a@x.org"]);
        assert!(
            reached
                .iter()
                .all(|r| r.resets == at("2026-11-30T00:00:00Z"))
        );

        usage.day = Some(at("2026-11-28T10:00:00Z").date_naive());
        assert!(limits_reached(&usage, Plan::Pro, now).is_empty());
    }

    #[test]
    fn a_block_from_zoom_counts_until_zooms_own_reset_time() {
        let now = at("2026-11-29T10:00:00Z");
        let mut usage = DailyUsage::default();
        usage
            .blocked_until
            .insert("user_create".into(), at("2026-11-29T12:00:00Z"));
        usage
            .blocked_until
            .insert("category:heavy".into(), at("2026-11-29T09:00:00Z"));
        let reached = limits_reached(&usage, Plan::Free, now);
        assert_eq!(reached.len(), 1);
        assert_eq!(reached[0].key, DailyKey::UserCreate);
        assert_eq!(reached[0].cap, Some(50));
        assert_eq!(reached[0].resets, at("2026-11-29T12:00:00Z"));
    }

    #[test]
    fn counts_read_as_words() {
        assert_eq!(plural(1, "person", "people"), "1 person");
        assert_eq!(plural(3, "person", "people"), "3 people");
    }
}
