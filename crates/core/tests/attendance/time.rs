//! Attended time and statuses: waiting room, rejoins, two devices, thresholds at the boundary.

use chrono::Duration;
use rollcall_core::attendance::{AttendanceRow, AttendanceStatus, TimeSpan};

use crate::fixture::*;

fn ann(key: &str, from: i64, to: i64) -> AttendanceRow {
    AttendanceRow {
        registration_id: s("reg-ann"),
        ..row(key, from, to)
    }
}

fn ann_secs(
    key: &str,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
) -> AttendanceRow {
    AttendanceRow {
        joined_at: from,
        left_at: to,
        ..ann(key, 0, 0)
    }
}

#[test]
fn waiting_room_time_is_not_attended_time() {
    let out = Scene::org()
        .with_rows([
            AttendanceRow {
                in_waiting_room: true,
                ..ann("w", -10, 3)
            },
            ann("r", 3, 60),
        ])
        .run();
    let r = record(&out, ANN);
    assert_eq!(r.presence.attended_seconds, 57 * 60);
    assert_eq!(r.presence.first_join, Some(t(3)), "admitted at minute 3");
    assert_eq!(r.presence.joins, 1);
    assert_eq!(r.presence.waiting_room_rows, 1);
    assert_eq!(r.row_keys, ["w", "r"], "both rows stay tied to Ann");
    assert_eq!(r.status, AttendanceStatus::Present);
}

#[test]
fn only_waiting_room_is_absent() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            in_waiting_room: true,
            ..ann("w", 0, 60)
        }])
        .run();
    let r = record(&out, ANN);
    assert_eq!(r.status, AttendanceStatus::Absent);
    assert!(!r.attended && !r.late && !r.left_early);
    assert_eq!(r.presence.first_join, None);
}

#[test]
fn two_devices_overlapping_count_once() {
    let out = Scene::org()
        .with_rows([ann("laptop", 0, 60), ann("phone", 10, 30)])
        .run();
    let r = record(&out, ANN);
    assert_eq!(
        r.presence.attended_seconds, 3600,
        "a union, not a sum (80 min)"
    );
    assert_eq!(r.presence.joins, 2);
    assert_eq!(
        r.presence.intervals,
        [TimeSpan {
            start: t(0),
            end: t(60)
        }]
    );
}

#[test]
fn rejoins_keep_their_gap_and_touching_stays_merge() {
    let out = Scene::org()
        .with_rows([ann("a", 0, 20), ann("b", 30, 40), ann("c", 40, 60)])
        .run();
    let r = record(&out, ANN);
    assert_eq!(r.presence.attended_seconds, 50 * 60);
    assert_eq!(r.presence.joins, 3);
    assert_eq!(
        r.presence.intervals,
        [
            TimeSpan {
                start: t(0),
                end: t(20)
            },
            TimeSpan {
                start: t(30),
                end: t(60)
            }
        ]
    );
    assert_eq!(r.presence.last_leave, Some(t(60)));
}

#[test]
fn late_is_strictly_after_start_plus_five_minutes() {
    let exactly = Scene::org().with_rows([ann("r", 5, 60)]).run();
    assert_eq!(
        record(&exactly, ANN).status,
        AttendanceStatus::Present,
        "at 5:00 on time"
    );

    let second_later = Scene::org()
        .with_rows([ann_secs("r", t(5) + Duration::seconds(1), t(60))])
        .run();
    assert_eq!(record(&second_later, ANN).status, AttendanceStatus::Late);
}

#[test]
fn left_early_is_strictly_before_end_minus_five_minutes() {
    let exactly = Scene::org().with_rows([ann("r", 0, 55)]).run();
    assert_eq!(
        record(&exactly, ANN).status,
        AttendanceStatus::Present,
        "at 55:00 not early"
    );

    let second_earlier = Scene::org()
        .with_rows([ann_secs("r", t(0), t(55) - Duration::seconds(1))])
        .run();
    assert_eq!(
        record(&second_earlier, ANN).status,
        AttendanceStatus::LeftEarly
    );
}

#[test]
fn late_and_left_early_show_late_with_both_flags() {
    let out = Scene::org().with_rows([ann("r", 10, 40)]).run();
    let r = record(&out, ANN);
    assert_eq!(r.status, AttendanceStatus::Late, "late wins the status");
    assert!(r.late && r.left_early, "both flags are kept");
}

#[test]
fn a_meeting_that_ended_early_is_measured_from_its_actual_end() {
    let mut scene = Scene::org().with_rows([ann("r", 0, 40)]);
    scene.schedule.actual_end = Some(t(40));
    assert_eq!(record(&scene.run(), ANN).status, AttendanceStatus::Present);

    // A meeting that overran: staying to the scheduled end is not leaving early.
    let mut scene = Scene::org().with_rows([ann("r", 0, 60)]);
    scene.schedule.actual_end = Some(t(90));
    assert_eq!(record(&scene.run(), ANN).status, AttendanceStatus::Present);
}

#[test]
fn thresholds_are_the_admins() {
    let mut scene = Scene::org().with_rows([ann("r", 8, 60)]);
    scene.thresholds.late_after = Duration::minutes(10);
    assert_eq!(record(&scene.run(), ANN).status, AttendanceStatus::Present);

    let mut scene = Scene::org().with_rows([ann("r", 0, 1)]);
    scene.thresholds.present_min = Duration::minutes(2);
    let out = scene.run();
    let r = record(&out, ANN);
    assert_eq!(
        r.status,
        AttendanceStatus::Absent,
        "one minute is below the minimum"
    );
    assert!(!r.attended);
    assert_eq!(r.presence.attended_seconds, 60, "the time is still shown");

    let mut scene = Scene::org().with_rows([ann("r", 0, 2)]);
    scene.thresholds.present_min = Duration::minutes(2);
    assert!(
        record(&scene.run(), ANN).attended,
        "exactly the minimum is enough"
    );
}

#[test]
fn a_zero_length_row_is_no_attendance() {
    let out = Scene::org().with_rows([ann("r", 20, 20)]).run();
    assert_eq!(record(&out, ANN).status, AttendanceStatus::Absent);
}

#[test]
fn an_uninvited_person_who_only_waited_is_still_listed_as_uninvited() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            zoom_user_id: s("zu-dan"),
            in_waiting_room: true,
            ..row("w", 0, 30)
        }])
        .run();
    let dan = record(&out, DAN);
    assert_eq!(
        dan.status,
        AttendanceStatus::Uninvited,
        "the admin sees who knocked"
    );
    assert!(!dan.attended);
    assert_eq!(dan.presence.attended_seconds, 0);
}
