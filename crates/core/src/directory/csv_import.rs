//! Reading a people CSV file exported from a spreadsheet or another system.
//!
//! The file is read in one pass: the encoding is checked first (so every later message can
//! name a line), the delimiter is guessed from the header line, the header is mapped to
//! person fields, and each record becomes either a [`PersonRow`] or one or more
//! [`RowError`]s. Nothing is written anywhere: [`super::import_plan::plan_import`] decides
//! what the rows would change.
//!
//! Spreadsheet formulas: a first name, last name or groups cell that starts with `=`, `+`,
//! `-` or `@` is imported as text with a warning, because people do have such names and the
//! export neutralises them ([`crate::export::neutralize_formula`]). An external id or email
//! that starts with one is rejected: it cannot be a valid value. A leading `'` that our own
//! export added before such a character is removed again, so export → import round-trips.

use std::collections::HashMap;

use serde::Serialize;
use thiserror::Error;

use super::PersonField;
use super::person_rules::{
    email_key, email_problem, external_id_problem, field_for_header, formula_start, name_problem,
    parse_active, quoted, split_groups,
};
use crate::export::strip_neutralization;

/// A problem with the whole file: nothing in it can be imported until it is fixed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    #[error("The file is empty.")]
    Empty,
    #[error(
        "The file is UTF-16 text (spreadsheets call it 'Unicode text'), not UTF-8. \
         Save it as 'CSV UTF-8' from your spreadsheet and try again."
    )]
    Utf16,
    #[error(
        "The file is not UTF-8 text (byte {byte} on line {line}). \
         Save it as 'CSV UTF-8' from your spreadsheet and try again."
    )]
    NotUtf8 {
        /// The physical line, counting from 1.
        line: u64,
        /// The first byte that is not UTF-8, counting from 1 at the start of that line.
        byte: u64,
    },
    #[error(
        "The file has no {} column. Columns found: {}. {}",
        .missing.join(" or "),
        list_or_none(.found),
        missing_column_hint(.missing)
    )]
    MissingColumns {
        /// The required columns that are missing, by their export names (`external_id`, `email`).
        missing: Vec<String>,
        /// The header cells as written in the file.
        found: Vec<String>,
    },
    #[error(
        "Two columns, '{first}' and '{second}', both hold the {}. Remove or rename one of them.",
        .field.label()
    )]
    DuplicateColumn {
        field: PersonField,
        first: String,
        second: String,
    },
    #[error("The file cannot be read as CSV near line {line}: {detail}")]
    Unreadable { line: u64, detail: String },
}

fn list_or_none(found: &[String]) -> String {
    if found.is_empty() {
        "none".to_owned()
    } else {
        found
            .iter()
            .map(|f| format!("'{f}'"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn missing_column_hint(missing: &[String]) -> &'static str {
    if missing.iter().any(|m| m == "external_id") {
        "The first line must name the columns, with one called external_id (or id, user_id) \
         and one called email (or e-mail, email address)."
    } else {
        "The first line must name the columns, with one called email (or e-mail, email address)."
    }
}

/// The character between fields, guessed from the header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    fn name(self) -> &'static str {
        match self {
            Delimiter::Comma => "comma",
            Delimiter::Semicolon => "semicolon",
            Delimiter::Tab => "tab",
        }
    }
}

/// One header cell and the person field it was read as (`None`: ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// The header cell as written in the file (trimmed).
    pub header: String,
    pub field: Option<PersonField>,
}

/// A row that was read without problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PersonRow {
    /// The physical line where the record starts, counting the header as line 1.
    #[specta(type = u32)]
    pub line: u64,
    /// Trimmed; unique within the file.
    pub external_id: String,
    /// As typed (trimmed); compared without regard to case.
    pub email: String,
    /// Empty when the cell is empty or the file has no such column
    /// (see [`ParsedFile::has_column`]).
    pub first_name: String,
    pub last_name: String,
    /// Trimmed, without empty names or duplicates, in the order written.
    pub groups: Vec<String>,
    /// `None` when the file has no `active` column or the cell is empty.
    pub active: Option<bool>,
}

/// A record that was not imported, and why, in words for an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// The physical line where the record starts, counting the header as line 1.
    #[specta(type = u32)]
    pub line: u64,
    /// The header of the offending column as written in the file; `None` for the whole row.
    pub column: Option<String>,
    pub reason: String,
}

/// Something the admin should know that does not stop a row (or the file) from importing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportWarning {
    /// `None` for the whole file.
    #[specta(type = Option<u32>)]
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

/// What was read from a file: the good rows, the rejected ones, and warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ParsedFile {
    pub delimiter: Delimiter,
    /// Every header cell in file order, and what it was read as.
    pub columns: Vec<ColumnMapping>,
    pub rows: Vec<PersonRow>,
    /// In line order; a row can have several (one per bad cell).
    pub errors: Vec<RowError>,
    pub warnings: Vec<ImportWarning>,
}

impl ParsedFile {
    /// Whether the file has a column for `field`. A missing optional column leaves that
    /// field of existing people as it is; an empty cell in a present column clears it.
    pub fn has_column(&self, field: PersonField) -> bool {
        self.column_header(field).is_some()
    }

    /// The header, as written in the file, of the column read as `field`.
    pub fn column_header(&self, field: PersonField) -> Option<&str> {
        self.columns
            .iter()
            .find(|c| c.field == Some(field))
            .map(|c| c.header.as_str())
    }
}

/// Reads a people CSV file. See the module documentation for the rules.
///
/// # Errors
/// A [`FileError`] when the file as a whole cannot be read: empty, not UTF-8, or without
/// an external id or email column. Problems with single rows are in [`ParsedFile::errors`].
pub fn parse_people_csv(bytes: &[u8]) -> Result<ParsedFile, FileError> {
    let text = decode_utf8(bytes)?;
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    let delimiter = detect_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter.byte())
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    if !read_record(&mut reader, &mut record)? {
        return Err(FileError::Empty);
    }
    let mut lines = LineCounter::new(text);
    let header_line = lines.line_at(record.position().map_or(0, csv::Position::byte));
    let header = Header::read(&record)?;

    let mut file = ParsedFile {
        delimiter,
        columns: header.mappings(),
        rows: Vec::with_capacity(text.len() / 64),
        errors: Vec::new(),
        warnings: header
            .unknown_columns_warning(header_line)
            .into_iter()
            .collect(),
    };
    let mut seen = SeenInFile::default();
    let mut blank_records = 0_u64;
    while read_record(&mut reader, &mut record)? {
        let line = lines.line_at(record.position().map_or(0, csv::Position::byte));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            // Spreadsheets save trailing empty rows as ",,,,"; they are not people.
            blank_records += 1;
            continue;
        }
        let mut row = RowReader {
            header: &header,
            delimiter,
            line,
            file: &mut file,
        };
        row.read(&record, &mut seen);
    }
    add_closing_notices(&mut file, blank_records);
    Ok(file)
}

/// Physical line numbers of records, counted from the text. The csv reader's own count is
/// one short after a CRLF: it ends a record at the CR and counts the LF into the next one.
struct LineCounter<'t> {
    text: &'t [u8],
    counted_to: usize,
    line: u64,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            counted_to: 0,
            line: 1,
        }
    }

    /// The line of the record the reader says starts at `byte`. The reader may place the
    /// start before the line ends (and blank lines) that precede the record, so those are
    /// skipped first. Records come in order, so each byte is counted once.
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut start = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.counted_to {
            let newlines = self.text[self.counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines as u64;
            self.counted_to = start;
        }
        self.line
    }
}

fn read_record(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut csv::StringRecord,
) -> Result<bool, FileError> {
    reader
        .read_record(record)
        .map_err(|e| FileError::Unreadable {
            line: e.position().map_or(0, csv::Position::line),
            detail: e.to_string(),
        })
}

fn add_closing_notices(file: &mut ParsedFile, blank_records: u64) {
    if file.rows.is_empty() && file.errors.is_empty() {
        file.warnings.push(ImportWarning {
            line: None,
            column: None,
            message: "The file has a header but no people in it.".to_owned(),
        });
    }
    if blank_records > 0 {
        file.warnings.push(ImportWarning {
            line: None,
            column: None,
            message: format!("{blank_records} empty row(s) were skipped."),
        });
    }
}

/// The file as UTF-8 text without its byte order mark, or the reason it is not.
fn decode_utf8(bytes: &[u8]) -> Result<&str, FileError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::Utf16);
    }
    if looks_like_utf16_without_bom(bytes) {
        return Err(FileError::Utf16);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let bad = e.valid_up_to();
        let before = &bytes[..bad];
        let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |newline| newline + 1);
        FileError::NotUtf8 {
            line,
            byte: (bad - line_start) as u64 + 1,
        }
    })
}

/// UTF-16 text without a byte order mark is valid UTF-8 (NUL is a character), so it would
/// otherwise fail later as a file without the right columns. In UTF-16, ASCII text has a
/// zero in every other byte; a CSV file never contains NUL.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let start = &bytes[..bytes.len().min(64)];
    let zeros_at = |parity: usize| {
        start
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = start.len() / 2;
    pairs >= 2 && (zeros_at(0) * 2 > pairs || zeros_at(1) * 2 > pairs)
}

/// Guesses the delimiter from the first line (outside quotes): the most frequent of comma,
/// semicolon and tab, comma when none or tied. Excel writes semicolons in locales where the
/// comma is the decimal separator, and "Unicode text" exports use tabs.
fn detect_delimiter(text: &str) -> Delimiter {
    let (mut commas, mut semicolons, mut tabs) = (0_usize, 0_usize, 0_usize);
    let mut in_quotes = false;
    for byte in text.bytes() {
        match byte {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            b',' if !in_quotes => commas += 1,
            b';' if !in_quotes => semicolons += 1,
            b'\t' if !in_quotes => tabs += 1,
            _ => {}
        }
    }
    if semicolons > commas && semicolons >= tabs {
        Delimiter::Semicolon
    } else if tabs > commas && tabs > semicolons {
        Delimiter::Tab
    } else {
        Delimiter::Comma
    }
}

/// The header row: the cells as written and which column holds which field.
struct Header {
    cells: Vec<String>,
    /// The person field of each column, in file order.
    fields: Vec<Option<PersonField>>,
    /// The column of each person field, indexed by `PersonField as usize` (looked up for
    /// every cell of every row, so an array rather than a map).
    column_of: [Option<usize>; PersonField::ALL.len()],
}

impl Header {
    fn read(record: &csv::StringRecord) -> Result<Self, FileError> {
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        let fields: Vec<Option<PersonField>> =
            cells.iter().map(|cell| field_for_header(cell)).collect();
        let mut column_of: [Option<usize>; PersonField::ALL.len()] = [None; PersonField::ALL.len()];
        for (at, field) in fields.iter().enumerate() {
            let Some(field) = *field else { continue };
            if let Some(first) = column_of[field as usize] {
                return Err(FileError::DuplicateColumn {
                    field,
                    first: cells[first].clone(),
                    second: cells[at].clone(),
                });
            }
            column_of[field as usize] = Some(at);
        }
        let missing: Vec<String> = [PersonField::ExternalId, PersonField::Email]
            .into_iter()
            .filter(|&field| column_of[field as usize].is_none())
            .map(|field| field.column_name().to_owned())
            .collect();
        if !missing.is_empty() {
            let found = cells.iter().filter(|c| !c.is_empty()).cloned().collect();
            return Err(FileError::MissingColumns { missing, found });
        }
        Ok(Header {
            cells,
            fields,
            column_of,
        })
    }

    fn mappings(&self) -> Vec<ColumnMapping> {
        self.cells
            .iter()
            .zip(&self.fields)
            .map(|(header, &field)| ColumnMapping {
                header: header.clone(),
                field,
            })
            .collect()
    }

    fn unknown_columns_warning(&self, header_line: u64) -> Option<ImportWarning> {
        let unknown: Vec<String> = (0..self.cells.len())
            .filter(|&at| self.fields[at].is_none())
            .map(|at| match self.cells[at].as_str() {
                "" => format!("(unnamed column {})", at + 1),
                name => format!("'{name}'"),
            })
            .collect();
        (!unknown.is_empty()).then(|| ImportWarning {
            line: Some(header_line),
            column: None,
            message: format!(
                "These columns are not person fields and were ignored: {}.",
                unknown.join(", ")
            ),
        })
    }

    fn column(&self, field: PersonField) -> Option<usize> {
        self.column_of[field as usize]
    }

    fn name(&self, field: PersonField) -> String {
        self.column(field)
            .map(|at| self.cells[at].clone())
            .unwrap_or_default()
    }
}

/// External ids and emails already used by earlier rows, with the line that used them.
#[derive(Default)]
struct SeenInFile {
    external_ids: HashMap<String, u64>,
    emails: HashMap<String, u64>,
}

/// Reads one record into a row or errors.
struct RowReader<'a> {
    header: &'a Header,
    delimiter: Delimiter,
    line: u64,
    file: &'a mut ParsedFile,
}

impl RowReader<'_> {
    fn read(&mut self, record: &csv::StringRecord, seen: &mut SeenInFile) {
        let expected = self.header.cells.len();
        if record.len() != expected {
            self.reject_row(format!(
                "This row has {} but the header has {expected}. Look for a missing or \
                 extra {}, or a value containing a {} that is not in double quotes.",
                fields_count(record.len()),
                self.delimiter.name(),
                self.delimiter.name(),
            ));
            return;
        }
        let errors_before = self.file.errors.len();

        let external_id = self.external_id(record, seen);
        let email = self.email(record, seen);
        let first_name = self.name(record, PersonField::FirstName);
        let last_name = self.name(record, PersonField::LastName);
        let groups = self.groups(record);
        let active = self.active(record);

        if self.file.errors.len() != errors_before {
            return;
        }
        if let (Some(external_id), Some(email), Some(first_name), Some(last_name), Some(active)) =
            (external_id, email, first_name, last_name, active)
        {
            self.file.rows.push(PersonRow {
                line: self.line,
                external_id: external_id.to_owned(),
                email: email.to_owned(),
                first_name: first_name.to_owned(),
                last_name: last_name.to_owned(),
                groups,
                active,
            });
        }
    }

    /// The trimmed cell for `field` ("" when the file has no such column), with the
    /// apostrophe our export puts before a formula character removed.
    fn cell<'r>(&self, record: &'r csv::StringRecord, field: PersonField) -> &'r str {
        let value = self
            .header
            .column(field)
            .and_then(|at| record.get(at))
            .unwrap_or("");
        strip_neutralization(value.trim())
    }

    /// The first occurrence of an id claims it even when its row is rejected for another
    /// reason: the file has the id twice either way, and the admin should see both lines.
    fn external_id<'r>(
        &mut self,
        record: &'r csv::StringRecord,
        seen: &mut SeenInFile,
    ) -> Option<&'r str> {
        let id = self.cell(record, PersonField::ExternalId);
        if let Some(problem) = external_id_problem(id) {
            self.reject(PersonField::ExternalId, problem);
            return None;
        }
        if let Some(&first_line) = seen.external_ids.get(id) {
            self.reject(
                PersonField::ExternalId,
                format!(
                    "The external id {} is already used on line {first_line}; \
                     only the first row with an id is imported.",
                    quoted(id)
                ),
            );
            return None;
        }
        seen.external_ids.insert(id.to_owned(), self.line);
        Some(id)
    }

    fn email<'r>(
        &mut self,
        record: &'r csv::StringRecord,
        seen: &mut SeenInFile,
    ) -> Option<&'r str> {
        let email = self.cell(record, PersonField::Email);
        if let Some(problem) = email_problem(email) {
            self.reject(PersonField::Email, problem);
            return None;
        }
        let key = email_key(email);
        if let Some(&first_line) = seen.emails.get(key.as_ref()) {
            self.reject(
                PersonField::Email,
                format!(
                    "The email address {} is already used on line {first_line}; \
                     two people cannot share an email address.",
                    quoted(email)
                ),
            );
            return None;
        }
        seen.emails.insert(key.into_owned(), self.line);
        Some(email)
    }

    fn name<'r>(&mut self, record: &'r csv::StringRecord, field: PersonField) -> Option<&'r str> {
        let name = self.cell(record, field);
        if let Some(problem) = name_problem(field, name) {
            self.reject(field, problem);
            return None;
        }
        self.warn_if_formula(field, name);
        Some(name)
    }

    fn groups(&mut self, record: &csv::StringRecord) -> Vec<String> {
        let cell = self.cell(record, PersonField::Groups);
        self.warn_if_formula(PersonField::Groups, cell);
        split_groups(cell, self.delimiter.byte())
    }

    fn active(&mut self, record: &csv::StringRecord) -> Option<Option<bool>> {
        match parse_active(self.cell(record, PersonField::Active)) {
            Ok(active) => Some(active),
            Err(problem) => {
                self.reject(PersonField::Active, problem);
                None
            }
        }
    }

    fn warn_if_formula(&mut self, field: PersonField, value: &str) {
        if let Some(c) = formula_start(value) {
            self.file.warnings.push(ImportWarning {
                line: Some(self.line),
                column: Some(self.header.name(field)),
                message: format!(
                    "The {} {} starts with '{c}', which spreadsheets read as a formula. \
                     It is imported as text and exported with a leading ' so it cannot run.",
                    field.label(),
                    quoted(value)
                ),
            });
        }
    }

    fn reject(&mut self, field: PersonField, reason: String) {
        self.file.errors.push(RowError {
            line: self.line,
            column: Some(self.header.name(field)),
            reason,
        });
    }

    fn reject_row(&mut self, reason: String) {
        self.file.errors.push(RowError {
            line: self.line,
            column: None,
            reason,
        });
    }
}

fn fields_count(n: usize) -> String {
    if n == 1 {
        "1 field".to_owned()
    } else {
        format!("{n} fields")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_most_frequent_outside_quotes() {
        assert_eq!(detect_delimiter("id,email\n1;2;3"), Delimiter::Comma);
        assert_eq!(
            detect_delimiter("id;email;\"a,b,c\"\n"),
            Delimiter::Semicolon
        );
        assert_eq!(detect_delimiter("id\temail\n"), Delimiter::Tab);
        assert_eq!(detect_delimiter("id\n"), Delimiter::Comma);
    }

    #[test]
    fn utf16_without_a_bom_is_recognised() {
        let le: Vec<u8> = "id,email\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "id,email\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode_utf8(&le), Err(FileError::Utf16));
        assert_eq!(decode_utf8(&be), Err(FileError::Utf16));
        assert!(decode_utf8(b"id,email\n").is_ok());
    }

    #[test]
    fn invalid_utf8_names_the_line_and_byte() {
        let err = decode_utf8(b"id,email\n1,caf\xE9@x.com\n").unwrap_err();
        assert_eq!(err, FileError::NotUtf8 { line: 2, byte: 6 });
    }
}
