//! Each person's own link: copy one, or export them all (CSV or JSON). Authenticated (ZAK)
//! links for people whose Zoom user Rollcall created are built on demand and never stored.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use futures::StreamExt;
use serde::{Deserialize, Serialize};

use super::{InvitationStatus, full_name};
use crate::app::App;
use crate::error::{AppError, Result};
use crate::export::neutralize_formula;
use crate::meetings;
use crate::secrets::Secret;
use crate::store::invitations::InvitationRow;

/// Shown next to every authenticated link.
pub const AUTHENTICATED_LINK_NOTE: &str = "Signs the person in as their own Zoom user, so they \
    need no Zoom account of their own. Zoom does not document this form of link (it is known from \
    Zoom's developer forum), so it may stop working without notice; the personal registration \
    link always works.";

/// ZAK lifetimes (REFERENCE §2): 90 days for users Rollcall created through the API, 2 hours
/// otherwise.
fn zak_lifetime(created_by_rollcall: bool) -> Duration {
    if created_by_rollcall {
        Duration::days(90)
    } else {
        Duration::hours(2)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum LinkFormat {
    Csv,
    Json,
}

/// What the UI knows about an authenticated link without holding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticatedLinkInfo {
    /// "90 days" or "2 hours" from when it is made.
    pub valid_for: String,
    pub note: String,
}

/// One person's link to a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MeetingLink {
    pub external_id: String,
    pub name: String,
    pub email: String,
    /// The personal registration link (`None` until registered).
    pub join_url: Option<String>,
    pub phone_pin: Option<String>,
    pub status: InvitationStatus,
    /// Occurrences this link is registered for (series registered per occurrence).
    pub occurrence_ids: Vec<String>,
    /// Present when an authenticated link can be made for this person.
    pub authenticated: Option<AuthenticatedLinkInfo>,
}

/// An authenticated link, made on demand. Not `Serialize`; the URL is a [`Secret`].
#[derive(Debug, Clone)]
pub struct AuthenticatedLink {
    pub external_id: String,
    pub url: Secret<String>,
    pub expires_at: DateTime<Utc>,
}

fn links_of(rows: &[InvitationRow]) -> Vec<(MeetingLink, Option<String>)> {
    let mut out: Vec<(MeetingLink, Option<String>)> = Vec::new();
    for row in rows {
        if let Some((link, _)) = out
            .iter_mut()
            .find(|(l, _)| l.external_id == row.external_id)
        {
            if !row.occurrence_id.is_empty() {
                link.occurrence_ids.push(row.occurrence_id.clone());
            }
            if link.join_url.is_none() {
                link.join_url = row.join_url.clone();
                link.phone_pin = row.phone_pin.clone();
                link.status = InvitationStatus::parse(&row.status);
            }
            continue;
        }
        let created = row.zoom_kind.as_deref() == Some("created") && row.zoom_user_id.is_some();
        let status = InvitationStatus::parse(&row.status);
        out.push((
            MeetingLink {
                external_id: row.external_id.clone(),
                name: full_name(&row.first_name, &row.last_name),
                email: row.email.clone(),
                join_url: row.join_url.clone(),
                phone_pin: row.phone_pin.clone(),
                status,
                occurrence_ids: Some(row.occurrence_id.clone())
                    .filter(|o| !o.is_empty())
                    .into_iter()
                    .collect(),
                authenticated: (created && status == InvitationStatus::Registered).then(|| {
                    AuthenticatedLinkInfo {
                        valid_for: "90 days".to_owned(),
                        note: AUTHENTICATED_LINK_NOTE.to_owned(),
                    }
                }),
            },
            row.zoom_user_id.clone().filter(|_| created),
        ));
    }
    out
}

/// The join link with the person's ZAK added (`&zak=` after a query, `?zak=` otherwise).
pub fn with_zak(join_url: &str, zak: &Secret<String>) -> Secret<String> {
    let separator = if join_url.contains('?') { '&' } else { '?' };
    Secret::new(format!("{join_url}{separator}zak={}", zak.expose()))
}

impl App {
    /// Every invited person's link (one per person), for the table and "copy".
    pub async fn links(&self, meeting: &str) -> Result<Vec<MeetingLink>> {
        let (account, _) = self.active_client().await?;
        let store = self.store().await;
        let row = meetings::resolve(&store, &account.id, meeting).await?;
        let rows = store.invitation_rows(row.id, &account.id).await?;
        Ok(links_of(&rows).into_iter().map(|(l, _)| l).collect())
    }

    /// One person's link.
    pub async fn link(&self, meeting: &str, external_id: &str) -> Result<MeetingLink> {
        self.links(meeting)
            .await?
            .into_iter()
            .find(|l| l.external_id == external_id)
            .ok_or_else(|| {
                AppError::not_found(format!("{external_id} is not invited to this meeting."))
            })
    }

    /// Make one person's authenticated link now (asks Zoom for their ZAK; nothing is kept).
    pub async fn authenticated_link(
        &self,
        meeting: &str,
        external_id: &str,
    ) -> Result<AuthenticatedLink> {
        let mut links = self
            .authenticated_links_for(meeting, Some(external_id))
            .await?;
        links.pop().ok_or_else(|| {
            AppError::validation(
                "An authenticated link needs a registered person whose Zoom user Rollcall created; \
                 use their personal registration link instead.",
            )
        })
    }

    /// Authenticated links for everyone who can have one.
    pub async fn authenticated_links(&self, meeting: &str) -> Result<Vec<AuthenticatedLink>> {
        self.authenticated_links_for(meeting, None).await
    }

    async fn authenticated_links_for(
        &self,
        meeting: &str,
        only: Option<&str>,
    ) -> Result<Vec<AuthenticatedLink>> {
        let (account, client, store) = meetings::connect(self).await?;
        let row = meetings::resolve(&store, &account.id, meeting).await?;
        let rows = store.invitation_rows(row.id, &account.id).await?;
        let wanted: Vec<(MeetingLink, String)> = links_of(&rows)
            .into_iter()
            .filter(|(l, _)| only.is_none_or(|o| o == l.external_id))
            .filter(|(l, _)| l.authenticated.is_some() && l.join_url.is_some())
            .filter_map(|(l, user)| user.map(|u| (l, u)))
            .collect();
        let now = self.clock().now();
        let made: Vec<Result<AuthenticatedLink>> =
            futures::stream::iter(wanted.into_iter().map(|(link, user)| {
                let client = client.clone();
                async move {
                    let zak = client.users().zak(&user, None).await?;
                    Ok(AuthenticatedLink {
                        url: with_zak(link.join_url.as_deref().unwrap_or_default(), &zak),
                        external_id: link.external_id,
                        expires_at: now + zak_lifetime(true),
                    })
                }
            }))
            .buffer_unordered(8)
            .collect()
            .await;
        made.into_iter().collect()
    }

    /// All links as CSV or JSON (external id, name, email, join link, phone PIN, status; with
    /// `authenticated`, the authenticated link and its expiry too). This is the one place an
    /// authenticated link is written out: to what the caller does with the returned text.
    pub async fn export_links(
        &self,
        meeting: &str,
        format: LinkFormat,
        authenticated: bool,
    ) -> Result<Secret<String>> {
        let links = self.links(meeting).await?;
        let mut zaks = if authenticated {
            self.authenticated_links(meeting).await?
        } else {
            Vec::new()
        };
        if let Some(first_expiry) = zaks.iter().map(|a| a.expires_at).min() {
            self.record_link_export(meeting, first_expiry, zaks.len())
                .await?;
        }
        let mut rows = Vec::with_capacity(links.len());
        for link in &links {
            let auth = zaks
                .iter()
                .position(|a| a.external_id == link.external_id)
                .map(|i| zaks.swap_remove(i));
            rows.push((link, auth));
        }
        let text = match format {
            LinkFormat::Json => {
                let values: Vec<serde_json::Value> = rows
                    .iter()
                    .map(|(l, a)| {
                        let mut v = serde_json::json!({
                            "externalId": l.external_id,
                            "name": l.name,
                            "email": l.email,
                            "joinLink": l.join_url,
                            "phonePin": l.phone_pin,
                            "status": l.status.as_str(),
                        });
                        if authenticated {
                            v["authenticatedLink"] =
                                serde_json::json!(a.as_ref().map(|a| a.url.expose().clone()));
                            v["authenticatedLinkExpiresAt"] =
                                serde_json::json!(a.as_ref().map(|a| a.expires_at));
                        }
                        v
                    })
                    .collect();
                let mut doc = serde_json::json!({ "links": values });
                if authenticated {
                    doc["authenticatedLinkNote"] = serde_json::json!(AUTHENTICATED_LINK_NOTE);
                }
                serde_json::to_string_pretty(&doc).map_err(AppError::database)?
            }
            LinkFormat::Csv => {
                let mut out = csv::Writer::from_writer(Vec::new());
                let mut header = vec![
                    "external_id",
                    "name",
                    "email",
                    "join_link",
                    "phone_pin",
                    "status",
                ];
                if authenticated {
                    header.extend(["authenticated_link", "authenticated_link_expires_at"]);
                }
                out.write_record(&header).map_err(AppError::database)?;
                for (l, a) in &rows {
                    let mut cells: Vec<String> = vec![
                        l.external_id.clone(),
                        l.name.clone(),
                        l.email.clone(),
                        l.join_url.clone().unwrap_or_default(),
                        l.phone_pin.clone().unwrap_or_default(),
                        l.status.as_str().to_owned(),
                    ];
                    if authenticated {
                        cells.push(
                            a.as_ref()
                                .map(|a| a.url.expose().clone())
                                .unwrap_or_default(),
                        );
                        cells.push(
                            a.as_ref()
                                .map(|a| a.expires_at.to_rfc3339())
                                .unwrap_or_default(),
                        );
                    }
                    out.write_record(cells.iter().map(|c| neutralize_formula(c).into_owned()))
                        .map_err(AppError::database)?;
                }
                let bytes = out.into_inner().map_err(AppError::database)?;
                String::from_utf8(bytes).map_err(AppError::database)?
            }
        };
        Ok(Secret::new(text))
    }

    /// Write the export to a file (created readable by the owner only when it holds
    /// authenticated links).
    pub async fn export_links_to(
        &self,
        meeting: &str,
        format: LinkFormat,
        authenticated: bool,
        path: &Path,
    ) -> Result<u32> {
        let text = self.export_links(meeting, format, authenticated).await?;
        write_private(path, text.expose(), authenticated).map_err(|e| {
            AppError::validation(format!("Could not write {}: {e}", path.display()))
        })?;
        let people: HashSet<String> = self
            .links(meeting)
            .await?
            .into_iter()
            .map(|l| l.external_id)
            .collect();
        Ok(people.len() as u32)
    }
}

impl App {
    /// Keep a record that authenticated links of `meeting` left Rollcall and when the first of
    /// them expires (Home warns before the meeting if they expire first). Never the links.
    async fn record_link_export(
        &self,
        meeting: &str,
        expires_at: DateTime<Utc>,
        links: usize,
    ) -> Result<()> {
        let (account, _) = self.active_client().await?;
        let store = self.store().await;
        let row = meetings::resolve(&store, &account.id, meeting).await?;
        let now = crate::store::now_text(self.clock().now());
        store
            .record_link_export(
                &account.id,
                row.id,
                &now,
                &crate::store::now_text(expires_at),
                i64::try_from(links).unwrap_or(i64::MAX),
                &meetings::actor(),
            )
            .await
    }
}

fn write_private(path: &Path, text: &str, private: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zak_goes_after_the_query_or_starts_one() {
        let zak = Secret::new("Z1".to_owned());
        assert_eq!(
            with_zak("https://z/j/1?tk=a", &zak).expose(),
            "https://z/j/1?tk=a&zak=Z1"
        );
        assert_eq!(
            with_zak("https://z/j/1", &zak).expose(),
            "https://z/j/1?zak=Z1"
        );
    }

    #[test]
    fn lifetimes_follow_the_kind_of_user() {
        assert_eq!(zak_lifetime(true), Duration::days(90));
        assert_eq!(zak_lifetime(false), Duration::hours(2));
    }
}
