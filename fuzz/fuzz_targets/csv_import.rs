//! The people CSV import: any bytes an admin might pick (wrong encoding, odd delimiters, huge
//! cells, quotes gone wrong) are parsed and planned against an existing directory with typed
//! per-row errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rollcall_core::directory::csv_import::parse_people_csv;
use rollcall_core::directory::import_plan::{ExistingPerson, plan_import};

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

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = parse_people_csv(data) {
        let plan = plan_import(&parsed, &existing());
        // Every rejected row points at a line of the file.
        for error in &plan.errors {
            assert!(error.line >= 1);
        }
    }
});
