//! On a HIPAA account names and emails are masked, but registration ids and the Zoom user ids
//! of signed-in account users survive (REFERENCE §5): they carry the whole identification.

use rollcall_core::attendance::{AttendanceRow, AttendanceStatus, InstanceAttendance, MatchMethod};

use crate::fixture::*;

/// Ann signs in (custCreate user joined with a ZAK), Bob and Cara use their registration
/// links, Bob rejoins, Dan signs in uninvited, and an anonymous guest drops by.
fn unmasked_rows() -> Vec<AttendanceRow> {
    vec![
        AttendanceRow {
            zoom_user_id: s("zu-ann"),
            name: s("Ann Lee"),
            email: s("ann@org.example"),
            ..row("r1", 0, 60)
        },
        AttendanceRow {
            registration_id: s("reg-bob"),
            name: s("Bob Marsh"),
            email: s("bob@org.example"),
            ..row("r2", 2, 20)
        },
        AttendanceRow {
            registration_id: s("reg-bob"),
            name: s("Bob Marsh"),
            email: s("bob@org.example"),
            ..row("r3", 22, 60)
        },
        AttendanceRow {
            registration_id: s("reg-cara"),
            name: s("Cara Diaz"),
            email: s("cara@org.example"),
            ..row("r4", 8, 50)
        },
        AttendanceRow {
            zoom_user_id: s("zu-dan"),
            name: s("Dan Roe"),
            email: s("dan@org.example"),
            ..row("r5", 0, 30)
        },
        AttendanceRow {
            name: s("Visitor"),
            ..row("r6", 10, 15)
        },
    ]
}

/// The same rows as a HIPAA account reports them, with each masking form in turn.
fn masked_rows() -> Vec<AttendanceRow> {
    let masks = ["******", "", "Name unavailable"];
    unmasked_rows()
        .into_iter()
        .enumerate()
        .map(|(i, r)| AttendanceRow {
            name: s(masks[i % 3]),
            email: s(masks[(i + 1) % 3]),
            ..r
        })
        .collect()
}

fn summary(out: &InstanceAttendance) -> Vec<(i64, AttendanceStatus, Option<MatchMethod>, u32)> {
    out.records
        .iter()
        .map(|r| {
            (
                r.person_id.0,
                r.status,
                r.match_method,
                r.presence.attended_seconds,
            )
        })
        .collect()
}

#[test]
fn masking_loses_no_one_identified_by_registration_or_zoom_user_id() {
    let plain = Scene::org().with_rows(unmasked_rows()).run();
    let hipaa = Scene::org().with_rows(masked_rows()).run();

    assert_eq!(identified_rows(&plain), 5);
    assert_eq!(
        identified_rows(&hipaa),
        identified_rows(&plain),
        "the same rows are identified"
    );
    assert_eq!(
        summary(&hipaa),
        summary(&plain),
        "the same people, statuses, methods and times"
    );
    assert_eq!(record(&hipaa, CARA).status, AttendanceStatus::Late);
    assert_eq!(record(&hipaa, DAN).status, AttendanceStatus::Uninvited);
    assert_eq!(record(&hipaa, BOB).presence.joins, 2);

    // Only the guest is left to review; masked, it has no alias and no suggestions.
    assert_eq!(plain.unidentified.len(), 1);
    assert_eq!(hipaa.unidentified.len(), 1);
    assert!(hipaa.unidentified[0].suggestions.is_empty());
}
