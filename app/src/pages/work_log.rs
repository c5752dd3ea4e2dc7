//! An account's work log: its entries, the "log work" form and the live what-if preview.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::auth::{Me, Role};
use crate::components::{
    entries_table::EntriesTable,
    entry_form::{EntryDraft, EntryFormPanel},
    invoices_list::InvoicesPanel,
    month_summary::MonthSummary,
    preview::Preview,
    session::{ToSignIn, needs_sign_in, use_session},
};
use crate::model::WorkLogData;
use crate::pages::not_found::NotFound;
use crate::server_fns::{LogEntry, LogEntryError, get_work_log};

#[component]
pub fn WorkLogPage() -> impl IntoView {
    let params = use_params_map();
    let account_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let log = ServerAction::<LogEntry>::new();
    let session = use_session();

    // Reload the page's data after each *successful* save only: a refused entry must keep what
    // the user typed, so it must not re-render the form.
    let saves = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = log.value().get() {
            saves.update(|n| *n += 1);
        }
    });
    let data = Resource::new(
        move || (account_id.get(), saves.get()),
        |(id, _)| get_work_log(id),
    );

    view! {
        <Transition fallback=|| view! { <p class="muted">"Loading the work log…"</p> }>
            {move || Suspend::new(async move {
                let me = session.me.await.ok().flatten();
                match data.await {
                    Ok(Some(d)) => view! { <WorkLog data=d log=log me=me /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(e) if needs_sign_in(&e.to_string()) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => {
                        view! {
                            <Title text="Work log" />
                            <section class="panel">
                                <h1>"Work log"</h1>
                                <p class="alert alert-error" role="alert">{e.to_string()}</p>
                                <p>
                                    <a href="/">"Back to the accounts"</a>
                                </p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn WorkLog(data: WorkLogData, log: ServerAction<LogEntry>, me: Option<Me>) -> impl IntoView {
    // Fill the form again with what a refused plain (no-JavaScript) post submitted.
    let initial = match log.value().get_untracked() {
        Some(Err(LogEntryError::Invalid { form, .. })) => *form,
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

    let WorkLogData {
        account,
        plan,
        history,
        ledger,
        today,
        technician: _,
    } = data;
    let currency = account.currency.clone();
    let title = format!("{} — work log", account.name);
    // Staff log work in their own name; a client reads the log and the invoices.
    let logger = me
        .filter(|m| matches!(m.role, Role::Admin | Role::Technician))
        .map(|m| m.name);
    let form = logger.map(|name| {
        view! {
            <div class="log-grid">
                <EntryFormPanel
                    account_id=account.id.clone()
                    draft=draft
                    log=log
                    hydrated=hydrated
                    today=today
                    technician=name.clone()
                />
                <Preview
                    history=history
                    baseline=ledger.clone()
                    draft=draft
                    today=today
                    technician=name
                    currency=currency.clone()
                />
            </div>
        }
    });

    view! {
        <Title text=title />
        <div class="page-head">
            <div>
                <p class="eyebrow">{account.legal_name.clone()}</p>
                <h1>{account.name.clone()}</h1>
                <p class="muted">
                    {plan.unwrap_or_else(|| "No plan".into())} " · " {account.currency.clone()}
                    " · " {account.timezone.clone()} " · today " {today.to_string()}
                </p>
            </div>
        </div>
        <MonthSummary ledger=ledger.clone() today=today currency=currency.clone() />
        {form}
        <EntriesTable entries=ledger.entries currency=currency.clone() />
        <InvoicesPanel account_id=account.id.clone() currency=currency />
    }
}
