//! Crash reports: when Rollcall panics, a short text file in `<data>/logs/`
//! (`crash-<UTC time>-<pid>.txt`) says when, which program and version, the panic message and
//! where in the code it happened, all through [`redact`](super::redact) like every log line.
//! The log says where the report is. The newest [`KEEP`] reports are kept.

use std::fs;
use std::io::{self, Write};
use std::panic::PanicHookInfo;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::redact::redact;

/// Crash reports kept in the logs folder; older ones are removed when a new one is written.
pub const KEEP: usize = 10;

pub struct CrashReport {
    pub time: DateTime<Utc>,
    /// The program and its version, e.g. `rollcall-desktop 0.1.0`.
    pub program: String,
    pub thread: String,
    pub message: String,
    /// `file:line:column` in Rollcall's source, when Rust knows it.
    pub location: Option<String>,
    /// Only when `RUST_BACKTRACE` asks for one (function names and source lines, no data).
    pub backtrace: Option<String>,
}

impl CrashReport {
    pub fn from_panic(info: &PanicHookInfo<'_>, program: &str, version: &str) -> Self {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string());
        let backtrace = std::backtrace::Backtrace::capture();
        Self {
            time: Utc::now(),
            program: format!("{program} {version}"),
            thread: std::thread::current()
                .name()
                .unwrap_or("unnamed")
                .to_string(),
            message,
            location: info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())),
            backtrace: (backtrace.status() == std::backtrace::BacktraceStatus::Captured)
                .then(|| backtrace.to_string()),
        }
    }

    /// The report's text, redacted.
    pub fn text(&self) -> String {
        let mut text = format!(
            "Rollcall crash report\n\
             time: {}\n\
             program: {}\n\
             thread: {}\n\
             message: {}\n\
             location: {}\n",
            self.time.format("%Y-%m-%dT%H:%M:%SZ"),
            self.program,
            self.thread,
            self.message,
            self.location.as_deref().unwrap_or("unknown"),
        );
        if let Some(backtrace) = &self.backtrace {
            text.push_str("backtrace:\n");
            text.push_str(backtrace);
        }
        text.push_str(
            "\nCredentials (tokens, secrets, authenticated links) are removed from this report.\n\
             Send it with the log files next to it to whoever supports your Rollcall.\n",
        );
        // Line by line, as the log writer does.
        text.lines()
            .map(|line| redact(line).into_owned() + "\n")
            .collect()
    }

    /// Writes the report into `dir` (created if missing); its path. Older reports beyond
    /// [`KEEP`] are removed.
    pub fn write(&self, dir: &Path) -> io::Result<PathBuf> {
        fs::create_dir_all(dir)?;
        let name = format!(
            "crash-{}-{}.txt",
            self.time.format("%Y%m%dT%H%M%SZ"),
            std::process::id()
        );
        let path = dir.join(name);
        let mut file = super::file::open_append(&path)?;
        file.write_all(self.text().as_bytes())?;
        file.flush()?;
        prune(dir);
        Ok(path)
    }
}

/// The crash reports in `dir`, oldest first (their names sort by time).
pub fn reports_in(dir: &Path) -> Vec<PathBuf> {
    let mut reports: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("crash-") && n.ends_with(".txt"))
        })
        .collect();
    reports.sort();
    reports
}

fn prune(dir: &Path) {
    let reports = reports_in(dir);
    let extra = reports.len().saturating_sub(KEEP);
    for old in &reports[..extra] {
        let _ = fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(message: &str) -> CrashReport {
        CrashReport {
            time: DateTime::parse_from_rfc3339("2026-11-29T11:14:04Z")
                .unwrap()
                .with_timezone(&Utc),
            program: "rollcall-desktop 0.1.0".into(),
            thread: "tokio-runtime-worker".into(),
            message: message.into(),
            location: Some("crates/core/src/invitations/links.rs:88:14".into()),
            backtrace: None,
        }
    }

    #[test]
    fn a_panic_message_with_a_bearer_token_and_a_zak_link_is_written_redacted() {
        let dir = tempfile::tempdir().unwrap();
        let message = "request failed: Authorization: Bearer eyJ0eXAi.secret-access-token \
                       while opening https://zoom.example/w/857?tk=reg-token-1&zak=eyJ1aWQi.zak-sig";
        let path = report(message).write(dir.path()).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        for secret in [
            "eyJ0eXAi.secret-access-token",
            "reg-token-1",
            "eyJ1aWQi.zak-sig",
        ] {
            assert!(!text.contains(secret), "{secret} is in the report:\n{text}");
        }
        assert!(text.contains("message: request failed: Authorization: Bearer [redacted] while opening https://zoom.example/w/857?tk=[redacted]&zak=[redacted]"), "{text}");
        assert!(text.contains("time: 2026-11-29T11:14:04Z\n"), "{text}");
        assert!(text.contains("program: rollcall-desktop 0.1.0\n"), "{text}");
        assert!(
            text.contains("location: crates/core/src/invitations/links.rs:88:14\n"),
            "{text}"
        );
        let name = path.file_name().unwrap().to_str().unwrap();
        assert!(
            name.starts_with("crash-20261129T111404Z-") && name.ends_with(".txt"),
            "{name}"
        );
    }

    #[test]
    fn only_the_newest_reports_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..KEEP + 3 {
            fs::write(
                dir.path().join(format!("crash-20260101T0000{n:02}Z-1.txt")),
                "old",
            )
            .unwrap();
        }
        fs::write(dir.path().join("rollcall.log"), "a log").unwrap();
        report("boom").write(dir.path()).unwrap();
        let left = reports_in(dir.path());
        assert_eq!(left.len(), KEEP);
        assert!(
            left.last()
                .unwrap()
                .to_str()
                .unwrap()
                .contains("crash-20261129T111404Z-")
        );
        assert!(
            !dir.path().join("crash-20260101T000000Z-1.txt").exists(),
            "the oldest went"
        );
        assert!(
            dir.path().join("rollcall.log").exists(),
            "logs are not crash reports"
        );
    }

    #[test]
    fn a_real_panic_is_described_with_its_message_and_location() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
        let into = seen.clone();
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            *into.lock().unwrap() = Some(CrashReport::from_panic(info, "rollcall", "9.9.9"));
        }));
        let result = std::panic::catch_unwind(|| panic!("boom with zak=abc.def"));
        std::panic::set_hook(previous);
        assert!(result.is_err());
        let report = seen.lock().unwrap().take().expect("the hook ran");
        assert_eq!(report.message, "boom with zak=abc.def");
        assert!(
            report
                .location
                .as_deref()
                .unwrap()
                .starts_with("crates/core/src/logs/crash.rs:")
        );
        assert!(
            report
                .text()
                .contains("message: boom with zak=[redacted]\n")
        );
        assert_eq!(report.program, "rollcall 9.9.9");
    }
}
