//! What a client calls things: packs by tier, seller and purchase date, lots by what they are.
//! Pages a client reads show these, never an internal id ("pack:pack-luca-1", "o48").

use billing::{History, Ledger, Lot, Month, Origin, PackName};

use crate::components::prompts::order_of;
use crate::format::Fmt;
use crate::i18n::*;

/// "Pack M of 3 Feb 2026 from Luca Rossi".
pub fn pack(name: &PackName, fmt: &Fmt) -> String {
    let i18n = use_i18n();
    match &name.seller {
        Some(s) => t_string!(
            i18n,
            dashboard.names_pack_from,
            tier = name.tier.clone(),
            date = fmt.date(name.paid_on),
            seller = s.clone()
        )
        .to_string(),
        None => t_string!(
            i18n,
            dashboard.names_pack,
            tier = name.tier.clone(),
            date = fmt.date(name.paid_on)
        )
        .to_string(),
    }
}

/// The pack of `order` as the account's history and ledger know it; `None` before it is paid.
pub fn pack_of(order: &str, history: &History, ledger: &Ledger) -> Option<PackName> {
    let (tier, seller) = order_of(history, order)?;
    let paid_on = ledger
        .lots
        .iter()
        .find(|l| l.origin == Origin::Pack && l.source == order)?
        .granted_on;
    Some(PackName {
        tier: history
            .catalog
            .tier(tier)
            .map_or_else(|| tier.to_string(), |t| t.name.clone()),
        seller: seller.map(str::to_string),
        paid_on,
    })
}

/// The pack an unpaid order will be: "Pack M ordered on 3 Feb 2026".
pub fn order(order: &str, ordered_on: chrono::NaiveDate, history: &History, fmt: &Fmt) -> String {
    let i18n = use_i18n();
    let found = order_of(history, order).map(|(tier, _)| tier);
    let tier = found.unwrap_or("Pack");
    let name = match history.catalog.tier(tier) {
        Some(t) => t.name.clone(),
        None if found.is_some() => tier.to_string(),
        None => t_string!(i18n, dashboard.names_pack_fallback).to_string(),
    };
    t_string!(
        i18n,
        dashboard.names_ordered,
        name = name,
        date = fmt.date(ordered_on)
    )
    .to_string()
}

/// Where a lot's minutes come from, in words.
pub fn lot(lot: &Lot, history: &History, ledger: &Ledger, fmt: &Fmt) -> String {
    let i18n = use_i18n();
    match lot.origin {
        Origin::Allowance => t_string!(
            i18n,
            dashboard.names_included_in,
            month = fmt.month(Month::of(lot.first_day))
        )
        .to_string(),
        Origin::Carryover => t_string!(
            i18n,
            dashboard.names_carried_over,
            month = fmt.month(Month::of(lot.first_day).prev())
        )
        .to_string(),
        Origin::Pack => pack_of(&lot.source, history, ledger).map_or_else(
            || t_string!(i18n, dashboard.origin_pack).to_string(),
            |p| pack(&p, fmt),
        ),
        Origin::Rollover => lot
            .pack
            .as_deref()
            .and_then(|o| pack_of(o, history, ledger))
            .map_or_else(
                || t_string!(i18n, dashboard.names_rolled_from_earlier).to_string(),
                |p| t_string!(i18n, dashboard.names_rolled_into, pack = pack(&p, fmt)).to_string(),
            ),
        Origin::Credit => ledger
            .entries
            .iter()
            .find(|e| *e.id == *lot.source)
            .map_or_else(
                || t_string!(i18n, dashboard.names_credited_back).to_string(),
                |e| {
                    t_string!(i18n, dashboard.names_credited_for, title = e.title.clone())
                        .to_string()
                },
            ),
    }
}
