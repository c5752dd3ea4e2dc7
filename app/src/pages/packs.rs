//! Buy hours: the catalog's pack tiers priced by the billing rules (per-hour rate, bulk
//! discount, VAT), ordering (which issues the pack's invoice at once), and the account's
//! orders — pending until the payment is recorded, then granted.

use billing::quote::{PackChoice, PackQuote};
use billing::{DocKey, EventKind, History, Invoice, InvoiceKind, OrderStatus, PackTier, Seller};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::account::{AccountPage, Outcome, PageData, Tab, field_error, use_actions};
use crate::components::confirm::{Confirm, credit_note_total};
use crate::components::prompts::order_of;
use crate::components::submission::submission_field;
use crate::format::AccountFmt as _;
use crate::format::{self, Fmt};
use crate::i18n::*;
use crate::messages::{error_text, reason_text};

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn PacksPage() -> impl IntoView {
    view! { <AccountPage tab=Tab::Packs render=|p| view! { <Packs page=p /> }.into_any() /> }
}

/// The rules' quote for a pack, with a refusal in the page's words.
pub fn quote_pack(
    i18n: I18n,
    history: &History,
    choice: &PackChoice,
    paid: bool,
) -> Result<PackQuote, String> {
    billing::quote::quote_pack(history, choice, paid).map_err(|e| reason_text(i18n, &e.rule.into()))
}

/// Who sells a tier, as the line under its name says it.
fn seller_label(i18n: I18n, t: &PackTier) -> String {
    match t.seller {
        Seller::Developer => t_string!(i18n, packs.sold_by_developer_choice).to_string(),
        Seller::Agency => t_string!(i18n, packs.sold_by_agency).to_string(),
    }
}

#[component]
fn Packs(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let d = page.data.clone();
    let fmt = d.account.fmt();
    let tiers = d.history.catalog.pack_tiers.clone();
    let first_dev = d.developers.first().cloned();
    let rows = tiers
        .iter()
        .map(|t| {
            let seller = (t.seller == Seller::Developer)
                .then(|| first_dev.clone())
                .flatten();
            let hours = t.minutes.is_none().then_some(1);
            let choice = PackChoice {
                tier: t.id.clone(),
                hours,
                seller,
            };
            let q = quote_pack(i18n, &d.history, &choice, false);
            let (rate, net, vat, total) = match &q {
                Ok(q) => {
                    let line = q.invoice.lines.first();
                    (
                        line.and_then(|l| l.rate)
                            .map(|r| fmt.rate(r))
                            .unwrap_or_default(),
                        fmt.money(q.invoice.net),
                        fmt.money(q.invoice.vat_total),
                        fmt.money(q.invoice.total),
                    )
                }
                Err(e) => (e.clone(), String::new(), String::new(), String::new()),
            };
            let size = t
                .minutes
                .map(format::minutes)
                .unwrap_or_else(|| t_string!(i18n, packs.size_you_choose).to_string());
            let validity = t
                .validity_months
                .map(|m| t_string!(i18n, packs.validity_months, months = m).to_string())
                .unwrap_or_else(|| t_string!(i18n, packs.never_expires).to_string());
            view! {
                <tr data-tier=t.id.clone()>
                    <th scope="row">
                        {t.name.clone()}
                        <div class="muted small">{seller_label(i18n, t)}</div>
                    </th>
                    <td class="num" data-label=t_string!(i18n, packs.col_hours).to_string()>{size}</td>
                    <td data-label=t_string!(i18n, packs.col_valid_for).to_string()>{validity}</td>
                    <td class="num nowrap" data-label=t_string!(i18n, packs.col_per_hour).to_string()>{rate}</td>
                    <td class="num nowrap" data-label=t_string!(i18n, packs.col_net).to_string()>{net}</td>
                    <td class="num nowrap" data-label=t_string!(i18n, packs.col_vat).to_string()>{vat}</td>
                    <td class="num nowrap" data-label=t_string!(i18n, packs.col_total).to_string()><strong>{total}</strong></td>
                </tr>
            }
        })
        .collect_view();
    let discount = d.history.catalog.bulk_discount.map(|b| {
        view! {
            <p class="muted small" data-testid="bulk-discount">
                {t_string!(
                    i18n,
                    packs.bulk_discount,
                    min = format::minutes(b.min_minutes),
                    percent = b.percent.0.normalize(),
                )
                    .to_string()}
            </p>
        }
    });
    let vat_note = d
        .ledger
        .invoices
        .first()
        .and_then(|i| i.vat_note.clone())
        .map(|n| view! { <p class="muted small">{n}</p> });
    view! {
        <section class="panel" aria-labelledby="tiers-title">
            <h2 id="tiers-title">{t_string!(i18n, packs.tiers_title)}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="tiers">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, packs.col_pack)}</th>
                            <th scope="col" class="num">{t_string!(i18n, packs.col_hours)}</th>
                            <th scope="col">{t_string!(i18n, packs.col_valid_for)}</th>
                            <th scope="col" class="num">{t_string!(i18n, packs.col_per_hour)}</th>
                            <th scope="col" class="num">{t_string!(i18n, packs.col_net)}</th>
                            <th scope="col" class="num">{t_string!(i18n, packs.col_vat)}</th>
                            <th scope="col" class="num">{t_string!(i18n, packs.col_total)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {discount}
            {vat_note}
        </section>
        {page.buys().then(|| view! { <OrderForm page=page.clone() /> })}
        <Orders page=page.clone() fmt=fmt />
    }
}

#[component]
fn OrderForm(page: PageData) -> impl IntoView {
    let i18n = use_i18n();
    let a = use_actions();
    let query = use_query_map();
    let d = page.data.clone();
    let tiers = d.history.catalog.pack_tiers.clone();
    let pre_tier = query
        .with_untracked(|q| q.get("tier"))
        .filter(|t| d.history.catalog.tier(t).is_some());
    let pre_seller = query.with_untracked(|q| q.get("seller"));
    let tier = RwSignal::new(
        pre_tier
            .or_else(|| tiers.first().map(|t| t.id.clone()))
            .unwrap_or_default(),
    );
    let hours = RwSignal::new("10".to_string());
    let seller = RwSignal::new(
        pre_seller
            .filter(|s| d.developers.contains(s))
            .or_else(|| d.developers.first().cloned())
            .unwrap_or_default(),
    );
    let history = StoredValue::new(d.history.clone());
    let catalog = StoredValue::new(d.history.catalog.clone());
    let fmt = d.account.fmt();
    let tier_of = move || catalog.with_value(|c| c.tier(&tier.get()).cloned());
    let needs_hours = move || tier_of().is_some_and(|t| t.minutes.is_none());
    let needs_seller = move || tier_of().is_some_and(|t| t.seller == Seller::Developer);
    // The live summary: the same what-if as the tier table, for this choice, paid today.
    let summary = Memo::new(move |_| {
        let choice = catalog
            .with_value(|c| PackChoice::parse(c, &tier.get(), &hours.get(), &seller.get()))
            .map_err(|e| reason_text(i18n, &e.reason))?;
        history.with_value(|hist| {
            quote_pack(i18n, hist, &choice, true).map(|q| {
                (
                    q.invoice.lines.first().and_then(|l| l.minutes),
                    q.invoice.lines.first().and_then(|l| l.rate),
                    q.invoice.net,
                    q.invoice.vat_total,
                    q.invoice.total,
                    q.lot.and_then(|l| l.last_day),
                    q.rolled_in,
                )
            })
        })
    });
    let err = move |f| field_error(a.order.value(), f);
    let invoice_link = move || {
        a.order.value().get().and_then(|r| r.ok()).map(|doc| {
            view! {
                <p class="alert alert-success" role="status">
                    {t_string!(i18n, packs.ordered_before_invoice)}
                    <a href=format!("/invoices/{}", doc.number)>{doc.number.clone()}</a>
                    {t_string!(i18n, packs.ordered_after_invoice)}
                </p>
            }
        })
    };
    let order_error = move || {
        a.order.value().get().and_then(|r| r.err()).map(|e| {
            view! { <p class="alert alert-error" role="alert">{t_string!(i18n, packs.order_failed)} {error_text(i18n, &e)}</p> }
        })
    };
    view! {
        <section class="panel" aria-labelledby="order-title" id="order">
            <h2 id="order-title">{t_string!(i18n, packs.order_title)}</h2>
            {invoice_link}
            {order_error}
            <div class="order-grid">
                <ActionForm action=a.order attr:class="stack-form" attr:novalidate=true>
                    {submission_field(a.order.value())}
                    <input type="hidden" name="account_id" value=d.account.id.clone() />
                    <div class="field">
                        <label for="order-tier">{t_string!(i18n, packs.field_pack)}</label>
                        <select
                            id="order-tier"
                            name="tier"
                            on:change=move |ev| tier.set(event_target_value(&ev))
                        >
                            {tiers
                                .iter()
                                .map(|t| {
                                    let selected = tier.get_untracked() == t.id;
                                    view! {
                                        <option value=t.id.clone() selected=selected>
                                            {t.name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field" class:hidden=move || !needs_hours()>
                        <label for="order-hours">{t_string!(i18n, packs.field_hours)}</label>
                        <input
                            id="order-hours"
                            name="hours"
                            inputmode="numeric"
                            prop:value=move || if needs_hours() { hours.get() } else { String::new() }
                            on:input=move |ev| hours.set(event_target_value(&ev))
                            aria-invalid=move || err("hours").get().is_some().then_some("true")
                        />
                        {move || err("hours").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field" class:hidden=move || !needs_seller()>
                        <label for="order-seller">{t_string!(i18n, packs.field_developer)}</label>
                        <select
                            id="order-seller"
                            name="seller"
                            on:change=move |ev| seller.set(event_target_value(&ev))
                        >
                            <option value="" selected=move || !needs_seller()>"—"</option>
                            {d
                                .developers
                                .iter()
                                .map(|name| {
                                    let n = name.clone();
                                    view! {
                                        <option
                                            value=name.clone()
                                            selected=move || needs_seller() && seller.get() == n
                                        >
                                            {name.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        {move || err("seller").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <button type="submit" disabled=move || a.order.pending().get() class="button">{t_string!(i18n, packs.order_submit)}</button>
                </ActionForm>
                <div class="order-summary" aria-live="polite" data-testid="order-summary">
                    {move || match summary.get() {
                        Err(e) => view! { <p class="muted">{e}</p> }.into_any(),
                        Ok((minutes, rate, net, vat, total, last, rolled)) => {
                            view! {
                                <dl class="facts">
                                    <div>
                                        <dt>{t_string!(i18n, packs.col_hours)}</dt>
                                        <dd>{minutes.map(format::minutes).unwrap_or_default()}</dd>
                                    </div>
                                    <div>
                                        <dt>{t_string!(i18n, packs.col_per_hour)}</dt>
                                        <dd>{rate.map(|r| fmt.rate(r)).unwrap_or_default()}</dd>
                                    </div>
                                    <div>
                                        <dt>{t_string!(i18n, packs.col_net)}</dt>
                                        <dd>{fmt.money(net)}</dd>
                                    </div>
                                    <div>
                                        <dt>{t_string!(i18n, packs.col_vat)}</dt>
                                        <dd>{fmt.money(vat)}</dd>
                                    </div>
                                    <div class="total">
                                        <dt>{t_string!(i18n, packs.col_total)}</dt>
                                        <dd data-testid="order-total">{fmt.money(total)}</dd>
                                    </div>
                                    <div>
                                        <dt>{t_string!(i18n, packs.summary_valid_until)}</dt>
                                        <dd>{last.map(|d| fmt.date(d)).unwrap_or_else(|| t_string!(i18n, packs.never_expires).to_string())}</dd>
                                    </div>
                                    <div>
                                        <dt>{t_string!(i18n, packs.summary_rollover)}</dt>
                                        <dd data-testid="order-rollover">
                                            {if rolled.is_zero() {
                                                t_string!(i18n, packs.rollover_nothing).to_string()
                                            } else {
                                                t_string!(i18n, packs.rollover_from_expiring, hours = format::minutes(rolled)).to_string()
                                            }}
                                        </dd>
                                    </div>
                                </dl>
                            }
                                .into_any()
                        }
                    }}
                </div>
            </div>
        </section>
    }
}

#[component]
fn Orders(page: PageData, fmt: Fmt) -> impl IntoView {
    let i18n = use_i18n();
    let a = use_actions();
    let d = page.data.clone();
    let admin = page.is_admin();
    let mut orders: Vec<Invoice> = d
        .ledger
        .pack_invoices
        .iter()
        .filter(|i| i.kind == InvoiceKind::Pack)
        .cloned()
        .collect();
    orders.reverse();
    let none = orders.is_empty();
    let rows = orders
        .into_iter()
        .map(|inv| {
            let order = inv.key.order().unwrap_or_default().to_string();
            let (tier, seller) = order_of(&d.history, &order).unwrap_or(("", None));
            let tier_name = d.history.catalog.tier(tier).map_or(tier.to_string(), |t| t.name.clone());
            let state = d.ledger.order_status(&inv).unwrap_or(OrderStatus::Awaiting);
            let number = d.number_of(&inv.key).map(str::to_string);
            let status = match state {
                OrderStatus::Cancelled => view! { <span class="status status-declined">{t_string!(i18n, packs.status_cancelled)}</span> }.into_any(),
                OrderStatus::Refunded => view! { <span class="status status-declined">{t_string!(i18n, packs.status_refunded)}</span> }.into_any(),
                OrderStatus::Paid(l) => view! {
                    <span class="status status-approved">
                        {t_string!(i18n, packs.status_paid, on = fmt.date(l.granted_on), left = format::minutes(l.available)).to_string()}
                    </span>
                }
                .into_any(),
                OrderStatus::Awaiting => view! { <span class="status status-offered">{t_string!(i18n, packs.status_pending)}</span> }.into_any(),
            };
            let account_id = d.account.id.clone();
            let actions = admin.then(|| match state {
                OrderStatus::Awaiting => {
                    let (account_id, order) = (account_id.clone(), order.clone());
                    let (ref_id, ref_label) = (
                        format!("ref-{order}"),
                        t_string!(i18n, packs.pay_reference_label, order = order.clone()).to_string(),
                    );
                    let (cancel_account, cancel_order) = (account_id.clone(), order.clone());
                    let cancel_warning = match credit_note_total(
                        &page,
                        EventKind::PackCancelled { order: order.clone() },
                        &DocKey::Cancel(order.clone()),
                    ) {
                        Some(t) => t_string!(i18n, packs.cancel_warning, total = fmt.money(t)).to_string(),
                        None => t_string!(i18n, packs.cancel_refused).to_string(),
                    };
                    view! {
                    <ActionForm action=a.pay attr:class="inline-form">
                        {submission_field(a.pay.value())}
                        <input type="hidden" name="account_id" value=account_id />
                        <input type="hidden" name="order" value=order />
                        <label class="visually-hidden" for=ref_id.clone()>
                            {ref_label}
                        </label>
                        <input
                            id=ref_id
                            name="reference"
                            placeholder=t_string!(i18n, packs.pay_reference_placeholder).to_string()
                            class="input-small"
                        />
                        <button type="submit" disabled=move || a.pay.pending().get() class="button button-small">{t_string!(i18n, packs.pay_submit)}</button>
                    </ActionForm>
                    <Confirm label=t_string!(i18n, packs.cancel_label).to_string() warning=cancel_warning>
                        <ActionForm action=a.cancel attr:class="inline-form">
                            {submission_field(a.cancel.value())}
                            <input type="hidden" name="account_id" value=cancel_account.clone() />
                            <input type="hidden" name="order" value=cancel_order.clone() />
                            <button type="submit" disabled=move || a.cancel.pending().get() class="button button-danger button-small">
                                {t_string!(i18n, packs.cancel_submit)}
                            </button>
                        </ActionForm>
                    </Confirm>
                    }
                    .into_any()
                }
                OrderStatus::Paid(l) if l.available.get() > 0 => {
                    let (account_id, order) = (account_id.clone(), order.clone());
                    let refund_warning = match credit_note_total(
                        &page,
                        EventKind::PackRefunded { order: order.clone(), minutes: None },
                        &DocKey::Refund(order.clone()),
                    ) {
                        Some(t) => t_string!(
                            i18n,
                            packs.refund_warning,
                            hours = format::minutes(l.available),
                            total = fmt.money(t),
                        )
                        .to_string(),
                        None => t_string!(i18n, packs.refund_refused).to_string(),
                    };
                    view! {
                    <Confirm label=t_string!(i18n, packs.refund_label).to_string() warning=refund_warning>
                        <ActionForm action=a.refund attr:class="inline-form">
                            {submission_field(a.refund.value())}
                            <input type="hidden" name="account_id" value=account_id.clone() />
                            <input type="hidden" name="order" value=order.clone() />
                            <button type="submit" disabled=move || a.refund.pending().get() class="button button-danger button-small">
                                {t_string!(i18n, packs.refund_submit)}
                            </button>
                        </ActionForm>
                    </Confirm>
                    }
                    .into_any()
                }
                _ => ().into_any(),
            });
            view! {
                <tr data-order=order.clone()>
                    <td>
                        {tier_name}
                        <div class="muted small">
                            {seller
                                .map(|s| t_string!(i18n, packs.sold_by, seller = s).to_string())
                                .unwrap_or_else(|| t_string!(i18n, packs.sold_by_agency).to_string())}
                        </div>
                    </td>
                    <td>
                        {match number {
                            Some(n) => view! { <a href=format!("/invoices/{n}")>{n.clone()}</a> }.into_any(),
                            None => view! { <span class="muted">"—"</span> }.into_any(),
                        }}
                    </td>
                    <td class="nowrap" data-label=t_string!(i18n, packs.col_ordered).to_string()>{inv.issued_on.map(|on| fmt.date(on)).unwrap_or_default()}</td>
                    <td class="num nowrap" data-label=t_string!(i18n, packs.col_total).to_string()>{fmt.money(inv.total)}</td>
                    <td>{status}</td>
                    <td class="row-actions">{actions}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="orders-title">
            <h2 id="orders-title">{t_string!(i18n, packs.orders_title)}</h2>
            // `ok` is a plain fn (captures nothing): it asks for the language itself.
            <Outcome
                value=a.pay.value()
                ok=|p| {
                    let i18n = use_i18n();
                    t_string!(i18n, packs.paid_ok, reference = p.reference.clone()).to_string()
                }
            />
            <Outcome
                value=a.refund.value()
                ok=|c| {
                    let i18n = use_i18n();
                    t_string!(i18n, packs.refunded_ok, number = c.number.clone()).to_string()
                }
            />
            <Outcome
                value=a.cancel.value()
                ok=|c| {
                    let i18n = use_i18n();
                    t_string!(i18n, packs.cancelled_ok, number = c.number.clone()).to_string()
                }
            />
            {none.then(|| view! { <p class="muted">{t_string!(i18n, packs.no_orders)}</p> })}
            <div class="table-wrap" class:hidden=none>
                <table class="table" data-testid="orders">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, packs.col_pack)}</th>
                            <th scope="col">{t_string!(i18n, packs.col_invoice)}</th>
                            <th scope="col">{t_string!(i18n, packs.col_ordered)}</th>
                            <th scope="col" class="num">{t_string!(i18n, packs.col_total)}</th>
                            <th scope="col">{t_string!(i18n, packs.col_status)}</th>
                            <th scope="col"><span class="visually-hidden">{t_string!(i18n, packs.col_actions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
