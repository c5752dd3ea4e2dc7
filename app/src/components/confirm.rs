//! Irreversible actions ask first and say what they will do. A `<details>` disclosure: its
//! summary names the action, its panel says what will be issued (with the amount, computed by
//! the same rules in the browser) and holds the form whose button does it. Works without
//! JavaScript; keyboard and screen readers know disclosures.

use billing::{DocKey, Event, EventKind, Money};
use leptos::prelude::*;

use crate::components::account::PageData;

#[component]
pub fn Confirm(
    /// What the summary says: the action, e.g. "Refund unused hours".
    label: String,
    /// What doing it means, e.g. "This issues a credit note of £136.50 …".
    warning: String,
    /// The form that does it.
    children: Children,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary class="button button-ghost button-small">{label}</summary>
            <div class="confirm-panel">
                <p>{warning}</p>
                {children()}
            </div>
        </details>
    }
}

/// The total of the credit note `key` that `what` would issue today: replayed in the browser
/// by the rules that will issue it (None if the rules would refuse or issue none).
pub fn credit_note_total(page: &PageData, what: EventKind, key: &DocKey) -> Option<Money> {
    let d = &page.data;
    let event = Event { on: d.today, what };
    let ledger = billing::what_if(&d.history, &[event]).ok()?;
    ledger
        .credit_notes
        .iter()
        .find(|n| &n.key == key)
        .map(|n| n.total)
}
