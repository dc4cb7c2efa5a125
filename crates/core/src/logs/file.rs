//! The log file in the data folder (`<data>/logs/rollcall.log`), bounded in size: when a line
//! would take it past [`LogFile::MAX_BYTES`] it becomes `rollcall.log.1` (the older ones move up
//! to `.2`, `.3`; the oldest goes), so the folder never holds more than about 20 MB of logs.
//! The files are readable by their owner only (they name people and meetings).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct LogFile {
    path: PathBuf,
    max_bytes: u64,
    keep: usize,
    state: Mutex<Open>,
}

struct Open {
    file: File,
    size: u64,
}

impl LogFile {
    pub const MAX_BYTES: u64 = 5 * 1024 * 1024;
    /// Rotated files kept besides the current one.
    pub const KEEP: usize = 3;

    /// Opens (appending) or creates `path`, and its folder.
    pub fn open(path: &Path) -> io::Result<Self> {
        Self::with_limits(path, Self::MAX_BYTES, Self::KEEP)
    }

    pub fn with_limits(path: &Path, max_bytes: u64, keep: usize) -> io::Result<Self> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let file = open_append(path)?;
        let size = file.metadata()?.len();
        Ok(Self {
            path: path.to_path_buf(),
            max_bytes,
            keep,
            state: Mutex::new(Open { file, size }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn rotated(&self, n: usize) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    fn rotate(&self, open: &mut Open) -> io::Result<()> {
        for n in (1..self.keep).rev() {
            let from = self.rotated(n);
            if from.exists() {
                let to = self.rotated(n + 1);
                // Windows will not rename over an existing file.
                let _ = fs::remove_file(&to);
                fs::rename(&from, to)?;
            }
        }
        if self.keep == 0 {
            fs::remove_file(&self.path)?;
        } else {
            let _ = fs::remove_file(self.rotated(1));
            fs::rename(&self.path, self.rotated(1))?;
        }
        open.file = open_append(&self.path)?;
        open.size = 0;
        Ok(())
    }
}

impl Write for &LogFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // A poisoned lock only means a writer panicked mid-line; the file is still usable.
        let mut open = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if open.size > 0 && open.size + buf.len() as u64 > self.max_bytes {
            // If rotating fails (a full disk, a file held elsewhere), keep appending.
            let _ = self.rotate(&mut open);
        }
        open.file.write_all(buf)?;
        open.size += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut open = self.state.lock().unwrap_or_else(|e| e.into_inner());
        open.file.flush()
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogFile {
    type Writer = &'a LogFile;

    fn make_writer(&'a self) -> Self::Writer {
        self
    }
}

/// Appends to `path`, creating it readable by its owner only.
pub(crate) fn open_append(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_moves_to_dot_one_and_only_keep_old_files_stay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logs").join("rollcall.log");
        let log = LogFile::with_limits(&path, 100, 2).unwrap();
        let line = |n: usize| format!("{n:0>49}\n"); // 50 bytes: two lines fill a file
        for n in 0..7 {
            (&log).write_all(line(n).as_bytes()).unwrap();
        }
        let read = |p: &Path| fs::read_to_string(p).unwrap();
        assert_eq!(read(&path), line(6));
        assert_eq!(read(&log.rotated(1)), line(4) + &line(5));
        assert_eq!(read(&log.rotated(2)), line(2) + &line(3));
        assert!(
            !log.rotated(3).exists(),
            "lines 0 and 1 are gone with the oldest file"
        );
    }

    #[test]
    fn reopening_appends_to_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rollcall.log");
        (&LogFile::open(&path).unwrap())
            .write_all(b"first\n")
            .unwrap();
        (&LogFile::open(&path).unwrap())
            .write_all(b"second\n")
            .unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "first\nsecond\n");
    }

    #[cfg(unix)]
    #[test]
    fn only_the_owner_can_read_the_log() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rollcall.log");
        LogFile::open(&path).unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
