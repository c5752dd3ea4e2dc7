//! What a client calls things: packs by tier, seller and purchase date, lots by what they are.
//! Pages a client reads show these, never an internal id ("pack:pack-luca-1", "o48").

use billing::{History, Ledger, Lot, Month, Origin, PackName};

use crate::components::prompts::order_of;
use crate::format::Fmt;

/// "Pack M of 3 Feb 2026 from Luca Rossi".
pub fn pack(name: &PackName, fmt: &Fmt) -> String {
    let seller = name
        .seller
        .as_ref()
        .map(|s| format!(" from {s}"))
        .unwrap_or_default();
    format!("{} of {}{seller}", name.tier, fmt.date(name.paid_on))
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
    let tier = order_of(history, order).map_or("Pack", |(tier, _)| tier);
    let name = history.catalog.tier(tier).map_or(tier, |t| t.name.as_str());
    format!("{name} ordered on {}", fmt.date(ordered_on))
}

/// Where a lot's minutes come from, in words.
pub fn lot(lot: &Lot, history: &History, ledger: &Ledger, fmt: &Fmt) -> String {
    match lot.origin {
        Origin::Allowance => format!("Included in {}", fmt.month(Month::of(lot.first_day))),
        Origin::Carryover => format!(
            "Unused in {}, carried over",
            fmt.month(Month::of(lot.first_day).prev())
        ),
        Origin::Pack => pack_of(&lot.source, history, ledger)
            .map_or_else(|| "Prepaid pack".to_string(), |p| pack(&p, fmt)),
        Origin::Rollover => lot
            .pack
            .as_deref()
            .and_then(|o| pack_of(o, history, ledger))
            .map_or_else(
                || "Rolled over from an earlier pack".to_string(),
                |p| format!("Rolled over into {}", pack(&p, fmt)),
            ),
        Origin::Credit => ledger
            .entries
            .iter()
            .find(|e| *e.id == *lot.source)
            .map_or_else(
                || "Credited back".to_string(),
                |e| format!("Credited back for “{}”", e.title),
            ),
    }
}
