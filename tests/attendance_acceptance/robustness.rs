//! Sync robustness: a failed page leaves the instance unprocessed and a rerun completes it with
//! no duplicate rows; a report that is not ready is retried, not saved empty; UUIDs beginning
//! with `/` or containing `//` work end to end.

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};

use futures::future::BoxFuture;
use rollcall_core::attendance::sync::{InstanceSyncOutcome, SourcePreference, SyncContext};
use rollcall_zoom::transport::{ReqwestTransport, Transport, WireError, WireRequest, WireResponse};

use crate::support::{World, t, world, zoom_client_with};

const PASS: u8 = 0;
/// Every later page of the participants report answers 500.
const FAIL_LATER_PAGES: u8 = 1;
/// The report answers with no rows, as Zoom does while it is still preparing it.
const EMPTY_REPORT: u8 = 2;

struct Scripted {
    inner: ReqwestTransport,
    mode: Arc<AtomicU8>,
}

impl Transport for Scripted {
    fn send(&self, request: WireRequest) -> BoxFuture<'static, Result<WireResponse, WireError>> {
        let url = request.url.to_string();
        let report = url.contains("/report/meetings/") && url.contains("/participants");
        let mode = self.mode.load(Ordering::SeqCst);
        if report && mode == FAIL_LATER_PAGES && url.contains("next_page_token=") {
            return Box::pin(async {
                Ok(WireResponse {
                    status: 500,
                    headers: Default::default(),
                    body: r#"{"code":500,"message":"Internal error"}"#.into(),
                })
            });
        }
        if report && mode == EMPTY_REPORT {
            return Box::pin(async {
                Ok(WireResponse {
                    status: 200,
                    headers: {
                        let mut h = http::HeaderMap::new();
                        h.insert("content-type", "application/json".parse().unwrap());
                        h
                    },
                    body: r#"{"page_size":300,"total_records":0,"next_page_token":"","participants":[]}"#
                        .into(),
                })
            });
        }
        self.inner.send(request)
    }
}

#[derive(Debug)]
struct Fixed(chrono::DateTime<chrono::Utc>);
impl rollcall_core::clock::Clock for Fixed {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.0
    }
}

/// A meeting without registration, 310 anonymous participants plus the host: two pages.
async fn big_meeting(w: &World) -> (i64, String) {
    let m = w
        .zoom_meeting("Open lecture", "2026-03-02T09:00:00Z", false, false)
        .await;
    let local = w
        .insert_meeting(m.id, "Open lecture", "scheduled", "2026-03-02T09:00:00Z")
        .await;
    let url = m.join_url.clone().unwrap();
    w.at("2026-03-02T09:00:00Z");
    let uuid = w.start(m.id).await;
    for i in 0..310 {
        w.join(&url, &format!("Listener {i:03}")).await;
    }
    w.at("2026-03-02T10:00:00Z");
    w.end(m.id).await;
    w.at("2026-03-02T10:01:00Z");
    (local, uuid)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_page_leaves_nothing_and_a_rerun_completes_without_duplicates() {
    // Every instance UUID is one that needs double encoding.
    let w = world(None, 1.0).await;
    let (local, uuid) = big_meeting(&w).await;
    assert!(uuid.starts_with('/') || uuid.contains("//"), "{uuid}");

    let mode = Arc::new(AtomicU8::new(FAIL_LATER_PAGES));
    let client = zoom_client_with(
        &w.sim,
        rollcall_zoom::ClientOptions {
            transport: Some(Arc::new(Scripted {
                inner: ReqwestTransport::new().unwrap(),
                mode: mode.clone(),
            })),
            backoff_base: std::time::Duration::from_millis(1),
            backoff_max: std::time::Duration::from_millis(5),
            ..Default::default()
        },
    );
    let store = w.app.store().await;
    let ctx = SyncContext {
        store: store.clone(),
        client: Arc::new(client),
        clock: Arc::new(Fixed(t("2026-03-02T10:01:00Z"))),
        preference: SourcePreference::Report,
    };
    let meeting = store.meeting_row(local).await.unwrap().unwrap();
    let instances = ctx.discover(&meeting, None).await.unwrap();
    assert_eq!(instances.len(), 1);
    assert_eq!(instances[0].uuid, uuid);
    let id = instances[0].id;

    let err = ctx.sync_instance(id, false).await.unwrap_err();
    assert_eq!(
        err.code,
        rollcall_core::ErrorCode::ZoomUnavailable,
        "{err:?}"
    );
    let row = store.attendance_instance_by_id(id).await.unwrap().unwrap();
    assert_eq!(row.state, "failed");
    assert!(row.retry_at.is_some());
    assert_eq!(
        store.attendance_row_count(id).await.unwrap(),
        0,
        "nothing half-saved"
    );
    assert!(store.attendance_records(id).await.unwrap().is_empty());

    mode.store(PASS, Ordering::SeqCst);
    let done = ctx.sync_instance(id, false).await.unwrap();
    assert!(
        matches!(done, InstanceSyncOutcome::Fetched { rows: 311, .. }),
        "{done:?}"
    );
    assert_eq!(store.attendance_row_count(id).await.unwrap(), 311);
    // A forced rerun replaces the rows: still no duplicates.
    ctx.sync_instance(id, true).await.unwrap();
    assert_eq!(store.attendance_row_count(id).await.unwrap(), 311);
    // The raw JSON is kept next to the normalised fields.
    let rows = store.attendance_rows(id).await.unwrap();
    let raw: serde_json::Value = serde_json::from_str(&rows[1].raw).unwrap();
    assert!(raw.get("join_time").is_some(), "{raw}");

    // Through the app too (the job path), with the double-encoded UUID.
    let view = w
        .app
        .instance_attendance(&meeting.zoom_meeting_id.to_string(), Some(&uuid))
        .await
        .unwrap();
    assert_eq!(view.instance.uuid, uuid);
    let queue = w.app.review_queue(&meeting.id.to_string()).await.unwrap();
    assert_eq!(
        queue.len(),
        310,
        "the anonymous listeners await review; the host does not"
    );
    w.sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_not_ready_is_retried_not_saved_empty() {
    let w = world(None, 1.0).await;
    let m = w
        .zoom_meeting("Short call", "2026-03-02T09:00:00Z", false, false)
        .await;
    let local = w
        .insert_meeting(m.id, "Short call", "scheduled", "2026-03-02T09:00:00Z")
        .await;
    w.at("2026-03-02T09:00:00Z");
    w.start(m.id).await;
    w.join(&m.join_url.clone().unwrap(), "Visitor").await;
    w.at("2026-03-02T09:30:00Z");
    w.end(m.id).await;

    let mode = Arc::new(AtomicU8::new(EMPTY_REPORT));
    let client = zoom_client_with(
        &w.sim,
        rollcall_zoom::ClientOptions {
            transport: Some(Arc::new(Scripted {
                inner: ReqwestTransport::new().unwrap(),
                mode: mode.clone(),
            })),
            ..Default::default()
        },
    );
    let store = w.app.store().await;
    let ctx = SyncContext {
        store: store.clone(),
        client: Arc::new(client),
        clock: Arc::new(Fixed(t("2026-03-02T09:31:00Z"))),
        preference: SourcePreference::Report,
    };
    let meeting = store.meeting_row(local).await.unwrap().unwrap();
    let id = ctx.discover(&meeting, None).await.unwrap()[0].id;
    let outcome = ctx.sync_instance(id, false).await.unwrap();
    let InstanceSyncOutcome::NotReady { retry_at } = outcome else {
        panic!("{outcome:?}");
    };
    assert!(retry_at > t("2026-03-02T09:31:00Z"));
    let row = store.attendance_instance_by_id(id).await.unwrap().unwrap();
    assert_eq!(row.state, "not_ready");
    assert_eq!(store.attendance_row_count(id).await.unwrap(), 0);
    // Not "nobody came": no absent records were written.
    assert!(store.attendance_records(id).await.unwrap().is_empty());

    mode.store(PASS, Ordering::SeqCst);
    let outcome = ctx.sync_instance(id, false).await.unwrap();
    assert!(
        matches!(outcome, InstanceSyncOutcome::Fetched { rows: 2, .. }),
        "{outcome:?}"
    );
    w.sim.shutdown().await;
}
