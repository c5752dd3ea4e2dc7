//! POLICY §5: a pack's unused own minutes roll, once, into a renewal paid inside its window.

use chrono::NaiveDate;

use super::Sim;
use crate::dates::add_days;
use crate::ledger::Origin;
use crate::lots::{Grant, PackPart};
use crate::money::Rate;

/// A pack is paid: grant its lot, then see whether it renews an expiring pack.
pub(crate) fn on_payment(sim: &mut Sim<'_>, o: usize, d: NaiveDate) {
    let p = sim.p;
    let order = &p.orders[o];
    let last = order.last_day();
    let unit = Rate::per_hour(order.net, order.minutes);
    let lot = sim.grant(Grant {
        id: format!("pack:{}", order.id),
        origin: Origin::Pack,
        source: order.id.clone(),
        pack: Some(order.id.clone()),
        on: d,
        first_day: d,
        last_day: last,
        unit_rate: Some(unit),
        seller: order.seller.clone(),
        minutes: order.minutes,
        with: order.reference.as_deref().unwrap_or("payment"),
        part: PackPart::Own,
        order: Some(o),
    });
    sim.orders[o].lot = Some(lot);
    if let Some(last) = last {
        // The rule applies only to packs paid on or after the policy date.
        sim.orders[o].eligible = p.rollover_effective_from.is_none_or(|f| d >= f);
        sim.watch_window(add_days(last, i64::from(order.window.grace)), o);
    }

    // Greedy matching: of the expiring packs whose window holds this payment and that have not
    // rolled yet, the one with the soonest last valid day (then earliest payment) rolls here.
    let candidates = (0..p.orders.len())
        .filter(|&a| a != o && sim.orders[a].eligible && sim.orders[a].receiver.is_none())
        .filter(|&a| p.orders[a].paid_seq < order.paid_seq)
        .filter_map(|a| {
            p.orders[a].last_day().map(|last| Expiring {
                last,
                paid: p.orders[a].paid_seq,
                order: a,
            })
        });
    if let Some(Expiring {
        last: a_last,
        order: a,
        ..
    }) = renewed_by(d, candidates, |a| p.orders[a].window)
    {
        sim.orders[a].receiver = Some(o);
        sim.orders[o].received_from = Some(a);
        if d > a_last {
            // A already ended: its held minutes move on B's payment date.
            move_minutes(sim, a, o, d);
        }
    }
}

/// A paid pack that may still roll: its last valid day, its place in payment order, its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Expiring {
    pub last: NaiveDate,
    pub paid: usize,
    pub order: usize,
}

/// POLICY §5's window around a pack's last valid day: from `before` days before it to `grace`
/// days after it, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RenewalWindow {
    pub before: u32,
    pub grace: u32,
}

impl RenewalWindow {
    pub(crate) fn holds(&self, last: NaiveDate, paid_on: NaiveDate) -> bool {
        add_days(last, -i64::from(self.before)) <= paid_on
            && paid_on <= add_days(last, i64::from(self.grace))
    }
}

/// Greedy matching: of the packs whose own window (as sold) holds a payment on `paid_on`, the
/// one with the soonest last valid day (then the earliest paid) rolls into the pack paid.
pub(crate) fn renewed_by(
    paid_on: NaiveDate,
    candidates: impl Iterator<Item = Expiring>,
    window_of: impl Fn(usize) -> RenewalWindow,
) -> Option<Expiring> {
    candidates
        .filter(|c| window_of(c.order).holds(c.last, paid_on))
        .min()
}

/// A pack's last valid day has ended; `next` is the day after it.
pub(crate) fn pack_ends(sim: &mut Sim<'_>, lot: usize, next: NaiveDate) {
    let Some(a) = sim.book.lots[lot].order else {
        sim.book.expire_all(lot, next, "last valid day");
        return;
    };
    if let Some(b) = sim.orders[a].receiver {
        // B was already paid: the minutes move on the day after A's last valid day.
        move_minutes(sim, a, b, next);
    } else if sim.orders[a].eligible {
        // Usable by nobody until a renewal arrives or the window closes.
        sim.book.hold(lot, next);
    } else {
        sim.book.expire_all(lot, next, "last valid day");
    }
}

/// The renewal window closed without a renewal: held minutes expire for good, from `d`, the
/// day after the window's last day.
pub(crate) fn window_closed(sim: &mut Sim<'_>, a: usize, d: NaiveDate) {
    if let Some(lot) = sim.orders[a].lot
        && sim.book.lots[lot].lot.held.get() > 0
    {
        sim.book.expire_all(lot, d, "renewal window closed");
    }
    sim.orders[a].eligible = false;
}

/// Move A's unused own minutes into B as rolled-in minutes (B's last day and seller).
fn move_minutes(sim: &mut Sim<'_>, a: usize, b: usize, on: NaiveDate) {
    let Some(a_lot) = sim.orders[a].lot else {
        return;
    };
    let n = {
        let l = &sim.book.lots[a_lot].lot;
        l.available.get() + l.held.get()
    };
    sim.orders[a].moved = n;
    if n == 0 {
        return;
    }
    let pb = &sim.p.orders[b];
    let id = format!("rollover:{}", pb.id);
    sim.book.move_out(a_lot, on, n, &id);
    let from = sim.book.lots[a_lot].lot.id.clone();
    let rolled = sim.grant(Grant {
        id,
        origin: Origin::Rollover,
        source: from.to_string(),
        pack: Some(pb.id.clone()),
        on,
        first_day: on,
        last_day: pb.last_day(),
        unit_rate: None,
        seller: pb.seller.clone(),
        minutes: crate::money::Minutes::new(n),
        with: &from,
        part: PackPart::RolledIn,
        order: Some(b),
    });
    sim.orders[b].rolled_lot = Some(rolled);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const WINDOW: RenewalWindow = RenewalWindow {
        before: 7,
        grace: 3,
    };

    #[test]
    fn the_window_runs_from_before_the_last_day_through_the_grace_days() {
        let last = day("2026-03-27");
        assert!(!WINDOW.holds(last, day("2026-03-19")));
        assert!(WINDOW.holds(last, day("2026-03-20")));
        assert!(WINDOW.holds(last, day("2026-03-30")));
        assert!(!WINDOW.holds(last, day("2026-03-31")));
    }

    #[test]
    fn a_payment_renews_the_soonest_expiring_pack_in_its_window_then_the_earliest_paid() {
        let pack = |last: &str, paid, order| Expiring {
            last: day(last),
            paid,
            order,
        };
        let (a, b, c) = (
            pack("2026-03-27", 3, 0),
            pack("2026-03-25", 5, 1),
            pack("2026-03-25", 4, 2),
        );
        let renewed = renewed_by(day("2026-03-24"), [a, b, c].into_iter(), |_| WINDOW);
        assert_eq!(renewed, Some(c), "soonest last day, then earliest payment");
        // Outside every window: nothing rolls.
        assert_eq!(
            renewed_by(day("2026-04-15"), [a, b, c].into_iter(), |_| WINDOW),
            None
        );
        // Only A's window still holds on the 30th.
        assert_eq!(
            renewed_by(day("2026-03-30"), [a, b, c].into_iter(), |_| WINDOW),
            Some(a)
        );
    }

    #[test]
    fn each_pack_keeps_the_window_it_was_sold_with() {
        // Pack 0 was sold with a 3-day grace, pack 1 after the catalog moved it to 10 days.
        let a = Expiring {
            last: day("2026-03-25"),
            paid: 1,
            order: 0,
        };
        let b = Expiring {
            last: day("2026-03-26"),
            paid: 2,
            order: 1,
        };
        let windows = |o: usize| match o {
            0 => WINDOW,
            _ => RenewalWindow {
                before: 7,
                grace: 10,
            },
        };
        // On 04-01 only the later pack's longer grace still holds.
        assert_eq!(
            renewed_by(day("2026-04-01"), [a, b].into_iter(), windows),
            Some(b)
        );
        assert_eq!(
            renewed_by(day("2026-03-27"), [a, b].into_iter(), windows),
            Some(a)
        );
    }
}
