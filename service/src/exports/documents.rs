//! Issued documents for the accountant (README "Documents"): the lines of one document, and
//! every document of a period with its net and VAT per rate. Decimal strings, ISO dates, a header
//! row; free text guarded against formulas.

use api::model::Document;
use billing::{InvoiceKind, LineKind};

use super::text;

/// The longest period one download covers: a (leap) year.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// A period from `from` to `to` (both included) that one export may cover.
pub fn check_period(from: chrono::NaiveDate, to: chrono::NaiveDate) -> Result<(), api::AppError> {
    let days = (to - from).num_days();
    if days < 0 {
        return Err(api::AppError::invalid(
            "to",
            "the period ends before it begins",
        ));
    }
    if days >= MAX_PERIOD_DAYS {
        return Err(api::AppError::invalid(
            "to",
            format!("an export covers at most {MAX_PERIOD_DAYS} days; split the period"),
        ));
    }
    Ok(())
}

fn kind(k: InvoiceKind) -> &'static str {
    match k {
        InvoiceKind::Period => "invoice",
        InvoiceKind::Pack => "pack_invoice",
        InvoiceKind::CreditNote => "credit_note",
    }
}

fn line_kind(k: LineKind) -> &'static str {
    match k {
        LineKind::PlanFee => "plan_fee",
        LineKind::Work => "work",
        LineKind::Pack => "pack",
        LineKind::Refund => "refund",
        LineKind::Reversal => "reversal",
    }
}

/// Every line of `doc` (work, fees, packs, refunds, reversals), then its re-invoiced costs.
pub fn document_lines_csv(doc: &Document) -> Vec<u8> {
    lines_csv(std::slice::from_ref(doc))
}

/// The lines of every document in `docs`, one after the other, each row naming its document.
pub fn lines_csv(docs: &[Document]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "number",
        "line",
        "kind",
        "date",
        "description",
        "ticket_url",
        "technician",
        "minutes",
        "covered_by",
        "rate",
        "vendor",
        "original_amount",
        "original_currency",
        "markup_percent",
        "net",
        "vat_percent",
        "currency",
    ])
    .expect("a CSV row in memory");
    for doc in docs {
        write_lines(&mut out, doc);
    }
    out.into_inner().expect("a CSV in memory")
}

fn write_lines(out: &mut csv::Writer<Vec<u8>>, doc: &Document) {
    let cur = &doc.currency;
    let mut n = 0;
    for l in &doc.invoice.lines {
        n += 1;
        out.write_record([
            doc.number.clone(),
            n.to_string(),
            line_kind(l.kind).into(),
            l.date.map(|d| d.to_string()).unwrap_or_default(),
            text(&l.description),
            text(l.url.as_deref().unwrap_or_default()),
            text(l.technician.as_deref().unwrap_or_default()),
            l.minutes.map(|m| m.get().to_string()).unwrap_or_default(),
            l.source.map(|s| s.label().to_string()).unwrap_or_default(),
            l.rate.map(|r| r.decimal().to_string()).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            l.amount.decimal().to_string(),
            l.vat_rate.0.normalize().to_string(),
            cur.to_string(),
        ])
        .expect("a CSV row in memory");
    }
    for c in &doc.invoice.costs {
        n += 1;
        out.write_record([
            doc.number.clone(),
            n.to_string(),
            "cost".into(),
            c.date.to_string(),
            text(&c.description),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            text(&c.vendor),
            c.original_amount.decimal().to_string(),
            c.original_currency.clone(),
            c.markup.0.normalize().to_string(),
            c.amount.decimal().to_string(),
            c.vat_rate.0.normalize().to_string(),
            cur.to_string(),
        ])
        .expect("a CSV row in memory");
    }
}

/// Every document of a period, one row per document and VAT rate: its net and VAT at that rate,
/// and its totals (the same on each of its rows).
pub fn documents_csv(docs: &[Document]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "number",
        "kind",
        "issued_on",
        "due_on",
        "account",
        "buyer",
        "buyer_vat_id",
        "buyer_country",
        "vat_percent",
        "net",
        "vat",
        "document_net",
        "document_vat",
        "document_total",
        "currency",
        "reverse_charge",
        "refers_to",
    ])
    .expect("a CSV row in memory");
    for d in docs {
        let i = &d.invoice;
        let buyer = &d.parties.buyer;
        let row = |rate: String, net: String, vat: String| {
            [
                d.number.clone(),
                kind(i.kind).to_string(),
                i.issued_on.map(|on| on.to_string()).unwrap_or_default(),
                d.parties
                    .payment
                    .as_ref()
                    .map(|p| p.due_on.to_string())
                    .unwrap_or_default(),
                d.account_id.clone(),
                text(&buyer.legal_name),
                text(buyer.vat_id.as_deref().unwrap_or_default()),
                buyer.country.clone(),
                rate,
                net,
                vat,
                i.net.decimal().to_string(),
                i.vat_total.decimal().to_string(),
                i.total.decimal().to_string(),
                d.currency.clone(),
                if i.vat_note.is_some() { "yes" } else { "no" }.to_string(),
                d.refers_to.clone().unwrap_or_default(),
            ]
        };
        if i.vat.is_empty() {
            out.write_record(row(String::new(), String::new(), String::new()))
                .expect("a CSV row in memory");
        }
        for v in &i.vat {
            out.write_record(row(
                v.rate.0.normalize().to_string(),
                v.net.decimal().to_string(),
                v.vat.decimal().to_string(),
            ))
            .expect("a CSV row in memory");
        }
    }
    out.into_inner().expect("a CSV in memory")
}
