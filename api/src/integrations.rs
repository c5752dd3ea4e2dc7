//! Integration tokens as the integrations page shows them: a helpdesk calls `/api/v1` with one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::errors::AppError;

/// The longest name of a token ("Zendesk", "Freshdesk – EU helpdesk").
pub const MAX_TOKEN_NAME: usize = 80;

/// Every token secret starts with this, so a leaked one is recognisable (secret scanners, logs).
pub const TOKEN_PREFIX: &str = "hbk_";

/// A token as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    /// The one account it may use; None: every account.
    pub account_id: Option<String>,
    /// Who created it (a user's name), when known.
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token just created, with its secret: shown once, stored only as a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiToken {
    pub token: ApiToken,
    pub secret: String,
}

/// The integrations page: every token, working ones first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Integrations {
    pub tokens: Vec<ApiToken>,
    /// This site's address as the browser reached it, for the examples (`https://…`).
    pub base_url: String,
    /// The staff who can log work (admins and technicians), with their helpdesk ids.
    #[serde(default)]
    pub staff: Vec<StaffId>,
}

/// A staff member and the id the helpdesk knows them by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffId {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub helpdesk_id: Option<String>,
}

/// The longest helpdesk id of a person (an agent id, a user name).
pub const MAX_HELPDESK_ID: usize = 100;

/// A person's helpdesk id: blank is none; otherwise one line of at most 100 characters.
pub fn parse_helpdesk_id(raw: &str) -> Result<Option<String>, AppError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    billing::events::check_line("the helpdesk id", raw, MAX_HELPDESK_ID)
        .map(|s| Some(s.to_string()))
        .map_err(|e| AppError::invalid("helpdesk_id", e))
}

/// A token's name: one line, 1 to 80 characters.
pub fn parse_token_name(raw: &str) -> Result<String, AppError> {
    billing::events::check_line("the name", raw, MAX_TOKEN_NAME)
        .map(str::to_string)
        .map_err(|e| AppError::invalid("name", e))
}

/// Is `raw` shaped like a token secret (checked before any lookup)?
pub fn looks_like_secret(raw: &str) -> bool {
    raw.strip_prefix(TOKEN_PREFIX)
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use billing::ParseError;

    #[test]
    fn names_are_one_short_line_and_secrets_have_one_shape() {
        assert_eq!(parse_token_name("  Zendesk ").unwrap(), "Zendesk");
        assert_eq!(
            parse_token_name("").unwrap_err().field("name"),
            Some(&ParseError::Missing("the name".into()).into())
        );
        assert!(parse_token_name(&"n".repeat(81)).is_err());
        assert!(looks_like_secret(&format!("hbk_{}", "a1".repeat(32))));
        assert!(!looks_like_secret(&format!("hbk_{}", "g1".repeat(32))));
        assert!(!looks_like_secret(&"a1".repeat(34)));
    }
}
