//! `client.registrants(meeting_id)`: add, list, get, status, delete, batch.

use super::too_many;
use crate::encode::segment;
use crate::model::{
    BatchRegistrants, BatchRegistrationResult, MAX_REGISTRANTS_PER_CALL, NewRegistrant, Registrant,
    RegistrantCreated, RegistrantPage, RegistrantQuery, RegistrantStatusUpdate,
};
use crate::paging::{ZoomStream, paginate};
use crate::request::RequestSpec;
use crate::scheduler::{Category, DailyKey};
use crate::{Client, ZoomError};

/// Registrants of one meeting.
#[derive(Debug, Clone, Copy)]
pub struct Registrants<'a> {
    client: &'a Client,
    meeting_id: u64,
}

impl Client {
    pub fn registrants(&self, meeting_id: u64) -> Registrants<'_> {
        Registrants {
            client: self,
            meeting_id,
        }
    }
}

pub(crate) fn add_request(
    meeting_id: u64,
    registrant: &NewRegistrant,
    occurrence_ids: &[String],
) -> Result<RequestSpec, ZoomError> {
    // LIGHT; 3 adds per registrant per day (KWP; REFERENCE §4).
    let spec = RequestSpec::new(
        http::Method::POST,
        "/meetings/{meetingId}/registrants",
        format!("/meetings/{meeting_id}/registrants"),
        Category::Light,
    );
    let spec = if occurrence_ids.is_empty() {
        spec
    } else {
        spec.query("occurrence_ids", occurrence_ids.join(","))
    };
    Ok(spec
        .json(registrant)?
        .daily(DailyKey::registrant(meeting_id, &registrant.email)))
}

pub(crate) fn list_request(meeting_id: u64, query: &RegistrantQuery) -> RequestSpec {
    RequestSpec::get(
        "/meetings/{meetingId}/registrants",
        format!("/meetings/{meeting_id}/registrants"),
        Category::Medium,
    )
    .query_opt(
        "status",
        query.status.as_ref().map(|s| s.as_str().to_owned()),
    )
    .query_opt("occurrence_id", query.occurrence_id.as_deref())
    .query("page_size", 300)
}

pub(crate) fn get_request(meeting_id: u64, registrant_id: &str) -> RequestSpec {
    RequestSpec::get(
        "/meetings/{meetingId}/registrants/{registrantId}",
        format!(
            "/meetings/{meeting_id}/registrants/{}",
            segment(registrant_id)
        ),
        Category::Light,
    )
}

pub(crate) fn status_request(
    meeting_id: u64,
    update: &RegistrantStatusUpdate,
    occurrence_id: Option<&str>,
) -> Result<RequestSpec, ZoomError> {
    if update.registrants.len() > MAX_REGISTRANTS_PER_CALL {
        return Err(too_many(
            "registrants",
            update.registrants.len(),
            MAX_REGISTRANTS_PER_CALL,
        ));
    }
    // MEDIUM; a PUT that sets a status: repeating it cannot duplicate anything.
    // 10 status updates per registrant per day (KWP).
    let mut spec = RequestSpec::new(
        http::Method::PUT,
        "/meetings/{meetingId}/registrants/status",
        format!("/meetings/{meeting_id}/registrants/status"),
        Category::Medium,
    )
    .query_opt("occurrence_id", occurrence_id)
    .json(update)?;
    for r in &update.registrants {
        let who =
            r.id.clone()
                .or_else(|| r.email.as_ref().map(|e| e.trim().to_lowercase()));
        if let Some(registrant) = who {
            spec = spec.daily(DailyKey::RegistrantStatus {
                meeting: meeting_id.to_string(),
                registrant,
            });
        }
    }
    Ok(spec)
}

pub(crate) fn delete_request(
    meeting_id: u64,
    registrant_id: &str,
    occurrence_id: Option<&str>,
) -> RequestSpec {
    RequestSpec::new(
        http::Method::DELETE,
        "/meetings/{meetingId}/registrants/{registrantId}",
        format!(
            "/meetings/{meeting_id}/registrants/{}",
            segment(registrant_id)
        ),
        Category::Light,
    )
    .query_opt("occurrence_id", occurrence_id)
}

pub(crate) fn batch_request(
    meeting_id: u64,
    batch: &BatchRegistrants,
) -> Result<RequestSpec, ZoomError> {
    if batch.registrants.len() > MAX_REGISTRANTS_PER_CALL {
        return Err(too_many(
            "registrants",
            batch.registrants.len(),
            MAX_REGISTRANTS_PER_CALL,
        ));
    }
    // HEAVY (M25 addBatchRegistrants); each email spends its per-registrant daily add.
    let mut spec = RequestSpec::new(
        http::Method::POST,
        "/meetings/{meetingId}/batch_registrants",
        format!("/meetings/{meeting_id}/batch_registrants"),
        Category::Heavy,
    )
    .json(batch)?;
    for r in &batch.registrants {
        spec = spec.daily(DailyKey::registrant(meeting_id, &r.email));
    }
    Ok(spec)
}

impl Registrants<'_> {
    /// POST /meetings/{meetingId}/registrants[?occurrence_ids=a,b]. Not retried after a network
    /// error or 5xx (a retry could register twice): list or get before trying again.
    pub async fn add(
        &self,
        registrant: &NewRegistrant,
        occurrence_ids: &[String],
    ) -> Result<RegistrantCreated, ZoomError> {
        self.client
            .execute_json(&add_request(self.meeting_id, registrant, occurrence_ids)?)
            .await
    }

    /// GET /meetings/{meetingId}/registrants as a stream (Zoom's default status: approved).
    pub fn list(&self, query: &RegistrantQuery) -> ZoomStream<Registrant> {
        paginate::<RegistrantPage>(self.client.clone(), list_request(self.meeting_id, query))
    }

    /// GET /meetings/{meetingId}/registrants/{registrantId}.
    pub async fn get(&self, registrant_id: &str) -> Result<Registrant, ZoomError> {
        self.client
            .execute_json(&get_request(self.meeting_id, registrant_id))
            .await
    }

    /// PUT /meetings/{meetingId}/registrants/status: approve, deny or cancel up to 30
    /// registrants; more are refused locally with `ErrorKind::Validation`.
    pub async fn update_status(
        &self,
        update: &RegistrantStatusUpdate,
        occurrence_id: Option<&str>,
    ) -> Result<(), ZoomError> {
        self.client
            .execute_empty(&status_request(self.meeting_id, update, occurrence_id)?)
            .await
    }

    /// DELETE /meetings/{meetingId}/registrants/{registrantId}[?occurrence_id=].
    pub async fn delete(
        &self,
        registrant_id: &str,
        occurrence_id: Option<&str>,
    ) -> Result<(), ZoomError> {
        self.client
            .execute_empty(&delete_request(
                self.meeting_id,
                registrant_id,
                occurrence_id,
            ))
            .await
    }

    /// POST /meetings/{meetingId}/batch_registrants: up to 30 (more are refused locally);
    /// type-2 scheduled meetings with registration only. Not retried after a network error.
    pub async fn batch(
        &self,
        batch: &BatchRegistrants,
    ) -> Result<BatchRegistrationResult, ZoomError> {
        self.client
            .execute_json(&batch_request(self.meeting_id, batch)?)
            .await
    }
}
