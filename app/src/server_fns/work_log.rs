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

/// The account as of its today, with what the pages show around it: read once per request
/// (`apply::account_history`) and replayed.
#[cfg(feature = "ssr")]
pub async fn work_log_inner(
    state: &crate::state::AppState,
    account_id: &str,
) -> Result<WorkLogData, AppError> {
    let now =
        crate::read::replayed(crate::server_fns::apply::account_history(state, account_id).await?)?;
    let plan = crate::read::plan_label(&now.history, now.today)?;
    let documents = state.db.doc_refs(account_id).await?;
    let developers = state.db.account_staff(account_id).await?;
    let contact = state.db.seller().await?.and_then(|s| s.party.email);
    let licences = state.db.licences_of(account_id).await?;
    Ok(WorkLogData {
        account: now.account.summary(),
        plan,
        history: now.history,
        ledger: now.ledger,
        today: now.today,
        developers,
        documents,
        contact,
        licences,
    })
}
