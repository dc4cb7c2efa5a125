//! The harness the crash tests share (`tests/provisioning`, `tests/crash`): the real `rollcall`
//! binary run against zoom-sim with the real keychain, killed with SIGKILL at seeded random
//! moments, and the checks every job kind ends with.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

pub const SECRET: &str = "crash-test-secret-71c2e0";

/// xorshift64*: seeded, so a failing run can be repeated exactly.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low)
    }
}

/// Whether the Secret Service is there; without it the test is skipped loudly, and fails when
/// `ROLLCALL_REQUIRE_KEYCHAIN` is set.
pub fn keychain_available(test: &str) -> bool {
    let probe = Command::new("secret-tool")
        .args(["search", "service", "rollcall-probe"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let ok = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() && probe.is_ok();
    if !ok {
        assert!(
            std::env::var_os("ROLLCALL_REQUIRE_KEYCHAIN").is_none(),
            "ROLLCALL_REQUIRE_KEYCHAIN is set but no Secret Service session is available"
        );
        eprintln!(
            "SKIPPED: the {test} crash test needs a Secret Service session (run inside \
             ./scripts/test)"
        );
    }
    ok
}

/// The `rollcall` binary of this build, built now if needed (it belongs to another package,
/// so cargo does not hand its path to this test).
pub fn rollcall_binary() -> PathBuf {
    // One build at a time when several tests of a binary ask together.
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let exe = std::env::current_exe().expect("the test's own path");
            // target/<profile>/deps/<test>-<hash>
            let profile_dir = exe
                .parent()
                .and_then(Path::parent)
                .expect("target/<profile>");
            let target_dir = profile_dir.parent().expect("target");
            let mut build = Command::new(env!("CARGO"));
            build
                .args(["build", "-p", "rollcall-cli", "--bin", "rollcall"])
                .env("CARGO_TARGET_DIR", target_dir);
            if profile_dir.file_name().is_some_and(|n| n == "release") {
                build.arg("--release");
            }
            let status = build.status().expect("cargo runs");
            assert!(status.success(), "building rollcall failed");
            let binary = profile_dir.join("rollcall");
            assert!(binary.exists(), "{} exists", binary.display());
            binary
        })
        .clone()
}

/// A zoom-sim with one Business account `acct-<name>` (owner `owner@<name>.example`).
pub async fn start_sim(name: &str, seed: u64, latency: Duration) -> zoom_sim::SimHandle {
    zoom_sim::start(
        zoom_sim::SimConfig {
            accounts: vec![zoom_sim::SimAccount {
                account_id: format!("acct-{name}"),
                client_id: format!("client-{name}"),
                client_secret: SECRET.into(),
                owner_email: format!("owner@{name}.example"),
                scopes: None,
                plan: zoom_sim::Plan::Business,
            }],
            latency,
            seed,
            ..Default::default()
        },
        0,
    )
    .await
    .expect("zoom-sim starts")
}

pub struct Cli {
    pub binary: PathBuf,
    pub data_dir: PathBuf,
    pub service: String,
    pub logs: PathBuf,
}

impl Cli {
    /// A data folder and log folder under `dir`, and a keychain service of its own.
    pub fn new(dir: &Path, name: &str) -> Self {
        let logs = dir.join("logs");
        std::fs::create_dir_all(&logs).unwrap();
        Cli {
            binary: rollcall_binary(),
            data_dir: dir.join("data"),
            service: format!("rollcall-crash-test-{name}-{}", std::process::id()),
            logs,
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .args(args)
            .env("ROLLCALL_DATA_DIR", &self.data_dir)
            .env("ROLLCALL_KEYRING_SERVICE", &self.service)
            .env("ROLLCALL_VERBOSE", "1");
        command
    }

    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rollcall runs");
        {
            let mut input = child.stdin.take().expect("stdin");
            if let Some(text) = stdin {
                input.write_all(text.as_bytes()).expect("write stdin");
            }
        }
        child.wait_with_output().expect("rollcall finishes")
    }

    /// Run and insist on success; the stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args, None);
        assert!(
            out.status.success(),
            "rollcall {}: {}{}",
            args.join(" "),
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// `--json` output, parsed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.ok(&all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{all:?} prints JSON: {e}: {out}"))
    }

    /// Start in the background, output to a log file per run (not a terminal: plain lines).
    pub fn spawn(&self, args: &[&str], run: usize) -> Child {
        let log = std::fs::File::create(self.logs.join(format!("run-{run:02}.log"))).expect("log");
        let err = log.try_clone().expect("log");
        self.command(args)
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(err)
            .spawn()
            .expect("rollcall runs")
    }

    /// `rollcall account add` against the sim started by [`start_sim`] with the same name.
    pub fn add_account(&self, sim: &zoom_sim::SimHandle, name: &str) {
        let (api, oauth) = (sim.api_base(), sim.oauth_base());
        let (account_id, client_id) = (format!("acct-{name}"), format!("client-{name}"));
        let out = self.run(
            &[
                "account",
                "add",
                name,
                "--account-id",
                &account_id,
                "--client-id",
                &client_id,
                "--plan",
                "business",
                "--api-base",
                &api,
                "--oauth-base",
                &oauth,
            ],
            Some(&format!("{SECRET}\n")),
        );
        assert!(out.status.success(), "account add: {}", text(&out.stderr));
    }

    /// Forget the account again (its secret leaves the keychain).
    pub fn remove_account(&self, name: &str) {
        let out = self.run(&["account", "remove", name], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }

    /// The newest job of `kind` (as `jobs list --json` says it: `provision`, `closeDoor`, …).
    pub fn newest_job(&self, kind: &str) -> Option<String> {
        let jobs = self.json(&["jobs", "list"]);
        jobs.as_array()
            .and_then(|j| j.iter().find(|j| j["kind"] == kind))
            .and_then(|j| j["id"].as_str())
            .map(str::to_owned)
    }

    /// The newest job of `kind` (the store's word: `register`, `close_door`, …): its id and
    /// a mark that changes whenever a run moves it (state, counts, time). Read straight from
    /// the file, read-only, while a `rollcall` process may be writing it.
    pub async fn job_mark(&self, kind: &str) -> Option<(String, String)> {
        let file = rollcall_core::paths::store_file(&self.data_dir);
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&file)
            .read_only(true)
            .busy_timeout(Duration::from_secs(2));
        let mut conn = sqlx::ConnectOptions::connect(&options).await.ok()?;
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT id, state || '/' || done || '/' || failed || '/' || updated_at FROM jobs
             WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
        )
        .bind(kind)
        .fetch_optional(&mut conn)
        .await
        .ok()?;
        let _ = sqlx::Connection::close(conn).await;
        row
    }

    /// Start `start` (a command that creates a job of `kind` and runs it), wait until the run
    /// moves the job (created, started, an item done), SIGKILL it a seeded random `wait_ms`
    /// later (every other run: 0.1–2 s after it started, whatever it was doing), then keep
    /// restarting it with `rollcall jobs resume ID` and killing it the same way, `kills` times
    /// in all. `before_run` may inject faults. Returns the job id and how
    /// many kills hit a running process.
    pub async fn kill_repeatedly(
        &self,
        start: &[&str],
        kind: &str,
        kills: usize,
        wait_ms: (u64, u64),
        rng: &mut Rng,
        mut before_run: impl AsyncFnMut(&mut Rng),
    ) -> (String, usize) {
        let mut job_id: Option<String> = None;
        let mut killed = 0;
        for run in 0..kills {
            before_run(rng).await;
            let args: Vec<&str> = match &job_id {
                Some(id) => vec!["jobs", "resume", id],
                None => start.to_vec(),
            };
            let before = self.job_mark(kind).await;
            let mut child = self.spawn(&args, run);
            let spawned = std::time::Instant::now();
            // Every other run is killed blind (any moment from the start, start-up included),
            // the others a moment after the run moved the job (in the middle of its work).
            let blind = run % 2 == 1;
            while !blind
                && child.try_wait().expect("wait").is_none()
                && spawned.elapsed() < Duration::from_secs(30)
                && self.job_mark(kind).await == before
            {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let (low, high) = if blind { (100, 2000) } else { wait_ms };
            let wait = Duration::from_millis(rng.between(low, high));
            tokio::time::sleep(wait).await;
            if child.try_wait().expect("wait").is_none() {
                child.kill().expect("SIGKILL"); // std's kill is SIGKILL on Unix
                killed += 1;
            }
            let _ = child.wait();
            if job_id.is_none() {
                job_id = self.job_mark(kind).await.map(|(id, _)| id);
            }
        }
        let id = job_id.unwrap_or_else(|| {
            let last = std::fs::read_to_string(self.logs.join(format!("run-{:02}.log", kills - 1)));
            panic!("no {kind} job was created in {kills} runs; the last one said: {last:?}")
        });
        (id, killed)
    }

    /// Resume the job until it completes (faults are finite, so this converges).
    pub fn resume_to_end(&self, job: &str) {
        for attempt in 0..4 {
            let out = self.run(&["jobs", "resume", job], None);
            if out.status.success() {
                return;
            }
            eprintln!(
                "resume {attempt} of {job} did not finish cleanly:\n{}\n{}",
                text(&out.stdout),
                text(&out.stderr)
            );
        }
        panic!("job {job} did not complete");
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub async fn add_faults(control: &str, faults: &[serde_json::Value]) {
    let http = reqwest::Client::new();
    for fault in faults {
        let resp = http
            .post(format!("{control}/faults"))
            .json(fault)
            .send()
            .await
            .expect("the sim answers");
        assert!(
            resp.status().is_success(),
            "fault {fault} accepted: {}",
            resp.status()
        );
    }
}

/// What every crash test ends with: no item open or without its outcome, and an intact file.
pub async fn check_jobs_and_file(store: &rollcall_core::store::Store) {
    let open: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM job_items WHERE state IN ('pending', 'in_flight')",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(open, 0, "no item left open");
    let unrecorded: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM job_items WHERE (state = 'done' AND outcome IS NULL)
            OR (state = 'failed' AND error_message IS NULL)",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(unrecorded, 0, "every outcome recorded");
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(verdict, "ok");
}
