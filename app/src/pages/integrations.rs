//! Integrations (admin): the tokens a helpdesk calls `/api/v1` with — create one (its secret
//! shown once), revoke one — and how to connect a helpdesk, with a curl example per operation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::account::{Field, field_error};
use crate::components::audit::instant;
use crate::components::session::ToSignIn;
use crate::errors::AppError;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::integrations::{
    CreateApiToken, RevokeApiToken, SetHelpdeskId, show_integrations,
};
use crate::server_fns::list_accounts;
use api::integrations::{ApiToken, StaffId};

#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let set_id = ServerAction::<SetHelpdeskId>::new();
    let data = Resource::new(
        move || {
            (
                create.version().get(),
                revoke.version().get(),
                set_id.version().get(),
            )
        },
        |_| async move { Ok::<_, AppError>((show_integrations().await?, list_accounts().await?)) },
    );
    view! {
        <Title text=t_string!(i18n, integrations.title).to_string() />
        <div class="page-head">
            <h1>{t_string!(i18n, integrations.title)}</h1>
            <p class="muted">{t_string!(i18n, integrations.intro)}</p>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, integrations.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    Ok((integrations, accounts)) => {
                        let accounts: Vec<(String, String)> =
                            accounts.into_iter().map(|a| (a.id, a.name)).collect();
                        let example_account = accounts.first().map_or_else(|| "acme".to_string(), |a| a.0.clone());
                        view! {
                            <CreateForm create=create accounts=accounts.clone() />
                            <Tokens tokens=integrations.tokens revoke=revoke accounts=accounts />
                            <HelpdeskIds staff=integrations.staff set_id=set_id />
                            <HowToConnect base=integrations.base_url account=example_account />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn CreateForm(
    create: ServerAction<CreateApiToken>,
    accounts: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let err = move |f| field_error(create.value(), f);
    let outcome = move || {
        create.value().get().map(|r| match r {
            Ok(made) => view! {
                <div class="alert alert-success" role="status" data-testid="token-created">
                    <p>{t_string!(i18n, integrations.created, name = made.token.name.clone()).to_string()}</p>
                    <label class="small" for="token-secret">{t_string!(i18n, integrations.secret_label)}</label>
                    <input id="token-secret" class="link-box" readonly=true value=made.secret.clone() data-testid="token-secret" />
                    <p class="muted small">{t_string!(i18n, integrations.secret_hint)}</p>
                </div>
            }
            .into_any(),
            Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
        })
    };
    let account_error = err("account");
    view! {
        <section class="panel" aria-labelledby="create-token-title">
            <h2 id="create-token-title">{t_string!(i18n, integrations.create_title)}</h2>
            <ActionForm action=create attr:class="stack-form" attr:novalidate=true>
                {outcome}
                <div class="field-row">
                    <Field label=t_string!(i18n, integrations.name).to_string() name="name" id="token-name".to_string() hint=t_string!(i18n, integrations.name_hint).to_string() error=err("name") />
                    <div class="field" class:has-error=move || account_error.get().is_some()>
                        <label for="token-account">{t_string!(i18n, integrations.account)}</label>
                        <select id="token-account" name="account_id" aria-describedby="token-account-hint">
                            <option value="">{t_string!(i18n, integrations.every_account)}</option>
                            {accounts
                                .iter()
                                .map(|(id, name)| view! { <option value=id.clone()>{name.clone()}</option> })
                                .collect_view()}
                        </select>
                        <p class="muted small" id="token-account-hint">{t_string!(i18n, integrations.account_hint)}</p>
                        <p class="field-error">{move || account_error.get()}</p>
                    </div>
                </div>
                <button type="submit" class="button" disabled=move || create.pending().get()>
                    {t_string!(i18n, integrations.create_submit)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Tokens(
    tokens: Vec<ApiToken>,
    revoke: ServerAction<RevokeApiToken>,
    accounts: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    if tokens.is_empty() {
        return view! {
            <section class="panel" aria-labelledby="tokens-title">
                <h2 id="tokens-title">{t_string!(i18n, integrations.tokens_title)}</h2>
                <p class="muted">{t_string!(i18n, integrations.no_tokens)}</p>
            </section>
        }
        .into_any();
    }
    let scope = move |account: &Option<String>| match account {
        None => t_string!(i18n, integrations.every_account).to_string(),
        Some(a) => accounts
            .iter()
            .find(|(id, _)| id == a)
            .map_or_else(|| a.clone(), |(_, name)| name.clone()),
    };
    let rows = tokens
        .into_iter()
        .map(|t| {
            let id = t.id.clone();
            let status = match &t.revoked_at {
                None => view! { <span class="badge badge-ok">{t_string!(i18n, integrations.working)}</span> }.into_any(),
                Some(at) => view! {
                    <span class="badge badge-charged">{t_string!(i18n, integrations.revoked, date = instant(&at.to_rfc3339())).to_string()}</span>
                }
                .into_any(),
            };
            let name = t.name.clone();
            let action = t.revoked_at.is_none().then(move || {
                let label = t_string!(i18n, integrations.revoke_submit).to_string();
                view! {
                    <ActionForm action=revoke attr:class="inline-form">
                        <input type="hidden" name="token_id" value=id.clone() />
                        <button type="submit" class="button button-ghost button-small" aria-label=format!("{label} {name}") disabled=move || revoke.pending().get()>
                            {label.clone()}
                        </button>
                    </ActionForm>
                }
            });
            let created = match &t.created_by {
                Some(by) => format!("{} · {by}", instant(&t.created_at.to_rfc3339())),
                None => instant(&t.created_at.to_rfc3339()),
            };
            view! {
                <tr>
                    <td>
                        <strong>{t.name.clone()}</strong>
                        <br />
                        <code class="muted small">{t.id.clone()}</code>
                    </td>
                    <td data-label=t_string!(i18n, integrations.col_accounts).to_string()>{scope(&t.account_id)}</td>
                    <td data-label=t_string!(i18n, integrations.col_created).to_string()>{created}</td>
                    <td data-label=t_string!(i18n, integrations.col_status).to_string()>{status}</td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="tokens-title">
            <h2 id="tokens-title">{t_string!(i18n, integrations.tokens_title)}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="tokens">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, integrations.col_token)}</th>
                            <th scope="col">{t_string!(i18n, integrations.col_accounts)}</th>
                            <th scope="col">{t_string!(i18n, integrations.col_created)}</th>
                            <th scope="col">{t_string!(i18n, integrations.col_status)}</th>
                            <th scope="col"><span class="visually-hidden">{t_string!(i18n, integrations.col_actions)}</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// The staff and the ids the helpdesk knows them by: posted work may name its technician by
/// e-mail or by this id.
#[component]
fn HelpdeskIds(staff: Vec<StaffId>, set_id: ServerAction<SetHelpdeskId>) -> impl IntoView {
    let i18n = use_i18n();
    let failed = move || {
        set_id.value().get().and_then(|r| r.err()).map(|e| {
            view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }
        })
    };
    let rows = staff
        .into_iter()
        .map(|p| {
            let label = t_string!(i18n, integrations.helpdesk_id_of, name = p.name.clone()).to_string();
            let input_id = format!("helpdesk-id-{}", p.user_id);
            let user = p.user_id.clone();
            let current = p.helpdesk_id.clone().unwrap_or_default();
            view! {
                <tr data-user=p.user_id.clone()>
                    <td>
                        <strong>{p.name.clone()}</strong>
                        <br />
                        <span class="muted small">{p.email.clone()}</span>
                    </td>
                    <td>
                        <ActionForm action=set_id attr:class="inline-form">
                            <input type="hidden" name="user_id" value=user />
                            <label class="visually-hidden" for=input_id.clone()>{label.clone()}</label>
                            <input id=input_id name="helpdesk_id" class="input-compact" value=current />
                            <button type="submit" class="button button-ghost button-small" aria-label=format!("{} – {label}", t_string!(i18n, integrations.helpdesk_id_submit)) disabled=move || set_id.pending().get()>
                                {t_string!(i18n, integrations.helpdesk_id_submit)}
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" aria-labelledby="helpdesk-ids-title">
            <h2 id="helpdesk-ids-title">{t_string!(i18n, integrations.helpdesk_ids_title)}</h2>
            <p class="muted small">{t_string!(i18n, integrations.helpdesk_ids_intro)}</p>
            {failed}
            <div class="table-wrap">
                <table class="table" data-testid="helpdesk-ids">
                    <thead>
                        <tr>
                            <th scope="col">{t_string!(i18n, integrations.col_person)}</th>
                            <th scope="col">{t_string!(i18n, integrations.col_helpdesk_id)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// One curl example per operation, with this site's address and a real account id.
#[component]
fn HowToConnect(base: String, account: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = format!("{base}/api/v1");
    let auth = "-H \"Authorization: Bearer $HOURBANK_TOKEN\"";
    let examples = [
        (
            t_string!(i18n, integrations.example_accounts).to_string(),
            format!("curl {auth} \\\n  {api}/accounts"),
        ),
        (
            t_string!(i18n, integrations.example_post).to_string(),
            format!(
                "curl {auth} \\\n  -H \"Content-Type: application/json\" \\\n  -H \"Idempotency-Key: zd-4711-1\" \\\n  \
                 -d '{{\"external_id\": \"zd-4711-1\", \"ticket_id\": \"4711\",\n       \
                 \"ticket_url\": \"https://help.example.com/tickets/4711\",\n       \
                 \"title\": \"Printer offline after update\", \"minutes\": 45,\n       \
                 \"technician_email\": \"dana@agency.example\", \"date\": \"2026-03-17\"}}' \\\n  \
                 {api}/accounts/{account}/entries"
            ),
        ),
        (
            t_string!(i18n, integrations.example_ticket).to_string(),
            format!(
                "curl {auth} \\\n  -H \"Content-Type: application/json\" \\\n  \
                 -d '{{\"ticket_id\": \"4711\", \"priority\": \"high\",\n       \
                 \"created_at\": \"2026-03-17T09:30:00+01:00\",\n       \
                 \"first_response_at\": \"2026-03-17T10:05:00+01:00\"}}' \\\n  \
                 {api}/accounts/{account}/tickets"
            ),
        ),
        (
            t_string!(i18n, integrations.example_entry).to_string(),
            format!("curl {auth} \\\n  {api}/accounts/{account}/entries/zd-4711-1"),
        ),
        (
            t_string!(i18n, integrations.example_balance).to_string(),
            format!("curl {auth} \\\n  {api}/accounts/{account}/balance"),
        ),
    ];
    let openapi = format!("{api}/openapi.json");
    view! {
        <section class="panel" aria-labelledby="connect-title">
            <h2 id="connect-title">{t_string!(i18n, integrations.connect_title)}</h2>
            <p>{t_string!(i18n, integrations.connect_intro)}</p>
            <ol class="steps">
                <li>{t_string!(i18n, integrations.step_token)}</li>
                <li>{t_string!(i18n, integrations.step_map)}</li>
                <li>{t_string!(i18n, integrations.step_post)}</li>
                <li>{t_string!(i18n, integrations.step_retry)}</li>
                <li>{t_string!(i18n, integrations.step_tickets)}</li>
            </ol>
            {examples
                .into_iter()
                .map(|(what, code)| view! {
                    <h3 class="small-heading">{what}</h3>
                    <pre class="code-block" tabindex="0"><code>{code}</code></pre>
                })
                .collect_view()}
            <p class="muted small">
                {t_string!(i18n, integrations.openapi)} " " <a href=openapi.clone()>{openapi.clone()}</a>
            </p>
        </section>
    }
}
