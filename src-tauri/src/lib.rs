//! The desktop shell: thin commands over `rollcall-core`, typed with tauri-specta.
//! Everything a command does lives in core; a command only unwraps state and forwards.

mod bindings;
mod commands;
mod state;

use tauri::Manager;

pub fn run() {
    init_logging();
    let builder = bindings::builder();
    tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let options = rollcall_core::OpenOptions::from_env();
            // Opening may fail (a damaged or newer store): the window still opens and every
            // command answers with the plain error and the way out.
            let opened = tauri::async_runtime::block_on(rollcall_core::App::open(options));
            if let Err(err) = &opened {
                tracing::error!(code = ?err.code, detail = ?err.detail, "could not open the data folder");
            }
            app.manage(state::AppState::new(opened));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the desktop shell failed to start");
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ROLLCALL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
