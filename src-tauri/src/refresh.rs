//! The periodic attendance refresh while the window is open (the decision is core's
//! `attendance::refresh::refresh_decision`, tested there; this is only the clock that asks).
//! It lives here because "while the app is open" is this process's lifetime; the CLI has none.

use std::sync::Arc;
use std::time::Duration;

use rollcall_core::App;
use rollcall_core::attendance::refresh::{RECENT_DAYS, RefreshDecision, refresh_decision};

/// How often the timer looks at the setting (a changed interval applies within this).
const TICK: Duration = Duration::from_secs(30);

pub fn spawn_attendance_refresh(app: Arc<App>) {
    tauri::async_runtime::spawn(async move {
        // The first refresh comes one period after the window opens.
        let mut last = app.clock().now();
        loop {
            tokio::time::sleep(TICK).await;
            let minutes = match app.attendance_settings().await {
                Ok(s) => s.refresh_minutes,
                Err(_) => continue,
            };
            let running = app.attendance_sync_running().await.unwrap_or(true);
            let now = app.clock().now();
            match refresh_decision(minutes, last, now, running) {
                RefreshDecision::Run => {
                    last = now;
                    // Without a Zoom connection (first run) there is nothing to refresh.
                    let connected = app
                        .status()
                        .await
                        .is_ok_and(|s| s.mode != rollcall_core::AppMode::FirstRun);
                    if !connected {
                        continue;
                    }
                    match app.create_recent_attendance_sync(RECENT_DAYS).await {
                        Ok(None) => {}
                        Ok(Some(job)) => {
                            if let Err(err) = app.start_job(&job.id).await {
                                tracing::warn!("attendance refresh did not start: {}", err.message);
                            }
                        }
                        Err(err) => tracing::warn!("attendance refresh failed: {}", err.message),
                    }
                }
                RefreshDecision::Off => last = now,
                RefreshDecision::Wait(_) | RefreshDecision::Busy => {}
            }
        }
    });
}
