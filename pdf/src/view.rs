//! What the template prints, every text already in the document's language and every figure
//! already formatted in the account's locale (`api::format`): the template only lays out.
//! Words come from the pages' own translations (`app/locales`), so a label reads the same on
//! screen and on paper.

use std::collections::HashMap;

use api::model::Document;
use api::parties::Party;
use billing::{Invoice, InvoiceKind, Line, Minutes, Summary};
use serde::Serialize;

/// Labels of one language: the invoice page's, the invoice list's and the sources'.
struct Words(HashMap<String, String>);

impl Words {
    fn of(lang: &str) -> Words {
        let files: [&str; 3] = match lang {
            "de" => [
                include_str!("../../app/locales/de/invoice.json"),
                include_str!("../../app/locales/de/dashboard.json"),
                include_str!("../../app/locales/de/work.json"),
            ],
            "sl" => [
                include_str!("../../app/locales/sl/invoice.json"),
                include_str!("../../app/locales/sl/dashboard.json"),
                include_str!("../../app/locales/sl/work.json"),
            ],
            _ => [
                include_str!("../../app/locales/en/invoice.json"),
                include_str!("../../app/locales/en/dashboard.json"),
                include_str!("../../app/locales/en/work.json"),
            ],
        };
        let mut words = HashMap::new();
        for f in files {
            // The locale files are checked at the app's build (same keys in every language).
            let map: HashMap<String, serde_json::Value> =
                serde_json::from_str(f).expect("a locale file is a JSON object");
            for (k, v) in map {
                if let Some(s) = v.as_str() {
                    words.insert(k, s.to_string());
                }
            }
        }
        Words(words)
    }

    fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// A label with its `{{ name }}` placeholders filled in.
    fn with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key);
        for (name, value) in args {
            s = s.replace(&format!("{{{{ {name} }}}}"), value);
        }
        s
    }
}

#[derive(Serialize)]
pub struct View {
    pub lang: String,
    pub title: String,
    pub kind: String,
    pub number: String,
    pub subject: String,
    pub seller: PartyView,
    pub buyer: PartyView,
    pub meta: Vec<(String, String)>,
    pub corrects: Option<String>,
    pub labels: HashMap<&'static str, String>,
    pub lines: Vec<LineView>,
    pub costs: Vec<CostView>,
    pub vat: Vec<[String; 3]>,
    pub totals: Vec<(String, String)>,
    pub vat_note: Option<String>,
    pub payment: Option<PaymentView>,
    pub summary: Vec<(String, String)>,
    pub packs: Vec<String>,
}

#[derive(Serialize)]
pub struct PartyView {
    pub name: String,
    pub address: Vec<String>,
    pub vat: Option<String>,
    pub email: Option<String>,
}

#[derive(Serialize)]
pub struct LineView {
    pub date: String,
    pub description: String,
    pub url: Option<String>,
    pub technician: String,
    pub time: String,
    pub source: String,
    pub rate: String,
    pub vat: String,
    pub amount: String,
}

#[derive(Serialize)]
pub struct CostView {
    pub date: String,
    pub vendor: String,
    pub description: String,
    pub original: String,
    pub markup: String,
    pub vat: String,
    pub amount: String,
}

#[derive(Serialize)]
pub struct PaymentView {
    pub ask: String,
    pub rows: Vec<(String, String)>,
}

/// The language of the document's words: the account's locale's, where the pages ship in it.
pub fn language(locale: &str) -> &'static str {
    api::parse::language_of_locale(locale).unwrap_or("en")
}

fn percent(p: billing::Percent) -> String {
    format!("{} %", p.0.normalize())
}

fn party(p: &Party, w: &Words) -> PartyView {
    PartyView {
        name: p.legal_name.clone(),
        address: p
            .address
            .split(['\n', ','])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
        vat: p
            .vat_id
            .as_ref()
            .map(|v| w.with("party_vat", &[("number", v)])),
        email: p.email.clone(),
    }
}

fn minutes(m: Minutes) -> String {
    m.human()
}

/// The view of `doc` for an account with `locale`.
pub fn view(doc: &Document, locale: &str) -> View {
    let lang = language(locale);
    let w = Words::of(lang);
    let i = &doc.invoice;
    let (cur, loc) = (doc.currency.as_str(), locale);
    let money = |m: billing::Money| api::format::money(cur, loc, m);
    let date = |d: chrono::NaiveDate| api::format::date(loc, d);
    let kind = w.get(match i.kind {
        InvoiceKind::Period => "invoices_kind_period",
        InvoiceKind::Pack => "invoices_kind_pack",
        InvoiceKind::CreditNote => "invoices_kind_credit_note",
    });
    let subject = match (i.kind, i.month, &doc.refers_to) {
        (InvoiceKind::CreditNote, _, Some(n)) => w.with("invoices_corrects", &[("number", n)]),
        (InvoiceKind::CreditNote, _, None) => w.get("invoices_correction"),
        (_, Some(m), _) => api::format::month(lang, m),
        _ => w.get("invoices_hour_pack"),
    };
    let mut meta = vec![(
        w.get("issued_on"),
        i.issued_on.map(date).unwrap_or_default(),
    )];
    if let Some(p) = &doc.parties.payment {
        meta.push((w.get("due_on"), date(p.due_on)));
    }
    meta.push((w.get("currency"), doc.currency.clone()));
    let labels = [
        "from",
        "billed_to",
        "lines",
        "col_date",
        "col_description",
        "col_technician",
        "col_time",
        "col_covered_by",
        "col_rate",
        "col_vat",
        "col_amount",
        "costs",
        "col_vendor",
        "col_original",
        "col_markup",
        "col_vat_rate",
        "col_net",
        "payment_title",
        "summary_title",
        "sum_packs",
    ]
    .into_iter()
    .map(|k| (k, w.get(k)))
    .collect();
    View {
        lang: lang.to_string(),
        title: format!("{kind} {}", doc.number),
        kind,
        number: doc.number.clone(),
        subject,
        seller: party(&doc.parties.seller, &w),
        buyer: party(&doc.parties.buyer, &w),
        meta,
        corrects: doc
            .refers_to
            .as_ref()
            .filter(|_| i.kind == InvoiceKind::CreditNote)
            .map(|n| {
                format!(
                    "{}{}{}",
                    w.get("corrects_before"),
                    w.with("corrects_invoice", &[("number", n)]),
                    w.get("corrects_after")
                )
            }),
        labels,
        lines: i
            .lines
            .iter()
            .map(|l| line(l, &w, &money, &date, cur, loc))
            .collect(),
        costs: i
            .costs
            .iter()
            .map(|c| CostView {
                date: date(c.date),
                vendor: c.vendor.clone(),
                description: c.description.clone(),
                original: api::format::money(&c.original_currency, loc, c.original_amount),
                markup: percent(c.markup),
                vat: percent(c.vat_rate),
                amount: money(c.amount),
            })
            .collect(),
        vat: i
            .vat
            .iter()
            .map(|v| [percent(v.rate), money(v.net), money(v.vat)])
            .collect(),
        totals: vec![
            (w.get("total_net"), money(i.net)),
            (w.get("total_vat"), money(i.vat_total)),
            (w.get("total"), money(i.total)),
        ],
        vat_note: i
            .vat_note
            .as_ref()
            .map(|n| format!("{n}{}", w.get("vat_note_due"))),
        payment: doc.parties.payment.as_ref().map(|p| {
            let mut rows = Vec::new();
            if let Some(b) = &p.bank {
                rows.push((w.get("payment_holder"), b.holder.clone()));
                rows.push(("IBAN".to_string(), b.iban_grouped()));
                if let Some(bic) = &b.bic {
                    rows.push(("BIC".to_string(), bic.clone()));
                }
            }
            rows.push((w.get("payment_reference"), p.reference.clone()));
            PaymentView {
                ask: w.with(
                    "payment_ask",
                    &[
                        ("total", &money(i.total)),
                        ("date", &date(p.due_on)),
                        ("days", &p.terms_days.to_string()),
                    ],
                ),
                rows,
            }
        }),
        summary: i
            .summary
            .as_ref()
            .map(|s| summary(s, i, &w, &money, &date))
            .unwrap_or_default(),
        packs: i
            .summary
            .as_ref()
            .map(|s| packs(s, &w, &date))
            .unwrap_or_default(),
    }
}

fn line(
    l: &Line,
    w: &Words,
    money: &dyn Fn(billing::Money) -> String,
    date: &dyn Fn(chrono::NaiveDate) -> String,
    cur: &str,
    loc: &str,
) -> LineView {
    LineView {
        date: l.date.map(date).unwrap_or_default(),
        description: l.description.to_string(),
        url: l.url.as_ref().map(|u| u.to_string()),
        technician: l
            .technician
            .as_ref()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        time: l.minutes.map(minutes).unwrap_or_default(),
        source: l
            .source
            .map(|s| w.get(&format!("source_{}", s.label().replace(' ', "_"))))
            .unwrap_or_default(),
        rate: l
            .rate
            .map(|r| api::format::rate(cur, loc, r))
            .unwrap_or_default(),
        vat: percent(l.vat_rate),
        amount: money(l.amount),
    }
}

fn summary(
    s: &Summary,
    i: &Invoice,
    w: &Words,
    money: &dyn Fn(billing::Money) -> String,
    date: &dyn Fn(chrono::NaiveDate) -> String,
) -> Vec<(String, String)> {
    let mut rows = vec![
        (w.get("sum_included"), minutes(s.allowance)),
        (w.get("sum_included_used"), minutes(s.allowance_used)),
        (w.get("sum_carried_in"), minutes(s.carried_in)),
        (w.get("sum_carryover_used"), minutes(s.carryover_used)),
        (
            w.get("sum_carried_next"),
            minutes(s.carried_into_next_month),
        ),
        (
            w.get("sum_overage"),
            format!(
                "{} · {}",
                minutes(s.overage_minutes),
                money(s.overage_amount)
            ),
        ),
    ];
    if s.expiring_within_30_days.get() > 0 {
        let label = match i.month {
            Some(m) => w.with(
                "sum_expiring_by",
                &[("date", &date(m.last_day() + chrono::Days::new(30)))],
            ),
            None => w.get("sum_expiring_30"),
        };
        rows.push((label, minutes(s.expiring_within_30_days)));
    }
    rows
}

fn packs(s: &Summary, w: &Words, date: &dyn Fn(chrono::NaiveDate) -> String) -> Vec<String> {
    s.packs
        .iter()
        .map(|p| {
            let name = match &p.pack {
                Some(n) => match &n.seller {
                    Some(seller) => format!("{} ({seller}, {})", n.tier, date(n.paid_on)),
                    None => format!("{} ({})", n.tier, date(n.paid_on)),
                },
                None => p.lot.to_string(),
            };
            let hours = minutes(p.available);
            match p.last_day {
                Some(d) => w.with(
                    "pack_left_until",
                    &[("name", &name), ("hours", &hours), ("date", &date(d))],
                ),
                None => w.with("pack_left", &[("name", &name), ("hours", &hours)]),
            }
        })
        .collect()
}
