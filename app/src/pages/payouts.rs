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
use crate::server_fns::documents::{payout_developers, payouts};

#[component]
pub fn PayoutsPage() -> impl IntoView {
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
        <Title text="Payouts" />
        <div class="page-head">
            <h1>"Payouts"</h1>
        </div>
        <Transition fallback=|| view! { <p class="muted">"Loading payouts…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> }.into_any(),
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
                                        <label for="payout-dev">"Developer"</label>
                                        <select id="payout-dev" name="developer">
                                            <option value="">"Pick a developer"</option>
                                            {options}
                                        </select>
                                        <button type="submit" class="button button-small">"Show"</button>
                                    </form>
                                }
                            });
                        let body = if rows.is_empty() {
                            view! {
                                <p class="muted">
                                    {if who.is_empty() {
                                        "Pick a developer to see their payouts.".to_string()
                                    } else {
                                        format!("No payouts for {who} yet: a pack is paid out once its renewal window has closed.")
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
                                                <th scope="col">"Account"</th>
                                                <th scope="col">"Pack order"</th>
                                                <th scope="col">"Due"</th>
                                                <th scope="col">"Basis"</th>
                                                <th scope="col" class="num">"Hours"</th>
                                                <th scope="col" class="num">"Gross"</th>
                                                <th scope="col" class="num">"Commission"</th>
                                                <th scope="col" class="num">"Paid out"</th>
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
                                                            <td class="nowrap" data-label="Due">{fmt.date(p.due_on)}</td>
                                                            <td>
                                                                {match p.basis {
                                                                    PayoutBasis::Renewed => "renewed: whole pack",
                                                                    PayoutBasis::Consumed => "hours used",
                                                                }}
                                                            </td>
                                                            <td class="num" data-label="Hours">{format::minutes(p.minutes)}</td>
                                                            <td class="num" data-label="Gross">{fmt.money(p.gross)}</td>
                                                            <td class="num" data-label="Commission">{fmt.money(p.commission)}</td>
                                                            <td class="num" data-label="Paid out"><strong>{fmt.money(p.payable())}</strong></td>
                                                        </tr>
                                                        // POLICY §7: minutes credited back after an earlier
                                                        // payout are deducted here.
                                                        {p.adjustments.iter().map(|a| view! {
                                                            <tr class="adjustment">
                                                                <td></td>
                                                                <td colspan="3">
                                                                    {format!("Credit-back of entry {} on {} (pack {})", a.entry, fmt.date(a.on), a.order)}
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
                                <h2>{if who.is_empty() { "Payouts".to_string() } else { format!("Payouts to {who}") }}</h2>
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
