//! How to reach one Zoom account. Base URLs are configuration, never code: real Zoom,
//! a regional host, or zoom-sim on loopback all go through the same client.

use crate::Secret;

pub const ZOOM_API_BASE: &str = "https://api.zoom.us/v2";
pub const ZOOM_OAUTH_BASE: &str = "https://zoom.us";

/// The account's plan decides its rate limits (REFERENCE §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Plan {
    Free,
    Pro,
    /// Business, Education, Enterprise and Partners share these limits.
    Business,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// e.g. `https://api.zoom.us/v2`; no trailing slash needed.
    pub api_base: String,
    /// e.g. `https://zoom.us`; the token endpoint is `{oauth_base}/oauth/token`.
    pub oauth_base: String,
    pub account_id: String,
    pub client_id: String,
    pub client_secret: Secret<String>,
    pub plan: Plan,
}
