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
    let mut left = counted.get();

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
                let cap = monthly_minutes
                    .prorated(active_days(period.start, period.end, m), m.days())
                    .get();
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
    let covered = counted.get() - left;

    // 3. What is left is charged.
    let qi = quote
        .as_deref()
        .and_then(|q| sim.quote_index(q))
        .filter(|_| kind == EntryKind::Project);
    if let Some(qi) = qi {
        let q = &sim.quotes[qi];
        let rate = q.rate;
        let room = q
            .estimate_minutes
            .get()
            .saturating_sub(q.charged_minutes.get());
        let within = left.min(room);
        let over = left - within;
        if within > 0 {
            parts.push(charged(sim, Source::Quote, within, rate));
        }
        if over > 0 {
            parts.push(charged(sim, Source::OverQuote, over, rate));
        }
        let q = &mut sim.quotes[qi];
        q.covered_minutes += Minutes::new(covered);
        q.charged_minutes += Minutes::new(left);
        q.over_quote_minutes += Minutes::new(over);
    } else if left > 0 {
        let (source, rate) = match (kind, &plan) {
            (EntryKind::Support, Some(p)) => (Source::Overage, p.overage_rate),
            _ => (
                Source::StandardRate,
                sim.p
                    .ctx
                    .standard_rate(d)
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
        minutes: Minutes::new(minutes),
        lot: None,
        rate: Some(rate),
        amount: sim.p.ctx.currency.amount(Minutes::new(minutes), rate),
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
    sim.live
        .retain(|&i| sim.book.lots[i].lot.available.get() > 0);
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
        let granted = match (s.part, s.order.and_then(|o| sim.orders[o].lot)) {
            (PackPart::RolledIn, Some(own)) => sim.book.lots[own].seq,
            _ => s.seq,
        };
        DrawOrder::of(s.lot.last_day, granted, s.part)
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
                minutes: Minutes::new(took),
                lot: Some(l.id.clone()),
                rate: None,
                amount: sim.p.ctx.zero,
            });
        }
    }
    sim.scratch = eligible;
    left
}

/// The order prepaid lots are drawn in (POLICY §3): the soonest last valid day first, lots that
/// never expire last; on the same day the earlier grant (payment) first; within one pack its
/// own minutes before those rolled into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct DrawOrder {
    never_expires: bool,
    last_day: Option<NaiveDate>,
    granted: u64,
    part: PackPart,
}

impl DrawOrder {
    /// `granted`: the lot's place in grant order (for a rolled-in lot, its pack's own lot's).
    pub(crate) fn of(last_day: Option<NaiveDate>, granted: u64, part: PackPart) -> DrawOrder {
        DrawOrder {
            never_expires: last_day.is_none(),
            last_day,
            granted,
            part,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn lots_are_drawn_soonest_expiry_first_then_by_payment_own_before_rolled_in() {
        let credit = DrawOrder::of(None, 0, PackPart::Own);
        let april = DrawOrder::of(day("2026-04-30"), 5, PackPart::Own);
        let march_late = DrawOrder::of(day("2026-03-31"), 4, PackPart::Own);
        let march_early = DrawOrder::of(day("2026-03-31"), 2, PackPart::Own);
        let march_rolled = DrawOrder::of(day("2026-03-31"), 2, PackPart::RolledIn);
        let mut lots = [credit, april, march_rolled, march_late, march_early];
        lots.sort();
        assert_eq!(
            lots,
            [march_early, march_rolled, march_late, april, credit],
            "soonest last day, then payment, own before rolled in, never-expiring last"
        );
    }
}
