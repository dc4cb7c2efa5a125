//! `rollcall people …`, `rollcall provision …` and `rollcall jobs …` as a script uses them.

use crate::support::{self, Cli, SECRET, text};

const FILE: &str = "external_id,email,first_name,last_name,groups\n\
    p1,ada@example.org,Ada,Lovelace,Math\n\
    p2,not-an-email,Bad,Email,Math\n\
    p3,grace@example.org,Grace,Hopper,CS\n";

fn cli(dir: &std::path::Path) -> Cli<'_> {
    Cli {
        data_dir: dir,
        service: format!("rollcall-cli-people-{}", std::process::id()),
    }
}

#[test]
fn import_reports_each_rejected_row_and_imports_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let cli = cli(dir.path());
    let file = dir.path().join("people.csv");
    std::fs::write(&file, FILE).unwrap();
    let path = file.to_str().unwrap();

    let out = cli.run(&["people", "import", path, "--dry-run"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Dry run"), "{stdout}");
    assert!(stdout.contains("2 would be added"), "{stdout}");
    assert!(stdout.contains("line 3, column email: "), "{stdout}");
    let out = cli.run(&["--json", "people", "list"], None);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!([])
    );

    let out = cli.run(&["people", "import", path], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("2 added, 0 updated, 0 unchanged, 1 rows rejected"),
        "{stdout}"
    );
    assert!(stdout.contains("line 3, column email: "), "{stdout}");

    let out = cli.run(&["--json", "people", "list", "--group", "math"], None);
    assert!(out.status.success());
    let people: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(people.as_array().unwrap().len(), 1);
    assert_eq!(people[0]["externalId"], "p1");
    assert_eq!(people[0]["firstName"], "Ada");
    assert_eq!(people[0]["zoom"], serde_json::Value::Null);

    let out = cli.run(&["people", "list", "--search", "hopper"], None);
    assert!(text(&out.stdout).contains("grace@example.org"));
    assert!(!text(&out.stdout).contains("ada@example.org"));

    let export = dir.path().join("out.csv");
    let out = cli.run(&["people", "export", export.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = cli.run(&["people", "import", export.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("0 added, 0 updated, 2 unchanged"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn edit_changes_only_the_named_fields_and_refuses_a_bad_or_taken_email() {
    let dir = tempfile::tempdir().unwrap();
    let cli = cli(dir.path());
    let file = dir.path().join("people.csv");
    std::fs::write(&file, FILE).unwrap();
    let out = cli.run(&["people", "import", file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = cli.run(
        &[
            "--json",
            "people",
            "edit",
            "p1",
            "--email",
            "ada.king@example.org",
            "--groups",
            "Math, Staff",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let person: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(person["externalId"], "p1");
    assert_eq!(person["email"], "ada.king@example.org");
    assert_eq!(person["firstName"], "Ada");
    assert_eq!(person["lastName"], "Lovelace");
    assert_eq!(person["groups"], serde_json::json!(["Math", "Staff"]));

    let out = cli.run(&["people", "edit", "p1", "--last-name", "King"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Saved p1."),
        "{}",
        text(&out.stdout)
    );
    let out = cli.run(&["--json", "people", "list", "--search", "king"], None);
    let people: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(people[0]["email"], "ada.king@example.org");
    assert_eq!(people[0]["lastName"], "King");

    let out = cli.run(&["people", "edit", "p1", "--email", "nope"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let out = cli.run(
        &["people", "edit", "p1", "--email", "grace@example.org"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("already belongs to another person (external id p3)"),
        "{}",
        text(&out.stderr)
    );
    let out = cli.run(&["people", "edit", "p1"], None);
    assert_eq!(out.status.code(), Some(1));
    let out = cli.run(&["people", "edit", "nobody", "--last-name", "X"], None);
    assert!(!out.status.success());

    // Nothing of the refused edits was written.
    let out = cli.run(&["--json", "people", "list", "--search", "p1"], None);
    let people: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(people[0]["email"], "ada.king@example.org");
}

#[test]
fn a_file_with_nothing_importable_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let cli = cli(dir.path());
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, "external_id,email\nx,nope\n").unwrap();
    let out = cli.run(&["people", "import", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("line 2, column email: "),
        "{}",
        text(&out.stdout)
    );
    assert!(text(&out.stderr).starts_with("error: Nothing in the file could be imported"));

    std::fs::write(&file, "").unwrap();
    let out = cli.run(&["people", "import", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr).trim(), "error: The file is empty.");
}

#[test]
fn provision_needs_a_selection_and_an_account() {
    let dir = tempfile::tempdir().unwrap();
    let cli = cli(dir.path());
    let out = cli.run(&["provision"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = cli.run(&["provision", "--all"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("No Zoom account is connected"),
        "{}",
        text(&out.stderr)
    );
    let out = cli.run(&["jobs", "show", "nope"], None);
    assert_eq!(out.status.code(), Some(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn provision_then_list_jobs_and_deactivate_with_delete_in_zoom() {
    if !support::keychain_available() {
        return;
    }
    let sim = support::sim().await;
    let dir = tempfile::tempdir().unwrap();
    let cli = cli(dir.path());
    let (api, oauth) = (sim.api_base(), sim.oauth_base());
    let out = cli.run(
        &[
            "account",
            "add",
            "School",
            "--account-id",
            "acct-cli",
            "--client-id",
            "client-cli",
            "--plan",
            "pro",
            "--api-base",
            &api,
            "--oauth-base",
            &oauth,
        ],
        Some(&format!("{SECRET}\n")),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = dir.path().join("people.csv");
    std::fs::write(&file, FILE).unwrap();
    assert!(
        cli.run(&["people", "import", file.to_str().unwrap()], None)
            .status
            .success()
    );

    let out = cli.run(&["provision", "--group", "Math", "--link-only"], None);
    assert_eq!(out.status.code(), Some(1), "link-only finds nobody to link");
    assert!(
        text(&out.stdout).contains("failed: Ada Lovelace <ada@example.org>: Zoom has no user"),
        "{}",
        text(&out.stdout)
    );

    let out = cli.run(&["provision", "--all"], None);
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("2 of 2 done, 0 failed"), "{stdout}");
    let out = cli.run(&["provision", "--all"], None);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("nothing to do"));

    let out = cli.run(&["--json", "people", "list"], None);
    let people: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for person in people.as_array().unwrap() {
        assert_eq!(person["zoom"]["status"], "provisioned", "{person}");
        assert_eq!(person["zoom"]["kind"], "created", "{person}");
    }

    let out = cli.run(&["--json", "jobs", "list"], None);
    let jobs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(jobs.as_array().unwrap().len(), 2);
    let id = jobs[0]["id"].as_str().unwrap().to_owned();
    let out = cli.run(&["jobs", "show", &id], None);
    assert!(
        text(&out.stdout).contains("Grace Hopper <grace@example.org>"),
        "{}",
        text(&out.stdout)
    );
    let out = cli.run(&["jobs", "resume", &id], None);
    assert!(out.status.success());
    assert!(
        text(&out.stdout).contains("already completed"),
        "{}",
        text(&out.stdout)
    );

    let out = cli.run(&["people", "deactivate", "p1", "--delete-in-zoom"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("This deletes 1 Zoom users; add --yes"),
        "{}",
        text(&out.stderr)
    );
    let out = cli.run(
        &["people", "deactivate", "p1", "--delete-in-zoom", "--yes"],
        None,
    );
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let state = sim.state();
    let emails: Vec<&str> = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["email"].as_str())
        .collect();
    assert!(!emails.contains(&"ada@example.org"), "{emails:?}");
    assert!(emails.contains(&"grace@example.org"), "{emails:?}");

    assert!(
        cli.run(&["account", "remove", "School"], None)
            .status
            .success()
    );
}

#[test]
fn edit_changes_only_what_is_given_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let cli = cli(dir.path());
    let file = dir.path().join("people.csv");
    std::fs::write(&file, FILE).unwrap();
    let out = cli.run(&["people", "import", file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = cli.run(
        &[
            "people",
            "edit",
            "p1",
            "--email",
            "ada.king@example.org",
            "--groups",
            "Math, Board",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("Saved p1."), "{stdout}");
    assert!(stdout.contains("ada.king@example.org"), "{stdout}");

    let out = cli.run(
        &["--json", "people", "edit", "p1", "--active", "false"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let person: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(person["email"], "ada.king@example.org");
    assert_eq!(person["firstName"], "Ada");
    assert_eq!(person["lastName"], "Lovelace");
    assert_eq!(person["groups"], serde_json::json!(["Board", "Math"]));
    assert_eq!(person["active"], false);

    // Another person keeps their data; an empty list clears the groups.
    let out = cli.run(
        &[
            "--json",
            "people",
            "edit",
            "p3",
            "--last-name",
            "Murray Hopper",
            "--groups",
            "",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let person: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(person["lastName"], "Murray Hopper");
    assert_eq!(person["email"], "grace@example.org");
    assert_eq!(person["groups"], serde_json::json!([]));
    assert_eq!(person["active"], true);
}

#[test]
fn edit_refuses_a_bad_email_an_unknown_person_and_an_empty_edit_in_one_plain_line() {
    let dir = tempfile::tempdir().unwrap();
    let cli = cli(dir.path());
    let file = dir.path().join("people.csv");
    std::fs::write(&file, FILE).unwrap();
    let out = cli.run(&["people", "import", file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = cli.run(&["people", "edit", "p1", "--email", "not-an-email"], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.to_lowercase().contains("email"), "{stderr}");
    assert!(!stderr.contains("Error {"), "{stderr}");
    // Nothing was written.
    let out = cli.run(&["--json", "people", "list", "--search", "p1"], None);
    let people: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(people[0]["email"], "ada@example.org");

    // An email that belongs to someone else.
    let out = cli.run(
        &["people", "edit", "p1", "--email", "Grace@example.org"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("already belongs to another person (external id p3)"));

    let out = cli.run(&["people", "edit", "nobody", "--first-name", "X"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).trim(),
        "error: There is no person with the external id nobody in the directory."
    );

    let out = cli.run(&["people", "edit", "p1"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("error: Nothing to change"));

    let out = cli.run(&["people", "edit", "p1", "--active", "maybe"], None);
    assert_eq!(out.status.code(), Some(2));
}
