//! `client.reports()`: what happened in a meeting. Every `meeting` argument is a numeric id or
//! an instance UUID; UUIDs starting with `/` or containing `//` are double-encoded
//! ([`crate::encode::meeting_segment`]).

use crate::encode::meeting_segment;
use crate::model::{
    DashboardParticipant, DashboardParticipantPage, MeetingReport, PastInstances, PastMeeting,
    PastParticipant, PastParticipantPage, ReportParticipant, ReportParticipantPage,
};
use crate::paging::{ZoomStream, paginate};
use crate::request::RequestSpec;
use crate::scheduler::Category;
use crate::{Client, ZoomError};

/// Past meetings, reports and dashboards.
#[derive(Debug, Clone, Copy)]
pub struct Reports<'a> {
    client: &'a Client,
}

impl Client {
    pub fn reports(&self) -> Reports<'_> {
        Reports { client: self }
    }
}

pub(crate) fn past_meeting_request(meeting: &str) -> RequestSpec {
    RequestSpec::get(
        "/past_meetings/{meetingId}",
        format!("/past_meetings/{}", meeting_segment(meeting)),
        Category::Light,
    )
}

pub(crate) fn past_instances_request(meeting_id: u64) -> RequestSpec {
    RequestSpec::get(
        "/past_meetings/{meetingId}/instances",
        format!("/past_meetings/{meeting_id}/instances"),
        Category::Medium,
    )
}

pub(crate) fn past_participants_request(meeting: &str) -> RequestSpec {
    RequestSpec::get(
        "/past_meetings/{meetingId}/participants",
        format!("/past_meetings/{}/participants", meeting_segment(meeting)),
        Category::Medium,
    )
    .query("page_size", 300)
}

pub(crate) fn meeting_report_request(meeting: &str) -> RequestSpec {
    RequestSpec::get(
        "/report/meetings/{meetingId}",
        format!("/report/meetings/{}", meeting_segment(meeting)),
        Category::Heavy,
    )
}

pub(crate) fn report_participants_request(meeting: &str) -> RequestSpec {
    RequestSpec::get(
        "/report/meetings/{meetingId}/participants",
        format!("/report/meetings/{}/participants", meeting_segment(meeting)),
        Category::Heavy,
    )
    .query("page_size", 300)
    .query("include_fields", "registrant_id")
}

pub(crate) fn dashboard_participants_request(meeting: &str) -> RequestSpec {
    RequestSpec::get(
        "/metrics/meetings/{meetingId}/participants",
        format!(
            "/metrics/meetings/{}/participants",
            meeting_segment(meeting)
        ),
        Category::Heavy,
    )
    .query("type", "past")
    .query("page_size", 300)
    .query("include_fields", "registrant_id")
}

impl Reports<'_> {
    /// GET /past_meetings/{meetingId|UUID}: a numeric id gives the latest instance.
    pub async fn past_meeting(&self, meeting: &str) -> Result<PastMeeting, ZoomError> {
        self.client
            .execute_json(&past_meeting_request(meeting))
            .await
    }

    /// GET /past_meetings/{meetingId}/instances: ended instances (≤15 months).
    pub async fn past_instances(&self, meeting_id: u64) -> Result<PastInstances, ZoomError> {
        self.client
            .execute_json(&past_instances_request(meeting_id))
            .await
    }

    /// GET /past_meetings/{meetingId|UUID}/participants as a stream (MEDIUM).
    pub fn past_participants(&self, meeting: &str) -> ZoomStream<PastParticipant> {
        paginate::<PastParticipantPage>(self.client.clone(), past_participants_request(meeting))
    }

    /// GET /report/meetings/{meetingId|UUID} (HEAVY, Pro+).
    pub async fn meeting_report(&self, meeting: &str) -> Result<MeetingReport, ZoomError> {
        self.client
            .execute_json(&meeting_report_request(meeting))
            .await
    }

    /// GET /report/meetings/{meetingId|UUID}/participants?include_fields=registrant_id as a
    /// stream (HEAVY, Pro+).
    pub fn report_participants(&self, meeting: &str) -> ZoomStream<ReportParticipant> {
        paginate::<ReportParticipantPage>(self.client.clone(), report_participants_request(meeting))
    }

    /// GET /metrics/meetings/{meetingId|UUID}/participants?type=past&include_fields=registrant_id
    /// as a stream (HEAVY, Business+; a Pro account gets `ErrorKind::PlanRequired`).
    pub fn dashboard_participants(&self, meeting: &str) -> ZoomStream<DashboardParticipant> {
        paginate::<DashboardParticipantPage>(
            self.client.clone(),
            dashboard_participants_request(meeting),
        )
    }
}
