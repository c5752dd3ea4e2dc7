//! Your own account: who you are signed in as, and changing your password (every other
//! session of yours ends).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::account::{Field, field_error};
use crate::components::session::{ToSignIn, role_label, use_session};
use crate::errors::AppError;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::people::{ChangeName, ChangePassword};

#[component]
pub fn MePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let change = ServerAction::<ChangePassword>::new();
    let err = move |f| field_error(change.value(), f);
    let outcome = move || {
        change.value().get().map(|r| match r {
            Ok(()) => view! { <p class="alert alert-success" role="status">{t_string!(i18n, people.password_changed)}</p> }.into_any(),
            Err(AppError::Invalid { .. }) => ().into_any(),
            Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
        })
    };
    view! {
        <Title text=t_string!(i18n, people.me_title).to_string() />
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, people.loading)}</p> }>
            {move || Suspend::new(async move {
                match session.me.await {
                    Ok(Some(me)) => view! {
                        <div class="page-head">
                            <h1>{t_string!(i18n, people.me_title)}</h1>
                            <p class="muted">
                                {t_string!(i18n, people.me_intro, name = me.name.clone(), email = me.email.clone(), role = role_label(i18n, me.role)).to_string()}
                            </p>
                        </div>
                        <section class="panel form-panel" aria-labelledby="password-title">
                            <h2 id="password-title">{t_string!(i18n, people.password_title)}</h2>
                            <ActionForm action=change attr:class="stack-form" attr:novalidate=true>
                                {outcome}
                                <Field
                                    label=t_string!(i18n, people.current_password).to_string()
                                    name="current"
                                    id="current-password".to_string()
                                    kind="password"
                                    error=err("current")
                                />
                                <Field
                                    label=t_string!(i18n, people.new_password).to_string()
                                    name="new"
                                    id="new-password".to_string()
                                    kind="password"
                                    hint=t_string!(i18n, people.password_rules).to_string()
                                    error=err("new")
                                />
                                <button type="submit" class="button" disabled=move || change.pending().get()>
                                    {t_string!(i18n, people.password_submit)}
                                </button>
                            </ActionForm>
                        </section>
                        <NameForm name=me.name.clone() technician=me.role == crate::auth::Role::Technician />
                    }
                    .into_any(),
                    _ => view! { <ToSignIn /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Your own name: admins and client users change it; a technician's is on their work.
#[component]
fn NameForm(name: String, technician: bool) -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangeName>::new();
    let err = move |f| field_error(change.value(), f);
    let body = if technician {
        view! { <p class="muted">{t_string!(i18n, people.name_technician)}</p> }.into_any()
    } else {
        let outcome = move || {
            change.value().get().map(|r| match r {
                Ok(()) => view! { <p class="alert alert-success" role="status">{t_string!(i18n, people.name_changed)}</p> }.into_any(),
                Err(AppError::Invalid { .. }) => ().into_any(),
                Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            })
        };
        view! {
            <ActionForm action=change attr:class="stack-form" attr:novalidate=true>
                {outcome}
                <Field label=t_string!(i18n, people.name_label).to_string() name="name" id="my-name".to_string() value=name error=err("name") />
                <button type="submit" class="button" disabled=move || change.pending().get()>
                    {t_string!(i18n, people.name_submit)}
                </button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <section class="panel form-panel" aria-labelledby="name-title">
            <h2 id="name-title">{t_string!(i18n, people.name_title)}</h2>
            {body}
        </section>
    }
}
