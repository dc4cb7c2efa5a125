//! Path segment encoding.
//!
//! Every value put into a path is percent-encoded as one segment. Meeting UUIDs that begin with
//! `/` or contain `//` must be encoded **twice** (M25/Z23 `meetingId` parameter texts,
//! REFERENCE §5): `/abc//d==` → `%252Fabc%252F%252Fd%253D%253D`. Other values are encoded once;
//! whether Zoom also accepts double-encoding of ordinary UUIDs is untested (REFERENCE §10.16),
//! so we do not rely on it.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything except RFC 3986 unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment, encoded once (user ids, emails, registrant ids, numeric meeting ids).
pub fn segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// A meeting id or meeting UUID, double-encoded when Zoom requires it.
pub fn meeting_segment(value: &str) -> String {
    if needs_double_encoding(value) {
        segment(&segment(value))
    } else {
        segment(value)
    }
}

/// REFERENCE §5: "if a UUID begins with `/` or contains `//`, it must be double URL-encoded".
pub fn needs_double_encoding(value: &str) -> bool {
    value.starts_with('/') || value.contains("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_example_is_double_encoded() {
        assert_eq!(
            meeting_segment("/abc//d=="),
            "%252Fabc%252F%252Fd%253D%253D"
        );
    }

    #[test]
    fn ordinary_uuid_is_encoded_once() {
        assert_eq!(
            meeting_segment("4444AAAiAAAAAiAiAiiAii=="),
            "4444AAAiAAAAAiAiAiiAii%3D%3D"
        );
        assert_eq!(meeting_segment("ab/cd+ef=="), "ab%2Fcd%2Bef%3D%3D");
        assert_eq!(meeting_segment("85746065"), "85746065");
    }

    #[test]
    fn inner_double_slash_is_double_encoded() {
        assert_eq!(meeting_segment("ab//cd"), "ab%252F%252Fcd");
    }

    #[test]
    fn emails_are_one_segment() {
        assert_eq!(segment("a+b@x.org"), "a%2Bb%40x.org");
    }
}
