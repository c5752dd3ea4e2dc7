//! People and access (admin): who can sign in, inviting someone with a one-time link,
//! withdrawing an invitation, deactivating a user, and the audit trail of these changes.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Role;
use crate::components::account::{Field, field_error};
use crate::components::confirm::Confirm;
use crate::components::session::{ToSignIn, role_label, use_session};
use crate::errors::AppError;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::list_accounts;
use crate::server_fns::people::{DeactivateUser, InviteUser, RevokeInvitation, list_people};
use api::people::{AuditLine, Invitation, Person};

type I18n = leptos_i18n::I18nContext<Locale>;

/// An instant as stored (`2026-03-18T09:30:00.000Z`), to the minute, in UTC.
fn instant(raw: &str) -> String {
    raw.get(..16).unwrap_or(raw).replace('T', " ") + " UTC"
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteUser>::new();
    let deactivate = ServerAction::<DeactivateUser>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let session = use_session();
    let data = Resource::new(
        move || {
            (
                invite.version().get(),
                deactivate.version().get(),
                revoke.version().get(),
            )
        },
        move |_| async move {
            let me = session.me.await?.map(|m| m.id).unwrap_or_default();
            Ok::<_, AppError>((list_people().await?, list_accounts().await?, me))
        },
    );
    view! {
        <Title text=t_string!(i18n, people.title).to_string() />
        <div class="page-head">
            <h1>{t_string!(i18n, people.title)}</h1>
            <p class="muted">{t_string!(i18n, people.intro)}</p>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, people.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    Ok((people, accounts, me)) => {
                        let accounts: Vec<(String, String)> =
                            accounts.into_iter().map(|a| (a.id, a.name)).collect();
                        // Audit lines name people, not ids.
                        let names: Vec<(String, String)> = people
                            .users
                            .iter()
                            .map(|u| (u.id.clone(), u.name.clone()))
                            .collect();
                        view! {
                            <InviteForm invite=invite accounts=accounts.clone() />
                            <Users users=people.users deactivate=deactivate accounts=accounts.clone() me=me />
                            <Invitations invitations=people.invitations revoke=revoke />
                            <AuditTrail lines=people.audit names=names />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The name `id` has in `(id, name)` pairs (the id itself when it has none).
fn name_of(accounts: &[(String, String)], id: &str) -> String {
    accounts
        .iter()
        .find(|(a, _)| a == id)
        .map_or(id.to_string(), |(_, n)| n.clone())
}

#[component]
fn InviteForm(invite: ServerAction<InviteUser>, accounts: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let err = move |f| field_error(invite.value(), f);
    let outcome = move || {
        invite.value().get().map(|r| match r {
            Ok(done) => view! {
                <div class="alert alert-success" role="status" data-testid="invited">
                    <p>
                        {t_string!(i18n, people.invited, name = done.invitation.name.clone(), email = done.invitation.email.clone()).to_string()}
                    </p>
                    <label class="small" for="invitation-link">{t_string!(i18n, people.link_label)}</label>
                    <input id="invitation-link" class="link-box" readonly=true value=done.link.clone() data-testid="invitation-link" />
                    <p class="muted small">
                        {t_string!(i18n, people.link_hint, date = instant(&done.invitation.expires_at)).to_string()}
                    </p>
                </div>
            }
            .into_any(),
            Err(e @ AppError::Invalid { .. }) => view! {
                <p class="alert alert-error" role="alert">{t_string!(i18n, account.not_saved, error = error_text(i18n, &e)).to_string()}</p>
            }
            .into_any(),
            Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
        })
    };
    let account_error = err("account_id");
    let role_error = err("role");
    view! {
        <section class="panel" aria-labelledby="invite-title">
            <h2 id="invite-title">{t_string!(i18n, people.invite_title)}</h2>
            <p class="muted small">{t_string!(i18n, people.invite_intro)}</p>
            <ActionForm action=invite attr:class="stack-form" attr:novalidate=true>
                {outcome}
                <div class="field-row">
                    <Field label=t_string!(i18n, people.email).to_string() name="email" id="invite-email".to_string() kind="email" error=err("email") />
                    <Field label=t_string!(i18n, people.name).to_string() name="name" id="invite-name".to_string() error=err("name") />
                </div>
                <div class="field-row">
                    <div class="field" class:has-error=move || role_error.get().is_some()>
                        <label for="invite-role">{t_string!(i18n, people.role)}</label>
                        <select id="invite-role" name="role">
                            <option value="technician" selected=true>{t_string!(i18n, people.role_technician)}</option>
                            <option value="client">{t_string!(i18n, people.role_client)}</option>
                            <option value="admin">{t_string!(i18n, people.role_admin)}</option>
                        </select>
                        <p class="field-error">{move || role_error.get()}</p>
                    </div>
                    <div class="field" class:has-error=move || account_error.get().is_some()>
                        <label for="invite-account">{t_string!(i18n, people.account)}</label>
                        <select
                            id="invite-account"
                            name="account_id"
                            aria-describedby="invite-account-hint"
                            aria-invalid=move || account_error.get().is_some().then_some("true")
                        >
                            <option value="">{t_string!(i18n, people.account_none)}</option>
                            {accounts
                                .iter()
                                .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                                .collect_view()}
                        </select>
                        <p class="muted small" id="invite-account-hint">{t_string!(i18n, people.account_hint)}</p>
                        <p class="field-error">{move || account_error.get()}</p>
                    </div>
                </div>
                <button type="submit" class="button" disabled=move || invite.pending().get()>
                    {t_string!(i18n, people.invite_submit)}
                </button>
            </ActionForm>
        </section>
    }
}

fn status(i18n: I18n, p: &Person) -> AnyView {
    match &p.deactivated_at {
        Some(at) => view! {
            <span class="status status-declined">
                {t_string!(i18n, people.status_deactivated, date = instant(at)).to_string()}
            </span>
        }
        .into_any(),
        None => view! { <span class="status status-approved">{t_string!(i18n, people.status_active)}</span> }.into_any(),
    }
}

#[component]
fn Users(
    users: Vec<Person>,
    deactivate: ServerAction<DeactivateUser>,
    accounts: Vec<(String, String)>,
    /// The signed-in admin, who cannot deactivate themselves.
    me: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let failed = move || {
        deactivate.value().get().and_then(|r| r.err()).map(|e| {
            view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }
        })
    };
    let rows = users
        .into_iter()
        .map(|p| {
            let where_ = match p.role {
                Role::Client => p.account_id.as_deref().map(|a| name_of(&accounts, a)).unwrap_or_default(),
                Role::Technician => p.assigned.iter().map(|a| name_of(&accounts, a)).collect::<Vec<_>>().join(", "),
                Role::Admin => t_string!(i18n, people.all_accounts).to_string(),
            };
            let action = (p.deactivated_at.is_none() && p.id != me).then(|| {
                let warning = t_string!(i18n, people.deactivate_warning, name = p.name.clone()).to_string();
                let id = p.id.clone();
                view! {
                    <Confirm label=t_string!(i18n, people.deactivate_label).to_string() warning=warning>
                        <ActionForm action=deactivate attr:class="inline-form">
                            <input type="hidden" name="user_id" value=id.clone() />
                            <button type="submit" class="button button-danger button-small" disabled=move || deactivate.pending().get()>
                                {t_string!(i18n, people.deactivate_submit)}
                            </button>
                        </ActionForm>
                    </Confirm>
                }
            });
            view! {
                <tr data-user=p.id.clone()>
                    <td>
                        <strong>{p.name.clone()}</strong>
                        <br />
                        <span class="muted small">{p.email.clone()}</span>
                    </td>
                    <td data-label=t_string!(i18n, people.col_role).to_string()>{role_label(i18n, p.role)}</td>
                    <td data-label=t_string!(i18n, people.col_accounts).to_string()>{where_}</td>
                    <td>{status(i18n, &p)}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="users-title">
            <h2 id="users-title">{t_string!(i18n, people.users_title)}</h2>
            {failed}
            <div class="table-wrap">
                <table class="table" data-testid="users">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, people.col_person)}</th>
                            <th scope="col">{t_string!(i18n, people.col_role)}</th>
                            <th scope="col">{t_string!(i18n, people.col_accounts)}</th>
                            <th scope="col">{t_string!(i18n, people.col_status)}</th>
                            <th scope="col"><span class="visually-hidden">{t_string!(i18n, people.col_actions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Invitations(
    invitations: Vec<Invitation>,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    if invitations.is_empty() {
        return ().into_any();
    }
    let rows = invitations
        .into_iter()
        .map(|inv| {
            let id = inv.id.clone();
            view! {
                <tr>
                    <td>
                        <strong>{inv.name.clone()}</strong>
                        <br />
                        <span class="muted small">{inv.email.clone()}</span>
                    </td>
                    <td data-label=t_string!(i18n, people.col_role).to_string()>{role_label(i18n, inv.role)}</td>
                    <td data-label=t_string!(i18n, people.col_expires).to_string()>{instant(&inv.expires_at)}</td>
                    <td>
                        <ActionForm action=revoke attr:class="inline-form">
                            <input type="hidden" name="id" value=id />
                            <button type="submit" class="button button-ghost button-small" disabled=move || revoke.pending().get()>
                                {t_string!(i18n, people.revoke_submit)}
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="invitations-title">
            <h2 id="invitations-title">{t_string!(i18n, people.invitations_title)}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="invitations">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, people.col_person)}</th>
                            <th scope="col">{t_string!(i18n, people.col_role)}</th>
                            <th scope="col">{t_string!(i18n, people.col_expires)}</th>
                            <th scope="col"><span class="visually-hidden">{t_string!(i18n, people.col_actions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// What an audit line's action says, in the page's language.
fn action_text(i18n: I18n, action: &str) -> String {
    match action {
        "signed_in" => t_string!(i18n, people.action_signed_in).to_string(),
        "sign_in_failed" => t_string!(i18n, people.action_sign_in_failed).to_string(),
        "user_invited" => t_string!(i18n, people.action_user_invited).to_string(),
        "invitation_accepted" => t_string!(i18n, people.action_invitation_accepted).to_string(),
        "invitation_revoked" => t_string!(i18n, people.action_invitation_revoked).to_string(),
        "user_deactivated" => t_string!(i18n, people.action_user_deactivated).to_string(),
        "password_changed" => t_string!(i18n, people.action_password_changed).to_string(),
        "catalog_saved" => t_string!(i18n, people.action_catalog_saved).to_string(),
        other => other.to_string(),
    }
}

#[component]
fn AuditTrail(lines: Vec<AuditLine>, names: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let name = move |id: &str| name_of(&names, id);
    let rows = lines
        .into_iter()
        .map(|l| {
            view! {
                <tr>
                    <td class="nowrap">{instant(&l.at)}</td>
                    <td data-label=t_string!(i18n, people.col_who).to_string()>{l.actor.as_deref().map_or_else(|| "—".to_string(), &name)}</td>
                    <td data-label=t_string!(i18n, people.col_action).to_string()>{action_text(i18n, &l.action)}</td>
                    <td data-label=t_string!(i18n, people.col_subject).to_string()>
                        {l.subject.as_deref().map(&name).unwrap_or_default()}
                        {(!l.detail.is_empty()).then(|| view! { <span class="muted small">{format!(" · {}", l.detail)}</span> })}
                    </td>
                    <td data-label=t_string!(i18n, people.col_address).to_string() class="muted small">{l.address.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="audit-title">
            <h2 id="audit-title">{t_string!(i18n, people.audit_title)}</h2>
            <p class="muted small">{t_string!(i18n, people.audit_intro)}</p>
            <div class="table-wrap">
                <table class="table table-compact" data-testid="audit">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, people.col_when)}</th>
                            <th scope="col">{t_string!(i18n, people.col_who)}</th>
                            <th scope="col">{t_string!(i18n, people.col_action)}</th>
                            <th scope="col">{t_string!(i18n, people.col_subject)}</th>
                            <th scope="col">{t_string!(i18n, people.col_address)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
