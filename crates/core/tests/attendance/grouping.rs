//! Who rows are grouped under: shared names, borrowed links, rejoining guests.

use rollcall_core::attendance::{
    Alias, AliasKind, AttendanceRow, AttendanceStatus, MatchMethod, PersonId,
};

use crate::fixture::*;

#[test]
fn two_invitees_with_the_same_name_are_never_matched_by_name() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        name: s("Sam Park"),
        ..row("r1", 0, 60)
    }]);
    scene
        .people
        .push(person(10, "Sam Park", "sam.p@org.example"));
    scene
        .people
        .push(person(11, "Sam  PARK", "sam.park@org.example"));
    scene.invitees.push(invitee(PersonId(10), "reg-10"));
    scene.invitees.push(invitee(PersonId(11), "reg-11"));
    let out = scene.run();

    assert_eq!(record(&out, PersonId(10)).status, AttendanceStatus::Absent);
    assert_eq!(record(&out, PersonId(11)).status, AttendanceStatus::Absent);
    let entry = unidentified_with_row(&out, "r1");
    let suggested: Vec<_> = entry.suggestions.iter().map(|s| s.person_id.0).collect();
    assert_eq!(
        &suggested[..2],
        [10, 11],
        "both are suggested, equally, by id"
    );
    assert_eq!(entry.suggestions[0].score, entry.suggestions[1].score);
}

#[test]
fn the_same_name_on_an_invitee_and_a_non_invitee_is_still_unique_among_invitees() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        name: s("Ann Lee"),
        ..row("r1", 0, 60)
    }]);
    scene
        .people
        .push(person(12, "Ann Lee", "other.ann@org.example"));
    let out = scene.run();
    assert_eq!(
        record(&out, ANN).match_method,
        Some(MatchMethod::UniqueName)
    );
}

/// Bob joins with Ann's personal registration link (she forwarded it). The row carries Ann's
/// registration id, so it is Ann's attendance: the registration is the strongest evidence the
/// row has and the only one that survives HIPAA masking; a name and email shown on the row are
/// whatever the joiner typed. The admin sees Bob absent and can act (ask, or add a rule).
#[test]
fn joining_from_another_persons_link_counts_for_the_link_owner() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            registration_id: s("reg-ann"),
            name: s("Bob Marsh"),
            email: s("bob@org.example"),
            ..row("r1", 0, 60)
        }])
        .run();
    assert_eq!(record(&out, ANN).status, AttendanceStatus::Present);
    assert_eq!(
        record(&out, ANN).match_method,
        Some(MatchMethod::RegistrationId)
    );
    assert_eq!(record(&out, BOB).status, AttendanceStatus::Absent);
}

#[test]
fn a_guest_rejoining_three_times_is_one_entry_with_three_rows() {
    let rows = [(0, 10), (12, 30), (31, 60)].map(|(from, to)| AttendanceRow {
        name: s(" Visitor   Vic"),
        ..row(&format!("g{from}"), from, to)
    });
    let out = Scene::org().with_rows(rows).run();
    assert_eq!(out.unidentified.len(), 1);
    let entry = &out.unidentified[0];
    assert_eq!(
        entry.alias,
        Alias {
            kind: AliasKind::Name,
            value: "visitor vic".to_owned()
        }
    );
    assert_eq!(entry.rows.len(), 3);
    assert_eq!(entry.presence.joins, 3);
    assert_eq!(entry.presence.intervals.len(), 3);
    assert_eq!(entry.presence.attended_seconds, (10 + 18 + 29) * 60);
}

#[test]
fn a_stranger_who_registered_is_grouped_by_registration_id() {
    // A registration no invitation carries (approved by hand in Zoom, or a cancelled one).
    let out = Scene::org()
        .with_rows([
            AttendanceRow {
                registration_id: s("reg-stranger"),
                name: s("Kim"),
                ..row("r1", 0, 10)
            },
            AttendanceRow {
                registration_id: s("reg-stranger"),
                name: s("Kim (phone)"),
                ..row("r2", 10, 60)
            },
        ])
        .run();
    assert_eq!(out.unidentified.len(), 1);
    assert_eq!(out.unidentified[0].alias.kind, AliasKind::RegistrationId);
    assert_eq!(out.unidentified[0].display_name.as_deref(), Some("Kim"));
}
