//! POLICY §3: how one work entry is covered. Package hours, then prepaid hours, then a charge;
//! each lot or rate drawn from becomes one part.

use chrono::NaiveDate;

use super::{Sim, active_days};
use crate::catalog::PlanTerms;
use crate::dates::Month;
use crate::error::RuleViolation;
use crate::events::EntryKind;
use crate::ledger::{Origin, Part, Source};
use crate::lots::PackPart;
use crate::money::{Minutes, Rate};

pub(crate) fn cover(sim: &mut Sim<'_>, e: usize, d: NaiveDate) -> Result<(), RuleViolation> {
    let rec = &sim.p.entries[e];
    let entry = &rec.entry;
    // What the waterfall needs of the plan, copied out so the book can be borrowed mutably.
    let plan = sim.plan_on(d).map(|(i, p)| PlanView {
        period: i,
        terms: match &p.terms {
            PlanTerms::Maintenance { .. } => Package::Maintenance,
            PlanTerms::PostPaid {
                plan_rate,
                monthly_minutes,
                ..
            } => Package::PostPaid {
                plan_rate: *plan_rate,
                monthly_minutes: *monthly_minutes,
            },
        },
        overage_rate: p.overage_rate(),
        counted: p.counted_minutes(entry.minutes),
    });
    // POLICY §1: accounts with a plan count rounded minutes; others use actual minutes.
    let counted = plan.as_ref().map_or(entry.minutes, |p| p.counted);
    sim.counted[e] = counted;
    let kind = entry.kind;
    let id = entry.id.clone();
    let technician = entry.technician.clone();
    let quote = entry.quote.clone();
    let mut parts: Vec<Part> = Vec::with_capacity(2);
    let mut left = counted.0;

    if kind == EntryKind::Bug {
        parts.push(Part {
            source: Source::Bug,
            minutes: counted,
            lot: None,
            rate: None,
            amount: sim.p.ctx.zero,
        });
        sim.parts[e] = parts;
        return Ok(());
    }

    // 1. Package hours: support and project only.
    if matches!(kind, EntryKind::Support | EntryKind::Project) {
        match plan.as_ref().map(|p| (p.period, p.terms)) {
            Some((_, Package::Maintenance)) => {
                left = draw(sim, d, left, &id, &technician, &mut parts, |o| {
                    matches!(o, Origin::Allowance | Origin::Carryover)
                });
            }
            Some((
                pi,
                Package::PostPaid {
                    plan_rate,
                    monthly_minutes,
                },
            )) => {
                let m = Month::of(d);
                let period = &sim.p.plans[pi];
                let cap = (monthly_minutes.0 as u64
                    * active_days(period.start, period.end, m) as u64
                    / m.days() as u64) as u32;
                let used = sim.postpaid_used.entry((m, pi)).or_default();
                let take = left.min(cap.saturating_sub(*used));
                if take > 0 {
                    *used += take;
                    left -= take;
                    parts.push(charged(sim, Source::PlanRate, take, plan_rate));
                }
            }
            None => {}
        }
    }

    // 2. Prepaid hours: support, project and billable.
    if left > 0 {
        left = draw(sim, d, left, &id, &technician, &mut parts, |o| {
            matches!(o, Origin::Credit | Origin::Pack | Origin::Rollover)
        });
    }
    let covered = counted.0 - left;

    // 3. What is left is charged.
    let qi = quote
        .as_deref()
        .and_then(|q| sim.quote_index(q))
        .filter(|_| kind == EntryKind::Project);
    if let Some(qi) = qi {
        let q = &sim.quotes[qi];
        let rate = q.rate;
        let room = q.estimate_minutes.0.saturating_sub(q.charged_minutes.0);
        let within = left.min(room);
        let over = left - within;
        if within > 0 {
            parts.push(charged(sim, Source::Quote, within, rate));
        }
        if over > 0 {
            parts.push(charged(sim, Source::OverQuote, over, rate));
        }
        let q = &mut sim.quotes[qi];
        q.covered_minutes.0 += covered;
        q.charged_minutes.0 += left;
        q.over_quote_minutes.0 += over;
    } else if left > 0 {
        let (source, rate) = match (kind, &plan) {
            (EntryKind::Support, Some(p)) => (Source::Overage, p.overage_rate),
            _ => (
                Source::StandardRate,
                sim.p
                    .ctx
                    .standard_rate
                    .or(plan.as_ref().map(|p| p.overage_rate))
                    .ok_or(RuleViolation::NoStandardRate)?,
            ),
        };
        parts.push(charged(sim, source, left, rate));
    }
    sim.parts[e] = parts;
    Ok(())
}

#[derive(Clone, Copy)]
enum Package {
    Maintenance,
    PostPaid {
        plan_rate: Rate,
        monthly_minutes: Minutes,
    },
}

struct PlanView {
    period: usize,
    terms: Package,
    overage_rate: Rate,
    counted: Minutes,
}

fn charged(sim: &Sim<'_>, source: Source, minutes: u32, rate: Rate) -> Part {
    Part {
        source,
        minutes: Minutes(minutes),
        lot: None,
        rate: Some(rate),
        amount: sim.p.ctx.currency.amount(Minutes(minutes), rate),
    }
}

/// Draw from eligible lots in waterfall order; returns the minutes still uncovered.
///
/// Order: soonest last valid day first (none counts as latest), then oldest grant / earliest
/// payment, then a pack's own minutes before its rolled-in minutes (POLICY §3). A lot sold by a
/// developer covers only that developer's entries.
fn draw(
    sim: &mut Sim<'_>,
    d: NaiveDate,
    mut left: u32,
    entry: &crate::Text,
    technician: &str,
    parts: &mut Vec<Part>,
    wanted: impl Fn(Origin) -> bool,
) -> u32 {
    sim.live.retain(|&i| sim.book.lots[i].lot.available.0 > 0);
    // A scratch vector reused across entries: no allocation per entry.
    let mut eligible = std::mem::take(&mut sim.scratch);
    eligible.clear();
    eligible.extend(sim.live.iter().copied().filter(|&i| {
        let l = &sim.book.lots[i].lot;
        wanted(l.origin)
            && sim.book.valid_on(i, d)
            && l.seller.as_deref().is_none_or(|s| s == technician)
    }));
    eligible.sort_by_key(|&i| {
        let s = &sim.book.lots[i];
        // A rolled-in lot sorts with its pack (same payment), after the pack's own minutes.
        let pay = match (s.part, s.order.and_then(|o| sim.orders[o].lot)) {
            (PackPart::RolledIn, Some(own)) => sim.book.lots[own].seq,
            _ => s.seq,
        };
        (s.lot.last_day.is_none(), s.lot.last_day, pay, s.part)
    });
    for &i in &eligible {
        if left == 0 {
            break;
        }
        let took = sim.book.consume(i, d, left, entry);
        if took > 0 {
            left -= took;
            let l = &sim.book.lots[i].lot;
            parts.push(Part {
                source: Source::from_origin(l.origin),
                minutes: Minutes(took),
                lot: Some(l.id.clone()),
                rate: None,
                amount: sim.p.ctx.zero,
            });
        }
    }
    sim.scratch = eligible;
    left
}
