//! Developer payouts across accounts, as the rules compute them today.

use api::AppError;
use api::model::PayoutRow;

use crate::state::AppState;

pub async fn payouts_inner(state: &AppState, developer: &str) -> Result<Vec<PayoutRow>, AppError> {
    let mut out = Vec::new();
    for crate::read::AccountNow {
        account, ledger, ..
    } in crate::read::all_accounts_now(state).await?
    {
        out.extend(
            ledger
                .payouts
                .into_iter()
                .filter(|p| p.developer == developer)
                .map(|payout| PayoutRow {
                    account: account.summary(),
                    payout,
                }),
        );
    }
    Ok(out)
}

/// Everyone an admin may look up payouts for: the technicians and developers with a user, and
/// anyone a payout names (a seller without a user), sorted by name.
pub async fn developers_inner(state: &AppState) -> Result<Vec<String>, AppError> {
    let mut names: Vec<String> = state
        .db
        .users()
        .await?
        .into_iter()
        .filter(|u| u.role == api::auth::Role::Technician)
        .map(|u| u.name)
        .collect();
    for now in crate::read::all_accounts_now(state).await? {
        names.extend(now.ledger.payouts.into_iter().map(|p| p.developer));
    }
    names.sort_unstable();
    names.dedup();
    Ok(names)
}
