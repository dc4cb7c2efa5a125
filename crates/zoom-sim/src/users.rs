//! Users: create, list, get, delete, and the ZAK token (U25 `userCreate`, `users`, `user`,
//! `userDelete`, `userToken`; error texts from Z23, REF §2).

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::app::{Caller, Shared};
use crate::clock::fmt;
use crate::errors::{ApiError, ApiResult, ZoomJson, ZoomQuery};
use crate::paging;
use crate::state::{Store, User};
use crate::{Plan, ids};

#[derive(Deserialize)]
pub struct CreateBody {
    action: Option<String>,
    user_info: Option<UserInfo>,
}

#[derive(Deserialize)]
pub struct UserInfo {
    email: Option<String>,
    #[serde(rename = "type")]
    user_type: Option<i64>,
    first_name: Option<String>,
    last_name: Option<String>,
    display_name: Option<String>,
    password: Option<String>,
}

/// Zoom checks only the form of an address (REF §2: `asdf@asdf.com` passes).
pub fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(char::is_whitespace)
        && e.len() <= 128
}

pub async fn create(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    ZoomJson(body): ZoomJson<CreateBody>,
) -> ApiResult<Response> {
    let mut bad = Vec::new();
    let action = body.action.unwrap_or_default();
    if !["create", "autoCreate", "custCreate", "ssoCreate"].contains(&action.as_str()) {
        bad.push(("action".to_string(), "Invalid field.".to_string()));
    }
    let Some(info) = body.user_info else {
        return Err(ApiError::field("user_info", "Invalid field."));
    };
    let email = info.email.clone().unwrap_or_default();
    if !valid_email(&email) {
        bad.push(("user_info.email".into(), "Invalid field.".into()));
    }
    let user_type = info.user_type.unwrap_or(0);
    let type_ok = matches!(user_type, 1 | 2 | 4) || (user_type == 99 && action == "ssoCreate");
    if !type_ok {
        bad.push(("user_info.type".into(), "Invalid field.".into()));
    }
    let first = info.first_name.clone().unwrap_or_default();
    let last = info.last_name.clone().unwrap_or_default();
    if first.chars().count() > 64 {
        bad.push(("user_info.first_name".into(), "Invalid field.".into()));
    }
    if last.chars().count() > 64 {
        bad.push(("user_info.last_name".into(), "Invalid field.".into()));
    }
    let display = info
        .display_name
        .clone()
        .unwrap_or_else(|| format!("{first} {last}").trim().to_string());
    if display.chars().count() > 128 {
        bad.push(("user_info.display_name".into(), "Invalid field.".into()));
    }
    if action == "autoCreate" {
        let len = info.password.as_deref().map(str::len).unwrap_or(0);
        if !(8..=32).contains(&len) {
            bad.push(("user_info.password".into(), "Invalid field.".into()));
        }
    }
    if !bad.is_empty() {
        return Err(ApiError::validation(bad));
    }
    let now = app.now();
    let mut s = app.store();
    let plan = s.plan(&caller.account_id);
    if plan == Plan::Free {
        // U25 `userCreate`: "Pro or higher"; Z23: 400/200 no privilege.
        return Err(ApiError::new(400, 200, "No privilege."));
    }
    if s.users
        .values()
        .any(|u| u.email.eq_ignore_ascii_case(&email))
    {
        // Z23 `userCreate` 409: 1005.
        return Err(ApiError::new(
            409,
            1005,
            format!("Email \"{email}\" has already been used"),
        ));
    }
    if action == "create" {
        // U25: `action=create` is capped per account per day by plan.
        let cap = match plan {
            Plan::Free => 50,
            Plan::Pro => 1_500,
            Plan::Business => 10_000,
        };
        let key = format!("user-invite:{}", caller.account_id);
        if s.take_daily(key, now.date_naive(), cap).is_err() {
            return Err(ApiError::new(
                429,
                429,
                format!(
                    "You have exceeded the daily rate limit ({cap}) of user invite requests permitted for this account. You may resume these requests at GMT 00:00:00."
                ),
            ));
        }
    }
    let mut id = ids::user_id(&mut s.rng);
    while s.users.contains_key(&id) {
        id = ids::user_id(&mut s.rng);
    }
    let pmi = 1_000_000_000 + ids::pin(&mut s.rng);
    let user = User {
        id: id.clone(),
        account_id: caller.account_id.clone(),
        email: email.clone(),
        first_name: first.clone(),
        last_name: last.clone(),
        display_name: display,
        user_type,
        // `create` sends an invitation the user must accept; the others are active at once.
        status: if action == "create" {
            "pending"
        } else {
            "active"
        }
        .into(),
        login_type: if action == "custCreate" { 99 } else { 100 },
        action,
        pmi,
        created_at: now,
    };
    s.users.insert(id.clone(), user);
    Ok((
        StatusCode::CREATED,
        axum::Json(json!({
            "id": id, "email": email, "first_name": first, "last_name": last, "type": user_type,
        })),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    page_size: Option<i64>,
    next_page_token: Option<String>,
}

fn list_row(u: &User) -> Value {
    let mut v = json!({
        "email": u.email,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "display_name": u.display_name,
        "type": u.user_type,
        "status": u.status,
        "pmi": u.pmi,
        "timezone": "UTC",
        "verified": 1,
        "dept": "",
        "role_id": if u.action == "owner" { "0" } else { "2" },
        "user_created_at": fmt(u.created_at),
        "created_at": fmt(u.created_at),
        "language": "en-US",
    });
    // U25 `users`: `id` is absent for pending users.
    if u.status != "pending" {
        v["id"] = json!(u.id);
    }
    v
}

pub async fn list(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    ZoomQuery(q): ZoomQuery<ListQuery>,
) -> ApiResult<axum::Json<Value>> {
    let status = q.status.unwrap_or_else(|| "active".into());
    if !["active", "inactive", "pending"].contains(&status.as_str()) {
        return Err(ApiError::field("status", "Invalid field."));
    }
    let size = paging::page_size(q.page_size)?;
    let now = app.now();
    let mut s = app.store();
    let rows: Vec<Value> = s
        .users
        .values()
        .filter(|u| u.account_id == caller.account_id && u.status == status)
        .map(list_row)
        .collect();
    let key = format!("users:{}:{status}:{size}", caller.account_id);
    let page = paging::paginate(&mut s, now, &key, rows, size, q.next_page_token.as_deref())?;
    Ok(axum::Json(json!({
        "page_count": page.page_count,
        "page_number": page.page_number,
        "page_size": page.page_size,
        "total_records": page.total_records,
        "next_page_token": page.next_page_token,
        "users": page.items,
    })))
}

fn user_json(s: &Store, u: &User, port: u16) -> Value {
    let owner = s.account(&u.account_id).is_some_and(|a| a.owner_id == u.id);
    json!({
        "id": u.id,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "display_name": u.display_name,
        "email": u.email,
        "type": u.user_type,
        "role_name": if owner { "Owner" } else { "Member" },
        "role_id": if owner { "0" } else { "2" },
        "pmi": u.pmi,
        "use_pmi": false,
        "personal_meeting_url": format!("http://127.0.0.1:{port}/j/{}", u.pmi),
        "timezone": "UTC",
        "verified": 1,
        "dept": "",
        "created_at": fmt(u.created_at),
        "user_created_at": fmt(u.created_at),
        "status": u.status,
        "account_id": u.account_id,
        "language": "en-US",
        "cluster": "us06",
        // U25 `user`: login type 99 marks API (custCreate) users.
        "login_types": [u.login_type],
    })
}

pub async fn get(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(user_id): Path<String>,
) -> ApiResult<axum::Json<Value>> {
    let s = app.store();
    let u = s
        .find_user(&caller.account_id, &user_id)
        .ok_or_else(|| ApiError::user_not_found(&user_id))?;
    Ok(axum::Json(user_json(&s, u, app.port)))
}

#[derive(Deserialize)]
pub struct DeleteQuery {
    action: Option<String>,
}

pub async fn delete(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(user_id): Path<String>,
    ZoomQuery(q): ZoomQuery<DeleteQuery>,
) -> ApiResult<StatusCode> {
    let action = q.action.unwrap_or_else(|| "disassociate".into());
    if action != "delete" && action != "disassociate" {
        return Err(ApiError::field("action", "Invalid field."));
    }
    let mut s = app.store();
    let u = s
        .find_user(&caller.account_id, &user_id)
        .cloned()
        .ok_or_else(|| ApiError::user_not_found(&user_id))?;
    if s.account(&caller.account_id)
        .is_some_and(|a| a.owner_id == u.id)
    {
        // Z23 `userDelete`: 1117 cannot disassociate/delete the admin/owner.
        return Err(ApiError::new(
            400,
            1117,
            "Cannot delete or disassociate the account owner.",
        ));
    }
    if action == "disassociate" && u.is_api_user() {
        // Z23 May-2023 `userDelete` 400/300 (REF §2): API users cannot be unlinked.
        return Err(ApiError::new(400, 300, "Unable to unlink API user(s)"));
    }
    s.users.remove(&u.id);
    // Without transfer_* parameters the user's meetings go with them (U25 `userDelete`).
    s.meetings.retain(|_, m| m.host_id != u.id);
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
    ttl: Option<i64>,
}

pub async fn token(
    State(app): State<Shared>,
    Extension(caller): Extension<Caller>,
    Path(user_id): Path<String>,
    ZoomQuery(q): ZoomQuery<TokenQuery>,
) -> ApiResult<axum::Json<Value>> {
    let kind = q.kind.unwrap_or_else(|| "token".into());
    if kind != "zak" && kind != "token" {
        return Err(ApiError::field("type", "Invalid field."));
    }
    let now = app.now();
    let mut s = app.store();
    let u = s
        .find_user(&caller.account_id, &user_id)
        .cloned()
        .ok_or_else(|| ApiError::user_not_found(&user_id))?;
    // U25 `userToken`: default 2 h, 90 days for API users; at most one year.
    let default_ttl = if u.is_api_user() { 7_776_000 } else { 7_200 };
    let ttl = q.ttl.unwrap_or(default_ttl);
    if !(1..=31_536_000).contains(&ttl) {
        return Err(ApiError::field("ttl", "Invalid field."));
    }
    let sig = ids::token(&mut s.rng, 43);
    Ok(axum::Json(
        json!({ "token": make_zak(&u, now.timestamp(), ttl, &sig) }),
    ))
}

fn b64(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

/// A JWT-shaped ZAK whose payload carries the user id as `uid`, so a join with `zak=` can
/// name the signed-in user (REF §2 "ZAK join URL").
pub fn make_zak(u: &User, iat: i64, ttl: i64, sig: &str) -> String {
    let header = json!({ "typ": "JWT", "alg": "HS256" });
    let payload = json!({
        "aud": "clientsm", "uid": u.id, "iss": "web", "sk": "0",
        "sty": if u.is_api_user() { 99 } else { 100 },
        "wcd": "us06", "clt": 0, "aid": u.account_id,
        "iat": iat, "exp": iat + ttl,
    });
    format!("{}.{}.{sig}", b64(&header), b64(&payload))
}

/// `(uid, exp)` from a ZAK, or `None` when it is not one of ours.
pub fn parse_zak(zak: &str) -> Option<(String, i64)> {
    let payload = zak.split('.').nth(1)?;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    let v: Value = serde_json::from_slice(&raw).ok()?;
    Some((v.get("uid")?.as_str()?.to_string(), v.get("exp")?.as_i64()?))
}
