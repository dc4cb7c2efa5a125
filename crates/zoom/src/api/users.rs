//! `client.users()`: POST/GET/DELETE /users, GET /users/{userId}/token.

use crate::encode::segment;
use crate::model::users::TokenBody;
use crate::model::{
    CreateUserAction, CreatedUser, DeleteUserAction, NewUser, User, UserPage, UserStatus,
};
use crate::paging::{ZoomStream, paginate};
use crate::request::RequestSpec;
use crate::scheduler::{Category, DailyKey};
use crate::{Client, ErrorKind, Secret, ZoomError};

/// Users of the account.
#[derive(Debug, Clone, Copy)]
pub struct Users<'a> {
    client: &'a Client,
}

impl Client {
    pub fn users(&self) -> Users<'_> {
        Users { client: self }
    }
}

pub(crate) fn create_request(user: &NewUser) -> Result<RequestSpec, ZoomError> {
    // LIGHT (U25 userCreate). A POST: never repeated blindly; look the email up first.
    let spec = RequestSpec::new(
        http::Method::POST,
        "/users",
        "/users".into(),
        Category::Light,
    )
    .json(user)?;
    Ok(if user.action == CreateUserAction::Create {
        spec.daily(DailyKey::UserCreate)
    } else {
        spec
    })
}

pub(crate) fn get_request(user_id: &str) -> RequestSpec {
    RequestSpec::get(
        "/users/{userId}",
        format!("/users/{}", segment(user_id)),
        Category::Light,
    )
}

pub(crate) fn list_request(status: Option<&UserStatus>) -> RequestSpec {
    // MEDIUM (U25 users). page_size: 300 is the max in Z23 and within U25's 2000.
    RequestSpec::get("/users", "/users".into(), Category::Medium)
        .query_opt("status", status.map(|s| s.as_str().to_owned()))
        .query("page_size", 300)
}

pub(crate) fn delete_request(user_id: &str, action: &DeleteUserAction) -> RequestSpec {
    RequestSpec::new(
        http::Method::DELETE,
        "/users/{userId}",
        format!("/users/{}", segment(user_id)),
        Category::Light,
    )
    .query("action", action.as_str())
}

pub(crate) fn zak_request(user_id: &str, ttl_seconds: Option<u64>) -> RequestSpec {
    RequestSpec::get(
        "/users/{userId}/token",
        format!("/users/{}/token", segment(user_id)),
        Category::Light,
    )
    .query("type", "zak")
    .query_opt("ttl", ttl_seconds)
}

impl Users<'_> {
    /// POST /users. `1005`/409 (email used) comes back as `ErrorKind::Conflict`.
    pub async fn create(&self, user: &NewUser) -> Result<CreatedUser, ZoomError> {
        self.client.execute_json(&create_request(user)?).await
    }

    /// GET /users/{userId}; `user_id` is an id, an email, or `me`.
    pub async fn get(&self, user_id: &str) -> Result<User, ZoomError> {
        self.client.execute_json(&get_request(user_id)).await
    }

    /// GET /users as a stream (Zoom's default status filter is `active`).
    pub fn list(&self, status: Option<UserStatus>) -> ZoomStream<User> {
        paginate::<UserPage>(self.client.clone(), list_request(status.as_ref()))
    }

    /// DELETE /users/{userId}?action=…
    pub async fn delete(&self, user_id: &str, action: DeleteUserAction) -> Result<(), ZoomError> {
        self.client
            .execute_empty(&delete_request(user_id, &action))
            .await
    }

    /// GET /users/{userId}/token?type=zak: the user's ZAK (2 h, or 90 days for custCreate users;
    /// `ttl_seconds` up to a year). Fetch it just before use: signing out invalidates it.
    pub async fn zak(
        &self,
        user_id: &str,
        ttl_seconds: Option<u64>,
    ) -> Result<Secret<String>, ZoomError> {
        let body: TokenBody = self
            .client
            .execute_json(&zak_request(user_id, ttl_seconds))
            .await?;
        body.token.ok_or_else(|| {
            ZoomError::new(
                ErrorKind::Decode {
                    path: "token".into(),
                },
                "Zoom answered without a ZAK",
            )
        })
    }
}
