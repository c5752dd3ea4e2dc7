//! Month-end close (POLICY §4): one account or all. Closing a month again returns the same
//! invoice; a month that has not ended cannot be closed.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::errors::AppError;
use crate::model::Document;

/// One account's outcome of closing a month for all accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closed {
    pub account_id: String,
    /// The month's invoice (None: nothing to invoice that month).
    pub invoice: Result<Option<Document>, AppError>,
}

#[server(prefix = "/api", endpoint = "close_month")]
pub async fn close_month(account_id: String, month: String) -> Result<Option<Document>, AppError> {
    let (state, _) = crate::server_fns::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let month: billing::Month = month.parse().map_err(|e| AppError::invalid("month", e))?;
    ssr::close_inner(&state, &account_id, month).await
}

#[server(prefix = "/api", endpoint = "close_all")]
pub async fn close_all(month: String) -> Result<Vec<Closed>, AppError> {
    let (state, _) = crate::server_fns::apply::allow(crate::auth::ADMIN, None).await?;
    let month: billing::Month = month.parse().map_err(|e| AppError::invalid("month", e))?;
    ssr::close_all_inner(&state, month).await
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use billing::{EventKind, Month};

    pub use super::super::apply::state;
    use super::*;
    use crate::server_fns::apply::apply;
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
        let key = format!("period:{month}");
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
}
