//! Month-end close (POLICY §4): one account or all. Closing a month again returns the same
//! invoice; a month that has not ended cannot be closed.

use api::AppError;
use api::model::{ClosePreview, CloseRow, CloseState, Closed, Document};
use billing::{EventKind, History, Month};

use crate::apply::{apply, apply_each};
use crate::state::AppState;
use crate::storage::{Appended, Backend, MAX_BATCH};

/// Close `month` of one account; its invoice, issued now or earlier.
pub async fn close_inner(
    state: &AppState,
    account_id: &str,
    month: Month,
) -> Result<Option<Document>, AppError> {
    let appended = apply(state, account_id, |_, history, _, _| {
        Ok(closing(history, month))
    })
    .await?;
    invoice_of(state, account_id, month, appended).await
}

/// The event that closes `month`: none when it is closed already (closing again appends nothing
/// and answers with the invoice issued then).
fn closing(history: &History, month: Month) -> Option<EventKind> {
    let closed = history
        .events
        .iter()
        .any(|e| matches!(&e.what, EventKind::MonthClosed { month: m } if *m >= month));
    (!closed).then_some(EventKind::MonthClosed { month })
}

/// The invoice of `month`: the one just issued, else the one stored when it was closed.
async fn invoice_of(
    state: &AppState,
    account_id: &str,
    month: Month,
    appended: Appended,
) -> Result<Option<Document>, AppError> {
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

/// Close `month` for every account; one account's refusal does not stop the others. On SQLite
/// accounts are closed in batches, each batch one transaction with a savepoint per account (one
/// commit for many accounts, BENCHMARKS.md "Month-end close"). The answers come in the order of
/// the accounts.
pub async fn close_all_inner(state: &AppState, month: Month) -> Result<Vec<Closed>, AppError> {
    let ids: Vec<String> = state
        .db
        .accounts()
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    // SQLite has one writer at a time: batches go one after the other, and a batch's single
    // commit saves a flush per account (BENCHMARKS.md "Month-end close"). PostgreSQL
    // locks single account rows, so several accounts close at once, each in its own
    // transaction: a batch would hold the invoice counter's row from its first invoice to its
    // commit, so batches would run one after the other (measured slower, same section).
    let (size, at_once) = match state.db.backend() {
        Backend::Sqlite => (MAX_BATCH, 1),
        Backend::Postgres => (1, CLOSES_AT_ONCE),
    };
    let batches: Vec<Vec<String>> = ids.chunks(size).map(<[String]>::to_vec).collect();
    let mut out: Vec<Option<Vec<Closed>>> = std::iter::repeat_with(|| None)
        .take(batches.len())
        .collect();
    let mut running = tokio::task::JoinSet::new();
    for (i, batch) in batches.into_iter().enumerate() {
        if running.len() >= at_once {
            keep(&mut out, running.join_next().await)?;
        }
        let state = state.clone();
        running.spawn(async move { (i, close_batch(&state, batch, month).await) });
    }
    while let Some(done) = running.join_next().await {
        keep(&mut out, Some(done))?;
    }
    Ok(out.into_iter().flatten().flatten().collect())
}

/// How many accounts are closed at once on PostgreSQL (half the pool's connections).
const CLOSES_AT_ONCE: usize = 8;

/// Close `month` for each of `ids` (at most [`MAX_BATCH`]) in one transaction; one account in
/// a transaction of its own.
async fn close_batch(state: &AppState, ids: Vec<String>, month: Month) -> Vec<Closed> {
    if let [account_id] = ids.as_slice() {
        let invoice = close_inner(state, account_id, month).await;
        return vec![Closed {
            account_id: account_id.clone(),
            invoice,
        }];
    }
    let each = match apply_each(state, &ids, |_, history, _, _| Ok(closing(history, month))).await {
        Ok(each) => each,
        // The batch's transaction itself failed (nothing of it is stored): close its accounts
        // one by one, so that each answers for itself.
        Err(e) => {
            tracing::warn!(
                "closing a batch of {} accounts failed ({e}); closing them one by one",
                ids.len()
            );
            let mut out = Vec::with_capacity(ids.len());
            for account_id in ids {
                let invoice = close_inner(state, &account_id, month).await;
                out.push(Closed {
                    account_id,
                    invoice,
                });
            }
            return out;
        }
    };
    let mut out = Vec::with_capacity(ids.len());
    for (account_id, appended) in ids.into_iter().zip(each) {
        let invoice = match appended {
            Ok(appended) => invoice_of(state, &account_id, month, appended).await,
            Err(e) => Err(e),
        };
        out.push(Closed {
            account_id,
            invoice,
        });
    }
    out
}

fn keep(
    out: &mut [Option<Vec<Closed>>],
    done: Option<Result<(usize, Vec<Closed>), tokio::task::JoinError>>,
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
