//! The real OS keychain (the Secret Service). ./scripts/test runs the Rust tests inside
//! `dbus-run-session` with an unlocked gnome-keyring and ROLLCALL_REQUIRE_KEYCHAIN=1, so there
//! this test must run; a developer's plain `cargo test` without a session skips it loudly.

use rollcall_core::secrets::{Secret, SecretStore};

pub fn real_keychain(service: &str) -> Option<SecretStore> {
    let store = SecretStore::system(service).ok();
    // Probe with a harmless entry: a bus without an unlocked keyring fails only on use.
    let usable = store.as_ref().is_some_and(|s| {
        s.save("probe", &Secret::new("probe".to_owned())).is_ok() && s.delete("probe").is_ok()
    });
    if usable {
        return store;
    }
    if std::env::var_os("ROLLCALL_REQUIRE_KEYCHAIN").is_some() {
        panic!("ROLLCALL_REQUIRE_KEYCHAIN is set but the Secret Service is not usable");
    }
    eprintln!(
        "SKIPPED: no usable Secret Service (run inside ./scripts/test for the real keychain)"
    );
    None
}

#[test]
fn real_secret_service_round_trip() {
    let service = format!("rollcall-test-{}", std::process::id());
    let Some(store) = real_keychain(&service) else {
        return;
    };
    let key = "zoom-account-keychain-test";
    store
        .save(key, &Secret::new("real-keychain-secret".to_owned()))
        .expect("save");
    assert_eq!(
        store.load(key).expect("load").expose(),
        "real-keychain-secret"
    );
    store.delete(key).expect("delete");
    assert!(store.load(key).is_err());
}
