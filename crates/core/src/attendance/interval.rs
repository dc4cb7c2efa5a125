//! Interval union: rejoins and second devices must not count twice.

use chrono::{DateTime, Duration, Utc};

use super::model::{AttendanceRow, Presence, TimeSpan};

/// Merge intervals that overlap or touch (`a.end == b.start`) into their union, sorted by
/// start. A span whose end is before its start is read as empty at its start. Empty spans are
/// dropped unless they fall inside another span (they add no time either way).
pub fn merge_intervals(spans: &[TimeSpan]) -> Vec<TimeSpan> {
    let mut sorted: Vec<TimeSpan> = spans
        .iter()
        .map(|s| TimeSpan {
            start: s.start,
            end: s.end.max(s.start),
        })
        .filter(|s| s.end > s.start)
        .collect();
    sorted.sort_unstable();
    let mut merged: Vec<TimeSpan> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// The total length of intervals (assumed merged; for unmerged input this is the plain sum).
pub fn total_duration(spans: &[TimeSpan]) -> Duration {
    spans
        .iter()
        .fold(Duration::zero(), |acc, s| acc + (s.end - s.start))
}

/// Presence of a set of rows: waiting-room rows are counted but add no time; every other row
/// is a join; first join, last leave and the merged intervals come from the joins.
pub(crate) fn presence<'a>(rows: impl IntoIterator<Item = &'a AttendanceRow>) -> Presence {
    let mut spans = Vec::new();
    let mut joins = 0u32;
    let mut waiting = 0u32;
    let mut first: Option<DateTime<Utc>> = None;
    let mut last: Option<DateTime<Utc>> = None;
    for row in rows {
        if row.in_waiting_room {
            waiting += 1;
            continue;
        }
        joins += 1;
        let end = row.left_at.max(row.joined_at);
        first = Some(first.map_or(row.joined_at, |f| f.min(row.joined_at)));
        last = Some(last.map_or(end, |l| l.max(end)));
        spans.push(TimeSpan {
            start: row.joined_at,
            end,
        });
    }
    let intervals = merge_intervals(&spans);
    let seconds = total_duration(&intervals)
        .num_seconds()
        .clamp(0, i64::from(u32::MAX));
    Presence {
        first_join: first,
        last_leave: last,
        joins,
        waiting_room_rows: waiting,
        attended_seconds: u32::try_from(seconds).unwrap_or(u32::MAX),
        intervals,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn span(a: i64, b: i64) -> TimeSpan {
        let t = |m| Utc.timestamp_opt(1_700_000_000 + m * 60, 0).unwrap();
        TimeSpan {
            start: t(a),
            end: t(b),
        }
    }

    #[test]
    fn touching_and_overlapping_merge() {
        let merged = merge_intervals(&[span(10, 20), span(0, 5), span(5, 8), span(15, 30)]);
        assert_eq!(merged, vec![span(0, 8), span(10, 30)]);
        assert_eq!(total_duration(&merged), Duration::minutes(28));
    }

    #[test]
    fn inverted_and_empty_spans_add_nothing() {
        assert!(merge_intervals(&[span(5, 5), span(9, 3)]).is_empty());
    }
}
