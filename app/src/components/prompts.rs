//! POLICY §8's prompts as the client sees them, each with the action it asks for.

use billing::{EventKind, History, Prompt};
use leptos::prelude::*;

use crate::components::account::PageData;
use crate::format;
use crate::format::AccountFmt as _;

/// The tier and seller of an order, to offer the same pack again.
pub fn order_of<'h>(history: &'h History, order: &str) -> Option<(&'h str, Option<&'h str>)> {
    history.events.iter().find_map(|e| match &e.what {
        EventKind::PackOrdered {
            order: o,
            tier,
            seller,
            ..
        } if o == order => Some((tier.as_str(), seller.as_deref())),
        _ => None,
    })
}

/// The link that buys the same pack again (tier and seller preselected).
pub fn renew_href(page: &PageData, order: &str) -> String {
    let d = &page.data;
    let mut href = format!("/accounts/{}/packs", d.account.id);
    if let Some((tier, seller)) = order_of(&d.history, order) {
        href.push_str(&format!("?tier={tier}"));
        if let Some(s) = seller {
            href.push_str(&format!("&seller={}", s.replace(' ', "+")));
        }
    }
    href
}

#[component]
pub fn Prompts(page: PageData) -> impl IntoView {
    let d = &page.data;
    let fmt = d.account.fmt();
    let prompts = d.ledger.prompts.clone();
    if prompts.is_empty() {
        return ().into_any();
    }
    let plan_name = |id: &str| {
        d.history
            .catalog
            .plan(id)
            .map_or(id.to_string(), |p| p.name.clone())
    };
    let items = prompts
        .into_iter()
        .map(|p| match p {
            Prompt::Expiring {
                order,
                minutes,
                last_day,
                renew_by,
                ..
            } => {
                let hint = renew_by.map(|by| {
                    format!(
                        " Buy a new pack by {} and they roll over into it.",
                        fmt.date(by)
                    )
                });
                view! {
                    <li class="prompt prompt-expiry" data-prompt="expiring">
                        <p>
                            <strong>
                                {format!(
                                    "{} of prepaid hours expire on {}.",
                                    format::minutes(minutes),
                                    fmt.date(last_day),
                                )}
                            </strong>
                            {hint}
                        </p>
                        <a class="button button-small" href=renew_href(&page, &order)>
                            "Renew the pack"
                        </a>
                    </li>
                }
                .into_any()
            }
            Prompt::RollingOver {
                minutes,
                paid_on,
                on,
                ..
            } => view! {
                <li class="prompt prompt-rollover" data-prompt="rolling-over">
                    <p>
                        <strong>
                            {format!(
                                "{} move into your pack of {} on {}.",
                                format::minutes(minutes),
                                fmt.date(paid_on),
                                fmt.date(on),
                            )}
                        </strong>
                        " Nothing to do: they stay yours, with the new pack's last valid day."
                    </p>
                </li>
            }
            .into_any(),
            Prompt::LowBalance {
                order,
                seller,
                available,
                own,
                ..
            } => view! {
                <li class="prompt prompt-low" data-prompt="low-balance">
                    <p>
                        <strong>
                            {format!(
                                "{} left of {}{}.",
                                format::minutes(available),
                                format::minutes(own),
                                seller.map(|s| format!(" from {s}")).unwrap_or_default(),
                            )}
                        </strong>
                        " Top up before you run out."
                    </p>
                    <a class="button button-small" href=renew_href(&page, &order)>
                        "Top up"
                    </a>
                </li>
            }
            .into_any(),
            Prompt::Upgrade {
                suggested_plan,
                months,
                actual_net,
                on_suggested_net,
                ..
            } => {
                let name = plan_name(&suggested_plan);
                let diff = actual_net - on_suggested_net;
                let verdict = if !diff.is_negative() && !diff.is_zero() {
                    format!("you would have saved {}", fmt.money(diff))
                } else {
                    format!(
                        "it would have cost {} more, with more hours included",
                        fmt.money(-diff)
                    )
                };
                let span = format!(
                    "{} to {}",
                    months.first().map(ToString::to_string).unwrap_or_default(),
                    months.last().map(ToString::to_string).unwrap_or_default()
                );
                let action = if page.is_admin() {
                    view! {
                        <a
                            class="button button-small"
                            href=format!("/accounts/{}/manage#plan", d.account.id)
                        >
                            "Change the plan"
                        </a>
                    }
                    .into_any()
                } else {
                    let to = d.contact.clone().unwrap_or_default();
                    let subject = format!("Upgrade {} to {name}", d.account.name);
                    view! {
                        <a
                            class="button button-small"
                            href=format!("mailto:{to}?subject={}", subject.replace(' ', "%20"))
                        >
                            {format!("Ask for {name}")}
                        </a>
                    }
                    .into_any()
                };
                view! {
                    <li class="prompt prompt-upgrade" data-prompt="upgrade">
                        <p>
                            <strong>"Overage in most recent months. "</strong>
                            {format!(
                                "On {name}, {span} would have cost {} instead of {}: {verdict}.",
                                fmt.money(on_suggested_net),
                                fmt.money(actual_net),
                            )}
                        </p>
                        {action}
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <section class="panel prompts" aria-labelledby="prompts-title">
            <h2 id="prompts-title">"Needs your attention"</h2>
            <ul class="prompt-list">{items}</ul>
        </section>
    }
    .into_any()
}
