//! Buy hours: the catalog's pack tiers priced by the billing rules (per-hour rate, bulk
//! discount, VAT), ordering (which issues the pack's invoice at once), and the account's
//! orders — pending until the payment is recorded, then granted.

use billing::quote::{PackChoice, PackQuote};
use billing::{DocKey, EventKind, History, Invoice, InvoiceKind, Origin, PackTier, Seller};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::account::{AccountPage, Outcome, PageData, Tab, field_error, use_actions};
use crate::components::confirm::{Confirm, credit_note_total};
use crate::components::prompts::order_of;
use crate::components::submission::submission_field;
use crate::format::AccountFmt as _;
use crate::format::{self, Fmt};

#[component]
pub fn PacksPage() -> impl IntoView {
    view! { <AccountPage tab=Tab::Packs render=|p| view! { <Packs page=p /> }.into_any() /> }
}

/// The rules' quote for a pack, with a refusal as the words it is shown in.
pub fn quote_pack(history: &History, choice: &PackChoice, paid: bool) -> Result<PackQuote, String> {
    billing::quote::quote_pack(history, choice, paid).map_err(|e| e.rule.to_string())
}

fn seller_label(t: &PackTier) -> &'static str {
    match t.seller {
        Seller::Developer => "a developer of your choice",
        Seller::Agency => "the agency",
    }
}

#[component]
fn Packs(page: PageData) -> impl IntoView {
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
            let q = quote_pack(&d.history, &choice, false);
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
                .unwrap_or_else(|| "you choose (priced for 1 h)".into());
            let validity = t
                .validity_months
                .map(|m| format!("{m} months"))
                .unwrap_or_else(|| "never expires".into());
            view! {
                <tr data-tier=t.id.clone()>
                    <th scope="row">
                        {t.name.clone()}
                        <div class="muted small">{format!("sold by {}", seller_label(t))}</div>
                    </th>
                    <td class="num" data-label="Hours">{size}</td>
                    <td data-label="Valid for">{validity}</td>
                    <td class="num nowrap" data-label="Per hour">{rate}</td>
                    <td class="num nowrap" data-label="Net">{net}</td>
                    <td class="num nowrap" data-label="VAT">{vat}</td>
                    <td class="num nowrap" data-label="Total"><strong>{total}</strong></td>
                </tr>
            }
        })
        .collect_view();
    let discount = d.history.catalog.bulk_discount.map(|b| {
        view! {
            <p class="muted small" data-testid="bulk-discount">
                {format!(
                    "Buying {} or more at once: {} % off the hourly rate.",
                    format::minutes(b.min_minutes),
                    b.percent.0.normalize(),
                )}
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
            <h2 id="tiers-title">"Hour packs"</h2>
            <div class="table-wrap">
                <table class="table" data-testid="tiers">
                    <thead>
                        <tr>
                            <th scope="col">"Pack"</th>
                            <th scope="col" class="num">"Hours"</th>
                            <th scope="col">"Valid for"</th>
                            <th scope="col" class="num">"Per hour"</th>
                            <th scope="col" class="num">"Net"</th>
                            <th scope="col" class="num">"VAT"</th>
                            <th scope="col" class="num">"Total"</th>
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
            .map_err(|e| e.message)?;
        history.with_value(|hist| {
            quote_pack(hist, &choice, true).map(|q| {
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
                    "Ordered. Invoice "
                    <a href=format!("/invoices/{}", doc.number)>{doc.number.clone()}</a>
                    " is issued; the hours show as pending until the payment is recorded."
                </p>
            }
        })
    };
    let order_error = move || {
        a.order.value().get().and_then(|r| r.err()).map(|e| {
            view! { <p class="alert alert-error" role="alert">"Nothing was ordered: " {e.to_string()}</p> }
        })
    };
    view! {
        <section class="panel" aria-labelledby="order-title" id="order">
            <h2 id="order-title">"Order a pack"</h2>
            {invoice_link}
            {order_error}
            <div class="order-grid">
                <ActionForm action=a.order attr:class="stack-form" attr:novalidate=true>
                    {submission_field(a.order.value())}
                    <input type="hidden" name="account_id" value=d.account.id.clone() />
                    <div class="field">
                        <label for="order-tier">"Pack"</label>
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
                        <label for="order-hours">"Hours"</label>
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
                        <label for="order-seller">"Developer"</label>
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
                    <button type="submit" disabled=move || a.order.pending().get() class="button">"Order and get the invoice"</button>
                </ActionForm>
                <div class="order-summary" aria-live="polite" data-testid="order-summary">
                    {move || match summary.get() {
                        Err(e) => view! { <p class="muted">{e}</p> }.into_any(),
                        Ok((minutes, rate, net, vat, total, last, rolled)) => {
                            view! {
                                <dl class="facts">
                                    <div>
                                        <dt>"Hours"</dt>
                                        <dd>{minutes.map(format::minutes).unwrap_or_default()}</dd>
                                    </div>
                                    <div>
                                        <dt>"Per hour"</dt>
                                        <dd>{rate.map(|r| fmt.rate(r)).unwrap_or_default()}</dd>
                                    </div>
                                    <div>
                                        <dt>"Net"</dt>
                                        <dd>{fmt.money(net)}</dd>
                                    </div>
                                    <div>
                                        <dt>"VAT"</dt>
                                        <dd>{fmt.money(vat)}</dd>
                                    </div>
                                    <div class="total">
                                        <dt>"Total"</dt>
                                        <dd data-testid="order-total">{fmt.money(total)}</dd>
                                    </div>
                                    <div>
                                        <dt>"If paid today, valid until"</dt>
                                        <dd>{last.map(|d| fmt.date(d)).unwrap_or_else(|| "never expires".into())}</dd>
                                    </div>
                                    <div>
                                        <dt>"Rolls over into it"</dt>
                                        <dd data-testid="order-rollover">
                                            {if rolled.is_zero() {
                                                "nothing".to_string()
                                            } else {
                                                format!("{} from your expiring pack", format::minutes(rolled))
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
            let lot = d
                .ledger
                .lots
                .iter()
                .find(|l| l.origin == Origin::Pack && l.source == order)
                .cloned();
            let corrected = |by: fn(&DocKey) -> bool| {
                d.ledger
                    .credit_notes
                    .iter()
                    .any(|c| c.refers_to.as_ref() == Some(&inv.key) && by(&c.key))
            };
            let cancelled = corrected(|k| matches!(k, DocKey::Cancel(_)));
            let refunded = cancelled || corrected(|k| matches!(k, DocKey::Refund(_)));
            let number = d.number_of(&inv.key).map(str::to_string);
            let status = match (&lot, refunded) {
                (_, true) if cancelled => view! { <span class="status status-declined">"Cancelled"</span> }.into_any(),
                (_, true) => view! { <span class="status status-declined">"Refunded"</span> }.into_any(),
                (Some(l), false) => view! {
                    <span class="status status-approved">
                        {format!("Paid {} · {} left", fmt.date(l.granted_on), format::minutes(l.available))}
                    </span>
                }
                .into_any(),
                (None, false) => view! { <span class="status status-offered">"Pending payment"</span> }.into_any(),
            };
            let account_id = d.account.id.clone();
            let actions = admin.then(|| match (&lot, refunded) {
                (None, false) => {
                    let (account_id, order) = (account_id.clone(), order.clone());
                    let (ref_id, ref_label) = (format!("ref-{order}"), format!("Payment reference for {order}"));
                    let (cancel_account, cancel_order) = (account_id.clone(), order.clone());
                    let cancel_warning = match credit_note_total(
                        &page,
                        EventKind::PackCancelled { order: order.clone() },
                        &DocKey::Cancel(order.clone()),
                    ) {
                        Some(t) => format!(
                            "This issues a credit note of {} that reverses the order's invoice; the order can then no longer be paid. It cannot be undone.",
                            fmt.money(t)
                        ),
                        None => "The rules would not cancel this order now.".to_string(),
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
                            placeholder="payment reference"
                            class="input-small"
                        />
                        <button type="submit" disabled=move || a.pay.pending().get() class="button button-small">"Record payment"</button>
                    </ActionForm>
                    <Confirm label="Cancel order".into() warning=cancel_warning>
                        <ActionForm action=a.cancel attr:class="inline-form">
                            {submission_field(a.cancel.value())}
                            <input type="hidden" name="account_id" value=cancel_account.clone() />
                            <input type="hidden" name="order" value=cancel_order.clone() />
                            <button type="submit" disabled=move || a.cancel.pending().get() class="button button-danger button-small">
                                "Cancel the order"
                            </button>
                        </ActionForm>
                    </Confirm>
                    }
                    .into_any()
                }
                (Some(l), false) if l.available.get() > 0 => {
                    let (account_id, order) = (account_id.clone(), order.clone());
                    let refund_warning = match credit_note_total(
                        &page,
                        EventKind::PackRefunded { order: order.clone() },
                        &DocKey::Refund(order.clone()),
                    ) {
                        Some(t) => format!(
                            "This refunds the {} not used yet with a credit note of {}; they can no longer be used. It cannot be undone.",
                            format::minutes(l.available),
                            fmt.money(t)
                        ),
                        None => "The rules would not refund this pack now.".to_string(),
                    };
                    view! {
                    <Confirm label="Refund unused hours".into() warning=refund_warning>
                        <ActionForm action=a.refund attr:class="inline-form">
                            {submission_field(a.refund.value())}
                            <input type="hidden" name="account_id" value=account_id.clone() />
                            <input type="hidden" name="order" value=order.clone() />
                            <button type="submit" disabled=move || a.refund.pending().get() class="button button-danger button-small">
                                "Refund them"
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
                            {seller.map(|s| format!("sold by {s}")).unwrap_or_else(|| "sold by the agency".into())}
                        </div>
                    </td>
                    <td>
                        {match number {
                            Some(n) => view! { <a href=format!("/invoices/{n}")>{n.clone()}</a> }.into_any(),
                            None => view! { <span class="muted">"—"</span> }.into_any(),
                        }}
                    </td>
                    <td class="nowrap" data-label="Ordered">{inv.issued_on.map(|on| fmt.date(on)).unwrap_or_default()}</td>
                    <td class="num nowrap" data-label="Total">{fmt.money(inv.total)}</td>
                    <td>{status}</td>
                    <td class="row-actions">{actions}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="orders-title">
            <h2 id="orders-title">"Your packs"</h2>
            <Outcome value=a.pay.value() ok=|p| format!("Payment {} recorded; the hours are granted.", p.reference) />
            <Outcome value=a.refund.value() ok=|c| format!("Refunded: credit note {} issued.", c.number) />
            <Outcome value=a.cancel.value() ok=|c| format!("Order cancelled: credit note {} issued.", c.number) />
            {none.then(|| view! { <p class="muted">"No packs bought yet."</p> })}
            <div class="table-wrap" class:hidden=none>
                <table class="table" data-testid="orders">
                    <thead>
                        <tr>
                            <th scope="col">"Pack"</th>
                            <th scope="col">"Invoice"</th>
                            <th scope="col">"Ordered"</th>
                            <th scope="col" class="num">"Total"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
