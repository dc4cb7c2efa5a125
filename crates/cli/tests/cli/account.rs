//! `rollcall account …`: the secret on stdin, never as an argument; exit codes that mean
//! something; one-line reasons.

use crate::support::{self, Cli, SECRET, text};

fn add_args<'a>(sim: &'a zoom_sim::SimHandle, api: &'a str, oauth: &'a str) -> Vec<&'a str> {
    let _ = sim;
    vec![
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
        api,
        "--oauth-base",
        oauth,
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn add_with_the_secret_on_stdin_then_test_and_list() {
    if !support::keychain_available() {
        return;
    }
    let sim = support::sim().await;
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli {
        data_dir: dir.path(),
        service: format!("rollcall-cli-test-{}", std::process::id()),
    };
    let (api, oauth) = (sim.api_base(), sim.oauth_base());

    let out = cli.run(&add_args(&sim, &api, &oauth), Some(&format!("{SECRET}\n")));
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("owner@cli.example"));

    // A new process reads the secret back from the keychain.
    let out = cli.run(&["account", "test", "School"], None);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("owner@cli.example"));

    let out = cli.run(&["--json", "account", "list"], None);
    assert!(out.status.success());
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["name"], "School");
    assert!(!text(&out.stdout).contains(SECRET));

    let out = cli.run(&["account", "remove", "School"], None);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_secret_exits_1_with_a_one_line_reason() {
    if !support::keychain_available() {
        return;
    }
    let sim = support::sim().await;
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli {
        data_dir: dir.path(),
        service: format!("rollcall-cli-test-bad-{}", std::process::id()),
    };
    let (api, oauth) = (sim.api_base(), sim.oauth_base());
    let out = cli.run(&add_args(&sim, &api, &oauth), Some("wrong-secret\n"));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.starts_with("error: Zoom did not accept these credentials"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrong-secret"));
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_exit_2_and_secrets_are_not_accepted_as_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli {
        data_dir: dir.path(),
        service: "rollcall-cli-test-usage".into(),
    };
    let out = cli.run(&["account", "add", "School", "--client-secret", "x"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = cli.run(&["account", "frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
}
