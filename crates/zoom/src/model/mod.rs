//! Zoom's wire types, with Zoom's field names.
//!
//! Decoding is lenient where Zoom is loose, strict where a wrong value would mislead:
//! - unknown enum values decode to an `Unknown(..)` variant instead of failing;
//! - `null` where a value was expected decodes as absent/default;
//! - numbers that Zoom sometimes sends as strings (ids, PIN codes) are accepted either way;
//! - anything else that does not fit fails with `ErrorKind::Decode { path }` naming the JSON path.
//!
//! Request types serialize only the fields that are set (`skip_serializing_if`).

pub(crate) mod de;
pub mod meetings;
pub mod registrants;
pub mod reports;
pub mod users;

pub use meetings::*;
pub use registrants::*;
pub use reports::*;
pub use users::*;

/// A string enum that keeps values it does not know in `Unknown(String)`.
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know yet, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Zoom's spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(match s.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(s),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// An integer enum that keeps values it does not know in `Unknown(i64)`.
/// Accepts the number as a JSON number or a numeric string.
macro_rules! int_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know yet, kept verbatim.
            Unknown(i64),
        }

        impl $name {
            /// Zoom's number.
            pub fn as_i64(self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(n) => n,
                }
            }
        }

        impl From<i64> for $name {
            fn from(n: i64) -> Self {
                match n {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.as_i64())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Self::from(crate::model::de::int_or_string(d)?))
            }
        }
    };
}

pub(crate) use int_enum;
pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::request::RequestSpec;
    use crate::scheduler::Category;

    fn decode<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, crate::ZoomError> {
        let spec = RequestSpec::get("/test", "/test".into(), Category::Light);
        crate::client::decode(json.as_bytes(), &spec, 200)
    }

    #[test]
    fn unexpected_nulls_are_tolerated() {
        let row: ReportParticipant = decode(
            r#"{"id":null,"participant_user_id":null,"user_id":"16778240","name":null,
                "user_email":null,"join_time":"2026-11-29T10:00:00Z","leave_time":null,
                "duration":null,"registrant_id":null,"failover":null,"status":null}"#,
        )
        .unwrap();
        assert_eq!(row.id, "");
        assert_eq!(row.name, "");
        assert_eq!(row.leave_time, None);
        assert_eq!(row.registrant_id, None);

        let page: RegistrantPage =
            decode(r#"{"registrants":null,"next_page_token":null}"#).unwrap();
        assert!(page.registrants.is_empty());

        let meeting: Meeting = decode(
            r#"{"id":85746065,"uuid":null,"topic":null,"occurrences":null,"settings":{"approval_type":null,"waiting_room":null},"start_url":null}"#,
        )
        .unwrap();
        assert_eq!(meeting.id, 85746065);
        assert!(meeting.occurrences.is_empty());
        assert_eq!(meeting.settings.unwrap().approval_type, None);
    }

    #[test]
    fn unknown_enum_values_are_kept() {
        let r: Registrant =
            decode(r#"{"id":"r1","email":"a@x.org","status":"waitlisted"}"#).unwrap();
        assert_eq!(
            r.status,
            Some(RegistrantStatus::Unknown("waitlisted".into()))
        );
        let m: MeetingSummary = decode(r#"{"id":"123","type":42,"topic":"t"}"#).unwrap();
        assert_eq!(m.id, 123);
        assert_eq!(m.meeting_type, Some(MeetingType::Unknown(42)));
        let u: User = decode(r#"{"id":"u","email":"e","type":"2","status":"suspended"}"#).unwrap();
        assert_eq!(u.user_type, Some(UserType::Licensed));
        assert_eq!(u.status, Some(UserStatus::Unknown("suspended".into())));
        let p: PastParticipant = decode(r#"{"user_id":"1","status":"in_breakout"}"#).unwrap();
        assert_eq!(
            p.status,
            Some(ParticipantStatus::Unknown("in_breakout".into()))
        );
        assert_eq!(
            serde_json::to_string(&p.status).unwrap(),
            r#""in_breakout""#
        );
    }

    #[test]
    fn lenient_numbers_and_times() {
        let r: RegistrantCreated = decode(
            r#"{"id":"85746065","registrant_id":"abc","participant_pin_code":"123456","start_time":""}"#,
        )
        .unwrap();
        assert_eq!(r.id, 85746065);
        assert_eq!(r.participant_pin_code, Some(123456));
        assert_eq!(r.start_time, None);
        let p: PastMeeting =
            decode(r#"{"uuid":"u","id":1,"start_time":"2026-11-29T10:00:00"}"#).unwrap();
        assert!(p.start_time.is_some());
    }

    #[test]
    fn decode_failure_names_the_json_path() {
        let err = decode::<ReportParticipantPage>(
            r#"{"next_page_token":"","participants":[{"user_id":"1"},{"user_id":"2","join_time":"yesterday"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            err.kind,
            ErrorKind::Decode {
                path: "participants[1].join_time".into()
            }
        );
        assert!(
            err.message.contains("participants[1].join_time"),
            "{}",
            err.message
        );
    }

    #[test]
    fn requests_serialize_only_what_is_set() {
        let m = NewMeeting {
            topic: "T".into(),
            meeting_type: Some(MeetingType::Scheduled),
            start_time: Some(
                chrono::DateTime::parse_from_rfc3339("2026-12-01T09:30:00.123Z")
                    .unwrap()
                    .to_utc(),
            ),
            settings: Some(MeetingSettings {
                approval_type: Some(ApprovalType::Manual),
                waiting_room: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            serde_json::json!({"topic":"T","type":2,"start_time":"2026-12-01T09:30:00Z",
                "settings":{"approval_type":1,"waiting_room":true}})
        );
    }
}
