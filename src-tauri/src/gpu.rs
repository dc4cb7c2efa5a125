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
//!
//! The setting alone still leaves Mesa (llvmpipe and its 50 MB libLLVM) loaded in the app process:
//! GTK probes GLX when it opens the display, and WebKit opens an EGL display to find the GPU it
//! would hand the web process and to check its DMA-BUF renderer. Those three happen before any
//! window exists, so they are answered by the environment, set first thing in `main`
//! ([`prepare_environment`]): about 20 MB less at start (BENCHMARKS.md). The web process still opens
//! an EGL display whatever it is told (WebKitGTK 2.50 aborts without one), so Mesa stays there.

use std::sync::OnceLock;

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

/// What GTK and WebKit are told through the environment when the page is painted on the CPU,
/// so that neither loads OpenGL into the app process:
/// - GTK's GLX probe when it opens the X display;
/// - WebKit's check for its DMA-BUF renderer (it draws nothing on the CPU path);
/// - WebKit's question to EGL for the GPU to hand the web process. Naming the device skips the
///   question; with no render node there is no device, and `/dev/null` is one that is surely
///   not a GPU (the web process then falls back as it would with none).
pub const CPU_PAINTING_ENVIRONMENT: [(&str, &str); 3] = [
    ("GDK_GL", "disable"),
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null"),
];

/// The variables of [`CPU_PAINTING_ENVIRONMENT`] to set: none unless the page is painted on the
/// CPU, and never one the user has set already (theirs wins).
pub fn variables_to_set(
    choice: Compositing,
    is_set: impl Fn(&str) -> bool,
) -> Vec<(&'static str, &'static str)> {
    if choice == Compositing::Default {
        return Vec::new();
    }
    CPU_PAINTING_ENVIRONMENT
        .into_iter()
        .filter(|(name, _)| !is_set(name))
        .collect()
}

/// The choice made at start, and the variables the app set for it.
struct Prepared {
    choice: Compositing,
    render_node: bool,
    set: Vec<&'static str>,
}

static PREPARED: OnceLock<Prepared> = OnceLock::new();

/// Decide once, at the start of `main` before any thread exists, and set the environment GTK and
/// WebKit read when they start (Linux only; elsewhere only the decision is kept).
#[allow(unsafe_code)]
pub fn prepare_environment() {
    let (choice, render_node) = decide();
    let set = if cfg!(target_os = "linux") {
        variables_to_set(choice, |name| std::env::var_os(name).is_some())
    } else {
        Vec::new()
    };
    for (name, value) in &set {
        // SAFETY: called first thing in `main`, before the app starts any thread (logging,
        // the async runtime, GTK and WebKit all start later), so nothing can read the
        // environment while it changes.
        unsafe { std::env::set_var(name, value) };
    }
    let set = set.into_iter().map(|(name, _)| name).collect();
    let _ = PREPARED.set(Prepared {
        choice,
        render_node,
        set,
    });
}

/// The compositing for this machine, and whether it has a render node.
fn decide() -> (Compositing, bool) {
    let render_node = has_render_node();
    let variable = std::env::var("ROLLCALL_GPU").ok();
    (choose(variable.as_deref(), render_node), render_node)
}

/// Remove the variables the app set for itself from a program it starts (the file manager):
/// they describe how Rollcall paints, not how that program should.
pub fn clear_own_environment(command: &mut std::process::Command) {
    if let Some(prepared) = PREPARED.get() {
        remove_variables(command, &prepared.set);
    }
}

fn remove_variables(command: &mut std::process::Command, names: &[&str]) {
    for name in names {
        command.env_remove(name);
    }
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
    // Decided in `prepare_environment` (first thing in `run`); decided here only if it was not.
    let prepared = PREPARED.get_or_init(|| {
        let (choice, render_node) = decide();
        Prepared {
            choice,
            render_node,
            set: Vec::new(),
        }
    });
    let choice = prepared.choice;
    tracing::info!(
        ?choice,
        render_node = prepared.render_node,
        environment = ?prepared.set,
        "web view compositing"
    );
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

    #[test]
    fn painting_on_the_cpu_keeps_opengl_out_of_the_app_process_through_the_environment() {
        let names = |v: Vec<(&'static str, &'static str)>| {
            v.into_iter().map(|(n, _)| n).collect::<Vec<_>>()
        };
        assert_eq!(
            names(variables_to_set(Compositing::CpuOnly, |_| false)),
            [
                "GDK_GL",
                "WEBKIT_DISABLE_DMABUF_RENDERER",
                "WEBKIT_WEB_RENDER_DEVICE_FILE"
            ]
        );
        // With WebKit's default compositing nothing is changed.
        assert!(variables_to_set(Compositing::Default, |_| false).is_empty());
    }

    #[test]
    fn a_program_the_app_starts_gets_none_of_the_variables_the_app_set_for_itself() {
        let mut opener = std::process::Command::new("xdg-open");
        remove_variables(&mut opener, &["WEBKIT_DISABLE_DMABUF_RENDERER", "GDK_GL"]);
        let mut removed: Vec<_> = opener
            .get_envs()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| name.to_string_lossy().into_owned())
            .collect();
        removed.sort();
        assert_eq!(removed, ["GDK_GL", "WEBKIT_DISABLE_DMABUF_RENDERER"]);
    }

    #[test]
    fn a_variable_the_user_set_is_left_as_they_set_it() {
        let set = variables_to_set(Compositing::CpuOnly, |name| name == "GDK_GL");
        assert!(set.iter().all(|(name, _)| *name != "GDK_GL"));
        assert_eq!(set.len(), 2);
    }
}
