//! Writing the directory as a CSV file that spreadsheets open safely and that
//! [`super::csv_import::parse_people_csv`] reads back unchanged.

use std::io::Write;

use super::PersonField;
use crate::export::neutralize_formula;

/// A person as written to the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonExport {
    pub external_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub groups: Vec<String>,
    pub active: bool,
}

const COLUMNS: [PersonField; 6] = PersonField::ALL;

/// Writes `people` as CSV: a UTF-8 byte order mark (so Excel reads accents correctly), a
/// header with our column names, CRLF line ends and RFC 4180 quoting. Every cell goes
/// through [`neutralize_formula`]. Groups are joined with `; `, active is `yes`/`no`.
///
/// A group name that itself contains `;` or `|` cannot survive the round trip (it is read
/// back as two groups).
///
/// # Errors
/// Whatever `w` returns when writing fails.
pub fn export_people_csv(people: &[PersonExport], mut w: impl Write) -> std::io::Result<()> {
    w.write_all(b"\xEF\xBB\xBF")?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(w);
    csv.write_record(COLUMNS.map(PersonField::column_name))
        .map_err(into_io)?;
    let mut groups = String::new();
    for person in people {
        groups.clear();
        for (at, group) in person.groups.iter().enumerate() {
            if at > 0 {
                groups.push_str("; ");
            }
            groups.push_str(group);
        }
        let active = if person.active { "yes" } else { "no" };
        let cells = [
            person.external_id.as_str(),
            person.email.as_str(),
            person.first_name.as_str(),
            person.last_name.as_str(),
            groups.as_str(),
            active,
        ];
        csv.write_record(cells.map(neutralize_formula).iter().map(|c| c.as_bytes()))
            .map_err(into_io)?;
    }
    csv.flush()
}

fn into_io(error: csv::Error) -> std::io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
