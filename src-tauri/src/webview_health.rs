//! The window's page runs in WebKit's own web process. When that process crashes, is killed for
//! its memory, or stops answering, the window goes blank or ignores clicks while the app itself
//! is fine, and nothing in the app's log would say why. This says it (with the reason WebKit
//! gives, the one piece of evidence a crash report of the app cannot hold) and brings the page
//! back, so the admin gets a working window instead of a blank one.

/// Watches the main window's web process (Linux; WebKitGTK's `web-process-terminated` signal
/// and `is-web-process-responsive` property). Elsewhere the system web view recovers by itself.
pub fn watch(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let result = window.with_webview(|webview| {
            use webkit2gtk::{WebProcessTerminationReason, WebViewExt};
            let view = webview.inner();
            view.connect_web_process_terminated(|view, reason| {
                let why = match reason {
                    WebProcessTerminationReason::Crashed => "crashed",
                    WebProcessTerminationReason::ExceededMemoryLimit => {
                        "was stopped by WebKit for using too much memory"
                    }
                    WebProcessTerminationReason::TerminatedByApi => "was ended by the app",
                    _ => "ended for a reason WebKit did not name",
                };
                tracing::error!(reason = ?reason, "the window's web process {why}; reloading the page");
                if reason != WebProcessTerminationReason::TerminatedByApi {
                    view.reload();
                }
            });
            view.connect_is_web_process_responsive_notify(|view| {
                if view.is_web_process_responsive() {
                    tracing::info!("the window's web process answers again");
                } else {
                    tracing::warn!("the window's web process stopped answering");
                }
            });
        });
        if let Err(err) = result {
            tracing::warn!("could not watch the window's web process: {err}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
