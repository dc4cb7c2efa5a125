use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub const SECRET: &str = "cli-sim-secret-9d2e61b0aa";

pub async fn sim() -> zoom_sim::SimHandle {
    zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![zoom_sim::SimAccount {
                account_id: "acct-cli".into(),
                client_id: "client-cli".into(),
                client_secret: SECRET.into(),
                owner_email: "owner@cli.example".into(),
                scopes: None,
                plan: zoom_sim::Plan::Pro,
            }],
            ..Default::default()
        },
        0,
    )
    .await
    .expect("zoom-sim starts")
}

/// Whether the real Secret Service is usable here; when it must be (./scripts/test), its
/// absence fails the test instead of skipping it.
pub fn keychain_available() -> bool {
    let out = Command::new("secret-tool")
        .args(["search", "service", "rollcall-probe"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let ok = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() && out.is_ok();
    if !ok {
        assert!(
            std::env::var_os("ROLLCALL_REQUIRE_KEYCHAIN").is_none(),
            "ROLLCALL_REQUIRE_KEYCHAIN is set but no Secret Service session is available"
        );
        eprintln!("SKIPPED: no Secret Service session (run inside ./scripts/test)");
    }
    ok
}

pub struct Cli<'a> {
    pub data_dir: &'a Path,
    pub service: String,
}

impl Cli<'_> {
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        self.run_with_env(args, stdin, &[])
    }

    /// `run` with extra environment variables (`ROLLCALL_LOG` is unset unless given here).
    pub fn run_with_env(&self, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rollcall"))
            .args(args)
            .env_remove("ROLLCALL_LOG")
            .envs(env.iter().copied())
            .env("ROLLCALL_DATA_DIR", self.data_dir)
            .env("ROLLCALL_KEYRING_SERVICE", &self.service)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rollcall runs");
        {
            let mut input = child.stdin.take().unwrap();
            if let Some(text) = stdin {
                input.write_all(text.as_bytes()).unwrap();
            }
        }
        child.wait_with_output().unwrap()
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
