//! An issued document as a UBL 2.1 e-invoice conforming to EN 16931 (README "Documents"):
//! `Invoice` for invoices and pack invoices, `CreditNote` (referring to its invoice) for credit
//! notes. When both parties have an electronic address, the Peppol BIS Billing 3.0
//! customization and profile. Written with quick-xml's writer, element by element, in the order
//! the UBL schema requires.

use std::io;

use api::model::Document;
use api::parties::{Parties, Party};
use billing::{CostLine, InvoiceKind, Line, Percent};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use rust_decimal::Decimal;

const CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
const EN16931: &str = "urn:cen.eu:en16931:2017";
const PEPPOL: &str = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
const PEPPOL_PROFILE: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

type W = Writer<Vec<u8>>;

/// What decides the document's shape.
struct Shape<'a> {
    doc: &'a Document,
    credit: bool,
    /// Credit notes state their amounts as positive numbers: the stored ones are negated.
    sign: Decimal,
    reverse_charge: bool,
    peppol: bool,
}

/// Whether `doc` is sent as a Peppol BIS Billing 3.0 document (both parties have an e-invoice
/// address), else as plain EN 16931.
pub fn is_peppol(parties: &Parties) -> bool {
    parties.seller.electronic_address.is_some() && parties.buyer.electronic_address.is_some()
}

/// The UBL 2.1 XML of `doc`.
pub fn ubl(doc: &Document) -> Vec<u8> {
    let credit = doc.invoice.kind == InvoiceKind::CreditNote;
    let s = Shape {
        doc,
        credit,
        sign: if credit {
            Decimal::NEGATIVE_ONE
        } else {
            Decimal::ONE
        },
        reverse_charge: doc.invoice.vat_note.is_some(),
        peppol: is_peppol(&doc.parties),
    };
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into memory cannot fail.
    write(&mut w, &s).expect("XML into memory");
    w.into_inner()
}

fn write(w: &mut W, s: &Shape<'_>) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let (root, ns) = if s.credit {
        (
            "CreditNote",
            "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
        )
    } else {
        (
            "Invoice",
            "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        )
    };
    w.create_element(root)
        .with_attributes([("xmlns", ns), ("xmlns:cac", CAC), ("xmlns:cbc", CBC)])
        .write_inner_content(|w| body(w, s))?;
    Ok(())
}

fn body(w: &mut W, s: &Shape<'_>) -> io::Result<()> {
    let d = s.doc;
    let i = &d.invoice;
    if s.peppol {
        leaf(w, "cbc:CustomizationID", PEPPOL)?;
        leaf(w, "cbc:ProfileID", PEPPOL_PROFILE)?;
    } else {
        leaf(w, "cbc:CustomizationID", EN16931)?;
    }
    leaf(w, "cbc:ID", &d.number)?;
    let issued = i.issued_on.map(|on| on.to_string()).unwrap_or_default();
    leaf(w, "cbc:IssueDate", &issued)?;
    let payment = d.parties.payment.as_ref();
    if s.credit {
        leaf(w, "cbc:CreditNoteTypeCode", "381")?;
    } else {
        if let Some(p) = payment {
            leaf(w, "cbc:DueDate", &p.due_on.to_string())?;
        }
        leaf(w, "cbc:InvoiceTypeCode", "380")?;
    }
    leaf(w, "cbc:DocumentCurrencyCode", &d.currency)?;
    leaf(w, "cbc:BuyerReference", &d.account_id)?;
    if let Some(m) = i.month.filter(|_| i.kind == InvoiceKind::Period) {
        node(w, "cac:InvoicePeriod", |w| {
            leaf(w, "cbc:StartDate", &m.first_day().to_string())?;
            leaf(w, "cbc:EndDate", &m.last_day().to_string())
        })?;
    }
    if let Some(n) = d.refers_to.as_deref().filter(|_| s.credit) {
        node(w, "cac:BillingReference", |w| {
            node(w, "cac:InvoiceDocumentReference", |w| leaf(w, "cbc:ID", n))
        })?;
    }
    node(w, "cac:AccountingSupplierParty", |w| {
        party(w, &d.parties.seller)
    })?;
    node(w, "cac:AccountingCustomerParty", |w| {
        party(w, &d.parties.buyer)
    })?;
    if let Some(p) = payment {
        if let Some(bank) = &p.bank {
            node(w, "cac:PaymentMeans", |w| {
                // 58: SEPA credit transfer.
                leaf(w, "cbc:PaymentMeansCode", "58")?;
                leaf(w, "cbc:PaymentID", &p.reference)?;
                node(w, "cac:PayeeFinancialAccount", |w| {
                    leaf(w, "cbc:ID", &bank.iban)?;
                    leaf(w, "cbc:Name", &bank.holder)?;
                    match &bank.bic {
                        Some(bic) => node(w, "cac:FinancialInstitutionBranch", |w| {
                            leaf(w, "cbc:ID", bic)
                        }),
                        None => Ok(()),
                    }
                })
            })?;
        }
        node(w, "cac:PaymentTerms", |w| {
            let note = format!("{} days net, due {}", p.terms_days, p.due_on);
            leaf(w, "cbc:Note", &note)
        })?;
    }
    tax_total(w, s)?;
    node(w, "cac:LegalMonetaryTotal", |w| {
        let cur = &d.currency;
        amount(w, "cbc:LineExtensionAmount", cur, s.sign * i.net.decimal())?;
        amount(w, "cbc:TaxExclusiveAmount", cur, s.sign * i.net.decimal())?;
        amount(w, "cbc:TaxInclusiveAmount", cur, s.sign * i.total.decimal())?;
        amount(w, "cbc:PayableAmount", cur, s.sign * i.total.decimal())
    })?;
    let mut n = 0;
    for l in &i.lines {
        n += 1;
        line(w, s, n, l)?;
    }
    for c in &i.costs {
        n += 1;
        cost_line(w, s, n, c)?;
    }
    Ok(())
}

/// The VAT breakdown: one subtotal per rate, with its category.
fn tax_total(w: &mut W, s: &Shape<'_>) -> io::Result<()> {
    let (i, cur) = (&s.doc.invoice, &s.doc.currency);
    node(w, "cac:TaxTotal", |w| {
        amount(w, "cbc:TaxAmount", cur, s.sign * i.vat_total.decimal())?;
        for v in &i.vat {
            node(w, "cac:TaxSubtotal", |w| {
                amount(w, "cbc:TaxableAmount", cur, s.sign * v.net.decimal())?;
                amount(w, "cbc:TaxAmount", cur, s.sign * v.vat.decimal())?;
                tax_category(w, "cac:TaxCategory", s.reverse_charge, v.rate, true)
            })?;
        }
        Ok(())
    })
}

/// S (standard), AE (reverse charge, with its exemption reason in the breakdown) or Z (a rate
/// of 0 without reverse charge).
fn tax_category(
    w: &mut W,
    name: &str,
    reverse_charge: bool,
    rate: Percent,
    breakdown: bool,
) -> io::Result<()> {
    let id = match (reverse_charge, rate.0.is_zero()) {
        (true, _) => "AE",
        (false, true) => "Z",
        (false, false) => "S",
    };
    node(w, name, |w| {
        leaf(w, "cbc:ID", id)?;
        leaf(w, "cbc:Percent", &rate.0.normalize().to_string())?;
        if reverse_charge && breakdown {
            leaf(w, "cbc:TaxExemptionReasonCode", "VATEX-EU-AE")?;
            leaf(w, "cbc:TaxExemptionReason", "Reverse charge")?;
        }
        node(w, "cac:TaxScheme", |w| leaf(w, "cbc:ID", "VAT"))
    })
}

fn party(w: &mut W, p: &Party) -> io::Result<()> {
    node(w, "cac:Party", |w| {
        if let Some((scheme, id)) = p
            .electronic_address
            .as_deref()
            .and_then(|e| e.split_once(':'))
        {
            w.create_element("cbc:EndpointID")
                .with_attribute(("schemeID", scheme))
                .write_text_content(BytesText::new(id))?;
        }
        node(w, "cac:PartyName", |w| leaf(w, "cbc:Name", &p.legal_name))?;
        node(w, "cac:PostalAddress", |w| {
            let street: Vec<&str> = p
                .address
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            leaf(w, "cbc:StreetName", &street.join(", "))?;
            node(w, "cac:Country", |w| {
                leaf(w, "cbc:IdentificationCode", &p.country)
            })
        })?;
        if let Some(vat) = &p.vat_id {
            node(w, "cac:PartyTaxScheme", |w| {
                leaf(w, "cbc:CompanyID", vat)?;
                node(w, "cac:TaxScheme", |w| leaf(w, "cbc:ID", "VAT"))
            })?;
        }
        node(w, "cac:PartyLegalEntity", |w| {
            leaf(w, "cbc:RegistrationName", &p.legal_name)
        })?;
        match &p.email {
            Some(e) => node(w, "cac:Contact", |w| leaf(w, "cbc:ElectronicMail", e)),
            None => Ok(()),
        }
    })
}

/// How a line is counted: minutes at an hourly rate (price per 60 minutes), or one unit at its
/// amount. The sign sits on the quantity: a price is never negative.
struct Quantity {
    quantity: Decimal,
    unit: &'static str,
    price: Decimal,
    per: Option<Decimal>,
}

fn quantity(minutes: Option<u32>, rate: Option<Decimal>, amount: Decimal) -> Quantity {
    let sixty = Decimal::from(60);
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        Decimal::NEGATIVE_ONE
    } else {
        Decimal::ONE
    };
    if let Some(m) = minutes.filter(|m| *m > 0) {
        let m = Decimal::from(m);
        // The rate, when minutes × rate / 60 gives the line's amount (to the rounding); none
        // (an amount of 0) for minutes covered by an allowance, a carryover or a pack.
        let price = rate.filter(|r| (m * r / sixty - amount.abs()).abs() <= Decimal::new(1, 2));
        match price {
            Some(r) => return quantity_of(sign * m, "MIN", r, Some(sixty)),
            None if amount.is_zero() => return quantity_of(m, "MIN", Decimal::ZERO, Some(sixty)),
            None => {}
        }
    }
    quantity_of(sign, "C62", amount.abs(), None)
}

fn quantity_of(
    quantity: Decimal,
    unit: &'static str,
    price: Decimal,
    per: Option<Decimal>,
) -> Quantity {
    Quantity {
        quantity,
        unit,
        price,
        per,
    }
}

/// One invoice or credit-note line: its quantity, amount, item (with its VAT category) and
/// price; the ticket and technician as the line's note.
#[expect(
    clippy::too_many_arguments,
    reason = "one line's fields, written in schema order"
)]
fn line_common(
    w: &mut W,
    s: &Shape<'_>,
    n: usize,
    note: Option<String>,
    q: Quantity,
    amount_value: Decimal,
    name: &str,
    vat_rate: Percent,
) -> io::Result<()> {
    let cur = &s.doc.currency;
    let (element, counted) = if s.credit {
        ("cac:CreditNoteLine", "cbc:CreditedQuantity")
    } else {
        ("cac:InvoiceLine", "cbc:InvoicedQuantity")
    };
    node(w, element, |w| {
        leaf(w, "cbc:ID", &n.to_string())?;
        if let Some(note) = note.filter(|n| !n.is_empty()) {
            leaf(w, "cbc:Note", &note)?;
        }
        w.create_element(counted)
            .with_attribute(("unitCode", q.unit))
            .write_text_content(BytesText::new(&q.quantity.to_string()))?;
        amount(w, "cbc:LineExtensionAmount", cur, amount_value)?;
        node(w, "cac:Item", |w| {
            leaf(w, "cbc:Name", name)?;
            tax_category(
                w,
                "cac:ClassifiedTaxCategory",
                s.reverse_charge,
                vat_rate,
                false,
            )
        })?;
        node(w, "cac:Price", |w| {
            amount(w, "cbc:PriceAmount", cur, q.price)?;
            match q.per {
                Some(per) => w
                    .create_element("cbc:BaseQuantity")
                    .with_attribute(("unitCode", q.unit))
                    .write_text_content(BytesText::new(&per.to_string()))
                    .map(|_| ()),
                None => Ok(()),
            }
        })
    })
}

fn line(w: &mut W, s: &Shape<'_>, n: usize, l: &Line) -> io::Result<()> {
    let value = s.sign * l.amount.decimal();
    let q = quantity(
        l.minutes.map(|m| m.get()),
        l.rate.map(|r| r.decimal()),
        value,
    );
    let note = [
        l.url.as_deref().map(|u| format!("Ticket {u}")),
        l.technician.as_deref().map(|t| format!("by {t}")),
        l.date.map(|d| format!("on {d}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    line_common(w, s, n, Some(note), q, value, &l.description, l.vat_rate)
}

fn cost_line(w: &mut W, s: &Shape<'_>, n: usize, c: &CostLine) -> io::Result<()> {
    let value = s.sign * c.amount.decimal();
    let q = quantity(None, None, value);
    let note = format!(
        "Third-party cost re-invoiced: {} {} of {}, markup {} %",
        c.original_amount.decimal(),
        c.original_currency,
        c.date,
        c.markup.0.normalize()
    );
    let name = format!("{}: {}", c.vendor, c.description);
    line_common(w, s, n, Some(note), q, value, &name, c.vat_rate)
}

fn node(w: &mut W, name: &str, f: impl FnOnce(&mut W) -> io::Result<()>) -> io::Result<()> {
    w.create_element(name).write_inner_content(f).map(|_| ())
}

fn leaf(w: &mut W, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))
        .map(|_| ())
}

fn amount(w: &mut W, name: &str, currency: &str, value: Decimal) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("currencyID", currency))
        .write_text_content(BytesText::new(&value.to_string()))
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_at_a_rate_count_per_sixty_minutes_and_the_sign_sits_on_the_quantity() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let q = quantity(Some(35), Some(d("50.00")), d("29.17"));
        assert_eq!(
            (q.quantity, q.unit, q.price, q.per),
            (d("35"), "MIN", d("50.00"), Some(d("60")))
        );
        let covered = quantity(Some(60), Some(d("50.00")), d("0.00"));
        assert_eq!((covered.quantity, covered.price), (d("60"), d("0")));
        let fee = quantity(None, None, d("-100.00"));
        assert_eq!(
            (fee.quantity, fee.unit, fee.price),
            (d("-1"), "C62", d("100.00"))
        );
    }
}
