//! Adding up records across instances: a person's history, a group's rate.

use chrono::Duration;
use rollcall_core::attendance::{
    AttendanceRow, HistoryEntry, InstanceSchedule, group_rate, person_history,
};

use crate::fixture::*;

/// Ann's entry for an instance `week` weeks after the first, attending `from..to` (if any).
fn ann_in_week(week: i64, stay: Option<(i64, i64)>) -> HistoryEntry {
    let shift = Duration::weeks(week);
    let mut scene = Scene::org();
    scene.schedule = InstanceSchedule {
        scheduled_start: t(0) + shift,
        scheduled_end: t(60) + shift,
        actual_end: None,
    };
    if let Some((from, to)) = stay {
        scene.rows.push(AttendanceRow {
            registration_id: s("reg-ann"),
            joined_at: t(from) + shift,
            left_at: t(to) + shift,
            ..row("r", 0, 0)
        });
    }
    let out = scene.run();
    HistoryEntry::new(&scene.schedule, record(&out, ANN))
}

#[test]
fn a_persons_history_counts_instances_time_and_share_of_scheduled_time() {
    let entries = [
        ann_in_week(0, Some((0, 60))),
        ann_in_week(1, Some((0, 30))),
        ann_in_week(2, None),
        ann_in_week(3, Some((-10, 90))), // 100 minutes in a 60-minute slot
    ];
    let h = person_history(&entries);
    assert_eq!(h.invited, 4);
    assert_eq!(h.attended_invited, 3);
    assert_eq!(h.attendance_rate, 0.75);
    assert_eq!(h.attended_seconds, (60 + 30 + 100) * 60);
    assert_eq!(h.scheduled_seconds, 4 * 3600);
    assert_eq!(
        h.time_share,
        (60.0 + 30.0 + 60.0) / 240.0,
        "each instance counts at most its scheduled length"
    );
}

#[test]
fn a_groups_rate_covers_only_the_date_range() {
    let entries = [
        ann_in_week(0, Some((0, 60))),
        ann_in_week(1, None),
        ann_in_week(2, None),
        ann_in_week(3, Some((0, 60))),
    ];
    let from = t(0) + Duration::weeks(1);
    let to = t(0) + Duration::weeks(3);
    let g = group_rate(&entries, from, to);
    assert_eq!(g.invited, 2, "weeks 1 and 2; the end is exclusive");
    assert_eq!(g.attendance_rate, 0.0);
    assert_eq!(
        group_rate(&entries, t(0), t(0) + Duration::weeks(4)).attendance_rate,
        0.5
    );
}

#[test]
fn nothing_invited_is_a_rate_of_zero_not_a_division_by_zero() {
    let h = person_history(&[]);
    assert_eq!(h.attendance_rate, 0.0);
    assert_eq!(h.time_share, 0.0);
}
