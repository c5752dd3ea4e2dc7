//! POLICY §8's prompts as the client sees them, each with the action it asks for.

use billing::{EventKind, History, Prompt};
use leptos::prelude::*;

use crate::components::account::PageData;
use crate::format;
use crate::format::AccountFmt as _;
use crate::i18n::*;

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
    let i18n = use_i18n();
    let d = &page.data;
    let fmt = d.account.fmt();
    let prompts = d.ledger.prompts.clone();
    // Licences whose last valid day is within the notice period (or has just passed unrenewed).
    let licences: Vec<_> = d
        .licences
        .iter()
        .filter(|l| {
            (-api::licences::NOTICE_DAYS..=api::licences::NOTICE_DAYS)
                .contains(&l.days_left(d.today))
        })
        .cloned()
        .collect();
    if prompts.is_empty() && licences.is_empty() {
        return ().into_any();
    }
    let licence_items = licences
        .into_iter()
        .map(|l| {
            let text = if l.days_left(d.today) < 0 {
                t_string!(
                    i18n,
                    licences.prompt_expired,
                    product = l.product.clone(),
                    date = fmt.date(l.last_valid_day)
                )
                .to_string()
            } else {
                t_string!(
                    i18n,
                    licences.prompt_expiring,
                    product = l.product.clone(),
                    date = fmt.date(l.last_valid_day)
                )
                .to_string()
            };
            let who = match l.paid_by {
                api::licences::PaidBy::Agency => {
                    t_string!(i18n, licences.prompt_agency_renews).to_string()
                }
                api::licences::PaidBy::Client => {
                    t_string!(i18n, licences.prompt_client_renews).to_string()
                }
            };
            view! {
                <li class="prompt prompt-expiry" data-prompt="licence">
                    <p><strong>{text}</strong>{format!(" {who}")}</p>
                </li>
            }
        })
        .collect_view();
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
                        " {}",
                        t_string!(i18n, dashboard.prompts_expiring_hint, date = fmt.date(by))
                    )
                });
                view! {
                    <li class="prompt prompt-expiry" data-prompt="expiring">
                        <p>
                            <strong>
                                {t_string!(
                                    i18n,
                                    dashboard.prompts_expiring,
                                    hours = format::minutes(minutes),
                                    date = fmt.date(last_day)
                                )
                                    .to_string()}
                            </strong>
                            {hint}
                        </p>
                        <a class="button button-small" href=renew_href(&page, &order)>
                            {t_string!(i18n, dashboard.prompts_renew)}
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
                            {t_string!(
                                i18n,
                                dashboard.prompts_rolling,
                                hours = format::minutes(minutes),
                                paid_on = fmt.date(paid_on),
                                on = fmt.date(on)
                            )
                                .to_string()}
                        </strong>
                        {format!(" {}", t_string!(i18n, dashboard.prompts_rolling_hint))}
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
                            {match seller {
                                Some(s) => t_string!(
                                    i18n,
                                    dashboard.prompts_low_from,
                                    left = format::minutes(available),
                                    own = format::minutes(own),
                                    seller = s
                                )
                                    .to_string(),
                                None => t_string!(
                                    i18n,
                                    dashboard.prompts_low,
                                    left = format::minutes(available),
                                    own = format::minutes(own)
                                )
                                    .to_string(),
                            }}
                        </strong>
                        {format!(" {}", t_string!(i18n, dashboard.prompts_low_hint))}
                    </p>
                    <a class="button button-small" href=renew_href(&page, &order)>
                        {t_string!(i18n, dashboard.prompts_top_up)}
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
                    t_string!(i18n, dashboard.prompts_saved, amount = fmt.money(diff)).to_string()
                } else {
                    t_string!(i18n, dashboard.prompts_cost_more, amount = fmt.money(-diff))
                        .to_string()
                };
                let span = t_string!(
                    i18n,
                    dashboard.prompts_span,
                    from = months.first().map(|m| fmt.month(*m)).unwrap_or_default(),
                    to = months.last().map(|m| fmt.month(*m)).unwrap_or_default()
                )
                .to_string();
                let action = if page.is_admin() {
                    view! {
                        <a
                            class="button button-small"
                            href=format!("/accounts/{}/manage#plan", d.account.id)
                        >
                            {t_string!(i18n, dashboard.prompts_change_plan)}
                        </a>
                    }
                    .into_any()
                } else {
                    let to = d.contact.clone().unwrap_or_default();
                    let subject = t_string!(
                        i18n,
                        dashboard.prompts_mail_subject,
                        account = d.account.name.clone(),
                        plan = name.clone()
                    )
                    .to_string();
                    view! {
                        <a
                            class="button button-small"
                            href=format!("mailto:{to}?subject={}", subject.replace(' ', "%20"))
                        >
                            {t_string!(i18n, dashboard.prompts_ask, plan = name.clone()).to_string()}
                        </a>
                    }
                    .into_any()
                };
                view! {
                    <li class="prompt prompt-upgrade" data-prompt="upgrade">
                        <p>
                            <strong>{format!("{} ", t_string!(i18n, dashboard.prompts_upgrade_title))}</strong>
                            {t_string!(
                                i18n,
                                dashboard.prompts_upgrade,
                                plan = name.clone(),
                                span = span,
                                cost = fmt.money(on_suggested_net),
                                actual = fmt.money(actual_net),
                                verdict = verdict
                            )
                                .to_string()}
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
            <h2 id="prompts-title">{t_string!(i18n, dashboard.prompts_title)}</h2>
            <ul class="prompt-list">{items}{licence_items}</ul>
        </section>
    }
    .into_any()
}
