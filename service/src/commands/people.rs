//! People and access: invitations, accepting one, deactivation, passwords, and the audit trail.
//! Every change writes its audit line in its own transaction (`storage::people`).

use api::AppError;
use api::auth::{Me, Role, SESSION_HOURS};
use api::people::{INVITATION_DAYS, Invitation, Invited, People, Person};
use chrono::{Duration, Utc};

use crate::auth::{hash_password, random_key, token_hash};
use crate::state::AppState;
use crate::storage::{Audit, InvitationRefused, Timestamp};

/// How many audit lines a page shows.
pub const AUDIT_LINES: i64 = 50;
/// How many audit lines one CSV download holds at most (the newest).
pub const AUDIT_CSV_LINES: i64 = 10_000;

/// Whose audit lines: everyone's, one user's (as actor or subject), or one account's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditScope {
    All,
    User(String),
    Account(String),
}

fn audit(me: Option<&Me>, address: &str, action: &'static str, at: Timestamp) -> Audit {
    Audit {
        at,
        actor: me.map(|m| m.id.clone()),
        address: address.to_string(),
        action,
        subject: None,
        account_id: None,
        detail: String::new(),
    }
}

fn refused(r: InvitationRefused) -> AppError {
    match r {
        InvitationRefused::EmailInUse => AppError::EmailInUse,
        InvitationRefused::Closed => AppError::InvitationClosed,
    }
}

/// The newest `limit` audit lines of `scope`.
pub async fn audit_lines(
    state: &AppState,
    scope: &AuditScope,
    limit: i64,
) -> Result<Vec<api::people::AuditLine>, AppError> {
    Ok(match scope {
        AuditScope::All => state.db.audit_log(None, limit).await?,
        AuditScope::User(u) => state.db.audit_log(Some(u), limit).await?,
        AuditScope::Account(a) => state.db.audit_of_account(a, limit).await?,
    })
}

/// Every user as (id, name), for naming who acted in audit lines.
pub async fn names(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .db
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// The audit lines of `scope` as CSV (the newest [`AUDIT_CSV_LINES`]), people named.
pub async fn audit_csv(state: &AppState, scope: &AuditScope) -> Result<Vec<u8>, AppError> {
    let lines = audit_lines(state, scope, AUDIT_CSV_LINES).await?;
    let users = state.db.users().await?;
    let name_of = |id: &str| {
        users
            .iter()
            .find(|u| u.id == id)
            .map_or_else(String::new, |u| u.name.clone())
    };
    Ok(crate::exports::audit_csv(&lines, name_of))
}

/// Everyone, the open invitations and the latest audit lines, of everyone or of `user` (admin).
pub async fn people(state: &AppState, user: Option<&str>) -> Result<People, AppError> {
    let deactivated = state.db.deactivated().await?;
    // Three queries for the whole page, none per user.
    let assignments = state.db.all_assignments().await?;
    let mut users = Vec::new();
    for u in state.db.users().await? {
        let assigned = match u.role {
            Role::Technician => assignments
                .iter()
                .filter(|(user, _)| *user == u.id)
                .map(|(_, account)| account.clone())
                .collect(),
            _ => Vec::new(),
        };
        users.push(Person {
            deactivated_at: deactivated
                .iter()
                .find(|(id, _)| *id == u.id)
                .map(|(_, at)| at.clone()),
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            account_id: u.account_id,
            assigned,
        });
    }
    Ok(People {
        users,
        invitations: state.db.open_invitations(Utc::now()).await?,
        audit: state.db.audit_log(user, AUDIT_LINES).await?,
    })
}

/// A new invitation (parsed fields) and its one-time link under `base` (the site's address).
/// Inviting an email with an open invitation of the same details issues a new link for it.
pub async fn invite(
    state: &AppState,
    me: &Me,
    address: &str,
    base: &str,
    invitation: (String, String, Role, Option<String>),
) -> Result<Invited, AppError> {
    let (email, name, role, account_id) = invitation;
    if let Some(a) = &account_id
        && state.db.account(a).await?.is_none()
    {
        return Err(AppError::NotFound(format!("account \"{a}\"")));
    }
    if role == Role::Client && account_id.is_none() {
        return Err(AppError::invalid(
            "account_id",
            billing::ParseError::Missing("the account".into()),
        ));
    }
    let now = Utc::now();
    let token = random_key() + &random_key();
    let inv = Invitation {
        id: format!("inv-{}", &random_key()[..12]),
        email,
        name,
        role,
        account_id: if role == Role::Admin {
            None
        } else {
            account_id
        },
        invited_by: me.id.clone(),
        created_at: crate::storage::stamp(now),
        expires_at: crate::storage::stamp(now + Duration::days(INVITATION_DAYS)),
    };
    let audit = Audit {
        account_id: inv.account_id.clone(),
        detail: format!("{} as {}", inv.email, inv.role.as_str()),
        ..audit(Some(me), address, "user_invited", now)
    };
    let stored = state
        .db
        .invite(&inv, &token_hash(&token), &audit)
        .await?
        .map_err(refused)?;
    Ok(Invited {
        invitation: stored,
        link: format!("{base}/invitation/{token}"),
    })
}

/// The open invitation behind a link (for the page that accepts it).
pub async fn invitation(state: &AppState, token: &str) -> Result<Invitation, AppError> {
    state
        .db
        .invitation_by_token(&token_hash(token), Utc::now())
        .await?
        .ok_or(AppError::InvitationClosed)
}

/// Accept an invitation with a new password: the user is created and signed in (their session
/// token is returned). The link works once.
pub async fn accept(
    state: &AppState,
    token: &str,
    password: &str,
    address: &str,
) -> Result<(Me, String), AppError> {
    let inv = invitation(state, token).await?;
    let password = api::people::parse_new_password("password", password, &inv.email, &inv.name)?;
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Server(format!("password hash failed: {e}")))?;
    let now = Utc::now();
    let user_id = format!("u-{}", &random_key()[..12]);
    let audit = Audit {
        detail: format!("{} as {}", inv.email, inv.role.as_str()),
        ..audit(None, address, "invitation_accepted", now)
    };
    let user = state
        .db
        .accept_invitation(&token_hash(token), &user_id, &hash, &audit)
        .await?
        .map_err(refused)?;
    let session = random_key() + &random_key();
    state
        .db
        .create_session(
            &token_hash(&session),
            &user.id,
            now,
            now + Duration::hours(SESSION_HOURS),
        )
        .await?;
    Ok((crate::auth::me_of(state, user).await?, session))
}

/// Withdraw an invitation. Withdrawing one that is not open (already withdrawn, accepted or
/// expired) changes nothing and is not an error: the same form sent twice has one effect.
pub async fn revoke(state: &AppState, me: &Me, address: &str, id: &str) -> Result<(), AppError> {
    let audit = Audit {
        subject: Some(id.to_string()),
        ..audit(Some(me), address, "invitation_revoked", Utc::now())
    };
    state.db.revoke_invitation(id, &audit).await?;
    Ok(())
}

/// Deactivate a user: their sessions end at once and they cannot sign in again. An admin
/// cannot deactivate themselves (someone must be left to undo mistakes).
pub async fn deactivate(
    state: &AppState,
    me: &Me,
    address: &str,
    user_id: &str,
) -> Result<(), AppError> {
    if user_id == me.id {
        return Err(AppError::Forbidden("you cannot deactivate yourself".into()));
    }
    let audit = Audit {
        subject: Some(user_id.to_string()),
        ..audit(Some(me), address, "user_deactivated", Utc::now())
    };
    // Deactivating someone already deactivated answers like the first time.
    if state.db.deactivate_user(user_id, &audit).await?
        || state
            .db
            .deactivated()
            .await?
            .iter()
            .any(|(id, _)| id == user_id)
    {
        Ok(())
    } else {
        Err(AppError::NotFound(format!("user \"{user_id}\"")))
    }
}

/// Change one's own password: the current one first; every other session of the user ends.
pub async fn change_password(
    state: &AppState,
    me: &Me,
    session: &str,
    address: &str,
    (current, new): (&str, &str),
) -> Result<(), AppError> {
    let hash = state.db.password_hash(&me.id).await?;
    if !crate::auth::verify_password(current, hash).await? {
        return Err(AppError::invalid(
            "current",
            billing::ParseError::WrongCurrentPassword,
        ));
    }
    let new = api::people::parse_new_password("new", new, &me.email, &me.name)?;
    let hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .map_err(|e| AppError::Server(format!("password hash failed: {e}")))?;
    let audit = Audit {
        subject: Some(me.id.clone()),
        ..audit(Some(me), address, "password_changed", Utc::now())
    };
    state
        .db
        .set_password(&me.id, &hash, &token_hash(session), &audit)
        .await?;
    Ok(())
}

/// Assign (`assigned`) or unassign technician `user_id` on account `account_id` (admin). Doing
/// it twice changes nothing and writes one audit line.
pub async fn set_assignment(
    state: &AppState,
    me: &Me,
    address: &str,
    user_id: &str,
    account_id: &str,
    assigned: bool,
) -> Result<Vec<String>, AppError> {
    if state.db.account(account_id).await?.is_none() {
        return Err(AppError::NotFound(format!("account \"{account_id}\"")));
    }
    let users = state.db.users().await?;
    let user = users
        .iter()
        .find(|u| u.id == user_id)
        .ok_or_else(|| AppError::NotFound(format!("user \"{user_id}\"")))?;
    if user.role != Role::Technician {
        return Err(AppError::invalid(
            "user_id",
            "only technicians and developers are assigned to accounts",
        ));
    }
    let action = if assigned {
        "user_assigned"
    } else {
        "user_unassigned"
    };
    let a = Audit {
        subject: Some(user.id.clone()),
        account_id: Some(account_id.to_string()),
        ..audit(Some(me), address, action, Utc::now())
    };
    state
        .db
        .set_assignment(&user.id, account_id, assigned, &a)
        .await?;
    Ok(state.db.assignments(&user.id).await?)
}

/// Change your own name (admins and client users: a technician's name is what their entries,
/// quotes and payouts carry). Another user's name is refused; the same name changes nothing.
pub async fn change_name(
    state: &AppState,
    me: &Me,
    address: &str,
    name: &str,
) -> Result<(), AppError> {
    if me.role == Role::Technician {
        return Err(AppError::Forbidden(
            "a technician's or developer's name is on their work and payouts; ask an admin".into(),
        ));
    }
    let a = Audit {
        subject: Some(me.id.clone()),
        detail: format!("{} → {name}", me.name),
        ..audit(Some(me), address, "name_changed", Utc::now())
    };
    if state.db.set_name(&me.id, name, &a).await? {
        Ok(())
    } else {
        Err(AppError::invalid("name", billing::ParseError::NameInUse))
    }
}
