//! The desktop shell: thin commands over `rollcall-core`, typed with tauri-specta.
//! Everything a command does lives in core; a command only unwraps state and forwards.

mod bindings;
mod commands;
mod events;
mod gpu;
mod memory;
mod refresh;
mod state;
mod webview_health;

use tauri::Manager;

pub fn run() {
    // Before anything else, while the process has one thread: what GTK and WebKit read from
    // the environment when they start (gpu.rs).
    gpu::prepare_environment();
    let data_dir = rollcall_core::paths::default_data_dir();
    // One redacting writer for every line, on stderr and in <data>/logs/rollcall.log; a panic
    // leaves a crash report next to the log (rollcall_core::logs).
    if let Some(file) = rollcall_core::logs::init("info", Some(&data_dir)) {
        tracing::info!(
            "Rollcall {} started; this log is also in {}",
            env!("CARGO_PKG_VERSION"),
            file.display()
        );
    }
    rollcall_core::logs::install_crash_hook(
        &data_dir,
        "rollcall-desktop",
        env!("CARGO_PKG_VERSION"),
    );
    let builder = bindings::builder();
    tauri::Builder::default()
        // Native open/save dialogs for imports and exports (the UI asks; the app reads or
        // writes only the file the admin picked).
        .plugin(tauri_plugin_dialog::init())
        // The window comes back where and as large as the admin left it.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .invoke_handler({
            let handler = builder.invoke_handler();
            move |invoke| {
                memory::command_called();
                handler(invoke)
            }
        })
        .setup(move |app| {
            builder.mount_events(app);
            // Large answers leave freed memory in glibc's arenas: give it back when quiet.
            memory::start();
            // No GPU: WebKit paints on the CPU instead of Mesa's software OpenGL (see gpu.rs).
            if let Some(window) = app.get_webview_window("main") {
                gpu::apply(&window);
                // A crashed or hung page is logged with WebKit's reason and reloaded.
                webview_health::watch(&window);
            }
            let options = rollcall_core::OpenOptions::from_env();
            // One Rollcall per data folder: a second window would run the same jobs twice. The
            // lock comes first, so a second window leaves before touching anything.
            let lock = match rollcall_core::lock::DataFolderLock::acquire(&options.data_dir) {
                Ok(lock) => Some(lock),
                Err(err) if err.code == rollcall_core::ErrorCode::AlreadyOpen => {
                    already_open(app, &err.message);
                    return Ok(());
                }
                Err(err) => {
                    tracing::warn!(detail = ?err.detail, "could not lock the data folder: {}", err.message);
                    None
                }
            };
            // Opening may fail (a damaged or newer store): the window still opens and every
            // command answers with the plain error and the way out.
            let opened = tauri::async_runtime::block_on(rollcall_core::App::open(options));
            if let Err(err) = &opened {
                tracing::error!(code = ?err.code, detail = ?err.detail, "could not open the data folder");
            }
            if let (Ok(core), Some(lock)) = (&opened, lock) {
                core.hold_data_folder_lock(lock);
            }
            let state = state::AppState::new(opened);
            if let Ok(core) = state.app() {
                events::forward_job_progress(app.handle().clone(), core.clone());
                // Jobs cut off when the app last stopped continue where they were.
                tauri::async_runtime::spawn(async move {
                    if let Err(err) = core.resume_unfinished_jobs().await {
                        tracing::warn!("could not resume jobs: {}", err.message);
                    }
                });
            }
            if let Ok(core) = state.app() {
                refresh::spawn_attendance_refresh(core);
            }
            app.manage(state);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the desktop shell failed to start");
}

/// Another Rollcall holds this data folder: say so plainly, then leave without touching anything.
fn already_open(app: &mut tauri::App, message: &str) {
    use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
    eprintln!("{message}");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
    let handle = app.handle().clone();
    app.dialog()
        .message(message)
        .title("Rollcall")
        .kind(MessageDialogKind::Info)
        .show(move |_| handle.exit(0));
}
