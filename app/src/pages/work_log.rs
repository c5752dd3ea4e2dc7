//! An account's work log: its entries (filtered by the page's query, grouped by month), the
//! "log work" form and the live what-if preview.

use api::work_filter::WorkFilter;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::account::{AccountPage, PageData, Tab, use_actions};
use crate::components::{
    entries_table::EntriesTable,
    entry_form::{EntryDraft, EntryFormPanel},
    invoices_list::InvoicesPanel,
    month_summary::MonthSummary,
    preview::Preview,
};
use crate::errors::AppError;
use crate::format::AccountFmt as _;

#[component]
pub fn WorkLogPage() -> impl IntoView {
    view! { <AccountPage tab=Tab::Work render=|p| view! { <WorkLog page=p /> }.into_any() /> }
}

#[component]
fn WorkLog(page: PageData) -> impl IntoView {
    let log = use_actions().log;
    let data = page.data.clone();
    // Fill the form again with what a refused plain (no-JavaScript) post submitted.
    let initial = match log.value().get_untracked() {
        Some(Err(e @ AppError::Invalid { .. })) => {
            let field = |name| e.submitted(name).unwrap_or_default().to_string();
            billing::EntryForm {
                date: field("date"),
                minutes: field("minutes"),
                kind: field("kind"),
                title: field("title"),
                url: field("url"),
                note: field("note"),
                quote: field("quote"),
            }
        }
        _ => billing::EntryForm {
            date: data.today.to_string(),
            kind: "support".into(),
            ..Default::default()
        },
    };
    let draft = EntryDraft::new(initial);

    // Tests wait for this: an Effect runs only in the browser, once the page is hydrated.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    let fmt = data.account.fmt();
    let query = use_query_map();
    let quotes: Vec<(String, String)> = data
        .ledger
        .quotes
        .iter()
        .map(|q| (q.id.clone(), q.title.clone()))
        .collect();
    let correctable = page
        .is_staff()
        .then(|| (data.account.id.clone(), data.ledger.closed_through));
    // The query decides what the table shows; a link to another filter re-renders it.
    let entries = {
        let (entries, fmt, account_id) = (
            data.ledger.entries.clone(),
            fmt.clone(),
            data.account.id.clone(),
        );
        move || {
            let filter = query.with(|q| WorkFilter::parse(|name| q.get(name)));
            view! {
                <EntriesTable
                    entries=entries.clone()
                    fmt=fmt.clone()
                    account_id=account_id.clone()
                    filter=filter
                    quotes=quotes.clone()
                    correctable=correctable.clone()
                />
            }
        }
    };
    // Staff log work in their own name; a client reads the log and the invoices.
    let form = page.is_staff().then(|| {
        let name = page.me.name.clone();
        view! {
            <div class="log-grid">
                <EntryFormPanel
                    account_id=data.account.id.clone()
                    draft=draft
                    log=log
                    hydrated=hydrated
                    today=data.today
                    technician=name.clone()
                />
                <Preview
                    history=data.history.clone()
                    baseline=data.ledger.clone()
                    draft=draft
                    today=data.today
                    technician=name
                    fmt=fmt.clone()
                />
            </div>
        }
    });

    view! {
        <MonthSummary ledger=data.ledger.clone() history=data.history.clone() today=data.today fmt=fmt.clone() />
        {form}
        {entries}
        {page.loads.documents.map(|docs| view! { <InvoicesPanel docs fmt unpaid=crate::components::invoices_list::Unpaid::of(&data.ledger, data.today) /> })}
    }
}
