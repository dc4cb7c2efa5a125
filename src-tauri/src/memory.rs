//! Giving memory back to the system after large answers.
//!
//! An import of 10,000 people, or the directory sent to the People page, allocates tens of
//! megabytes for a moment on whichever runtime thread ran it. glibc keeps what is freed in that
//! thread's arena for the next allocation, so the app stayed about 45 MB larger after such a
//! moment than before it (BENCHMARKS.md, issue 8). A second after the UI's last call, the app
//! asks glibc to hand back every free page (`malloc_trim`): a burst of calls costs one trim, on
//! a blocking thread, while nobody waits.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::Notify;

/// How long the UI must be quiet before the app trims.
const QUIET: Duration = Duration::from_secs(1);

static CALLED: OnceLock<Arc<Notify>> = OnceLock::new();

/// Start the trimmer (once, with the async runtime running).
pub fn start() {
    let called = CALLED.get_or_init(|| Arc::new(Notify::new())).clone();
    tauri::async_runtime::spawn(trim_when_quiet(called, QUIET, || {
        tauri::async_runtime::spawn_blocking(release_free_memory);
    }));
}

/// The UI called a command: trim once it has been quiet for a while.
pub fn command_called() {
    if let Some(called) = CALLED.get() {
        called.notify_one();
    }
}

/// After each call, wait until `quiet` passes with no further call, then `trim` once.
async fn trim_when_quiet(called: Arc<Notify>, quiet: Duration, trim: impl Fn()) {
    loop {
        called.notified().await;
        while tokio::time::timeout(quiet, called.notified()).await.is_ok() {}
        trim();
    }
}

/// Hand the pages glibc holds free, in every arena, back to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn release_free_memory() {
    // SAFETY: malloc_trim takes no pointer and may be called from any thread at any time; it
    // only locks glibc's arenas while it returns their free pages.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Other allocators (macOS, Windows, musl) return memory on their own.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_calls_is_trimmed_once_after_the_quiet_second() {
        let called = Arc::new(Notify::new());
        let trims = Arc::new(AtomicUsize::new(0));
        let counted = trims.clone();
        tokio::spawn(trim_when_quiet(called.clone(), QUIET, move || {
            counted.fetch_add(1, Ordering::SeqCst);
        }));
        for _ in 0..5 {
            called.notify_one();
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        assert_eq!(
            trims.load(Ordering::SeqCst),
            0,
            "not while the UI is still calling"
        );
        tokio::time::sleep(Duration::from_millis(800)).await;
        assert_eq!(
            trims.load(Ordering::SeqCst),
            1,
            "once, a second after the last call"
        );
        tokio::time::sleep(Duration::from_secs(10)).await;
        assert_eq!(
            trims.load(Ordering::SeqCst),
            1,
            "and not again without a call"
        );
        called.notify_one();
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(
            trims.load(Ordering::SeqCst),
            2,
            "the next call brings the next trim"
        );
    }
}
