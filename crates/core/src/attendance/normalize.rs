//! Masked values and the normal forms rows are compared in.
//!
//! Zoom masks personal data on HIPAA/BAA accounts in three observed forms (REFERENCE §5):
//! an empty string, a run of asterisks (`******`), and `Name unavailable`. All three, and
//! blank strings, count as absent.
//!
//! Names are compared after trimming, collapsing runs of whitespace to one space and
//! lower-casing (Unicode `to_lowercase`, a close stand-in for case folding). Diacritics are
//! **not** stripped: `José` and `Jose` are different names (they still meet as suggestions,
//! whose tokens fold common Latin diacritics). Emails are trimmed and lower-cased. Ids are trimmed.

/// The value with surrounding whitespace removed, or `None` when it is absent or masked.
pub fn unmasked(value: Option<&str>) -> Option<&str> {
    let value = value?.trim();
    if value.is_empty()
        || value.chars().all(|c| c == '*')
        || value.eq_ignore_ascii_case("name unavailable")
    {
        None
    } else {
        Some(value)
    }
}

/// Whether a value counts as absent (missing, blank or masked).
pub fn is_masked(value: Option<&str>) -> bool {
    unmasked(value).is_none()
}

/// Trim, collapse whitespace, lower-case. Diacritics are kept.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Trim and lower-case.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The part after the last `@` of a normalized email, if there is one and it is not empty.
pub fn email_domain(email: &str) -> Option<&str> {
    let (_, domain) = email.rsplit_once('@')?;
    (!domain.is_empty()).then_some(domain)
}

/// A masked-aware normalized name: `None` for masked values and for names that normalize to
/// nothing.
pub(crate) fn name_key(name: Option<&str>) -> Option<String> {
    unmasked(name).map(normalize_name).filter(|n| !n.is_empty())
}

/// A masked-aware normalized email.
pub(crate) fn email_key(email: Option<&str>) -> Option<String> {
    unmasked(email).map(normalize_email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_are_absent() {
        for masked in [
            "",
            "   ",
            "*",
            "******",
            "Name unavailable",
            "name UNAVAILABLE",
        ] {
            assert_eq!(unmasked(Some(masked)), None, "{masked:?} is masked");
        }
        assert_eq!(unmasked(None), None);
        assert_eq!(unmasked(Some(" Ann ")), Some("Ann"));
        assert_eq!(unmasked(Some("a*b")), Some("a*b"));
    }

    #[test]
    fn names_normalize() {
        assert_eq!(normalize_name("  Ann \t  LEE "), "ann lee");
        assert_eq!(normalize_name("José"), "josé");
    }

    #[test]
    fn domains() {
        assert_eq!(email_domain("a@b.org"), Some("b.org"));
        assert_eq!(email_domain("ab.org"), None);
        assert_eq!(email_domain("a@"), None);
    }
}
