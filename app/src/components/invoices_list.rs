//! An account's issued documents (invoices and credit notes), newest first, each linking to its
//! printable page.

use billing::InvoiceKind;
use leptos::prelude::*;

use crate::format;
use crate::model::Document;
use crate::server_fns::documents::list_documents;

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

#[component]
pub fn InvoicesPanel(account_id: String, fmt: format::Fmt) -> impl IntoView {
    let docs = Resource::new(move || account_id.clone(), list_documents);
    view! {
        <section class="panel" aria-labelledby="invoices-title">
            <div class="panel-head">
                <h2 id="invoices-title">"Invoices"</h2>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading invoices…"</p> }>
                {move || {
                    let fmt = fmt.clone();
                    Suspend::new(async move {
                        match docs.await {
                            Ok(list) if list.is_empty() => {
                                view! { <p class="muted">"No invoices issued yet."</p> }
                                    .into_any()
                            }
                            Ok(mut list) => {
                                list.reverse();
                                view! { <InvoicesTable list=list fmt=fmt /> }.into_any()
                            }
                            Err(e) => {
                                view! { <p class="alert alert-error">{e.to_string()}</p> }
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
fn InvoicesTable(list: Vec<Document>, fmt: format::Fmt) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="invoices">
                <thead>
                    <tr>
                        <th scope="col">"Number"</th>
                        <th scope="col">"Document"</th>
                        <th scope="col">"For"</th>
                        <th scope="col">"Issued"</th>
                        <th scope="col" class="num">"Total"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|d| {
                            let subject = document_subject(&d, &fmt);
                            view! {
                                <tr>
                                    <td class="nowrap">
                                        <a class="ticket-link" href=format!("/invoices/{}", d.number)>
                                            {d.number.clone()}
                                        </a>
                                    </td>
                                    <td>{kind_label(d.invoice.kind)}</td>
                                    <td>{subject}</td>
                                    <td class="nowrap" data-label="Issued">{d.invoice.issued_on.map(|on| fmt.date(on)).unwrap_or_default()}</td>
                                    <td class="num" data-label="Total">{fmt.money(d.invoice.total)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
