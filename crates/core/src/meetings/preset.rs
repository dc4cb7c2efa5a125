//! The invite-only preset (ARCHITECTURE §7) and what Zoom would silently ignore or reject.

use rollcall_zoom::model::{self as zoom, ApprovalType};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Result};

/// Zoom's cap on registrants per meeting (REFERENCE §4).
pub const MAX_REGISTRANTS: usize = 4_999;

/// The switches of a meeting, in the admins' words. `Default` is the invite-only preset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase", default)]
pub struct MeetingSettings {
    /// Only invited people get in: someone who finds the registration link waits for approval.
    pub invite_only: bool,
    /// Zoom emails each invited person a confirmation with their link.
    pub confirmation_email: bool,
    /// Zoom emails people when their registration is approved, cancelled or denied.
    pub email_notifications: bool,
    pub waiting_room: bool,
    pub passcode: bool,
    pub join_before_host: bool,
    pub allow_multiple_devices: bool,
    /// Emails of alternative hosts (they cannot be invited).
    pub alternative_hosts: Vec<String>,
}

impl Default for MeetingSettings {
    fn default() -> Self {
        Self {
            invite_only: true,
            confirmation_email: false,
            email_notifications: false,
            waiting_room: true,
            passcode: true,
            join_before_host: false,
            allow_multiple_devices: false,
            alternative_hosts: Vec::new(),
        }
    }
}

/// One switch and the sentence the UI shows next to it.
#[derive(Debug, Clone, Copy, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Switch {
    pub key: &'static str,
    pub label: &'static str,
    pub explanation: &'static str,
    /// Its value in the invite-only preset.
    pub preset: bool,
}

pub const SWITCHES: &[Switch] = &[
    Switch {
        key: "inviteOnly",
        label: "Invite only",
        explanation: "Only the people you invite get in; anyone else who finds the registration link waits for your approval, and you can turn them away with Close the door.",
        preset: true,
    },
    Switch {
        key: "confirmationEmail",
        label: "Zoom confirmation email",
        explanation: "Zoom emails each invited person their own link; off when Rollcall hands out the links for you.",
        preset: false,
    },
    Switch {
        key: "emailNotifications",
        label: "Zoom status emails",
        explanation: "Zoom emails people when their registration is approved, cancelled or denied.",
        preset: false,
    },
    Switch {
        key: "waitingRoom",
        label: "Waiting room",
        explanation: "Everyone waits until the host lets them in, so nobody starts the meeting without the host.",
        preset: true,
    },
    Switch {
        key: "passcode",
        label: "Passcode",
        explanation: "The meeting needs a passcode; each person's own link already carries it.",
        preset: true,
    },
    Switch {
        key: "joinBeforeHost",
        label: "Join before host",
        explanation: "Lets people in before the host arrives; Zoom ignores it while the waiting room is on.",
        preset: false,
    },
    Switch {
        key: "allowMultipleDevices",
        label: "Several devices per link",
        explanation: "Lets one person's link be used on two devices at once, which also lets a link be shared.",
        preset: false,
    },
];

impl MeetingSettings {
    /// Zoom's `settings` for this choice. `registration_type` only for recurring meetings.
    pub fn to_zoom(
        &self,
        registration_type: Option<zoom::RegistrationType>,
    ) -> zoom::MeetingSettings {
        zoom::MeetingSettings {
            approval_type: Some(if self.invite_only {
                ApprovalType::Manual
            } else {
                ApprovalType::Automatic
            }),
            registration_type,
            registrants_confirmation_email: Some(self.confirmation_email),
            registrants_email_notification: Some(
                self.email_notifications || self.confirmation_email,
            ),
            waiting_room: Some(self.waiting_room),
            join_before_host: Some(self.join_before_host && !self.waiting_room),
            allow_multiple_devices: Some(self.allow_multiple_devices),
            alternative_hosts: Some(self.alternative_hosts.join(";")),
            ..Default::default()
        }
    }

    /// What a meeting in Zoom has, in these words (imports and refreshes).
    pub fn from_zoom(settings: &zoom::MeetingSettings, has_passcode: bool) -> Self {
        Self {
            invite_only: settings.approval_type == Some(ApprovalType::Manual),
            confirmation_email: settings.registrants_confirmation_email.unwrap_or(false),
            email_notifications: settings.registrants_email_notification.unwrap_or(false),
            waiting_room: settings.waiting_room.unwrap_or(false),
            passcode: has_passcode,
            join_before_host: settings.join_before_host.unwrap_or(false),
            allow_multiple_devices: settings.allow_multiple_devices.unwrap_or(false),
            alternative_hosts: settings
                .alternative_hosts
                .as_deref()
                .unwrap_or("")
                .split([';', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// Registration (and so invitations) needs a meeting with a fixed time.
pub fn check_meeting_type(meeting_type: Option<zoom::MeetingType>) -> Result<()> {
    match meeting_type {
        Some(zoom::MeetingType::Scheduled | zoom::MeetingType::RecurringFixedTime) => Ok(()),
        Some(zoom::MeetingType::RecurringNoFixedTime) => Err(AppError::validation(
            "This is a recurring meeting with no fixed time. Zoom does not take registrations for \
             such meetings, so it cannot be invite-only. Give it a fixed time in Zoom (or create \
             it in Rollcall), then import it again.",
        )),
        _ => Err(AppError::validation(
            "Only scheduled meetings and recurring meetings with a fixed time can be invite-only. \
             Instant meetings and personal rooms cannot take registrations.",
        )),
    }
}

/// Zoom refuses registration on meetings hosted by a Basic (unlicensed) user.
pub fn check_host(email: &str, user_type: Option<zoom::UserType>) -> Result<()> {
    if user_type == Some(zoom::UserType::Licensed) {
        Ok(())
    } else {
        Err(AppError::validation(format!(
            "{email} has no Zoom licence (a Basic user). Zoom only takes registrations for \
             meetings hosted by licensed users: choose a licensed host, or assign a licence to \
             this user in Zoom."
        )))
    }
}

/// Hosts and alternative hosts cannot register for their own meeting.
pub fn check_invitee(email: &str, host_email: &str, alternative_hosts: &[String]) -> Result<()> {
    if email.eq_ignore_ascii_case(host_email) {
        return Err(AppError::validation(format!(
            "{email} hosts this meeting; hosts join with their start link and cannot be invited."
        )));
    }
    if alternative_hosts
        .iter()
        .any(|a| a.trim().eq_ignore_ascii_case(email))
    {
        return Err(AppError::validation(format!(
            "{email} is an alternative host of this meeting; Zoom does not let alternative hosts \
             register. Remove them from the alternative hosts to invite them."
        )));
    }
    Ok(())
}

/// At most 4,999 people per meeting.
pub fn check_capacity(already: usize, adding: usize) -> Result<()> {
    if already + adding > MAX_REGISTRANTS {
        Err(AppError::validation(format!(
            "Zoom takes at most {MAX_REGISTRANTS} registrations per meeting; {already} people are \
             invited and this would add {adding}. Split the audience over several meetings."
        )))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rollcall_zoom::model::{MeetingType, UserType};

    #[test]
    fn the_preset_is_the_default_and_locks_the_meeting() {
        let zoom = MeetingSettings::default().to_zoom(None);
        assert_eq!(zoom.approval_type, Some(ApprovalType::Manual));
        assert_eq!(zoom.registrants_confirmation_email, Some(false));
        assert_eq!(zoom.registrants_email_notification, Some(false));
        assert_eq!(zoom.waiting_room, Some(true));
        assert_eq!(zoom.join_before_host, Some(false));
        assert_eq!(zoom.allow_multiple_devices, Some(false));
        for switch in SWITCHES {
            assert!(switch.explanation.ends_with('.'), "{}", switch.key);
        }
    }

    #[test]
    fn a_confirmation_email_turns_on_the_notifications_it_needs() {
        let settings = MeetingSettings {
            confirmation_email: true,
            ..Default::default()
        };
        assert_eq!(
            settings.to_zoom(None).registrants_email_notification,
            Some(true)
        );
    }

    #[test]
    fn meetings_without_a_fixed_time_are_refused_with_the_reason() {
        assert!(check_meeting_type(Some(MeetingType::Scheduled)).is_ok());
        assert!(check_meeting_type(Some(MeetingType::RecurringFixedTime)).is_ok());
        let err = check_meeting_type(Some(MeetingType::RecurringNoFixedTime)).unwrap_err();
        assert!(err.message.contains("no fixed time"), "{}", err.message);
        assert!(check_meeting_type(Some(MeetingType::Instant)).is_err());
    }

    #[test]
    fn basic_hosts_are_refused_with_the_reason() {
        assert!(check_host("a@x.org", Some(UserType::Licensed)).is_ok());
        let err = check_host("b@x.org", Some(UserType::Basic)).unwrap_err();
        assert!(err.message.contains("licence"), "{}", err.message);
    }

    #[test]
    fn hosts_and_alternative_hosts_cannot_be_invited() {
        let alts = vec!["Alt@X.org".to_owned()];
        assert!(check_invitee("p@x.org", "host@x.org", &alts).is_ok());
        assert!(check_invitee("HOST@x.org", "host@x.org", &alts).is_err());
        let err = check_invitee("alt@x.org", "host@x.org", &alts).unwrap_err();
        assert!(err.message.contains("alternative host"), "{}", err.message);
    }

    #[test]
    fn more_than_4999_registrants_are_refused() {
        assert!(check_capacity(4_000, 999).is_ok());
        let err = check_capacity(4_000, 1_000).unwrap_err();
        assert!(err.message.contains("4999"), "{}", err.message);
    }
}
