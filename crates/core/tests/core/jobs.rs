//! The job runner: every outcome recorded as it happens; pause, resume, cancel; a crash
//! mid-item makes the handler look before acting; nothing is done twice.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rollcall_core::error::AppError;
use rollcall_core::jobs::{ItemHandler, ItemResult, ItemState, JobItem, JobKind, JobState, Runner};
use rollcall_core::store::Store;
use rollcall_core::store::jobs::NewItem;

/// Records every call; fails or pauses on chosen subjects; can ask to pause after N items.
#[derive(Default)]
struct Recorder {
    calls: Mutex<Vec<(String, bool)>>,
    fail: Vec<String>,
    pause_on: Vec<String>,
    batch: usize,
}

#[async_trait::async_trait]
impl ItemHandler for Recorder {
    fn batch_size(&self) -> usize {
        self.batch.max(1)
    }
    fn concurrency(&self) -> usize {
        2
    }
    async fn run(&self, items: Vec<JobItem>, interrupted: bool) -> Vec<ItemResult> {
        items
            .into_iter()
            .map(|item| {
                if self.pause_on.contains(&item.subject) {
                    return ItemResult::Pause {
                        reason: AppError::validation("Zoom's daily limit is reached."),
                        until: None,
                    };
                }
                self.calls
                    .lock()
                    .unwrap()
                    .push((item.subject.clone(), interrupted));
                if self.fail.contains(&item.subject) {
                    ItemResult::Failed(AppError::validation("Zoom refused this email."))
                } else {
                    ItemResult::Done(serde_json::json!({ "zoomId": format!("z-{}", item.subject) }))
                }
            })
            .collect()
    }
}

fn items(n: usize) -> Vec<NewItem> {
    (0..n)
        .map(|i| NewItem {
            idempotency_key: format!("provision:p{i}"),
            subject: format!("p{i}"),
            label: format!("Person {i}"),
        })
        .collect()
}

async fn runner() -> Runner {
    Runner::new(
        Store::in_memory().await.unwrap(),
        rollcall_core::clock::system(),
    )
}

fn counts(calls: &[(String, bool)]) -> HashMap<String, usize> {
    let mut map = HashMap::new();
    for (subject, _) in calls {
        *map.entry(subject.clone()).or_default() += 1;
    }
    map
}

#[tokio::test]
async fn a_job_runs_every_item_once_and_records_each_outcome() {
    let runner = runner().await;
    let job = runner
        .create(
            JobKind::Provision,
            "Provision 50 people",
            None,
            &serde_json::json!({}),
            &items(50),
        )
        .await
        .unwrap();
    assert_eq!(job.total, 50);
    assert_eq!(job.state, JobState::Queued);

    let handler = Arc::new(Recorder {
        batch: 1,
        ..Default::default()
    });
    let mut events = runner.subscribe();
    let job = runner.run(&job.id, handler.clone()).await.unwrap();
    assert_eq!(job.state, JobState::Completed);
    assert_eq!((job.done, job.failed), (50, 0));
    assert!(
        counts(&handler.calls.lock().unwrap())
            .values()
            .all(|&n| n == 1)
    );
    assert!(
        runner
            .items(&job.id)
            .await
            .unwrap()
            .iter()
            .all(|i| i.state == ItemState::Done)
    );

    // Progress was published, ending with the completed state.
    let mut last = None;
    while let Ok(progress) = events.try_recv() {
        last = Some(progress);
    }
    let last = last.unwrap();
    assert_eq!(
        (last.state, last.done, last.total),
        (JobState::Completed, 50, 50)
    );
}

#[tokio::test]
async fn duplicate_keys_collapse_into_one_item() {
    let runner = runner().await;
    let mut list = items(3);
    list.push(list[0].clone());
    let job = runner
        .create(
            JobKind::Provision,
            "dups",
            None,
            &serde_json::json!({}),
            &list,
        )
        .await
        .unwrap();
    assert_eq!(job.total, 3);
}

#[tokio::test]
async fn failures_are_kept_per_item_and_retry_runs_only_those() {
    let runner = runner().await;
    let job = runner
        .create(
            JobKind::Provision,
            "p",
            None,
            &serde_json::json!({}),
            &items(10),
        )
        .await
        .unwrap();
    let handler = Arc::new(Recorder {
        fail: vec!["p3".into(), "p7".into()],
        ..Default::default()
    });
    let job = runner.run(&job.id, handler.clone()).await.unwrap();
    assert_eq!(job.state, JobState::Failed);
    assert_eq!((job.done, job.failed), (8, 2));
    let failed: Vec<_> = runner
        .items(&job.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.state == ItemState::Failed)
        .collect();
    assert_eq!(failed.len(), 2);
    assert_eq!(
        failed[0].error_message.as_deref(),
        Some("Zoom refused this email.")
    );

    runner.retry_failed(&job.id).await.unwrap();
    let fixed = Arc::new(Recorder::default());
    let job = runner.run(&job.id, fixed.clone()).await.unwrap();
    assert_eq!(job.state, JobState::Completed);
    let retried = counts(&fixed.calls.lock().unwrap());
    assert_eq!(
        retried.len(),
        2,
        "only the failed items run again: {retried:?}"
    );
}

#[tokio::test]
async fn a_daily_limit_pauses_the_job_and_a_resume_finishes_without_repeats() {
    let runner = runner().await;
    let job = runner
        .create(
            JobKind::Register,
            "r",
            None,
            &serde_json::json!({}),
            &items(20),
        )
        .await
        .unwrap();
    let first = Arc::new(Recorder {
        pause_on: vec!["p12".into()],
        ..Default::default()
    });
    let job = runner.run(&job.id, first.clone()).await.unwrap();
    assert_eq!(job.state, JobState::Paused);
    assert_eq!(
        job.pause_reason.as_deref(),
        Some("Zoom's daily limit is reached.")
    );
    assert!(job.done < 20);
    let open_after_pause: Vec<_> = runner
        .items(&job.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|i| i.state != ItemState::Done)
        .collect();
    assert!(
        open_after_pause
            .iter()
            .all(|i| i.state == ItemState::Pending)
    );

    let second = Arc::new(Recorder::default());
    let job = runner.run(&job.id, second.clone()).await.unwrap();
    assert_eq!(job.state, JobState::Completed);
    let mut all = first.calls.lock().unwrap().clone();
    all.extend(second.calls.lock().unwrap().iter().cloned());
    let counts = counts(&all);
    assert_eq!(counts.len(), 20);
    assert!(
        counts.values().all(|&n| n == 1),
        "nothing twice: {counts:?}"
    );
}

#[tokio::test]
async fn cancel_skips_what_is_left_and_keeps_what_is_done() {
    let runner = runner().await;
    let job = runner
        .create(
            JobKind::Provision,
            "c",
            None,
            &serde_json::json!({}),
            &items(5),
        )
        .await
        .unwrap();
    let job = runner.cancel(&job.id).await.unwrap();
    assert_eq!(job.state, JobState::Cancelled);
    assert!(
        runner
            .items(&job.id)
            .await
            .unwrap()
            .iter()
            .all(|i| i.state == ItemState::Skipped)
    );
    // A cancelled job does not run again.
    let handler = Arc::new(Recorder::default());
    runner.run(&job.id, handler.clone()).await.unwrap();
    assert!(handler.calls.lock().unwrap().is_empty());
}

#[tokio::test]
async fn an_item_cut_off_by_a_crash_is_handled_as_interrupted() {
    let store = Store::in_memory().await.unwrap();
    let runner = Runner::new(store.clone(), rollcall_core::clock::system());
    let job = runner
        .create(
            JobKind::Provision,
            "crash",
            None,
            &serde_json::json!({}),
            &items(3),
        )
        .await
        .unwrap();
    // What a process killed during p1's Zoom call leaves behind.
    store
        .mark_items_in_flight(&job.id, &[1], "2026-11-29T10:00:00.000Z")
        .await
        .unwrap();
    store
        .set_job_state(&job.id, "running", None, None, "2026-11-29T10:00:00.000Z")
        .await
        .unwrap();

    let resumable = runner.resumable().await.unwrap();
    assert_eq!(resumable.len(), 1);

    let handler = Arc::new(Recorder::default());
    let job = runner.run(&job.id, handler.clone()).await.unwrap();
    assert_eq!(job.state, JobState::Completed);
    let calls = handler.calls.lock().unwrap().clone();
    assert!(calls.contains(&("p1".to_owned(), true)), "{calls:?}");
    assert!(calls.contains(&("p0".to_owned(), false)), "{calls:?}");
}

#[tokio::test]
async fn batches_group_items_for_one_call() {
    let runner = runner().await;
    let job = runner
        .create(
            JobKind::Register,
            "b",
            None,
            &serde_json::json!({}),
            &items(65),
        )
        .await
        .unwrap();
    struct Batches(Mutex<Vec<usize>>);
    #[async_trait::async_trait]
    impl ItemHandler for Batches {
        fn batch_size(&self) -> usize {
            30
        }
        async fn run(&self, items: Vec<JobItem>, _: bool) -> Vec<ItemResult> {
            self.0.lock().unwrap().push(items.len());
            items
                .iter()
                .map(|_| ItemResult::Done(serde_json::Value::Null))
                .collect()
        }
    }
    let handler = Arc::new(Batches(Mutex::new(Vec::new())));
    runner.run(&job.id, handler.clone()).await.unwrap();
    let mut sizes = handler.0.lock().unwrap().clone();
    sizes.sort();
    assert_eq!(sizes, vec![5, 30, 30]);
}
