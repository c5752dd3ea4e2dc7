//! POLICY §6: when a pack's renewal window has closed, its developer is paid at the pack's unit
//! rate less commission: the whole pack if its unused minutes rolled into a pack the same
//! developer sold, otherwise the own minutes actually consumed. Rolled-in minutes are never paid.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ledger::{Payout, PayoutBasis};
use crate::money::{Minutes, Money};
use crate::replay::Sim;

pub(crate) fn window_closed(sim: &mut Sim<'_>, a: usize, due_on: NaiveDate) {
    let p = sim.p;
    let order = &p.orders[a];
    let (Some(developer), Some(lot)) = (&order.seller, sim.orders[a].lot) else {
        return;
    };
    let renewed = sim.orders[a]
        .receiver
        .is_some_and(|b| p.orders[b].seller == order.seller && order.refund.is_none());
    let l = &sim.book.lots[lot].lot;
    let (basis, minutes) = if renewed {
        (PayoutBasis::Renewed, order.minutes.0)
    } else {
        (
            PayoutBasis::Consumed,
            l.consumed.0.saturating_sub(l.returned.0),
        )
    };
    let share = order.net.0 * Decimal::from(minutes) / Decimal::from(order.minutes.0);
    let currency = p.ctx.currency;
    let gross = currency.round(share);
    let amount = currency.round(share - p.commission.of(share));
    sim.payouts.push(Payout {
        developer: developer.clone(),
        order: order.id.clone(),
        due_on,
        basis,
        minutes: Minutes(minutes),
        gross,
        commission: Money(gross.0 - amount.0),
        amount,
    });
}
