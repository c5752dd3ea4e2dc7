//! An account's dashboard: this period at a glance, what needs attention (POLICY §8 prompts),
//! quotes waiting for approval, balance by lot with the expiry timeline, monthly usage and
//! the what-if panel.

use leptos::prelude::*;

use crate::components::account::{AccountPage, PageData, Tab};
use crate::components::{
    balances::Balances,
    invoices_list::{InvoicesPanel, Unpaid},
    month_summary::MonthSummary,
    prompts::Prompts,
    sla::SlaPanel,
    usage_chart::UsageChart,
    what_if::WhatIf,
};
use crate::format::AccountFmt as _;
use crate::i18n::*;
use crate::pages::quotes::QuotesTable;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <AccountPage tab=Tab::Dashboard render=|p| view! { <Dashboard page=p /> }.into_any() />
    }
}

#[component]
fn Dashboard(page: PageData) -> impl IntoView {
    let d = page.data.clone();
    let fmt = d.account.fmt();
    // Each section erased to AnyView: keeps the page's view type shallow for rustc.
    view! {
        {view! { <MonthSummary ledger=d.ledger.clone() history=d.history.clone() today=d.today fmt=fmt.clone() /> }.into_any()}
        {view! { <Prompts page=page.clone() /> }.into_any()}
        {view! { <QuotesTable page=page.clone() only_waiting=true /> }.into_any()}
        {view! { <Balances ledger=d.ledger.clone() history=d.history.clone() today=d.today fmt=fmt.clone() /> }.into_any()}
        {view! { <UsageChart ledger=d.ledger.clone() /> }.into_any()}
        {page.loads.sla.map(|figures| view! { <SlaPanel figures /> }.into_any())}
        {view! { <WhatIf page=page.clone() /> }.into_any()}
        {page.loads.documents.map(|docs| view! { <InvoicesPanel docs fmt unpaid=Unpaid::of(&d.ledger, d.today) /> }.into_any())}
        {view! { <LicencesPanel page=page.clone() /> }.into_any()}
    }
}

/// The account's licences (keys masked for all but admins, by the server).
#[component]
fn LicencesPanel(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = page.data;
    if d.licences.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="panel" aria-labelledby="licences-title">
            <h2 id="licences-title">{t_string!(i18n, licences.title)}</h2>
            <crate::components::licences::LicenceTable licences=d.licences today=d.today locale=d.account.locale />
        </section>
    }
    .into_any()
}
