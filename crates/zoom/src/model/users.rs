//! Users (U25 `userCreate`, `user`, `users`, `userDelete`, `userToken`; REFERENCE §2).

use super::de;
use super::{int_enum, string_enum};
use crate::paging::{Page, PageItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

string_enum! {
    /// `action` of POST /users.
    pub enum CreateUserAction {
        /// Zoom emails the user a confirmation link.
        Create => "create",
        /// Enterprise managed domains only; uses `password`.
        AutoCreate => "autoCreate",
        /// API users without a password (ISV agreement; REFERENCE §2).
        CustCreate => "custCreate",
        SsoCreate => "ssoCreate",
    }
}

int_enum! {
    /// `type` of a user (U25).
    pub enum UserType {
        Basic => 1,
        Licensed => 2,
        /// Unassigned without Meetings Basic.
        Unassigned => 4,
        /// None (ssoCreate only).
        NoMeetings => 99,
    }
}

string_enum! {
    /// A user's `status`, also the `status` filter of GET /users.
    pub enum UserStatus {
        Active => "active",
        Inactive => "inactive",
        Pending => "pending",
    }
}

string_enum! {
    /// `action` of DELETE /users/{userId}. `Disassociate` is Zoom's default but fails for
    /// custCreate users ("Unable to unlink API user(s)", Z23): use `Delete` for them.
    pub enum DeleteUserAction {
        Disassociate => "disassociate",
        Delete => "delete",
    }
}

/// POST /users body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewUser {
    pub action: CreateUserAction,
    pub user_info: NewUserInfo,
}

/// `user_info` of POST /users (U25: email ≤128, names ≤64, display_name ≤128).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewUserInfo {
    pub email: String,
    #[serde(rename = "type")]
    pub user_type: UserType,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// 201 of POST /users: `{id, email, first_name, last_name, type}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct CreatedUser {
    #[serde(default, deserialize_with = "de::null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub email: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(rename = "type", default)]
    pub user_type: Option<UserType>,
}

/// A user from GET /users/{userId} or GET /users.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct User {
    /// Absent for pending users in listings (U25).
    #[serde(default, deserialize_with = "de::null_default")]
    pub id: String,
    #[serde(default, deserialize_with = "de::null_default")]
    pub email: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(rename = "type", default)]
    pub user_type: Option<UserType>,
    #[serde(default)]
    pub status: Option<UserStatus>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub pmi: Option<i64>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub verified: Option<i64>,
    #[serde(default)]
    pub dept: Option<String>,
    #[serde(default)]
    pub role_id: Option<String>,
    /// 99 = API user (REFERENCE §2 `login_type`).
    #[serde(default, deserialize_with = "de::opt_int")]
    pub login_type: Option<i64>,
    /// U25's name for the same fact, as a list (`[99]` for custCreate users).
    #[serde(default, deserialize_with = "de::null_default")]
    pub login_types: Vec<i64>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub user_created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "de::opt_time")]
    pub last_login_time: Option<DateTime<Utc>>,
    #[serde(default)]
    pub employee_unique_id: Option<String>,
}

impl User {
    /// Whether this is an API user (`custCreate`): login type 99. Zoom's user object (spec
    /// operation `user`, GET /users/{userId}) carries the list `login_types`; the older single
    /// `login_type` is honoured too where an answer still has it.
    pub fn is_api_user(&self) -> bool {
        const API_USER: i64 = 99;
        self.login_type == Some(API_USER) || self.login_types.contains(&API_USER)
    }
}

impl PageItem for User {
    fn dedup_key(&self) -> String {
        if self.id.is_empty() {
            format!("email:{}", self.email.to_lowercase())
        } else {
            self.id.clone()
        }
    }
}

/// A page of GET /users.
#[derive(Debug, Clone, Deserialize)]
pub struct UserPage {
    #[serde(default, deserialize_with = "de::null_default")]
    pub users: Vec<User>,
    #[serde(default)]
    pub next_page_token: Option<String>,
    #[serde(default, deserialize_with = "de::opt_int")]
    pub total_records: Option<i64>,
}

impl Page for UserPage {
    type Item = User;
    fn into_parts(self) -> (Vec<User>, Option<String>) {
        (self.users, self.next_page_token)
    }
}

/// `{ "token": "…" }` of GET /users/{userId}/token.
#[derive(Deserialize)]
pub(crate) struct TokenBody {
    #[serde(default, deserialize_with = "de::opt_secret")]
    pub token: Option<crate::Secret<String>>,
}

#[cfg(test)]
mod tests {
    use super::User;

    fn user(json: &str) -> User {
        serde_json::from_str(json).expect("a user object")
    }

    #[test]
    fn an_api_user_is_known_by_login_types_or_the_older_login_type() {
        assert!(
            user(r#"{"id":"u1","email":"a@isv.example.org","login_types":[99]}"#).is_api_user()
        );
        assert!(user(r#"{"id":"u1","email":"a@isv.example.org","login_type":99}"#).is_api_user());
        assert!(!user(r#"{"id":"u2","email":"b@example.org","login_types":[100]}"#).is_api_user());
        assert!(!user(r#"{"id":"u3","email":"c@example.org"}"#).is_api_user());
    }
}
