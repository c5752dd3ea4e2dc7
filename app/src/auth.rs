//! Who is asking: sign-in, sessions, roles, and the one check every server function makes
//! before it touches anything (`ssr::authorize`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Agency staff: everything, for all accounts.
    Admin,
    /// Technicians and developers: the accounts assigned to them.
    Technician,
    /// A client: its one account.
    Client,
}

impl Role {
    pub fn parse(raw: &str) -> Option<Role> {
        match raw {
            "admin" => Some(Role::Admin),
            "technician" => Some(Role::Technician),
            "client" => Some(Role::Client),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Technician => "technician",
            Role::Client => "client",
        }
    }
}

pub const ALL: &[Role] = &[Role::Admin, Role::Technician, Role::Client];
pub const STAFF: &[Role] = &[Role::Admin, Role::Technician];
pub const ADMIN: &[Role] = &[Role::Admin];
pub const ADMIN_OR_CLIENT: &[Role] = &[Role::Admin, Role::Client];

/// The signed-in user, as the pages know them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// A client's account.
    pub account_id: Option<String>,
    /// A technician's assigned accounts.
    pub assigned: Vec<String>,
}

impl Me {
    /// Tenant isolation: may this user see this account at all?
    pub fn sees(&self, account_id: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Technician => self.assigned.iter().any(|a| a == account_id),
            Role::Client => self.account_id.as_deref() == Some(account_id),
        }
    }
}

impl Me {
    /// May this user change work recorded in `person`'s name (an entry logged, a quote
    /// offered)? Admins: anyone's. Technicians and developers: only their own. Clients: none
    /// (they approve or decline quotes, which is not changing them).
    pub fn acts_for(&self, person: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Technician => self.name == person,
            Role::Client => false,
        }
    }
}

/// What a role may read, decided on the server before anything is sent: a page's JSON and its
/// HTML carry nothing else.
///
/// | data | admin | technician / developer | client |
/// |---|---|---|---|
/// | developer payouts (amounts, commission) | all | their own | none |
/// | the marketplace's commission rate (catalog) | yes | yes | no (sent as 0) |
///
/// The commission only ever changes payouts, so a client's browser, replaying the history with
/// it at 0, computes every invoice figure it shows exactly as the server does.
pub mod visibility {
    use billing::{Catalog, Ledger, Percent};

    use super::{Me, Role};

    pub fn catalog(me: &Me, catalog: &mut Catalog) {
        if me.role == Role::Client {
            catalog.commission = Percent::ZERO;
        }
    }

    pub fn ledger(me: &Me, ledger: &mut Ledger) {
        match me.role {
            Role::Admin => {}
            Role::Technician => ledger.payouts.retain(|p| p.developer == me.name),
            Role::Client => ledger.payouts.clear(),
        }
    }

    pub fn work_log(me: &Me, data: &mut crate::model::WorkLogData) {
        catalog(me, &mut data.history.catalog);
        ledger(me, &mut data.ledger);
    }
}

/// The session cookie's name.
pub const COOKIE: &str = "hb_session";
/// Sessions end this long after sign-in.
pub const SESSION_HOURS: i64 = 12;
/// Failed sign-ins allowed per account, and per address, in the window below.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;

#[cfg(feature = "ssr")]
pub mod ssr {
    use axum::http::{HeaderMap, HeaderValue, header};
    use chrono::{Duration, SecondsFormat, Utc};
    use leptos::prelude::use_context;
    use sha2::{Digest, Sha256};

    use super::*;
    use crate::errors::AppError;
    use crate::state::AppState;
    use crate::storage::UserRecord;

    fn now() -> String {
        Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Sessions are stored by the SHA-256 of their token: a stolen table opens no session.
    pub fn token_hash(token: &str) -> String {
        hex(&Sha256::digest(token.as_bytes()))
    }

    fn new_token() -> Result<String, AppError> {
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes)
            .map_err(|e| AppError::Server(format!("no randomness: {e}")))?;
        Ok(hex(&bytes))
    }

    pub fn hash_password(password: &str) -> String {
        password_auth::generate_hash(password)
    }

    fn request_headers() -> Option<HeaderMap> {
        use_context::<axum::http::request::Parts>().map(|p| p.headers)
    }

    /// The session token from a `Cookie` header.
    pub fn token_from(headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == COOKIE)
            .map(|(_, v)| v.to_string())
    }

    async fn me_of(state: &AppState, u: UserRecord) -> Result<Me, AppError> {
        let role = Role::parse(&u.role)
            .ok_or_else(|| AppError::Server(format!("user {} has an unknown role", u.id)))?;
        let assigned = match role {
            Role::Technician => state.db.assignments(&u.id).await?,
            _ => Vec::new(),
        };
        Ok(Me {
            id: u.id,
            name: u.name,
            email: u.email,
            role,
            account_id: u.account_id,
            assigned,
        })
    }

    /// The signed-in user of this request, if any (an expired session is no session).
    pub async fn caller(
        state: &AppState,
        headers: Option<&HeaderMap>,
    ) -> Result<Option<Me>, AppError> {
        let owned;
        let headers = match headers {
            Some(h) => h,
            None => match request_headers() {
                Some(h) => {
                    owned = h;
                    &owned
                }
                None => return Ok(None),
            },
        };
        let Some(token) = token_from(headers) else {
            return Ok(None);
        };
        match state.db.session_user(&token_hash(&token), &now()).await? {
            Some(u) => Ok(Some(me_of(state, u).await?)),
            None => Ok(None),
        }
    }

    /// The one check every server function makes first: signed in (401), in one of `allowed`
    /// (403), and, for an account-scoped call, that account visible to the caller — another
    /// tenant's account answers exactly like one that does not exist (404).
    pub async fn authorize(
        state: &AppState,
        allowed: &[Role],
        account: Option<&str>,
    ) -> Result<Me, AppError> {
        let me = caller(state, None).await?.ok_or(AppError::Unauthorized)?;
        if !allowed.contains(&me.role) {
            return Err(AppError::Forbidden(format!(
                "a {} cannot do this",
                me.role.as_str()
            )));
        }
        if let Some(a) = account
            && !me.sees(a)
        {
            return Err(AppError::NotFound(format!("account \"{a}\"")));
        }
        Ok(me)
    }

    /// The ownership half of the one authorization check, for changes to recorded work:
    /// 403 unless `me` may act for `owner` ([`Me::acts_for`]).
    pub fn acts_for(me: &Me, owner: &str, what: &str) -> Result<(), AppError> {
        if me.acts_for(owner) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "{what} is {owner}'s: technicians change only their own work"
            )))
        }
    }

    /// Sign in with email and password: a session and its cookie, or a refusal that says the
    /// same for a wrong password and an unknown user. The attempt is counted per account and
    /// per address in the database *before* the password is checked, so neither parallel tries
    /// nor several servers get more than the limit of password checks in the window.
    pub async fn sign_in(
        state: &AppState,
        email: &str,
        password: &str,
        address: &str,
    ) -> Result<(Me, String), AppError> {
        let email = email.trim().to_ascii_lowercase();
        let since = (Utc::now() - Duration::minutes(FAILURE_WINDOW_MINUTES))
            .to_rfc3339_opts(SecondsFormat::Millis, true);
        let keys = [
            (format!("email:{email}"), MAX_FAILURES_PER_ACCOUNT),
            (format!("ip:{address}"), MAX_FAILURES_PER_ADDRESS),
        ];
        let attempt = new_token()?;
        if !state
            .db
            .claim_sign_in_attempt(&keys, &attempt, &now(), &since)
            .await?
        {
            return Err(AppError::TooManyAttempts(format!(
                "too many failed sign-ins; try again in {FAILURE_WINDOW_MINUTES} minutes"
            )));
        }
        let found = state.db.user_by_email(&email).await?;
        // Spend the same time on an unknown user as on a real check: timing does not tell who
        // exists.
        let hash = match &found {
            Some((_, hash)) => hash.clone(),
            None => DUMMY_HASH
                .get_or_init(|| password_auth::generate_hash("not anybody's password"))
                .clone(),
        };
        let matches = verify_password(password, hash).await?;
        let ok = matches && found.is_some();
        let Some((user, _)) = found.filter(|_| ok) else {
            // The claimed attempt stays: it is a failure now.
            return Err(AppError::Unauthorized);
        };
        state.db.forget_sign_in_attempt(&attempt).await?;
        let token = new_token()?;
        let expires = (Utc::now() + Duration::hours(SESSION_HOURS))
            .to_rfc3339_opts(SecondsFormat::Millis, true);
        state
            .db
            .create_session(&token_hash(&token), &user.id, &now(), &expires)
            .await?;
        Ok((me_of(state, user).await?, token))
    }

    /// Check a password against its argon2 hash on the blocking pool: a hash takes tens of
    /// milliseconds of CPU, which must not stall the async workers serving other requests.
    pub async fn verify_password(password: &str, hash: String) -> Result<bool, AppError> {
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || password_auth::verify_password(password, &hash).is_ok())
            .await
            .map_err(|e| AppError::Server(format!("password check failed: {e}")))
    }

    /// An argon2 hash of a password nobody uses.
    static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

    /// The session cookie: HttpOnly, SameSite=Lax, Secure when served over https.
    pub fn session_cookie(token: &str, max_age_seconds: i64) -> HeaderValue {
        let secure = request_headers()
            .and_then(|h| {
                h.get("x-forwarded-proto")
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v == "https")
            })
            .unwrap_or(false)
            || std::env::var("HOURBANK_SECURE_COOKIES").is_ok_and(|v| v == "1");
        let value = format!(
            "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{}",
            if secure { "; Secure" } else { "" }
        );
        HeaderValue::from_str(&value)
            .unwrap_or_else(|_| HeaderValue::from_static("hb_session=; Max-Age=0"))
    }

    pub fn set_cookie(value: HeaderValue) {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(header::SET_COOKIE, value);
        }
    }

    /// Cross-site request protection for every state-changing request: besides SameSite
    /// cookies, a POST whose `Origin` names another host than the one asked is refused.
    pub async fn same_origin_only(
        req: axum::extract::Request,
        next: axum::middleware::Next,
    ) -> axum::response::Response {
        use axum::response::IntoResponse;
        if req.method() == axum::http::Method::POST {
            let host = req
                .headers()
                .get(header::HOST)
                .and_then(|v| v.to_str().ok());
            let origin = req
                .headers()
                .get(header::ORIGIN)
                .and_then(|v| v.to_str().ok());
            if let (Some(origin), Some(host)) = (origin, host) {
                let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
                if origin_host != host {
                    return (
                        axum::http::StatusCode::FORBIDDEN,
                        "cross-site request refused",
                    )
                        .into_response();
                }
            }
        }
        next.run(req).await
    }
}
