//! The accounts the deployment serves.

use leptos::prelude::*;

use crate::model::AccountSummary;

#[server(prefix = "/api", endpoint = "accounts")]
pub async fn list_accounts() -> Result<Vec<AccountSummary>, ServerFnError> {
    let state =
        crate::state::app_state().ok_or_else(|| ServerFnError::new("server state is missing"))?;
    let accounts = state.db.accounts().await.map_err(|e| {
        leptos::logging::error!("list_accounts: {e}");
        ServerFnError::new("could not read the accounts")
    })?;
    Ok(accounts.iter().map(|a| a.summary()).collect())
}
