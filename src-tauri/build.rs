/// Rollcall's own commands, each of which must be granted by a capability. Listing them in the
/// app manifest makes Tauri deny any command a capability does not grant.
const COMMANDS: &[&str] = &[
    "app_status",
    "start_demo",
    "leave_demo",
    "accounts_list",
    "accounts_add",
    "accounts_test",
    "accounts_rename",
    "accounts_remove",
    "accounts_use",
    "jobs_list",
    "job_items",
    "job_pause",
    "job_resume",
    "job_cancel",
    "job_retry_failed",
    "people_list",
    "people_groups",
    "people_import_preview",
    "people_import",
    "people_export",
    "provision_start",
    "provision_count",
    "people_set_active",
    "deprovision_preview",
    "people_deactivate",
    // Settings → Data (backup and restore)
    "store_data_folder",
    "store_backup",
    "store_restore",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
