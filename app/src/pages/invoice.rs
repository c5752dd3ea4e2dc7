//! One issued document, printable: every line with its ticket link, VAT per rate, totals, the
//! month's summary and the reverse-charge note. Another tenant's number is "not found".

use billing::{Invoice, InvoiceKind, Line};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::balances::origin_label;
use crate::components::invoices_list::{document_subject, kind_label};
use crate::components::names;
use crate::components::preview::source_class;
use crate::components::session::ToSignIn;
use crate::errors::AppError;
use crate::format;
use crate::format::AccountFmt as _;
use crate::i18n::*;
use crate::messages::error_text;
use crate::model::{Document, DocumentPage};
use crate::pages::not_found::NotFound;
use crate::server_fns::documents::get_document;
use crate::server_fns::service_levels::invoice_sla;
use api::parties::{Party, Payment};

#[component]
pub fn InvoicePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let number = Memo::new(move |_| params.read().get("number").unwrap_or_default());
    let doc = Resource::new(move || number.get(), get_document);
    // Beside the document, not inside its Transition (which runs its children again): fetched
    // and embedded once, and in parallel with the document.
    let sla = Resource::new(move || number.get(), invoice_sla);

    view! {
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, invoice.loading)}</p> }>
            {move || Suspend::new(async move {
                match doc.await {
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(AppError::NotFound(_)) => view! { <NotFound /> }.into_any(),
                    Ok(page) => view! { <InvoiceView page=page sla=sla /> }.into_any(),
                    Err(e) => {
                        view! {
                            <Title text=t_string!(i18n, invoice.title).to_string() />
                            <section class="panel">
                                <h1>{t_string!(i18n, invoice.title)}</h1>
                                <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

fn percent(p: billing::Percent) -> String {
    format!("{} %", p.0.normalize())
}

/// A party's name, address and VAT number, as printed.
fn party(p: Party) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <strong>{p.legal_name}</strong>
        <br />
        <span class="address">{p.address}</span>
        {p.vat_id.map(|v| view! { <br /> {t_string!(i18n, invoice.party_vat, number = v).to_string()} })}
        {p.email.map(|e| view! { <br /> {e} })}
    }
}

/// How to pay: the amount, the due date, the bank account and the reference to quote.
fn payment_view(p: Payment, total: String, fmt: &format::Fmt) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let due = fmt.date(p.due_on);
    view! {
        <section class="payment" aria-labelledby="payment-title" data-testid="payment">
            <h2 id="payment-title" class="invoice-section">{t_string!(i18n, invoice.payment_title)}</h2>
            <p>{t_string!(i18n, invoice.payment_ask, total = total, date = due, days = p.terms_days).to_string()}</p>
            <dl class="terms">
                {p.bank.map(|b| {
                    let bic = b.bic.clone();
                    view! {
                        <dt>{t_string!(i18n, invoice.payment_holder)}</dt>
                        <dd>{b.holder.clone()}</dd>
                        <dt>"IBAN"</dt>
                        <dd class="mono">{b.iban_grouped()}</dd>
                        {bic.map(|bic| view! { <dt>"BIC"</dt> <dd class="mono">{bic}</dd> })}
                    }
                })}
                <dt>{t_string!(i18n, invoice.payment_reference)}</dt>
                <dd class="mono">{p.reference}</dd>
            </dl>
        </section>
    }
}

/// A month invoice's payment: when it was paid, or (for admins) the form to record it. The form
/// stays mounted (hidden once recorded), so its field errors are never read after disposal.
#[component]
fn InvoicePayment(
    number: String,
    paid: Option<api::parties::InvoicePaid>,
    fmt: format::Fmt,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::components::session::use_session();
    let record = ServerAction::<crate::server_fns::documents::RecordInvoicePayment>::new();
    let on_error = crate::components::account::field_error(record.value(), "paid_on");
    let reference_error = crate::components::account::field_error(record.value(), "reference");
    let was_paid = paid.is_some();
    let recorded = move || {
        record
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| paid.clone())
    };
    let done = move || record.value().with(|v| matches!(v, Some(Ok(_))));
    let failed = move || {
        record
            .value()
            .get()
            .and_then(Result::err)
            .filter(|e| !matches!(e, AppError::Invalid { .. }))
            .map(|e| view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> })
    };
    let form = (!was_paid).then(|| {
        view! {
            <Transition fallback=|| ()>
                {move || {
                    let number = number.clone();
                    Suspend::new(async move {
                        let admin = session
                            .me
                            .await
                            .ok()
                            .flatten()
                            .is_some_and(|m| m.role == crate::auth::Role::Admin);
                        admin
                            .then(|| {
                                view! {
                                    <div class="no-print" class:hidden=done>
                                        <ActionForm action=record attr:class="inline-form" attr:novalidate=true>
                                            <input type="hidden" name="number" value=number.clone() />
                                            <crate::components::account::Field label=t_string!(i18n, invoice.paid_on_label) name="paid_on" id="paid-on".into() kind="date" error=on_error />
                                            <crate::components::account::Field label=t_string!(i18n, invoice.paid_reference) name="reference" id="paid-reference".into() value=number.clone() error=reference_error />
                                            <button type="submit" class="button" disabled=move || record.pending().get()>{t_string!(i18n, invoice.paid_submit)}</button>
                                        </ActionForm>
                                        {failed}
                                    </div>
                                }
                            })
                    })
                }}
            </Transition>
        }
    });
    view! {
        <div class="invoice-paid" data-testid="invoice-paid">
            {move || {
                recorded()
                    .map(|p| {
                        let text = t_string!(
                            i18n,
                            invoice.paid_on,
                            date = fmt.date(p.paid_on),
                            reference = p.reference.clone()
                        )
                        .to_string();
                        view! { <p class="alert alert-success" role="status">{text}</p> }
                    })
            }}
            {form}
        </div>
    }
}

#[component]
fn InvoiceView(
    page: DocumentPage,
    sla: Resource<Result<Option<billing::sla::MonthFigures>, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let DocumentPage { doc, account } = page;
    let Document {
        number,
        account_id,
        currency: _,
        refers_to,
        invoice,
        parties,
        paid,
    } = doc;
    let api::parties::Parties {
        seller,
        buyer,
        payment,
    } = parties.clone();
    let currency = account.currency.clone();
    let kind = kind_label(invoice.kind);
    let subject = document_subject(
        &Document {
            number: number.clone(),
            account_id: account_id.clone(),
            currency: account.currency.clone(),
            refers_to: refers_to.clone(),
            invoice: invoice.clone(),
            parties,
            paid: paid.clone(),
        },
        &account.fmt(),
    );
    let title = format!("{kind} {number}");
    let back = format!("/accounts/{account_id}");
    let corrects = (invoice.kind == InvoiceKind::CreditNote).then(|| {
        let target = refers_to
            .clone()
            .or_else(|| invoice.refers_to.as_ref().map(ToString::to_string));
        view! {
            <p class="alert alert-info" data-testid="refers-to">
                {t_string!(i18n, invoice.corrects_before)}
                {match &refers_to {
                    Some(n) => {
                        view! {
                            <a href=format!("/invoices/{n}")>
                                {t_string!(i18n, invoice.corrects_invoice, number = n).to_string()}
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <span>{target.unwrap_or_default()}</span> }.into_any(),
                }}
                {t_string!(i18n, invoice.corrects_after)}
            </p>
        }
    });
    let invoice_kind = invoice.kind;
    let Invoice {
        issued_on,
        month,
        lines,
        costs,
        vat,
        net,
        vat_total,
        total,
        vat_note,
        summary,
        ..
    } = invoice;
    let fmt = account.fmt();
    let m = |x| fmt.money(x);

    view! {
        <Title text=title.clone() />
        <p class="no-print">
            <a href=back>"← " {account.name.clone()}</a>
            " · "
            <button
                type="button"
                class="button button-ghost button-small"
                // A Leptos handler, not an inline `onclick`: the page's CSP runs no inline code.
                on:click=|_| {
                    let _ = window().print();
                }
            >
                {t_string!(i18n, invoice.print)}
            </button>
            " · "
            <a href=format!("/documents/{number}/pdf") download="" data-testid="pdf">
                "PDF"
            </a>
            " · "
            <a href=format!("/documents/{number}/lines.csv") download="" data-testid="lines-csv">
                {t_string!(i18n, invoice.download_lines)}
            </a>
            " · "
            <a href=format!("/documents/{number}/ubl.xml") download="" data-testid="ubl">
                {t_string!(i18n, invoice.download_ubl)}
            </a>
        </p>
        <article class="panel invoice" aria-labelledby="invoice-title" data-testid="invoice">
            <header class="invoice-head">
                <div>
                    <p class="eyebrow">{kind}</p>
                    <h1 id="invoice-title">{number.clone()}</h1>
                    <p class="muted">{subject}</p>
                </div>
                <dl class="invoice-meta">
                    <div>
                        <dt>{t_string!(i18n, invoice.from)}</dt>
                        <dd data-testid="seller">{party(seller)}</dd>
                    </div>
                    <div>
                        <dt>{t_string!(i18n, invoice.billed_to)}</dt>
                        <dd data-testid="buyer">{party(buyer)}</dd>
                    </div>
                    <div>
                        <dt>{t_string!(i18n, invoice.issued_on)}</dt>
                        <dd>{issued_on.map(|on| fmt.date(on)).unwrap_or_default()}</dd>
                    </div>
                    {payment.as_ref().map(|p| view! {
                        <div>
                            <dt>{t_string!(i18n, invoice.due_on)}</dt>
                            <dd data-testid="due-on">{fmt.date(p.due_on)}</dd>
                        </div>
                    })}
                    <div>
                        <dt>{t_string!(i18n, invoice.currency)}</dt>
                        <dd>{currency.clone()}</dd>
                    </div>
                </dl>
            </header>
            {corrects}
            <h2 class="invoice-section">{t_string!(i18n, invoice.lines)}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="invoice-lines">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, invoice.col_date)}</th>
                            <th scope="col">{t_string!(i18n, invoice.col_description)}</th>
                            <th scope="col">{t_string!(i18n, invoice.col_technician)}</th>
                            <th scope="col" class="num">{t_string!(i18n, invoice.col_time)}</th>
                            <th scope="col">{t_string!(i18n, invoice.col_covered_by)}</th>
                            <th scope="col" class="num">{t_string!(i18n, invoice.col_rate)}</th>
                            <th scope="col" class="num">{t_string!(i18n, invoice.col_vat)}</th>
                            <th scope="col" class="num">{t_string!(i18n, invoice.col_amount)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {lines.into_iter().map(|l| line_row(l, &fmt)).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!costs.is_empty())
                .then(|| {
                    view! {
                        <h2 class="invoice-section">{t_string!(i18n, invoice.costs)}</h2>
                        <div class="table-wrap">
                            <table class="table" data-testid="invoice-costs">
                                <thead>
                                    <tr>
                                        <th scope="col">{t_string!(i18n, invoice.col_date)}</th>
                                        <th scope="col">{t_string!(i18n, invoice.col_vendor)}</th>
                                        <th scope="col">{t_string!(i18n, invoice.col_description)}</th>
                                        <th scope="col" class="num">{t_string!(i18n, invoice.col_original)}</th>
                                        <th scope="col" class="num">{t_string!(i18n, invoice.col_markup)}</th>
                                        <th scope="col" class="num">{t_string!(i18n, invoice.col_vat)}</th>
                                        <th scope="col" class="num">{t_string!(i18n, invoice.col_amount)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {costs
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <tr>
                                                    <td class="nowrap">{c.date.to_string()}</td>
                                                    <td>{c.vendor}</td>
                                                    <td>{c.description}</td>
                                                    <td class="num">
                                                        {format::Fmt::new(c.original_currency.clone(), fmt.locale.clone()).money(c.original_amount)}
                                                    </td>
                                                    <td class="num">{percent(c.markup)}</td>
                                                    <td class="num">{percent(c.vat_rate)}</td>
                                                    <td class="num">{m(c.amount)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })}
            <div class="invoice-totals">
                <table class="table table-compact" data-testid="invoice-vat">
                    <caption class="visually-hidden">{t_string!(i18n, invoice.vat_caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, invoice.col_vat_rate)}</th>
                            <th scope="col" class="num">{t_string!(i18n, invoice.col_net)}</th>
                            <th scope="col" class="num">{t_string!(i18n, invoice.col_vat)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {vat
                            .into_iter()
                            .map(|v| {
                                view! {
                                    <tr>
                                        <td>{percent(v.rate)}</td>
                                        <td class="num">{m(v.net)}</td>
                                        <td class="num">{m(v.vat)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <dl class="totals" data-testid="invoice-totals">
                    <div>
                        <dt>{t_string!(i18n, invoice.total_net)}</dt>
                        <dd>{m(net)}</dd>
                    </div>
                    <div>
                        <dt>{t_string!(i18n, invoice.total_vat)}</dt>
                        <dd>{m(vat_total)}</dd>
                    </div>
                    <div class="grand">
                        <dt>{t_string!(i18n, invoice.total)}</dt>
                        <dd>{m(total)}</dd>
                    </div>
                </dl>
            </div>
            {vat_note
                .map(|note| {
                    view! {
                        <p class="vat-note" data-testid="vat-note">
                            <strong>{note}</strong>
                            {t_string!(i18n, invoice.vat_note_due)}
                        </p>
                    }
                })}
            {payment.map(|p| payment_view(p, fmt.money(total), &fmt))}
            {(invoice_kind == InvoiceKind::Period).then(|| view! {
                <InvoicePayment number=number.clone() paid=paid.clone() fmt=fmt.clone() />
            })}
            {summary.map(|s| summary_view(s, month, &fmt))}
            {(invoice_kind == InvoiceKind::Period).then(|| view! {
                <crate::components::sla::InvoiceSla figures=sla />
            })}
        </article>
    }
}

fn line_row(l: Line, fmt: &format::Fmt) -> impl IntoView + use<> {
    let description = match l.url.clone() {
        Some(url) => view! {
            <a href=url.to_string() rel="noopener noreferrer" target="_blank" class="ticket-link">
                {l.description.to_string()}
            </a>
        }
        .into_any(),
        None => view! { <span>{l.description.to_string()}</span> }.into_any(),
    };
    view! {
        <tr>
            <td class="nowrap">{l.date.map(|d| fmt.date(d)).unwrap_or_default()}</td>
            <td>
                {description}
            </td>
            <td>{l.technician.map(|t| t.to_string()).unwrap_or_default()}</td>
            <td class="num">{l.minutes.map(format::minutes).unwrap_or_default()}</td>
            <td>
                {l
                    .source
                    .map(|s| {
                        view! {
                            <span class=format!(
                                "badge badge-{}",
                                source_class(s),
                            )>{s.label()}</span>
                        }
                    })}
            </td>
            <td class="num">
                {l.rate.map(|r| fmt.rate(r))}
            </td>
            <td class="num">{percent(l.vat_rate)}</td>
            <td class="num">{fmt.money(l.amount)}</td>
        </tr>
    }
}

fn summary_view(
    s: billing::Summary,
    month: Option<billing::Month>,
    fmt: &format::Fmt,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    // What the figure counts: hours unused at the month's end whose last valid day falls in
    // the 30 days after it.
    let expiring_label = match month {
        Some(m) => t_string!(
            i18n,
            invoice.sum_expiring_by,
            date = fmt.date(m.last_day() + chrono::Days::new(30))
        )
        .to_string(),
        None => t_string!(i18n, invoice.sum_expiring_30).to_string(),
    };
    let min = format::minutes;
    let packs = (!s.packs.is_empty()).then(|| {
        view! {
            <div>
                <dt>{t_string!(i18n, invoice.sum_packs)}</dt>
                <dd>
                    <ul class="parts">
                        {s
                            .packs
                            .into_iter()
                            .map(|p| {
                                let name = match (&p.pack, p.origin) {
                                    (Some(pack), billing::Origin::Rollover) => {
                                        t_string!(i18n, invoice.pack_rolled_into, pack = names::pack(pack, fmt)).to_string()
                                    }
                                    (Some(pack), _) => names::pack(pack, fmt),
                                    (None, o) => origin_label(o).to_string(),
                                };
                                let left = match p.last_day {
                                    Some(d) => t_string!(
                                        i18n,
                                        invoice.pack_left_until,
                                        name = &name,
                                        hours = min(p.available),
                                        date = fmt.date(d)
                                    )
                                    .to_string(),
                                    None => t_string!(i18n, invoice.pack_left, name = &name, hours = min(p.available)).to_string(),
                                };
                                view! {
                                    <li>{left}</li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </dd>
            </div>
        }
    });
    view! {
        <section class="invoice-summary" aria-labelledby="summary-title" data-testid="invoice-summary">
            <h2 id="summary-title" class="invoice-section">{t_string!(i18n, invoice.summary_title)}</h2>
            <dl class="summary-grid">
                <div>
                    <dt>{t_string!(i18n, invoice.sum_included)}</dt>
                    <dd>{min(s.allowance)}</dd>
                </div>
                <div>
                    <dt>{t_string!(i18n, invoice.sum_included_used)}</dt>
                    <dd>{min(s.allowance_used)}</dd>
                </div>
                <div>
                    <dt>{t_string!(i18n, invoice.sum_carried_in)}</dt>
                    <dd>{min(s.carried_in)}</dd>
                </div>
                <div>
                    <dt>{t_string!(i18n, invoice.sum_carryover_used)}</dt>
                    <dd>{min(s.carryover_used)}</dd>
                </div>
                <div>
                    <dt>{t_string!(i18n, invoice.sum_carried_next)}</dt>
                    <dd>{min(s.carried_into_next_month)}</dd>
                </div>
                <div>
                    <dt>{t_string!(i18n, invoice.sum_overage)}</dt>
                    <dd>
                        {min(s.overage_minutes)} " · " {fmt.money(s.overage_amount)}
                    </dd>
                </div>
                {(s.expiring_within_30_days.get() > 0)
                    .then(|| {
                        view! {
                            <div>
                                <dt>{expiring_label.clone()}</dt>
                                <dd>{min(s.expiring_within_30_days)}</dd>
                            </div>
                        }
                    })}
                {packs}
            </dl>
        </section>
    }
}
