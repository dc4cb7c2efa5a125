//! The client secret and the access token never appear in a log line or an error message.
//!
//! A whole run — token fetch, rejection and refresh, 5xx retries, daily 429, decode failures,
//! a token endpoint that refuses the credentials — is driven against a hostile scripted Zoom
//! that echoes the `Authorization` header and the secret back in its messages. Every tracing
//! line (TRACE level, all targets) and every error's `Display` and `Debug` are captured and
//! searched for the secret, the tokens and the Basic credentials.

use crate::common::*;
use base64::Engine as _;
use futures::TryStreamExt;
use rollcall_zoom::model::*;
use rollcall_zoom::{Client, Plan};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hostile() -> Arc<Scripted> {
    Scripted::new(|s, n| {
        if s.is_token() {
            return default_token();
        }
        let echo = format!("you sent {} with secret {SECRET}", s.authorization);
        match n % 6 {
            0 => Reply::Json(401, json!({"code": 124, "message": echo})),
            1 => Reply::Json(503, json!({"code": 503, "message": echo})),
            2 => Reply::Json(404, json!({"code": 1001, "message": echo})),
            3 => Reply::WithHeaders(
                429,
                vec![("x-ratelimit-type", "Daily-limit".into())],
                json!({"code": 429, "message": echo}),
            ),
            4 => Reply::Json(200, json!({"participants": [{"user_id": 5, "name": echo}]})),
            _ => Reply::Json(
                400,
                json!({"code": 300, "message": echo, "errors": [{"field": "email", "message": echo}]}),
            ),
        }
    })
}

fn refusing_token_endpoint() -> Arc<Scripted> {
    Scripted::new(|s, _| {
        if s.is_token() {
            Reply::Json(
                400,
                json!({"error": "invalid_client", "reason": format!("bad {} / {SECRET}", s.authorization)}),
            )
        } else {
            Reply::Json(200, json!({}))
        }
    })
}

#[test]
fn secrets_never_reach_logs_or_errors() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let mut rendered: Vec<String> = Vec::new();

    tracing::subscriber::with_default(subscriber, || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let t = hostile();
            let client = scripted_client(t.clone(), Plan::Pro);
            rendered.push(format!("{client:?}"));
            for i in 0..12 {
                let r = match i % 3 {
                    0 => client.users().get("me").await.map(|_| ()),
                    1 => client
                        .reports()
                        .past_participants("85746065")
                        .try_collect::<Vec<_>>()
                        .await
                        .map(|_| ()),
                    _ => client
                        .registrants(85746065)
                        .add(
                            &NewRegistrant {
                                email: format!("p{i}@x.org"),
                                first_name: "P".into(),
                                ..Default::default()
                            },
                            &[],
                        )
                        .await
                        .map(|_| ()),
                };
                if let Err(e) = r {
                    rendered.push(format!("{e} | {e:?}"));
                }
            }
            let zak = Client::with_options(
                config("https://zoom.test/v2", "https://zoom.test", Plan::Pro),
                rollcall_zoom::ClientOptions {
                    transport: Some(Scripted::new(|s, _| {
                        if s.is_token() {
                            default_token()
                        } else {
                            Reply::Json(200, json!({"token": "zak-SECRETTOKEN"}))
                        }
                    })),
                    ..fast_options()
                },
            )
            .unwrap()
            .users()
            .zak("u1", None)
            .await
            .unwrap();
            rendered.push(format!("{zak:?} {zak}"));

            let refused = scripted_client(refusing_token_endpoint(), Plan::Pro);
            let e = refused.users().get("me").await.unwrap_err();
            rendered.push(format!("{e} | {e:?}"));
            let cfg = config("https://zoom.test/v2", "https://zoom.test", Plan::Pro);
            rendered.push(format!("{cfg:?}"));
            tracing::info!(config = ?cfg, "config as logged");
        });
    });

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("zoom error"),
        "the run was logged at all:\n{log}"
    );
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("client-1:{SECRET}"));
    let everything = format!("{log}\n{}", rendered.join("\n"));
    for needle in [SECRET, "SECRETTOKEN", basic.as_str()] {
        let hits: Vec<&str> = everything.lines().filter(|l| l.contains(needle)).collect();
        assert!(
            hits.is_empty(),
            "`{needle}` leaked in {} line(s):\n{}",
            hits.len(),
            hits.join("\n")
        );
    }
    assert!(rendered.len() > 8, "errors were produced: {rendered:#?}");
}
