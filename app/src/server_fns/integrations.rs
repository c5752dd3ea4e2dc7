//! Integration tokens (admin): list, create (the secret shown once), revoke. A helpdesk uses a
//! token to call `/api/v1` (the integrations page shows how).

use leptos::prelude::*;

use crate::errors::AppError;
use api::integrations::{Integrations, NewApiToken};

/// Every token (never a secret), working ones first.
#[server(prefix = "/api", endpoint = "integrations")]
pub async fn show_integrations() -> Result<Integrations, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, None).await?;
    Ok(Integrations {
        tokens: service::commands::integrations::tokens(&state).await?,
        base_url: base_url(),
        staff: service::commands::integrations::staff(&state).await?,
    })
}

/// This site's address as the request reached it (the examples on the page use it).
#[cfg(feature = "ssr")]
fn base_url() -> String {
    let host = use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        })
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        })
        .unwrap_or_else(|| "127.0.0.1:3000".to_string());
    let scheme = if std::env::var("HOURBANK_SECURE_COOKIES").is_ok_and(|v| v == "1") {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// Create a token named `name` for every account (`account_id` empty) or one. A working
/// token with the same name refuses it (409), so a form sent twice creates one token.
#[server(prefix = "/api", endpoint = "create_api_token")]
pub async fn create_api_token(name: String, account_id: String) -> Result<NewApiToken, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    let account = Some(account_id.trim()).filter(|a| !a.is_empty());
    if let Some(a) = account {
        super::apply::parse_id("account_id", a)?;
    }
    service::commands::integrations::create_token(
        &state,
        Some(&me),
        &super::session::client_address(),
        &name,
        account,
    )
    .await
}

/// Revoke token `token_id`: calls with it are refused from now on. Revoking it again changes
/// nothing.
#[server(prefix = "/api", endpoint = "revoke_api_token")]
pub async fn revoke_api_token(token_id: String) -> Result<(), AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    service::commands::integrations::revoke_token(
        &state,
        Some(&me),
        &super::session::client_address(),
        token_id.trim(),
    )
    .await
}

/// Give staff member `user_id` the id the helpdesk knows them by (`helpdesk_id` empty: none),
/// so posted work can name them by it. Another person's id is a 409; the same id again
/// changes nothing.
#[server(prefix = "/api", endpoint = "set_helpdesk_id")]
pub async fn set_helpdesk_id(
    user_id: String,
    helpdesk_id: String,
) -> Result<Option<String>, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    let user_id = super::apply::parse_id("user_id", &user_id)?;
    service::commands::integrations::set_helpdesk_id(
        &state,
        &me,
        &super::session::client_address(),
        &user_id,
        &helpdesk_id,
    )
    .await
}
