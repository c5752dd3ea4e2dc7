//! Every account's licences by expiry (admin): what expires in the next 30, 60 or 90 days, or
//! all, soonest first, each linked to its account's register.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::licences::{days_left, paid_by_text};
use crate::components::session::ToSignIn;
use crate::errors::AppError;
use crate::format::Fmt;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::licences::expiring_licences;

#[component]
pub fn LicencesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let within = move || query.with(|q| q.get("within").unwrap_or_default());
    let data = Resource::new(within, expiring_licences);
    let filters = move || {
        let now = within();
        [
            ("30", t_string!(i18n, licences.within_30)),
            ("60", t_string!(i18n, licences.within_60)),
            ("90", t_string!(i18n, licences.within_90)),
            ("", t_string!(i18n, licences.within_all)),
        ]
        .into_iter()
        .map(|(w, label)| {
            let href = if w.is_empty() {
                "/licences".to_string()
            } else {
                format!("/licences?within={w}")
            };
            let current = (now == w).then_some("page");
            view! { <a class="chip" href=href aria-current=current>{label}</a> }
        })
        .collect_view()
    };
    view! {
        <Title text=t_string!(i18n, licences.overview_title).to_string() />
        <div class="page-head">
            <h1>{t_string!(i18n, licences.overview_title)}</h1>
            <p class="muted">{t_string!(i18n, licences.overview_intro)}</p>
        </div>
        <nav class="chips" aria-label=move || t_string!(i18n, licences.filter_label).to_string()>{filters}</nav>
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, licences.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    Ok(o) if o.licences.is_empty() => view! { <p class="muted" data-testid="licence-overview">{t_string!(i18n, licences.none_within)}</p> }.into_any(),
                    Ok(o) => {
                        let lang = i18n.get_locale().as_str().to_string();
                        let rows = o
                            .licences
                            .into_iter()
                            .map(|(l, account)| {
                                let fmt = Fmt::new(l.renewal_currency.clone(), lang.clone());
                                let (left, class) = days_left(i18n, &l, o.today);
                                let href = format!("/accounts/{}/manage#licences", l.account_id);
                                view! {
                                    <tr data-licence=l.id.clone()>
                                        <td><a href=href>{account}</a></td>
                                        <td data-label=t_string!(i18n, licences.col_product).to_string()>
                                            <strong>{l.product.clone()}</strong>
                                            <br />
                                            <span class="muted small">{l.vendor.clone()}</span>
                                        </td>
                                        <td data-label=t_string!(i18n, licences.col_valid).to_string()>
                                            {fmt.date(l.last_valid_day)}
                                            <br />
                                            <span class=class>{left}</span>
                                        </td>
                                        <td data-label=t_string!(i18n, licences.col_renewal).to_string() class="num">
                                            {fmt.money(l.renewal_price)}
                                            <br />
                                            <span class="muted small">{paid_by_text(i18n, l.paid_by)}</span>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <section class="panel">
                                <div class="table-wrap">
                                    <table class="table" data-testid="licence-overview">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t_string!(i18n, licences.col_account)}</th>
                                                <th scope="col">{t_string!(i18n, licences.col_product)}</th>
                                                <th scope="col">{t_string!(i18n, licences.col_valid)}</th>
                                                <th scope="col" class="num">{t_string!(i18n, licences.col_renewal)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
