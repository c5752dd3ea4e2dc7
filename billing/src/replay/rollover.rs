//! POLICY §5: a pack's unused own minutes roll, once, into a renewal paid inside its window.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

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
    let hours = Decimal::from(order.minutes.0) / Decimal::from(60);
    let unit = Rate(
        (order.net.0 / hours)
            .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    );
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
        sim.watch_window(add_days(last, p.grace_days as i64), o);
    }

    // Greedy matching: of the expiring packs whose window holds this payment and that have not
    // rolled yet, the one with the soonest last valid day (then earliest payment) rolls here.
    let window = p.renewal_window_days as i64;
    let grace = p.grace_days as i64;
    let from = (0..p.orders.len())
        .filter(|&a| a != o && sim.orders[a].eligible && sim.orders[a].receiver.is_none())
        .filter(|&a| p.orders[a].paid_seq < order.paid_seq)
        .filter_map(|a| p.orders[a].last_day().map(|l| (l, p.orders[a].paid_seq, a)))
        .filter(|&(l, _, _)| add_days(l, -window) <= d && d <= add_days(l, grace))
        .min();
    if let Some((a_last, _, a)) = from {
        sim.orders[a].receiver = Some(o);
        sim.orders[o].received_from = Some(a);
        if d > a_last {
            // A already ended: its held minutes move on B's payment date.
            move_minutes(sim, a, o, d);
        }
    }
}

/// A pack's last valid day has ended.
pub(crate) fn pack_ends(sim: &mut Sim<'_>, lot: usize, d: NaiveDate, next: NaiveDate) {
    let Some(a) = sim.book.lots[lot].order else {
        sim.book.expire_all(lot, d, "last valid day");
        return;
    };
    if let Some(b) = sim.orders[a].receiver {
        // B was already paid: the minutes move on the day after A's last valid day.
        move_minutes(sim, a, b, next);
    } else if sim.orders[a].eligible {
        // Usable by nobody until a renewal arrives or the window closes.
        sim.book.hold(lot, d);
    } else {
        sim.book.expire_all(lot, d, "last valid day");
    }
}

/// The renewal window closed without a renewal: held minutes expire for good.
pub(crate) fn window_closed(sim: &mut Sim<'_>, a: usize, d: NaiveDate) {
    if let Some(lot) = sim.orders[a].lot
        && sim.book.lots[lot].lot.held.0 > 0
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
        l.available.0 + l.held.0
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
        minutes: crate::money::Minutes(n),
        with: &from,
        part: PackPart::RolledIn,
        order: Some(b),
    });
    sim.orders[b].rolled_lot = Some(rolled);
}
