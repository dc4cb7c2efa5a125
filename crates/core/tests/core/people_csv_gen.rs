//! A large people CSV file made up deterministically, with a known set of bad rows, for the
//! 100,000-row test and the `people_import` bench (which includes this file by path).

use std::io::Write as _;

use rollcall_core::directory::ExistingPerson;

pub const FIRST_NAMES: [&str; 8] = [
    "Ann", "Bob", "Chloé", "Dmitri", "Eve", "Farah", "Gus", "Hiro",
];
pub const LAST_NAMES: [&str; 6] = ["Lee", "O'Brien", "Núñez", "Smith, Jr.", "Tanaka", "Weiß"];

/// Every 1000th row (index 999, 1999, …) is bad, in one of these ways in turn.
pub const BAD_ROW_EVERY: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeededDefect {
    /// No `@` in the email.
    InvalidEmail,
    /// The previous row's external id again.
    DuplicateExternalId,
    /// A 65-character first name.
    OverlongFirstName,
    /// The last field is missing.
    MissingField,
    /// The external id starts with `=`.
    FormulaExternalId,
}

const DEFECTS: [SeededDefect; 5] = [
    SeededDefect::InvalidEmail,
    SeededDefect::DuplicateExternalId,
    SeededDefect::OverlongFirstName,
    SeededDefect::MissingField,
    SeededDefect::FormulaExternalId,
];

/// The defect seeded into row `index` (0-based, the header not counted), if any.
pub fn seeded_defect(index: usize) -> Option<SeededDefect> {
    (index % BAD_ROW_EVERY == BAD_ROW_EVERY - 1)
        .then(|| DEFECTS[(index / BAD_ROW_EVERY) % DEFECTS.len()])
}

/// The physical line of row `index`: the header is line 1 and no record spans lines.
pub fn line_of(index: usize) -> u64 {
    index as u64 + 2
}

pub fn external_id(index: usize) -> String {
    format!("P{index:06}")
}

/// `rows` people, comma-delimited, with groups, quoted names and a defect every 1000 rows.
pub fn generate_people_csv(rows: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows * 80);
    out.extend_from_slice(b"external_id,email,first_name,last_name,groups\n");
    for index in 0..rows {
        write_row(&mut out, index).expect("writing to a Vec cannot fail");
    }
    out
}

fn write_row(out: &mut Vec<u8>, index: usize) -> std::io::Result<()> {
    let first = FIRST_NAMES[index % FIRST_NAMES.len()];
    let last = LAST_NAMES[index % LAST_NAMES.len()];
    let (cohort, team) = (index % 20, index % 7);
    match seeded_defect(index) {
        None => writeln!(
            out,
            "P{index:06},person{index}@example.org,{first},\"{last}\",Cohort {cohort}; Team {team}"
        ),
        Some(SeededDefect::InvalidEmail) => writeln!(
            out,
            "P{index:06},person{index}.example.org,{first},\"{last}\",Cohort {cohort}"
        ),
        Some(SeededDefect::DuplicateExternalId) => writeln!(
            out,
            "P{:06},person{index}@example.org,{first},\"{last}\",",
            index - 1
        ),
        Some(SeededDefect::OverlongFirstName) => writeln!(
            out,
            "P{index:06},person{index}@example.org,{},\"{last}\",",
            "x".repeat(65)
        ),
        Some(SeededDefect::MissingField) => {
            writeln!(
                out,
                "P{index:06},person{index}@example.org,{first},\"{last}\""
            )
        }
        Some(SeededDefect::FormulaExternalId) => writeln!(
            out,
            "=P{index:06},person{index}@example.org,{first},\"{last}\","
        ),
    }
}

/// The first `count` people of the generated file as the directory would hold them, with
/// every 10th one's last name different (so the file updates it).
pub fn existing_people(count: usize) -> Vec<ExistingPerson> {
    (0..count)
        .map(|index| ExistingPerson {
            external_id: external_id(index),
            email: format!("person{index}@example.org"),
            first_name: FIRST_NAMES[index % FIRST_NAMES.len()].to_owned(),
            last_name: if index % 10 == 0 {
                "Before".to_owned()
            } else {
                LAST_NAMES[index % LAST_NAMES.len()].to_owned()
            },
            groups: vec![
                format!("Cohort {}", index % 20),
                format!("Team {}", index % 7),
            ],
            active: true,
        })
        .collect()
}
