//! Signing in and out, and who is signed in.

use leptos::prelude::*;

use crate::auth::Me;
use crate::errors::AppError;

/// The request's headers inside a server function (none outside a request).
#[cfg(feature = "ssr")]
pub(super) fn headers() -> axum::http::HeaderMap {
    use_context::<axum::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default()
}

/// Set the session cookie on the response: `Secure` when the request came over https
/// (`X-Forwarded-Proto: https`) or the deployment says it is served so
/// (`HOURBANK_SECURE_COOKIES=1`).
#[cfg(feature = "ssr")]
pub(super) fn set_session_cookie(token: &str, max_age_seconds: i64) {
    set_cookie(&service::auth::session_cookie(
        token,
        max_age_seconds,
        https(),
    ));
}

#[cfg(feature = "ssr")]
pub(super) fn https() -> bool {
    headers()
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "https")
        || std::env::var("HOURBANK_SECURE_COOKIES").is_ok_and(|v| v == "1")
}

#[cfg(feature = "ssr")]
pub(super) fn set_cookie(cookie: &str) {
    use axum::http::{HeaderValue, header};
    if let (Ok(value), Some(response)) = (
        HeaderValue::from_str(cookie),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// The client's address, for the sign-in limit: the peer — or, behind a reverse proxy the
/// deployment trusts (`HOURBANK_TRUSTED_PROXY=1`), the last address that proxy appended to
/// `X-Forwarded-For` (earlier ones are whatever the client sent).
#[cfg(feature = "ssr")]
pub(super) fn client_address() -> String {
    let parts = use_context::<axum::http::request::Parts>();
    let forwarded = std::env::var("HOURBANK_TRUSTED_PROXY").is_ok_and(|v| v == "1");
    let from_proxy = parts.as_ref().filter(|_| forwarded).and_then(|p| {
        p.headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|a| !a.is_empty())
            .map(str::to_string)
    });
    from_proxy
        .or_else(|| {
            parts?
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<Me, AppError> {
    let state = super::apply::state()?;
    let address = client_address();
    let (me, token) = service::auth::sign_in(&state, &email, &password, &address).await?;
    set_session_cookie(&token, crate::auth::SESSION_HOURS * 3600);
    // The pages follow the user's language from now on (their choice, or their account's).
    if let Some(language) = &me.language {
        set_cookie(&service::auth::language_cookie(language, https()));
    }
    Ok(me)
}

/// Change the pages' language: remembered for a signed-in user, and in the browser's cookie
/// for anyone (the sign-in page has the choice too). Returns the language's code.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<String, AppError> {
    let state = super::apply::state()?;
    // Anyone may choose; who is asking decides whether the choice is also remembered.
    let me = service::auth::caller(&state, &headers()).await?;
    let language = api::parse::parse_language("language", &language)?;
    if let Some(me) = me {
        state.db.set_language(&me.id, Some(&language)).await?;
    }
    set_cookie(&service::auth::language_cookie(&language, https()));
    Ok(language)
}

#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = super::apply::state()?;
    if let Some(token) = service::auth::token_from(&headers()) {
        state
            .db
            .delete_session(&service::auth::token_hash(&token))
            .await?;
    }
    set_session_cookie("", 0);
    Ok(())
}

/// The signed-in user, or None.
#[server(prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    let state = super::apply::state()?;
    super::apply::caller(&state).await
}
