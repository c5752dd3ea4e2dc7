//! The helpdesk API, `/api/v1`: JSON over HTTP for integrations, beside the pages' server
//! functions and through the same service layer — the same authorization-first order, the
//! same write path and rules, the same refusals. Each call presents an integration token
//! (`Authorization: Bearer hbk_…`) made by an admin on the integrations page.
//!
//! Order in every handler: the token (401), the account it may use (404, as if it did not
//! exist), then the body (400 when it is not the documented JSON, 422 for values the rules
//! refuse), then the change. Writes are idempotent: by the `Idempotency-Key` header (per
//! token, the same answer for 30 days) and by the work's external id (per account, forever).

mod convert;
pub mod openapi;
mod problem;
pub mod schema;

use api::AppError;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use service::commands::integrations::Integration;
use service::state::AppState;

pub use problem::{answer, problem};
use schema::NewEntry;
use schema::Problem;

/// The header an integration names a write's idempotency key in.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Answered on a write that an earlier call with the same key or external id already made.
pub const REPLAYED: &str = "idempotent-replayed";

/// The API's routes, to be nested under `/api/v1`.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/accounts", get(list_accounts))
        .route("/accounts/{account}/balance", get(balance))
        .route("/accounts/{account}/entries", post(post_entry))
        .route("/accounts/{account}/entries/{external_id}", get(get_entry))
        .route("/accounts/{account}/tickets", post(post_ticket))
        .fallback(|| async { problem(StatusCode::NOT_FOUND, "not_found", "no such API path") })
        .with_state(state)
}

/// The integration this call's token names, and that it may use `account`.
async fn caller(
    state: &AppState,
    headers: &HeaderMap,
    account: Option<&str>,
) -> Result<Integration, Response> {
    let who = service::commands::integrations::integration(state, headers)
        .await
        .map_err(answer)?
        .map_err(|p| {
            let mut r = problem(StatusCode::UNAUTHORIZED, "unauthorized", p.message());
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            r
        })?;
    let span = tracing::Span::current();
    span.record("user", tracing::field::display(who.actor_id()));
    if let Some(a) = account {
        span.record("account", tracing::field::display(a));
        if !who.sees(a) {
            // Another account than the token's answers like one that does not exist.
            return Err(answer(AppError::NotFound(format!("account \"{a}\""))));
        }
    }
    Ok(who)
}

#[utoipa::path(
    get, path = "/api/v1/accounts", tag = "accounts",
    summary = "The accounts this token may use",
    responses(
        (status = 200, description = "Every account the token may use, by id", body = Vec<schema::Account>),
        (status = 401, description = "No token, or an unknown or revoked one", body = Problem),
    ),
    security(("token" = [])),
)]
async fn list_accounts(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let who = match caller(&state, &headers, None).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    match convert::accounts(&state, &who).await {
        Ok(list) => axum::Json(list).into_response(),
        Err(e) => answer(e),
    }
}

#[utoipa::path(
    get, path = "/api/v1/accounts/{account}/balance", tag = "accounts",
    summary = "An account's lots, this month so far, and its prompts",
    params(("account" = String, Path, description = "The account's id", max_length = 64)),
    responses(
        (status = 200, description = "The balances as of today", body = schema::Balance),
        (status = 401, description = "No token, or an unknown or revoked one", body = Problem),
        (status = 404, description = "No such account (or not this token's)", body = Problem),
    ),
    security(("token" = [])),
)]
async fn balance(
    State(state): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = caller(&state, &headers, Some(&account)).await {
        return r;
    }
    match service::read::account_now(&state, &account).await {
        Ok(now) => axum::Json(convert::balance(&now)).into_response(),
        Err(e) => answer(e),
    }
}

#[utoipa::path(
    get, path = "/api/v1/accounts/{account}/entries/{external_id}", tag = "entries",
    summary = "The entry logged with a helpdesk's external id, as it stands today",
    params(
        ("account" = String, Path, description = "The account's id", max_length = 64),
        ("external_id" = String, Path, description = "The helpdesk's id of the work", max_length = 100),
    ),
    responses(
        (status = 200, description = "The entry", body = schema::Entry),
        (status = 401, description = "No token, or an unknown or revoked one", body = Problem),
        (status = 404, description = "No such account or entry", body = Problem),
    ),
    security(("token" = [])),
)]
async fn get_entry(
    State(state): State<AppState>,
    Path((account, external_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = caller(&state, &headers, Some(&account)).await {
        return r;
    }
    let found = match service::read::account_now(&state, &account).await {
        Ok(now) => service::commands::helpdesk::entry_by_external(&now, &external_id)
            .map(|sent| convert::entry(sent, now.account.currency.code())),
        Err(e) => Err(e),
    };
    match found {
        Ok(entry) => axum::Json(entry).into_response(),
        Err(e) => answer(e),
    }
}

#[utoipa::path(
    post, path = "/api/v1/accounts/{account}/entries", tag = "entries",
    summary = "Log a completed piece of work",
    description = "Goes through the same rules as the log form. Idempotent: a retry with the \
        same Idempotency-Key and body, or the same external_id and fields, answers with the \
        entry first logged (header idempotent-replayed: true) and stores nothing new.",
    params(
        ("account" = String, Path, description = "The account's id", max_length = 64),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 64 letters, digits, - or _; \
            the same key with another body is refused (409)", pattern = "^[A-Za-z0-9_-]{1,64}$"),
    ),
    request_body = NewEntry,
    responses(
        (status = 201, description = "Logged (now, or by the earlier call this one repeats)", body = schema::Entry,
            headers(("idempotent-replayed" = String, description = "true when an earlier call logged it"))),
        (status = 400, description = "Not the documented JSON (unknown field, wrong type) or a bad key", body = Problem),
        (status = 401, description = "No token, or an unknown or revoked one", body = Problem),
        (status = 404, description = "No such account (or not this token's)", body = Problem),
        (status = 409, description = "The key or the external id was used with other values", body = Problem),
        (status = 413, description = "The body is larger than 64 KiB", body = Problem),
        (status = 422, description = "Values the rules refuse, each field with its reason", body = Problem),
    ),
    security(("token" = [])),
)]
async fn post_entry(
    State(state): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (new, state): (NewEntry, _) =
        match write_call(&state, &headers, &account, "api_post_entry", &body).await {
            Ok(call) => call,
            Err(r) => return r,
        };
    let external = (
        new.external_id.as_str(),
        new.ticket_id.as_deref().unwrap_or(""),
    );
    let sent = service::commands::helpdesk::log_external(
        &state,
        &account,
        new.technician(),
        &new.form(),
        external,
    )
    .await;
    match sent {
        Ok(sent) => {
            let currency = match state.db.account(&account).await {
                Ok(Some(a)) => a.currency.to_string(),
                Ok(None) | Err(_) => String::new(),
            };
            let repeated = if sent.repeated { "true" } else { "false" };
            (
                StatusCode::CREATED,
                [(REPLAYED, repeated)],
                axum::Json(convert::entry(sent, &currency)),
            )
                .into_response()
        }
        Err(e) => answer(e),
    }
}

#[utoipa::path(
    post, path = "/api/v1/accounts/{account}/tickets", tag = "tickets",
    summary = "Record a ticket's lifecycle times",
    description = "Send a ticket when it is created and again as it moves on (first response, \
        resolution): each time is recorded once, the same values again change nothing, another \
        value for a recorded time is refused (409). An Idempotency-Key works as for entries.",
    params(
        ("account" = String, Path, description = "The account's id", max_length = 64),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 64 letters, digits, - or _", pattern = "^[A-Za-z0-9_-]{1,64}$"),
    ),
    request_body = schema::TicketTimes,
    responses(
        (status = 200, description = "The ticket's times as now recorded", body = schema::Ticket),
        (status = 400, description = "Not the documented JSON or a bad key", body = Problem),
        (status = 401, description = "No token, or an unknown or revoked one", body = Problem),
        (status = 404, description = "No such account (or not this token's)", body = Problem),
        (status = 409, description = "A recorded time had another value, or the key another body", body = Problem),
        (status = 413, description = "The body is larger than 64 KiB", body = Problem),
        (status = 422, description = "Values refused, each field with its reason", body = Problem),
    ),
    security(("token" = [])),
)]
async fn post_ticket(
    State(state): State<AppState>,
    Path(account): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (sent, state): (schema::TicketTimes, _) =
        match write_call(&state, &headers, &account, "api_post_ticket", &body).await {
            Ok(call) => call,
            Err(r) => return r,
        };
    let recorded = service::commands::helpdesk::record_ticket(
        &state,
        &account,
        &api::tickets::TicketForm {
            ticket_id: &sent.ticket_id,
            priority: sent.priority.as_deref(),
            created_at: &sent.created_at,
            first_response_at: sent.first_response_at.as_deref(),
            resolved_at: sent.resolved_at.as_deref(),
        },
    )
    .await;
    match recorded {
        Ok(t) => axum::Json(schema::Ticket::from(t)).into_response(),
        Err(e) => answer(e),
    }
}

/// The start of every write: the token and the account it may use, the body as the documented
/// JSON, and the state acting for the token, with the call's Idempotency-Key as its submission.
async fn write_call<T: serde::de::DeserializeOwned + serde::Serialize>(
    state: &AppState,
    headers: &HeaderMap,
    account: &str,
    action: &'static str,
    body: &[u8],
) -> Result<(T, AppState), Response> {
    let who = caller(state, headers, Some(account)).await?;
    let parsed: T = parse_body(body).map_err(answer)?;
    let state = state.acting(&who.actor_id(), &address(headers));
    let state = match idempotency(headers, &who, account, action, &parsed).map_err(answer)? {
        Some(s) => state.submitting(s),
        None => state,
    };
    Ok((parsed, state))
}

/// The body as the documented JSON, or 400 saying what is wrong with it.
fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("the body is not the documented JSON: {e}")))
}

/// The `Idempotency-Key` of a write, as a submission of this token (None: no header).
fn idempotency(
    headers: &HeaderMap,
    who: &Integration,
    account: &str,
    action: &'static str,
    body: &impl serde::Serialize,
) -> Result<Option<service::storage::Submission>, AppError> {
    let Some(key) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let bad = || {
        AppError::BadRequest(
            "the Idempotency-Key header must be 1 to 64 letters, digits, - or _".into(),
        )
    };
    let key = key.to_str().map_err(|_| bad())?;
    service::storage::Submission::new(&who.actor_id(), key, action, &(account, body))
        .map(Some)
        .ok_or_else(bad)
}

/// Where the call came from, for the audit trail: the connection's address, or the proxy's
/// `X-Forwarded-For` when `HOURBANK_TRUSTED_PROXY=1`.
fn address(headers: &HeaderMap) -> String {
    let forwarded = std::env::var("HOURBANK_TRUSTED_PROXY").is_ok_and(|v| v == "1");
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter(|_| forwarded)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|a| !a.is_empty())
        .map_or_else(|| "api".to_string(), str::to_string)
}
