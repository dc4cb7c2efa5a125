//! An admin's decision in the review queue becomes a rule; re-running applies it; undo
//! removes it.

use rollcall_core::attendance::review::{rule_for_decision, save_rule, suggestions, undo};
use rollcall_core::attendance::{
    AliasKind, ApplyTo, AttendanceRow, AttendanceStatus, MatchMethod, MatchRule, RuleId, RuleScope,
    RuleTarget,
};

use crate::fixture::*;

/// The same guest, "Jo Q." on a tablet, in three instances of series 111 and one of 222.
fn instances() -> Vec<Scene> {
    let jo = |key: &str| AttendanceRow {
        name: s("Jo Q."),
        ..row(key, 0, 60)
    };
    let mut other_series = Scene::org().with_rows([jo("other-1")]);
    other_series.meeting_id = "222".to_owned();
    vec![
        Scene::org().with_rows([jo("i1")]),
        Scene::org().with_rows([jo("i2")]),
        Scene::org().with_rows([jo("i3")]),
        other_series,
    ]
}

fn run_all(rules: &[MatchRule]) -> Vec<rollcall_core::attendance::InstanceAttendance> {
    instances()
        .into_iter()
        .map(|mut scene| {
            scene.rules = rules.to_vec();
            scene.run()
        })
        .collect()
}

#[test]
fn a_decision_for_the_series_applies_to_its_other_instances_only() {
    let mut rules = Vec::new();
    let first = Scene::org()
        .with_rows([AttendanceRow {
            name: s("Jo Q."),
            ..row("i1", 0, 60)
        }])
        .run();
    let entry = unidentified_with_row(&first, "i1");
    assert_eq!(entry.alias.kind, AliasKind::Name);

    let rule = rule_for_decision(
        RuleId(1),
        &entry.alias,
        RuleTarget::Person { person_id: CARA },
        ApplyTo::Series,
        SERIES,
    );
    assert_eq!(
        rule.scope,
        RuleScope::Series {
            meeting_id: SERIES.to_owned()
        }
    );
    save_rule(&mut rules, rule);

    let outs = run_all(&rules);
    for out in &outs[..3] {
        let cara = record(out, CARA);
        assert_eq!(cara.match_method, Some(MatchMethod::Rule));
        assert_eq!(cara.status, AttendanceStatus::Present);
        assert!(out.unidentified.is_empty());
    }
    assert!(!has_record(&outs[3], CARA), "series 222 is not touched");
    assert_eq!(outs[3].unidentified.len(), 1);
}

#[test]
fn an_account_wide_decision_applies_to_every_series() {
    let alias = unidentified_with_row(&instances()[0].run(), "i1")
        .alias
        .clone();
    let mut rules = Vec::new();
    save_rule(
        &mut rules,
        rule_for_decision(
            RuleId(1),
            &alias,
            RuleTarget::Person { person_id: CARA },
            ApplyTo::Account,
            SERIES,
        ),
    );
    for out in run_all(&rules) {
        assert_eq!(record(&out, CARA).match_method, Some(MatchMethod::Rule));
    }
}

#[test]
fn undo_removes_the_rule_and_the_rows_return_to_review() {
    let alias = unidentified_with_row(&instances()[0].run(), "i1")
        .alias
        .clone();
    let mut rules = Vec::new();
    save_rule(
        &mut rules,
        rule_for_decision(
            RuleId(9),
            &alias,
            RuleTarget::Person { person_id: CARA },
            ApplyTo::Series,
            SERIES,
        ),
    );
    assert!(has_record(&run_all(&rules)[1], CARA));

    let removed = undo(&mut rules, RuleId(9)).expect("the rule was there");
    assert_eq!(removed.id, RuleId(9));
    assert!(rules.is_empty());
    assert_eq!(undo(&mut rules, RuleId(9)), None, "undo twice is a no-op");

    for out in run_all(&rules) {
        assert!(!has_record(&out, CARA));
        assert_eq!(out.unidentified.len(), 1);
    }
}

#[test]
fn a_new_decision_for_the_same_alias_and_scope_replaces_the_old() {
    let alias = unidentified_with_row(&instances()[0].run(), "i1")
        .alias
        .clone();
    let mut rules = Vec::new();
    let to = |id, person_id| {
        rule_for_decision(
            RuleId(id),
            &alias,
            RuleTarget::Person { person_id },
            ApplyTo::Series,
            SERIES,
        )
    };
    assert_eq!(save_rule(&mut rules, to(1, ANN)), None);
    let replaced = save_rule(&mut rules, to(2, CARA)).expect("the first rule is replaced");
    assert_eq!(replaced.id, RuleId(1));
    assert_eq!(rules.len(), 1);
    assert!(has_record(&run_all(&rules)[0], CARA));
}

#[test]
fn deciding_guest_takes_the_rows_out_of_review() {
    let alias = unidentified_with_row(&instances()[0].run(), "i1")
        .alias
        .clone();
    let rules = vec![rule_for_decision(
        RuleId(1),
        &alias,
        RuleTarget::Guest {
            label: s("Board observer"),
        },
        ApplyTo::Series,
        SERIES,
    )];
    let outs = run_all(&rules);
    for out in &outs[..3] {
        assert!(out.unidentified.is_empty());
        assert_eq!(out.guests.len(), 1);
    }
    assert_eq!(outs[3].unidentified.len(), 1);
}

#[test]
fn suggestions_can_be_asked_for_directly() {
    let scene = Scene::org();
    let rows = [AttendanceRow {
        name: s("Bob Marsch"),
        ..row("r1", 0, 60)
    }];
    let found = suggestions(&rows, &scene.people, &scene.invitees, 3);
    assert_eq!(found[0].person_id, BOB);
    assert!(found.len() <= 3);
}

#[test]
fn a_decision_on_a_fully_masked_row_ties_that_row_only() {
    let masked = |key: &str| AttendanceRow {
        name: s("******"),
        email: s(""),
        ..row(key, 0, 60)
    };
    let scene = Scene::org().with_rows([masked("m1"), masked("m2")]);
    let out = scene.run();
    let alias = unidentified_with_row(&out, "m1").alias.clone();
    assert_eq!(alias.kind, AliasKind::Row);

    let mut again = scene.clone();
    again.rules = vec![rule_for_decision(
        RuleId(1),
        &alias,
        RuleTarget::Person { person_id: BOB },
        ApplyTo::Series,
        SERIES,
    )];
    let out = again.run();
    assert_eq!(record(&out, BOB).row_keys, ["m1"]);
    assert_eq!(unidentified_with_row(&out, "m2").rows.len(), 1);
}
