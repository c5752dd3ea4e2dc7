//! The accounts page's read model: each visible account with its plan and this month so far,
//! and for admins what needs doing across accounts. One replay per account.

use api::AppError;
use api::auth::{Me, Role};
use api::model::{AccountRow, MonthToClose, Overview, QuoteWaiting, ToDo, UnpaidOrder};
use billing::{InvoiceKind, InvoiceStatus, Month, QuoteStatus};

use crate::read::AccountNow;
use crate::state::AppState;

pub async fn overview(state: &AppState, me: &Me) -> Result<Overview, AppError> {
    let mut accounts = Vec::new();
    let mut to_do = ToDo::default();
    for account in state
        .db
        .accounts()
        .await?
        .into_iter()
        .filter(|a| me.sees(&a.id))
    {
        let now = crate::read::ledger_for(state, account).await?;
        accounts.push(row(&now)?);
        if me.role == Role::Admin {
            let numbers = if now.ledger.awaiting_payment().next().is_some() {
                state.db.doc_refs(&now.account.id).await?
            } else {
                Vec::new()
            };
            add_to_do(&mut to_do, &now, &numbers);
        }
    }
    to_do.months_to_close.sort_by_key(|m| m.month);
    to_do
        .unpaid_orders
        .sort_by_key(|o| std::cmp::Reverse(o.days));
    Ok(Overview {
        accounts,
        to_do: (me.role == Role::Admin).then_some(to_do),
    })
}

fn row(now: &AccountNow) -> Result<AccountRow, AppError> {
    let month = Month::of(now.today);
    let ledger = &now.ledger;
    Ok(AccountRow {
        plan: crate::read::plan_label(&now.history, now.today)?,
        draft_total: ledger
            .invoices
            .iter()
            .find(|i| i.kind == InvoiceKind::Period && i.month == Some(month))
            .map(|i| i.total),
        attention: ledger.prompts.len()
            + ledger
                .quotes
                .iter()
                .filter(|q| q.status == QuoteStatus::Offered)
                .count(),
        account: now.account.summary(),
    })
}

fn add_to_do(to_do: &mut ToDo, now: &AccountNow, documents: &[api::model::DocRef]) {
    let summary = now.account.summary();
    let this_month = Month::of(now.today);
    let ledger = &now.ledger;
    // A draft of a month before this one: the month ended and nobody closed it.
    to_do.months_to_close.extend(
        ledger
            .invoices
            .iter()
            .filter(|i| i.kind == InvoiceKind::Period && i.status == InvoiceStatus::Draft)
            .filter_map(|i| i.month.map(|m| (m, i.total)))
            .filter(|(m, _)| *m < this_month)
            .map(|(month, draft_total)| MonthToClose {
                account: summary.clone(),
                month,
                draft_total,
            }),
    );
    to_do
        .unpaid_orders
        .extend(ledger.awaiting_payment().filter_map(|inv| {
            let ordered_on = inv.issued_on?;
            let order = inv.key.order()?;
            Some(UnpaidOrder {
                account: summary.clone(),
                pack: inv
                    .lines
                    .first()
                    .map_or_else(|| order.to_string(), |l| l.description.to_string()),
                invoice: documents
                    .iter()
                    .find(|d| d.key == inv.key)
                    .map(|d| d.number.clone()),
                ordered_on,
                days: (now.today - ordered_on).num_days(),
                total: inv.total,
            })
        }));
    to_do.quotes_waiting.extend(
        ledger
            .quotes
            .iter()
            .filter(|q| q.status == QuoteStatus::Offered)
            .map(|q| QuoteWaiting {
                account: summary.clone(),
                title: q.title.clone(),
                developer: q.developer.clone(),
                estimate: q.estimate_minutes,
            }),
    );
}
