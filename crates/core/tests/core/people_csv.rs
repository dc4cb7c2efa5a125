//! The people directory's CSV import and export, as specifications.
//!
//! - the corpus: each file in `tests/fixtures/people-csv/` gives exactly the outcome its
//!   entry in `expected.json` lists;
//! - the import plan: adds, updates (with old → new), unchanged, and conflicts with the store;
//! - the export: header, quoting, formula neutralisation, and export → import round trips;
//! - a generated 100,000-row file with seeded bad rows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use rollcall_core::directory::{
    ExistingPerson, FileError, ImportPlan, ImportPreview, ParsedFile, PersonExport, PersonField,
    PersonRow, export_people_csv, parse_people_csv, plan_import,
};
use rollcall_core::export::neutralize_formula;
use serde::Deserialize;

use crate::people_csv_gen::{
    BAD_ROW_EVERY, SeededDefect, existing_people, external_id, generate_people_csv, line_of,
    seeded_defect,
};

// ---------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/people-csv")
}

/// `[line, column as written in the header, message substring]`.
type ListedMessage = (Option<u64>, Option<String>, String);

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExpectedOutcome {
    about: String,
    file_error: Option<String>,
    existing: Option<Vec<StoredPerson>>,
    good_ids: Option<Vec<String>>,
    errors: Option<Vec<(u64, Option<String>, String)>>,
    warnings: Option<Vec<ListedMessage>>,
    plan: Option<PlannedIds>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StoredPerson {
    external_id: String,
    email: String,
    first_name: String,
    last_name: String,
    groups: Vec<String>,
    active: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlannedIds {
    adds: Vec<String>,
    updates: Vec<String>,
    unchanged: Vec<String>,
}

fn expected_outcomes() -> BTreeMap<String, ExpectedOutcome> {
    let text = std::fs::read_to_string(corpus_dir().join("expected.json")).unwrap();
    let mut entries: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
    entries.remove("$comment");
    entries
        .into_iter()
        .map(|(file, value)| {
            let outcome = serde_json::from_value(value)
                .unwrap_or_else(|e| panic!("expected.json entry {file}: {e}"));
            (file, outcome)
        })
        .collect()
}

#[test]
fn every_corpus_file_has_an_expected_outcome() {
    let expected = expected_outcomes();
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".csv"))
        .collect();
    files.sort();
    let listed: Vec<String> = expected.keys().cloned().collect();
    assert_eq!(
        files, listed,
        "files in the corpus vs entries in expected.json"
    );
}

#[test]
fn each_corpus_file_gives_exactly_its_expected_outcome() {
    let mut failures = Vec::new();
    for (file, expected) in expected_outcomes() {
        let bytes = std::fs::read(corpus_dir().join(&file)).unwrap();
        if let Err(why) = check_outcome(&bytes, &expected) {
            failures.push(format!("{file} ({}):\n  {why}", expected.about));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn check_outcome(bytes: &[u8], expected: &ExpectedOutcome) -> Result<(), String> {
    let parsed = parse_people_csv(bytes);
    if let Some(message) = &expected.file_error {
        return match parsed {
            Err(error) if error.to_string().contains(message.as_str()) => Ok(()),
            Err(error) => Err(format!(
                "file error {:?} lacks {message:?}",
                error.to_string()
            )),
            Ok(file) => Err(format!("expected a file error, got {file:#?}")),
        };
    }
    let parsed = parsed.map_err(|e| format!("unexpected file error: {e}"))?;
    let (good_ids, errors, warnings) = match &expected.existing {
        None => (
            parsed.rows.iter().map(|r| r.external_id.clone()).collect(),
            parsed.errors.clone(),
            parsed.warnings.clone(),
        ),
        Some(stored) => {
            let existing: Vec<ExistingPerson> = stored.iter().map(existing_from).collect();
            let plan = plan_import(&parsed, &existing);
            if let Some(ids) = &expected.plan {
                check_plan_ids(&plan, ids)?;
            }
            (accepted_ids(&plan), plan.errors, plan.warnings)
        }
    };
    if Some(&good_ids) != expected.good_ids.as_ref() {
        return Err(format!(
            "good ids {good_ids:?}, expected {:?}",
            expected.good_ids
        ));
    }
    let actual: Vec<_> = errors
        .iter()
        .map(|e| (Some(e.line), e.column.clone(), e.reason.clone()))
        .collect();
    let wanted: Vec<_> = expected
        .errors
        .iter()
        .flatten()
        .map(|(l, c, r)| (Some(*l), c.clone(), r.clone()))
        .collect();
    matches_exactly("errors", &actual, &wanted)?;
    let actual: Vec<_> = warnings
        .iter()
        .map(|w| (w.line, w.column.clone(), w.message.clone()))
        .collect();
    matches_exactly(
        "warnings",
        &actual,
        expected.warnings.as_deref().unwrap_or_default(),
    )
}

/// Same count, and in order each has the same line and column and contains the wanted text.
fn matches_exactly(
    what: &str,
    actual: &[ListedMessage],
    wanted: &[ListedMessage],
) -> Result<(), String> {
    let same = actual.len() == wanted.len()
        && actual
            .iter()
            .zip(wanted)
            .all(|((al, ac, at), (wl, wc, wt))| al == wl && ac == wc && at.contains(wt.as_str()));
    if same {
        Ok(())
    } else {
        Err(format!(
            "{what}:\n    got      {actual:?}\n    expected {wanted:?}"
        ))
    }
}

fn check_plan_ids(plan: &ImportPlan, ids: &PlannedIds) -> Result<(), String> {
    let adds: Vec<&str> = plan.adds.iter().map(|r| r.external_id.as_str()).collect();
    let updates: Vec<&str> = plan
        .updates
        .iter()
        .map(|u| u.row.external_id.as_str())
        .collect();
    let unchanged: Vec<&str> = plan
        .unchanged
        .iter()
        .map(|r| r.external_id.as_str())
        .collect();
    if adds != ids.adds || updates != ids.updates || unchanged != ids.unchanged {
        return Err(format!(
            "plan adds {adds:?} updates {updates:?} unchanged {unchanged:?}, expected {ids:?}"
        ));
    }
    Ok(())
}

/// The ids the plan would write or confirm, in file order.
fn accepted_ids(plan: &ImportPlan) -> Vec<String> {
    let mut rows: Vec<&PersonRow> = plan.adds.iter().chain(&plan.unchanged).collect();
    rows.extend(plan.updates.iter().map(|u| &u.row));
    rows.sort_by_key(|r| r.line);
    rows.into_iter().map(|r| r.external_id.clone()).collect()
}

fn existing_from(stored: &StoredPerson) -> ExistingPerson {
    ExistingPerson {
        external_id: stored.external_id.clone(),
        email: stored.email.clone(),
        first_name: stored.first_name.clone(),
        last_name: stored.last_name.clone(),
        groups: stored.groups.clone(),
        active: stored.active,
    }
}

fn parse_fixture(file: &str) -> ParsedFile {
    parse_people_csv(&std::fs::read(corpus_dir().join(file)).unwrap()).unwrap()
}

fn row<'a>(parsed: &'a ParsedFile, external_id: &str) -> &'a PersonRow {
    parsed
        .rows
        .iter()
        .find(|r| r.external_id == external_id)
        .unwrap_or_else(|| panic!("no row {external_id}"))
}

// ---------------------------------------------------------------------------------------
// What the good rows hold
// ---------------------------------------------------------------------------------------

#[test]
fn the_wizard_preview_counts_the_people_to_add_without_listing_them() {
    let parsed = parse_people_csv(
        b"external_id,email,first_name,last_name\nE1,ann@example.org,Ann,Lee\nE2,bo@example.org,Bo,Kim\n",
    )
    .unwrap();
    let stored = ExistingPerson {
        external_id: "E2".into(),
        email: "bo@example.org".into(),
        first_name: "Bo".into(),
        last_name: "Ko".into(),
        groups: vec![],
        active: true,
    };
    let plan = plan_import(&parsed, &[stored]);
    let preview = ImportPreview::from(plan.clone());
    assert_eq!(preview.counts, plan.counts);
    assert_eq!((preview.counts.adds, preview.counts.updates), (1, 1));
    assert_eq!(
        preview.updates, plan.updates,
        "each update is shown with its changes"
    );
    let sent = serde_json::to_value(&preview).unwrap();
    assert!(sent.get("adds").is_none() && sent.get("unchanged").is_none());
}

#[test]
fn a_utf8_bom_is_dropped_and_accents_are_kept() {
    let parsed = parse_fixture("utf8-bom.csv");
    assert_eq!(
        parsed.column_header(PersonField::ExternalId),
        Some("external_id")
    );
    assert_eq!(row(&parsed, "E1").first_name, "Zoë");
    assert_eq!(row(&parsed, "E1").last_name, "Ångström");
}

#[test]
fn quoted_values_keep_their_newlines_quotes_and_commas() {
    let parsed = parse_fixture("embedded-newlines.csv");
    assert_eq!(row(&parsed, "E1").first_name, "Ann\nMarie");
    assert_eq!(row(&parsed, "E3").last_name, "Multi\nline\nname");
    assert_eq!(row(&parsed, "E5").first_name, "Eve \"Evie\"");
    assert_eq!(row(&parsed, "E5").last_name, "Fox, Jr.");
    assert_eq!(row(&parsed, "E5").line, 9);
}

#[test]
fn crlf_inside_quotes_is_kept_and_line_ends_are_not_part_of_values() {
    let parsed = parse_fixture("crlf.csv");
    assert_eq!(row(&parsed, "E1").last_name, "Lee");
    assert_eq!(row(&parsed, "E3").first_name, "Carl\r\nJohn");
}

#[test]
fn groups_split_on_separators_other_than_the_delimiter() {
    let semicolon = parse_fixture("semicolon.csv");
    assert_eq!(row(&semicolon, "E1").groups, ["Sales", "EMEA"]);
    assert_eq!(row(&semicolon, "E2").groups, ["Sales", "Ops"]);
    assert_eq!(row(&semicolon, "E2").first_name, "Ray; Bob");

    let tab = parse_fixture("tab-delimited.csv");
    assert_eq!(row(&tab, "E1").groups, ["Sales", "EMEA", "Ops"]);
    assert_eq!(row(&tab, "E1").last_name, "Lee, Jr.");
    assert!(row(&tab, "E2").groups.is_empty());
}

#[test]
fn emails_are_trimmed_but_kept_as_typed() {
    let parsed = parse_fixture("invalid-emails.csv");
    assert_eq!(row(&parsed, "E12").email, "Kim@Example.com");
}

#[test]
fn formula_names_are_kept_as_text_and_our_own_apostrophe_is_removed() {
    let parsed = parse_fixture("formulas.csv");
    assert_eq!(
        row(&parsed, "E1").first_name,
        "=HYPERLINK(\"http://evil.example\")"
    );
    assert_eq!(row(&parsed, "E3").last_name, "-Smith");
    assert_eq!(row(&parsed, "E4").groups, ["=cmd", "' /C calc'!A0"]);
    assert_eq!(row(&parsed, "E9").first_name, "=Ivy");
}

#[test]
fn the_active_column_reads_yes_and_no_and_empty_means_not_said() {
    let parsed = parse_fixture("active-column.csv");
    assert_eq!(row(&parsed, "E1").active, Some(true));
    assert_eq!(row(&parsed, "E2").active, Some(false));
    assert_eq!(row(&parsed, "E3").active, None);
}

#[test]
fn header_aliases_map_to_fields_and_unknown_columns_are_listed() {
    let parsed = parse_fixture("alias-headers.csv");
    let fields: Vec<Option<PersonField>> = parsed.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            Some(PersonField::ExternalId),
            Some(PersonField::Email),
            Some(PersonField::FirstName),
            Some(PersonField::LastName),
            Some(PersonField::Groups),
            None,
            None
        ]
    );
    assert_eq!(row(&parsed, "U1").groups, ["Sales"]);
}

#[test]
fn file_errors_are_plain_sentences() {
    assert_eq!(parse_people_csv(b"").unwrap_err(), FileError::Empty);
    let not_utf8 = parse_people_csv(b"id,email\n1,\xff@x.com\n").unwrap_err();
    assert_eq!(
        not_utf8.to_string(),
        "The file is not UTF-8 text (byte 3 on line 2). Save it as 'CSV UTF-8' from your \
         spreadsheet and try again."
    );
}

// ---------------------------------------------------------------------------------------
// The 100,000-row file
// ---------------------------------------------------------------------------------------

const LARGE_ROWS: usize = 100_000;
const LARGE_EXISTING: usize = 50_000;

#[test]
fn a_100k_row_file_gives_exactly_its_seeded_errors() {
    let parsed = parse_people_csv(&generate_people_csv(LARGE_ROWS)).unwrap();

    let bad: Vec<(usize, SeededDefect)> = (0..LARGE_ROWS)
        .filter_map(|i| seeded_defect(i).map(|d| (i, d)))
        .collect();
    assert_eq!(bad.len(), LARGE_ROWS / BAD_ROW_EVERY);
    assert_eq!(parsed.rows.len(), LARGE_ROWS - bad.len());
    assert_eq!(
        parsed.errors.len(),
        bad.len(),
        "one error per seeded bad row"
    );
    for ((index, defect), error) in bad.iter().zip(&parsed.errors) {
        assert_eq!(error.line, line_of(*index), "{defect:?}");
        let (column, reason) = match defect {
            SeededDefect::InvalidEmail => (Some("email"), "has no @".to_owned()),
            SeededDefect::DuplicateExternalId => (
                Some("external_id"),
                format!("already used on line {}", line_of(index - 1)),
            ),
            SeededDefect::OverlongFirstName => (Some("first_name"), "at most 64".to_owned()),
            SeededDefect::MissingField => (None, "has 4 fields but the header has 5".to_owned()),
            SeededDefect::FormulaExternalId => (Some("external_id"), "starts with '='".to_owned()),
        };
        assert_eq!(error.column.as_deref(), column, "line {}", error.line);
        assert!(
            error.reason.contains(&reason),
            "line {}: {}",
            error.line,
            error.reason
        );
    }
    assert!(parsed.warnings.is_empty());
    assert_eq!(row(&parsed, &external_id(2)).last_name, "Núñez");
}

#[test]
fn a_100k_row_plan_adds_updates_and_leaves_unchanged_by_external_id() {
    let parsed = parse_people_csv(&generate_people_csv(LARGE_ROWS)).unwrap();
    let plan = plan_import(&parsed, &existing_people(LARGE_EXISTING));

    let good = |i: &usize| seeded_defect(*i).is_none();
    let adds = (LARGE_EXISTING..LARGE_ROWS).filter(good).count() as u64;
    let updates = (0..LARGE_EXISTING)
        .filter(good)
        .filter(|i| i % 10 == 0)
        .count() as u64;
    let unchanged = (0..LARGE_EXISTING)
        .filter(good)
        .filter(|i| i % 10 != 0)
        .count() as u64;
    assert_eq!(plan.counts.adds, adds);
    assert_eq!(plan.counts.updates, updates);
    assert_eq!(plan.counts.unchanged, unchanged);
    assert_eq!(
        plan.counts.rejected_rows,
        (LARGE_ROWS / BAD_ROW_EVERY) as u64
    );
    assert!(plan.updates.iter().all(|u| u.changes.len() == 1
        && u.changes[0].field == PersonField::LastName
        && u.changes[0].old == "Before"));
}

// ---------------------------------------------------------------------------------------
// The import plan
// ---------------------------------------------------------------------------------------

fn stored(
    external_id: &str,
    email: &str,
    first: &str,
    last: &str,
    groups: &[&str],
) -> ExistingPerson {
    ExistingPerson {
        external_id: external_id.to_owned(),
        email: email.to_owned(),
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        active: true,
    }
}

fn plan_for(csv: &str, existing: &[ExistingPerson]) -> ImportPlan {
    plan_import(&parse_people_csv(csv.as_bytes()).unwrap(), existing)
}

#[test]
fn an_update_lists_each_changed_field_old_to_new() {
    let existing = [stored(
        "E1",
        "ann@example.com",
        "Ann",
        "Lee",
        &["Sales", "EMEA"],
    )];
    let plan = plan_for(
        "external_id,email,first_name,last_name,groups,active\n\
         E1,ann.lee@example.com,Anne,Lee,EMEA;Ops,no\n",
        &existing,
    );
    assert_eq!(plan.updates.len(), 1);
    let changes: Vec<(PersonField, &str, &str)> = plan.updates[0]
        .changes
        .iter()
        .map(|c| (c.field, c.old.as_str(), c.new.as_str()))
        .collect();
    assert_eq!(
        changes,
        [
            (PersonField::Email, "ann@example.com", "ann.lee@example.com"),
            (PersonField::FirstName, "Ann", "Anne"),
            (PersonField::Groups, "EMEA; Sales", "EMEA; Ops"),
            (PersonField::Active, "yes", "no"),
        ]
    );
    assert_eq!(plan.counts.updates, 1);
}

#[test]
fn email_case_and_group_order_are_not_changes() {
    let existing = [stored(
        "E1",
        "Ann@Example.com",
        "Ann",
        "Lee",
        &["Sales", "EMEA"],
    )];
    let plan = plan_for(
        "external_id,email,first_name,last_name,groups\nE1,ann@example.com,Ann,Lee,EMEA;Sales\n",
        &existing,
    );
    assert_eq!(plan.counts.unchanged, 1, "{plan:#?}");
    assert_eq!(plan.counts.updates, 0);
}

#[test]
fn columns_missing_from_the_file_leave_those_fields_alone() {
    let existing = [stored("E1", "ann@example.com", "Ann", "Lee", &["Sales"])];
    let plan = plan_for(
        "id,email\nE1,ann@example.com\nE2,bob@example.com\n",
        &existing,
    );
    assert_eq!(plan.counts.unchanged, 1);
    assert_eq!(plan.counts.adds, 1);
    assert_eq!(plan.adds[0].external_id, "E2");
}

#[test]
fn an_empty_cell_in_a_present_column_clears_the_field() {
    let existing = [stored("E1", "ann@example.com", "Ann", "Lee", &["Sales"])];
    let plan = plan_for(
        "id,email,last_name,groups\nE1,ann@example.com,,\n",
        &existing,
    );
    let fields: Vec<PersonField> = plan.updates[0].changes.iter().map(|c| c.field).collect();
    assert_eq!(fields, [PersonField::LastName, PersonField::Groups]);
}

#[test]
fn an_email_used_by_another_stored_person_is_a_conflict_on_that_row() {
    let existing = [stored("E1", "ann@example.com", "Ann", "Lee", &[])];
    let plan = plan_for(
        "id,email\nE2,ANN@example.com\nE3,carl@example.com\n",
        &existing,
    );
    assert_eq!(plan.counts.adds, 1);
    assert_eq!(plan.counts.rejected_rows, 1);
    assert_eq!(plan.errors[0].line, 2);
    assert_eq!(plan.errors[0].column.as_deref(), Some("email"));
    assert!(plan.errors[0].reason.contains("external id 'E1'"));
}

#[test]
fn a_freed_address_can_be_taken_unless_the_move_is_itself_rejected() {
    let existing = [
        stored("E1", "ann@example.com", "", "", &[]),
        stored("E2", "bob@example.com", "", "", &[]),
        stored("E9", "zed@example.com", "", "", &[]),
    ];
    // E1 moves to a new address, so E3 may take ann@.
    let plan = plan_for(
        "id,email\nE1,ann.new@example.com\nE3,ann@example.com\n",
        &existing,
    );
    assert_eq!(
        (plan.counts.updates, plan.counts.adds, plan.counts.errors),
        (1, 1, 0)
    );

    // E2 would move to zed@ (held by E9, who stays), so E2 keeps bob@ and E4 cannot take it.
    let plan = plan_for(
        "id,email\nE2,zed@example.com\nE4,bob@example.com\n",
        &existing,
    );
    let lines: Vec<u64> = plan.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3]);
    assert!(plan.errors[1].reason.contains("external id 'E2'"));
}

#[test]
fn the_plan_carries_the_file_errors_and_warnings_in_line_order() {
    let existing = [stored("E1", "ann@example.com", "", "", &[])];
    let plan = plan_for(
        "id,email,first_name,Department\nE2,ann@example.com,=x,\nE3,bad,Bob,\n",
        &existing,
    );
    let lines: Vec<u64> = plan.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3]);
    assert_eq!(
        plan.counts.warnings, 2,
        "unknown column and formula: {:#?}",
        plan.warnings
    );
}

#[test]
fn the_ui_types_export_to_typescript_with_plain_numbers() {
    // Lines and counts are u64 in Rust; specta refuses to export those as TypeScript
    // `number` unless told, and a bigint would not survive JSON.
    let types = specta::Types::default()
        .register::<ImportPlan>()
        .register::<ParsedFile>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .unwrap();
    assert!(ts.contains("rejectedRows: number"), "{ts}");
    assert!(ts.contains("externalId: string"), "{ts}");
}

#[test]
fn the_plan_serialises_in_camel_case_for_the_ui() {
    let plan = plan_for("id,email\nE1,ann@example.com\n", &[]);
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["counts"]["adds"], 1);
    assert_eq!(json["counts"]["rejectedRows"], 0);
    assert_eq!(json["adds"][0]["externalId"], "E1");
}

// ---------------------------------------------------------------------------------------
// The export
// ---------------------------------------------------------------------------------------

fn person(
    external_id: &str,
    email: &str,
    first: &str,
    last: &str,
    groups: &[&str],
) -> PersonExport {
    PersonExport {
        external_id: external_id.to_owned(),
        email: email.to_owned(),
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        groups: groups.iter().map(|g| (*g).to_owned()).collect(),
        active: true,
    }
}

fn export(people: &[PersonExport]) -> Vec<u8> {
    let mut out = Vec::new();
    export_people_csv(people, &mut out).unwrap();
    out
}

#[test]
fn the_export_has_a_bom_a_header_crlf_and_rfc4180_quoting() {
    let out = export(&[person(
        "E1",
        "ann@example.com",
        "Ann \"Annie\"",
        "Lee, Jr.",
        &["Sales", "EMEA"],
    )]);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\u{feff}external_id,email,first_name,last_name,groups,active\r\n\
         E1,ann@example.com,\"Ann \"\"Annie\"\"\",\"Lee, Jr.\",Sales; EMEA,yes\r\n"
    );
}

#[test]
fn exported_cells_that_start_like_a_formula_get_an_apostrophe() {
    let out = export(&[person(
        "E1",
        "ann@example.com",
        "=HYPERLINK(\"x\")",
        "+1",
        &["@team", "-x"],
    )]);
    let text = String::from_utf8(out).unwrap();
    let data_line = text.lines().nth(1).unwrap();
    assert_eq!(
        data_line,
        "E1,ann@example.com,\"'=HYPERLINK(\"\"x\"\")\",'+1,'@team; -x,yes"
    );
}

#[test]
fn neutralize_formula_follows_the_owasp_rule() {
    for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"] {
        assert_eq!(neutralize_formula(cell), format!("'{cell}"), "{cell:?}");
    }
    for cell in ["Ann", "", " =1", "1-2"] {
        assert_eq!(neutralize_formula(cell), cell);
    }
}

#[test]
fn export_then_import_round_trips_names_with_commas_quotes_and_newlines() {
    let people = [
        person(
            "E1",
            "ann@example.com",
            "Ann, \"Annie\"",
            "Lee\nSecond line",
            &["Sales, EMEA", "Ops"],
        ),
        person("E2", "Bob@Example.com", "=1+1", "-Ray", &["=cmd"]),
        person("E3", "carl@example.com", "Chloé", "Weiß\r\nJr.", &[]),
        person("E 4", "dee@example.com", "'=quoted", "", &["'@x"]),
    ];
    let parsed = parse_people_csv(&export(&people)).unwrap();
    assert!(parsed.errors.is_empty(), "{:#?}", parsed.errors);
    assert_eq!(rows_as_people(&parsed), people);
}

fn rows_as_people(parsed: &ParsedFile) -> Vec<PersonExport> {
    parsed
        .rows
        .iter()
        .map(|r| PersonExport {
            external_id: r.external_id.clone(),
            email: r.email.clone(),
            first_name: r.first_name.clone(),
            last_name: r.last_name.clone(),
            groups: r.groups.clone(),
            active: r.active.expect("the export always writes active"),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Any valid people survive export → import unchanged
// ---------------------------------------------------------------------------------------

/// Text as people type it: letters, accents, punctuation, the separators, quotes, formula
/// characters and line breaks anywhere but at the ends (the import trims).
fn name_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9éßñÅ ,;|'\"=+@\\-\n\r\t.]{0,64}".prop_map(|s| s.trim().to_owned())
}

fn group_name() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9éß '\"=+@\\-\n.]{1,20}"
        .prop_map(|s| s.trim().to_owned())
        .prop_filter("a group has a name", |s| !s.is_empty())
}

fn valid_person() -> impl Strategy<Value = PersonExport> {
    (
        "[A-Za-z0-9][A-Za-z0-9 _.:/#'\"-]{0,30}",
        "[a-zA-Z0-9][a-zA-Z0-9._+-]{0,20}",
        "[a-z0-9]{1,12}\\.[a-z]{2,6}",
        name_text(),
        name_text(),
        prop::collection::vec(group_name(), 0..4),
        any::<bool>(),
    )
        .prop_map(
            |(id, local, domain, first_name, last_name, groups, active)| {
                let mut unique_groups: Vec<String> = Vec::new();
                for group in groups {
                    if !unique_groups.contains(&group) {
                        unique_groups.push(group);
                    }
                }
                PersonExport {
                    external_id: id,
                    email: format!("{local}@{domain}"),
                    first_name,
                    last_name,
                    groups: unique_groups,
                    active,
                }
            },
        )
}

/// Ids and emails made unique per position, as a directory's are.
fn valid_people() -> impl Strategy<Value = Vec<PersonExport>> {
    prop::collection::vec(valid_person(), 0..20).prop_map(|mut people| {
        for (at, person) in people.iter_mut().enumerate() {
            person.external_id = format!("{}{at}", person.external_id);
            person.email = format!("{at}.{}", person.email);
        }
        people
    })
}

proptest! {
    #[test]
    fn any_valid_people_survive_export_then_import(people in valid_people()) {
        let parsed = parse_people_csv(&export(&people)).unwrap();
        prop_assert!(parsed.errors.is_empty(), "{:#?}", parsed.errors);
        prop_assert_eq!(rows_as_people(&parsed), people);
    }
}

/// Files as they come: header variants, separators, quotes, blank lines, both line ends.
fn csv_ish_text() -> impl Strategy<Value = String> {
    let header = prop::sample::select(vec![
        "external_id,email,first_name\n",
        "id;E-mail;groups\r\n",
        "user id\temail\n",
        "",
    ]);
    (header, "[a-c@.,;\t\"'= \r\n]{0,200}").prop_map(|(h, body)| format!("{h}{body}"))
}

proptest! {
    #[test]
    fn any_file_is_read_without_panicking_and_every_line_number_is_in_the_file(
        text in csv_ish_text(),
        bytes in prop::collection::vec(any::<u8>(), 0..64),
    ) {
        let physical_lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() as u64 + 1;
        if let Ok(parsed) = parse_people_csv(text.as_bytes()) {
            let lines = parsed.rows.iter().map(|r| r.line).chain(parsed.errors.iter().map(|e| e.line));
            for line in lines {
                prop_assert!((2..=physical_lines).contains(&line), "line {line} of {physical_lines}");
            }
        }
        let _ = parse_people_csv(&bytes);
    }
}
