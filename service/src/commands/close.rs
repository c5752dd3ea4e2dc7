//! Month-end close (POLICY §4): one account or all. Closing a month again returns the same
//! invoice; a month that has not ended cannot be closed.

use api::AppError;
use api::model::{Closed, Document};
use billing::{EventKind, Month};

use crate::apply::apply;
use crate::state::AppState;

/// Close `month` of one account; its invoice, issued now or earlier.
pub async fn close_inner(
    state: &AppState,
    account_id: &str,
    month: Month,
) -> Result<Option<Document>, AppError> {
    apply(state, account_id, |_, history, _, _| {
        // Already closed: append nothing, answer with the invoice issued then.
        let closed = history
            .events
            .iter()
            .any(|e| matches!(&e.what, EventKind::MonthClosed { month: m } if *m >= month));
        Ok((!closed).then_some(EventKind::MonthClosed { month }))
    })
    .await?;
    let key = billing::DocKey::Period(month);
    Ok(state
        .db
        .documents(Some(account_id))
        .await?
        .into_iter()
        .find(|d| d.invoice.key == key))
}

/// Close `month` for every account, each in its own transaction; one account's refusal does
/// not stop the others.
pub async fn close_all_inner(state: &AppState, month: Month) -> Result<Vec<Closed>, AppError> {
    let mut out = Vec::new();
    for account in state.db.accounts().await? {
        let invoice = close_inner(state, &account.id, month).await;
        out.push(Closed {
            account_id: account.id,
            invoice,
        });
    }
    Ok(out)
}
