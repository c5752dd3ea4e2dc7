//! The start of every server function: the server's state and the caller, checked by the one
//! authorization check before any argument is parsed.

use api::AppError;
use api::auth::{Me, Role};
use service::read::AccountHistory;
use service::state::AppState;
use std::sync::Arc;

pub use api::parse::{parse_date, parse_id, parse_name};
pub use service::apply::apply;

/// Every server function starts here: the server's state and the caller, who must be signed
/// in with one of `roles` and, for an account-scoped call, see `account`
/// (`service::auth::authorize`, one mechanism for every function).
pub async fn allow(roles: &[Role], account: Option<&str>) -> Result<(AppState, Me), AppError> {
    let state = state()?;
    let me = service::auth::check(caller(&state).await?, roles, account)?;
    let span = tracing::Span::current();
    span.record("user", tracing::field::display(&me.id));
    if let Some(a) = account {
        span.record("account", tracing::field::display(a));
    }
    // Every change this request makes is audited as this user's, from this address.
    let state = state.acting(&me.id, &super::session::client_address());
    Ok((state, me))
}

/// The signed-in user of this request ([`service::auth::caller`]), looked up once per request:
/// a page's server functions, rendered together, share it. A session ended while a request is
/// being answered still counts for the rest of that request.
pub async fn caller(state: &AppState) -> Result<Option<Me>, AppError> {
    let headers = super::session::headers();
    match leptos::prelude::use_context::<RequestReads>() {
        Some(reads) => reads
            .caller
            .get_or_try_init(|| service::auth::caller(state, &headers))
            .await
            .cloned(),
        None => service::auth::caller(state, &headers).await,
    }
}

/// Account `id` as of today without its ledger ([`service::read::account_history`]), read
/// once per request: a page's server functions that show the same account (the dashboard's
/// data and its service levels) share one read, so they also show the same state of it. Only
/// for reads; a write reads the account under its lock.
pub async fn account_history(state: &AppState, id: &str) -> Result<AccountHistory, AppError> {
    let Some(reads) = leptos::prelude::use_context::<RequestReads>() else {
        return service::read::account_history(state, id).await;
    };
    let mut kept = reads.account.lock().await;
    if let Some(a) = kept.as_ref().filter(|a| a.account.id == id) {
        return Ok(a.clone());
    }
    let a = service::read::account_history(state, id).await?;
    *kept = Some(a.clone());
    Ok(a)
}

/// What one request reads once and its server functions share ([`caller`],
/// [`account_history`]); `http::router` provides a fresh one to every request.
#[derive(Clone, Default)]
pub struct RequestReads {
    caller: Arc<tokio::sync::OnceCell<Option<Me>>>,
    account: Arc<tokio::sync::Mutex<Option<AccountHistory>>>,
}

/// The state for one form submission (one submission, one effect): `key` is the form's
/// `submission` field, `arguments` the function's other arguments as sent. The write path
/// records what the submission did; sent again, it answers with the first result.
pub fn once(
    state: &AppState,
    me: &Me,
    action: &'static str,
    key: &str,
    arguments: &impl serde::Serialize,
) -> Result<AppState, AppError> {
    let submission =
        service::storage::Submission::new(&me.id, key, action, arguments).ok_or_else(|| {
            AppError::BadRequest(
                "This form is out of date or incomplete. Reload the page and send it again.".into(),
            )
        })?;
    Ok(state.submitting(submission))
}

/// The server's state inside a server function (provided by `http::router`).
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| AppError::Server("server state is missing".into()))
}
