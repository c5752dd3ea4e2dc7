//! Pass 2 of a replay: walk the calendar from the account's first month to today and apply,
//! on each day where something can happen, in this order: the month's allowance, payments (with rollover matching),
//! credit-backs and refunds, the day's entries through the waterfall, `as_of` snapshots; then,
//! at the end of the day, lots whose last valid day it was (carryover, hold for renewal,
//! rollover, expiry), closed renewal windows (expiry of held minutes, payouts), and carryover
//! lapsing with the plan.
//!
//! The walk visits only days where something can happen — an event's day, a lot's last day, a
//! renewal window's end, a plan's first and last day, and a month's first and last day while the
//! account has a plan or hours — and jumps over the days between, so a replay costs the same
//! whether two events are a day or ten years apart.
//!
//! Because a closed month's entries, plan and lots are frozen by pass 1 (nothing later may
//! change them), replaying the whole history always reproduces every issued invoice exactly.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{Datelike, NaiveDate};

use crate::catalog::{Plan, PlanTerms};
use crate::dates::{Month, add_days};
use crate::error::{ReplayError, RuleViolation};
use crate::events::History;
use crate::history::{Prepared, prepare, prepare_stored};
use crate::ledger::*;
use crate::lots::{Grant, LotBook, PackPart};
use crate::money::Minutes;
use close::Head;
// The rules of pass 2, children of the state machine they act on (POLICY §3–§8).
mod close;
mod payouts;
mod prompts;
pub(crate) mod rollover;
mod waterfall;

/// "What if this plan had applied in these months" (the upgrade prompt of POLICY §8).
pub(crate) struct PlanOverride {
    pub from: Month,
    pub to: Month,
    pub plan: Plan,
}

#[derive(Default, Clone)]
pub(crate) struct OrderSim {
    pub lot: Option<usize>,
    /// POLICY §5 applies to it (expiring, paid on or after the policy date, not refunded).
    pub eligible: bool,
    pub receiver: Option<usize>,
    pub received_from: Option<usize>,
    pub rolled_lot: Option<usize>,
    pub moved: u32,
    /// Own minutes credited back into a new credit lot (the pack no longer valid): never paid.
    pub credited_out_own: u32,
    /// Minutes that rolled from this pack into its renewal and were credited back from there.
    pub credited_out_rolled: u32,
    /// The minutes its payout paid, once it fell due (POLICY §7 adjusts after that).
    pub paid_minutes: Option<u32>,
    /// Refunded by now (the walk's day): prompts of earlier days never see a later refund.
    pub refunded: bool,
}

#[derive(Default, Clone)]
pub(crate) struct MonthStats {
    pub allowance: u32,
    pub carried_in: u32,
    pub carried_into_next_month: u32,
    pub packs: Vec<PackBalance>,
    pub expiring_30: u32,
}

pub(crate) struct Sim<'p> {
    pub p: &'p Prepared<'p>,
    pub over: Option<&'p PlanOverride>,
    pub book: LotBook,
    /// Lots that may have minutes available (pruned lazily).
    pub live: Vec<usize>,
    expiries: BinaryHeap<Reverse<(NaiveDate, usize)>>,
    windows: BinaryHeap<Reverse<(NaiveDate, usize)>>,
    pub orders: Vec<OrderSim>,
    pub parts: Vec<Vec<Part>>,
    pub counted: Vec<Minutes>,
    pub quotes: Vec<QuoteState>,
    quote_ix: HashMap<String, usize>,
    /// Plan-rate minutes used per (month, plan period) on post-paid plans.
    pub postpaid_used: HashMap<(Month, usize), u32>,
    allowance_made: Vec<(Month, usize)>,
    pub carryover_lots: Vec<usize>,
    pub months: HashMap<Month, MonthStats>,
    pub credit_notes: Vec<Invoice>,
    pub payouts: Vec<Payout>,
    /// Deductions waiting for a developer's next payout (POLICY §7).
    pub payout_adjustments: Vec<(String, PayoutAdjustment)>,
    pub snapshots: Vec<Snapshot>,
    credit_seq: u32,
    pub scratch: Vec<usize>,
    /// Days the walk visited (what a replay's cost grows with).
    pub visited: usize,
}

pub(crate) fn replay(history: &History) -> Result<Ledger, ReplayError> {
    replay_walking(history, 0, Walk::Jump)
}

/// [`replay`] of a history whose first `stored` events the write path checked when it
/// appended them (`history::prepare_stored`).
pub(crate) fn replay_stored(history: &History, stored: usize) -> Result<Ledger, ReplayError> {
    replay_walking(history, stored, Walk::Jump)
}

/// How the calendar is walked: jumping over days where nothing can happen (always, but for
/// the test that proves jumping changes nothing), or every day.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    Jump,
    EveryDay,
}

pub(crate) fn replay_walking(
    history: &History,
    stored: usize,
    walk: Walk,
) -> Result<Ledger, ReplayError> {
    let prepared = prepare_stored(history, stored)?;
    let sim = simulate_walking(&prepared, None, walk)?;
    let mut sim = sim;
    let mut invoices = close::period_invoices(&sim);
    let pack_invoices = close::pack_invoices(&prepared);
    sim.credit_notes
        .extend(close::cancellation_notes(&prepared));
    sim.credit_notes.sort_by_key(|n| n.issued_on);
    let mut prompts = prompts::at(&sim, prepared.today);
    if let Some(up) = prompts::upgrade(&prepared, &invoices) {
        prompts.push(up);
    }
    invoices.retain(|i| shown(i, prepared.today));
    Ok(sim.into_ledger(history, invoices, pack_invoices, prompts))
}

/// Whether a month invoice is in the ledger: a draft with nothing on it shows only for
/// today's month.
fn shown(i: &Invoice, today: NaiveDate) -> bool {
    !(i.status == InvoiceStatus::Draft
        && i.lines.is_empty()
        && i.costs.is_empty()
        && i.month != Some(Month::of(today)))
}

/// The summary of `month`'s invoice in the ledger of [`replay_stored`]`(history, stored)`,
/// from the same walk without building the rest of the ledger (entry results, pack invoices,
/// credit notes, prompts): for the pages that ask one figure of one month.
pub(crate) fn month_summary(
    history: &History,
    stored: usize,
    month: Month,
) -> Result<Option<Summary>, ReplayError> {
    let prepared = prepare_stored(history, stored)?;
    let sim = simulate(&prepared, None)?;
    Ok(close::period_invoices(&sim)
        .into_iter()
        .find(|i| i.month == Some(month) && shown(i, prepared.today))
        .and_then(|i| i.summary))
}

/// How many days a replay of `history` visits (module docs): what its cost grows with.
pub(crate) fn visited_days(history: &History) -> Result<usize, ReplayError> {
    let prepared = prepare(history)?;
    Ok(simulate(&prepared, None)?.visited)
}

pub(crate) fn simulate<'p>(
    p: &'p Prepared<'p>,
    over: Option<&'p PlanOverride>,
) -> Result<Sim<'p>, ReplayError> {
    simulate_walking(p, over, Walk::Jump)
}

fn simulate_walking<'p>(
    p: &'p Prepared<'p>,
    over: Option<&'p PlanOverride>,
    walk: Walk,
) -> Result<Sim<'p>, ReplayError> {
    let mut sim = Sim {
        p,
        over,
        book: LotBook::default(),
        live: Vec::new(),
        expiries: BinaryHeap::new(),
        windows: BinaryHeap::new(),
        orders: vec![OrderSim::default(); p.orders.len()],
        parts: vec![Vec::new(); p.entries.len()],
        counted: vec![Minutes::ZERO; p.entries.len()],
        quotes: p.quotes.clone(),
        quote_ix: p
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id.clone(), i))
            .collect(),
        postpaid_used: HashMap::new(),
        allowance_made: Vec::new(),
        carryover_lots: Vec::new(),
        months: HashMap::new(),
        credit_notes: Vec::new(),
        payouts: Vec::new(),
        payout_adjustments: Vec::new(),
        snapshots: Vec::new(),
        credit_seq: 0,
        scratch: Vec::new(),
        visited: 0,
    };

    // The day's work, sorted once: payments by payment order, entries by (day, log order).
    let mut payments: Vec<(NaiveDate, usize, usize)> = p
        .orders
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.paid_on.map(|d| (d, o.paid_seq, i)))
        .collect();
    payments.sort_unstable();
    let mut entries: Vec<(NaiveDate, usize, usize)> = p
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.effective, e.event, i))
        .collect();
    entries.sort_unstable();
    let mut reversals: Vec<(NaiveDate, usize, Reversal)> = p
        .entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            e.credit_back
                .map(|(d, ev)| (d, ev, Reversal::CreditBack(i)))
        })
        .chain(
            p.orders
                .iter()
                .enumerate()
                .filter_map(|(i, o)| o.refund.map(|(d, ev)| (d, ev, Reversal::Refund(i)))),
        )
        .collect();
    reversals.sort_unstable_by_key(|r| (r.0, r.1));

    let (mut pi, mut ei, mut ri, mut ai) = (0, 0, 0, 0);
    let mut d = Month::of(p.earliest).first_day();
    let mut month = Month::of(d);
    sim.begin_month(d);
    loop {
        sim.visited += 1;
        if Month::of(d) != month {
            month = Month::of(d);
            sim.begin_month(d);
        }
        sim.grant_allowance(d);
        while pi < payments.len() && payments[pi].0 == d {
            rollover::on_payment(&mut sim, payments[pi].2, d);
            pi += 1;
        }
        while ri < reversals.len() && reversals[ri].0 == d {
            let (_, ev, r) = reversals[ri];
            match r {
                Reversal::CreditBack(e) => sim.credit_back(e, d),
                Reversal::Refund(o) => sim
                    .refund(o, d)
                    .map_err(|rule| ReplayError::new(ev, d, rule))?,
            }
            ri += 1;
        }
        while ei < entries.len() && entries[ei].0 == d {
            let e = entries[ei].2;
            waterfall::cover(&mut sim, e, d)
                .map_err(|rule| ReplayError::new(p.entries[e].event, d, rule))?;
            ei += 1;
        }
        while ai < p.as_of.len() && p.as_of[ai] == d {
            let snap = Snapshot {
                on: d,
                lots: sim.balances(d),
                prompts: prompts::at(&sim, d),
            };
            sim.snapshots.push(snap);
            ai += 1;
        }
        if d >= p.today {
            break;
        }
        sim.end_of_day(d);
        let pending = [
            payments.get(pi).map(|x| x.0),
            reversals.get(ri).map(|x| x.0),
            entries.get(ei).map(|x| x.0),
            p.as_of.get(ai).copied(),
        ];
        d = match walk {
            Walk::Jump => sim.next_day(d, pending.into_iter().flatten().min()),
            Walk::EveryDay => d.succ_opt().expect("date in range"),
        };
    }
    Ok(sim)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reversal {
    CreditBack(usize),
    Refund(usize),
}

impl<'p> Sim<'p> {
    /// The plan in force on `d`, with the index of its period.
    pub fn plan_on(&self, d: NaiveDate) -> Option<(usize, &Plan)> {
        let (i, period) = self.p.plan_on(d)?;
        match self.over {
            Some(o) if o.from <= Month::of(d) && Month::of(d) <= o.to => Some((i, &o.plan)),
            _ => Some((i, &period.plan)),
        }
    }

    /// The next day after `d` on which something can happen (module docs): the next event's
    /// day, today, a lot's last day, a renewal window's end, a plan's first or last day, or —
    /// while the account has a plan ahead or minutes in a lot — the month's last day and the
    /// next month's first. Every day skipped would have changed nothing.
    fn next_day(&self, d: NaiveDate, next_event: Option<NaiveDate>) -> NaiveDate {
        let tomorrow = d.succ_opt().expect("date in range");
        let mut n = next_event.map_or(self.p.today, |e| e.min(self.p.today));
        if let Some(Reverse((last, _))) = self.expiries.peek() {
            n = n.min(*last);
        }
        if let Some(Reverse((end, _))) = self.windows.peek() {
            n = n.min(*end);
        }
        for pp in &self.p.plans {
            if pp.start > d {
                n = n.min(pp.start);
            }
            if let Some(e) = pp.end.filter(|e| *e > d) {
                n = n.min(e);
            }
        }
        let plan_ahead = self.p.plans.iter().any(|pp| pp.end.is_none_or(|e| e >= d));
        let holds_minutes = || {
            self.book
                .lots
                .iter()
                .any(|l| l.lot.available.get() > 0 || l.lot.held.get() > 0)
        };
        if n > tomorrow && (plan_ahead || holds_minutes()) {
            let month_end = Month::of(d).last_day();
            n = n.min(if d < month_end { month_end } else { tomorrow });
        }
        n.max(tomorrow)
    }

    fn begin_month(&mut self, d: NaiveDate) {
        let carried_in = self
            .carryover_lots
            .iter()
            .filter(|&&l| self.book.valid_on(l, d))
            .map(|&l| self.book.lots[l].lot.available.get())
            .sum();
        self.months.entry(Month::of(d)).or_default().carried_in = carried_in;
    }

    /// A maintenance plan's allowance for the month, created on the plan's first day in it
    /// and pro-rated by days (minutes rounded down, POLICY §4).
    fn grant_allowance(&mut self, d: NaiveDate) {
        // An allowance starts on a month's 1st (the walk starts on one) or on a plan's first day.
        if d.day() != 1 && !self.p.plans.iter().any(|pp| pp.start == d) {
            return;
        }
        let Some((pi, plan)) = self.plan_on(d) else {
            return;
        };
        let PlanTerms::Maintenance {
            included_minutes, ..
        } = &plan.terms
        else {
            return;
        };
        let (included_minutes, plan_id) = (*included_minutes, plan.id.clone());
        let m = Month::of(d);
        if self.allowance_made.contains(&(m, pi)) {
            return;
        }
        self.allowance_made.push((m, pi));
        let period = &self.p.plans[pi];
        let days = active_days(period.start, period.end, m);
        let minutes = included_minutes.prorated(days, m.days()).get();
        let n = self.allowance_made.iter().filter(|(x, _)| *x == m).count();
        let id = if n > 1 {
            format!("allowance:{m}#{n}")
        } else {
            format!("allowance:{m}")
        };
        let idx = self.grant(Grant {
            id,
            origin: Origin::Allowance,
            source: format!("plan {plan_id} {m}"),
            pack: None,
            on: d,
            first_day: d,
            last_day: Some(m.last_day()),
            unit_rate: None,
            seller: None,
            minutes: Minutes::new(minutes),
            with: "plan",
            part: PackPart::Own,
            order: None,
        });
        self.months.entry(m).or_default().allowance += minutes;
        let _ = idx;
    }

    pub fn grant(&mut self, g: Grant<'_>) -> usize {
        let last = g.last_day;
        let idx = self.book.grant(g);
        self.live.push(idx);
        if let Some(last) = last {
            self.expiries.push(Reverse((last, idx)));
        }
        idx
    }

    pub fn watch_window(&mut self, end: NaiveDate, order: usize) {
        self.windows.push(Reverse((end, order)));
    }

    fn end_of_day(&mut self, d: NaiveDate) {
        let next = d.succ_opt().expect("date in range");
        let month_end = next.day() == 1;
        if month_end {
            let balances = self.balances(d);
            let horizon = add_days(d, 30);
            let expiring = self
                .book
                .lots
                .iter()
                .filter(|l| l.lot.last_day.is_some_and(|x| x > d && x <= horizon))
                .map(|l| l.lot.available.get())
                .sum();
            let st = self.months.entry(Month::of(d)).or_default();
            st.packs = balances
                .into_iter()
                .filter(|b| b.origin != Origin::Allowance && b.origin != Origin::Carryover)
                .collect();
            st.expiring_30 = expiring;
        }
        while let Some(Reverse((last, idx))) = self.expiries.peek().copied() {
            if last > d {
                break;
            }
            self.expiries.pop();
            self.lot_ends(idx, d, next);
        }
        while let Some(Reverse((end, order))) = self.windows.peek().copied() {
            if end > d {
                break;
            }
            self.windows.pop();
            rollover::window_closed(self, order, next);
            payouts::window_closed(self, order, next);
        }
        // Carryover lapses after the plan's last day, without refund (POLICY §2): the lot shows
        // that day as its last. Only a plan period's last day can end a maintenance plan.
        let maintained = |s: &Self, day| s.plan_on(day).is_some_and(|(_, p)| p.is_maintenance());
        if self.p.plans.iter().any(|pp| pp.end == Some(d))
            && maintained(self, d)
            && !self.continues_maintained(next)
        {
            for l in self.carryover_lots.clone() {
                if self.book.valid_on(l, d) {
                    self.book.lapse(l, d, "plan ended");
                }
            }
        }
        if month_end {
            // Carried out: every carryover minute still usable next month (new and older lots).
            let carried = self
                .carryover_lots
                .iter()
                .filter(|&&l| self.book.valid_on(l, next))
                .map(|&l| self.book.lots[l].lot.available.get())
                .sum();
            self.months
                .entry(Month::of(d))
                .or_default()
                .carried_into_next_month = carried;
        }
    }

    /// Whether a maintenance plan continues on `next`, as the end of the day before decides it
    /// (carryover, lapse): a plan subscribed after that day's month was closed does not count —
    /// the closed month's invoice said what happened at its end, and it is immutable (POLICY §4).
    fn continues_maintained(&self, next: NaiveDate) -> bool {
        self.plan_on(next).is_some_and(|(i, plan)| {
            let period = &self.p.plans[i];
            plan.is_maintenance() && !(period.after_close && period.start == next)
        })
    }

    fn lot_ends(&mut self, idx: usize, d: NaiveDate, next: NaiveDate) {
        match self.book.lots[idx].lot.origin {
            Origin::Allowance => self.carry_over(idx, d, next),
            Origin::Pack => rollover::pack_ends(self, idx, next),
            Origin::Carryover | Origin::Rollover | Origin::Credit => {
                self.book.expire_all(idx, next, "last valid day");
            }
        }
    }

    /// POLICY §2: the month's unused allowance becomes a carryover lot from the next month's 1st,
    /// capped; what is above the cap expires. No carryover when the plan does not continue.
    fn carry_over(&mut self, idx: usize, d: NaiveDate, next: NaiveDate) {
        let first = self.book.lots[idx].lot.first_day;
        let continues = self.continues_maintained(next);
        let terms = self.plan_on(first).map(|(_, p)| p.terms.clone());
        let (
            Some(PlanTerms::Maintenance {
                carryover_cap_minutes,
                carryover_months,
                ..
            }),
            true,
        ) = (terms, continues)
        else {
            self.book.expire_all(idx, next, "month ended");
            return;
        };
        let avail = self.book.lots[idx].lot.available.get();
        let carry = carryover_cap_minutes.map_or(avail, |c| avail.min(c.get()));
        if carry > 0 {
            let m = Month::of(d);
            let id = format!("carryover:{m}");
            let from = self.book.lots[idx].lot.id.clone();
            self.book.move_out(idx, next, carry, &id);
            let c = self.grant(Grant {
                id,
                origin: Origin::Carryover,
                source: from.to_string(),
                pack: None,
                on: next,
                first_day: next,
                last_day: carryover_months.map(|n| m.plus(n).last_day()),
                unit_rate: None,
                seller: None,
                minutes: Minutes::new(carry),
                with: &from,
                part: PackPart::Own,
                order: None,
            });
            self.carryover_lots.push(c);
        }
        self.book.expire_all(idx, next, "above the carryover cap");
    }

    /// POLICY §7 in a closed month: each part is reversed on its own.
    fn credit_back(&mut self, e: usize, d: NaiveDate) {
        let rec = &self.p.entries[e];
        let id = rec.entry.id.clone();
        let mut lines = Vec::new();
        let mut packs = Vec::new();
        for part in self.parts[e].clone() {
            if let Some(lot_id) = &part.lot {
                let idx = self.book.lots.iter().position(|l| &l.lot.id == lot_id);
                packs.extend(idx.and_then(|i| self.pack_of(i)));
                match idx {
                    Some(i) if self.book.valid_on(i, d) => {
                        self.book.give_back(i, d, part.minutes.get(), &id);
                        if !self.live.contains(&i) {
                            self.live.push(i);
                        }
                    }
                    _ => {
                        if let Some(i) = idx {
                            self.count_credited_out(i, part.minutes.get());
                        }
                        self.credit_seq += 1;
                        let cid = format!("credit:{id}:{}", self.credit_seq);
                        self.grant(Grant {
                            id: cid,
                            origin: Origin::Credit,
                            source: format!("credit-back of {id}"),
                            pack: None,
                            on: d,
                            first_day: d,
                            last_day: None,
                            unit_rate: None,
                            seller: None,
                            minutes: part.minutes,
                            with: &id,
                            part: PackPart::Own,
                            order: None,
                        });
                    }
                }
            } else if part.source.is_charged() && !part.amount.is_zero() {
                lines.push(Line {
                    kind: LineKind::Reversal,
                    date: Some(rec.entry.date),
                    description: format!("Credit-back (our bug): {}", rec.entry.title).into(),
                    entry: Some(id.clone()),
                    url: rec.entry.url.clone(),
                    technician: Some(rec.entry.technician.clone()),
                    minutes: Some(part.minutes),
                    source: Some(part.source),
                    rate: part.rate,
                    amount: -part.amount,
                    vat_rate: self.p.ctx.vat_rate(rec.effective),
                });
            }
        }
        packs.sort_unstable();
        packs.dedup();
        for a in packs {
            payouts::credited_back(self, a, d, &id);
        }
        if !lines.is_empty() {
            let month = Month::of(rec.effective);
            let note = close::document(
                self.p,
                Head {
                    key: DocKey::CreditBack(id.to_string()),
                    kind: InvoiceKind::CreditNote,
                    month: None,
                    issued_on: Some(d),
                    refers_to: Some(DocKey::Period(month)),
                    terms_on: rec.effective,
                },
                lines,
                Vec::new(),
                None,
            );
            self.credit_notes.push(note);
        }
    }

    /// The pack order whose payout lot `i`'s minutes count for: a pack's own lot counts for it;
    /// a rolled-in lot for the pack the minutes rolled from.
    fn pack_of(&self, i: usize) -> Option<usize> {
        let l = &self.book.lots[i];
        let o = l.order?;
        if l.lot.origin == Origin::Rollover {
            self.orders[o].received_from
        } else {
            Some(o)
        }
    }

    /// POLICY §7: minutes of lot `i` that came back into a new credit lot no longer count for
    /// its pack's payout.
    fn count_credited_out(&mut self, i: usize, minutes: u32) {
        let rolled = self.book.lots[i].lot.origin == Origin::Rollover;
        if let Some(a) = self.pack_of(i) {
            if rolled {
                self.orders[a].credited_out_rolled += minutes;
            } else {
                self.orders[a].credited_out_own += minutes;
            }
        }
    }

    /// A refund of the pack's unused own minutes at its unit rate: a credit note on its invoice.
    fn refund(&mut self, o: usize, d: NaiveDate) -> Result<(), RuleViolation> {
        let order = &self.p.orders[o];
        let Some(lot) = self.orders[o].lot else {
            return Err(RuleViolation::NotPaid(order.id.clone()));
        };
        // A refund recorded now refunds what it was issued for (POLICY §11 Refunds).
        let n = match self.p.orders[o].refunded_minutes {
            None => self.book.refund_all(lot, d, "refund"),
            Some(m) => self.book.refund(lot, d, m.get(), "refund").ok_or_else(|| {
                RuleViolation::RefundIssued {
                    order: order.id.clone(),
                    minutes: m.get(),
                }
            })?,
        };
        if n == 0 {
            return Err(RuleViolation::NothingToRefund(order.id.clone()));
        }
        self.orders[o].eligible = false;
        self.orders[o].refunded = true;
        let amount = self
            .p
            .ctx
            .currency
            .share(order.net, Minutes::new(n), order.minutes);
        let line = Line {
            kind: LineKind::Refund,
            date: Some(d),
            description: format!("Refund of {} unused minutes of {}", n, order.description).into(),
            entry: None,
            url: None,
            technician: None,
            minutes: Some(Minutes::new(n)),
            source: Some(Source::Pack),
            rate: Some(order.rate),
            amount: -amount,
            vat_rate: self.p.ctx.vat_rate(order.ordered_on),
        };
        let note = close::document(
            self.p,
            Head {
                key: DocKey::Refund(order.id.clone()),
                kind: InvoiceKind::CreditNote,
                month: None,
                issued_on: Some(d),
                refers_to: Some(DocKey::Pack(order.id.clone())),
                terms_on: order.ordered_on,
            },
            vec![line],
            Vec::new(),
            None,
        );
        self.credit_notes.push(note);
        Ok(())
    }

    /// Balances of every lot that still holds minutes on `d`.
    pub fn balances(&self, d: NaiveDate) -> Vec<PackBalance> {
        self.book
            .lots
            .iter()
            .filter(|l| (l.lot.available.get() > 0 && l.lot.first_day <= d) || l.lot.held.get() > 0)
            .map(|l| PackBalance {
                lot: l.lot.id.clone(),
                origin: l.lot.origin,
                pack: self.pack_name(&l.lot),
                available: l.lot.available,
                held: l.lot.held,
                last_day: l.lot.last_day,
            })
            .collect()
    }

    /// The pack a pack or rolled-over lot belongs to, by tier, seller and payment day.
    fn pack_name(&self, lot: &Lot) -> Option<PackName> {
        let order = match lot.origin {
            Origin::Pack => lot.source.as_str(),
            Origin::Rollover => lot.pack.as_deref()?,
            _ => return None,
        };
        let o = self.p.orders.iter().find(|o| o.id == order)?;
        Some(PackName {
            tier: o.description.clone(),
            seller: o.seller.clone(),
            paid_on: o.paid_on?,
        })
    }

    pub fn quote_index(&self, id: &str) -> Option<usize> {
        self.quote_ix.get(id).copied()
    }

    fn into_ledger(
        self,
        h: &History,
        invoices: Vec<Invoice>,
        pack_invoices: Vec<Invoice>,
        prompts: Vec<Prompt>,
    ) -> Ledger {
        let p = self.p;
        let mut order: Vec<usize> = (0..p.entries.len()).collect();
        order.sort_by_key(|&i| (p.entries[i].effective, p.entries[i].event));
        let mut parts = self.parts;
        let credit_notes = self.credit_notes;
        let entries = order
            .into_iter()
            .map(|i| {
                let r = &p.entries[i];
                let parts = std::mem::take(&mut parts[i]);
                // A credited-back entry costs nothing any more; its credit note, if its charged
                // parts needed one, says so.
                let amount = match r.credit_back {
                    Some(_) => p.ctx.zero,
                    None => parts.iter().fold(p.ctx.zero, |sum, x| sum + x.amount),
                };
                // Only a credited-back entry can have a credit note (of its own key).
                let credit_note = r.credit_back.and_then(|_| {
                    let note = DocKey::CreditBack(r.entry.id.to_string());
                    credit_notes.iter().any(|n| n.key == note).then_some(note)
                });
                EntryResult {
                    id: r.entry.id.clone(),
                    date: r.entry.date,
                    effective_date: r.effective,
                    logged_on: r.logged_on,
                    kind: if r.credit_back.is_some() {
                        crate::events::EntryKind::Bug
                    } else {
                        r.entry.kind
                    },
                    minutes: r.entry.minutes,
                    counted_minutes: self.counted[i],
                    title: r.entry.title.clone(),
                    url: r.entry.url.clone(),
                    note: r.entry.note.clone(),
                    technician: r.entry.technician.clone(),
                    quote: r.entry.quote.clone(),
                    parts,
                    amount,
                    credited_back_on: r.credit_back.map(|(d, _)| d),
                    credit_note,
                }
            })
            .collect();
        Ledger {
            account: h.account.id.clone(),
            currency: p.ctx.currency.to_string(),
            today: p.today,
            lots: self.book.lots.into_iter().map(|l| l.lot).collect(),
            entries,
            invoices,
            pack_invoices,
            credit_notes,
            payouts: self.payouts,
            pending_payout_adjustments: self.payout_adjustments,
            prompts,
            quotes: self.quotes,
            closed_through: p.closed_through(),
            snapshots: self.snapshots,
        }
    }
}

/// Days of month `m` covered by a plan running from `start` to `end`.
pub(crate) fn active_days(start: NaiveDate, end: Option<NaiveDate>, m: Month) -> u32 {
    let from = start.max(m.first_day());
    let to = end.map_or(m.last_day(), |e| e.min(m.last_day()));
    if to < from {
        0
    } else {
        (to - from).num_days() as u32 + 1
    }
}
