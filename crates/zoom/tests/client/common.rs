//! Test helpers: a scripted transport and client constructors.

use bytes::Bytes;
use futures::future::BoxFuture;
use rollcall_zoom::transport::{Transport, WireError, WireErrorKind, WireRequest, WireResponse};
use rollcall_zoom::{Client, ClientOptions, Config, Plan, Secret};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const SECRET: &str = "known-client-secret-7Qz";

/// A request as the transport saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Raw (still percent-encoded) path.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    pub raw_body: Option<String>,
    pub authorization: String,
}

impl Seen {
    pub fn is_token(&self) -> bool {
        self.path.ends_with("/oauth/token")
    }
    pub fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the scripted Zoom answers.
pub enum Reply {
    Json(u16, serde_json::Value),
    WithHeaders(u16, Vec<(&'static str, String)>, serde_json::Value),
    Empty(u16),
    Fail(WireErrorKind),
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

/// A transport that answers from a closure and records every request.
pub struct Scripted {
    pub seen: Mutex<Vec<Seen>>,
    handler: Box<Handler>,
}

impl Scripted {
    /// `handler(request, index_of_api_request)`; token requests are answered automatically
    /// with `tok-1`, `tok-2` … unless the handler is asked with `auto_token = false`.
    pub fn new(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(Self {
            seen: Mutex::new(Vec::new()),
            handler: Box::new(handler),
        })
    }

    pub fn api_requests(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| !s.is_token())
            .cloned()
            .collect()
    }

    pub fn token_requests(&self) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.is_token())
            .count()
    }
}

pub fn token_reply(n: usize) -> Reply {
    Reply::Json(
        200,
        serde_json::json!({"access_token": format!("tok-{n}-SECRETTOKEN"), "token_type":"bearer",
            "expires_in": 3599, "scope": "meeting:read:admin", "api_url": "https://api.zoom.us"}),
    )
}

impl Transport for Scripted {
    fn send(&self, request: WireRequest) -> BoxFuture<'static, Result<WireResponse, WireError>> {
        let raw_body = request
            .body
            .as_ref()
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let seen = Seen {
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            query: request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
            body: raw_body
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok()),
            raw_body,
            authorization: request.authorization.expose().clone(),
        };
        let reply = {
            let mut log = self.seen.lock().unwrap();
            log.push(seen.clone());
            if seen.is_token() {
                let n = log.iter().filter(|s| s.is_token()).count();
                drop(log);
                let r = (self.handler)(&seen, usize::MAX);
                match r {
                    Reply::Empty(0) => token_reply(n),
                    other => other,
                }
            } else {
                let n = log.iter().filter(|s| !s.is_token()).count() - 1;
                drop(log);
                (self.handler)(&seen, n)
            }
        };
        Box::pin(async move {
            match reply {
                Reply::Fail(kind) => Err(WireError {
                    kind,
                    message: "scripted transport failure".into(),
                }),
                Reply::Empty(status) => Ok(WireResponse {
                    status,
                    headers: http::HeaderMap::new(),
                    body: Bytes::new(),
                }),
                Reply::Json(status, v) => Ok(WireResponse {
                    status,
                    headers: http::HeaderMap::new(),
                    body: Bytes::from(v.to_string()),
                }),
                Reply::WithHeaders(status, headers, v) => {
                    let mut map = http::HeaderMap::new();
                    for (k, val) in headers {
                        map.insert(k, val.parse().unwrap());
                    }
                    Ok(WireResponse {
                        status,
                        headers: map,
                        body: Bytes::from(v.to_string()),
                    })
                }
            }
        })
    }
}

/// `Reply::Empty(0)` from a handler for a token request means "the default token".
pub fn default_token() -> Reply {
    Reply::Empty(0)
}

pub fn config(api_base: &str, oauth_base: &str, plan: Plan) -> Config {
    Config {
        api_base: api_base.into(),
        oauth_base: oauth_base.into(),
        account_id: "acct-1".into(),
        client_id: "client-1".into(),
        client_secret: Secret::new(SECRET.to_owned()),
        plan,
    }
}

pub fn fast_options() -> ClientOptions {
    ClientOptions {
        backoff_base: Duration::from_millis(2),
        backoff_max: Duration::from_millis(10),
        seed: Some(7),
        ..ClientOptions::default()
    }
}

pub fn scripted_client(transport: Arc<Scripted>, plan: Plan) -> Client {
    let options = ClientOptions {
        transport: Some(transport),
        ..fast_options()
    };
    Client::with_options(
        config("https://zoom.test/v2", "https://zoom.test", plan),
        options,
    )
    .unwrap()
}
