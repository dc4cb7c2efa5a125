//! Masked values (`""`, blanks, `******`, `Name unavailable`) count as absent everywhere.

use rollcall_core::attendance::{AliasKind, AttendanceRow, MatchMethod, is_masked};

use crate::fixture::*;

const MASKS: [&str; 6] = [
    "",
    "   ",
    "******",
    "*",
    "Name unavailable",
    "NAME UNAVAILABLE",
];

#[test]
fn all_three_forms_are_masked() {
    for mask in MASKS {
        assert!(is_masked(Some(mask)), "{mask:?}");
    }
    assert!(!is_masked(Some("Ann")));
}

#[test]
fn a_masked_name_never_matches_an_invitee_with_that_name() {
    // Even an invitee whose directory name is literally "Name unavailable" is not matched.
    for mask in MASKS {
        let mut scene = Scene::org().with_rows([AttendanceRow {
            name: s(mask),
            email: s(mask),
            ..row("r1", 0, 60)
        }]);
        scene.people[2].display_name = "Name unavailable".to_owned();
        let out = scene.run();
        assert!(!has_record(&out, CARA), "{mask:?} matched nobody");
        let entry = unidentified_with_row(&out, "r1");
        assert_eq!(entry.alias.kind, AliasKind::Row, "{mask:?} is no alias");
        assert_eq!(entry.display_name, None);
        assert!(entry.suggestions.is_empty(), "nothing to suggest from");
    }
}

#[test]
fn masked_ids_are_absent_too() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        registration_id: s("******"),
        zoom_user_id: s(""),
        ..row("r1", 0, 60)
    }]);
    // Data where a masked id would collide if masks were compared as values.
    scene.invitees[0].registration_id = s("******");
    scene.people[1].zoom_user_id = s("");
    let out = scene.run();
    assert!(!has_record(&out, ANN) && !has_record(&out, BOB));
    assert_eq!(unidentified_with_row(&out, "r1").alias.kind, AliasKind::Row);
}

#[test]
fn fully_masked_rows_stay_apart_in_the_review_queue() {
    let out = Scene::org()
        .with_rows([
            AttendanceRow {
                name: s("******"),
                ..row("r1", 0, 30)
            },
            AttendanceRow {
                name: s("******"),
                ..row("r2", 0, 30)
            },
        ])
        .run();
    assert_eq!(
        out.unidentified.len(),
        2,
        "two masked rows may be two people: no grouping without an alias"
    );
}

#[test]
fn the_unmasked_field_still_matches() {
    let out = Scene::org()
        .with_rows([
            AttendanceRow {
                name: s("Name unavailable"),
                email: s("cara@org.example"),
                ..row("r1", 0, 60)
            },
            AttendanceRow {
                name: s("Bob Marsh"),
                email: s("******"),
                ..row("r2", 0, 60)
            },
        ])
        .run();
    assert_eq!(record(&out, CARA).match_method, Some(MatchMethod::Email));
    assert_eq!(
        record(&out, BOB).match_method,
        Some(MatchMethod::UniqueName)
    );
}
