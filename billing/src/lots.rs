//! The book of lots (POLICY §2): every grant of minutes, and every minute's way out of it.
//! Each operation keeps the conservation law of §2.2 and records a movement.

use chrono::NaiveDate;

use crate::Text;
use crate::ledger::{Lot, Movement, MovementKind, Origin};
use crate::money::{Minutes, Rate};

/// Which minutes of a pack a lot holds: its own, or those rolled into it from the pack it
/// renewed (POLICY §5: consumed after its own; never rolled on). Every other lot is `Own`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PackPart {
    Own,
    RolledIn,
}

pub(crate) struct LotState {
    pub lot: Lot,
    /// Grant order: "ties by oldest grant" / "earliest payment".
    pub seq: u64,
    pub part: PackPart,
    /// The pack order this lot belongs to (own or rolled-in), as an index.
    pub order: Option<usize>,
}

pub(crate) struct Grant<'a> {
    pub id: String,
    pub origin: Origin,
    pub source: String,
    pub pack: Option<String>,
    pub on: NaiveDate,
    pub first_day: NaiveDate,
    pub last_day: Option<NaiveDate>,
    pub unit_rate: Option<Rate>,
    pub seller: Option<String>,
    pub minutes: Minutes,
    pub with: &'a str,
    pub part: PackPart,
    pub order: Option<usize>,
}

#[derive(Default)]
pub(crate) struct LotBook {
    pub lots: Vec<LotState>,
    seq: u64,
}

impl LotBook {
    pub fn grant(&mut self, g: Grant<'_>) -> usize {
        self.seq += 1;
        let kind = match g.origin {
            Origin::Carryover | Origin::Rollover => MovementKind::MovedIn,
            _ => MovementKind::Granted,
        };
        let lot = Lot {
            id: g.id.into(),
            origin: g.origin,
            source: g.source,
            pack: g.pack,
            granted_on: g.on,
            first_day: g.first_day,
            last_day: g.last_day,
            unit_rate: g.unit_rate,
            seller: g.seller,
            granted: g.minutes,
            returned: Minutes::ZERO,
            consumed: Minutes::ZERO,
            expired: Minutes::ZERO,
            moved_out: Minutes::ZERO,
            refunded: Minutes::ZERO,
            held: Minutes::ZERO,
            available: g.minutes,
            movements: vec![Movement {
                on: g.on,
                what: kind,
                minutes: g.minutes,
                with: g.with.into(),
            }],
        };
        self.lots.push(LotState {
            lot,
            seq: self.seq,
            part: g.part,
            order: g.order,
        });
        self.lots.len() - 1
    }

    pub fn valid_on(&self, idx: usize, d: NaiveDate) -> bool {
        let l = &self.lots[idx].lot;
        l.first_day <= d && l.last_day.is_none_or(|last| d <= last)
    }

    fn record(
        &mut self,
        idx: usize,
        on: NaiveDate,
        what: MovementKind,
        minutes: u32,
        with: impl Into<Text>,
    ) {
        // Every mutation ends here: the conservation law of POLICY §2.2 holds after each.
        debug_assert!(
            self.lots[idx].lot.conserved(),
            "{what:?} broke conservation on lot {}: {:?}",
            self.lots[idx].lot.id,
            self.lots[idx].lot
        );
        if minutes > 0 {
            self.lots[idx].lot.movements.push(Movement {
                on,
                what,
                minutes: Minutes::new(minutes),
                with: with.into(),
            });
        }
    }

    /// Draw up to `want` available minutes; returns what was drawn.
    /// `entry` is shared, not copied: one movement per draw, on every replay.
    pub fn consume(&mut self, idx: usize, on: NaiveDate, want: u32, entry: &Text) -> u32 {
        let l = &mut self.lots[idx].lot;
        let take = want.min(l.available.get());
        l.available -= Minutes::new(take);
        l.consumed += Minutes::new(take);
        self.record(idx, on, MovementKind::Consumed, take, entry.clone());
        take
    }

    /// A credit-back returns minutes to a lot that is still valid (POLICY §7).
    pub fn give_back(&mut self, idx: usize, on: NaiveDate, minutes: u32, entry: &str) {
        let l = &mut self.lots[idx].lot;
        l.returned += Minutes::new(minutes);
        l.available += Minutes::new(minutes);
        self.record(idx, on, MovementKind::Returned, minutes, entry);
    }

    /// Everything still available or held expires for good.
    pub fn expire_all(&mut self, idx: usize, on: NaiveDate, why: &str) -> u32 {
        let l = &mut self.lots[idx].lot;
        let n = l.available.get() + l.held.get();
        l.expired += Minutes::new(n);
        l.available = Minutes::ZERO;
        l.held = Minutes::ZERO;
        self.record(idx, on, MovementKind::Expired, n, why);
        n
    }

    /// The lot ends early, after `last` (a carryover lot when its plan ends, POLICY §2): its
    /// last valid day becomes `last` and what is left expires the day after.
    pub fn lapse(&mut self, idx: usize, last: NaiveDate, why: &str) -> u32 {
        let l = &mut self.lots[idx].lot;
        debug_assert!(
            l.last_day.is_none_or(|d| last <= d),
            "a lapse never extends a lot"
        );
        l.last_day = Some(last);
        self.expire_all(idx, last.succ_opt().expect("date in range"), why)
    }

    /// Past its last day, waiting for a renewal (POLICY §5): usable by nobody.
    pub fn hold(&mut self, idx: usize, on: NaiveDate) {
        let l = &mut self.lots[idx].lot;
        let n = l.available.get();
        l.held += Minutes::new(n);
        l.available = Minutes::ZERO;
        self.record(idx, on, MovementKind::Held, n, "renewal window");
    }

    /// Move `minutes` out of the lot (available first, then held) to `to`.
    pub fn move_out(&mut self, idx: usize, on: NaiveDate, minutes: u32, to: &str) {
        let l = &mut self.lots[idx].lot;
        let from_avail = minutes.min(l.available.get());
        l.available -= Minutes::new(from_avail);
        l.held -= Minutes::new(minutes - from_avail);
        l.moved_out += Minutes::new(minutes);
        self.record(idx, on, MovementKind::MovedOut, minutes, to);
    }

    /// Refund every unused minute (available or held).
    /// Refund exactly `minutes` of the lot's unused minutes, held ones first; None (and nothing
    /// changed) when it holds fewer.
    pub fn refund(&mut self, idx: usize, on: NaiveDate, minutes: u32, why: &str) -> Option<u32> {
        let l = &mut self.lots[idx].lot;
        let (held, available) = (l.held.get(), l.available.get());
        if held + available < minutes {
            return None;
        }
        let from_held = held.min(minutes);
        l.held = Minutes::new(held - from_held);
        l.available = Minutes::new(available - (minutes - from_held));
        l.refunded += Minutes::new(minutes);
        self.record(idx, on, MovementKind::Refunded, minutes, why);
        Some(minutes)
    }

    pub fn refund_all(&mut self, idx: usize, on: NaiveDate, why: &str) -> u32 {
        let l = &mut self.lots[idx].lot;
        let n = l.available.get() + l.held.get();
        l.refunded += Minutes::new(n);
        l.available = Minutes::ZERO;
        l.held = Minutes::ZERO;
        self.record(idx, on, MovementKind::Refunded, n, why);
        n
    }
}
