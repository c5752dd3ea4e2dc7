//! The work-log page's data: an account's history, its ledger and today.

use leptos::prelude::*;

use crate::model::WorkLogData;

/// The page's data, or None when there is no such account.
#[server(prefix = "/api", endpoint = "work_log")]
pub async fn get_work_log(account_id: String) -> Result<Option<WorkLogData>, ServerFnError> {
    let state =
        crate::state::app_state().ok_or_else(|| ServerFnError::new("server state is missing"))?;
    // Another tenant's account is shown exactly like one that does not exist.
    let me = match crate::auth::ssr::authorize(&state, crate::auth::ALL, Some(&account_id)).await {
        Ok(me) => me,
        Err(crate::errors::AppError::NotFound(_)) => return Ok(None),
        Err(e) => {
            return Err(ServerFnError::new(
                crate::errors::with_status(e).to_string(),
            ));
        }
    };
    let mut data = work_log_inner(&state, &account_id)
        .await
        .map_err(ServerFnError::new)?;
    if let Some(d) = data.as_mut() {
        crate::auth::visibility::work_log(&me, d);
    }
    Ok(data)
}

/// Load the account's history as of its today and replay it.
#[cfg(feature = "ssr")]
pub async fn work_log_inner(
    state: &crate::state::AppState,
    account_id: &str,
) -> Result<Option<WorkLogData>, String> {
    let storage_error = |e: crate::storage::StorageError| {
        leptos::logging::error!("work log of {account_id}: {e}");
        "could not read the account's history".to_string()
    };
    let Some(account) = state.db.account(account_id).await.map_err(storage_error)? else {
        return Ok(None);
    };
    let events = state.db.events(account_id).await.map_err(storage_error)?;
    let today = state.clock.today_in(&account.timezone);
    let history = account.history(events, Some(today));
    let ledger = billing::replay(&history)
        .map_err(|e| format!("the account's history does not replay: {e}"))?;
    let plan = plan_label(&history, today)?;
    let documents = state
        .db
        .documents(Some(account_id))
        .await
        .map_err(storage_error)?
        .into_iter()
        .map(|d| crate::model::DocRef {
            key: d.invoice.key,
            number: d.number,
        })
        .collect();
    let developers = state
        .db
        .account_staff(account_id)
        .await
        .map_err(storage_error)?;
    let contact = state
        .db
        .seller()
        .await
        .map_err(storage_error)?
        .and_then(|s| s.email);
    Ok(Some(WorkLogData {
        account: account.summary(),
        plan,
        history,
        ledger,
        today,
        technician: state.technician.clone(),
        developers,
        documents,
        contact,
    }))
}

/// The plan in effect today, and next month's if a change is scheduled (POLICY §4):
/// "Maintenance M (Maintenance L from 2026-04-01)".
#[cfg(feature = "ssr")]
pub fn plan_label(
    history: &billing::History,
    today: chrono::NaiveDate,
) -> Result<Option<String>, String> {
    let fail = |e: billing::ReplayError| format!("the account's history does not replay: {e}");
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
