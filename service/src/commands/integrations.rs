//! Integration tokens: an admin creates one for a helpdesk (its secret shown once, stored as
//! a SHA-256), lists them and revokes them; every `/api/v1` call is authenticated here.

use api::AppError;
use api::auth::Me;
use api::auth::Role;
use api::integrations::{ApiToken, NewApiToken, StaffId, TOKEN_PREFIX, looks_like_secret};
use http::{HeaderMap, header};

use crate::auth::{random_key, token_hash};
use crate::state::AppState;
use crate::storage::{ApiTokenRecord, Audit, TokenRefused};

fn audit(me: Option<&Me>, address: &str, action: &'static str, token: &ApiTokenRecord) -> Audit {
    Audit {
        at: chrono::Utc::now(),
        actor: me.map(|m| m.id.clone()),
        address: address.to_string(),
        action,
        subject: Some(token.id.clone()),
        account_id: token.account_id.clone(),
        detail: token.name.clone(),
    }
}

fn view(t: ApiTokenRecord, names: &[(String, String)]) -> ApiToken {
    let created_by = t.created_by.as_ref().map(|id| {
        names
            .iter()
            .find(|(uid, _)| uid == id)
            .map_or_else(|| id.clone(), |(_, name)| name.clone())
    });
    ApiToken {
        id: t.id,
        name: t.name,
        account_id: t.account_id,
        created_by,
        created_at: t.created_at,
        revoked_at: t.revoked_at,
    }
}

/// Every token (never a secret), working ones first.
pub async fn tokens(state: &AppState) -> Result<Vec<ApiToken>, AppError> {
    let names: Vec<(String, String)> = state
        .db
        .users()
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(state
        .db
        .api_tokens()
        .await?
        .into_iter()
        .map(|t| view(t, &names))
        .collect())
}

/// Create a token named `name` (parsed), for every account or only `account`. `me` is None
/// on the command line. A working token with the same name refuses it (409): a form sent twice
/// creates one token.
pub async fn create_token(
    state: &AppState,
    me: Option<&Me>,
    address: &str,
    name: &str,
    account: Option<&str>,
) -> Result<NewApiToken, AppError> {
    let name = api::integrations::parse_token_name(name)?;
    if let Some(a) = account
        && state.db.account(a).await?.is_none()
    {
        return Err(AppError::invalid(
            "account",
            format!("there is no account \"{a}\""),
        ));
    }
    let secret = secret()?;
    let record = ApiTokenRecord {
        id: format!("tok-{}", &random_key()[..10]),
        name,
        account_id: account.map(str::to_string),
        created_by: me.map(|m| m.id.clone()),
        created_at: chrono::Utc::now(),
        revoked_at: None,
    };
    let audit = audit(me, address, "api_token_created", &record);
    match state
        .db
        .create_api_token(&record, &token_hash(&secret), &audit)
        .await?
    {
        Ok(()) => Ok(NewApiToken {
            token: view(
                record,
                &me.map(|m| vec![(m.id.clone(), m.name.clone())])
                    .unwrap_or_default(),
            ),
            secret,
        }),
        Err(TokenRefused::NameInUse) => Err(AppError::Conflict(
            format!(
                "a working token is already named \"{}\": revoke it first or choose another name",
                record.name
            )
            .into(),
        )),
    }
}

/// Revoke token `id` now; revoking it again changes nothing. 404 when there is none.
pub async fn revoke_token(
    state: &AppState,
    me: Option<&Me>,
    address: &str,
    id: &str,
) -> Result<(), AppError> {
    let missing = || AppError::NotFound(format!("token \"{id}\""));
    let record = state
        .db
        .api_tokens()
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(missing)?;
    let audit = audit(me, address, "api_token_revoked", &record);
    if state.db.revoke_api_token(id, &audit).await? {
        Ok(())
    } else {
        Err(missing())
    }
}

/// The staff who can log work (active admins and technicians), with their helpdesk ids.
pub async fn staff(state: &AppState) -> Result<Vec<StaffId>, AppError> {
    let ids = state.db.helpdesk_ids().await?;
    let gone: Vec<String> = state
        .db
        .deactivated()
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    Ok(state
        .db
        .users()
        .await?
        .into_iter()
        .filter(|u| matches!(u.role, Role::Admin | Role::Technician) && !gone.contains(&u.id))
        .map(|u| StaffId {
            helpdesk_id: ids
                .iter()
                .find(|(id, _)| *id == u.id)
                .map(|(_, h)| h.clone()),
            user_id: u.id,
            name: u.name,
            email: u.email,
        })
        .collect())
}

/// Give staff member `user_id` the helpdesk id `raw` (blank: none). Another person's id is a
/// 409; the same id again changes nothing and leaves no second audit line.
pub async fn set_helpdesk_id(
    state: &AppState,
    me: &Me,
    address: &str,
    user_id: &str,
    raw: &str,
) -> Result<Option<String>, AppError> {
    let id = api::integrations::parse_helpdesk_id(raw)?;
    let missing = || AppError::NotFound(format!("staff member \"{user_id}\""));
    let person = staff(state)
        .await?
        .into_iter()
        .find(|s| s.user_id == user_id)
        .ok_or_else(missing)?;
    if person.helpdesk_id == id {
        return Ok(id);
    }
    let audit = Audit {
        at: chrono::Utc::now(),
        actor: Some(me.id.clone()),
        address: address.to_string(),
        action: "helpdesk_id_set",
        subject: Some(user_id.to_string()),
        account_id: None,
        detail: id.clone().unwrap_or_default(),
    };
    if state
        .db
        .set_helpdesk_id(user_id, id.as_deref(), &audit)
        .await?
    {
        Ok(id)
    } else {
        Err(AppError::Conflict(
            format!(
                "another person has the helpdesk id \"{}\"",
                id.unwrap_or_default()
            )
            .into(),
        ))
    }
}

/// 32 random bytes from the OS, as `hbk_` and 64 hex digits.
fn secret() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| AppError::Server(format!("no randomness: {e}")))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{TOKEN_PREFIX}{hex}"))
}

/// The integration calling `/api/v1`: its token, and the accounts it may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integration {
    pub token_id: String,
    pub name: String,
    /// The one account it may use; None: every account.
    pub account: Option<String>,
}

impl Integration {
    pub fn sees(&self, account: &str) -> bool {
        self.account.as_deref().is_none_or(|a| a == account)
    }

    /// Who the audit trail and the idempotency keys name: the token, not a person.
    pub fn actor_id(&self) -> String {
        format!("token:{}", self.token_id)
    }
}

/// Why a call's token was refused (all 401).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenProblem {
    Missing,
    Malformed,
    Unknown,
    Revoked,
}

impl TokenProblem {
    /// In plain words, for the caller.
    pub fn message(&self) -> &'static str {
        match self {
            TokenProblem::Missing => {
                "send an API token as \"Authorization: Bearer hbk_…\" (an admin creates one on the integrations page)"
            }
            TokenProblem::Malformed => {
                "the Authorization header must be \"Bearer\" and a token of hbk_ and 64 hex digits"
            }
            TokenProblem::Unknown => "this API token is not known here",
            TokenProblem::Revoked => "this API token was revoked; ask an admin for a new one",
        }
    }
}

/// The integration a call's `Authorization: Bearer` names. The header's shape is checked
/// before any lookup; only the token's hash is looked up.
pub async fn integration(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Result<Integration, TokenProblem>, AppError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Err(TokenProblem::Missing));
    };
    let secret = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|s| looks_like_secret(s));
    let Some(secret) = secret else {
        return Ok(Err(TokenProblem::Malformed));
    };
    Ok(
        match state.db.api_token_by_hash(&token_hash(secret)).await? {
            None => Err(TokenProblem::Unknown),
            Some(t) if t.revoked_at.is_some() => Err(TokenProblem::Revoked),
            Some(t) => Ok(Integration {
                token_id: t.id,
                name: t.name,
                account: t.account_id,
            }),
        },
    )
}
