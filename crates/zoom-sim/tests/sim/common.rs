//! Starting a simulator and talking to it.

use chrono::{DateTime, TimeZone, Utc};
use reqwest::{Method, StatusCode, header::HeaderMap};
use serde_json::{Value, json};
use zoom_sim::{Plan, SimAccount, SimConfig, SimHandle};

#[allow(dead_code)]
pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("bad time {s}: {e}"))
}

pub fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0)
        .single()
        .expect("valid time")
}

pub fn account(id: &str, plan: Plan) -> SimAccount {
    SimAccount {
        account_id: id.into(),
        client_id: format!("{id}-client"),
        client_secret: format!("{id}-secret"),
        owner_email: format!("owner@{id}.example.com"),
        scopes: None,
        plan,
    }
}

/// Pro (default), Business and Free accounts, rate limits off, clock frozen at 08:00 UTC.
pub fn config() -> SimConfig {
    SimConfig {
        accounts: vec![
            SimAccount::demo(),
            account("biz", Plan::Business),
            account("free", Plan::Free),
        ],
        start_time: Some(start_time()),
        rate_limits: false,
        seed: 42,
        ..SimConfig::default()
    }
}

#[allow(dead_code)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

pub struct Sim {
    pub handle: SimHandle,
    pub http: reqwest::Client,
    /// The first account's token; renewed whenever a test moves the clock.
    token: std::sync::Mutex<String>,
    account: SimAccount,
}

impl Sim {
    pub async fn start(config: SimConfig) -> Sim {
        let first = config.accounts[0].clone();
        let handle = zoom_sim::start(config, 0).await.expect("sim starts");
        handle.freeze_clock(true);
        let http = reqwest::Client::new();
        let sim = Sim {
            handle,
            http,
            token: std::sync::Mutex::new(String::new()),
            account: first,
        };
        sim.refresh_token().await;
        sim
    }

    pub async fn token_for(&self, a: &SimAccount) -> String {
        let r = self
            .http
            .post(format!("{}/oauth/token", self.handle.oauth_base()))
            .basic_auth(&a.client_id, Some(&a.client_secret))
            .form(&[
                ("grant_type", "account_credentials"),
                ("account_id", a.account_id.as_str()),
            ])
            .send()
            .await
            .expect("token request");
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.expect("token json");
        v["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    pub async fn refresh_token(&self) {
        let t = self.token_for(&self.account).await;
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = t;
    }

    pub fn token(&self) -> String {
        self.token.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub async fn call_as(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Resp {
        let url = format!("{}{}", self.handle.api_base(), path);
        let mut req = self.http.request(method, url).bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("request");
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
        };
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Resp {
        let token = self.token();
        self.call_as(&token, method, path, body).await
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.call(Method::POST, path, Some(body)).await
    }

    /// A control call; returns status and body.
    pub async fn ctl(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}{}", self.handle.control_base(), path))
            .json(&body)
            .send()
            .await
            .expect("control request");
        let status = r.status();
        let v = r.json().await.unwrap_or(Value::Null);
        (status, v)
    }

    pub async fn set_clock(&self, now: &str) {
        let (s, _) = self
            .ctl("/clock/set", json!({ "now": now, "frozen": true }))
            .await;
        assert_eq!(s, 200);
        self.refresh_token().await;
    }

    pub async fn join(&self, body: Value) -> (StatusCode, Value) {
        self.ctl("/join", body).await
    }

    /// Join and, if put in the waiting room, return the handle still waiting.
    pub async fn join_ok(&self, body: Value) -> String {
        let (s, v) = self.join(body.clone()).await;
        assert_eq!(s, 200, "join {body} → {v}");
        v.get("participant")
            .or_else(|| v.get("waiting"))
            .and_then(Value::as_str)
            .expect("handle")
            .to_string()
    }

    pub async fn admit(&self, handle: &str) {
        let (s, v) = self.ctl("/admit", json!({ "participant": handle })).await;
        assert_eq!(s, 200, "admit {handle}: {v}");
    }

    pub async fn leave(&self, handle: &str) {
        let (s, v) = self.ctl("/leave", json!({ "participant": handle })).await;
        assert_eq!(s, 200, "leave {handle}: {v}");
    }

    pub async fn create_user(&self, email: &str, first: &str, last: &str, kind: i64) -> String {
        let r = self
            .post(
                "/users",
                json!({"action": "custCreate", "user_info": {
                    "email": email, "type": kind, "first_name": first, "last_name": last}}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        r.body["id"].as_str().expect("id").to_string()
    }

    pub async fn zak(&self, user_id: &str) -> String {
        let r = self.get(&format!("/users/{user_id}/token?type=zak")).await;
        assert_eq!(r.status, 200);
        r.body["token"].as_str().expect("token").to_string()
    }
}

/// Path form of a meeting UUID: double-encoded when Zoom requires it (REF §5).
pub fn uuid_path(uuid: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let once = utf8_percent_encode(uuid, NON_ALPHANUMERIC).to_string();
    if uuid.starts_with('/') || uuid.contains("//") {
        utf8_percent_encode(&once, NON_ALPHANUMERIC).to_string()
    } else {
        once
    }
}
