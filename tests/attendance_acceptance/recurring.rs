//! A meeting held three times: a review decision made after the first instance applies to the
//! next two without being asked again, and undoing it puts the rows back in the queue.

use rollcall_core::attendance::views::{Decision, DecisionTarget};
use rollcall_core::attendance::{AliasKind, ApplyTo, AttendanceStatus, MatchMethod};

use crate::support::world;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_on_the_first_instance_applies_to_the_next_two() {
    let w = world(None, 0.25).await;
    let m = w
        .zoom_meeting("Weekly class", "2026-03-02T09:00:00Z", true, false)
        .await;
    let local = w
        .insert_meeting(m.id, "Weekly class", "recurring", "2026-03-02T09:00:00Z")
        .await;
    for (i, day) in ["02", "03", "04"].iter().enumerate() {
        w.insert_occurrence(
            local,
            &format!("occ{i}"),
            &format!("2026-03-{day}T09:00:00Z"),
        )
        .await;
    }
    let (_, ann) = w
        .invite(local, m.id, "ann", "Ann", "Lee", "ann@example.org")
        .await;
    // Bob is in the directory but registered himself in Zoom with another address: Rollcall
    // cannot tell it is him.
    w.insert_person("bob", "Bob", "Marsh", "bob@example.org")
        .await;
    let bob = w
        .register(m.id, "bobby.m@elsewhere.example.net", "Bobby", "M")
        .await
        .join_url
        .unwrap();
    let meeting = m.id.to_string();

    let hold = |day: &'static str| {
        let w = &w;
        let ann = ann.clone();
        let bob = bob.clone();
        async move {
            w.at(&format!("2026-03-{day}T09:00:00Z"));
            w.start(m.id).await;
            w.join(&ann, "").await;
            w.join(&bob, "").await;
            w.at(&format!("2026-03-{day}T10:00:00Z"));
            w.end(m.id).await;
            w.at(&format!("2026-03-{day}T10:05:00Z"));
        }
    };

    hold("02").await;
    w.app.sync_attendance(&meeting, false).await.unwrap();
    let queue = w.app.review_queue(&meeting).await.unwrap();
    let entry = queue
        .iter()
        .find(|e| e.alias.kind == AliasKind::RegistrationId)
        .expect("Bobby's registration is for review");
    assert_eq!(entry.instances.len(), 1);
    let outcome = w
        .app
        .decide(
            &meeting,
            &entry.alias,
            Decision {
                target: DecisionTarget::Person {
                    external_id: "bob".into(),
                },
                apply_to: ApplyTo::Series,
            },
        )
        .await
        .unwrap();
    assert_eq!(outcome.reconciled_instances, 1);

    hold("03").await;
    hold("04").await;
    let summary = w.app.sync_attendance(&meeting, false).await.unwrap();
    assert_eq!(summary.instances.len(), 3);
    assert_eq!(
        summary.job.total, 2,
        "only the two new instances are fetched"
    );
    let views = w.app.meeting_attendance(&meeting).await.unwrap();
    assert_eq!(views.len(), 3);
    let occurrences: Vec<_> = views
        .iter()
        .map(|v| v.instance.occurrence_id.clone().unwrap_or_default())
        .collect();
    assert_eq!(occurrences, ["occ0", "occ1", "occ2"]);
    for v in &views {
        let bob = v
            .lines
            .iter()
            .find(|l| l.person.external_id == "bob")
            .unwrap_or_else(|| panic!("bob is identified in every instance: {v:#?}"));
        assert_eq!(bob.match_method, Some(MatchMethod::Rule));
        assert_eq!(bob.status, AttendanceStatus::Uninvited);
        assert_eq!(bob.total_seconds, 3600);
        let ann = v
            .lines
            .iter()
            .find(|l| l.person.external_id == "ann")
            .unwrap();
        assert_eq!(ann.status, AttendanceStatus::Present);
        assert!(
            v.unidentified
                .iter()
                .all(|u| u.alias.kind != AliasKind::RegistrationId),
            "nothing of Bobby's is left for review"
        );
    }
    let history = w.app.person_attendance("bob").await.unwrap();
    assert_eq!(history.lines.len(), 3);
    assert_eq!(history.totals.attended, 3);

    // Undo: the rule goes, the three instances are reconciled again.
    let undone = w.app.undo_decision(outcome.rule.id).await.unwrap();
    assert_eq!(undone, 3);
    let queue = w.app.review_queue(&meeting).await.unwrap();
    let entry = queue
        .iter()
        .find(|e| e.alias.kind == AliasKind::RegistrationId)
        .unwrap();
    assert_eq!(entry.instances.len(), 3);
    assert!(
        w.app
            .person_attendance("bob")
            .await
            .unwrap()
            .lines
            .is_empty()
    );
    w.sim.shutdown().await;
}
