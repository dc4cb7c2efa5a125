use std::sync::Arc;

use rollcall_core::{App, AppError, Result};

/// The opened data folder, or why it could not be opened.
pub struct AppState {
    app: std::result::Result<Arc<App>, AppError>,
}

impl AppState {
    pub fn new(opened: Result<App>) -> Self {
        Self {
            app: opened.map(Arc::new),
        }
    }

    pub fn app(&self) -> Result<Arc<App>> {
        self.app.clone()
    }
}
