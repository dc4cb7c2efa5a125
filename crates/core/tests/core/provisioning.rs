//! Provisioning through `App` against zoom-sim (in-memory keychain, so this runs everywhere):
//! create or link by email, nothing twice, deprovision only what Rollcall created, and the
//! daily-usage counters kept in the store.

use rollcall_core::ErrorCode;
use rollcall_core::jobs::JobState;
use rollcall_core::people::{
    PeopleFilter, PeopleSelection, ProvisioningFilter, StatusFilter, ZoomLinkStatus,
};
use rollcall_core::provisioning::{ProvisionMode, ZoomUserKind};

use crate::support;

const FILE: &str = "external_id,email,first_name,last_name,groups\n\
    owner,Owner@School.example,Olive,Owner,Staff\n\
    s1,s1@school.example,Sam,One,Class A\n\
    s2,s2@school.example,Sue,Two,Class A\n\
    s3,s3@school.example,Sid,Three,Class B\n";

#[tokio::test(flavor = "multi_thread")]
async fn provisioning_creates_or_links_once_and_deprovisioning_deletes_only_created_users() {
    let world = support::world().await;
    let app = &world.app;
    app.add_account(support::new_account(&world.sim, "School", support::SECRET))
        .await
        .unwrap();
    app.import_people(FILE.as_bytes()).await.unwrap();
    app.set_person_active("s3", false).await.unwrap();

    // Link-only over a group: nobody in Class A exists in Zoom yet.
    let job = app
        .start_provisioning(
            PeopleSelection::Groups(vec!["class a".into()]),
            ProvisionMode::LinkOnly,
        )
        .await
        .unwrap();
    assert_eq!(job.total, 2);
    let job = app.run_job(&job.id).await.unwrap();
    assert_eq!((job.state, job.done, job.failed), (JobState::Failed, 0, 2));
    let failed = app
        .people(&PeopleFilter {
            provisioning: ProvisioningFilter::Failed,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(failed.len(), 2);
    assert!(failed[0].zoom.as_ref().unwrap().error.is_some());

    // Everyone active: the owner's address exists in Zoom (linked), the others are created.
    // The inactive person is left out.
    assert_eq!(
        app.provisioning_count(&PeopleSelection::All).await.unwrap(),
        3
    );
    let job = app
        .start_provisioning(PeopleSelection::All, ProvisionMode::CreateOrLink)
        .await
        .unwrap();
    let job = app.run_job(&job.id).await.unwrap();
    assert_eq!(
        (job.state, job.done, job.failed),
        (JobState::Completed, 3, 0)
    );
    let owner = app.person("owner").await.unwrap();
    let zoom = owner.zoom.unwrap();
    assert_eq!(zoom.kind, Some(ZoomUserKind::Linked));
    assert_eq!(zoom.status, ZoomLinkStatus::Provisioned);
    let s1 = app.person("s1").await.unwrap().zoom.unwrap();
    assert_eq!(s1.kind, Some(ZoomUserKind::Created));
    assert!(app.person("s3").await.unwrap().zoom.is_none());

    let state = world.sim.state();
    let api_users = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["login_type"] == 99)
        .count();
    assert_eq!(api_users, 2);

    // Nothing left to do: no second job, no second user.
    assert_eq!(
        app.provisioning_count(&PeopleSelection::All).await.unwrap(),
        0
    );
    let err = app
        .start_provisioning(PeopleSelection::All, ProvisionMode::CreateOrLink)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    let err = app
        .start_provisioning(
            PeopleSelection::People(vec!["nobody".into()]),
            ProvisionMode::CreateOrLink,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);

    // The daily counters were saved for the account.
    let saved: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM zoom_daily_usage")
        .fetch_one(app.store().await.pool())
        .await
        .unwrap();
    assert_eq!(saved, 1);

    // Deactivating the owner (linked) and s1 (created) deletes only s1's Zoom user.
    let ids = vec!["owner".to_owned(), "s1".to_owned()];
    assert_eq!(app.deprovision_preview(&ids).await.unwrap(), 1);
    let result = app.deactivate_people(&ids, true).await.unwrap();
    assert_eq!(result.deactivated, 2);
    let job = app.run_job(&result.job.unwrap().id).await.unwrap();
    assert_eq!((job.state, job.done), (JobState::Completed, 1));
    let s1 = app.person("s1").await.unwrap();
    assert!(!s1.active);
    assert_eq!(s1.zoom.unwrap().status, ZoomLinkStatus::Deleted);
    let emails: Vec<String> = world.sim.state()["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_lowercase())
        .collect();
    assert!(!emails.contains(&"s1@school.example".to_owned()));
    assert!(emails.contains(&"owner@school.example".to_owned()));
    let inactive = app
        .people(&PeopleFilter {
            status: StatusFilter::Inactive,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(inactive.len(), 3);
}
