//! Logs a user can hand to support, safe by construction.
//!
//! Every log line of the desktop app and of the CLI, on stderr and in the log file, goes
//! through one writer, [`Redacting`], which passes it through [`redact`] before it is written:
//! `Authorization` values, access tokens, client secrets, `zak=` and `tk=` values never reach a
//! terminal or a file, whatever a caller put into a message. (Callers still keep credentials
//! out of messages: `Secret<T>` in `rollcall-zoom`, request templates instead of URLs. This is
//! the net under them.)
//!
//! The desktop app also writes its log to `<data>/logs/rollcall.log` ([`LogFile`], size-bounded,
//! three older files kept); the CLI keeps to stderr. Both install [`install_crash_hook`], which
//! writes a [`CrashReport`] into `<data>/logs/` when the program panics.

mod crash;
mod file;
mod redact;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

pub use crash::{CrashReport, reports_in};
pub use file::LogFile;
pub use redact::{REDACTED, redact};

/// The environment variable with the log filter (`info`, `rollcall_core=debug`, `trace` …).
pub const LOG_ENV: &str = "ROLLCALL_LOG";

/// Where a data folder keeps its logs and crash reports.
pub fn logs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// The current log file of a data folder.
pub fn log_file(data_dir: &Path) -> PathBuf {
    logs_dir(data_dir).join("rollcall.log")
}

/// A [`MakeWriter`] that redacts each line before its inner writer sees it.
pub struct Redacting<M>(M);

impl<M> Redacting<M> {
    pub fn new(inner: M) -> Self {
        Self(inner)
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter {
            inner: self.0.make_writer(),
            pending: Vec::new(),
        }
    }
}

/// Collects what one log event writes, and writes it redacted, a whole line at a time (so a
/// credential split over two `write` calls is still caught).
pub struct RedactingWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> RedactingWriter<W> {
    fn emit_lines(&mut self, all: bool) -> io::Result<()> {
        let end = if all {
            self.pending.len()
        } else {
            match self.pending.iter().rposition(|&b| b == b'\n') {
                Some(newline) => newline + 1,
                None => return Ok(()),
            }
        };
        if end == 0 {
            return Ok(());
        }
        let chunk: Vec<u8> = self.pending.drain(..end).collect();
        let text = String::from_utf8_lossy(&chunk);
        self.inner.write_all(redact(&text).as_bytes())
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.emit_lines(false)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit_lines(true)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Installs the process's log subscriber: the filter from `ROLLCALL_LOG` (else `default_filter`;
/// `off` logs nothing), redacted lines on stderr and, given a data folder, in its log file too.
/// Returns the log file's path when there is one. Safe to call twice (the second does nothing).
pub fn init(default_filter: &str, data_dir: Option<&Path>) -> Option<PathBuf> {
    let filter =
        EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new(default_filter));
    let stderr = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(Redacting::new(io::stderr));
    let (file_layer, opened, failure) = match data_dir.map(|dir| LogFile::open(&log_file(dir))) {
        Some(Ok(file)) => {
            let path = file.path().to_path_buf();
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(Redacting::new(Arc::new(file)));
            (Some(layer.boxed()), Some(path), None)
        }
        Some(Err(err)) => (None, None, Some(err)),
        None => (None, None, None),
    };
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(stderr)
        .with(file_layer)
        .try_init()
        .is_ok();
    if let Some(err) = failure {
        tracing::warn!("could not open the log file; logging to stderr only: {err}");
    }
    if installed { opened } else { None }
}

/// On a panic: writes a crash report into `<data>/logs/` and logs where it is (both redacted).
/// Replaces the default hook, whose unredacted message on stderr could carry a credential.
pub fn install_crash_hook(data_dir: &Path, program: &'static str, version: &'static str) {
    let dir = logs_dir(data_dir);
    std::panic::set_hook(Box::new(move |info| {
        let report = CrashReport::from_panic(info, program, version);
        let summary = format!(
            "{program} panicked at {}: {}",
            report.location.as_deref().unwrap_or("an unknown place"),
            report.message
        );
        let line = match report.write(&dir) {
            Ok(path) => format!("{summary}. A crash report is in {}", path.display()),
            Err(err) => format!(
                "{summary}. The crash report could not be written to {}: {err}",
                dir.display()
            ),
        };
        if tracing::dispatcher::has_been_set() {
            tracing::error!("{line}");
        } else {
            eprintln!("{}", redact(&line));
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    #[test]
    fn log_events_reach_the_writer_redacted_with_fields_and_message() {
        let sink = Sink::default();
        let writer = sink.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::TRACE)
            .with_writer(Redacting::new(move || writer.clone()))
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(
                url = "https://zoom.example/w/1?tk=reg-1&pwd=p",
                "opening a link"
            );
            tracing::debug!("sending Authorization: Bearer eyJ.access.token1 and zak=eyJ.zak.sig");
            tracing::warn!(
                body = r#"{"access_token":"at-123","expires_in":3599}"#,
                "token answer"
            );
            tracing::info!("registered 30 people");
        });
        let text = sink.text();
        for secret in ["reg-1", "eyJ.access.token1", "eyJ.zak.sig", "at-123"] {
            assert!(!text.contains(secret), "{secret} reached the log:\n{text}");
        }
        assert!(text.contains("tk=[redacted]&pwd=p"), "{text}");
        assert!(
            text.contains("Authorization: Bearer [redacted] and zak=[redacted]"),
            "{text}"
        );
        assert!(
            text.contains(r#"\"access_token\":\"[redacted]\""#),
            "{text}"
        );
        assert!(text.contains("registered 30 people"), "{text}");
        assert_eq!(text.lines().count(), 4, "{text}");
    }

    #[test]
    fn a_credential_split_over_two_writes_is_still_redacted() {
        let sink = Sink::default();
        let make = Redacting::new({
            let sink = sink.clone();
            move || sink.clone()
        });
        {
            let mut writer = make.make_writer();
            writer.write_all(b"link ?zak=eyJhbGci").unwrap();
            writer
                .write_all(b"OiJIUzI1NiJ9.sig end\nnext line")
                .unwrap();
        }
        assert_eq!(sink.text(), "link ?zak=[redacted] end\nnext line");
    }

    #[test]
    fn the_log_file_holds_redacted_lines() {
        let dir = tempfile::tempdir().unwrap();
        let file = Arc::new(LogFile::open(&log_file(dir.path())).unwrap());
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(Redacting::new(file))
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!("client_secret=s3cr3t-value sent");
        });
        let text = std::fs::read_to_string(dir.path().join("logs").join("rollcall.log")).unwrap();
        assert!(text.contains("client_secret=[redacted] sent"), "{text}");
        assert!(!text.contains("s3cr3t-value"));
    }
}
