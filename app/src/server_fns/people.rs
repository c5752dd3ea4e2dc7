//! People and access (admin): invite, withdraw an invitation, deactivate; anyone with a link:
//! accept an invitation; anyone signed in: change their password.

use leptos::prelude::*;

use crate::errors::AppError;
use api::people::{AuditLine, Invitation, Invited, People};

/// Everyone, the open invitations and the latest audit lines: everyone's, or those of `user`
/// (an id; empty: everyone).
#[server(prefix = "/api", endpoint = "list_people")]
pub async fn list_people(user: String) -> Result<People, AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, None).await?;
    let user = match user.trim() {
        "" => None,
        u => Some(super::apply::parse_id("user", u)?),
    };
    service::commands::people::people(&state, user.as_deref()).await
}

/// The latest audit lines of one account (every billing change and its documents), with the
/// names of the users they mention as (id, name).
#[server(prefix = "/api", endpoint = "account_audit")]
pub async fn account_audit(
    account_id: String,
) -> Result<(Vec<AuditLine>, Vec<(String, String)>), AppError> {
    let (state, _) = super::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let lines = service::commands::people::audit_lines(
        &state,
        &service::commands::people::AuditScope::Account(account_id),
        service::commands::people::AUDIT_LINES,
    )
    .await?;
    let names = service::commands::people::names(&state).await?;
    Ok((lines, names))
}

/// Invite someone: a one-time link to set their password. `account_id`: a client's account
/// (required) or a technician's first account (optional).
#[server(prefix = "/api", endpoint = "invite_user")]
pub async fn invite_user(
    email: String,
    name: String,
    role: String,
    account_id: String,
) -> Result<Invited, AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    let email = api::people::parse_email("email", &email);
    let name = super::apply::parse_name("name", &name);
    let role = api::people::parse_role("role", &role);
    let account = match account_id.trim() {
        "" => Ok(None),
        a => super::apply::parse_id("account_id", a).map(Some),
    };
    // Every bad field at once.
    let errors: Vec<billing::FieldError> = [
        email.as_ref().err(),
        name.as_ref().err(),
        role.as_ref().err(),
        account.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    .flat_map(|e| match e {
        AppError::Invalid { errors, .. } => errors.clone(),
        _ => Vec::new(),
    })
    .collect();
    if !errors.is_empty() {
        return Err(AppError::fields(errors));
    }
    let (Ok(email), Ok(name), Ok(role), Ok(account)) = (email, name, role, account) else {
        return Err(AppError::Server(
            "a refused field without its message".into(),
        ));
    };
    let host = super::session::headers()
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    let base = std::env::var("HOURBANK_PUBLIC_URL")
        .ok()
        .unwrap_or_else(|| {
            let scheme = if super::session::https() {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{}", host.unwrap_or_else(|| "localhost".into()))
        });
    service::commands::people::invite(
        &state,
        &me,
        &super::session::client_address(),
        base.trim_end_matches('/'),
        (email, name, role, account),
    )
    .await
}

/// Withdraw an open invitation (its link stops working).
#[server(prefix = "/api", endpoint = "revoke_invitation")]
pub async fn revoke_invitation(id: String) -> Result<(), AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    let id = super::apply::parse_id("id", &id)?;
    service::commands::people::revoke(&state, &me, &super::session::client_address(), &id).await
}

/// Deactivate a user: every session of theirs ends at once.
#[server(prefix = "/api", endpoint = "deactivate_user")]
pub async fn deactivate_user(user_id: String) -> Result<(), AppError> {
    let (state, me) = super::apply::allow(crate::auth::ADMIN, None).await?;
    let user_id = super::apply::parse_id("user_id", &user_id)?;
    service::commands::people::deactivate(&state, &me, &super::session::client_address(), &user_id)
        .await
}

/// The invitation behind a link: who it is for (the link is the only credential).
#[server(prefix = "/api", endpoint = "show_invitation")]
pub async fn show_invitation(token: String) -> Result<Invitation, AppError> {
    let state = super::apply::state()?;
    let token = parse_token(&token)?;
    service::commands::people::invitation(&state, &token).await
}

/// Accept an invitation with a new password; the new user is signed in.
#[server(prefix = "/api", endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    password: String,
) -> Result<crate::auth::Me, AppError> {
    let state = super::apply::state()?;
    let token = parse_token(&token)?;
    let (me, session) = service::commands::people::accept(
        &state,
        &token,
        &password,
        &super::session::client_address(),
    )
    .await?;
    super::session::set_session_cookie(&session, crate::auth::SESSION_HOURS * 3600);
    Ok(me)
}

/// Change one's own password (the current one first); other sessions end.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    let (state, me) = super::apply::allow(crate::auth::ALL, None).await?;
    let session = service::auth::token_from(&super::session::headers()).unwrap_or_default();
    service::commands::people::change_password(
        &state,
        &me,
        &session,
        &super::session::client_address(),
        (&current, &new),
    )
    .await
}

/// An invitation token: 64 hex digits (anything else opens nothing).
#[cfg(feature = "ssr")]
fn parse_token(raw: &str) -> Result<String, AppError> {
    let t = raw.trim();
    if t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(t.to_string())
    } else {
        Err(AppError::InvitationClosed)
    }
}

/// Change your own name (admins and client users).
#[server(prefix = "/api", endpoint = "change_name")]
pub async fn change_name(name: String) -> Result<(), AppError> {
    let (state, me) =
        super::apply::allow(&[crate::auth::Role::Admin, crate::auth::Role::Client], None).await?;
    let name = super::apply::parse_name("name", &name)?;
    service::commands::people::change_name(&state, &me, &super::session::client_address(), &name)
        .await
}
