//! A developer's payouts (POLICY §6): per sold pack, when they fall due, on what basis, the
//! marketplace's commission and the amount. Admins pick any developer from a list.

use billing::PayoutBasis;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::auth::Role;
use crate::components::session::{ToSignIn, use_session};
use crate::errors::AppError;
use crate::format;
use crate::format::AccountFmt as _;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::documents::{payout_developers, payouts};

#[component]
pub fn PayoutsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("developer")),
        move |asked| async move {
            let me = session
                .me
                .await
                .ok()
                .flatten()
                .ok_or(AppError::Unauthorized)?;
            // A developer sees their own; an admin whoever they ask for (default: nobody).
            let admin = me.role == Role::Admin;
            let people = if admin {
                payout_developers().await?
            } else {
                Vec::new()
            };
            let who = match (admin, asked) {
                (true, Some(name)) if !name.trim().is_empty() => name,
                (true, _) => return Ok((people, String::new(), Vec::new())),
                _ => me.name.clone(),
            };
            payouts(who.clone()).await.map(|rows| (people, who, rows))
        },
    );
    view! {
        <Title text=t_string!(i18n, payouts.title).to_string() />
        <div class="page-head">
            <h1>{t_string!(i18n, payouts.title)}</h1>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, payouts.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    Ok((people, who, rows)) => {
                        // Admins pick from everyone who has or may have payouts.
                        let lookup = (!people.is_empty())
                            .then(|| {
                                let options = people
                                    .into_iter()
                                    .map(|p| {
                                        let selected = (p == who).then_some("selected");
                                        view! { <option value=p.clone() selected=selected>{p.clone()}</option> }
                                    })
                                    .collect_view();
                                view! {
                                    <form method="get" class="panel month-picker" data-testid="payout-picker">
                                        <label for="payout-dev">{t_string!(i18n, payouts.developer)}</label>
                                        <select id="payout-dev" name="developer">
                                            <option value="">{t_string!(i18n, payouts.pick)}</option>
                                            {options}
                                        </select>
                                        <button type="submit" class="button button-small">{t_string!(i18n, payouts.show)}</button>
                                    </form>
                                }
                            });
                        let body = if rows.is_empty() {
                            view! {
                                <p class="muted">
                                    {if who.is_empty() {
                                        t_string!(i18n, payouts.pick_hint).to_string()
                                    } else {
                                        t_string!(i18n, payouts.none_yet, who = who.clone()).to_string()
                                    }}
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <div class="table-wrap">
                                    <table class="table" data-testid="payouts">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t_string!(i18n, payouts.account)}</th>
                                                <th scope="col">{t_string!(i18n, payouts.order)}</th>
                                                <th scope="col">{t_string!(i18n, payouts.due)}</th>
                                                <th scope="col">{t_string!(i18n, payouts.basis)}</th>
                                                <th scope="col" class="num">{t_string!(i18n, payouts.hours)}</th>
                                                <th scope="col" class="num">{t_string!(i18n, payouts.gross)}</th>
                                                <th scope="col" class="num">{t_string!(i18n, payouts.commission)}</th>
                                                <th scope="col" class="num">{t_string!(i18n, payouts.paid_out)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows
                                                .into_iter()
                                                .map(|r| {
                                                    let fmt = r.account.fmt();
                                                    let p = r.payout;
                                                    view! {
                                                        <tr>
                                                            <td>{r.account.name.clone()}</td>
                                                            <td>{p.order.clone()}</td>
                                                            <td class="nowrap" data-label=t_string!(i18n, payouts.due).to_string()>{fmt.date(p.due_on)}</td>
                                                            <td>
                                                                {match p.basis {
                                                                    PayoutBasis::Renewed => t_string!(i18n, payouts.basis_renewed).to_string(),
                                                                    PayoutBasis::Consumed => t_string!(i18n, payouts.basis_consumed).to_string(),
                                                                }}
                                                            </td>
                                                            <td class="num" data-label=t_string!(i18n, payouts.hours).to_string()>{format::minutes(p.minutes)}</td>
                                                            <td class="num" data-label=t_string!(i18n, payouts.gross).to_string()>{fmt.money(p.gross)}</td>
                                                            <td class="num" data-label=t_string!(i18n, payouts.commission).to_string()>{fmt.money(p.commission)}</td>
                                                            <td class="num" data-label=t_string!(i18n, payouts.paid_out).to_string()><strong>{fmt.money(p.payable())}</strong></td>
                                                        </tr>
                                                        // POLICY §7: minutes credited back after an earlier
                                                        // payout are deducted here.
                                                        {p.adjustments.iter().map(|a| view! {
                                                            <tr class="adjustment">
                                                                <td></td>
                                                                <td colspan="3">
                                                                    {t_string!(i18n, payouts.credit_back, entry = a.entry.clone(), on = fmt.date(a.on), order = a.order.clone()).to_string()}
                                                                </td>
                                                                <td class="num">{format!("−{}", format::minutes(a.minutes))}</td>
                                                                <td></td>
                                                                <td></td>
                                                                <td class="num">{fmt.money(a.amount)}</td>
                                                            </tr>
                                                        }).collect_view()}
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any()
                        };
                        view! {
                            {lookup}
                            <section class="panel">
                                <h2>{if who.is_empty() { t_string!(i18n, payouts.title).to_string() } else { t_string!(i18n, payouts.to, who = who.clone()).to_string() }}</h2>
                                {body}
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
