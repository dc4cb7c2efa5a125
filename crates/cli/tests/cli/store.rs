//! `rollcall store backup|restore` and the one-Rollcall-per-data-folder lock, as a script sees
//! them.

use rollcall_core::lock::DataFolderLock;

use crate::support::{Cli, text};

const FILE_A: &str = "external_id,email,first_name,last_name\np1,ada@example.org,Ada,Lovelace\n";
const FILE_B: &str = "external_id,email,first_name,last_name\np2,grace@example.org,Grace,Hopper\n";

fn cli(dir: &std::path::Path) -> Cli<'_> {
    Cli {
        data_dir: dir,
        service: format!("rollcall-cli-store-{}", std::process::id()),
    }
}

fn import(cli: &Cli, dir: &std::path::Path, name: &str, body: &str) {
    let file = dir.join(name);
    std::fs::write(&file, body).unwrap();
    let out = cli.run(&["people", "import", file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

fn people_list(cli: &Cli) -> String {
    let out = cli.run(&["people", "list"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn backup_then_restore_with_yes_brings_the_data_back() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let cli = cli(data.path());
    import(&cli, files.path(), "a.csv", FILE_A);
    let backup = files.path().join("backup.rollcall");

    let out = cli.run(&["store", "backup", backup.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Backed up the local data to"),
        "{}",
        text(&out.stdout)
    );
    assert!(backup.is_file());

    import(&cli, files.path(), "b.csv", FILE_B);
    assert!(people_list(&cli).contains("grace@example.org"));

    // Not on a terminal and without --yes: refused, nothing changed.
    let out = cli.run(&["store", "restore", backup.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("add --yes"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(people_list(&cli).contains("grace@example.org"));

    let out = cli.run(
        &[
            "--json",
            "store",
            "restore",
            "--yes",
            backup.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let done: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kept = done["previousKeptAt"].as_str().unwrap();
    assert!(std::path::Path::new(kept).is_file(), "{kept}");
    let list = people_list(&cli);
    assert!(list.contains("ada@example.org"), "{list}");
    assert!(!list.contains("grace@example.org"), "{list}");
}

#[test]
fn restoring_something_that_is_not_a_backup_exits_1_and_changes_nothing() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let cli = cli(data.path());
    import(&cli, files.path(), "a.csv", FILE_A);
    let bogus = files.path().join("bogus.db");
    std::fs::write(
        &bogus,
        "definitely not a database, only a few words of text",
    )
    .unwrap();
    let out = cli.run(
        &["store", "restore", "--yes", bogus.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("is not a Rollcall backup"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(people_list(&cli).contains("ada@example.org"));
}

#[test]
fn commands_that_run_jobs_refuse_while_another_rollcall_holds_the_folder() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let cli = cli(data.path());
    import(&cli, files.path(), "a.csv", FILE_A);
    let backup = files.path().join("backup.rollcall");

    let held = DataFolderLock::acquire(data.path()).unwrap();
    for args in [
        vec!["jobs", "resume", "some-job"],
        vec!["provision", "--all"],
        vec!["store", "restore", "--yes", backup.to_str().unwrap()],
    ] {
        let out = cli.run(&args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert_eq!(
            err.lines().collect::<Vec<_>>(),
            [format!("error: {}", rollcall_core::lock::ALREADY_OPEN)],
            "{args:?}"
        );
    }
    // Reading and backing up need no lock: they work beside an open window.
    assert!(people_list(&cli).contains("ada@example.org"));
    let out = cli.run(&["store", "backup", backup.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Once the other Rollcall is gone, the same command goes through.
    drop(held);
    let out = cli.run(
        &["store", "restore", "--yes", backup.to_str().unwrap()],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}
