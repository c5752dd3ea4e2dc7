//! Month-end close (POLICY §4): one account or all. Closing a month again returns the same
//! invoice; a month that has not ended cannot be closed.

use api::AppError;
use api::model::{ClosePreview, CloseRow, CloseState, Closed, Document};
use billing::{EventKind, Month};

use crate::apply::apply;
use crate::state::AppState;
use crate::storage::Backend;

/// Close `month` of one account; its invoice, issued now or earlier.
pub async fn close_inner(
    state: &AppState,
    account_id: &str,
    month: Month,
) -> Result<Option<Document>, AppError> {
    let appended = apply(state, account_id, |_, history, _, _| {
        // Already closed: append nothing, answer with the invoice issued then.
        let closed = history
            .events
            .iter()
            .any(|e| matches!(&e.what, EventKind::MonthClosed { month: m } if *m >= month));
        Ok((!closed).then_some(EventKind::MonthClosed { month }))
    })
    .await?;
    let key = billing::DocKey::Period(month);
    if let Some(issued) = appended.issued.into_iter().find(|d| d.invoice.key == key) {
        return Ok(Some(issued));
    }
    Ok(state
        .db
        .documents(Some(account_id))
        .await?
        .into_iter()
        .find(|d| d.invoice.key == key))
}

/// Close `month` for every account, each in its own transaction; one account's refusal does
/// not stop the others. The answers come in the order of the accounts.
pub async fn close_all_inner(state: &AppState, month: Month) -> Result<Vec<Closed>, AppError> {
    let accounts = state.db.accounts().await?;
    // PostgreSQL locks one account's row per close, so several run at once; SQLite has one
    // writer at a time, and closes waiting for it would only spin.
    let at_once = match state.db.backend() {
        Backend::Postgres => CLOSES_AT_ONCE,
        Backend::Sqlite => 1,
    };
    let mut out: Vec<Option<Closed>> = std::iter::repeat_with(|| None)
        .take(accounts.len())
        .collect();
    let mut running = tokio::task::JoinSet::new();
    for (i, account) in accounts.into_iter().enumerate() {
        if running.len() >= at_once {
            keep(&mut out, running.join_next().await)?;
        }
        let state = state.clone();
        running.spawn(async move {
            let invoice = close_inner(&state, &account.id, month).await;
            let closed = Closed {
                account_id: account.id,
                invoice,
            };
            (i, closed)
        });
    }
    while let Some(done) = running.join_next().await {
        keep(&mut out, Some(done))?;
    }
    Ok(out.into_iter().flatten().collect())
}

/// How many accounts are closed at once on PostgreSQL (half the pool's connections).
const CLOSES_AT_ONCE: usize = 8;

fn keep(
    out: &mut [Option<Closed>],
    done: Option<Result<(usize, Closed), tokio::task::JoinError>>,
) -> Result<(), AppError> {
    match done {
        Some(Ok((i, closed))) => {
            out[i] = Some(closed);
            Ok(())
        }
        Some(Err(e)) => Err(AppError::Server(format!("a close stopped: {e}"))),
        None => Ok(()),
    }
}

/// What closing `month` (default: the latest month ended for every account) would do to each
/// account, without changing anything. A month that has not ended anywhere is refused.
pub async fn preview(state: &AppState, month: Option<Month>) -> Result<ClosePreview, AppError> {
    let accounts = crate::read::all_accounts_now(state).await?;
    let latest = accounts
        .iter()
        .map(|a| Month::of(a.today).prev())
        .min()
        .unwrap_or_else(|| Month::of(state.clock.today_in("UTC")).prev());
    let month = month.unwrap_or(latest);
    if accounts.iter().all(|a| month >= Month::of(a.today)) && month > latest {
        return Err(AppError::invalid(
            "month",
            billing::RuleViolation::MonthNotEnded {
                month: month.to_string(),
                on: state.clock.today_in("UTC").to_string(),
            },
        ));
    }
    let mut rows = Vec::with_capacity(accounts.len());
    for now in accounts {
        let ledger = &now.ledger;
        let draft = ledger.invoices.iter().find(|i| {
            i.kind == billing::InvoiceKind::Period
                && i.month == Some(month)
                && i.status == billing::InvoiceStatus::Draft
        });
        let state_now = if month >= Month::of(now.today) {
            CloseState::NotEnded
        } else if ledger.closed_through.is_some_and(|c| c >= month) {
            let key = billing::DocKey::Period(month);
            let number = state
                .db
                .documents(Some(&now.account.id))
                .await?
                .into_iter()
                .find(|d| d.invoice.key == key)
                .map(|d| d.number);
            CloseState::Closed { number }
        } else if let Some(d) = draft {
            CloseState::Draft { total: d.total }
        } else {
            CloseState::Nothing
        };
        rows.push(CloseRow {
            account: now.account.summary(),
            state: state_now,
        });
    }
    Ok(ClosePreview {
        month,
        latest,
        accounts: rows,
    })
}
