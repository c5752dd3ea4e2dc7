//! People and access (admin): who can sign in, inviting someone with a one-time link,
//! withdrawing an invitation, deactivating a user, and the audit trail of these changes.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Role;
use crate::components::account::{Field, field_error};
use crate::components::audit::{AuditTable, instant, name_of};
use crate::components::confirm::Confirm;
use crate::components::session::{ToSignIn, role_label, use_session};
use crate::errors::AppError;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::accounts::{AssignTechnician, UnassignTechnician};
use crate::server_fns::list_accounts;
use crate::server_fns::people::{DeactivateUser, InviteUser, RevokeInvitation, list_people};
use api::people::{AuditLine, Invitation, Person};
use leptos_router::hooks::use_query_map;

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteUser>::new();
    let deactivate = ServerAction::<DeactivateUser>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let assign = ServerAction::<AssignTechnician>::new();
    let unassign = ServerAction::<UnassignTechnician>::new();
    let session = use_session();
    // Whose audit trail: `?user=ID` (a plain GET form below the trail), else everyone's.
    let query = use_query_map();
    let user = move || query.with(|q| q.get("user").unwrap_or_default());
    let data = Resource::new(
        move || {
            (
                invite.version().get(),
                deactivate.version().get(),
                revoke.version().get(),
                user(),
                assign.version().get() + unassign.version().get(),
            )
        },
        move |(_, _, _, user, _)| async move {
            let me = session.me.await?.map(|m| m.id).unwrap_or_default();
            Ok::<_, AppError>((
                list_people(user.clone()).await?,
                list_accounts().await?,
                me,
                user,
            ))
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
                    Ok((people, accounts, me, user)) => {
                        let accounts: Vec<(String, String)> =
                            accounts.into_iter().map(|a| (a.id, a.name)).collect();
                        // Audit lines name people and accounts, not ids.
                        let names: Vec<(String, String)> = people
                            .users
                            .iter()
                            .map(|u| (u.id.clone(), u.name.clone()))
                            .chain(accounts.iter().cloned())
                            .collect();
                        view! {
                            <InviteForm invite=invite accounts=accounts.clone() />
                            <Users users=people.users.clone() deactivate=deactivate accounts=accounts.clone() me=me />
                            <Assignments users=people.users.clone() accounts=accounts.clone() assign=assign unassign=unassign />
                            <Invitations invitations=people.invitations revoke=revoke />
                            <AuditTrail lines=people.audit names=names users=people.users.iter().map(|u| (u.id.clone(), u.name.clone())).collect() selected=user />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
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

#[component]
fn AuditTrail(
    lines: Vec<AuditLine>,
    names: Vec<(String, String)>,
    /// Everyone who may be picked, as (id, name).
    users: Vec<(String, String)>,
    /// The user whose trail is shown; empty: everyone's.
    selected: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let csv = if selected.is_empty() {
        "/audit.csv".to_string()
    } else {
        format!("/audit.csv?user={selected}")
    };
    let options = users
        .into_iter()
        .map(|(id, name)| {
            let on = id == selected;
            view! { <option value=id selected=on>{name}</option> }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="audit-title">
            <h2 id="audit-title">{t_string!(i18n, audit.title)}</h2>
            <p class="muted small">{t_string!(i18n, people.audit_intro)}</p>
            <form method="get" action="/people" class="inline-form audit-filter">
                <label for="audit-user">{t_string!(i18n, people.audit_of)}</label>
                <select id="audit-user" name="user">
                    <option value="" selected=selected.is_empty()>{t_string!(i18n, people.audit_everyone)}</option>
                    {options}
                </select>
                <button type="submit" class="button button-ghost button-small">{t_string!(i18n, people.audit_show)}</button>
                <a class="button button-ghost button-small" href=csv download="">{t_string!(i18n, audit.download)}</a>
            </form>
            <AuditTable lines=lines names=names />
        </section>
    }
}

/// Which accounts each active technician or developer works on: take one off an account, or
/// assign one to another. Their work keeps their name either way.
#[component]
fn Assignments(
    users: Vec<Person>,
    accounts: Vec<(String, String)>,
    assign: ServerAction<AssignTechnician>,
    unassign: ServerAction<UnassignTechnician>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failed = move || {
        let e = assign
            .value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| unassign.value().get().and_then(|r| r.err()));
        e.map(|e| view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> })
    };
    let editors = users
        .into_iter()
        .filter(|p| p.role == Role::Technician && p.deactivated_at.is_none())
        .map(|p| {
            let current = p
                .assigned
                .iter()
                .map(|a| {
                    let (account, user) = (a.clone(), p.id.clone());
                    view! {
                        <li>
                            {name_of(&accounts, a)}
                            <ActionForm action=unassign attr:class="inline-form">
                                <input type="hidden" name="account_id" value=account />
                                <input type="hidden" name="user_id" value=user />
                                <button type="submit" class="button button-ghost button-small" disabled=move || unassign.pending().get()>
                                    {t_string!(i18n, people.unassign_submit)}
                                </button>
                            </ActionForm>
                        </li>
                    }
                })
                .collect_view();
            let others = accounts
                .iter()
                .filter(|(id, _)| !p.assigned.contains(id))
                .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                .collect_view();
            let select_id = format!("assign-{}", p.id);
            let user_id = p.id.clone();
            view! {
                <details class="editor" data-assignments=p.id.clone()>
                    <summary>{t_string!(i18n, people.assignments_of, name = p.name.clone()).to_string()}</summary>
                    <ul class="plain-list assignment-list">{current}</ul>
                    <ActionForm action=assign attr:class="inline-form">
                        <input type="hidden" name="user_id" value=user_id />
                        <label for=select_id.clone()>{t_string!(i18n, people.assign_label)}</label>
                        <select id=select_id name="account_id">{others}</select>
                        <button type="submit" class="button button-small" disabled=move || assign.pending().get()>
                            {t_string!(i18n, people.assign_submit)}
                        </button>
                    </ActionForm>
                </details>
            }
        })
        .collect_view();
    view! {
        <section class="panel catalog" aria-labelledby="assignments-title">
            <h2 id="assignments-title">{t_string!(i18n, people.assignments_title)}</h2>
            <p class="muted small">{t_string!(i18n, people.assignments_intro)}</p>
            {failed}
            <div class="editors">{editors}</div>
        </section>
    }
}
