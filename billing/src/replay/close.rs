//! POLICY §4: the month's invoice (plan fee, one line per part of every entry, re-invoiced costs,
//! VAT per rate, totals, summary), pack invoices, and the arithmetic every document shares.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::{Sim, active_days};
use crate::catalog::{FeePeriod, PlanTerms};
use crate::dates::Month;
use crate::history::Prepared;
use crate::ledger::*;
use crate::money::{Currency, Money, Percent};

/// Build a document: VAT per rate on the sum of that rate's nets, each rounded once; the total
/// is the sum of nets plus the sum of VAT amounts, so printed figures always add up.
/// A document's VAT lines and sums.
#[derive(Debug, PartialEq)]
pub(crate) struct Totals {
    pub vat: Vec<VatLine>,
    pub net: Money,
    pub vat_total: Money,
}

/// POLICY §1: the amounts of a document are summed per VAT rate; the VAT of each rate is
/// computed on that sum and rounded once; net and VAT are the sums over rates. Sums start from
/// the currency's zero: an empty document still prints "0.00".
pub(crate) fn totals(
    currency: Currency,
    amounts: impl Iterator<Item = (Percent, Money)>,
) -> Totals {
    let zero = currency.zero();
    let mut by_rate: BTreeMap<Percent, Money> = BTreeMap::new();
    for (rate, amount) in amounts {
        *by_rate.entry(rate).or_insert(zero) += amount;
    }
    let vat: Vec<VatLine> = by_rate
        .into_iter()
        .map(|(rate, net)| VatLine {
            rate,
            net,
            vat: currency.vat(net, rate),
        })
        .collect();
    Totals {
        net: vat.iter().fold(zero, |sum, v| sum + v.net),
        vat_total: vat.iter().fold(zero, |sum, v| sum + v.vat),
        vat,
    }
}

/// What a document is, before its lines. A document with an issue date is issued; one
/// without is the open month's draft.
pub(crate) struct Head {
    pub key: DocKey,
    pub kind: InvoiceKind,
    pub month: Option<Month>,
    pub issued_on: Option<NaiveDate>,
    /// For credit notes: the document they correct.
    pub refers_to: Option<DocKey>,
    /// The day whose account terms its VAT follows (reverse charge): a month's 1st, an order's
    /// day, the month of a credited-back entry.
    pub terms_on: NaiveDate,
}

pub(crate) fn document(
    p: &Prepared<'_>,
    head: Head,
    lines: Vec<Line>,
    costs: Vec<CostLine>,
    summary: Option<Summary>,
) -> Invoice {
    let Head {
        key,
        kind,
        month,
        issued_on,
        refers_to,
        terms_on,
    } = head;
    let status = match issued_on {
        Some(_) => InvoiceStatus::Issued,
        None => InvoiceStatus::Draft,
    };
    let lines_by_rate = lines.iter().map(|l| (l.vat_rate, l.amount));
    let costs_by_rate = costs.iter().map(|c| (c.vat_rate, c.amount));
    let Totals {
        vat,
        net,
        vat_total,
    } = totals(p.ctx.currency, lines_by_rate.chain(costs_by_rate));
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
        vat_note: p
            .ctx
            .reverse_charge(terms_on)
            .then(|| "Reverse charge".to_string()),
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
        summary.allowance = crate::money::Minutes::new(st.allowance);
        summary.carried_in = crate::money::Minutes::new(st.carried_in);
        summary.carried_into_next_month = crate::money::Minutes::new(st.carried_into_next_month);
        summary.packs = st.packs;
        summary.expiring_within_30_days = crate::money::Minutes::new(st.expiring_30);
        if let Some(ix) = by_month.get_mut(&m) {
            ix.sort_by_key(|&i| (p.entries[i].effective, p.entries[i].event));
            for &i in ix.iter() {
                let e = &p.entries[i].entry;
                for part in &sim.parts[i] {
                    match part.source {
                        Source::Allowance => summary.allowance_used += part.minutes,
                        Source::Carryover => summary.carryover_used += part.minutes,
                        Source::Overage => {
                            summary.overage_minutes += part.minutes;
                            summary.overage_amount += part.amount;
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
                        vat_rate: p.ctx.vat_rate(m.first_day()),
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
                amount: p
                    .ctx
                    .currency
                    .reinvoiced(c.amount, c.conversion_rate, c.markup),
                vat_rate: p.ctx.vat_rate(c.effective),
            })
            .collect();
        if issued.is_none() || !lines.is_empty() || !costs.is_empty() {
            out.push(document(
                p,
                Head {
                    key: DocKey::Period(m),
                    kind: InvoiceKind::Period,
                    month: Some(m),
                    issued_on: issued,
                    refers_to: None,
                    terms_on: m.first_day(),
                },
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
                p.ctx.currency.prorated(*fee, days, m.days()),
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
            vat_rate: p.ctx.vat_rate(m.first_day()),
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
                Head {
                    key: DocKey::Pack(o.id.clone()),
                    kind: InvoiceKind::Pack,
                    month: None,
                    issued_on: Some(o.ordered_on),
                    refers_to: None,
                    terms_on: o.ordered_on,
                },
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
        vat_rate: p.ctx.vat_rate(o.ordered_on),
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
                Head {
                    key: DocKey::Cancel(o.id.clone()),
                    kind: InvoiceKind::CreditNote,
                    month: None,
                    issued_on: Some(on),
                    refers_to: Some(DocKey::Pack(o.id.clone())),
                    terms_on: o.ordered_on,
                },
                vec![line],
                Vec::new(),
                None,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn pct(s: &str) -> Percent {
        Percent::parse(s).unwrap()
    }

    #[test]
    fn vat_is_per_rate_on_the_rate_sum_not_per_line() {
        let eur = Currency::parse("EUR").unwrap();
        // Two lines of 0.02 at 22 %: per line 0.00 each; on the sum 0.04 → 0.0088 → 0.01.
        let t = totals(
            eur,
            [
                (pct("22"), m("0.02")),
                (pct("9.5"), m("10.00")),
                (pct("22"), m("0.02")),
            ]
            .into_iter(),
        );
        let by_rate: Vec<_> = t
            .vat
            .iter()
            .map(|v| (v.rate.to_string(), v.net.to_string(), v.vat.to_string()))
            .collect();
        assert_eq!(
            by_rate,
            [
                ("9.5".to_string(), "10.00".to_string(), "0.95".to_string()),
                ("22".to_string(), "0.04".to_string(), "0.01".to_string()),
            ]
        );
        assert_eq!(
            (t.net.to_string(), t.vat_total.to_string()),
            ("10.04".into(), "0.96".into())
        );
    }

    #[test]
    fn an_empty_document_totals_zero_with_the_minor_unit() {
        let t = totals(Currency::parse("GBP").unwrap(), std::iter::empty());
        assert!(t.vat.is_empty());
        assert_eq!(
            (t.net.to_string(), t.vat_total.to_string()),
            ("0.00".into(), "0.00".into())
        );
    }

    #[test]
    fn credit_lines_reduce_their_rate_sum() {
        let eur = Currency::parse("EUR").unwrap();
        let t = totals(
            eur,
            [(pct("22"), m("100.00")), (pct("22"), m("-40.00"))].into_iter(),
        );
        assert_eq!(t.vat[0].vat.to_string(), "13.20");
        assert_eq!(t.net.to_string(), "60.00");
    }
}
