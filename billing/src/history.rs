//! Pass 1 of a replay: read the events in the order they happened, refuse any that breaks a
//! rule, and settle what each one means once the whole history is known (an entry's final
//! fields and the day it counts on, the plan timeline, the orders, the closes).
//!
//! Validation happens here, in event order, because what is allowed depends on what was true
//! when the event happened (was the month closed, was the quote approved).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::account_terms::{TermsTimeline, check_from};
use crate::catalog::{PackTerms, PackTier, Plan, RatesFrom, Seller};
use crate::dates::{MAX_DAYS_AHEAD, MAX_DAYS_BACK, Month, in_calendar, pack_last_valid_day};
use crate::error::{ReplayError, RuleViolation};
use crate::events::{
    EntryCorrection, EntryKind, Event, EventKind, History, MAX_OPEN_ORDERS, WorkEntry, check_line,
    check_note, check_title, check_url, is_forbidden_char,
};
use crate::ledger::{QuoteState, QuoteStatus};
use crate::money::{Currency, Dec, Minutes, Money, Percent, Rate};
use crate::replay::rollover::RenewalWindow;

pub(crate) struct Ctx {
    pub currency: Currency,
    /// The account's own terms over time (reverse charge, VAT rate and standard rate over the
    /// catalog's): the opening ones, then each `terms_changed` as it is read.
    pub terms: TermsTimeline,
    /// The catalog's rates: its own from the beginning of time, then its dated changes.
    pub rates: Vec<RatesFrom>,
    /// Zero in the currency's minor unit, made once.
    pub zero: Money,
}

impl Ctx {
    fn rates_on(&self, on: NaiveDate) -> &RatesFrom {
        let i = self.rates.partition_point(|r| r.from <= on);
        &self.rates[i.max(1) - 1]
    }

    /// The VAT rate of this account's invoice lines dated `on` (0 when reverse-charged).
    pub fn vat_rate(&self, on: NaiveDate) -> Percent {
        let t = self.terms.on(on);
        if t.reverse_charge {
            Percent::ZERO
        } else {
            t.vat_rate.unwrap_or_else(|| self.rates_on(on).vat_rate)
        }
    }

    /// Whether documents dated by the terms of `on` carry the reverse-charge note.
    pub fn reverse_charge(&self, on: NaiveDate) -> bool {
        self.terms.on(on).reverse_charge
    }

    /// The rate of charged work outside any plan on `on` (POLICY §3).
    pub fn standard_rate(&self, on: NaiveDate) -> Option<Rate> {
        self.terms
            .on(on)
            .standard_rate
            .or_else(|| self.rates_on(on).standard_rate)
    }
}

#[derive(Clone)]
pub(crate) struct PlanPeriod {
    pub plan: Plan,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// Subscribed when the month before its start was already closed: that month's end (its
    /// carryover, a lapse with the old plan) was decided without it and stays so (POLICY §4).
    pub after_close: bool,
}

impl PlanPeriod {
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d <= e)
    }
}

pub(crate) struct Order {
    pub id: String,
    pub description: String,
    pub minutes: Minutes,
    pub rate: Rate,
    pub discount: Option<Percent>,
    pub net: Money,
    pub seller: Option<String>,
    pub validity_months: Option<u32>,
    /// Its renewal window (POLICY §5) and payout commission (§6), as sold.
    pub window: RenewalWindow,
    pub commission: Percent,
    pub ordered_on: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub reference: Option<String>,
    /// Event index of the payment: the payment order for "ties by earliest payment".
    pub paid_seq: usize,
    pub refund: Option<(NaiveDate, usize)>,
    /// The minutes its refund was issued for (None: every unused own minute, as stored before).
    pub refunded_minutes: Option<Minutes>,
    /// Cancelled before payment: (day, event index). Its invoice is reversed by a credit note.
    pub cancelled: Option<(NaiveDate, usize)>,
}

impl Order {
    pub fn last_day(&self) -> Option<NaiveDate> {
        match (self.paid_on, self.validity_months) {
            (Some(p), Some(n)) => Some(pack_last_valid_day(p, n)),
            _ => None,
        }
    }
}

pub(crate) struct EntryRec<'h> {
    /// Borrowed from the history; owned only once corrected.
    pub entry: Cow<'h, WorkEntry>,
    pub logged_on: NaiveDate,
    pub event: usize,
    pub effective: NaiveDate,
    /// Re-marked `bug` after its month closed: (day, event index).
    pub credit_back: Option<(NaiveDate, usize)>,
}

pub(crate) struct CostRec {
    pub id: String,
    pub date: NaiveDate,
    pub effective: NaiveDate,
    pub vendor: String,
    pub description: String,
    pub amount: Money,
    pub currency: Currency,
    pub conversion_rate: Dec,
    pub markup: Percent,
}

pub(crate) struct Prepared<'h> {
    pub ctx: Ctx,
    pub today: NaiveDate,
    pub earliest: NaiveDate,
    pub plans: Vec<PlanPeriod>,
    pub orders: Vec<Order>,
    pub entries: Vec<EntryRec<'h>>,
    pub quotes: Vec<QuoteState>,
    pub costs: Vec<CostRec>,
    /// Each closed month with the day it was closed.
    pub closes: Vec<(Month, NaiveDate)>,
    pub as_of: Vec<NaiveDate>,
    pub rollover_effective_from: Option<NaiveDate>,
    /// The catalog's plans, for upgrade suggestions.
    pub catalog_plans: Vec<Plan>,
}

impl Prepared<'_> {
    pub fn closed_through(&self) -> Option<Month> {
        self.closes.last().map(|(m, _)| *m)
    }

    pub fn plan_on(&self, d: NaiveDate) -> Option<(usize, &PlanPeriod)> {
        self.plans
            .iter()
            .enumerate()
            .rev()
            .find(|(_, p)| p.covers(d))
    }
}

struct Reader<'h> {
    h: &'h History,
    p: Prepared<'h>,
    entry_ix: HashMap<crate::Text, usize, BuildHasherDefault<Fnv>>,
    order_ix: HashMap<String, usize>,
    quote_ix: HashMap<String, usize>,
    references: HashMap<String, usize>,
    /// The day of the latest refund recorded so far (POLICY §11 Refunds).
    refunded_through: Option<NaiveDate>,
    /// The event being read is not one of the stored ones: its own fields are checked.
    fresh: bool,
}

pub(crate) fn prepare(h: &History) -> Result<Prepared<'_>, ReplayError> {
    prepare_stored(h, 0)
}

/// [`prepare`] of a history whose first `stored` events were each checked by a replay when the
/// write path appended them (events never change once stored): a work entry's own fields — its
/// id, text, minutes and how far back its date lies — are not checked again. Every rule that
/// depends on what came before (a closed month, an approved quote, a duplicate id) still runs.
pub(crate) fn prepare_stored(h: &History, stored: usize) -> Result<Prepared<'_>, ReplayError> {
    let first = h.events.first().map(|e| e.on);
    let today = match (h.today, h.events.last()) {
        (Some(t), Some(last)) if t < last.on => {
            return Err(ReplayError::new(
                h.events.len() - 1,
                last.on,
                RuleViolation::TodayBeforeLastEvent {
                    today: t.to_string(),
                    last: last.on.to_string(),
                },
            ));
        }
        (Some(t), _) => t,
        (None, Some(last)) => last.on,
        (None, None) => {
            return Err(ReplayError::new(
                0,
                NaiveDate::MIN,
                RuleViolation::EmptyHistory,
            ));
        }
    };
    if !in_calendar(today) {
        return Err(ReplayError::new(
            h.events.len().saturating_sub(1),
            today,
            RuleViolation::DateOutOfRange {
                date: today.to_string(),
            },
        ));
    }
    h.catalog
        .check()
        .map_err(|e| ReplayError::new(0, today, RuleViolation::BadCatalog(e)))?;
    if h.account.currency != h.catalog.currency {
        return Err(ReplayError::new(
            0,
            first.unwrap_or(today),
            RuleViolation::WrongCurrency {
                expected: h.catalog.currency.to_string(),
                got: h.account.currency.to_string(),
            },
        ));
    }
    let ctx = Ctx {
        currency: h.account.currency,
        terms: TermsTimeline::opening(&h.account),
        rates: std::iter::once(h.catalog.rates_on(NaiveDate::MIN))
            .chain(h.catalog.rate_changes.iter().copied())
            .collect(),
        zero: h.account.currency.zero(),
    };
    let mut r = Reader {
        h,
        p: Prepared {
            ctx,
            today,
            earliest: first.unwrap_or(today),
            plans: Vec::new(),
            orders: Vec::new(),
            entries: Vec::with_capacity(h.events.len()),
            quotes: Vec::new(),
            costs: Vec::new(),
            closes: Vec::new(),
            as_of: Vec::new(),
            rollover_effective_from: h.catalog.rollover_effective_from,
            catalog_plans: h.catalog.plans.clone(),
        },
        entry_ix: HashMap::with_capacity_and_hasher(h.events.len(), Default::default()),
        order_ix: HashMap::new(),
        quote_ix: HashMap::new(),
        references: HashMap::new(),
        refunded_through: None,
        fresh: true,
    };
    let mut last_on = first.unwrap_or(today);
    for (i, ev) in h.events.iter().enumerate() {
        if ev.on < last_on {
            return Err(ReplayError::new(
                i,
                ev.on,
                RuleViolation::OutOfOrder(ev.on.to_string()),
            ));
        }
        last_on = ev.on;
        if !in_calendar(ev.on) {
            return Err(ReplayError::new(
                i,
                ev.on,
                RuleViolation::DateOutOfRange {
                    date: ev.on.to_string(),
                },
            ));
        }
        r.fresh = i >= stored;
        r.event(i, ev)
            .map_err(|rule| ReplayError::new(i, ev.on, rule))?;
    }
    Ok(r.p)
}

fn check_id(id: &str) -> Result<(), RuleViolation> {
    if id.is_empty() || id.len() > 100 || id.chars().any(|c| is_forbidden_char(c, false)) {
        return Err(RuleViolation::BadId(id.chars().take(100).collect()));
    }
    Ok(())
}

/// Docs "Dates": a date an event carries (work done, a vendor's invoice, a plan's start or end)
/// lies in the calendar and at most [`MAX_DAYS_BACK`] days before the day the event is recorded;
/// plan dates also at most [`MAX_DAYS_AHEAD`] days after it. This bounds how far back a replay
/// starts, whatever the input.
fn check_dated(
    what: &'static str,
    date: NaiveDate,
    on: NaiveDate,
    ahead: bool,
) -> Result<(), RuleViolation> {
    if !in_calendar(date) {
        return Err(RuleViolation::DateOutOfRange {
            date: date.to_string(),
        });
    }
    let days = (date - on).num_days();
    if days < -MAX_DAYS_BACK {
        return Err(RuleViolation::DateTooFarBack {
            what: what.into(),
            date: date.to_string(),
            on: on.to_string(),
            max_days: MAX_DAYS_BACK,
        });
    }
    if ahead && days > MAX_DAYS_AHEAD {
        return Err(RuleViolation::DateTooFarAhead {
            what: what.into(),
            date: date.to_string(),
            on: on.to_string(),
            max_days: MAX_DAYS_AHEAD,
        });
    }
    Ok(())
}

/// A work entry's own fields, whatever came before it: not in the future, dated in bounds, its
/// minutes, title, link, note and technician well formed.
fn check_entry_fields(e: &WorkEntry, on: NaiveDate) -> Result<(), RuleViolation> {
    if e.date > on {
        return Err(RuleViolation::EntryInFuture {
            date: e.date.to_string(),
            on: on.to_string(),
        });
    }
    check_dated("the work date", e.date, on, false)?;
    Minutes::entry(e.minutes.get()).map_err(invalid)?;
    check_title(&e.title).map_err(invalid)?;
    if let Some(u) = &e.url {
        check_url(u).map_err(invalid)?;
    }
    check_note(&e.note).map_err(invalid)?;
    check_id(&e.technician)
}

fn invalid(e: crate::error::ParseError) -> RuleViolation {
    RuleViolation::BadValue(e)
}

impl<'h> Reader<'h> {
    fn is_closed(&self, m: Month) -> bool {
        self.p.closed_through().is_some_and(|c| m <= c)
    }

    fn see(&mut self, d: NaiveDate) {
        if d < self.p.earliest {
            self.p.earliest = d;
        }
    }

    /// POLICY §3: an entry (or cost) dated in an already closed month counts as if dated on
    /// the day it was logged.
    fn effective(&self, date: NaiveDate, on: NaiveDate) -> NaiveDate {
        if self.is_closed(Month::of(date)) {
            on
        } else {
            date
        }
    }

    /// [`Self::effective`] for work, which draws on lots: POLICY §11, work dated before a refund
    /// recorded earlier counts as if dated on the refund's day — the refund's credit note is
    /// issued when it is recorded, and no work logged later reaches behind it.
    fn work_effective(&self, date: NaiveDate, on: NaiveDate) -> NaiveDate {
        let d = self.effective(date, on);
        self.refunded_through.map_or(d, |r| d.max(r))
    }

    fn check_entry(
        &self,
        e: &WorkEntry,
        on: NaiveDate,
        new_quote: bool,
    ) -> Result<(), RuleViolation> {
        if self.fresh {
            check_entry_fields(e, on)?;
        }
        if let Some(q) = &e.quote {
            let qi = *self
                .quote_ix
                .get(&**q)
                .ok_or_else(|| RuleViolation::UnknownQuote(q.to_string()))?;
            let quote = &self.p.quotes[qi];
            if e.kind != EntryKind::Project && e.kind != EntryKind::Bug {
                return Err(RuleViolation::QuoteNeedsProject(q.to_string()));
            }
            if *quote.developer != *e.technician {
                return Err(RuleViolation::QuoteOfAnotherDeveloper {
                    quote: q.to_string(),
                    developer: quote.developer.clone(),
                    technician: e.technician.to_string(),
                });
            }
            if new_quote && quote.status != QuoteStatus::Approved {
                return Err(RuleViolation::QuoteNotApproved {
                    quote: q.to_string(),
                    status: quote.status.as_str().into(),
                });
            }
        }
        Ok(())
    }

    /// One event, read in order: each family of events has its own reader below.
    fn event(&mut self, i: usize, ev: &'h Event) -> Result<(), RuleViolation> {
        let (on, what) = (ev.on, &ev.what);
        match what {
            EventKind::PlanSubscribed { .. }
            | EventKind::PlanChanged { .. }
            | EventKind::PlanEnded { .. } => self.plan_event(on, what),
            EventKind::PackOrdered { .. }
            | EventKind::PaymentRecorded { .. }
            | EventKind::PackRefunded { .. }
            | EventKind::PackCancelled { .. } => self.order_event(i, on, what),
            EventKind::EntryLogged(_)
            | EventKind::EntryCorrected { .. }
            | EventKind::EntryRemarked { .. } => self.entry_event(i, on, what),
            EventKind::QuoteOffered { .. }
            | EventKind::QuoteApproved { .. }
            | EventKind::QuoteDeclined { .. }
            | EventKind::QuoteCancelled { .. } => self.quote_event(what),
            EventKind::CostReinvoiced { .. } => self.cost_event(on, what),
            EventKind::TermsChanged { .. } => self.terms_event(on, what),
            EventKind::MonthClosed { .. } | EventKind::AsOf => self.close_event(on, what),
        }
    }

    /// New account terms start in a month after the event's, so no issued invoice and not the
    /// open month's draft reads them (POLICY §9).
    fn terms_event(&mut self, on: NaiveDate, what: &'h EventKind) -> Result<(), RuleViolation> {
        let change = what
            .terms_from()
            .expect("terms_event is called only for terms_changed");
        check_from(Month::of(change.from), on)?;
        self.p.ctx.terms.set(change);
        Ok(())
    }

    /// A plan event's terms: its own copy, else the catalog's plan (POLICY §9).
    fn plan_terms(&self, id: &str, terms: Option<&'h Plan>) -> Result<&'h Plan, RuleViolation> {
        match terms {
            Some(t) if t.id == id => Ok(t),
            Some(t) => Err(RuleViolation::BadCatalog(format!(
                "the terms of plan \"{id}\" name plan \"{}\"",
                t.id
            ))),
            None => self
                .h
                .catalog
                .plan(id)
                .ok_or_else(|| RuleViolation::UnknownPlan(id.to_string())),
        }
    }

    /// Plans (POLICY §4): a subscription, a change from next month, an end.
    fn plan_event(&mut self, on: NaiveDate, what: &'h EventKind) -> Result<(), RuleViolation> {
        match what {
            EventKind::PlanSubscribed { plan, start, terms } => {
                let plan = self.plan_terms(plan, terms.as_deref())?;
                check_dated("the plan's start", *start, on, true)?;
                if self.is_closed(Month::of(*start)) {
                    return Err(RuleViolation::PlanDateInClosedMonth(start.to_string()));
                }
                if self
                    .p
                    .plans
                    .iter()
                    .any(|p| p.end.is_none_or(|e| e >= *start))
                {
                    return Err(RuleViolation::PlanAlreadyActive);
                }
                self.see(*start);
                let after_close = start
                    .pred_opt()
                    .is_some_and(|d| self.is_closed(Month::of(d)));
                self.p.plans.push(PlanPeriod {
                    plan: plan.clone(),
                    start: *start,
                    end: None,
                    after_close,
                });
            }
            EventKind::PlanChanged { plan, terms } => {
                let plan = self.plan_terms(plan, terms.as_deref())?;
                // Plan changes take effect on the 1st of the next month (POLICY §4).
                let month_end = Month::of(on).last_day();
                let cur = self
                    .p
                    .plans
                    .last_mut()
                    .filter(|p| p.end.is_none_or(|e| e > month_end))
                    .ok_or(RuleViolation::NoActivePlan)?;
                let old_end = cur.end;
                let start = month_end.succ_opt().expect("date in range");
                if cur.start >= start {
                    // A plan that has not started yet is simply replaced.
                    cur.plan = plan.clone();
                } else {
                    cur.end = Some(month_end);
                    // A change starts the month after the one it is made in: never closed.
                    self.p.plans.push(PlanPeriod {
                        plan: plan.clone(),
                        start,
                        end: old_end,
                        after_close: false,
                    });
                }
            }
            EventKind::PlanEnded { last_day } => {
                check_dated("the plan's last day", *last_day, on, true)?;
                if self.is_closed(Month::of(*last_day)) {
                    return Err(RuleViolation::PlanDateInClosedMonth(last_day.to_string()));
                }
                let cur = self
                    .p
                    .plans
                    .last_mut()
                    .filter(|p| p.end.is_none_or(|e| e >= *last_day) && p.start <= *last_day)
                    .ok_or(RuleViolation::NoActivePlan)?;
                cur.end = Some(*last_day);
            }
            _ => unreachable!("plan_event is called only for its own events"),
        }
        Ok(())
    }

    /// Pack orders (POLICY §2, §4, §10): ordering, payment, refund, cancellation.
    fn order_event(
        &mut self,
        i: usize,
        on: NaiveDate,
        what: &'h EventKind,
    ) -> Result<(), RuleViolation> {
        match what {
            EventKind::PackOrdered {
                order,
                tier,
                hours,
                seller,
                terms,
            } => {
                let terms = match terms {
                    Some(t) if t.tier.id == *tier => Cow::Borrowed(&**t),
                    Some(t) => {
                        return Err(RuleViolation::BadCatalog(format!(
                            "the terms of tier \"{tier}\" name tier \"{}\"",
                            t.tier.id
                        )));
                    }
                    None => Cow::Owned(
                        self.h
                            .catalog
                            .pack_terms(tier, on)
                            .ok_or_else(|| RuleViolation::UnknownTier(tier.to_string()))?,
                    ),
                };
                self.pack_ordered(on, order, &terms, *hours, seller.as_ref())
            }
            EventKind::PaymentRecorded {
                order, reference, ..
            } => self.payment_recorded(i, on, order, reference),
            EventKind::PackRefunded { order, minutes } => {
                // Work logged from now on and dated before today counts from today (POLICY §11).
                self.refunded_through = self.refunded_through.max(Some(on));
                let o = self.order_mut(order)?;
                if o.paid_on.is_none() {
                    return Err(RuleViolation::NotPaid(order.clone()));
                }
                if o.refund.is_some() {
                    return Err(RuleViolation::OrderRefunded(order.clone()));
                }
                o.refund = Some((on, i));
                o.refunded_minutes = *minutes;
                Ok(())
            }
            EventKind::PackCancelled { order } => {
                let o = self.order_mut(order)?;
                if o.cancelled.is_some() {
                    return Err(RuleViolation::OrderCancelled(order.clone()));
                }
                if o.paid_on.is_some() {
                    return Err(RuleViolation::CancelPaidOrder(order.clone()));
                }
                o.cancelled = Some((on, i));
                Ok(())
            }
            _ => unreachable!("order_event is called only for its own events"),
        }
    }

    fn pack_ordered(
        &mut self,
        on: NaiveDate,
        order: &str,
        terms: &PackTerms,
        hours: Option<u32>,
        seller: Option<&String>,
    ) -> Result<(), RuleViolation> {
        check_id(order)?;
        if self.order_ix.contains_key(order) {
            return Err(RuleViolation::DuplicateOrder(order.to_string()));
        }
        // POLICY §10.2: every order issues an invoice number, so an account has at most
        // MAX_OPEN_ORDERS unpaid ones at a time.
        let open = self
            .p
            .orders
            .iter()
            .filter(|o| o.paid_on.is_none() && o.cancelled.is_none())
            .count();
        if open >= MAX_OPEN_ORDERS {
            return Err(RuleViolation::TooManyOpenOrders {
                limit: MAX_OPEN_ORDERS,
            });
        }
        let t = &terms.tier;
        let minutes = pack_minutes(t, hours)?;
        let seller = pack_seller(t, seller)?;
        let base = t
            .rate
            .or(self.p.ctx.terms.on(on).standard_rate)
            .or(terms.standard_rate)
            .ok_or(RuleViolation::NoStandardRate)?;
        let discount = terms
            .bulk_discount
            .filter(|b| minutes >= b.min_minutes)
            .map(|b| b.percent);
        let rate = discount.map_or(base, |d| base.discounted(d));
        self.p.orders.push(Order {
            id: order.to_string(),
            description: t.name.clone(),
            minutes,
            rate,
            discount,
            net: self.p.ctx.currency.amount(minutes, rate),
            seller,
            validity_months: t.validity_months,
            window: RenewalWindow {
                before: terms.renewal_window_days,
                grace: terms.grace_days,
            },
            commission: terms.commission,
            ordered_on: on,
            paid_on: None,
            reference: None,
            paid_seq: usize::MAX,
            refund: None,
            refunded_minutes: None,
            cancelled: None,
        });
        self.order_ix
            .insert(order.to_string(), self.p.orders.len() - 1);
        Ok(())
    }

    fn payment_recorded(
        &mut self,
        i: usize,
        on: NaiveDate,
        order: &str,
        reference: &str,
    ) -> Result<(), RuleViolation> {
        check_id(reference)?;
        let oi = *self
            .order_ix
            .get(order)
            .ok_or_else(|| RuleViolation::UnknownOrder(order.to_string()))?;
        if let Some(&other) = self.references.get(reference)
            && other != oi
        {
            return Err(RuleViolation::ReferenceReused(reference.to_string()));
        }
        let o = &mut self.p.orders[oi];
        if o.cancelled.is_some() {
            return Err(RuleViolation::OrderCancelled(order.to_string()));
        }
        if let Some(r) = &o.reference {
            return Err(RuleViolation::AlreadyPaid {
                order: order.to_string(),
                reference: r.clone(),
            });
        }
        o.paid_on = Some(on);
        o.reference = Some(reference.to_string());
        o.paid_seq = i;
        self.references.insert(reference.to_string(), oi);
        Ok(())
    }

    /// Work entries (POLICY §3, §7): logging, correcting, re-marking.
    fn entry_event(
        &mut self,
        i: usize,
        on: NaiveDate,
        what: &'h EventKind,
    ) -> Result<(), RuleViolation> {
        match what {
            EventKind::EntryLogged(e) => self.entry_logged(i, on, e),
            EventKind::EntryCorrected {
                entry,
                correction: c,
            } => self.entry_corrected(on, entry, c),
            EventKind::EntryRemarked { entry, kind } => self.entry_remarked(i, on, entry, *kind),
            _ => unreachable!("entry_event is called only for its own events"),
        }
    }

    fn entry_logged(
        &mut self,
        i: usize,
        on: NaiveDate,
        e: &'h WorkEntry,
    ) -> Result<(), RuleViolation> {
        if self.fresh {
            check_id(&e.id)?;
        }
        if self.entry_ix.contains_key(&e.id) {
            return Err(RuleViolation::DuplicateEntry(e.id.to_string()));
        }
        self.check_entry(e, on, true)?;
        self.see(e.date);
        let effective = self.work_effective(e.date, on);
        self.p.entries.push(EntryRec {
            entry: Cow::Borrowed(e),
            logged_on: on,
            event: i,
            effective,
            credit_back: None,
        });
        self.entry_ix.insert(e.id.clone(), self.p.entries.len() - 1);
        Ok(())
    }

    fn entry_index(&self, entry: &str) -> Result<usize, RuleViolation> {
        self.entry_ix
            .get(entry)
            .copied()
            .ok_or_else(|| RuleViolation::UnknownEntry(entry.to_string()))
    }

    /// An edit, only while the entry's month (and the month of a new date) is open.
    fn entry_corrected(
        &mut self,
        on: NaiveDate,
        entry: &str,
        c: &EntryCorrection,
    ) -> Result<(), RuleViolation> {
        let ei = self.entry_index(entry)?;
        let rec = &self.p.entries[ei];
        if self.is_closed(Month::of(rec.effective)) {
            return Err(RuleViolation::EntryInClosedMonth(entry.to_string()));
        }
        if let Some(d) = c.date {
            if self.fresh {
                check_dated("the work date", d, on, false)?;
            }
            if self.is_closed(Month::of(d)) {
                return Err(RuleViolation::EntryInClosedMonth(entry.to_string()));
            }
        }
        let e = corrected(&rec.entry, c);
        let new_quote = e.quote != rec.entry.quote;
        self.check_entry(&e, on, new_quote)?;
        let effective = if c.date.is_some() {
            self.work_effective(e.date, on)
        } else {
            rec.effective
        };
        self.see(e.date);
        let rec = &mut self.p.entries[ei];
        rec.entry = Cow::Owned(e);
        rec.effective = effective;
        Ok(())
    }

    /// A re-mark; in a closed month only as our bug, which is a credit-back (POLICY §7).
    fn entry_remarked(
        &mut self,
        i: usize,
        on: NaiveDate,
        entry: &str,
        kind: EntryKind,
    ) -> Result<(), RuleViolation> {
        let ei = self.entry_index(entry)?;
        let closed = self.is_closed(Month::of(self.p.entries[ei].effective));
        let rec = &mut self.p.entries[ei];
        if rec.entry.kind == EntryKind::Bug || rec.credit_back.is_some() {
            return Err(RuleViolation::AlreadyBug(entry.to_string()));
        }
        if closed {
            if kind != EntryKind::Bug {
                return Err(RuleViolation::EntryInClosedMonth(entry.to_string()));
            }
            rec.credit_back = Some((on, i));
            return Ok(());
        }
        if let Some(q) = &rec.entry.quote
            && !matches!(kind, EntryKind::Project | EntryKind::Bug)
        {
            return Err(RuleViolation::QuoteNeedsProject(q.to_string()));
        }
        rec.entry.to_mut().kind = kind;
        Ok(())
    }

    /// Quotes (POLICY §6): offered, then approved, declined or cancelled.
    fn quote_event(&mut self, what: &'h EventKind) -> Result<(), RuleViolation> {
        match what {
            EventKind::QuoteOffered {
                id,
                developer,
                project,
                title,
                estimate_minutes,
                rate,
            } => {
                check_id(id)?;
                check_id(developer)?;
                if !project.is_empty() {
                    check_line("the project", project, 200).map_err(invalid)?;
                }
                if self.quote_ix.contains_key(id) {
                    return Err(RuleViolation::DuplicateQuote(id.clone()));
                }
                Minutes::grant(estimate_minutes.get()).map_err(invalid)?;
                check_title(title).map_err(invalid)?;
                self.p.quotes.push(QuoteState {
                    id: id.clone(),
                    developer: developer.clone(),
                    project: project.clone(),
                    title: title.clone(),
                    estimate_minutes: *estimate_minutes,
                    rate: *rate,
                    status: QuoteStatus::Offered,
                    covered_minutes: Minutes::ZERO,
                    charged_minutes: Minutes::ZERO,
                    over_quote_minutes: Minutes::ZERO,
                });
                self.quote_ix.insert(id.clone(), self.p.quotes.len() - 1);
            }
            EventKind::QuoteApproved { quote } => self.quote_to(
                quote,
                QuoteStatus::Approved,
                "approved",
                &[QuoteStatus::Offered],
            )?,
            EventKind::QuoteDeclined { quote } => self.quote_to(
                quote,
                QuoteStatus::Declined,
                "declined",
                &[QuoteStatus::Offered],
            )?,
            EventKind::QuoteCancelled { quote } => self.quote_to(
                quote,
                QuoteStatus::Cancelled,
                "cancelled",
                &[QuoteStatus::Offered, QuoteStatus::Approved],
            )?,
            _ => unreachable!("quote_event is called only for its own events"),
        }
        Ok(())
    }

    /// Re-invoiced third-party costs (POLICY §4).
    fn cost_event(&mut self, on: NaiveDate, what: &'h EventKind) -> Result<(), RuleViolation> {
        match what {
            EventKind::CostReinvoiced {
                id,
                date,
                vendor,
                description,
                amount,
                currency,
                conversion_rate,
                markup,
            } => {
                check_id(id)?;
                if self.p.costs.iter().any(|c| &c.id == id) {
                    return Err(RuleViolation::DuplicateCost(id.clone()));
                }
                if amount.is_negative() || amount.is_zero() {
                    return Err(RuleViolation::CostNotPositive);
                }
                if *date > on {
                    return Err(RuleViolation::CostInFuture {
                        date: date.to_string(),
                        on: on.to_string(),
                    });
                }
                check_dated("the vendor invoice's date", *date, on, false)?;
                if !description.is_empty() {
                    check_line("the description", description, 500).map_err(invalid)?;
                }
                let conversion_rate = match conversion_rate {
                    Some(r) if r.0 > Decimal::ZERO => *r,
                    Some(_) => return Err(RuleViolation::ConversionRateNotPositive),
                    None if *currency == self.p.ctx.currency => Dec(Decimal::ONE),
                    None => return Err(RuleViolation::ConversionRateRequired),
                };
                check_line("the vendor", vendor, 200).map_err(invalid)?;
                let effective = self.effective(*date, on);
                self.see(*date);
                self.p.costs.push(CostRec {
                    id: id.clone(),
                    date: *date,
                    effective,
                    vendor: vendor.clone(),
                    description: description.clone(),
                    amount: *amount,
                    currency: *currency,
                    conversion_rate,
                    markup: markup.unwrap_or(Percent::ZERO),
                });
            }
            _ => unreachable!("cost_event is called only for its own events"),
        }
        Ok(())
    }

    /// Month closes (POLICY §4) and snapshots asked for.
    fn close_event(&mut self, on: NaiveDate, what: &'h EventKind) -> Result<(), RuleViolation> {
        match what {
            EventKind::MonthClosed { month } => {
                if on <= month.last_day() {
                    return Err(RuleViolation::MonthNotEnded {
                        month: month.to_string(),
                        on: on.to_string(),
                    });
                }
                // Closing a closed month again changes nothing and returns the same invoice.
                if !self.is_closed(*month) {
                    // Earlier months still open are closed first, in order: a month is frozen
                    // only when everything before it is.
                    let mut m = self
                        .p
                        .closed_through()
                        .map(Month::next)
                        .unwrap_or_else(|| Month::of(self.p.earliest));
                    while m <= *month {
                        self.p.closes.push((m, on));
                        m = m.next();
                    }
                    if self.p.closed_through() != Some(*month) {
                        self.p.closes.push((*month, on));
                    }
                }
            }
            EventKind::AsOf => self.p.as_of.push(on),
            _ => unreachable!("close_event is called only for its own events"),
        }
        Ok(())
    }

    /// The order named `order`, to change it.
    fn order_mut(&mut self, order: &str) -> Result<&mut Order, RuleViolation> {
        let oi = *self
            .order_ix
            .get(order)
            .ok_or_else(|| RuleViolation::UnknownOrder(order.to_string()))?;
        Ok(&mut self.p.orders[oi])
    }

    fn quote_to(
        &mut self,
        quote: &str,
        to: QuoteStatus,
        action: &str,
        from: &[QuoteStatus],
    ) -> Result<(), RuleViolation> {
        let qi = *self
            .quote_ix
            .get(quote)
            .ok_or_else(|| RuleViolation::UnknownQuote(quote.to_string()))?;
        let q = &mut self.p.quotes[qi];
        if !from.contains(&q.status) {
            return Err(RuleViolation::QuoteTransition {
                quote: quote.to_string(),
                status: q.status.as_str().into(),
                action: action.into(),
            });
        }
        q.status = to;
        Ok(())
    }
}

/// FNV-1a: ids are short and trusted to be ours; SipHash's DoS resistance buys nothing here
/// and costs a tenth of a replay.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A pack's minutes: the tier's size, or the hours ordered for a tier without one (POLICY §2).
fn pack_minutes(t: &PackTier, hours: Option<u32>) -> Result<Minutes, RuleViolation> {
    match (t.minutes, hours) {
        (Some(m), None) => Ok(m),
        (Some(_), Some(_)) => Err(RuleViolation::FixedTier(t.id.clone())),
        (None, Some(h)) => Minutes::grant(h.saturating_mul(60)).map_err(invalid),
        (None, None) => Err(RuleViolation::HoursRequired(t.id.clone())),
    }
}

/// A developer's tier names its seller; the agency's tiers have none (POLICY §6).
fn pack_seller(t: &PackTier, seller: Option<&String>) -> Result<Option<String>, RuleViolation> {
    match (t.seller, seller) {
        (Seller::Developer, Some(s)) => {
            check_id(s)?;
            Ok(Some(s.clone()))
        }
        (Seller::Developer, None) => Err(RuleViolation::SellerRequired(t.id.clone())),
        (Seller::Agency, None) => Ok(None),
        (Seller::Agency, Some(_)) => Err(RuleViolation::NoSellerForAgencyTier(t.id.clone())),
    }
}

/// `e` with the fields `c` changes; an empty link or quote removes it.
fn corrected(e: &WorkEntry, c: &EntryCorrection) -> WorkEntry {
    let mut e = e.clone();
    let some_text = |t: &String| (!t.trim().is_empty()).then(|| t.as_str().into());
    if let Some(d) = c.date {
        e.date = d;
    }
    if let Some(m) = c.minutes {
        e.minutes = m;
    }
    if let Some(k) = c.kind {
        e.kind = k;
    }
    if let Some(t) = &c.title {
        e.title = t.as_str().into();
    }
    if let Some(u) = &c.url {
        e.url = some_text(u);
    }
    if let Some(n) = &c.note {
        e.note = n.as_str().into();
    }
    if let Some(q) = &c.quote {
        e.quote = some_text(q);
    }
    e
}
