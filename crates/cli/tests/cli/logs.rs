//! The CLI's log: quiet by default, on stderr when `ROLLCALL_LOG` asks, through the same
//! redacting writer as the desktop app, and never a file of its own.

use crate::support::{self, Cli, SECRET, text};

#[tokio::test(flavor = "multi_thread")]
async fn a_trace_log_on_stderr_holds_neither_the_secret_nor_an_access_token() {
    if !support::keychain_available() {
        return;
    }
    let sim = support::sim().await;
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli {
        data_dir: dir.path(),
        service: format!("rollcall-cli-test-logs-{}", std::process::id()),
    };
    let (api, oauth) = (sim.api_base(), sim.oauth_base());
    let add = [
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
    ];

    // Without ROLLCALL_LOG, a successful command writes nothing to stderr.
    let out = cli.run(&add, Some(&format!("{SECRET}\n")));
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "", "quiet by default");

    let trace = [("ROLLCALL_LOG", "trace")];
    let out = cli.run_with_env(&["account", "test", "School"], None, &trace);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("TRACE") || stderr.contains("DEBUG"),
        "the trace log is on stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("rollcall_zoom"),
        "the Zoom client's lines are there:\n{stderr}"
    );

    let state = sim.state();
    let tokens: Vec<String> =
        serde_json::from_value(state["issued_access_tokens"].clone()).unwrap();
    assert!(
        !tokens.is_empty(),
        "zoom-sim lists the access tokens it issued"
    );
    assert!(
        !stderr.contains(SECRET),
        "the client secret is not in the log"
    );
    for token in &tokens {
        assert!(
            !stderr.contains(token.as_str()),
            "an access token is in the log:\n{stderr}"
        );
    }
    assert!(
        !dir.path().join("logs").join("rollcall.log").exists(),
        "the CLI keeps to stderr"
    );

    let out = cli.run(&["account", "remove", "School"], None);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
}
