//! Accepting an invitation: the link's page says who it is for and asks for a password; the
//! new user is then signed in. A used, withdrawn or expired link says so in plain words.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::components::account::{Field, field_error};
use crate::components::session::{role_label, use_session};
use crate::errors::AppError;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::people::{AcceptInvitation, show_invitation};

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let session = use_session();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let accept = ServerAction::<AcceptInvitation>::new();
    let invitation = Resource::new(token, show_invitation);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = accept.value().get() {
            session.refresh();
            navigate("/", Default::default());
        }
    });
    view! {
        <Title text=t_string!(i18n, people.accept_title).to_string() />
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, people.loading)}</p> }>
            {move || Suspend::new(async move {
                let signed_in = matches!(session.me.await, Ok(Some(_)));
                match invitation.await {
                    // Accepted by a plain form post: the new user is signed in; the used link
                    // leads on to the accounts.
                    Err(AppError::InvitationClosed) if signed_in => view! { <Redirect path="/" /> }.into_any(),
                    Err(e) => view! {
                        <section class="panel sign-in" aria-labelledby="accept-title">
                            <h1 id="accept-title">{t_string!(i18n, people.accept_title)}</h1>
                            <p class="alert alert-error" role="alert" data-testid="invitation-closed">{error_text(i18n, &e)}</p>
                        </section>
                    }
                    .into_any(),
                    Ok(inv) => {
                        let err = move |f| field_error(accept.value(), f);
                        let other = move || {
                            accept.value().get().and_then(|r| r.err()).filter(|e| !matches!(e, AppError::Invalid { .. })).map(|e| {
                                view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }
                            })
                        };
                        view! {
                            <section class="panel sign-in" aria-labelledby="accept-title">
                                <h1 id="accept-title">{t_string!(i18n, people.accept_title)}</h1>
                                <p>
                                    {t_string!(i18n, people.accept_intro, name = inv.name.clone(), role = role_label(i18n, inv.role)).to_string()}
                                </p>
                                <ActionForm action=accept attr:class="stack-form" attr:novalidate=true>
                                    {other}
                                    <input type="hidden" name="token" value=token() />
                                    <p class="muted small">{t_string!(i18n, people.accept_email, email = inv.email.clone()).to_string()}</p>
                                    <Field
                                        label=t_string!(i18n, people.new_password).to_string()
                                        name="password"
                                        id="accept-password".to_string()
                                        kind="password"
                                        hint=t_string!(i18n, people.password_rules).to_string()
                                        error=err("password")
                                    />
                                    <button type="submit" class="button" disabled=move || accept.pending().get()>
                                        {t_string!(i18n, people.accept_submit)}
                                    </button>
                                </ActionForm>
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}
