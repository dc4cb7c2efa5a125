//! The one place bytes leave the process.
//!
//! Describing a request and sending it are separate (the async-stripe shape, STYLE-ANCHORS §4.2):
//! auth, pacing, retries and paging sit above a [`Transport`], so tests can swap in a recording
//! or scripted transport and the request-contract test can see every request the client builds.

use crate::Secret;
use bytes::Bytes;
use futures::future::BoxFuture;
use std::time::Duration;

/// One HTTP request, fully built.
#[derive(Debug, Clone)]
pub struct WireRequest {
    pub method: http::Method,
    /// Absolute URL, query included.
    pub url: url::Url,
    /// The whole `Authorization` header value (`Bearer …` or `Basic …`); redacted in `Debug`.
    pub authorization: Secret<String>,
    pub content_type: Option<&'static str>,
    pub body: Option<Bytes>,
    pub timeout: Duration,
}

#[derive(Debug, Clone)]
pub struct WireResponse {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

/// Why no response arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireErrorKind {
    Timeout,
    Connect,
    /// The connection broke mid-request (reset, closed early, truncated body).
    Reset,
    Other,
}

#[derive(Debug, Clone)]
pub struct WireError {
    pub kind: WireErrorKind,
    pub message: String,
}

/// Sends a [`WireRequest`]. Implementations must not log the `authorization` value.
pub trait Transport: Send + Sync + 'static {
    fn send(&self, request: WireRequest) -> BoxFuture<'static, Result<WireResponse, WireError>>;
}

/// The real transport: reqwest with rustls.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    pub fn new() -> Result<Self, WireError> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("rollcall-zoom/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| WireError {
                kind: WireErrorKind::Other,
                message: format!("could not build the HTTP client: {e}"),
            })?;
        Ok(Self { client })
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: WireRequest) -> BoxFuture<'static, Result<WireResponse, WireError>> {
        let client = self.client.clone();
        Box::pin(async move {
            let mut builder = client
                .request(request.method, request.url)
                .timeout(request.timeout)
                .header(http::header::AUTHORIZATION, request.authorization.expose());
            if let Some(ct) = request.content_type {
                builder = builder.header(http::header::CONTENT_TYPE, ct);
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let response = builder.send().await.map_err(wire_error)?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(wire_error)?;
            Ok(WireResponse {
                status,
                headers,
                body,
            })
        })
    }
}

fn wire_error(e: reqwest::Error) -> WireError {
    // reqwest's Display names the URL (ids, no credentials: those travel in headers only).
    let kind = if e.is_timeout() {
        WireErrorKind::Timeout
    } else if e.is_connect() {
        WireErrorKind::Connect
    } else if e.is_body() || e.is_request() || e.is_decode() {
        WireErrorKind::Reset
    } else {
        WireErrorKind::Other
    };
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    WireError { kind, message }
}
