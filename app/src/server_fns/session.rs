//! Signing in and out, and who is signed in.

use leptos::prelude::*;

use crate::auth::Me;
use crate::errors::AppError;

#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<Me, AppError> {
    use crate::auth::ssr;
    let state = super::apply::state()?;
    let address = use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let (me, token) = ssr::sign_in(&state, &email, &password, &address)
        .await
        .map_err(crate::errors::with_status)?;
    ssr::set_cookie(ssr::session_cookie(
        &token,
        crate::auth::SESSION_HOURS * 3600,
    ));
    Ok(me)
}

#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::auth::ssr;
    let state = super::apply::state()?;
    if let Some(token) =
        use_context::<axum::http::request::Parts>().and_then(|p| ssr::token_from(&p.headers))
    {
        state.db.delete_session(&ssr::token_hash(&token)).await?;
    }
    ssr::set_cookie(ssr::session_cookie("", 0));
    Ok(())
}

/// The signed-in user, or None.
#[server(prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    let state = super::apply::state()?;
    crate::auth::ssr::caller(&state, None).await
}
