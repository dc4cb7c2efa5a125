//! Entry points for the fuzz targets (`fuzz/`), shared with the stable replay of their seeds
//! (`tests/reliability`), so that every `./scripts/test` run feeds each seed and past find
//! through the exact code the fuzzer exercises. Not part of the API the front ends use.

use crate::directory::csv_import::parse_people_csv;
use crate::directory::import_plan::{ExistingPerson, plan_import};

/// The `csv_import` target: any bytes an admin might pick (wrong encoding, odd delimiters, huge
/// cells, quotes gone wrong) are parsed and planned against an existing directory with typed
/// per-row errors, never a panic.
pub fn csv_import(data: &[u8]) {
    if let Ok(parsed) = parse_people_csv(data) {
        let plan = plan_import(&parsed, &existing());
        // Every rejected row points at a line of the file.
        for error in &plan.errors {
            assert!(error.line >= 1, "a rejected row without a line: {error:?}");
        }
    }
}

/// A small directory with the cases a plan must tell apart: a group member, an inactive person
/// whose email differs only in case, and a person with no id, no email and an empty group name.
fn existing() -> Vec<ExistingPerson> {
    let person = |id: &str, email: &str, groups: &[&str], active: bool| ExistingPerson {
        external_id: id.into(),
        email: email.into(),
        first_name: "Ada".into(),
        last_name: "Lovelace".into(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        active,
    };
    vec![
        person("p1", "ada@example.org", &["Choir"], true),
        person("p2", "GRACE@example.org", &[], false),
        person("", "", &["", "Staff"], true),
    ]
}
