//! Properties of the interval merge and of reconciliation as a whole.

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use rollcall_core::attendance::{
    AttendanceRow, MatchRule, RuleId, RuleScope, RuleTarget, TimeSpan, merge_intervals,
    total_duration,
};

use crate::fixture::*;

fn at(secs: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(1_767_600_000 + secs, 0).unwrap()
}

/// Spans within two hours, of up to an hour, some empty or inverted.
fn spans() -> impl Strategy<Value = Vec<TimeSpan>> {
    prop::collection::vec((0i64..7200, -60i64..3600), 0..24).prop_map(|v| {
        v.into_iter()
            .map(|(start, len)| TimeSpan {
                start: at(start),
                end: at(start + len),
            })
            .collect()
    })
}

fn plain_sum(spans: &[TimeSpan]) -> Duration {
    spans
        .iter()
        .map(|s| (s.end - s.start).max(Duration::zero()))
        .fold(Duration::zero(), |a, b| a + b)
}

proptest! {
    #[test]
    fn merged_total_never_exceeds_first_join_to_last_leave(spans in spans()) {
        let merged = merge_intervals(&spans);
        let total = total_duration(&merged);
        let nonempty: Vec<_> = spans.iter().filter(|s| s.end > s.start).collect();
        if let (Some(first), Some(last)) = (
            nonempty.iter().map(|s| s.start).min(),
            nonempty.iter().map(|s| s.end).max(),
        ) {
            prop_assert!(total <= last - first);
        } else {
            prop_assert_eq!(total, Duration::zero());
        }
    }

    #[test]
    fn merged_total_never_exceeds_the_plain_sum(spans in spans()) {
        prop_assert!(total_duration(&merge_intervals(&spans)) <= plain_sum(&spans));
    }

    #[test]
    fn merged_intervals_are_sorted_disjoint_and_not_touching(spans in spans()) {
        let merged = merge_intervals(&spans);
        for pair in merged.windows(2) {
            prop_assert!(pair[0].end < pair[1].start);
        }
        for s in &merged {
            prop_assert!(s.start < s.end);
        }
    }

    #[test]
    fn disjoint_intervals_total_their_plain_sum(
        pieces in prop::collection::vec((1i64..600, 1i64..600), 0..24),
    ) {
        // Each span starts a positive gap after the previous one ends.
        let mut cursor = 0;
        let spans: Vec<TimeSpan> = pieces
            .into_iter()
            .map(|(gap, len)| {
                let start = cursor + gap;
                cursor = start + len;
                TimeSpan { start: at(start), end: at(cursor) }
            })
            .collect();
        let merged = merge_intervals(&spans);
        prop_assert_eq!(total_duration(&merged), plain_sum(&spans));
        prop_assert_eq!(merged.len(), spans.len());
    }

    #[test]
    fn merging_does_not_depend_on_order(
        (spans, shuffled) in spans().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
    ) {
        prop_assert_eq!(merge_intervals(&spans), merge_intervals(&shuffled));
    }
}

/// A row built from a few generated choices: every rule path, masks, waiting room.
fn any_row(i: usize, who: u8, mask: u8, from: i64, len: i64, waiting: bool) -> AttendanceRow {
    let masked = |v: &str| match mask % 4 {
        0 => s(v),
        1 => s("******"),
        2 => s(""),
        _ => s("Name unavailable"),
    };
    let base = AttendanceRow {
        in_waiting_room: waiting,
        ..row(&format!("k{i:03}"), from, from + len)
    };
    match who % 9 {
        0 => AttendanceRow {
            registration_id: s("reg-ann"),
            name: masked("Ann Lee"),
            ..base
        },
        1 => AttendanceRow {
            zoom_user_id: s("zu-dan"),
            ..base
        },
        2 => AttendanceRow {
            email: masked("BOB@org.example"),
            ..base
        },
        3 => AttendanceRow {
            name: masked("cara diaz"),
            ..base
        },
        4 => AttendanceRow {
            name: masked("Visitor Vic"),
            ..base
        },
        5 => AttendanceRow {
            name: masked("Front Desk"),
            ..base
        },
        6 => AttendanceRow {
            email: masked("guest@partner.example"),
            name: masked("Ann Le"),
            ..base
        },
        7 => AttendanceRow {
            registration_id: s("reg-stranger"),
            ..base
        },
        _ => AttendanceRow {
            name: masked("Interpreter"),
            ..base
        },
    }
}

fn scene_rows() -> impl Strategy<Value = Vec<AttendanceRow>> {
    prop::collection::vec(
        (
            any::<u8>(),
            any::<u8>(),
            -10i64..70,
            -2i64..40,
            any::<bool>(),
        ),
        0..40,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (who, mask, from, len, waiting))| any_row(i, who, mask, from, len, waiting))
            .collect()
    })
}

fn rules() -> Vec<MatchRule> {
    let rule = |id, value: &str, target, scope| MatchRule {
        id: RuleId(id),
        alias: rollcall_core::attendance::Alias {
            kind: rollcall_core::attendance::AliasKind::Name,
            value: value.to_owned(),
        },
        target,
        scope,
    };
    vec![
        rule(
            1,
            "front desk",
            RuleTarget::Person { person_id: CARA },
            RuleScope::Account,
        ),
        rule(
            2,
            "interpreter",
            RuleTarget::Guest { label: None },
            RuleScope::Series {
                meeting_id: SERIES.to_owned(),
            },
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn reconciliation_does_not_depend_on_row_order(
        (rows, shuffled) in scene_rows().prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        rules_reversed in any::<bool>(),
    ) {
        let mut a = Scene::org().with_rows(rows);
        a.rules = rules();
        let mut b = Scene::org().with_rows(shuffled);
        b.rules = rules();
        if rules_reversed {
            b.rules.reverse();
            b.people.reverse();
            b.invitees.reverse();
        }
        prop_assert_eq!(a.run(), b.run());
    }

    #[test]
    fn every_row_lands_exactly_once(rows in scene_rows()) {
        let n = rows.len();
        let mut scene = Scene::org().with_rows(rows);
        scene.rules = rules();
        let out = scene.run();
        let unidentified: usize = out.unidentified.iter().map(|u| u.rows.len()).sum();
        prop_assert_eq!(identified_rows(&out) + unidentified, n);
    }
}
