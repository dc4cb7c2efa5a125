//! The client: configuration, the token cache, the scheduler and the transport, shared by all
//! clones (cheap to clone, like octocrab's). Every endpoint goes through [`Client::execute`].

use crate::auth::{self, AccessToken, TokenCache, TokenResponse};
use crate::clock::{Clock, SystemClock};
use crate::error::from_response;
use crate::request::RequestSpec;
use crate::scheduler::{Category, DailyKey, DailyUsage, PacingOptions, Scheduler};
use crate::transport::{
    ReqwestTransport, Transport, WireError, WireErrorKind, WireRequest, WireResponse,
};
use crate::{Config, ErrorKind, Secret, ZoomError};
use futures::{Stream, StreamExt};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Knobs with production defaults; tests inject the clock, the RNG seed and the transport.
#[derive(Clone)]
pub struct ClientOptions {
    /// Per-request timeout (default 30 s).
    pub timeout: Duration,
    /// Attempts for requests that are safe to repeat, counting the first (default 4).
    pub max_attempts: u32,
    /// First backoff step (default 250 ms); doubles per attempt, full jitter.
    pub backoff_base: Duration,
    /// Backoff ceiling (default 8 s).
    pub backoff_max: Duration,
    /// How many per-second 429s one request may wait out before giving up (default 8).
    pub max_rate_limit_waits: u32,
    /// Seed for the jitter RNG; `None` seeds from the OS.
    pub seed: Option<u64>,
    pub clock: Arc<dyn Clock>,
    /// `None` uses reqwest.
    pub transport: Option<Arc<dyn Transport>>,
    pub pacing: PacingOptions,
    /// How many requests [`Client::run_paced`] keeps in flight (default 32).
    pub pipeline_depth: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_attempts: 4,
            backoff_base: Duration::from_millis(250),
            backoff_max: Duration::from_secs(8),
            max_rate_limit_waits: 8,
            seed: None,
            clock: Arc::new(SystemClock),
            transport: None,
            pacing: PacingOptions::default(),
            pipeline_depth: 32,
        }
    }
}

impl std::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("timeout", &self.timeout)
            .field("max_attempts", &self.max_attempts)
            .field("pacing", &self.pacing)
            .finish_non_exhaustive()
    }
}

/// The Zoom REST client. Clones share the token, the rate-limit scheduler and the counters.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("api_base", &self.inner.config.api_base)
            .field("account_id", &self.inner.config.account_id)
            .field("plan", &self.inner.config.plan)
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    pub(crate) config: Config,
    options: ClientOptions,
    transport: Arc<dyn Transport>,
    clock: Arc<dyn Clock>,
    scheduler: Scheduler,
    tokens: Mutex<TokenCache>,
    /// One token fetch at a time (single flight).
    refresh_gate: tokio::sync::Mutex<()>,
    rng: Mutex<StdRng>,
}

impl Client {
    /// A client with default options and the reqwest transport.
    pub fn new(config: Config) -> Result<Self, ZoomError> {
        Self::with_options(config, ClientOptions::default())
    }

    pub fn with_options(config: Config, options: ClientOptions) -> Result<Self, ZoomError> {
        for (name, base) in [
            ("api_base", &config.api_base),
            ("oauth_base", &config.oauth_base),
        ] {
            url::Url::parse(base).map_err(|e| {
                ZoomError::new(
                    ErrorKind::Rejected,
                    format!("{name} is not a URL ({base}): {e}"),
                )
            })?;
        }
        let transport: Arc<dyn Transport> = match &options.transport {
            Some(t) => t.clone(),
            None => Arc::new(
                ReqwestTransport::new()
                    .map_err(|e| ZoomError::new(ErrorKind::Network, e.message))?,
            ),
        };
        let rng = match options.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        let clock = options.clock.clone();
        let scheduler = Scheduler::new(config.plan, clock.clone(), options.pacing);
        Ok(Self {
            inner: Arc::new(Inner {
                config,
                options,
                transport,
                clock,
                scheduler,
                tokens: Mutex::new(TokenCache::default()),
                refresh_gate: tokio::sync::Mutex::new(()),
                rng: Mutex::new(rng),
            }),
        })
    }

    /// A snapshot of today's local daily counters, to persist.
    pub fn daily_usage(&self) -> DailyUsage {
        self.inner.scheduler.daily_usage()
    }

    /// Restore counters persisted earlier today (other days' counts are dropped).
    pub fn restore_daily_usage(&self, usage: DailyUsage) {
        self.inner.scheduler.restore_daily_usage(usage)
    }

    /// Run `f` over `items` with up to `pipeline_depth` requests in flight; the scheduler paces
    /// them. Results come back **in input order**, as a stream, so callers can record progress
    /// item by item. Example: `client.run_paced(people, |p| reg.add(p, &[]))`.
    pub fn run_paced<I, F, Fut, T>(
        &self,
        items: I,
        f: F,
    ) -> impl Stream<Item = T> + use<I, F, Fut, T>
    where
        I: IntoIterator,
        F: FnMut(I::Item) -> Fut,
        Fut: Future<Output = T>,
    {
        futures::stream::iter(items)
            .map(f)
            .buffered(self.inner.options.pipeline_depth.max(1))
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.inner.clock.now()
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let o = &self.inner.options;
        let ceiling = o
            .backoff_base
            .saturating_mul(1u32 << attempt.min(16))
            .min(o.backoff_max);
        let millis = ceiling.as_millis() as u64;
        let mut rng = self.inner.rng.lock().unwrap_or_else(|e| e.into_inner());
        // Full jitter, with a floor of a tenth so retries never fire back to back.
        Duration::from_millis(rng.random_range(millis / 10..=millis.max(1)))
    }

    /// Remove the client secret and the current access token from an error, whatever produced
    /// it (a hostile or buggy server may echo them; no code path of ours puts them there).
    fn scrub(&self, error: ZoomError) -> ZoomError {
        let token = self
            .inner
            .tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .current
            .as_ref()
            .map(|t| t.value.clone());
        let token = token.as_ref().map(|t| t.expose().as_str()).unwrap_or("");
        scrub_error(error, &[self.inner.config.client_secret.expose(), token])
    }

    // ---- OAuth ----------------------------------------------------------------------------

    async fn access_token(&self) -> Result<AccessToken, ZoomError> {
        if let Some(t) = self.cached_token() {
            return Ok(t);
        }
        let _gate = self.inner.refresh_gate.lock().await;
        if let Some(t) = self.cached_token() {
            return Ok(t);
        }
        let fetched = self.fetch_token().await.map_err(|e| self.scrub(e))?;
        let mut cache = self.inner.tokens.lock().unwrap_or_else(|e| e.into_inner());
        cache.generation += 1;
        let token = AccessToken {
            value: Arc::new(Secret::new(fetched.access_token)),
            expires_at: self.now()
                + chrono::Duration::seconds(fetched.expires_in.unwrap_or(3600).max(0)),
            generation: cache.generation,
        };
        cache.current = Some(token.clone());
        tracing::debug!(generation = token.generation, "fetched a Zoom access token");
        Ok(token)
    }

    fn cached_token(&self) -> Option<AccessToken> {
        self.inner
            .tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .fresh(self.now())
    }

    fn invalidate_token(&self, generation: u64) {
        self.inner
            .tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .invalidate(generation);
    }

    /// The token request is safe to repeat, so network errors and 5xx are retried.
    async fn fetch_token(&self) -> Result<TokenResponse, ZoomError> {
        let cfg = &self.inner.config;
        let url = join_url(&cfg.oauth_base, "/oauth/token", &[])?;
        let mut attempt = 0;
        loop {
            let request = WireRequest {
                method: http::Method::POST,
                url: url.clone(),
                authorization: auth::basic_header(&cfg.client_id, &cfg.client_secret),
                content_type: Some("application/x-www-form-urlencoded"),
                body: Some(auth::form_body(&cfg.account_id).into()),
                timeout: self.inner.options.timeout,
            };
            attempt += 1;
            let retryable = match self.inner.transport.send(request).await {
                Ok(r) if (200..300).contains(&r.status) => {
                    // The body holds the token: never echo it, not even in a decode error.
                    return serde_json::from_slice::<TokenResponse>(&r.body).map_err(|e| {
                        ZoomError {
                            kind: ErrorKind::Decode {
                                path: if e.is_data() {
                                    "access_token".into()
                                } else {
                                    ".".into()
                                },
                            },
                            http_status: Some(r.status),
                            zoom_code: None,
                            message: "Zoom's token endpoint answered without a usable access_token"
                                .into(),
                            retry_after: None,
                        }
                    });
                }
                Ok(r) => {
                    let basic = auth::basic_header(&cfg.client_id, &cfg.client_secret);
                    let err = scrub_error(
                        auth::token_error(r.status, &r.body),
                        &[
                            cfg.client_secret.expose(),
                            basic.expose(),
                            basic.expose().trim_start_matches("Basic "),
                        ],
                    );
                    if r.status < 500 {
                        tracing::warn!(status = r.status, "Zoom refused to issue an access token");
                        return Err(err);
                    }
                    err
                }
                Err(e) => network_error(e, "POST /oauth/token"),
            };
            if attempt >= self.inner.options.max_attempts {
                return Err(retryable);
            }
            tracing::debug!(attempt, kind = ?retryable.kind, "token request failed; retrying");
            tokio::time::sleep(self.backoff(attempt)).await;
        }
    }

    // ---- The one request path ---------------------------------------------------------------

    /// Send a request through daily admission, pacing, auth, retries and error mapping.
    pub(crate) async fn execute(&self, spec: &RequestSpec) -> Result<WireResponse, ZoomError> {
        self.execute_inner(spec).await.map_err(|e| self.scrub(e))
    }

    async fn execute_inner(&self, spec: &RequestSpec) -> Result<WireResponse, ZoomError> {
        let options = &self.inner.options;
        // Counted once per logical request; retries of a refused (429/401) send are not
        // extra work for Zoom.
        self.inner
            .scheduler
            .admit_daily(spec.category, &spec.daily)?;
        let url = join_url(&self.inner.config.api_base, &spec.path, &spec.query)?;
        let body = match &spec.body {
            Some(v) => Some(bytes::Bytes::from(serde_json::to_vec(v).map_err(|e| {
                ZoomError::new(
                    ErrorKind::Rejected,
                    format!("could not encode the request body: {e}"),
                )
            })?)),
            None => None,
        };
        let what = format!("{} {}", spec.method, spec.template);
        let mut failures = 0u32;
        let mut rate_waits = 0u32;
        let mut refreshed = false;
        loop {
            self.inner.scheduler.pace(spec.category).await;
            let token = self.access_token().await?;
            let request = WireRequest {
                method: spec.method.clone(),
                url: url.clone(),
                authorization: Secret::new(format!("Bearer {}", token.value.expose())),
                content_type: body.as_ref().map(|_| "application/json"),
                body: body.clone(),
                timeout: options.timeout,
            };
            let error = match self.inner.transport.send(request).await {
                Ok(response) if (200..300).contains(&response.status) => {
                    tracing::debug!(request = %what, status = response.status, "zoom ok");
                    return Ok(response);
                }
                Ok(response) => from_response(
                    response.status,
                    &response.headers,
                    &response.body,
                    self.now(),
                ),
                Err(e) => network_error(e, &what),
            };
            // Before anything logs it: Zoom's text could echo what we sent.
            let error = scrub_error(
                error,
                &[
                    self.inner.config.client_secret.expose(),
                    token.value.expose(),
                ],
            );
            tracing::debug!(request = %what, kind = ?error.kind, status = ?error.http_status, code = ?error.zoom_code, "zoom error");
            match &error.kind {
                // A rejected token: fetch a new one once and repeat (Zoom did no work).
                ErrorKind::Unauthorized if !refreshed => {
                    refreshed = true;
                    self.invalidate_token(token.generation);
                    continue;
                }
                ErrorKind::RateLimited { daily: true } => {
                    let until = error
                        .retry_after
                        .unwrap_or_else(|| crate::error::next_utc_midnight(self.now()));
                    for key in daily_keys_hit(spec, &error.message) {
                        self.inner.scheduler.block_daily(&key, until);
                    }
                    tracing::warn!(request = %what, until = %until, "Zoom daily limit reached");
                    return Err(ZoomError {
                        retry_after: Some(until),
                        ..error
                    });
                }
                // Per-second limit: Zoom refused before doing any work, so even a POST may be
                // repeated; pause the whole category until Zoom's retry time.
                ErrorKind::RateLimited { daily: false }
                    if rate_waits < options.max_rate_limit_waits =>
                {
                    rate_waits += 1;
                    let until = error
                        .retry_after
                        .filter(|t| *t > self.now())
                        .unwrap_or_else(|| self.now() + chrono::Duration::seconds(1));
                    tracing::info!(request = %what, until = %until, "per-second rate limit; pausing category");
                    self.inner.scheduler.pause(spec.category, until);
                    continue;
                }
                ErrorKind::Network | ErrorKind::Unavailable if spec.idempotent => {
                    failures += 1;
                    if failures >= options.max_attempts {
                        return Err(error);
                    }
                    let delay = self.backoff(failures);
                    tracing::debug!(request = %what, attempt = failures, ?delay, "retrying");
                    tokio::time::sleep(delay).await;
                    continue;
                }
                _ => return Err(error),
            }
        }
    }

    pub(crate) async fn execute_json<T: DeserializeOwned>(
        &self,
        spec: &RequestSpec,
    ) -> Result<T, ZoomError> {
        let response = self.execute(spec).await?;
        decode(&response.body, spec, response.status)
    }

    pub(crate) async fn execute_empty(&self, spec: &RequestSpec) -> Result<(), ZoomError> {
        self.execute(spec).await.map(|_| ())
    }
}

/// Decode a JSON body, naming the JSON path that failed (serde_path_to_error, as octocrab does).
pub(crate) fn decode<T: DeserializeOwned>(
    body: &[u8],
    spec: &RequestSpec,
    status: u16,
) -> Result<T, ZoomError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        ZoomError {
            kind: ErrorKind::Decode { path: path.clone() },
            http_status: Some(status),
            zoom_code: None,
            message: format!(
                "could not decode Zoom's answer to {} {} at `{path}`: {}",
                spec.method,
                spec.template,
                e.inner()
            ),
            retry_after: None,
        }
    })
}

/// Replace every non-empty `secrets` value in the error's texts by `[redacted]`.
pub(crate) fn scrub_error(mut error: ZoomError, secrets: &[&str]) -> ZoomError {
    let clean = |text: &mut String| {
        for secret in secrets.iter().filter(|s| s.len() >= 4) {
            if text.contains(*secret) {
                *text = text.replace(*secret, "[redacted]");
            }
        }
    };
    clean(&mut error.message);
    if let ErrorKind::Validation { fields } = &mut error.kind {
        for f in fields {
            clean(&mut f.field);
            clean(&mut f.message);
        }
    }
    if let ErrorKind::MissingScope { scopes } = &mut error.kind {
        scopes.iter_mut().for_each(clean);
    }
    error
}

fn join_url(base: &str, path: &str, query: &[(String, String)]) -> Result<url::Url, ZoomError> {
    let raw = format!("{}{}", base.trim_end_matches('/'), path);
    let mut url = url::Url::parse(&raw)
        .map_err(|e| ZoomError::new(ErrorKind::Rejected, format!("bad request URL {raw}: {e}")))?;
    if !query.is_empty() {
        url.query_pairs_mut()
            .extend_pairs(query.iter().map(|(k, v)| (k, v)));
    }
    Ok(url)
}

fn network_error(e: WireError, what: &str) -> ZoomError {
    let why = match e.kind {
        WireErrorKind::Timeout => "timed out",
        WireErrorKind::Connect => "could not connect",
        WireErrorKind::Reset => "connection broke",
        WireErrorKind::Other => "failed",
    };
    ZoomError::new(ErrorKind::Network, format!("{what} {why}: {}", e.message))
}

/// Which daily counters a daily 429 stops. The per-user meeting text ("…for this particular
/// user") and the per-registrant text ("…for the registrant {1}") name their scope; otherwise
/// the category's account-wide cap was hit. A per-registrant 429 that names none of the
/// request's emails blocks nothing locally (the caller still gets the error).
fn daily_keys_hit(spec: &RequestSpec, message: &str) -> Vec<DailyKey> {
    let lower = message.to_lowercase();
    let registrants: Vec<&DailyKey> = spec
        .daily
        .iter()
        .filter(|k| {
            matches!(
                k,
                DailyKey::RegistrantAdd { .. } | DailyKey::RegistrantStatus { .. }
            )
        })
        .collect();
    if lower.contains("registrant") && !registrants.is_empty() {
        let named: Vec<DailyKey> = registrants
            .iter()
            .filter(|k| match k {
                DailyKey::RegistrantAdd { email, .. } => lower.contains(email.as_str()),
                DailyKey::RegistrantStatus { registrant, .. } => {
                    lower.contains(&registrant.to_lowercase())
                }
                _ => false,
            })
            .map(|k| (*k).clone())
            .collect();
        if named.is_empty() && registrants.len() == 1 {
            return vec![registrants[0].clone()];
        }
        return named;
    }
    let meeting: Vec<DailyKey> = spec
        .daily
        .iter()
        .filter(|k| {
            matches!(
                k,
                DailyKey::MeetingCreate { .. } | DailyKey::MeetingUpdate { .. }
            )
        })
        .cloned()
        .collect();
    if !meeting.is_empty() && (lower.contains("user") || lower.contains("meeting create")) {
        return meeting;
    }
    let category = match spec.category {
        Category::ResourceIntensive => Category::Heavy,
        c => c,
    };
    vec![DailyKey::Category(category)]
}
