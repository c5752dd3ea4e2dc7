//! File downloads beside the pages: plain axum handlers behind the same authorization check as
//! every server function, answering what the matching page shows.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike as _;

use crate::errors::AppError;
use crate::state::AppState;
use api::work_filter::WorkFilter;

/// `GET /accounts/{id}/work.csv?month=…&technician=…&kind=…&quote=…`: the work log's entries
/// as the page shows them under the same filter, for whoever may read that page.
pub async fn work_log_csv(
    state: AppState,
    Path(account_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    match work_log_csv_inner(&state, &account_id, &query, &headers).await {
        Ok((name, body)) => csv_response(&name, body),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (status, e.to_string()).into_response()
        }
    }
}

/// `GET /audit.csv?user=ID` or `?account=ID` (or neither: everyone's): the newest audit lines,
/// for admins.
pub async fn audit_csv(
    state: AppState,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    match audit_csv_inner(&state, &query, &headers).await {
        Ok((name, body)) => csv_response(&name, body),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (status, e.to_string()).into_response()
        }
    }
}

async fn audit_csv_inner(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    use service::commands::people::AuditScope;
    // Authorize first; the query is read only once the caller is an admin.
    service::auth::authorize(state, headers, crate::auth::ADMIN, None).await?;
    let id = |name: &str| -> Result<Option<String>, AppError> {
        match query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            Some(v) => api::parse::parse_id(name, v).map(Some),
            None => Ok(None),
        }
    };
    let (scope, name) = match (id("user")?, id("account")?) {
        (Some(_), Some(_)) => {
            return Err(AppError::invalid(
                "account",
                "choose a user or an account, not both",
            ));
        }
        (Some(u), None) => (AuditScope::User(u.clone()), format!("audit-user-{u}.csv")),
        (None, Some(a)) => {
            if state.db.account(&a).await?.is_none() {
                return Err(AppError::NotFound(format!("account \"{a}\"")));
            }
            (
                AuditScope::Account(a.clone()),
                format!("audit-account-{a}.csv"),
            )
        }
        (None, None) => (AuditScope::All, "audit.csv".to_string()),
    };
    let body = service::commands::people::audit_csv(state, &scope).await?;
    Ok((name, body))
}

/// `GET /service-levels.csv?year=YYYY`: the agency's SLA figures for a year, one row per
/// account with tickets and the total, for admins.
pub async fn service_levels_csv(
    state: AppState,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let inner = async {
        // Authorize first; the query is read only once the caller is an admin.
        service::auth::authorize(&state, &headers, crate::auth::ADMIN, None).await?;
        let raw = query.get("year").map(|v| v.trim()).unwrap_or_default();
        let latest = state.clock.today_in("Pacific/Kiritimati").year();
        let year = raw
            .parse::<i32>()
            .ok()
            .filter(|y| (2000..=latest).contains(y))
            .ok_or_else(|| {
                AppError::invalid("year", format!("choose a year from 2000 to {latest}"))
            })?;
        let rows = service::commands::service_levels::year_rows(&state, year).await?;
        Ok::<_, AppError>((year, service::exports::sla_csv(&rows)))
    };
    match inner.await {
        Ok((year, body)) => csv_response(&format!("service-levels-{year}.csv"), body),
        Err(e) => error_response(e),
    }
}

/// An error as a download answers it: its status and its words.
fn error_response(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    (status, e.to_string()).into_response()
}

/// One issued document for whoever may read its page (another tenant's number is not found,
/// as on the page).
async fn readable_document(
    state: &AppState,
    headers: &HeaderMap,
    number: &str,
) -> Result<api::model::Document, AppError> {
    let me = service::auth::authorize(state, headers, crate::auth::ALL, None).await?;
    let number = number.trim();
    state
        .db
        .document(number)
        .await?
        .filter(|d| me.sees(&d.account_id))
        .ok_or_else(|| AppError::NotFound(format!("document \"{number}\"")))
}

/// `GET /documents/{number}/lines.csv`: every line of one issued document.
pub async fn document_lines_csv(
    state: AppState,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    match readable_document(&state, &headers, &number).await {
        Ok(doc) => csv_response(
            &format!("{}-lines.csv", doc.number),
            service::exports::document_lines_csv(&doc),
        ),
        Err(e) => error_response(e),
    }
}

/// `GET /documents/{number}/pdf`: the document as a printable A4 PDF, in the account's
/// language and locale.
pub async fn document_pdf(
    state: AppState,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    let inner = async {
        let doc = readable_document(&state, &headers, &number).await?;
        let account = state
            .db
            .account(&doc.account_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("document \"{}\"", doc.number)))?;
        let bytes = service::exports::pdf(&doc, &account.locale)?;
        Ok::<_, AppError>((doc.number, bytes))
    };
    match inner.await {
        Ok((number, bytes)) => file_response(&format!("{number}.pdf"), "application/pdf", bytes),
        Err(e) => error_response(e),
    }
}

/// `GET /documents/{number}/ubl.xml`: the document as a UBL 2.1 e-invoice (EN 16931; Peppol
/// BIS Billing 3.0 when both parties have an e-invoice address).
pub async fn document_ubl(
    state: AppState,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    match readable_document(&state, &headers, &number).await {
        Ok(doc) => file_response(
            &format!("{}.xml", doc.number),
            "application/xml; charset=utf-8",
            service::exports::ubl(&doc),
        ),
        Err(e) => error_response(e),
    }
}

/// `GET /documents.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&account=ID]`: every document issued in
/// the period (at most a year), one row per document and VAT rate, for admins.
pub async fn documents_csv(
    state: AppState,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    period_csv(
        state,
        query,
        headers,
        "documents",
        service::exports::documents_csv,
    )
    .await
}

/// `GET /documents/lines.csv?from=…&to=…[&account=ID]`: the lines of every document issued in
/// the period, for admins.
pub async fn period_lines_csv(
    state: AppState,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    period_csv(state, query, headers, "lines", service::exports::lines_csv).await
}

/// An admin's CSV of the documents issued in the query's period, made by `csv`, named
/// `{what}-[{account}-]{from}-to-{to}.csv`.
async fn period_csv(
    state: AppState,
    query: HashMap<String, String>,
    headers: HeaderMap,
    what: &str,
    csv: fn(&[api::model::Document]) -> Vec<u8>,
) -> Response {
    let inner = async {
        // Authorize first; the query is read only once the caller is an admin.
        service::auth::authorize(&state, &headers, crate::auth::ADMIN, None).await?;
        let (from, to, account) = period_query(&state, &query).await?;
        let docs = state
            .db
            .documents_issued(from, to, account.as_deref())
            .await?;
        let scope = account.map_or_else(String::new, |a| format!("{a}-"));
        Ok::<_, AppError>((format!("{what}-{scope}{from}-to-{to}.csv"), csv(&docs)))
    };
    match inner.await {
        Ok((name, body)) => csv_response(&name, body),
        Err(e) => error_response(e),
    }
}

/// `from`, `to` (a period of at most [`service::exports::MAX_PERIOD_DAYS`] days) and an optional
/// account that must exist.
async fn period_query(
    state: &AppState,
    query: &HashMap<String, String>,
) -> Result<(chrono::NaiveDate, chrono::NaiveDate, Option<String>), AppError> {
    let get = |name: &str| query.get(name).map_or("", |v| v.trim());
    let from = api::parse::parse_date("from", get("from"))?;
    let to = api::parse::parse_date("to", get("to"))?;
    service::exports::check_period(from, to)?;
    let account = match get("account") {
        "" => None,
        a => {
            let a = api::parse::parse_id("account", a)?;
            if state.db.account(&a).await?.is_none() {
                return Err(AppError::NotFound(format!("account \"{a}\"")));
            }
            Some(a)
        }
    };
    Ok((from, to, account))
}

fn csv_response(name: &str, body: Vec<u8>) -> Response {
    file_response(name, "text/csv; charset=utf-8", body)
}

fn file_response(name: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn work_log_csv_inner(
    state: &AppState,
    account_id: &str,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    // Authorize first; the query is read only once the caller may see the account.
    let me = service::auth::authorize(state, headers, crate::auth::ALL, Some(account_id)).await?;
    let filter = WorkFilter::parse(|name| query.get(name).cloned())?;
    let data = crate::server_fns::work_log::work_log_inner(state, account_id).await?;
    let data = crate::auth::visibility::work_log(&me, data);
    let body = service::exports::work_log_csv(
        &data.ledger.entries,
        &data.ledger.quotes,
        &filter,
        &data.account.currency,
    );
    let period = filter
        .month
        .map_or_else(|| data.today.to_string(), |m| m.to_string());
    Ok((format!("{}-work-{period}.csv", data.account.id), body))
}
