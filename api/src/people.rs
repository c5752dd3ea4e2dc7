//! People and access: what an invitation, a password and a person's listing are, and how their
//! fields parse. The rules for passwords are documented in the README ("People and access").

use billing::ParseError;
use serde::{Deserialize, Serialize};

use crate::auth::{MAX_EMAIL_BYTES, Role};
use crate::errors::AppError;

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Passwords that lists of breached passwords start with: a password containing one is refused
/// whatever its length (`Password2026!` is in every list of guesses).
const COMMON: [&str; 24] = [
    "password", "passwort", "geslo", "123456", "qwerty", "qwertz", "letmein", "welcome", "admin",
    "iloveyou", "monkey", "dragon", "football", "baseball", "sunshine", "princess", "abc123",
    "trustno1", "master", "hello", "freedom", "whatever", "hourbank", "changeme",
];

/// A sign-in email: trimmed, lower case, one `@` with text on both sides and a dot after it,
/// no spaces or control characters, at most 254 bytes.
pub fn parse_email(field: &str, raw: &str) -> Result<String, AppError> {
    parse_email_address(raw).map_err(|e| AppError::invalid(field, e))
}

/// An email address, lower case.
pub fn parse_email_address(raw: &str) -> Result<String, ParseError> {
    let email = raw.trim().to_ascii_lowercase();
    let ok = email.len() <= MAX_EMAIL_BYTES
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ','))
        && email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok {
        Ok(email)
    } else {
        Err(ParseError::BadEmail)
    }
}

pub fn parse_role(field: &str, raw: &str) -> Result<Role, AppError> {
    Role::parse(raw.trim()).ok_or_else(|| AppError::invalid(field, ParseError::BadRole))
}

/// A new password: 12 to 128 characters, and not guessable from who it belongs to or from the
/// lists breaches publish: not containing the person's email name or any word of their name
/// (4 letters or more), not containing one of the most common passwords (ignoring case), not
/// made of fewer than 4 different characters, not a run like `abcd…`, `1234…` or `9876…`.
pub fn parse_new_password(
    field: &str,
    raw: &str,
    email: &str,
    name: &str,
) -> Result<String, AppError> {
    let n = raw.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        return Err(AppError::invalid(
            field,
            ParseError::PasswordLength {
                min: MIN_PASSWORD_CHARS,
                max: MAX_PASSWORD_CHARS,
            },
        ));
    }
    if guessable(raw, email, name) {
        return Err(AppError::invalid(field, ParseError::PasswordGuessable));
    }
    Ok(raw.to_string())
}

fn guessable(password: &str, email: &str, name: &str) -> bool {
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    let personal = name
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .chain(std::iter::once(local))
        .filter(|w| w.chars().count() >= 4);
    let distinct: std::collections::BTreeSet<char> = lower.chars().collect();
    // Each step between neighbouring characters the same (aaaa, abcd, 1234, 9876).
    let steps: std::collections::BTreeSet<i64> = lower
        .chars()
        .zip(lower.chars().skip(1))
        .map(|(a, b)| b as i64 - a as i64)
        .collect();
    personal.into_iter().any(|w| lower.contains(&w))
        || COMMON.iter().any(|c| lower.contains(c))
        || distinct.len() < 4
        || steps.len() == 1
}

/// An invitation as an admin sees it (the token is shown once, when it is made, never again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub account_id: Option<String>,
    pub invited_by: String,
    /// RFC 3339 instants.
    pub created_at: String,
    pub expires_at: String,
}

/// A new invitation and its one-time link (`/invitation/TOKEN`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invited {
    pub invitation: Invitation,
    pub link: String,
}

/// A user as the people page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub account_id: Option<String>,
    /// A technician's accounts.
    pub assigned: Vec<String>,
    /// RFC 3339; None: active.
    pub deactivated_at: Option<String>,
}

/// The people page: users, open invitations, and the latest audit lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct People {
    pub users: Vec<Person>,
    pub invitations: Vec<Invitation>,
    pub audit: Vec<AuditLine>,
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub id: i64,
    pub at: String,
    /// Who acted (their user id; None: nobody signed in).
    pub actor: Option<String>,
    pub address: String,
    pub action: String,
    pub subject: Option<String>,
    pub account_id: Option<String>,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(raw: &str) -> bool {
        parse_new_password("password", raw, "dana.weber@agency.example", "Dana Weber").is_err()
    }

    #[test]
    fn passwords_follow_the_documented_rules() {
        assert!(!refused("correct horse battery staple"));
        assert!(!refused("Tr0ub4dor&3-extended"));
        // Length.
        assert!(refused("short1!"));
        assert!(refused(&"x9".repeat(65)));
        // Personal, common, repeated, sequential.
        assert!(refused("DanaWeber2026!!"));
        assert!(refused("my-dana.weber-pass"));
        assert!(refused("Password1234"));
        assert!(refused("!!password!!"));
        assert!(refused("aaaaaaaaaaaaaa"));
        assert!(refused("abababababab"));
        assert!(refused("123456789012"));
        assert!(refused("abcdefghijklm"));
    }

    #[test]
    fn emails_are_lower_case_and_plausible() {
        assert_eq!(
            parse_email("email", " Ana@Example.COM ").unwrap(),
            "ana@example.com"
        );
        for bad in [
            "", "ana", "ana@", "@x.io", "a@b", "a b@x.io", "a@x.io.", "a@@x.io",
        ] {
            assert!(parse_email("email", bad).is_err(), "{bad}");
        }
    }
}
