//! Endpoint handlers, grouped as octocrab groups them: `client.users()`, `client.meetings()`,
//! `client.registrants(meeting_id)`, `client.reports()`. A handler only builds
//! `RequestSpec`s (see `request.rs`) and hands them to the one request path.

pub mod meetings;
pub mod registrants;
pub mod reports;
pub mod users;

use crate::{ErrorKind, FieldError, ZoomError};

/// Refuse locally what Zoom documents but its spec does not enforce.
pub(crate) fn too_many(field: &str, got: usize, max: usize) -> ZoomError {
    ZoomError::new(
        ErrorKind::Validation {
            fields: vec![FieldError {
                field: field.to_owned(),
                message: format!("at most {max} per call, got {got}"),
            }],
        },
        format!("not sent: {field} holds {got} entries; Zoom accepts at most {max} per call"),
    )
}
