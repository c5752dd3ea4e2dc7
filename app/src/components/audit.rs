//! The audit trail as a table (admin pages): when, who, what, whom or what, from where; with its
//! CSV download. Who is named, not given by id.

use leptos::prelude::*;

use crate::i18n::*;
use api::people::AuditLine;

type I18n = leptos_i18n::I18nContext<Locale>;

/// An instant as stored (`2026-03-18T09:30:00.000Z`), to the minute, in UTC.
pub fn instant(raw: &str) -> String {
    raw.get(..16).unwrap_or(raw).replace('T', " ") + " UTC"
}

/// What an audit line's action says, in the page's language.
fn action_text(i18n: I18n, action: &str) -> String {
    let t = match action {
        "signed_in" => t_string!(i18n, audit.action_signed_in),
        "sign_in_failed" => t_string!(i18n, audit.action_sign_in_failed),
        "user_invited" => t_string!(i18n, audit.action_user_invited),
        "invitation_accepted" => t_string!(i18n, audit.action_invitation_accepted),
        "invitation_revoked" => t_string!(i18n, audit.action_invitation_revoked),
        "user_deactivated" => t_string!(i18n, audit.action_user_deactivated),
        "password_changed" => t_string!(i18n, audit.action_password_changed),
        "catalog_saved" => t_string!(i18n, audit.action_catalog_saved),
        "plan_subscribed" => t_string!(i18n, audit.action_plan_subscribed),
        "plan_changed" => t_string!(i18n, audit.action_plan_changed),
        "plan_ended" => t_string!(i18n, audit.action_plan_ended),
        "pack_ordered" => t_string!(i18n, audit.action_pack_ordered),
        "payment_recorded" => t_string!(i18n, audit.action_payment_recorded),
        "pack_refunded" => t_string!(i18n, audit.action_pack_refunded),
        "pack_cancelled" => t_string!(i18n, audit.action_pack_cancelled),
        "entry_logged" => t_string!(i18n, audit.action_entry_logged),
        "entry_corrected" => t_string!(i18n, audit.action_entry_corrected),
        "entry_remarked" => t_string!(i18n, audit.action_entry_remarked),
        "quote_offered" => t_string!(i18n, audit.action_quote_offered),
        "quote_approved" => t_string!(i18n, audit.action_quote_approved),
        "quote_declined" => t_string!(i18n, audit.action_quote_declined),
        "quote_cancelled" => t_string!(i18n, audit.action_quote_cancelled),
        "cost_reinvoiced" => t_string!(i18n, audit.action_cost_reinvoiced),
        "terms_changed" => t_string!(i18n, audit.action_terms_changed),
        "seller_saved" => t_string!(i18n, audit.action_seller_saved),
        "invoice_paid" => t_string!(i18n, audit.action_invoice_paid),
        "account_details_changed" => t_string!(i18n, audit.action_account_details_changed),
        "month_closed" => t_string!(i18n, audit.action_month_closed),
        "as_of" => t_string!(i18n, audit.action_as_of),
        "billing_change" => t_string!(i18n, audit.action_billing_change),
        "licence_registered" => t_string!(i18n, audit.action_licence_registered),
        "user_assigned" => t_string!(i18n, audit.action_user_assigned),
        "user_unassigned" => t_string!(i18n, audit.action_user_unassigned),
        "name_changed" => t_string!(i18n, audit.action_name_changed),
        "licence_renewed" => t_string!(i18n, audit.action_licence_renewed),
        "api_token_created" => t_string!(i18n, audit.action_api_token_created),
        "api_token_revoked" => t_string!(i18n, audit.action_api_token_revoked),
        "service_levels_saved" => t_string!(i18n, audit.action_service_levels_saved),
        "helpdesk_id_set" => t_string!(i18n, audit.action_helpdesk_id_set),
        other => return other.to_string(),
    };
    t.to_string()
}

/// The name `id` has in `(id, name)` pairs (the id itself when it has none).
pub fn name_of(names: &[(String, String)], id: &str) -> String {
    names
        .iter()
        .find(|(a, _)| a == id)
        .map_or(id.to_string(), |(_, n)| n.clone())
}

/// Audit lines in a table; `names` name the users (and accounts) lines refer to.
#[component]
pub fn AuditTable(lines: Vec<AuditLine>, names: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p class="muted" data-testid="audit">{t_string!(i18n, audit.empty)}</p> }
            .into_any();
    }
    let name = move |id: &str| name_of(&names, id);
    let rows = lines
        .into_iter()
        .map(|l| {
            view! {
                <tr data-action=l.action.clone()>
                    <td class="nowrap">{instant(&l.at)}</td>
                    <td data-label=t_string!(i18n, audit.col_who).to_string()>
                        {l.actor.as_deref().map_or_else(|| t_string!(i18n, audit.nobody).to_string(), &name)}
                    </td>
                    <td data-label=t_string!(i18n, audit.col_action).to_string()>{action_text(i18n, &l.action)}</td>
                    <td data-label=t_string!(i18n, audit.col_subject).to_string()>
                        {l.subject.as_deref().map(&name).unwrap_or_default()}
                        {(!l.detail.is_empty()).then(|| view! { <span class="muted small">{format!(" · {}", l.detail)}</span> })}
                    </td>
                    <td data-label=t_string!(i18n, audit.col_address).to_string() class="muted small">{l.address.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table table-compact" data-testid="audit">
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, audit.col_when)}</th>
                        <th scope="col">{t_string!(i18n, audit.col_who)}</th>
                        <th scope="col">{t_string!(i18n, audit.col_action)}</th>
                        <th scope="col">{t_string!(i18n, audit.col_subject)}</th>
                        <th scope="col">{t_string!(i18n, audit.col_address)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
