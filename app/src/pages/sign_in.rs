//! Sign in with email and password. An `ActionForm`: with JavaScript it calls `sign_in` in the
//! background and goes to `/`; without it, the plain POST sets the cookie and redirects back
//! here, and this page then redirects a signed-in visitor to `/` (or shows the refusal, which
//! the server put in the redirect URL).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use crate::components::session::use_session;
use crate::errors::AppError;
use crate::i18n::*;
use crate::server_fns::session::SignIn;

/// What the form says when the server refuses a sign-in.
pub fn sign_in_message(e: &AppError) -> String {
    let i18n = use_i18n();
    match e {
        // The server answers a wrong password and an unknown user alike.
        AppError::Unauthorized => t_string!(i18n, sign_in.wrong_password).to_string(),
        other => crate::messages::error_text(i18n, other),
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let sign_in = ServerAction::<SignIn>::new();
    let navigate = use_navigate();
    let i18n = use_i18n();
    Effect::new(move |_| {
        if let Some(Ok(me)) = sign_in.value().get() {
            // The pages follow the user's language (the server set its cookie too).
            if let Some(code) = &me.language {
                i18n.set_locale(crate::components::language::locale_of(code));
            }
            session.refresh();
            navigate("/", Default::default());
        }
    });

    view! {
        <Title text=t_string!(i18n, sign_in.title).to_string() />
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, sign_in.loading)}</p> }>
            {move || Suspend::new(async move {
                match session.me.await {
                    // Already signed in (e.g. right after a plain form post): go to the accounts.
                    Ok(Some(_)) if sign_in.value().get_untracked().is_none() => {
                        view! { <Redirect path="/" /> }.into_any()
                    }
                    _ => view! { <SignInForm sign_in=sign_in /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SignInForm(sign_in: ServerAction<SignIn>) -> impl IntoView {
    let i18n = use_i18n();
    let error = move || sign_in.value().get().and_then(|r| r.err());
    let pending = sign_in.pending();
    // Tests wait for this: an Effect runs only in the browser, once the page is hydrated.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    view! {
        <section class="panel sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{t_string!(i18n, sign_in.title)}</h1>
            <p class="muted">{t_string!(i18n, sign_in.intro)}</p>
            <ActionForm
                action=sign_in
                attr:class="sign-in-form"
                attr:data-hydrated=move || hydrated.get().then_some("true")
            >
                {move || {
                    error()
                        .map(|e| {
                            view! {
                                <p class="alert alert-error" role="alert" id="sign-in-error">
                                    {sign_in_message(&e)}
                                </p>
                            }
                        })
                }}
                <div class="field">
                    <label for="sign-in-email">{t_string!(i18n, sign_in.email)}</label>
                    <input
                        id="sign-in-email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required=true
                        aria-invalid=move || error().is_some().then_some("true")
                        aria-describedby=move || error().is_some().then_some("sign-in-error")
                    />
                </div>
                <div class="field">
                    <label for="sign-in-password">{t_string!(i18n, sign_in.password)}</label>
                    <input
                        id="sign-in-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required=true
                        aria-invalid=move || error().is_some().then_some("true")
                        aria-describedby=move || error().is_some().then_some("sign-in-error")
                    />
                </div>
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {move || {
                            if pending.get() {
                                t_string!(i18n, sign_in.signing_in).to_string()
                            } else {
                                t_string!(i18n, sign_in.submit).to_string()
                            }
                        }}
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
