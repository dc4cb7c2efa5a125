//! A small organization and a one-hour meeting to reconcile against.
//!
//! | person | name      | email           | Zoom email          | Zoom user id | invited, registration |
//! |--------|-----------|-----------------|---------------------|--------------|-----------------------|
//! | 1      | Ann Lee   | ann@org.example |                     | zu-ann       | yes, reg-ann          |
//! | 2      | Bob Marsh | bob@org.example | bob.zoom@org.example|              | yes, reg-bob          |
//! | 3      | Cara Diaz | cara@org.example|                     |              | yes, reg-cara         |
//! | 4      | Dan Roe   | dan@org.example |                     | zu-dan       | no                    |
//!
//! The meeting (series `111`) is scheduled from minute 0 to minute 60.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rollcall_core::attendance::{
    AttendanceRecord, AttendanceRow, HostIdentity, InstanceAttendance, InstanceSchedule, Invitee,
    KnownPerson, MatchRule, PersonId, ReconcileInput, RowSource, Thresholds, UnidentifiedEntry,
    reconcile,
};

pub const SERIES: &str = "111";
pub const ANN: PersonId = PersonId(1);
pub const BOB: PersonId = PersonId(2);
pub const CARA: PersonId = PersonId(3);
pub const DAN: PersonId = PersonId(4);

/// Minute `m` of the meeting (minute 0 is the scheduled start).
pub fn t(m: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap() + Duration::minutes(m)
}

/// A bare row present from minute `from` to minute `to`: no ids, no name, no email.
pub fn row(key: &str, from: i64, to: i64) -> AttendanceRow {
    AttendanceRow {
        row_key: key.to_owned(),
        registration_id: None,
        zoom_user_id: None,
        name: None,
        email: None,
        joined_at: t(from),
        left_at: t(to),
        in_waiting_room: false,
        source: RowSource::Report,
    }
}

pub fn s(value: &str) -> Option<String> {
    Some(value.to_owned())
}

pub fn person(id: i64, name: &str, email: &str) -> KnownPerson {
    KnownPerson {
        person_id: PersonId(id),
        display_name: name.to_owned(),
        email: s(email),
        zoom_email: None,
        zoom_user_id: None,
    }
}

pub fn invitee(id: PersonId, registration: &str) -> Invitee {
    Invitee {
        person_id: id,
        registration_id: s(registration),
    }
}

/// Everything one reconciliation reads; tests change the parts they are about.
#[derive(Clone)]
pub struct Scene {
    pub meeting_id: String,
    pub schedule: InstanceSchedule,
    pub people: Vec<KnownPerson>,
    pub invitees: Vec<Invitee>,
    pub rules: Vec<MatchRule>,
    pub thresholds: Thresholds,
    pub rows: Vec<AttendanceRow>,
    /// The host's Zoom user id and email, as the meeting names them.
    pub host: (Option<String>, Option<String>),
}

impl Scene {
    pub fn org() -> Self {
        Self {
            meeting_id: SERIES.to_owned(),
            schedule: InstanceSchedule {
                scheduled_start: t(0),
                scheduled_end: t(60),
                actual_end: None,
            },
            people: vec![
                KnownPerson {
                    zoom_user_id: s("zu-ann"),
                    ..person(1, "Ann Lee", "ann@org.example")
                },
                KnownPerson {
                    zoom_email: s("bob.zoom@org.example"),
                    ..person(2, "Bob Marsh", "bob@org.example")
                },
                person(3, "Cara Diaz", "cara@org.example"),
                KnownPerson {
                    zoom_user_id: s("zu-dan"),
                    ..person(4, "Dan Roe", "dan@org.example")
                },
            ],
            invitees: vec![
                invitee(ANN, "reg-ann"),
                invitee(BOB, "reg-bob"),
                invitee(CARA, "reg-cara"),
            ],
            rules: Vec::new(),
            thresholds: Thresholds::default(),
            rows: Vec::new(),
            host: (None, None),
        }
    }

    pub fn with_rows(mut self, rows: impl IntoIterator<Item = AttendanceRow>) -> Self {
        self.rows.extend(rows);
        self
    }

    pub fn run(&self) -> InstanceAttendance {
        reconcile(&ReconcileInput {
            meeting_id: &self.meeting_id,
            schedule: self.schedule,
            rows: &self.rows,
            invitees: &self.invitees,
            people: &self.people,
            rules: &self.rules,
            thresholds: self.thresholds,
            host: HostIdentity {
                zoom_user_id: self.host.0.as_deref(),
                email: self.host.1.as_deref(),
            },
        })
    }
}

pub fn record(out: &InstanceAttendance, id: PersonId) -> &AttendanceRecord {
    out.records
        .iter()
        .find(|r| r.person_id == id)
        .unwrap_or_else(|| panic!("a record for {id:?} in {:#?}", out.records))
}

pub fn has_record(out: &InstanceAttendance, id: PersonId) -> bool {
    out.records
        .iter()
        .any(|r| r.person_id == id && !r.row_keys.is_empty())
}

pub fn unidentified_with_row<'a>(out: &'a InstanceAttendance, key: &str) -> &'a UnidentifiedEntry {
    out.unidentified
        .iter()
        .find(|u| u.rows.iter().any(|r| r.row_key == key))
        .unwrap_or_else(|| panic!("row {key} in the review queue: {:#?}", out.unidentified))
}

/// How many rows are tied to a person or a known guest.
pub fn identified_rows(out: &InstanceAttendance) -> usize {
    out.records.iter().map(|r| r.row_keys.len()).sum::<usize>()
        + out.guests.iter().map(|g| g.row_keys.len()).sum::<usize>()
}
