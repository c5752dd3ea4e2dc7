//! An account's dashboard: this period at a glance, what needs attention (RULES §8 prompts),
//! quotes waiting for approval, balance by lot with the expiry timeline, monthly usage and
//! the what-if panel.

use leptos::prelude::*;

use crate::components::account::{AccountPage, PageData, Tab};
use crate::components::{
    balances::Balances, invoices_list::InvoicesPanel, month_summary::MonthSummary,
    prompts::Prompts, usage_chart::UsageChart, what_if::WhatIf,
};
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
    view! {
        <MonthSummary ledger=d.ledger.clone() today=d.today fmt=fmt.clone() />
        <Prompts page=page.clone() />
        <QuotesTable page=page.clone() only_waiting=true />
        <Balances ledger=d.ledger.clone() today=d.today fmt=fmt.clone() />
        <UsageChart ledger=d.ledger.clone() />
        <WhatIf page=page.clone() />
        <InvoicesPanel account_id=d.account.id.clone() fmt=fmt />
    }
}
