//! Whether WebKit composites the page with OpenGL (Linux).
//!
//! WebKitGTK's default policy composites every page with OpenGL. On a machine without a GPU
//! (no `/dev/dri/renderD*` render node: a virtual machine, a remote desktop, Xvfb) that OpenGL is
//! Mesa's software renderer (llvmpipe): compositing with it costs the web process about 78 MB
//! (265 against 187 MB resident at start, BENCHMARKS.md) and paints more slowly than WebKit's own
//! CPU painting (a filtered table's frame). So without a render
//! node the app sets WebKit's supported setting `hardware-acceleration-policy` to `NEVER`; with
//! one, WebKit's default is left alone. `ROLLCALL_GPU=on|off` overrides the guess for machines
//! with odd drivers.

/// What to ask WebKit for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compositing {
    /// WebKit's default (OpenGL compositing, on the GPU when there is one).
    Default,
    /// `hardware-acceleration-policy = NEVER`: WebKit paints on the CPU, no OpenGL loaded.
    CpuOnly,
}

/// The choice from the `ROLLCALL_GPU` variable (when set) and whether a GPU render node exists.
/// An unknown value of the variable is ignored (the guess stands) and reported by the caller.
pub fn choose(variable: Option<&str>, has_render_node: bool) -> Compositing {
    match variable.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
        Some("on" | "1" | "yes" | "true") => Compositing::Default,
        Some("off" | "0" | "no" | "false") => Compositing::CpuOnly,
        _ if has_render_node => Compositing::Default,
        _ => Compositing::CpuOnly,
    }
}

/// Whether the variable's value is one [`choose`] understands (unset counts as understood).
pub fn understood(variable: Option<&str>) -> bool {
    variable.is_none_or(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "on" | "1" | "yes" | "true" | "off" | "0" | "no" | "false"
        )
    })
}

/// A DRM render node (`/dev/dri/renderD128`, …): a GPU driver that OpenGL can use.
pub fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Apply the choice to the main window's web view (Linux only; elsewhere nothing to do).
pub fn apply(window: &tauri::WebviewWindow) {
    let variable = std::env::var("ROLLCALL_GPU").ok();
    if !understood(variable.as_deref()) {
        tracing::warn!(
            "ROLLCALL_GPU={} is not understood (use on or off): guessing from the machine",
            variable.as_deref().unwrap_or_default()
        );
    }
    let render_node = has_render_node();
    let choice = choose(variable.as_deref(), render_node);
    tracing::info!(?choice, render_node, "web view compositing");
    if choice == Compositing::Default {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        let result = window.with_webview(|webview| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(err) = result {
            tracing::warn!("could not set the web view's compositing: {err}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_render_node_webkit_paints_on_the_cpu_unless_told_otherwise() {
        assert_eq!(choose(None, false), Compositing::CpuOnly);
        assert_eq!(choose(Some("on"), false), Compositing::Default);
        assert_eq!(choose(Some(" ON "), false), Compositing::Default);
        assert_eq!(choose(Some("off"), false), Compositing::CpuOnly);
    }

    #[test]
    fn with_a_render_node_webkit_keeps_its_default_unless_told_off() {
        assert_eq!(choose(None, true), Compositing::Default);
        assert_eq!(choose(Some("off"), true), Compositing::CpuOnly);
        assert_eq!(choose(Some("0"), true), Compositing::CpuOnly);
        assert_eq!(choose(Some("on"), true), Compositing::Default);
    }

    #[test]
    fn an_unknown_value_leaves_the_guess_and_is_reported() {
        assert_eq!(choose(Some("maybe"), true), Compositing::Default);
        assert_eq!(choose(Some("maybe"), false), Compositing::CpuOnly);
        assert!(!understood(Some("maybe")));
        assert!(understood(Some("Off")));
        assert!(understood(None));
    }
}
