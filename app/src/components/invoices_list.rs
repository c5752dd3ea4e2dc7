//! An account's issued documents (invoices and credit notes), newest first, each linking to its
//! printable page.

use billing::InvoiceKind;
use leptos::prelude::*;

use crate::errors::AppError;
use crate::format;
use crate::i18n::*;
use crate::messages::error_text;
use crate::model::{Document, DocumentRow};

pub fn kind_label(kind: InvoiceKind) -> &'static str {
    match kind {
        InvoiceKind::Period => "Invoice",
        InvoiceKind::Pack => "Hour-pack invoice",
        InvoiceKind::CreditNote => "Credit note",
    }
}

/// What a document is for: its month, its pack, or what it corrects.
pub fn document_subject(d: &Document, fmt: &format::Fmt) -> String {
    match (d.invoice.kind, d.invoice.month) {
        (InvoiceKind::CreditNote, _) => match &d.refers_to {
            Some(n) => format!("corrects {n}"),
            None => "correction".into(),
        },
        (_, Some(m)) => fmt.month(m),
        (InvoiceKind::Pack, None) => "hour pack".into(),
        _ => String::new(),
    }
}

type I18n = leptos_i18n::I18nContext<Locale>;

/// `kind_label` in the page's language.
pub fn kind_text(i18n: I18n, kind: InvoiceKind) -> String {
    match kind {
        InvoiceKind::Period => t_string!(i18n, dashboard.invoices_kind_period).to_string(),
        InvoiceKind::Pack => t_string!(i18n, dashboard.invoices_kind_pack).to_string(),
        InvoiceKind::CreditNote => t_string!(i18n, dashboard.invoices_kind_credit_note).to_string(),
    }
}

/// `document_subject` in the page's language.
pub fn document_subject_text(i18n: I18n, d: &DocumentRow, fmt: &format::Fmt) -> String {
    match (d.kind, d.month) {
        (InvoiceKind::CreditNote, _) => match &d.refers_to {
            Some(n) => t_string!(i18n, dashboard.invoices_corrects, number = n.clone()).to_string(),
            None => t_string!(i18n, dashboard.invoices_correction).to_string(),
        },
        (_, Some(m)) => fmt.month(m),
        (InvoiceKind::Pack, None) => t_string!(i18n, dashboard.invoices_hour_pack).to_string(),
        _ => String::new(),
    }
}

/// Which documents are still to be paid, for the "overdue" mark: pack invoices whose order is
/// neither paid nor cancelled, month invoices with no payment recorded; credit notes never.
#[derive(Clone, Default)]
pub struct Unpaid {
    pub today: chrono::NaiveDate,
    /// Pack invoices waiting for their order's payment.
    pub keys: Vec<billing::DocKey>,
}

impl Unpaid {
    pub fn of(ledger: &billing::Ledger, today: chrono::NaiveDate) -> Unpaid {
        Unpaid {
            today,
            keys: ledger.awaiting_payment().map(|i| i.key.clone()).collect(),
        }
    }

    pub fn overdue(&self, d: &DocumentRow) -> bool {
        let unpaid = match d.kind {
            InvoiceKind::Pack => self.keys.contains(&d.key),
            InvoiceKind::Period => !d.paid,
            InvoiceKind::CreditNote => false,
        };
        unpaid && d.due_on.is_some_and(|due| due < self.today)
    }
}

/// `docs` comes from the page's `Loads` (created outside its `Transition`).
#[component]
pub fn InvoicesPanel(
    docs: Resource<Result<Vec<DocumentRow>, AppError>>,
    fmt: format::Fmt,
    unpaid: Unpaid,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="invoices-title">
            <div class="panel-head">
                <h2 id="invoices-title">{t_string!(i18n, dashboard.invoices_title)}</h2>
            </div>
            <Suspense fallback=move || {
                view! { <p class="muted">{t_string!(i18n, dashboard.invoices_loading)}</p> }
            }>
                {move || {
                    let (fmt, unpaid) = (fmt.clone(), unpaid.clone());
                    Suspend::new(async move {
                        match docs.await {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="muted">{t_string!(i18n, dashboard.invoices_empty)}</p> }
                                    .into_any()
                            }
                            Ok(mut list) => {
                                list.reverse();
                                view! { <InvoicesTable list=list fmt=fmt unpaid=unpaid /> }.into_any()
                            }
                            Err(e) => {
                                view! { <p class="alert alert-error">{error_text(i18n, &e)}</p> }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn InvoicesTable(list: Vec<DocumentRow>, fmt: format::Fmt, unpaid: Unpaid) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="invoices">
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, dashboard.invoices_col_number)}</th>
                        <th scope="col">{t_string!(i18n, dashboard.invoices_col_document)}</th>
                        <th scope="col">{t_string!(i18n, dashboard.invoices_col_for)}</th>
                        <th scope="col">{t_string!(i18n, dashboard.invoices_col_issued)}</th>
                        <th scope="col">{t_string!(i18n, dashboard.invoices_col_due)}</th>
                        <th scope="col" class="num">{t_string!(i18n, dashboard.invoices_col_total)}</th>
                        <th scope="col">{t_string!(i18n, dashboard.invoices_col_files)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|d| {
                            let subject = document_subject_text(i18n, &d, &fmt);
                            let overdue = unpaid.overdue(&d);
                            let due = d.due_on.map(|on| fmt.date(on)).unwrap_or_default();
                            view! {
                                <tr>
                                    <td class="nowrap">
                                        <a class="ticket-link" href=format!("/invoices/{}", d.number)>
                                            {d.number.clone()}
                                        </a>
                                    </td>
                                    <td>{kind_text(i18n, d.kind)}</td>
                                    <td>{subject}</td>
                                    <td class="nowrap" data-label=t_string!(i18n, dashboard.invoices_col_issued).to_string()>{d.issued_on.map(|on| fmt.date(on)).unwrap_or_default()}</td>
                                    <td class="nowrap" data-label=t_string!(i18n, dashboard.invoices_col_due).to_string()>
                                        {due}
                                        {overdue.then(|| view! { " " <span class="badge badge-warn" data-testid="overdue">{t_string!(i18n, dashboard.invoices_overdue)}</span> })}
                                    </td>
                                    <td class="num" data-label=t_string!(i18n, dashboard.invoices_col_total).to_string()>{fmt.money(d.total)}</td>
                                    <td data-label=t_string!(i18n, dashboard.invoices_col_files).to_string()>
                                        <a
                                            href=format!("/documents/{}/pdf", d.number)
                                            download=""
                                            aria-label=t_string!(i18n, dashboard.invoices_pdf_label, number = d.number.clone()).to_string()
                                        >
                                            "PDF"
                                        </a>
                                        " · "
                                        <a
                                            href=format!("/documents/{}/lines.csv", d.number)
                                            download=""
                                            aria-label=t_string!(i18n, dashboard.invoices_csv_label, number = d.number.clone()).to_string()
                                        >
                                            "CSV"
                                        </a>
                                        " · "
                                        <a
                                            href=format!("/documents/{}/ubl.xml", d.number)
                                            download=""
                                            aria-label=t_string!(i18n, dashboard.invoices_ubl_label, number = d.number.clone()).to_string()
                                        >
                                            "UBL"
                                        </a>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
