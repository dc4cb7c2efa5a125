//! Lenient field decoders shared by the wire types.

use crate::Secret;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serializer};

#[derive(Deserialize)]
#[serde(untagged)]
enum IntOrString {
    Int(i64),
    Float(f64),
    Str(String),
}

/// A number sent as a number or a numeric string.
pub(crate) fn int_or_string<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match IntOrString::deserialize(d)? {
        IntOrString::Int(n) => Ok(n),
        IntOrString::Float(f) if f.fract() == 0.0 => Ok(f as i64),
        IntOrString::Float(f) => Err(D::Error::custom(format!("expected an integer, got {f}"))),
        IntOrString::Str(s) => s
            .trim()
            .parse()
            .map_err(|_| D::Error::custom(format!("expected an integer, got {s:?}"))),
    }
}

/// `null`, `""`, a number or a numeric string → `Option<i64>`.
pub(crate) fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<IntOrString>::deserialize(d)? {
        None => Ok(None),
        Some(IntOrString::Str(s)) if s.trim().is_empty() => Ok(None),
        Some(IntOrString::Int(n)) => Ok(Some(n)),
        Some(IntOrString::Float(f)) if f.fract() == 0.0 => Ok(Some(f as i64)),
        Some(IntOrString::Float(f)) => {
            Err(D::Error::custom(format!("expected an integer, got {f}")))
        }
        Some(IntOrString::Str(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("expected an integer, got {s:?}"))),
    }
}

/// A meeting id (int64, may exceed 10 digits: REFERENCE §3) as a number or numeric string;
/// `null` → 0.
pub(crate) fn meeting_id<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = opt_int(d)?.unwrap_or(0);
    u64::try_from(n).map_err(|_| D::Error::custom(format!("a meeting id cannot be negative: {n}")))
}

/// `null` → `T::default()` (with `#[serde(default)]` for absent fields).
pub(crate) fn null_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// RFC 3339 (`2026-11-29T10:00:00Z`), or a zone-less time read as UTC; `null`/`""` → `None`.
pub(crate) fn opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let Some(s) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .map(|t| Some(t.and_utc()))
        .map_err(|_| {
            D::Error::custom(format!(
                "expected a date-time like 2026-11-29T10:00:00Z, got {s:?}"
            ))
        })
}

/// Zoom's request form `yyyy-MM-ddTHH:mm:ssZ` (M25 `meetingCreate.start_time`).
pub(crate) fn ser_opt_time<S: Serializer>(
    t: &Option<DateTime<Utc>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        None => s.serialize_none(),
    }
}

/// A credential-bearing string (a `start_url` carries the host's ZAK).
pub(crate) fn opt_secret<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Secret<String>>, D::Error> {
    Ok(Option::<String>::deserialize(d)?
        .filter(|s| !s.is_empty())
        .map(Secret::new))
}
