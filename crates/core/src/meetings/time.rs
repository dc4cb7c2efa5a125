//! Times are entered and shown in the meeting's time zone and stored in UTC.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::error::{AppError, Result};

/// A time zone name as the IANA database spells it ("Europe/Berlin").
pub fn parse_zone(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        AppError::validation(format!(
            "\"{name}\" is not a time zone Rollcall knows. Use a name such as Europe/Berlin or \
             America/New_York."
        ))
    })
}

/// "2026-12-01T15:00", "2026-12-01 15:00" or with seconds.
pub fn parse_local(text: &str) -> Result<NaiveDateTime> {
    let text = text.trim();
    for format in [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t);
        }
    }
    Err(AppError::validation(format!(
        "\"{text}\" is not a date and time. Write it as 2026-12-01T15:00."
    )))
}

/// The UTC instant of a wall-clock time in `zone`. A time that happens twice (clocks go back)
/// is the first of the two; a time that does not exist (clocks go forward) is refused.
pub fn local_to_utc(local: NaiveDateTime, zone: Tz) -> Result<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&Utc)),
        LocalResult::None => Err(AppError::validation(format!(
            "{} does not exist in {zone}: the clocks move forward then. Choose another time.",
            local.format("%Y-%m-%d %H:%M")
        ))),
    }
}

/// The wall-clock time of `t` in `zone`.
pub fn utc_to_local(t: DateTime<Utc>, zone: Tz) -> NaiveDateTime {
    t.with_timezone(&zone).naive_local()
}

/// How the front ends show a meeting time: "2026-12-01 15:00".
pub fn show_local(t: DateTime<Utc>, zone: Tz) -> String {
    utc_to_local(t, zone).format("%Y-%m-%d %H:%M").to_string()
}

/// The end of a local day, in UTC (a recurrence "until" date).
pub fn end_of_local_day(date: NaiveDate, zone: Tz) -> Result<DateTime<Utc>> {
    let local = date.and_time(NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default());
    local_to_utc(local, zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        parse_local(text).unwrap()
    }

    #[test]
    fn berlin_winter_afternoon_is_an_hour_ahead_of_utc() {
        let berlin = parse_zone("Europe/Berlin").unwrap();
        let utc = local_to_utc(at("2026-12-01T15:00"), berlin).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-12-01T14:00:00+00:00");
        assert_eq!(show_local(utc, berlin), "2026-12-01 15:00");
    }

    #[test]
    fn berlin_summer_afternoon_is_two_hours_ahead() {
        let berlin = parse_zone("Europe/Berlin").unwrap();
        let utc = local_to_utc(at("2026-07-01 15:00"), berlin).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-07-01T13:00:00+00:00");
    }

    #[test]
    fn the_hour_skipped_in_spring_is_refused_with_the_reason() {
        // 2026-03-29 02:00 → 03:00 in Berlin.
        let berlin = parse_zone("Europe/Berlin").unwrap();
        let err = local_to_utc(at("2026-03-29T02:30"), berlin).unwrap_err();
        assert!(
            err.message.contains("clocks move forward"),
            "{}",
            err.message
        );
        let before = local_to_utc(at("2026-03-29T01:59"), berlin).unwrap();
        let after = local_to_utc(at("2026-03-29T03:00"), berlin).unwrap();
        assert_eq!(before.to_rfc3339(), "2026-03-29T00:59:00+00:00");
        assert_eq!(after.to_rfc3339(), "2026-03-29T01:00:00+00:00");
    }

    #[test]
    fn the_hour_repeated_in_autumn_is_its_first_pass() {
        // 2026-10-25 03:00 → 02:00 in Berlin: 02:30 happens at 00:30 and at 01:30 UTC.
        let berlin = parse_zone("Europe/Berlin").unwrap();
        let utc = local_to_utc(at("2026-10-25T02:30"), berlin).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        assert_eq!(show_local(utc, berlin), "2026-10-25 02:30");
    }

    #[test]
    fn new_york_changes_on_its_own_dates() {
        let ny = parse_zone("America/New_York").unwrap();
        // 2026-03-08: US clocks move forward; Europe's still have not.
        let before = local_to_utc(at("2026-03-07T09:00"), ny).unwrap();
        let after = local_to_utc(at("2026-03-09T09:00"), ny).unwrap();
        assert_eq!(before.to_rfc3339(), "2026-03-07T14:00:00+00:00");
        assert_eq!(after.to_rfc3339(), "2026-03-09T13:00:00+00:00");
    }

    #[test]
    fn unknown_zones_and_bad_times_say_what_to_write() {
        assert!(
            parse_zone("Mars/Olympus")
                .unwrap_err()
                .message
                .contains("Europe/Berlin")
        );
        assert!(
            parse_local("tomorrow")
                .unwrap_err()
                .message
                .contains("2026-12-01T15:00")
        );
    }
}
