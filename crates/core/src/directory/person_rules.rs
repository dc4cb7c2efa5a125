//! The rules a person's values must follow, shared by the import and the plan.
//!
//! The limits are Zoom's: a directory that accepts longer values would fail later, one
//! person at a time, when the people are provisioned.

use std::borrow::Cow;

use super::PersonField;

pub(crate) const MAX_EXTERNAL_ID_CHARS: usize = 128;
pub(crate) const MAX_EMAIL_CHARS: usize = 128;
pub(crate) const MAX_EMAIL_LOCAL_PART_CHARS: usize = 64;
pub(crate) const MAX_NAME_CHARS: usize = 64;

/// What a spreadsheet reads as the start of a formula once the cell is trimmed.
const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

/// The character that makes a spreadsheet read the (trimmed) value as a formula, if any.
pub(crate) fn formula_start(value: &str) -> Option<char> {
    value.chars().next().filter(|c| FORMULA_STARTS.contains(c))
}

/// The field a header cell names, with the usual aliases, ignoring case, spaces,
/// underscores and hyphens ("E-mail Address", "user_id", "Given name" …).
pub(crate) fn field_for_header(header: &str) -> Option<PersonField> {
    let key: String = header
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    let field = match key.as_str() {
        "externalid" | "id" | "userid" => PersonField::ExternalId,
        "email" | "emailaddress" => PersonField::Email,
        "firstname" | "givenname" => PersonField::FirstName,
        "lastname" | "surname" | "familyname" => PersonField::LastName,
        "groups" | "group" => PersonField::Groups,
        "active" => PersonField::Active,
        _ => return None,
    };
    Some(field)
}

/// The form of an email address used to compare two of them: lower-cased, without
/// allocating when it already is.
pub(crate) fn email_key(email: &str) -> Cow<'_, str> {
    if email.chars().any(char::is_uppercase) {
        Cow::Owned(email.to_lowercase())
    } else {
        Cow::Borrowed(email)
    }
}

/// Why an email address cannot be used, in words for an admin; `None` when it can.
///
/// A practical check, not RFC 5322: it rejects what Zoom and mail servers reject in
/// practice (no `@`, two `@`, spaces, a domain without a dot, Zoom's length limits).
pub(crate) fn email_problem(email: &str) -> Option<String> {
    if email.is_empty() {
        return Some("The email address is missing.".to_owned());
    }
    // A leading @ is reported below as "nothing before the @", which says more.
    if let Some(c) = formula_start(email).filter(|&c| c != '@') {
        return Some(format!(
            "The email address {} starts with '{c}', which spreadsheets read as a formula; \
             an email address cannot start with =, +, - or @.",
            quoted(email)
        ));
    }
    if email.chars().any(char::is_whitespace) {
        return Some(format!(
            "The email address {} contains a space.",
            quoted(email)
        ));
    }
    let chars = email.chars().count();
    if chars > MAX_EMAIL_CHARS {
        return Some(format!(
            "The email address is {chars} characters long; Zoom accepts at most {MAX_EMAIL_CHARS}."
        ));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Some(format!("The email address {} has no @.", quoted(email)));
    };
    if domain.contains('@') {
        return Some(format!(
            "The email address {} has more than one @.",
            quoted(email)
        ));
    }
    if local.is_empty() {
        return Some(format!(
            "The email address {} has nothing before the @.",
            quoted(email)
        ));
    }
    let local_chars = local.chars().count();
    if local_chars > MAX_EMAIL_LOCAL_PART_CHARS {
        return Some(format!(
            "The part of the email address before the @ is {local_chars} characters long; \
             at most {MAX_EMAIL_LOCAL_PART_CHARS} are allowed."
        ));
    }
    if domain.is_empty() {
        return Some(format!(
            "The email address {} has nothing after the @.",
            quoted(email)
        ));
    }
    if !domain.contains('.') {
        return Some(format!(
            "The email address {} has no dot in its domain (expected something like example.com).",
            quoted(email)
        ));
    }
    if domain.starts_with('.') || domain.ends_with('.') || domain.contains("..") {
        return Some(format!(
            "The email address {} has an invalid domain '{domain}'.",
            quoted(email)
        ));
    }
    None
}

/// Why an external id cannot be used; `None` when it can.
///
/// An id that starts with a formula character is rejected rather than accepted with a
/// warning: ids come from another system and are matched exactly, so one that starts with
/// `=` is almost certainly a spreadsheet formula or its result, and neutralising it on export
/// would change the id itself.
pub(crate) fn external_id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        return Some("The external id is missing.".to_owned());
    }
    if let Some(c) = formula_start(id) {
        return Some(format!(
            "The external id {} starts with '{c}', which spreadsheets read as a formula; \
             an external id cannot start with =, +, - or @.",
            quoted(id)
        ));
    }
    let chars = id.chars().count();
    if chars > MAX_EXTERNAL_ID_CHARS {
        return Some(format!(
            "The external id is {chars} characters long; at most {MAX_EXTERNAL_ID_CHARS} are allowed."
        ));
    }
    None
}

/// Why a first or last name cannot be used; `None` when it can. Empty names are allowed.
pub(crate) fn name_problem(field: PersonField, name: &str) -> Option<String> {
    let chars = name.chars().count();
    (chars > MAX_NAME_CHARS).then(|| {
        format!(
            "The {} is {chars} characters long; Zoom accepts at most {MAX_NAME_CHARS}.",
            field.label()
        )
    })
}

/// Reads the optional `active` column: yes/no in the ways spreadsheets and systems write it.
/// An empty cell means "not said" (a new person is active, an existing one keeps their state).
pub(crate) fn parse_active(value: &str) -> Result<Option<bool>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    const YES: [&str; 6] = ["yes", "y", "true", "1", "active", "x"];
    const NO: [&str; 5] = ["no", "n", "false", "0", "inactive"];
    if YES.iter().any(|w| value.eq_ignore_ascii_case(w)) {
        Ok(Some(true))
    } else if NO.iter().any(|w| value.eq_ignore_ascii_case(w)) {
        Ok(Some(false))
    } else {
        Err(format!(
            "Active must be yes or no (or true/false, 1/0); found {}.",
            quoted(value)
        ))
    }
}

/// Splits a groups cell into group names: on `;`, `|` and `,` except the file's own
/// delimiter (a quoted "Sales, EMEA" in a comma file is one group), trimmed, empty names
/// dropped, duplicates dropped (first spelling kept, compared exactly).
pub(crate) fn split_groups(cell: &str, file_delimiter: u8) -> Vec<String> {
    let separators: &[char] = match file_delimiter {
        b',' => &[';', '|'],
        b';' => &[',', '|'],
        _ => &[';', '|', ','],
    };
    let mut groups: Vec<String> = Vec::new();
    for name in cell.split(separators).map(str::trim) {
        if !name.is_empty() && !groups.iter().any(|g| g == name) {
            groups.push(name.to_owned());
        }
    }
    groups
}

/// A value shown inside a message: in quotes, cut short when long so the message stays
/// readable next to the line number.
pub(crate) fn quoted(value: &str) -> String {
    const SHOWN_CHARS: usize = 40;
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("'{}…'", &value[..cut]),
        None => format!("'{value}'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_aliases_ignore_case_spaces_underscores_and_hyphens() {
        for (header, field) in [
            ("External ID", PersonField::ExternalId),
            ("user-id", PersonField::ExternalId),
            ("ID", PersonField::ExternalId),
            ("E-Mail", PersonField::Email),
            ("Email Address", PersonField::Email),
            ("Given Name", PersonField::FirstName),
            ("FIRSTNAME", PersonField::FirstName),
            ("Family_Name", PersonField::LastName),
            ("Surname", PersonField::LastName),
            ("Group", PersonField::Groups),
        ] {
            assert_eq!(field_for_header(header), Some(field), "{header}");
        }
        assert_eq!(field_for_header("Department"), None);
    }

    #[test]
    fn practical_email_check() {
        for ok in ["ann@example.com", "Ann.Lee+zoom@mail.example.co.uk"] {
            assert_eq!(email_problem(ok), None, "{ok}");
        }
        for (bad, why) in [
            ("", "missing"),
            ("ann", "no @"),
            ("a@b@example.com", "more than one @"),
            ("@example.com", "nothing before"),
            ("ann@", "nothing after"),
            ("ann@localhost", "no dot"),
            ("ann@example..com", "invalid domain"),
            ("ann lee@example.com", "space"),
            ("=ann@example.com", "formula"),
        ] {
            let problem = email_problem(bad).unwrap_or_default();
            assert!(problem.contains(why), "{bad}: {problem}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert!(email_problem(&long_local).unwrap().contains("at most 64"));
        let long = format!("{}@{}.com", "a".repeat(60), "b".repeat(70));
        assert!(email_problem(&long).unwrap().contains("at most 128"));
    }

    #[test]
    fn groups_split_on_every_separator_but_the_delimiter() {
        assert_eq!(
            split_groups(" Sales; EMEA | Sales ;; ", b','),
            ["Sales", "EMEA"]
        );
        assert_eq!(split_groups("Sales, EMEA", b','), ["Sales, EMEA"]);
        assert_eq!(split_groups("Sales, EMEA", b';'), ["Sales", "EMEA"]);
        assert_eq!(split_groups("a,b;c|d", b'\t'), ["a", "b", "c", "d"]);
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        assert_eq!(quoted("abc"), "'abc'");
        assert!(quoted(&"x".repeat(100)).ends_with("…'"));
    }
}
