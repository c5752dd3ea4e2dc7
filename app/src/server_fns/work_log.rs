//! The work-log page's data: an account's history, its ledger and today.

use leptos::prelude::*;

use crate::errors::AppError;
use crate::model::WorkLogData;

/// The page's data. Another tenant's account answers exactly like one that does not exist
/// (404); what the caller's role may not read is left out (`auth::visibility`).
#[server(prefix = "/api", endpoint = "work_log")]
pub async fn get_work_log(account_id: String) -> Result<WorkLogData, AppError> {
    let (state, me) = crate::server_fns::apply::allow(crate::auth::ALL, Some(&account_id)).await?;
    let data = work_log_inner(&state, &account_id).await?;
    Ok(crate::auth::visibility::work_log(&me, data))
}

/// The account as of its today (`read::account_now`), with what the pages show around it.
#[cfg(feature = "ssr")]
pub async fn work_log_inner(
    state: &crate::state::AppState,
    account_id: &str,
) -> Result<WorkLogData, AppError> {
    let now = crate::read::account_now(state, account_id).await?;
    let plan = plan_label(&now.history, now.today)?;
    let documents = state
        .db
        .documents(Some(account_id))
        .await?
        .into_iter()
        .map(|d| crate::model::DocRef {
            key: d.invoice.key,
            number: d.number,
        })
        .collect();
    let developers = state.db.account_staff(account_id).await?;
    let contact = state.db.seller().await?.and_then(|s| s.email);
    Ok(WorkLogData {
        account: now.account.summary(),
        plan,
        history: now.history,
        ledger: now.ledger,
        today: now.today,
        developers,
        documents,
        contact,
    })
}

/// The plan in effect today, and next month's if a change is scheduled (POLICY §4):
/// "Maintenance M (Maintenance L from 2026-04-01)".
#[cfg(feature = "ssr")]
pub fn plan_label(
    history: &billing::History,
    today: chrono::NaiveDate,
) -> Result<Option<String>, AppError> {
    let fail = crate::read::does_not_replay;
    let plan_today = billing::plan_on(history, today).map_err(fail)?;
    let next_month = billing::Month::of(today).next().first_day();
    let plan_next = billing::plan_on(history, next_month).map_err(fail)?;
    Ok(match (plan_today, plan_next) {
        (Some(now), Some(next)) if now.id != next.id => {
            Some(format!("{} ({} from {next_month})", now.name, next.name))
        }
        (Some(now), _) => Some(now.name),
        (None, Some(next)) => Some(format!("No plan ({} from {next_month})", next.name)),
        (None, None) => None,
    })
}
