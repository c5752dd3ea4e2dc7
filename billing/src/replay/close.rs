//! POLICY §4: the month's invoice (plan fee, one line per part of every entry, re-invoiced costs,
//! VAT per rate, totals, summary), pack invoices, and the arithmetic every document shares.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Sim, active_days};
use crate::catalog::{FeePeriod, PlanTerms};
use crate::dates::Month;
use crate::history::Prepared;
use crate::ledger::*;
use crate::money::{Money, Percent};

/// Build a document: VAT per rate on the sum of that rate's nets, each rounded once; the total
/// is the sum of nets plus the sum of VAT amounts, so printed figures always add up.
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per field of an issued document"
)]
pub(crate) fn document(
    p: &Prepared<'_>,
    key: DocKey,
    kind: InvoiceKind,
    status: InvoiceStatus,
    month: Option<Month>,
    issued_on: NaiveDate,
    refers_to: Option<DocKey>,
    lines: Vec<Line>,
    costs: Vec<CostLine>,
    summary: Option<Summary>,
) -> Invoice {
    let mut by_rate: BTreeMap<Percent, Decimal> = BTreeMap::new();
    for l in &lines {
        *by_rate.entry(l.vat_rate).or_default() += l.amount.0;
    }
    for c in &costs {
        *by_rate.entry(c.vat_rate).or_default() += c.amount.0;
    }
    let cur = p.ctx.currency;
    let vat: Vec<VatLine> = by_rate
        .into_iter()
        .map(|(rate, net)| VatLine {
            rate,
            net: Money(net),
            vat: cur.round(rate.of(net)),
        })
        .collect();
    // Sums start from the currency's zero: an empty document still prints "0.00".
    let net = vat.iter().fold(p.ctx.zero, |sum, v| sum + v.net);
    let vat_total = vat.iter().fold(p.ctx.zero, |sum, v| sum + v.vat);
    Invoice {
        key,
        kind,
        status,
        month,
        issued_on,
        refers_to,
        lines,
        costs,
        vat,
        net,
        vat_total,
        total: net + vat_total,
        vat_note: p.ctx.reverse_charge.then(|| "Reverse charge".to_string()),
        summary,
    }
}

/// One invoice per month from the account's first month to today's: issued for closed months
/// (a closed month with nothing on it issues nothing), drafts for open ones.
pub(crate) fn period_invoices(sim: &Sim<'_>) -> Vec<Invoice> {
    let p = sim.p;
    let mut by_month: BTreeMap<Month, Vec<usize>> = BTreeMap::new();
    for (i, e) in p.entries.iter().enumerate() {
        by_month.entry(Month::of(e.effective)).or_default().push(i);
    }
    let closed: BTreeMap<Month, NaiveDate> = p.closes.iter().copied().collect();
    let mut out = Vec::new();
    let (first, last) = (Month::of(p.earliest), Month::of(p.today));
    // Only months that can have a line: work, a cost, a plan's fee, or today's draft. A month
    // with none issues nothing and has no draft, so an empty stretch of years costs nothing.
    let mut months: BTreeSet<Month> = by_month.keys().copied().collect();
    months.extend(p.costs.iter().map(|c| Month::of(c.effective)));
    months.insert(last);
    for period in &p.plans {
        let mut m = Month::of(period.start).max(first);
        let end = period.end.map_or(last, |e| Month::of(e).min(last));
        while m <= end {
            months.insert(m);
            m = m.next();
        }
    }
    for m in months.into_iter().filter(|m| (first..=last).contains(m)) {
        let issued = closed.get(&m).copied();
        let mut lines = fee_lines(sim, m);
        lines.reserve(by_month.get(&m).map_or(0, |ix| ix.len() * 2));
        let mut summary = Summary {
            overage_amount: p.ctx.currency.zero(),
            ..Summary::default()
        };
        let st = sim.months.get(&m).cloned().unwrap_or_default();
        summary.allowance = crate::money::Minutes(st.allowance);
        summary.carried_in = crate::money::Minutes(st.carried_in);
        summary.carried_into_next_month = crate::money::Minutes(st.carried_into_next_month);
        summary.packs = st.packs;
        summary.expiring_within_30_days = crate::money::Minutes(st.expiring_30);
        if let Some(ix) = by_month.get_mut(&m) {
            ix.sort_by_key(|&i| (p.entries[i].effective, p.entries[i].event));
            for &i in ix.iter() {
                let e = &p.entries[i].entry;
                for part in &sim.parts[i] {
                    match part.source {
                        Source::Allowance => summary.allowance_used.0 += part.minutes.0,
                        Source::Carryover => summary.carryover_used.0 += part.minutes.0,
                        Source::Overage => {
                            summary.overage_minutes.0 += part.minutes.0;
                            summary.overage_amount = summary.overage_amount + part.amount;
                        }
                        _ => {}
                    }
                    lines.push(Line {
                        kind: LineKind::Work,
                        date: Some(e.date),
                        description: e.title.clone(),
                        entry: Some(e.id.clone()),
                        url: e.url.clone(),
                        technician: Some(e.technician.clone()),
                        minutes: Some(part.minutes),
                        source: Some(part.source),
                        rate: part.rate,
                        amount: part.amount,
                        vat_rate: p.ctx.vat_rate,
                    });
                }
            }
        }
        let costs: Vec<CostLine> = p
            .costs
            .iter()
            .filter(|c| Month::of(c.effective) == m)
            .map(|c| CostLine {
                id: c.id.clone(),
                date: c.date,
                vendor: c.vendor.clone(),
                description: c.description.clone(),
                original_amount: c.amount,
                original_currency: c.currency.to_string(),
                conversion_rate: c.conversion_rate.0.to_string(),
                markup: c.markup,
                // Converted, marked up, rounded once.
                amount: p.ctx.currency.round(
                    c.amount.0 * c.conversion_rate.0 * (Decimal::ONE_HUNDRED + c.markup.0)
                        / Decimal::ONE_HUNDRED,
                ),
                vat_rate: p.ctx.vat_rate,
            })
            .collect();
        let (status, on) = match issued {
            Some(d) => (InvoiceStatus::Issued, d),
            None => (InvoiceStatus::Draft, p.today),
        };
        if status == InvoiceStatus::Draft || !lines.is_empty() || !costs.is_empty() {
            out.push(document(
                p,
                DocKey::Period(m),
                InvoiceKind::Period,
                status,
                Some(m),
                on,
                None,
                lines,
                costs,
                Some(summary),
            ));
        }
    }
    out
}

/// The plan fee for month `m` (annual plans: the year's fee in the plan year's first month),
/// pro-rated by days when the plan starts or ends inside the month.
fn fee_lines(sim: &Sim<'_>, m: Month) -> Vec<Line> {
    let p = sim.p;
    let mut lines = Vec::new();
    for period in &p.plans {
        let days = active_days(period.start, period.end, m);
        if days == 0 {
            continue;
        }
        let plan = match sim.over {
            Some(o) if o.from <= m && m <= o.to => &o.plan,
            _ => &period.plan,
        };
        let PlanTerms::Maintenance {
            fee: Some(fee),
            fee_period,
            ..
        } = &plan.terms
        else {
            continue;
        };
        let (amount, description) = match fee_period {
            FeePeriod::Monthly if days == m.days() => (*fee, format!("Plan {} — {m}", plan.name)),
            FeePeriod::Monthly => (
                p.ctx
                    .currency
                    .round(fee.0 * Decimal::from(days) / Decimal::from(m.days())),
                format!("Plan {} — {m} ({days}/{} days)", plan.name, m.days()),
            ),
            FeePeriod::Annual => {
                let start = Month::of(period.start);
                let since = (m.year - start.year) * 12 + m.month as i32 - start.month as i32;
                if since % 12 != 0 {
                    continue;
                }
                (
                    *fee,
                    format!("Plan {} — annual fee {m} to {}", plan.name, m.plus(11)),
                )
            }
        };
        lines.push(Line {
            kind: LineKind::PlanFee,
            date: Some(m.first_day().max(period.start)),
            description: description.into(),
            entry: None,
            url: None,
            technician: None,
            minutes: None,
            source: None,
            rate: None,
            amount,
            vat_rate: p.ctx.vat_rate,
        });
    }
    lines
}

/// POLICY §4: buying a pack issues its invoice at once: hours × the tier's rate (less any bulk
/// discount), plus VAT.
pub(crate) fn pack_invoices(p: &Prepared<'_>) -> Vec<Invoice> {
    p.orders
        .iter()
        .map(|o| {
            let mut description = format!("{} — {} h", o.description, o.minutes.hours());
            if let Some(d) = o.discount {
                description.push_str(&format!(", bulk discount {}\u{a0}%", d.0.normalize()));
            }
            if let Some(s) = &o.seller {
                description.push_str(&format!(", sold by {s}"));
            }
            let line = pack_line(p, o, LineKind::Pack, o.ordered_on, description, o.net);
            document(
                p,
                DocKey::Pack(o.id.clone()),
                InvoiceKind::Pack,
                InvoiceStatus::Issued,
                None,
                o.ordered_on,
                None,
                vec![line],
                Vec::new(),
                None,
            )
        })
        .collect()
}

/// The one line of an order's invoice (or of the credit note reversing it).
fn pack_line(
    p: &Prepared<'_>,
    o: &crate::history::Order,
    kind: LineKind,
    date: NaiveDate,
    description: String,
    amount: Money,
) -> Line {
    Line {
        kind,
        date: Some(date),
        description: description.into(),
        entry: None,
        url: None,
        technician: None,
        minutes: Some(o.minutes),
        source: Some(Source::Pack),
        rate: Some(o.rate),
        amount,
        vat_rate: p.ctx.vat_rate,
    }
}

/// A cancelled unpaid order: a credit note that reverses its invoice's line (docs "Buying a
/// pack"), issued on the day of the cancellation.
pub(crate) fn cancellation_notes(p: &Prepared<'_>) -> Vec<Invoice> {
    p.orders
        .iter()
        .filter_map(|o| {
            let (on, _) = o.cancelled?;
            let description = format!("Cancellation of the unpaid order of {}", o.description);
            let line = pack_line(p, o, LineKind::Reversal, on, description, -o.net);
            Some(document(
                p,
                DocKey::Cancel(o.id.clone()),
                InvoiceKind::CreditNote,
                InvoiceStatus::Issued,
                None,
                on,
                Some(DocKey::Pack(o.id.clone())),
                vec![line],
                Vec::new(),
                None,
            ))
        })
        .collect()
}
