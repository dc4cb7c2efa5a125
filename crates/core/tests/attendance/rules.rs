//! The §6 rules one by one, and their order: the first rule that holds wins.

use rollcall_core::attendance::{
    Alias, AliasKind, AttendanceRow, AttendanceStatus, KnownPerson, MatchMethod, MatchRule, RuleId,
    RuleScope, RuleTarget, SuggestionReason,
};

use crate::fixture::*;

fn rule(id: i64, kind: AliasKind, value: &str, target: RuleTarget, scope: RuleScope) -> MatchRule {
    MatchRule {
        id: RuleId(id),
        alias: Alias {
            kind,
            value: value.to_owned(),
        },
        target,
        scope,
    }
}

fn series() -> RuleScope {
    RuleScope::Series {
        meeting_id: SERIES.to_owned(),
    }
}

#[test]
fn rule_1_registration_id_of_an_invitation_identifies_the_invitee() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            registration_id: s("reg-cara"),
            name: s("Conference Room 2"),
            ..row("r1", 0, 60)
        }])
        .run();
    let cara = record(&out, CARA);
    assert_eq!(cara.match_method, Some(MatchMethod::RegistrationId));
    assert_eq!(cara.status, AttendanceStatus::Present);
    assert_eq!(cara.row_keys, ["r1"]);
    assert!(out.unidentified.is_empty());
}

#[test]
fn rule_2_zoom_user_id_identifies_a_person_even_when_not_invited() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            zoom_user_id: s("zu-dan"),
            ..row("r1", 0, 60)
        }])
        .run();
    let dan = record(&out, DAN);
    assert_eq!(dan.match_method, Some(MatchMethod::ZoomUserId));
    assert_eq!(
        dan.status,
        AttendanceStatus::Uninvited,
        "Dan was not invited"
    );
    assert!(!dan.invited);
    assert!(dan.attended);
}

#[test]
fn rule_3_a_saved_rule_ties_its_alias_to_the_person() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        name: s("Big  Screen "),
        ..row("r1", 0, 60)
    }]);
    scene.rules = vec![rule(
        7,
        AliasKind::Name,
        "big screen",
        RuleTarget::Person { person_id: CARA },
        series(),
    )];
    let out = scene.run();
    let cara = record(&out, CARA);
    assert_eq!(cara.match_method, Some(MatchMethod::Rule));
    assert_eq!(cara.rule_id, Some(RuleId(7)));
    assert!(out.unidentified.is_empty());
}

#[test]
fn rule_3_a_rule_typed_by_hand_is_normalized_like_the_rows() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        email: s("Guest@Partner.example"),
        ..row("r1", 0, 60)
    }]);
    scene.rules = vec![rule(
        1,
        AliasKind::Email,
        " GUEST@partner.example ",
        RuleTarget::Person { person_id: BOB },
        RuleScope::Account,
    )];
    assert_eq!(
        record(&scene.run(), BOB).match_method,
        Some(MatchMethod::Rule)
    );
}

#[test]
fn rule_3_series_rules_beat_account_rules() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        name: s("Front Desk"),
        ..row("r1", 0, 60)
    }]);
    scene.rules = vec![
        rule(
            1,
            AliasKind::Name,
            "front desk",
            RuleTarget::Person { person_id: ANN },
            RuleScope::Account,
        ),
        rule(
            2,
            AliasKind::Name,
            "front desk",
            RuleTarget::Person { person_id: BOB },
            series(),
        ),
    ];
    let out = scene.run();
    assert_eq!(record(&out, BOB).rule_id, Some(RuleId(2)));
    assert!(
        !has_record(&out, ANN),
        "the account rule lost to the series rule"
    );
}

#[test]
fn rule_3_rules_of_another_series_do_not_apply() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        name: s("Front Desk"),
        ..row("r1", 0, 60)
    }]);
    scene.rules = vec![rule(
        1,
        AliasKind::Name,
        "front desk",
        RuleTarget::Person { person_id: ANN },
        RuleScope::Series {
            meeting_id: "999".to_owned(),
        },
    )];
    let out = scene.run();
    assert!(!has_record(&out, ANN));
    assert_eq!(out.unidentified.len(), 1);
}

#[test]
fn rule_3_a_rule_to_guest_makes_a_known_guest_not_an_unidentified_row() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        name: s("ASL Interpreter"),
        ..row("r1", 0, 60)
    }]);
    scene.rules = vec![rule(
        3,
        AliasKind::Name,
        "asl interpreter",
        RuleTarget::Guest {
            label: s("Interpreter"),
        },
        RuleScope::Account,
    )];
    let out = scene.run();
    assert!(out.unidentified.is_empty());
    assert_eq!(out.guests.len(), 1);
    assert_eq!(out.guests[0].label.as_deref(), Some("Interpreter"));
    assert_eq!(out.guests[0].row_keys, ["r1"]);
    assert_eq!(out.guests[0].presence.attended_seconds, 3600);
}

#[test]
fn rule_3_a_rule_beats_email_and_name() {
    // The row shows Bob's email and Ann's name, but the admin said this email is Cara's.
    let mut scene = Scene::org().with_rows([AttendanceRow {
        email: s("bob@org.example"),
        name: s("Ann Lee"),
        ..row("r1", 0, 60)
    }]);
    scene.rules = vec![rule(
        1,
        AliasKind::Email,
        "bob@org.example",
        RuleTarget::Person { person_id: CARA },
        RuleScope::Account,
    )];
    let out = scene.run();
    assert_eq!(record(&out, CARA).match_method, Some(MatchMethod::Rule));
    assert!(!has_record(&out, BOB) && !has_record(&out, ANN));
}

#[test]
fn rule_4_email_matches_email_or_zoom_email_case_insensitively() {
    let out = Scene::org()
        .with_rows([
            AttendanceRow {
                email: s("  ANN@Org.Example "),
                ..row("r1", 0, 60)
            },
            AttendanceRow {
                email: s("Bob.Zoom@org.example"),
                ..row("r2", 0, 60)
            },
            AttendanceRow {
                email: s("dan@org.example"),
                ..row("r3", 0, 60)
            },
        ])
        .run();
    assert_eq!(record(&out, ANN).match_method, Some(MatchMethod::Email));
    assert_eq!(
        record(&out, BOB).match_method,
        Some(MatchMethod::Email),
        "the Zoom email counts"
    );
    assert_eq!(record(&out, DAN).status, AttendanceStatus::Uninvited);
}

#[test]
fn rule_4_an_email_two_people_share_matches_neither() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        email: s("team@org.example"),
        ..row("r1", 0, 60)
    }]);
    scene.people[0].zoom_email = s("team@org.example");
    scene.people[1].zoom_email = s("team@org.example");
    let out = scene.run();
    assert!(!has_record(&out, ANN) && !has_record(&out, BOB));
    assert_eq!(out.unidentified.len(), 1);
}

#[test]
fn rule_5_a_name_unique_among_invitees_identifies_them() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            name: s("  cara   DIAZ "),
            ..row("r1", 0, 60)
        }])
        .run();
    assert_eq!(
        record(&out, CARA).match_method,
        Some(MatchMethod::UniqueName)
    );
}

#[test]
fn rule_5_only_invitees_names_count() {
    // Dan is in the directory but not invited: his name alone ties nothing.
    let out = Scene::org()
        .with_rows([AttendanceRow {
            name: s("Dan Roe"),
            ..row("r1", 0, 60)
        }])
        .run();
    assert!(!has_record(&out, DAN));
    let entry = unidentified_with_row(&out, "r1");
    assert_eq!(entry.suggestions[0].person_id, DAN, "but he is suggested");
}

#[test]
fn rule_5_diacritics_are_not_stripped() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        name: s("Jose Nunez"),
        ..row("r1", 0, 60)
    }]);
    scene
        .people
        .push(person(5, "José Núñez", "jose@org.example"));
    scene
        .invitees
        .push(invitee(rollcall_core::attendance::PersonId(5), "reg-jose"));
    let out = scene.run();
    let entry = unidentified_with_row(&out, "r1");
    assert_eq!(
        entry.suggestions[0].person_id.0, 5,
        "no automatic match, a suggestion"
    );
}

#[test]
fn rule_6_unidentified_rows_get_suggestions_never_a_guess() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            name: s("Ann Le"),
            email: s("ann.lee@gmail.example"),
            ..row("r1", 0, 60)
        }])
        .run();
    assert!(!has_record(&out, ANN), "a similar name is not a match");
    let entry = unidentified_with_row(&out, "r1");
    assert_eq!(
        entry.alias,
        Alias {
            kind: AliasKind::Email,
            value: "ann.lee@gmail.example".to_owned()
        }
    );
    assert_eq!(entry.display_name.as_deref(), Some("Ann Le"));
    let first = &entry.suggestions[0];
    assert_eq!(first.person_id, ANN);
    assert!(first.reasons.contains(&SuggestionReason::SimilarName));
    assert!(first.reasons.contains(&SuggestionReason::Invited));
}

#[test]
fn suggestions_by_email_domain_when_the_domain_is_distinctive() {
    let mut scene = Scene::org().with_rows([AttendanceRow {
        email: s("someone@partner.example"),
        ..row("r1", 0, 60)
    }]);
    scene.people.push(KnownPerson {
        ..person(5, "Pat Vendor", "pat@partner.example")
    });
    let out = scene.run();
    let entry = unidentified_with_row(&out, "r1");
    assert_eq!(entry.suggestions.len(), 1);
    assert_eq!(entry.suggestions[0].person_id.0, 5);
    assert_eq!(
        entry.suggestions[0].reasons,
        [SuggestionReason::SameEmailDomain]
    );
}

#[test]
fn the_first_rule_that_holds_wins() {
    // Ann's registration, Dan's Zoom user id, Bob's email, Cara's name: registration wins.
    let out = Scene::org()
        .with_rows([AttendanceRow {
            registration_id: s("reg-ann"),
            zoom_user_id: s("zu-dan"),
            email: s("bob@org.example"),
            name: s("Cara Diaz"),
            ..row("r1", 0, 60)
        }])
        .run();
    assert_eq!(
        record(&out, ANN).match_method,
        Some(MatchMethod::RegistrationId)
    );
    for other in [BOB, CARA, DAN] {
        assert!(!has_record(&out, other));
    }

    // Without the registration, the Zoom user id wins over email and name.
    let out = Scene::org()
        .with_rows([AttendanceRow {
            zoom_user_id: s("zu-dan"),
            email: s("bob@org.example"),
            name: s("Cara Diaz"),
            ..row("r1", 0, 60)
        }])
        .run();
    assert_eq!(
        record(&out, DAN).match_method,
        Some(MatchMethod::ZoomUserId)
    );

    // Email wins over name.
    let out = Scene::org()
        .with_rows([AttendanceRow {
            email: s("bob@org.example"),
            name: s("Cara Diaz"),
            ..row("r1", 0, 60)
        }])
        .run();
    assert_eq!(record(&out, BOB).match_method, Some(MatchMethod::Email));
}

#[test]
fn a_person_matched_by_several_methods_keeps_the_strongest() {
    let out = Scene::org()
        .with_rows([
            AttendanceRow {
                name: s("Ann Lee"),
                ..row("r1", 0, 20)
            },
            AttendanceRow {
                registration_id: s("reg-ann"),
                ..row("r2", 25, 60)
            },
        ])
        .run();
    let ann = record(&out, ANN);
    assert_eq!(ann.match_method, Some(MatchMethod::RegistrationId));
    assert_eq!(ann.row_keys, ["r1", "r2"]);
    assert_eq!(ann.presence.joins, 2);
}

#[test]
fn invitees_without_rows_are_absent_and_everyone_is_sorted_by_person_id() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            zoom_user_id: s("zu-dan"),
            ..row("r1", 0, 60)
        }])
        .run();
    let ids: Vec<_> = out.records.iter().map(|r| r.person_id).collect();
    assert_eq!(ids, [ANN, BOB, CARA, DAN]);
    for id in [ANN, BOB, CARA] {
        let r = record(&out, id);
        assert_eq!(r.status, AttendanceStatus::Absent);
        assert_eq!(r.match_method, None);
        assert_eq!(r.presence.joins, 0);
    }
}

#[test]
fn the_host_is_neither_a_person_nor_for_review() {
    // Zoom lists the host among the participants: by Zoom user id (even when the host is also
    // in the directory, like Dan here), or by an unmasked email when the id is absent.
    let mut scene = Scene::org();
    scene.host = (s("zu-dan"), s("Owner@Org.Example"));
    let out = scene
        .with_rows([
            AttendanceRow {
                zoom_user_id: s("zu-dan"),
                name: s("Dan Roe"),
                ..row("host-1", 0, 60)
            },
            AttendanceRow {
                email: s("owner@org.example"),
                name: s("The Owner"),
                ..row("host-2", 10, 20)
            },
            AttendanceRow {
                registration_id: s("reg-ann"),
                ..row("ann", 0, 60)
            },
        ])
        .run();
    assert!(
        out.records.iter().all(|r| r.person_id != DAN),
        "{:#?}",
        out.records
    );
    assert!(out.unidentified.is_empty(), "{:#?}", out.unidentified);
    assert!(out.guests.is_empty());
    assert_eq!(record(&out, ANN).status, AttendanceStatus::Present);
}

#[test]
fn without_a_known_host_the_same_rows_are_reconciled_as_before() {
    let out = Scene::org()
        .with_rows([
            AttendanceRow {
                zoom_user_id: s("zu-dan"),
                ..row("host-1", 0, 60)
            },
            AttendanceRow {
                email: s("owner@org.example"),
                name: s("The Owner"),
                ..row("host-2", 10, 20)
            },
        ])
        .run();
    assert_eq!(record(&out, DAN).status, AttendanceStatus::Uninvited);
    assert_eq!(out.unidentified.len(), 1);
}

#[test]
fn a_masked_host_email_recognizes_no_row() {
    let mut scene = Scene::org();
    scene.host = (None, s("******"));
    let out = scene
        .with_rows([AttendanceRow {
            email: s("******"),
            name: s("Someone"),
            ..row("r1", 0, 60)
        }])
        .run();
    assert_eq!(out.unidentified.len(), 1);
}
