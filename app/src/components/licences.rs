//! An account's licences as a table: product, vendor, type and seats, key (masked for all but
//! admins, by the server), last valid day with the days left, renewal price and who pays.

use leptos::prelude::*;

use crate::format::Fmt;
use crate::i18n::*;
use api::licences::{Licence, NOTICE_DAYS, PaidBy};

type I18n = leptos_i18n::I18nContext<Locale>;

/// "in 12 days", "today", "3 days ago", with a status class.
pub fn days_left(i18n: I18n, l: &Licence, today: chrono::NaiveDate) -> (String, &'static str) {
    let n = l.days_left(today);
    let text = match n {
        0 => t_string!(i18n, licences.expires_today).to_string(),
        n if n < 0 => t_string!(i18n, licences.expired_days, days = -n).to_string(),
        n => t_string!(i18n, licences.days_left, days = n).to_string(),
    };
    let class = match n {
        n if n < 0 => "status status-declined",
        n if n <= NOTICE_DAYS => "status status-offered",
        _ => "status status-approved",
    };
    (text, class)
}

pub fn paid_by_text(i18n: I18n, p: PaidBy) -> String {
    match p {
        PaidBy::Agency => t_string!(i18n, licences.paid_by_agency).to_string(),
        PaidBy::Client => t_string!(i18n, licences.paid_by_client).to_string(),
    }
}

#[component]
pub fn LicenceTable(
    licences: Vec<Licence>,
    today: chrono::NaiveDate,
    /// The account's locale, for dates and money.
    locale: String,
) -> impl IntoView {
    let i18n = use_i18n();
    if licences.is_empty() {
        return view! { <p class="muted" data-testid="licences">{t_string!(i18n, licences.none)}</p> }.into_any();
    }
    let rows = licences
        .into_iter()
        .map(|l| {
            let fmt = Fmt::new(l.renewal_currency.clone(), locale.clone());
            let (left, class) = days_left(i18n, &l, today);
            let kind = match (l.kind.is_empty(), l.seats) {
                (true, None) => String::new(),
                (false, None) => l.kind.clone(),
                (true, Some(n)) => t_string!(i18n, licences.seats, count = n).to_string(),
                (false, Some(n)) => format!("{} · {}", l.kind, t_string!(i18n, licences.seats, count = n)),
            };
            view! {
                <tr data-licence=l.id.clone()>
                    <td>
                        <strong>{l.product.clone()}</strong>
                        <br />
                        <span class="muted small">{l.vendor.clone()}</span>
                    </td>
                    <td data-label=t_string!(i18n, licences.col_type).to_string()>{kind}</td>
                    <td data-label=t_string!(i18n, licences.col_key).to_string()><code class="licence-key">{l.key.clone()}</code></td>
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
        <div class="table-wrap">
            <table class="table" data-testid="licences">
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, licences.col_product)}</th>
                        <th scope="col">{t_string!(i18n, licences.col_type)}</th>
                        <th scope="col">{t_string!(i18n, licences.col_key)}</th>
                        <th scope="col">{t_string!(i18n, licences.col_valid)}</th>
                        <th scope="col" class="num">{t_string!(i18n, licences.col_renewal)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
