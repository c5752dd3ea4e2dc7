//! What-if questions the pages ask, answered by the same replay as the invoices (POLICY §3:
//! "a what-if preview is the same function with the hypothetical entries or purchases
//! appended"): what logging an entry would do ([`preview_entry`]), and what buying a pack
//! would do ([`quote_pack`]): its invoice, its lot if paid today, the minutes of expiring
//! packs that would roll into it, and what would expire without it and with it.

use chrono::NaiveDate;

use crate::catalog::{Catalog, Seller};
use crate::dates::Month;
use crate::error::{ParseError, RuleViolation};
use crate::events::{EntryForm, Event, EventKind, FieldError, History, check_line};
use crate::ledger::{
    DocKey, Invoice, InvoiceKind, Ledger, Lot, Origin, Part, Prompt, Source, Summary,
};
use crate::money::{Minutes, Money};
use crate::{ReplayError, replay, what_if};

/// The order id a what-if uses; never stored.
pub const WHAT_IF_ORDER: &str = "what-if";

/// What ordering (and, with `paid`, paying today) a pack would do.
#[derive(Debug, Clone, PartialEq)]
pub struct PackQuote {
    pub invoice: Invoice,
    /// The pack's own lot, if paid today.
    pub lot: Option<Lot>,
    /// Minutes of expiring packs that would roll into it (POLICY §5).
    pub rolled_in: Minutes,
    /// Minutes that expire unused by the end of today's open renewal windows: without the
    /// pack, and with it.
    pub expiring: (Minutes, Minutes),
}

fn expired_total(l: &Ledger) -> u32 {
    l.lots.iter().map(|l| l.expired.get()).sum()
}

/// The most hours one order of a tier without a size may have.
pub const MAX_ORDER_HOURS: u32 = 10_000;

/// A pack chosen on a form: its tier, the hours (only for a tier without a size) and the seller
/// (only for a developer's tier). One parser for the order form, the what-if panel and the
/// server's `order_pack`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackChoice {
    pub tier: String,
    pub hours: Option<u32>,
    pub seller: Option<String>,
}

impl PackChoice {
    /// Parse the form's fields against the account's catalog; a refusal names its field.
    pub fn parse(
        catalog: &Catalog,
        tier: &str,
        hours: &str,
        seller: &str,
    ) -> Result<PackChoice, Box<FieldError>> {
        let t = catalog.tier(tier.trim()).ok_or_else(|| {
            Box::new(FieldError::new(
                "tier",
                RuleViolation::UnknownTier(tier.trim().into()),
            ))
        })?;
        let hours = match t.minutes {
            Some(_) => None,
            None => Some(
                hours
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|h| (1..=MAX_ORDER_HOURS).contains(h))
                    .ok_or_else(|| {
                        Box::new(FieldError::new(
                            "hours",
                            ParseError::HoursOutOfRange {
                                max: MAX_ORDER_HOURS,
                            },
                        ))
                    })?,
            ),
        };
        let seller = match t.seller {
            Seller::Agency => None,
            Seller::Developer => Some(
                check_line("the developer", seller, 100)
                    .map_err(|_| Box::new(FieldError::new("seller", ParseError::NoSeller)))?
                    .to_string(),
            ),
        };
        Ok(PackChoice {
            tier: t.id.clone(),
            hours,
            seller,
        })
    }
}

/// Quote the pack `choice`, ordered today and, with `paid`, paid today.
pub fn quote_pack(
    history: &History,
    choice: &PackChoice,
    paid: bool,
) -> Result<PackQuote, ReplayError> {
    let today = history.today().unwrap_or_default();
    let mut events = vec![Event {
        on: today,
        what: EventKind::PackOrdered {
            order: WHAT_IF_ORDER.into(),
            tier: choice.tier.clone(),
            hours: choice.hours,
            seller: choice.seller.clone(),
            terms: None,
        },
    }];
    if paid {
        events.push(Event {
            on: today,
            what: EventKind::PaymentRecorded {
                order: WHAT_IF_ORDER.into(),
                reference: WHAT_IF_ORDER.into(),
                at: None,
            },
        });
    }
    let now = what_if(history, &events)?;
    let key = DocKey::Pack(WHAT_IF_ORDER.into());
    let invoice = now
        .pack_invoices
        .iter()
        .find(|i| i.key == key)
        .cloned()
        .expect("an accepted order has its invoice");
    let lot = now
        .lots
        .iter()
        .find(|l| l.origin == Origin::Pack && l.source == WHAT_IF_ORDER)
        .cloned();
    // Rollovers and expiries happen after today: replay both histories on to the day after
    // the last renewal window open today closes (POLICY §5), with no more work logged.
    let base_now = replay(history)?;
    let horizon = base_now
        .prompts
        .iter()
        .filter_map(|p| match p {
            Prompt::Expiring {
                renew_by, last_day, ..
            } => Some(renew_by.unwrap_or(*last_day)),
            _ => None,
        })
        .max();
    let (rolled_in, expiring) = match horizon {
        Some(h) if paid => {
            let mut later = history.clone();
            later.today = Some(h + chrono::Days::new(1));
            let base = replay(&later)?;
            let with = what_if(&later, &events)?;
            let rolled = with
                .lots
                .iter()
                .filter(|l| {
                    l.origin == Origin::Rollover && l.pack.as_deref() == Some(WHAT_IF_ORDER)
                })
                .map(|l| l.granted.get())
                .sum();
            (
                Minutes::new(rolled),
                (
                    Minutes::new(expired_total(&base) - expired_total(&base_now)),
                    Minutes::new(expired_total(&with) - expired_total(&now)),
                ),
            )
        }
        _ => (Minutes::new(0), (Minutes::new(0), Minutes::new(0))),
    };
    Ok(PackQuote {
        invoice,
        lot,
        rolled_in,
        expiring,
    })
}

/// The id the hypothetical entry gets inside the preview's replay.
pub const PREVIEW_ID: &str = "preview";

/// What logging an entry would do, or why it cannot be said yet.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryPreview {
    /// The fields the coverage depends on (date, minutes, kind) do not parse yet.
    Waiting(Vec<FieldError>),
    /// The rules would refuse the entry.
    Refused(RuleViolation),
    Ready(Coverage),
}

/// How an entry would be covered, and what it would change in its month (POLICY §3, §4).
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub minutes: Minutes,
    pub counted: Minutes,
    pub parts: Vec<Part>,
    pub amount: Money,
    pub overage_minutes: Minutes,
    pub overage_amount: Money,
    /// The month whose invoice the entry goes on: its date's month, or — for work dated in a
    /// month already closed — the month it is logged in (POLICY §11).
    pub month: Month,
    /// The month of the work's date, as typed.
    pub dated_in: Month,
    pub net_before: Money,
    pub net_after: Money,
    /// The month's carryover into the next month, before and after (POLICY §4's summary).
    pub carried_into_next_month: (Minutes, Minutes),
    /// Minutes whose last valid day falls within 30 days after the month, before and after.
    pub expiring: (Minutes, Minutes),
}

fn month_invoice(ledger: &Ledger, month: Month) -> Option<&Invoice> {
    ledger
        .invoices
        .iter()
        .find(|i| i.kind == InvoiceKind::Period && i.month == Some(month))
}

fn month_net(ledger: &Ledger, month: Month) -> Money {
    month_invoice(ledger, month).map_or(Money::ZERO, |i| i.net)
}

/// The summary of `month`'s invoice as it will stand once the month has ended, if nothing is
/// logged but `extra`: the month's carryover and expiries only happen at its end, so an open
/// month's draft shows none yet. `history` holds the account's stored events (checked when
/// they were stored, so only `extra` is checked again). The same replay as the invoices, which
/// builds only the month invoices.
pub fn month_end_summary(history: &History, extra: &[Event], month: Month) -> Option<Summary> {
    let mut h = history.clone();
    let after = month.next().first_day();
    if h.today.is_some_and(|t| t < after) {
        h.today = Some(after);
    }
    let h = crate::with_extra(&h, extra);
    replay::month_summary(&h, history.events.len(), month)
        .ok()
        .flatten()
}

/// What logging `draft` on `today` for `technician` would do to the account: the same replay
/// as the invoice, with the entry appended (POLICY §3). `baseline` is the account's ledger
/// now. Runs in the browser on every keystroke.
pub fn preview_entry(
    history: &History,
    baseline: &Ledger,
    draft: EntryForm,
    today: NaiveDate,
    technician: &str,
) -> EntryPreview {
    // Only date, minutes and kind change the coverage; title, link and note cannot.
    let form = EntryForm {
        title: PREVIEW_ID.into(),
        url: String::new(),
        note: String::new(),
        ..draft
    };
    let entry = match form.parse(PREVIEW_ID.into(), technician.into()) {
        Ok(entry) => entry,
        Err(errors) => return EntryPreview::Waiting(errors),
    };
    let event = Event {
        on: today,
        what: EventKind::EntryLogged(entry),
    };
    let ledger = match what_if(history, std::slice::from_ref(&event)) {
        Ok(l) => l,
        Err(e) => return EntryPreview::Refused(e.rule),
    };
    let Some(result) = ledger.entries.iter().find(|e| &*e.id == PREVIEW_ID) else {
        unreachable!("an accepted entry is in its ledger");
    };
    let overage: Vec<&Part> = result
        .parts
        .iter()
        .filter(|p| p.source == Source::Overage)
        .collect();
    let month = Month::of(result.effective_date);
    // Carryover and expiry as they will be at the month's end, with and without the entry.
    let (end_before, end_after) = (
        month_end_summary(history, &[], month),
        month_end_summary(history, &[event], month),
    );
    let end_figure =
        |s: &Option<Summary>, f: fn(&Summary) -> Minutes| s.as_ref().map_or(Minutes::new(0), f);
    EntryPreview::Ready(Coverage {
        minutes: result.minutes,
        counted: result.counted_minutes,
        parts: result.parts.clone(),
        amount: result.amount,
        overage_minutes: Minutes::new(overage.iter().map(|p| p.minutes.get()).sum()),
        overage_amount: overage.iter().map(|p| p.amount).sum(),
        month,
        dated_in: Month::of(result.date),
        net_before: month_net(baseline, month),
        net_after: month_net(&ledger, month),
        carried_into_next_month: (
            end_figure(&end_before, |s| s.carried_into_next_month),
            end_figure(&end_after, |s| s.carried_into_next_month),
        ),
        expiring: (
            end_figure(&end_before, |s| s.expiring_within_30_days),
            end_figure(&end_after, |s| s.expiring_within_30_days),
        ),
    })
}
