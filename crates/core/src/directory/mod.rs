//! The people directory: people, their groups, and the CSV files admins import and export.
//!
//! Everything here is pure logic over bytes and slices; the store reads and writes the
//! database and hands the results to these functions.
//!
//! - [`csv_import::parse_people_csv`] reads a CSV file into good rows, row errors and warnings.
//! - [`import_plan::plan_import`] compares those rows with the people already stored and says
//!   what an import would add, update or leave alone (the preview the import wizard shows).
//! - [`csv_export::export_people_csv`] writes people back out, safe to open in a spreadsheet.

pub mod csv_export;
pub mod csv_import;
pub mod import_plan;
mod person_rules;

use serde::{Deserialize, Serialize};

pub use csv_export::{PersonExport, export_people_csv};
pub use csv_import::{
    ColumnMapping, Delimiter, FileError, ImportWarning, ParsedFile, PersonRow, RowError,
    parse_people_csv,
};
pub use import_plan::{
    ExistingPerson, FieldChange, ImportCounts, ImportPlan, ImportPreview, PersonUpdate, plan_import,
};

/// A field of a person that a CSV column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum PersonField {
    ExternalId,
    Email,
    FirstName,
    LastName,
    Groups,
    Active,
}

impl PersonField {
    pub const ALL: [PersonField; 6] = [
        PersonField::ExternalId,
        PersonField::Email,
        PersonField::FirstName,
        PersonField::LastName,
        PersonField::Groups,
        PersonField::Active,
    ];

    /// The column name our exports use, and the first name the import recognises.
    pub fn column_name(self) -> &'static str {
        match self {
            PersonField::ExternalId => "external_id",
            PersonField::Email => "email",
            PersonField::FirstName => "first_name",
            PersonField::LastName => "last_name",
            PersonField::Groups => "groups",
            PersonField::Active => "active",
        }
    }

    /// How the field is called in messages for admins.
    pub fn label(self) -> &'static str {
        match self {
            PersonField::ExternalId => "external id",
            PersonField::Email => "email address",
            PersonField::FirstName => "first name",
            PersonField::LastName => "last name",
            PersonField::Groups => "groups",
            PersonField::Active => "active",
        }
    }
}
