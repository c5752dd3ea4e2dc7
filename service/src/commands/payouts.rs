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
