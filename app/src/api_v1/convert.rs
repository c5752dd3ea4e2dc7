//! The rules' values as the API's JSON ([`super::schema`]).

use api::AppError;
use billing::{InvoiceKind, Month, Origin, Prompt};
use service::commands::helpdesk::Sent;
use service::commands::integrations::Integration;
use service::read::AccountNow;
use service::state::AppState;

use super::schema;

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A rules enum by its JSON name (`over_quote`).
fn snake(v: &impl serde::Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn money(m: billing::Money) -> String {
    m.decimal().to_string()
}

pub fn entry(sent: Sent, currency: &str) -> schema::Entry {
    let e = sent.entry;
    schema::Entry {
        id: e.id.to_string(),
        external_id: sent.external.id.to_string(),
        ticket_id: sent.external.ticket.map(|t| t.to_string()),
        date: day(e.date),
        effective_date: day(e.effective_date),
        logged_on: day(e.logged_on),
        kind: e.kind.into(),
        minutes: e.minutes.get(),
        counted_minutes: e.counted_minutes.get(),
        title: e.title.to_string(),
        ticket_url: e.url.map(|u| u.to_string()),
        note: e.note.to_string(),
        technician: e.technician.to_string(),
        quote: e.quote.map(|q| q.to_string()),
        parts: e
            .parts
            .iter()
            .map(|p| schema::EntryPart {
                source: snake(&p.source),
                minutes: p.minutes.get(),
                lot: p.lot.as_ref().map(|l| l.to_string()),
                rate: p.rate.map(|r| r.to_string()),
                amount: money(p.amount),
            })
            .collect(),
        amount: money(e.amount),
        currency: currency.to_string(),
        credited_back_on: e.credited_back_on.map(day),
    }
}

fn origin(o: Origin) -> &'static str {
    match o {
        Origin::Allowance => "allowance",
        Origin::Carryover => "carryover",
        Origin::Pack => "pack",
        Origin::Rollover => "rollover",
        Origin::Credit => "credit",
    }
}

fn prompt(p: &Prompt) -> schema::Prompt {
    let (kind, message) = match p {
        Prompt::Expiring { message, .. } => ("expiring", message),
        Prompt::RollingOver { message, .. } => ("rolling_over", message),
        Prompt::LowBalance { message, .. } => ("low_balance", message),
        Prompt::Upgrade { message, .. } => ("upgrade", message),
    };
    schema::Prompt {
        kind: kind.to_string(),
        message: message.clone(),
    }
}

/// The balances the client's dashboard shows: usable lots, the open month, the prompts.
pub fn balance(now: &AccountNow) -> schema::Balance {
    let ledger = &now.ledger;
    let month = Month::of(now.today);
    let lots: Vec<schema::LotBalance> = ledger
        .lots
        .iter()
        .filter(|l| !l.available.is_zero())
        .map(|l| schema::LotBalance {
            id: l.id.to_string(),
            origin: origin(l.origin).to_string(),
            first_day: day(l.first_day),
            last_day: l.last_day.map(day),
            available_minutes: l.available.get(),
            seller: l.seller.clone(),
        })
        .collect();
    let in_month: Vec<_> = ledger
        .entries
        .iter()
        .filter(|e| Month::of(e.effective_date) == month)
        .collect();
    schema::Balance {
        account: now.account.id.clone(),
        today: day(now.today),
        currency: ledger.currency.clone(),
        available_minutes: lots.iter().map(|l| l.available_minutes).sum(),
        lots,
        this_month: schema::MonthSoFar {
            month: month.to_string(),
            entries: u32::try_from(in_month.len()).unwrap_or(u32::MAX),
            counted_minutes: in_month.iter().map(|e| e.counted_minutes.get()).sum(),
            draft_total: ledger
                .invoices
                .iter()
                .find(|i| i.kind == InvoiceKind::Period && i.month == Some(month))
                .map(|i| money(i.total)),
        },
        prompts: ledger.prompts.iter().map(prompt).collect(),
    }
}

/// The accounts `who` may use, with today's plan (no replay: the plan follows the events).
pub async fn accounts(
    state: &AppState,
    who: &Integration,
) -> Result<Vec<schema::Account>, AppError> {
    let mut out = Vec::new();
    for account in state
        .db
        .accounts()
        .await?
        .into_iter()
        .filter(|a| who.sees(&a.id))
    {
        let today = state.clock.today_in(&account.timezone);
        let history = account.history(state.db.events(&account.id).await?, Some(today));
        let plan = service::read::plan_label(&history, today)?;
        out.push(schema::Account {
            id: account.id.clone(),
            name: account.name.clone(),
            currency: account.currency.to_string(),
            plan: plan.today,
            next_plan: plan.next.as_ref().map(|(p, _)| p.clone()),
            next_plan_from: plan.next.map(|(_, d)| day(d)),
        });
    }
    Ok(out)
}
