//! Removes credentials from a line of text before it is written anywhere (a log line, a crash
//! report). It is the one place that knows what a credential looks like in Rollcall's output:
//!
//! - the value of an `Authorization` header (`Authorization: Bearer …`, `authorization="Basic …"`;
//!   the scheme stays, the credential goes), and a bare `Bearer …`/`Basic …` credential;
//! - the value of an `access_token`, `refresh_token`, `client_secret` or `token` key, as JSON
//!   (`"access_token":"…"`, also escaped inside a quoted string), as a form or query parameter
//!   (`client_secret=…`) or as Rust's `Debug` prints it (`access_token: "…"`);
//! - the value of a `zak` or `tk` parameter: an authenticated link (`zak=`) and a registrant's
//!   join link (`tk=`) are credentials in themselves.
//!
//! Keys are matched without regard to case and only as whole words (`ntk=` is not `tk=`). A key
//! counts only when a `:` or `=` (or its URL encoding `%3D`) follows it, so prose such as "the
//! token expired" is left alone. Values end at whitespace, a quote, a backslash or one of
//! `& , ; ) ] } < > #`. A line with nothing to redact comes back unchanged (and unallocated).

use std::borrow::Cow;

/// What a removed value is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Keys whose value is a credential, longest first so `access_token` wins over `token`.
const VALUE_KEYS: &[&str] = &[
    "refresh_token",
    "client_secret",
    "access_token",
    "token",
    "zak",
    "tk",
];

/// HTTP authentication schemes whose credential may appear without its header name.
const SCHEMES: &[&str] = &["bearer", "basic"];

/// `line` with every credential replaced by [`REDACTED`].
pub fn redact(line: &str) -> Cow<'_, str> {
    let lower = line.to_ascii_lowercase();
    let lower = lower.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while i < lower.len() {
        if let Some((start, end)) = credential_at(lower, i) {
            let buf = out.get_or_insert_with(|| String::with_capacity(line.len()));
            // Both ends sit next to ASCII bytes (a separator, a terminator or the line's end),
            // so they are char boundaries of `line`.
            buf.push_str(&line[copied..start]);
            buf.push_str(REDACTED);
            copied = end;
            i = end;
        } else {
            i += 1;
        }
    }
    match out {
        None => Cow::Borrowed(line),
        Some(mut buf) => {
            buf.push_str(&line[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// The byte range of a credential value whose key starts at `i`, if one does.
fn credential_at(s: &[u8], i: usize) -> Option<(usize, usize)> {
    // A key starts a word: after a non-word byte or a percent-encoded one (`%3Ftk%3D…`).
    let percent_encoded =
        i >= 3 && s[i - 3] == b'%' && s[i - 2].is_ascii_hexdigit() && s[i - 1].is_ascii_hexdigit();
    if i > 0 && is_word(s[i - 1]) && !percent_encoded {
        return None;
    }
    let rest = &s[i..];
    if rest.starts_with(b"authorization") {
        let j = i + "authorization".len();
        if s.get(j).copied().is_some_and(is_word) {
            return None;
        }
        let start = after_assignment(s, j)?;
        // Keep the scheme (`Bearer `), remove what follows it.
        let word_end = start
            + s[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
        let spaces = s[word_end..].iter().take_while(|&&b| b == b' ').count();
        let start = if word_end > start && spaces > 0 {
            word_end + spaces
        } else {
            start
        };
        return non_empty(start, value_end(s, start));
    }
    for key in VALUE_KEYS {
        if rest.starts_with(key.as_bytes()) {
            let j = i + key.len();
            if s.get(j).copied().is_some_and(is_word) {
                return None;
            }
            let start = after_assignment(s, j)?;
            return non_empty(start, value_end(s, start));
        }
    }
    for scheme in SCHEMES {
        if rest.starts_with(scheme.as_bytes()) {
            let j = i + scheme.len();
            let spaces = s[j..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            if spaces == 0 {
                return None;
            }
            let start = j + spaces;
            let end = start + s[start..].iter().take_while(|&&b| is_token68(b)).count();
            // Without the header name, only what looks like a credential: long enough and not
            // a plain word ("Basic plan", "bearer tokens" stay).
            let token = &s[start..end];
            let looks_secret = token.len() >= 8
                && token
                    .iter()
                    .any(|b| b.is_ascii_digit() || b".-_~+/=".contains(b));
            return if looks_secret {
                Some((start, end))
            } else {
                None
            };
        }
    }
    None
}

/// Skips the separators after a key (`":"`, ` = `, `\":\"`, `%3D`); the value's start if they
/// included an assignment (`:` or `=`), else None.
fn after_assignment(s: &[u8], mut j: usize) -> Option<usize> {
    let mut assigned = false;
    loop {
        match s.get(j) {
            Some(b':' | b'=') => {
                assigned = true;
                j += 1;
            }
            Some(b' ' | b'\t' | b'"' | b'\'' | b'\\') => j += 1,
            Some(b'%') if s[j..].starts_with(b"%3d") => {
                assigned = true;
                j += 3;
            }
            Some(b'%') if s[j..].starts_with(b"%22") => j += 3,
            _ => break,
        }
    }
    assigned.then_some(j)
}

fn value_end(s: &[u8], start: usize) -> usize {
    start
        + s[start..]
            .iter()
            .take_while(|&&b| !is_terminator(b))
            .count()
}

fn non_empty(start: usize, end: usize) -> Option<(usize, usize)> {
    (end > start).then_some((start, end))
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_terminator(b: u8) -> bool {
    b.is_ascii_whitespace() || b"\"'\\&,;)]}<>#[".contains(&b)
}

/// The characters of an HTTP `token68` credential (RFC 9110 §11.2).
fn is_token68(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(line: &str) -> String {
        redact(line).into_owned()
    }

    #[test]
    fn a_line_with_nothing_to_redact_comes_back_unchanged_and_unallocated() {
        for line in [
            "registered 30 people for meeting 85746065 (batch 2 of 4)",
            "GET /users/{userId}/token answered 200 in 41 ms",
            "the token expired; asking for a new one",
            "Basic plan: 100 meetings per day",
            "https://zoom.example/j/85746065?pwd=abc123",
            "network=ok ntk=1 atk=2 zakat=3 tokens=5",
            "",
        ] {
            assert!(matches!(redact(line), Cow::Borrowed(_)), "{line}");
            assert_eq!(redact(line), line);
        }
    }

    #[test]
    fn authorization_headers_keep_their_scheme_and_lose_the_credential() {
        assert_eq!(
            r("Authorization: Bearer eyJhbGciOi.J9x-y_z"),
            "Authorization: Bearer [redacted]"
        );
        assert_eq!(
            r("authorization: Basic ZTJlLWNsaWVudDpzZWNyZXQ= sent"),
            "authorization: Basic [redacted] sent"
        );
        assert_eq!(
            r(r#"headers={"authorization": "Bearer abc.def.ghi", "accept": "application/json"}"#),
            r#"headers={"authorization": "Bearer [redacted]", "accept": "application/json"}"#
        );
        // A header value without a scheme goes whole.
        assert_eq!(
            r("AUTHORIZATION=opaque-credential-42"),
            "AUTHORIZATION=[redacted]"
        );
    }

    #[test]
    fn bare_bearer_and_basic_credentials_are_redacted_but_words_after_them_are_not() {
        assert_eq!(
            r("retrying with bearer 0b7f2c9e4d1a"),
            "retrying with bearer [redacted]"
        );
        assert_eq!(r("BASIC ZTJlOnNlY3JldA=="), "BASIC [redacted]");
        assert_eq!(
            r("a bearer token was refused"),
            "a bearer token was refused"
        );
    }

    #[test]
    fn token_and_secret_values_are_redacted_in_json_form_and_debug_output() {
        assert_eq!(
            r(r#"{"access_token":"eyJ.abc-123","token_type":"bearer","expires_in":3599}"#),
            r#"{"access_token":"[redacted]","token_type":"bearer","expires_in":3599}"#
        );
        assert_eq!(
            r("grant_type=account_credentials&client_secret=s3cr3t&account_id=acc"),
            "grant_type=account_credentials&client_secret=[redacted]&account_id=acc"
        );
        assert_eq!(
            r(r#"body="{\"access_token\": \"xyz789\"}""#),
            r#"body="{\"access_token\": \"[redacted]\"}""#
        );
        assert_eq!(
            r(r#"Grant { refresh_token: "rt-1", scope: "a" }"#),
            r#"Grant { refresh_token: "[redacted]", scope: "a" }"#
        );
        assert_eq!(
            r(r#"{"token": "zak.jwt.sig"}"#),
            r#"{"token": "[redacted]"}"#
        );
    }

    #[test]
    fn zak_and_tk_parameters_are_redacted_in_urls_with_several_params() {
        assert_eq!(
            r("join https://zoom.example/w/857?tk=AbC.123-x&pwd=p4ss&zak=eyJ1aWQi.sig#success now"),
            "join https://zoom.example/w/857?tk=[redacted]&pwd=p4ss&zak=[redacted]#success now"
        );
        assert_eq!(r("/s/857?zak=eyJ.a.b"), "/s/857?zak=[redacted]");
        // A link carried inside another URL, percent-encoded.
        assert_eq!(
            r("next=%2Fw%2F857%3Ftk%3Dsecret1%26pwd%3Dx"),
            "next=%2Fw%2F857%3Ftk%3D[redacted]"
        );
    }

    #[test]
    fn keys_match_without_regard_to_case() {
        assert_eq!(
            r("ZAK=abc TK=def Access_Token=ghi CLIENT_SECRET=jkl"),
            "ZAK=[redacted] TK=[redacted] Access_Token=[redacted] CLIENT_SECRET=[redacted]"
        );
        assert_eq!(
            r("authorization: BEARER abcdefgh1"),
            "authorization: BEARER [redacted]"
        );
    }

    #[test]
    fn redacting_twice_changes_nothing_more() {
        let once = r("Authorization: Bearer a.b.c zak=x tk=y {\"access_token\":\"z\"}");
        assert_eq!(r(&once), once);
        assert!(!once.contains("a.b.c"));
    }

    #[test]
    fn text_around_a_credential_keeps_its_non_ascii_characters() {
        assert_eq!(
            r("Zoë’s link: …?tk=ünïcode-tøken&x=1 — ok"),
            "Zoë’s link: …?tk=[redacted]&x=1 — ok"
        );
    }
}
