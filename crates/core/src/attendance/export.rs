//! Attendance exports: CSV and XLSX, one row per person per instance.
//!
//! Every text cell is neutralised against formula injection (a cell starting with `=`, `+`,
//! `-`, `@`, tab or CR gets a leading `'`). The XLSX also writes every text cell as a string,
//! so a spreadsheet never evaluates it as a formula.
//!
//! `neutralize_formula` here is private: the shared one (`crate::export`) is on the `people`
//! branch, which does not merge cleanly into this one yet; the rules are the same.

use std::borrow::Cow;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::records::enum_str;
use super::views::InstanceView;
use crate::app::App;
use crate::error::{AppError, Result};

const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell made safe to open in a spreadsheet (same rule as the directory export).
pub fn neutralize_formula(cell: &str) -> Cow<'_, str> {
    if cell.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

pub const HEADER: [&str; 17] = [
    "meeting_id",
    "zoom_meeting_id",
    "topic",
    "instance_uuid",
    "scheduled_start",
    "scheduled_end",
    "external_id",
    "name",
    "email",
    "invited",
    "status",
    "first_join",
    "last_leave",
    "total_seconds",
    "total_minutes",
    "joins",
    "match_method",
];

/// The export's rows (text cells not yet neutralised; numbers as text).
pub fn rows(views: &[InstanceView]) -> Vec<Vec<String>> {
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for v in views {
        for l in &v.lines {
            out.push(vec![
                v.meeting.meeting_id.clone(),
                v.meeting.zoom_meeting_id.clone(),
                v.meeting.topic.clone(),
                v.instance.uuid.clone(),
                time(Some(v.instance.scheduled_start)),
                time(Some(v.instance.scheduled_end)),
                l.person.external_id.clone(),
                l.person.name.clone(),
                l.person.email.clone(),
                l.invited.to_string(),
                enum_str(&l.status),
                time(l.first_join),
                time(l.last_leave),
                l.total_seconds.to_string(),
                format!("{:.1}", f64::from(l.total_seconds) / 60.0),
                l.joins.to_string(),
                l.match_method.as_ref().map(enum_str).unwrap_or_default(),
            ]);
        }
    }
    out
}

/// Columns written as numbers in the XLSX.
const NUMERIC: [usize; 3] = [13, 14, 15];

pub fn to_csv(views: &[InstanceView]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).map_err(AppError::database)?;
    for row in rows(views) {
        w.write_record(row.iter().map(|c| neutralize_formula(c).into_owned()))
            .map_err(AppError::database)?;
    }
    w.into_inner().map_err(AppError::database)
}

pub fn to_xlsx(views: &[InstanceView]) -> Result<Vec<u8>> {
    let xl = |e: rust_xlsxwriter::XlsxError| AppError::database(e);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Attendance").map_err(xl)?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(xl)?;
    }
    for (r, row) in rows(views).iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
            let number = NUMERIC
                .contains(&c)
                .then(|| cell.parse::<f64>().ok())
                .flatten();
            match number {
                Some(n) => sheet.write_number(r, c as u16, n).map_err(xl)?,
                None => sheet
                    .write_string(r, c as u16, neutralize_formula(cell).as_ref())
                    .map_err(xl)?,
            };
        }
    }
    book.save_to_buffer().map_err(xl)
}

impl App {
    /// The meeting's attendance (every instance) as CSV or XLSX bytes.
    pub async fn export_attendance(&self, meeting: &str, format: ExportFormat) -> Result<Vec<u8>> {
        let views = self.meeting_attendance(meeting).await?;
        match format {
            ExportFormat::Csv => to_csv(&views),
            ExportFormat::Xlsx => to_xlsx(&views),
        }
    }

    /// Write the export to a file.
    pub async fn export_attendance_to(
        &self,
        meeting: &str,
        format: ExportFormat,
        path: &Path,
    ) -> Result<()> {
        let bytes = self.export_attendance(meeting, format).await?;
        std::fs::write(path, bytes).map_err(|e| {
            AppError::validation(format!(
                "Rollcall could not write {}: {e}. Choose another file or folder.",
                path.display()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for cell in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x"] {
            assert!(neutralize_formula(cell).starts_with('\''), "{cell:?}");
        }
        assert_eq!(neutralize_formula("Ann Lee"), "Ann Lee");
    }

    fn view_with(name: &str, email: &str) -> InstanceView {
        use super::super::model::{AttendanceStatus, MatchMethod, PersonId};
        use super::super::views::{
            AttendanceInstance, AttendanceLine, InstanceState, MeetingRef, PersonRef,
        };
        let t = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        InstanceView {
            meeting: MeetingRef {
                meeting_id: "1".into(),
                zoom_meeting_id: "81234567890".into(),
                topic: "@Board".into(),
            },
            instance: AttendanceInstance {
                uuid: "abc==".into(),
                occurrence_id: None,
                started_at: t,
                ended_at: None,
                scheduled_start: t,
                scheduled_end: t,
                state: InstanceState::Fetched,
                source: None,
                retry_at: None,
                last_error: None,
            },
            lines: vec![AttendanceLine {
                person: PersonRef {
                    person_id: PersonId(1),
                    external_id: "-1".into(),
                    name: name.into(),
                    email: email.into(),
                },
                invited: true,
                attended: true,
                status: AttendanceStatus::Present,
                late: false,
                left_early: false,
                first_join: Some(t),
                last_leave: Some(t),
                total_seconds: 90,
                joins: 1,
                match_method: Some(MatchMethod::RegistrationId),
                rule_id: None,
                intervals: Vec::new(),
            }],
            guests: Vec::new(),
            unidentified: Vec::new(),
        }
    }

    #[test]
    fn csv_cells_are_neutralised_and_numbers_kept() {
        let views = [view_with("=HYPERLINK(\"http://x\")", "+1@x.org")];
        let text = String::from_utf8(to_csv(&views).unwrap()).unwrap();
        let row = text.lines().nth(1).unwrap();
        assert!(row.contains("'=HYPERLINK"), "{row}");
        assert!(row.contains("'+1@x.org"), "{row}");
        assert!(row.contains("'@Board"), "{row}");
        assert!(row.contains("'-1"), "{row}");
        assert!(row.contains(",90,1.5,1,registrationId"), "{row}");
        let xlsx = to_xlsx(&views).unwrap();
        assert!(xlsx.starts_with(b"PK"));
    }
}
