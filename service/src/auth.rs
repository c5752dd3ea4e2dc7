//! Who is asking: sign-in, sessions, and the one check every server function makes before it
//! touches anything ([`authorize`]). Roles and what each may see are `api::auth`.

use api::AppError;
use api::auth::{
    COOKIE, FAILURE_WINDOW_MINUTES, MAX_EMAIL_BYTES, MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS, MAX_FAILURES_PER_EMAIL, Me, Role, SESSION_HOURS,
};
use chrono::{Duration, Utc};
use http::{HeaderMap, header};
use sha2::{Digest, Sha256};

use crate::state::AppState;
use crate::storage::UserRecord;
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sessions are stored by the SHA-256 of their token: a stolen table opens no session.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// A fresh random key (128 bits, hex): a form's submission key.
pub fn random_key() -> String {
    let mut bytes = [0u8; 16];
    // The OS's randomness; if it failed, a key made from the clock is still unique enough for
    // one user's submissions (keys are never secrets).
    if getrandom::getrandom(&mut bytes).is_err() {
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        bytes[..8].copy_from_slice(&nanos.to_le_bytes());
    }
    hex(&bytes)
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

pub(crate) async fn me_of(state: &AppState, u: UserRecord) -> Result<Me, AppError> {
    let role = u.role;
    let assigned = match role {
        Role::Technician => state.db.assignments(&u.id).await?,
        _ => Vec::new(),
    };
    // A client who chose no language reads their account's.
    let language = match (u.language, &u.account_id) {
        (Some(l), _) => Some(l),
        (None, Some(account)) => state
            .db
            .account(account)
            .await?
            .and_then(|a| api::parse::language_of_locale(&a.locale).map(str::to_string)),
        (None, None) => None,
    };
    Ok(Me {
        id: u.id,
        name: u.name,
        email: u.email,
        role,
        account_id: u.account_id,
        assigned,
        language,
    })
}

/// The signed-in user of this request, if any (an expired session is no session).
pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Option<Me>, AppError> {
    let Some(token) = token_from(headers) else {
        return Ok(None);
    };
    match state
        .db
        .session_user(&token_hash(&token), Utc::now())
        .await?
    {
        Some(u) => Ok(Some(me_of(state, u).await?)),
        None => Ok(None),
    }
}

/// The one check every server function makes first: signed in (401), in one of `allowed`
/// (403), and, for an account-scoped call, that account visible to the caller — another
/// tenant's account answers exactly like one that does not exist (404).
pub async fn authorize(
    state: &AppState,
    headers: &HeaderMap,
    allowed: &[Role],
    account: Option<&str>,
) -> Result<Me, AppError> {
    check(caller(state, headers).await?, allowed, account)
}

/// [`authorize`] of a caller already looked up ([`caller`]): the same three refusals.
pub fn check(me: Option<Me>, allowed: &[Role], account: Option<&str>) -> Result<Me, AppError> {
    let me = me.ok_or(AppError::Unauthorized)?;
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
/// same for a wrong password and an unknown user. The attempt is counted — per email and
/// address, per email, and per address (an IPv6 address by its /64 network) — in the database
/// *before* the password is checked, so neither parallel tries nor several servers get more
/// than the limit of password checks in the window.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    address: &str,
) -> Result<(Me, String), AppError> {
    let email = email.trim().to_ascii_lowercase();
    if email.len() > MAX_EMAIL_BYTES {
        // Nobody has such an address; refused like a wrong password, and counted nowhere.
        return Err(AppError::Unauthorized);
    }
    let now = Utc::now();
    let since = now - Duration::minutes(FAILURE_WINDOW_MINUTES);
    let network = address_network(address);
    let keys = [
        (
            format!("email:{email}|ip:{network}"),
            MAX_FAILURES_PER_ACCOUNT,
        ),
        (format!("email:{email}"), MAX_FAILURES_PER_EMAIL),
        (format!("ip:{network}"), MAX_FAILURES_PER_ADDRESS),
    ];
    let attempt = new_token()?;
    if !state
        .db
        .claim_sign_in_attempt(&keys, &attempt, now, since)
        .await?
    {
        return Err(AppError::TooManyAttempts(FAILURE_WINDOW_MINUTES));
    }
    let found = state.db.user_by_email(&email).await?;
    // Spend the same time on an unknown user as on a real check: timing does not tell who
    // exists.
    let matches = verify_password(password, found.as_ref().map(|(_, h)| h.clone())).await?;
    let ok = matches && found.is_some();
    let line = |actor: Option<&str>, action: &'static str| crate::storage::Audit {
        at: Utc::now(),
        actor: actor.map(str::to_string),
        address: address.to_string(),
        action,
        subject: Some(email.clone()),
        account_id: None,
        detail: String::new(),
    };
    let Some((user, _)) = found.filter(|_| ok) else {
        // The claimed attempt stays: it is a failure now.
        state.db.audit(&line(None, "sign_in_failed")).await?;
        return Err(AppError::Unauthorized);
    };
    state.db.forget_sign_in_attempt(&attempt).await?;
    state.db.audit(&line(Some(&user.id), "signed_in")).await?;
    let token = new_token()?;
    let now = Utc::now();
    let expires = now + Duration::hours(SESSION_HOURS);
    state
        .db
        .create_session(&token_hash(&token), &user.id, now, expires)
        .await?;
    Ok((me_of(state, user).await?, token))
}

/// Check a password against its argon2 hash (None: against a hash nobody's password matches,
/// taking the same time) on the blocking pool: a hash takes tens of milliseconds of CPU, which
/// must not stall the async workers serving other requests.
pub async fn verify_password(password: &str, hash: Option<String>) -> Result<bool, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let hash = hash.unwrap_or_else(|| {
            DUMMY_HASH
                .get_or_init(|| password_auth::generate_hash("not anybody's password"))
                .clone()
        });
        password_auth::verify_password(password, &hash).is_ok()
    })
    .await
    .map_err(|e| AppError::Server(format!("password check failed: {e}")))
}

/// The network an address counts for: an IPv4 address itself, an IPv6 address its /64 (one
/// host is usually given a whole /64).
pub fn address_network(address: &str) -> String {
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(v4) => v4.to_string(),
        Err(_) => address.chars().take(64).collect(),
    }
}

/// An argon2 hash of a password nobody uses.
static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The session cookie's header value: HttpOnly, SameSite=Lax, and Secure when served over https.
/// The cookie that tells the pages' language (a year; readable by the page's script, which
/// sets it too when the language is changed in the browser).
pub fn language_cookie(language: &str, secure: bool) -> String {
    format!(
        "{}={language}; Path=/; SameSite=Lax; Max-Age=31536000{}",
        api::auth::LANGUAGE_COOKIE,
        if secure { "; Secure" } else { "" }
    )
}

pub fn session_cookie(token: &str, max_age_seconds: i64, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{}",
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::address_network;

    #[test]
    fn an_ipv6_address_counts_for_its_64_network() {
        assert_eq!(
            address_network("2001:db8:1:2:aaaa::1"),
            address_network("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_ne!(
            address_network("2001:db8:1:2::1"),
            address_network("2001:db8:1:3::1")
        );
        assert_eq!(address_network("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_network("unknown"), "unknown");
    }
}
