//! The demo organization: Northfield Academy, 216 students in eight classes, and five
//! meetings that tell the story of the app. Everything here is deterministic: the same names,
//! emails, external ids, groups and meeting topics every time (meeting times are placed
//! around the moment the demo starts; Zoom's ids come from the simulator's fixed seed).
//!
//! | #   | meeting (topic)                               | when              | state                               |
//! |-----|-----------------------------------------------|-------------------|-------------------------------------|
//! | 1   | Class 10A – History seminar                   | 3 days ago 14:00  | past, attendance synced             |
//! | 2   | Class 12B – Mock exam briefing                | yesterday 16:00   | past, synced, 3 rows to review      |
//! | 3   | Class 9A – Chemistry review                   | in 2 days 10:00   | upcoming, class 9A invited          |
//! | 4   | Year 11 weekly assembly                       | tomorrow 09:00    | recurring (weekly ×10), 11A+11B     |
//! | 5   | Class 12A – University applications workshop  | in 5 days 17:00   | not invited yet, changed in Zoom    |
//!
//! Times are in Europe/London. Local ids 1–5 follow this order.
//!
//! How it is written, for speed (about a second in all) and faithfulness:
//! - people go through the real CSV import (`App::import_people`);
//! - Zoom users are created in the simulator directly (as `custCreate` would) and recorded
//!   with the store function provisioning uses (`save_zoom_user`, kind `created`);
//! - meetings are created through the real `App::create_meeting` (the Zoom API);
//! - registrations are made in the simulator directly (as `auto_approve` would) and recorded
//!   with the store functions the invitation job uses (`open_invitations`,
//!   `record_registrations`);
//! - the two past meetings are acted out through the simulator's control API and synced with
//!   the real attendance sync (`App::sync_attendance`);
//! - meeting 5 is then changed in Zoom's "web portal" and refreshed (`App::refresh_meeting`),
//!   so its drift warning shows.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::script::{self, Cast, Control};
use crate::app::App;
use crate::error::{AppError, ErrorCode, Result};
use crate::invitations::full_name;
use crate::meetings::{
    MeetingInput, Recurrence, RecurrenceEnd, RecurrencePattern, RegistrationKind, Weekday,
};
use crate::provisioning::ZoomUserKind;
use crate::store::invitations::Registered;
use crate::store::now_text;
use crate::store::people::ZoomUserRow;

pub const DOMAIN: &str = "northfield.example";
pub const ZONE: &str = "Europe/London";
pub const CLASSES: [&str; 8] = ["9A", "9B", "10A", "10B", "11A", "11B", "12A", "12B"];
/// People imported but not provisioned yet (the last ones of the list).
pub const NEW_STARTERS: &str = "New starters";
pub const PEOPLE: usize = 216;
pub const PROVISIONED: usize = 200;

pub const PAST_SYNCED: &str = "Class 10A – History seminar";
pub const PAST_REVIEW: &str = "Class 12B – Mock exam briefing";
pub const UPCOMING: &str = "Class 9A – Chemistry review";
pub const RECURRING: &str = "Year 11 weekly assembly";
pub const DRIFTED: &str = "Class 12A – University applications workshop";

const FIRST: [&str; 41] = [
    "Amara", "Ben", "Chloé", "Dmitri", "Elif", "Finn", "Grace", "Hiro", "Isla", "Jamal", "Katya",
    "Liam", "Mei", "Noah", "Olusegun", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor",
    "Wen", "Ximena", "Yusuf", "Zoë", "Aoife", "Bilal", "Camila", "Dev", "Emeka", "Freya",
    "Gabriel", "Hana", "Ibrahim", "Jonas", "Kiri", "Leila", "Mateo", "Niamh", "Oscar",
];

const LAST: [&str; 37] = [
    "Adeyemi",
    "Bergström",
    "Chen",
    "Dubois",
    "Evans",
    "Fernández",
    "Gallagher",
    "Haddad",
    "Ito",
    "Johansson",
    "Kowalski",
    "Lindqvist",
    "Murphy",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Usman",
    "Van der Berg",
    "Wójcik",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Ahmed",
    "Byrne",
    "Costa",
    "Das",
    "Eriksen",
    "Fischer",
    "García-López",
    "Hughes",
    "Ivanova",
    "Jones",
    "Kaur",
];

/// Two different people who share a name (rule 5 never matches a shared name): both in 12B.
pub const SHARED_NAME: (&str, &str) = ("Maria", "Garcia");
const SHARED_NAME_AT: [usize; 2] = [15, 199];

/// One person of the demo organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPerson {
    pub external_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub groups: Vec<String>,
}

/// The organization, always the same: person `i` is in class `CLASSES[i % 8]`.
pub fn people() -> Vec<DemoPerson> {
    let mut used_emails = std::collections::HashSet::new();
    (0..PEOPLE)
        .map(|i| {
            let (first, last) = if SHARED_NAME_AT.contains(&i) {
                SHARED_NAME
            } else {
                (FIRST[i % FIRST.len()], LAST[(i * 5 + 3) % LAST.len()])
            };
            let base = format!("{}.{}", ascii_fold(first), ascii_fold(last));
            let mut email = format!("{base}@{DOMAIN}");
            let mut n = 2;
            while !used_emails.insert(email.clone()) {
                email = format!("{base}{n}@{DOMAIN}");
                n += 1;
            }
            let mut groups = vec![format!("Class {}", CLASSES[i % CLASSES.len()])];
            if i >= PROVISIONED {
                groups.push(NEW_STARTERS.to_owned());
            }
            DemoPerson {
                external_id: format!("NF-{}", 1001 + i),
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                email,
                groups,
            }
        })
        .collect()
}

/// Lower-case ASCII for an email address: "Bergström" → "bergstrom", "O'Brien" → "obrien".
fn ascii_fold(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'Á' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'Ö' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ñ' => 'n',
                'ç' | 'ć' => 'c',
                'ł' => 'l',
                ' ' | '-' => '-',
                c if c.is_ascii_alphanumeric() => c,
                _ => return None,
            };
            Some(c.to_ascii_lowercase())
        })
        .collect()
}

/// The people file as an admin would import it.
fn people_csv(people: &[DemoPerson]) -> String {
    let mut out = String::from("external_id,first_name,last_name,email,groups\n");
    for p in people {
        let quote = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            p.external_id,
            quote(&p.first_name),
            quote(&p.last_name),
            p.email,
            quote(&p.groups.join(";"))
        ));
    }
    out
}

/// The moment the demo's story is told around, and where the simulated Zoom's clock starts
/// (a few days earlier, so the past meetings can be created before they happen).
pub fn sim_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(5)
}

fn local(zone: Tz, date: NaiveDate, hour: u32) -> DateTime<Utc> {
    let t = date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default());
    zone.from_local_datetime(&t)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| t.and_utc())
}

fn input(topic: &str, start: DateTime<Utc>, zone: Tz, minutes: u32, host: &str) -> MeetingInput {
    MeetingInput {
        topic: topic.to_owned(),
        start: start
            .with_timezone(&zone)
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        timezone: zone.name().to_owned(),
        duration_minutes: minutes,
        host_email: host.to_owned(),
        recurrence: None,
        registration: None,
        settings: Default::default(),
        agenda: None,
    }
}

fn failed(what: &str, detail: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Unknown,
        "The demo could not prepare its sample organization. Leave the demo and try again.",
    )
    .with_detail(format!("{what}: {detail}"))
}

/// Fill a fresh demo (empty store, simulator at [`sim_start`]) with the organization and the
/// five meetings. `now` is the app's time.
pub(crate) async fn seed(app: &App, now: DateTime<Utc>) -> Result<()> {
    let (sim_account, control) = app
        .with_demo(|demo| {
            (
                demo.account.account_id.clone(),
                Control::new(demo.sim.control_base()),
            )
        })
        .await?;
    let owner_email = zoom_sim::SimAccount::demo().owner_email;
    let zone: Tz = ZONE.parse().map_err(|_| failed("zone", ZONE))?;
    let today = now.with_timezone(&zone).date_naive();
    let store = app.store().await;
    let account_id = super::DEMO_ACCOUNT_ID;

    // People, through the real import.
    let people = people();
    let imported = app.import_people(people_csv(&people).as_bytes()).await?;
    if !imported.errors.is_empty() {
        return Err(failed("import", format!("{:?}", imported.errors)));
    }

    // Zoom users for the first 200, recorded as provisioning records them.
    let seeds: Vec<zoom_sim::SeedUser> = people[..PROVISIONED]
        .iter()
        .map(|p| zoom_sim::SeedUser {
            email: p.email.clone(),
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            licensed: true,
        })
        .collect();
    let zoom_ids = app
        .with_demo_sim(|sim| sim.seed_users(&sim_account, &seeds))
        .await?
        .map_err(|e| failed("users", e))?;
    let stamp = now_text(zoom_sim_now(app).await?);
    for (p, zoom_id) in people[..PROVISIONED].iter().zip(zoom_ids) {
        let person_id = store
            .person_id_by_external_id(&p.external_id)
            .await?
            .ok_or_else(|| failed("people", &p.external_id))?;
        store
            .save_zoom_user(&ZoomUserRow {
                person_id,
                account_id: account_id.to_owned(),
                zoom_user_id: Some(zoom_id),
                zoom_email: Some(p.email.clone()),
                kind: Some(ZoomUserKind::Created.as_str().to_owned()),
                status: "provisioned".to_owned(),
                error_code: None,
                error_message: None,
                updated_at: stamp.clone(),
            })
            .await?;
    }

    // The two past meetings: created before they happen, then acted out and synced.
    let past_synced_at = local(zone, today - Duration::days(3), 14);
    let past_review_at = local(zone, today - Duration::days(1), 16);
    let m1 = app
        .create_meeting(input(PAST_SYNCED, past_synced_at, zone, 60, &owner_email))
        .await?;
    let m2 = app
        .create_meeting(input(PAST_REVIEW, past_review_at, zone, 45, &owner_email))
        .await?;
    invite_group(app, m1.id, "Class 10A").await?;
    invite_group(app, m2.id, "Class 12B").await?;
    let cast1 = script::cast(&store, m1.id.into(), account_id, None).await?;
    script::play(
        &control,
        &script::session(
            &cast1,
            m1.zoom_meeting_id.parse().unwrap_or(0),
            past_synced_at,
            60,
            1,
            None,
        ),
    )
    .await?;
    let cast2 = script::cast(&store, m2.id.into(), account_id, None).await?;
    let guests = review_guests(app, &m2.zoom_meeting_id).await?;
    script::play(
        &control,
        &script::session(
            &cast2,
            m2.zoom_meeting_id.parse().unwrap_or(0),
            past_review_at,
            45,
            2,
            Some(&guests),
        ),
    )
    .await?;

    // Back to the present for the upcoming meetings.
    control.set_clock(now, false).await?;
    let upcoming_at = local(zone, today + Duration::days(2), 10);
    let recurring_at = local(zone, today + Duration::days(1), 9);
    let drifted_at = local(zone, today + Duration::days(5), 17);
    let m3 = app
        .create_meeting(input(UPCOMING, upcoming_at, zone, 50, &owner_email))
        .await?;
    let mut weekly = input(RECURRING, recurring_at, zone, 30, &owner_email);
    weekly.recurrence = Some(Recurrence {
        pattern: RecurrencePattern::Weekly {
            days: vec![weekday(recurring_at.with_timezone(&zone).date_naive())],
        },
        interval: 1,
        end: RecurrenceEnd::Times { count: 10 },
    });
    weekly.registration = Some(RegistrationKind::OnceForAll);
    let m4 = app.create_meeting(weekly).await?;
    let m5 = app
        .create_meeting(input(DRIFTED, drifted_at, zone, 60, &owner_email))
        .await?;
    invite_group(app, m3.id, "Class 9A").await?;
    invite_group(app, m4.id, "Class 11A").await?;
    invite_group(app, m4.id, "Class 11B").await?;

    // Attendance of the past meetings, through the real sync.
    app.sync_attendance(&m1.id.to_string(), false).await?;
    app.sync_attendance(&m2.id.to_string(), false).await?;

    // Someone lengthens meeting 5 in Zoom's web portal; the refresh notices.
    let zoom5: i64 = m5.zoom_meeting_id.parse().unwrap_or(0);
    app.with_demo_sim(|sim| sim.edit_meeting_in_portal(zoom5, None, Some(90)))
        .await?
        .map_err(|e| failed("portal", e))?;
    app.refresh_meeting(&m5.id.to_string()).await?;
    Ok(())
}

/// The simulated Zoom's clock (where Zoom stamps what it creates).
async fn zoom_sim_now(app: &App) -> Result<DateTime<Utc>> {
    app.with_demo_sim(|sim| sim.now()).await
}

fn weekday(date: NaiveDate) -> Weekday {
    use chrono::Datelike;
    match date.weekday() {
        chrono::Weekday::Mon => Weekday::Monday,
        chrono::Weekday::Tue => Weekday::Tuesday,
        chrono::Weekday::Wed => Weekday::Wednesday,
        chrono::Weekday::Thu => Weekday::Thursday,
        chrono::Weekday::Fri => Weekday::Friday,
        chrono::Weekday::Sat => Weekday::Saturday,
        chrono::Weekday::Sun => Weekday::Sunday,
    }
}

/// Invite a group: registrations made in Zoom (approved at once, as the invitation job's
/// `auto_approve` does) and recorded with the invitation job's store functions.
async fn invite_group(app: &App, meeting_id: u32, group: &str) -> Result<()> {
    let store = app.store().await;
    let meeting = store
        .meeting_row(meeting_id.into())
        .await?
        .ok_or_else(|| failed("invite", meeting_id))?;
    let groups = serde_json::to_string(&[group]).map_err(AppError::database)?;
    let people = store.active_invitees_in_groups(&groups).await?;
    let seeds: Vec<zoom_sim::SeedRegistrant> = people
        .iter()
        .map(|p| zoom_sim::SeedRegistrant {
            email: p.email.clone(),
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
        })
        .collect();
    let zoom_id = meeting.zoom_meeting_id;
    let registered = app
        .with_demo_sim(|sim| sim.seed_registrants(zoom_id, &seeds))
        .await?
        .map_err(|e| failed("registrants", e))?;
    let now = now_text(app.clock().now());
    let pairs: Vec<(i64, String)> = people.iter().map(|p| (p.id, String::new())).collect();
    store.open_invitations(meeting.id, &pairs, &now).await?;
    let done: Vec<Registered> = people
        .iter()
        .zip(registered)
        .map(|(p, r)| Registered {
            person_id: p.id,
            occurrence_id: String::new(),
            registrant_id: r.registrant_id,
            join_url: Some(r.join_url),
            phone_pin: Some(r.participant_pin_code.to_string()),
        })
        .collect();
    store.record_registrations(meeting.id, &done, &now).await?;
    Ok(())
}

/// Who turns up uninvited at the mock exam briefing: a caller whose number Zoom masks, a
/// caller who gives only the name two people share, and someone who registered on Zoom's
/// public page and was approved in the portal.
async fn review_guests(app: &App, zoom_meeting_id: &str) -> Result<Vec<Cast>> {
    let zoom_id: i64 = zoom_meeting_id.parse().unwrap_or(0);
    let stranger = app
        .with_demo_sim(|sim| {
            sim.seed_registrants(
                zoom_id,
                &[zoom_sim::SeedRegistrant {
                    email: "jordan.blake@mailbox.example".to_owned(),
                    first_name: "Jordan".to_owned(),
                    last_name: "Blake".to_owned(),
                }],
            )
        })
        .await?
        .map_err(|e| failed("stranger", e))?;
    let mut guests = vec![
        Cast::phone_guest(None),
        Cast::phone_guest(Some(full_name(SHARED_NAME.0, SHARED_NAME.1))),
    ];
    if let Some(r) = stranger.into_iter().next() {
        guests.push(Cast::guest_with_link("Jordan Blake", &r.join_url));
    }
    Ok(guests)
}
