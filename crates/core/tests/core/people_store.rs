//! Importing into SQLite through `App`: good rows in one transaction, rejected rows reported,
//! re-imports unchanged, email swaps, partial columns, and the provisioning selection.

use rollcall_core::App;
use rollcall_core::people::{PeopleFilter, PersonEdit, ProvisioningFilter, StatusFilter};
use rollcall_core::secrets::SecretStore;

use crate::support;

async fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = support::open_app(dir.path(), SecretStore::in_memory("rollcall-people-test")).await;
    (dir, app)
}

async fn count_people(app: &App) -> i64 {
    let store = app.store().await;
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM people")
        .fetch_one(store.pool())
        .await
        .unwrap()
}

const WITH_BAD_ROWS: &str = "external_id,email,first_name,last_name,groups\n\
    p1,ada@example.org,Ada,Lovelace,Math; Staff\n\
    p2,not-an-email,Bad,Email,Staff\n\
    p3,grace@example.org,Grace,Hopper,CS\n\
    ,nobody@example.org,No,Id,\n\
    p4,alan@example.org,Alan,Turing,CS; Math\n\
    p1,dup@example.org,Dup,Id,\n";

#[tokio::test]
async fn a_file_with_bad_rows_imports_exactly_its_good_rows_and_reimports_unchanged() {
    let (_dir, app) = app().await;
    let result = app.import_people(WITH_BAD_ROWS.as_bytes()).await.unwrap();
    assert!(result.counts.rejected_rows >= 2, "{result:?}");
    assert!(
        result.errors.iter().any(|e| e.line == 3),
        "{:?}",
        result.errors
    );
    assert!(
        result.errors.iter().any(|e| e.line == 5),
        "{:?}",
        result.errors
    );
    for err in &result.errors {
        assert!(!err.reason.is_empty());
    }

    // Exactly the rows the plan accepted, nothing of the rejected ones.
    let people = app.people(&PeopleFilter::default()).await.unwrap();
    let mut stored: Vec<&str> = people.iter().map(|p| p.external_id.as_str()).collect();
    stored.sort_unstable();
    assert_eq!(result.counts.adds as usize, people.len());
    assert!(
        stored == ["p3", "p4"] || stored == ["p1", "p3", "p4"],
        "{stored:?}"
    );
    assert_eq!(count_people(&app).await as usize, people.len());
    let alan = app.person("p4").await.unwrap();
    assert_eq!(alan.groups, vec!["CS", "Math"]);
    assert!(alan.active);
    assert!(alan.zoom.is_none());
    let groups = app.groups().await.unwrap();
    assert!(
        groups == ["CS", "Math"] || groups == ["CS", "Math", "Staff"],
        "{groups:?}"
    );

    // The same file again: nothing to add or update.
    let again = app.import_people(WITH_BAD_ROWS.as_bytes()).await.unwrap();
    assert_eq!(again.counts.adds, 0, "{again:?}");
    assert_eq!(again.counts.updates, 0, "{again:?}");
    assert_eq!(again.counts.unchanged, result.counts.adds);
    assert_eq!(again.counts.rejected_rows, result.counts.rejected_rows);
}

#[tokio::test]
async fn the_preview_writes_nothing() {
    let (_dir, app) = app().await;
    let plan = app
        .preview_people_import(WITH_BAD_ROWS.as_bytes())
        .await
        .unwrap();
    assert!(plan.counts.adds >= 3);
    assert_eq!(count_people(&app).await, 0);
}

#[tokio::test]
async fn two_people_can_swap_emails_in_one_file() {
    let (_dir, app) = app().await;
    app.import_people(b"external_id,email\na,one@example.org\nb,two@example.org\n")
        .await
        .unwrap();
    let swap = app
        .import_people(b"external_id,email\na,two@example.org\nb,one@example.org\n")
        .await
        .unwrap();
    assert_eq!(swap.counts.updates, 2, "{swap:?}");
    assert!(swap.errors.is_empty(), "{:?}", swap.errors);
    assert_eq!(app.person("a").await.unwrap().email, "two@example.org");
    assert_eq!(app.person("b").await.unwrap().email, "one@example.org");
    let keys: Vec<String> = sqlx::query_scalar("SELECT email_key FROM people ORDER BY external_id")
        .fetch_all(app.store().await.pool())
        .await
        .unwrap();
    assert_eq!(keys, vec!["two@example.org", "one@example.org"]);
}

#[tokio::test]
async fn missing_columns_leave_fields_alone_and_empty_cells_clear_them() {
    let (_dir, app) = app().await;
    app.import_people(
        b"external_id,email,first_name,last_name,groups,active\nx,x@example.org,Xia,Li,Staff,yes\n",
    )
    .await
    .unwrap();
    // No name or group columns: those stay; active no.
    let r = app
        .import_people(b"external_id,email,active\nx,x@example.org,no\n")
        .await
        .unwrap();
    assert_eq!(r.counts.updates, 1);
    let x = app.person("x").await.unwrap();
    assert_eq!((x.first_name.as_str(), x.last_name.as_str()), ("Xia", "Li"));
    assert_eq!(x.groups, vec!["Staff"]);
    assert!(!x.active);
    // Present but empty: cleared.
    app.import_people(b"external_id,email,last_name,groups\nx,x@example.org,,\n")
        .await
        .unwrap();
    let x = app.person("x").await.unwrap();
    assert_eq!(x.first_name, "Xia");
    assert_eq!(x.last_name, "");
    assert!(x.groups.is_empty());
    assert!(!x.active, "no active column: unchanged");
    assert_eq!(
        app.people(&PeopleFilter {
            status: StatusFilter::Inactive,
            ..Default::default()
        })
        .await
        .unwrap()
        .len(),
        1
    );
}

#[tokio::test]
async fn a_file_error_is_a_validation_error_with_its_plain_message() {
    let (_dir, app) = app().await;
    let err = app.import_people(b"").await.unwrap_err();
    assert_eq!(err.code, rollcall_core::ErrorCode::Validation);
    assert_eq!(err.message, "The file is empty.");
}

#[tokio::test]
async fn edits_are_checked_like_imports_and_exports_read_back() {
    let (_dir, app) = app().await;
    app.import_people(
        b"external_id,email,first_name,groups\na,a@example.org,Ann,G1\nb,b@example.org,Bob,G2\n",
    )
    .await
    .unwrap();
    let bad = app
        .update_person(
            "a",
            PersonEdit {
                email: "nope".into(),
                first_name: "Ann".into(),
                last_name: String::new(),
                groups: vec![],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(bad.code, rollcall_core::ErrorCode::Validation);
    let taken = app
        .update_person(
            "a",
            PersonEdit {
                email: "B@example.org".into(),
                first_name: "Ann".into(),
                last_name: String::new(),
                groups: vec![],
            },
        )
        .await
        .unwrap_err();
    assert_eq!(taken.code, rollcall_core::ErrorCode::Conflict);
    let ann = app
        .update_person(
            "a",
            PersonEdit {
                email: "ann@example.org".into(),
                first_name: "Ann".into(),
                last_name: "Ng".into(),
                groups: vec!["G2".into(), "G3".into()],
            },
        )
        .await
        .unwrap();
    assert_eq!(ann.groups, vec!["G2", "G3"]);
    let found = app
        .people(&PeopleFilter {
            group: Some("g2".into()),
            search: Some("ng".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.len(), 1);

    let mut csv = Vec::new();
    assert_eq!(app.export_people(&mut csv).await.unwrap(), 2);
    let again = app.import_people(&csv).await.unwrap();
    assert_eq!(again.counts.unchanged, 2, "{again:?}");
}

#[tokio::test]
async fn an_import_that_fails_midway_writes_nothing() {
    let (_dir, app) = app().await;
    app.import_people(b"external_id,email,groups\nkeep,keep@example.org,Old\n")
        .await
        .unwrap();
    // A database failure on the last row of the file (a trigger stands in for a full disk).
    sqlx::query(
        "CREATE TRIGGER boom BEFORE INSERT ON people WHEN NEW.external_id = 'z-last'
         BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .execute(app.store().await.pool())
    .await
    .unwrap();
    let file = b"external_id,email,groups\nkeep,changed@example.org,New\na,a@example.org,New\nz-last,z@example.org,New\n";
    let err = app.import_people(file).await.unwrap_err();
    assert_eq!(err.code, rollcall_core::ErrorCode::Database);
    assert_eq!(count_people(&app).await, 1);
    let keep = app.person("keep").await.unwrap();
    assert_eq!(keep.email, "keep@example.org");
    assert_eq!(keep.groups, vec!["Old"]);
    assert_eq!(app.groups().await.unwrap(), vec!["Old"]);
}

// The filter SQLite answers (`App::people`): which people, and in which order.
const DIRECTORY: &str = "external_id,email,first_name,last_name,active,groups\n\
    d1,ada@example.org,Ada,Lovelace,true,Math; Staff\n\
    d2,grace@example.org,Grace,Hopper,true,CS\n\
    d3,alan@example.org,Alan,Turing,false,CS; Math\n\
    d4,edsger@example.org,Edsger,dijkstra,true,cs\n\
    d5,elodie@example.org,ÉLODIE,Ñúñez,true,Équipe\n\
    d6,barbara@example.org,Barbara,Liskov,false,\n\
    d7,ada.two@example.org,ada,lovelace,true,Staff\n\
    D8,kathleen@example.org,Kathleen,Booth,true,Math\n";

fn ids(people: &[rollcall_core::people::Person]) -> Vec<&str> {
    people.iter().map(|p| p.external_id.as_str()).collect()
}

async fn matching(app: &App, filter: PeopleFilter) -> Vec<String> {
    ids(&app.people(&filter).await.unwrap())
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_people_filter_picks_by_group_status_and_search_in_name_order() {
    let (_dir, app) = app().await;
    let result = app.import_people(DIRECTORY.as_bytes()).await.unwrap();
    assert_eq!(result.counts.adds, 8, "{result:?}");

    // Everyone, by last name then first name without regard to case, then external id.
    assert_eq!(
        matching(&app, PeopleFilter::default()).await,
        ["D8", "d4", "d2", "d6", "d1", "d7", "d3", "d5"]
    );
    // A group, whatever its case in the filter; the person's groups are all returned.
    let staff = app
        .people(&PeopleFilter {
            group: Some("  STAFF ".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&staff), ["d1", "d7"]);
    assert_eq!(staff[0].groups, ["Math", "Staff"]);
    // "cs" and "CS" are one group (the first spelling imported is kept).
    let cs = matching(
        &app,
        PeopleFilter {
            group: Some("cs".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(cs, ["d4", "d2", "d3"]);
    // A group nobody is in, and a group name that only contains another's: nobody.
    for group in ["Nobody", "Mat", "Math; Staff"] {
        let none = matching(
            &app,
            PeopleFilter {
                group: Some(group.into()),
                ..Default::default()
            },
        )
        .await;
        assert!(none.is_empty(), "{group}: {none:?}");
    }
    // Status.
    assert_eq!(
        matching(
            &app,
            PeopleFilter {
                status: StatusFilter::Inactive,
                ..Default::default()
            }
        )
        .await,
        ["d6", "d3"]
    );
    assert_eq!(
        matching(
            &app,
            PeopleFilter {
                group: Some("Math".into()),
                status: StatusFilter::Active,
                ..Default::default()
            }
        )
        .await,
        ["D8", "d1"]
    );
    // Search: any name, the full name, email or external id, without regard to case, trimmed.
    for (needle, want) in [
        ("LOVE", vec!["d1", "d7"]),
        ("ada lovelace", vec!["d1", "d7"]),
        ("grace@", vec!["d2"]),
        ("d8", vec!["D8"]),
        ("  turing ", vec!["d3"]),
        (
            "example.org",
            vec!["D8", "d4", "d2", "d6", "d1", "d7", "d3", "d5"],
        ),
        ("lovelace ada", vec![]),
        ("%", vec![]),
        ("_", vec![]),
    ] {
        assert_eq!(
            matching(
                &app,
                PeopleFilter {
                    search: Some(needle.into()),
                    ..Default::default()
                }
            )
            .await,
            want,
            "search {needle:?}"
        );
    }
    // Letters beyond ASCII fold too (ÉLODIE ÑÚÑEZ is found by "élodie ñúñ"), and so do groups
    // asked for exactly as listed.
    assert_eq!(
        matching(
            &app,
            PeopleFilter {
                search: Some("élodie ñúñ".into()),
                ..Default::default()
            }
        )
        .await,
        ["d5"]
    );
    assert_eq!(
        matching(
            &app,
            PeopleFilter {
                group: Some("Équipe".into()),
                search: Some("LODIE".into()),
                ..Default::default()
            }
        )
        .await,
        ["d5"]
    );
    // Everything at once, and criteria that exclude each other.
    assert_eq!(
        matching(
            &app,
            PeopleFilter {
                group: Some("math".into()),
                status: StatusFilter::Active,
                search: Some("ada".into()),
                provisioning: ProvisioningFilter::Not,
            }
        )
        .await,
        ["d1"]
    );
    assert!(
        matching(
            &app,
            PeopleFilter {
                group: Some("Staff".into()),
                status: StatusFilter::Inactive,
                ..Default::default()
            }
        )
        .await
        .is_empty()
    );
    // Nobody has a Zoom user without a Zoom account: "not provisioned" is everyone.
    assert_eq!(
        matching(
            &app,
            PeopleFilter {
                provisioning: ProvisioningFilter::Not,
                ..Default::default()
            }
        )
        .await
        .len(),
        8
    );
    for provisioning in [ProvisioningFilter::Provisioned, ProvisioningFilter::Failed] {
        assert!(
            matching(
                &app,
                PeopleFilter {
                    provisioning,
                    ..Default::default()
                }
            )
            .await
            .is_empty()
        );
    }
    // A blank search or group is no criterion.
    assert_eq!(
        matching(
            &app,
            PeopleFilter {
                search: Some("   ".into()),
                group: Some("".into()),
                ..Default::default()
            }
        )
        .await
        .len(),
        8
    );
}

#[test]
fn the_people_ui_types_export_to_typescript_without_bigint() {
    use rollcall_core::people::{
        DeactivateResult, ImportResult, PeopleSelection, Person, PersonEdit,
    };
    let types = specta::Types::default()
        .register::<Person>()
        .register::<PeopleFilter>()
        .register::<PersonEdit>()
        .register::<ImportResult>()
        .register::<PeopleSelection>()
        .register::<DeactivateResult>();
    let ts = specta_typescript::Typescript::default()
        .export(&types, specta_serde::Format)
        .unwrap();
    assert!(ts.contains("id: number"), "{ts}");
    assert!(ts.contains("externalId: string"), "{ts}");
    assert!(ts.contains("userId: string | null"), "{ts}");
    assert!(!ts.to_lowercase().contains("bigint"), "{ts}");
}

#[test]
fn a_person_serialises_in_camel_case_for_the_ui() {
    let filter: PeopleFilter =
        serde_json::from_value(serde_json::json!({ "status": "inactive", "provisioning": "not" }))
            .unwrap();
    assert_eq!(filter.status, StatusFilter::Inactive);
    let selection: rollcall_core::people::PeopleSelection =
        serde_json::from_value(serde_json::json!({ "groups": ["Staff"] })).unwrap();
    assert_eq!(
        selection,
        rollcall_core::people::PeopleSelection::Groups(vec!["Staff".into()])
    );
}

/// The desktop's commands run on Tauri's thread pool: every future it awaits must be `Send`.
/// (Checked at compile time; never called.)
#[allow(dead_code, clippy::let_underscore_future)]
fn the_desktop_can_await_the_people_api_from_any_thread(app: &App, bytes: &'static [u8]) {
    use rollcall_core::people::{PeopleSelection, PersonEdit};
    use rollcall_core::provisioning::ProvisionMode;
    fn send<T: Send>(_: T) {}
    let ids: Vec<String> = Vec::new();
    send(app.preview_people_import(bytes));
    send(app.import_people(bytes));
    send(app.people(&PeopleFilter::default()));
    send(app.person("x"));
    send(app.update_person(
        "x",
        PersonEdit {
            email: String::new(),
            first_name: String::new(),
            last_name: String::new(),
            groups: Vec::new(),
        },
    ));
    send(app.set_person_active("x", false));
    send(app.groups());
    send(app.export_people(Vec::new()));
    send(app.provisioning_count(&PeopleSelection::All));
    send(app.start_provisioning(PeopleSelection::All, ProvisionMode::CreateOrLink));
    send(app.deprovision_preview(&ids));
    send(app.deactivate_people(&ids, true));
    send(app.run_job("x"));
}

#[tokio::test]
async fn search_and_group_filters_match_exactly_when_narrowed_in_sql() {
    let (_dir, app) = app().await;
    // SQLite's lower() folds ASCII only: a search with other letters must still find names the
    // way Rust's Unicode lowercasing does ("émile" finds "Émile").
    let csv = "external_id,email,first_name,last_name,groups\n\
        n1,ada@example.org,Ada,Lovelace,Math; Staff\n\
        n2,emile@example.org,\u{c9}mile,Zola,Letters\n\
        n3,kay@example.org,Jo,Kay,MATH club\n\
        n4,OTTO@Example.org,Otto,Lilienthal,Staff\n\
        n5,zoe@example.org,Zo\u{eb},Adams,\n";
    let result = app.import_people(csv.as_bytes()).await.unwrap();
    assert_eq!(result.counts.adds, 5, "{result:?}");
    let ids = |people: Vec<rollcall_core::people::Person>| {
        let mut ids: Vec<String> = people.into_iter().map(|p| p.external_id).collect();
        ids.sort();
        ids
    };
    let search = |needle: &str| PeopleFilter {
        search: Some(needle.into()),
        ..PeopleFilter::default()
    };
    let group = |name: &str| PeopleFilter {
        group: Some(name.into()),
        ..PeopleFilter::default()
    };
    assert_eq!(ids(app.people(&search("ADA")).await.unwrap()), ["n1", "n5"]);
    assert_eq!(
        ids(app.people(&search("\u{e9}mile")).await.unwrap()),
        ["n2"]
    );
    assert_eq!(
        ids(app.people(&search("\u{c9}MILE")).await.unwrap()),
        ["n2"]
    );
    assert_eq!(ids(app.people(&search("kay")).await.unwrap()), ["n3"]);
    assert_eq!(ids(app.people(&search("jo kay")).await.unwrap()), ["n3"]);
    assert_eq!(
        ids(app.people(&search("otto@example")).await.unwrap()),
        ["n4"]
    );
    assert_eq!(
        ids(app.people(&search("ada lovelace")).await.unwrap()),
        ["n1"]
    );
    assert_eq!(ids(app.people(&search("N4")).await.unwrap()), ["n4"]);
    assert!(app.people(&search("nobody")).await.unwrap().is_empty());
    // Fields are matched one by one: the end of one and the start of the next do not match.
    assert!(app.people(&search("lovelacema")).await.unwrap().is_empty());
    assert_eq!(
        ids(app.people(&group("staff")).await.unwrap()),
        ["n1", "n4"]
    );
    assert_eq!(ids(app.people(&group("math club")).await.unwrap()), ["n3"]);
    assert!(
        app.people(&group("Nobody's group"))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ids(app
            .people(&PeopleFilter {
                search: Some("o".into()),
                group: Some("STAFF".into()),
                ..PeopleFilter::default()
            })
            .await
            .unwrap()),
        ["n1", "n4"]
    );
}
