//! `client.meetings()`: create, get, update, delete, list.

use crate::encode::segment;
use crate::model::{
    DeleteMeeting, Meeting, MeetingListType, MeetingPage, MeetingSummary, MeetingUpdate, NewMeeting,
};
use crate::paging::{ZoomStream, paginate};
use crate::request::RequestSpec;
use crate::scheduler::{Category, DailyKey};
use crate::{Client, ZoomError};

/// Meetings of the account's users.
#[derive(Debug, Clone, Copy)]
pub struct Meetings<'a> {
    client: &'a Client,
}

impl Client {
    pub fn meetings(&self) -> Meetings<'_> {
        Meetings { client: self }
    }
}

pub(crate) fn create_request(
    host_user_id: &str,
    meeting: &NewMeeting,
) -> Result<RequestSpec, ZoomError> {
    // MEDIUM; 100 creates per host per day (M25 meetingCreate).
    Ok(RequestSpec::new(
        http::Method::POST,
        "/users/{userId}/meetings",
        format!("/users/{}/meetings", segment(host_user_id)),
        Category::Medium,
    )
    .json(meeting)?
    .daily(DailyKey::MeetingCreate {
        host: host_user_id.to_owned(),
    }))
}

pub(crate) fn get_request(meeting_id: u64, occurrence_id: Option<&str>) -> RequestSpec {
    RequestSpec::get(
        "/meetings/{meetingId}",
        format!("/meetings/{meeting_id}"),
        Category::Light,
    )
    .query_opt("occurrence_id", occurrence_id)
}

pub(crate) fn update_request(
    meeting_id: u64,
    update: &MeetingUpdate,
    occurrence_id: Option<&str>,
) -> Result<RequestSpec, ZoomError> {
    // LIGHT; "a meeting can be updated max 100 times in 24 h" (M25 meetingUpdate).
    Ok(RequestSpec::new(
        http::Method::PATCH,
        "/meetings/{meetingId}",
        format!("/meetings/{meeting_id}"),
        Category::Light,
    )
    .query_opt("occurrence_id", occurrence_id)
    .json(update)?
    .daily(DailyKey::MeetingUpdate {
        meeting: meeting_id.to_string(),
    }))
}

pub(crate) fn delete_request(meeting_id: u64, options: &DeleteMeeting) -> RequestSpec {
    RequestSpec::new(
        http::Method::DELETE,
        "/meetings/{meetingId}",
        format!("/meetings/{meeting_id}"),
        Category::Light,
    )
    .query_opt("occurrence_id", options.occurrence_id.as_deref())
    .query_opt("cancel_meeting_reminder", options.cancel_meeting_reminder)
    .query_opt("schedule_for_reminder", options.schedule_for_reminder)
}

pub(crate) fn list_request(host_user_id: &str, list_type: Option<&MeetingListType>) -> RequestSpec {
    RequestSpec::get(
        "/users/{userId}/meetings",
        format!("/users/{}/meetings", segment(host_user_id)),
        Category::Medium,
    )
    .query_opt("type", list_type.map(|t| t.as_str().to_owned()))
    .query("page_size", 300)
}

impl Meetings<'_> {
    /// POST /users/{userId}/meetings. Never retried after a network error or 5xx: look the
    /// meeting up (list) before trying again.
    pub async fn create(
        &self,
        host_user_id: &str,
        meeting: &NewMeeting,
    ) -> Result<Meeting, ZoomError> {
        self.client
            .execute_json(&create_request(host_user_id, meeting)?)
            .await
    }

    /// GET /meetings/{meetingId}[?occurrence_id=]. Also the way to a fresh `start_url`.
    pub async fn get(
        &self,
        meeting_id: u64,
        occurrence_id: Option<&str>,
    ) -> Result<Meeting, ZoomError> {
        self.client
            .execute_json(&get_request(meeting_id, occurrence_id))
            .await
    }

    /// PATCH /meetings/{meetingId}[?occurrence_id=] (204).
    pub async fn update(
        &self,
        meeting_id: u64,
        update: &MeetingUpdate,
        occurrence_id: Option<&str>,
    ) -> Result<(), ZoomError> {
        self.client
            .execute_empty(&update_request(meeting_id, update, occurrence_id)?)
            .await
    }

    /// DELETE /meetings/{meetingId} (204).
    pub async fn delete(&self, meeting_id: u64, options: &DeleteMeeting) -> Result<(), ZoomError> {
        self.client
            .execute_empty(&delete_request(meeting_id, options))
            .await
    }

    /// GET /users/{userId}/meetings?type=… as a stream (Zoom's default type is `scheduled`).
    pub fn list(
        &self,
        host_user_id: &str,
        list_type: Option<MeetingListType>,
    ) -> ZoomStream<MeetingSummary> {
        paginate::<MeetingPage>(
            self.client.clone(),
            list_request(host_user_id, list_type.as_ref()),
        )
    }
}
