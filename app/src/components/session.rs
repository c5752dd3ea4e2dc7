//! Who is signed in, for every page: the `whoami` resource in context, the header's user menu
//! with its "Sign out" form, and the redirect pages render when the server says "please sign in".

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use crate::auth::{Me, Role};
use crate::errors::AppError;
use crate::i18n::*;
use crate::server_fns::session::{SignOut, whoami};

/// The session as the pages see it. `refresh` re-asks the server who is signed in (after a
/// sign-in or sign-out in the browser).
#[derive(Clone, Copy)]
pub struct Session {
    pub me: Resource<Result<Option<Me>, AppError>>,
    refresh: RwSignal<u32>,
}

impl Session {
    pub fn refresh(&self) {
        self.refresh.update(|n| *n += 1);
    }
}

/// Create the session resource and put it in context (once, in `App`).
pub fn provide_session() -> Session {
    let refresh = RwSignal::new(0u32);
    let me = Resource::new(move || refresh.get(), |_| whoami());
    let session = Session { me, refresh };
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

pub fn role_label(i18n: leptos_i18n::I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Admin => t_string!(i18n, common.role_admin).to_string(),
        Role::Technician => t_string!(i18n, common.role_technician).to_string(),
        Role::Client => t_string!(i18n, common.role_client).to_string(),
    }
}

/// What a page renders instead of itself when the caller is not signed in: during SSR a 302 to
/// `/sign-in`, in the browser a navigation there.
#[component]
pub fn ToSignIn() -> impl IntoView {
    view! { <Redirect path="/sign-in" /> }
}

/// The main navigation: what the signed-in role works with.
#[component]
pub fn MainNav() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <nav aria-label=move || t_string!(i18n, common.nav_main).to_string() class="main-nav">
            <a href="/">{t!(i18n, common.nav_accounts)}</a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.me.await.ok().flatten().map(|m| m.role) {
                        Some(Role::Admin) => {
                            view! {
                                <a href="/month-end">{t!(i18n, common.nav_month_end)}</a>
                                <a href="/payouts">{t!(i18n, common.nav_payouts)}</a>
                                <a href="/catalog">{t!(i18n, common.nav_catalog)}</a>
                                <a href="/licences">{t!(i18n, common.nav_licences)}</a>
                                <a href="/people">{t!(i18n, common.nav_people)}</a>
                                <a href="/integrations">{t!(i18n, common.nav_integrations)}</a>
                                <a href="/service-levels">{t!(i18n, common.nav_service_levels)}</a>
                                <a href="/settings">{t!(i18n, common.nav_settings)}</a>
                            }
                                .into_any()
                        }
                        Some(Role::Technician) => view! { <a href="/payouts">{t!(i18n, common.nav_my_payouts)}</a> }.into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Transition>
        </nav>
    }
}

/// The header's right side: the signed-in user's name and role, and "Sign out".
#[component]
pub fn UserMenu() -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOut>::new();
    let navigate = use_navigate();
    // With JavaScript the form posts in the background: then ask again who is signed in (no
    // one) and go to the sign-in page. Without it, the server's redirect back to this page
    // answers with the redirect to /sign-in.
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            session.refresh();
            navigate("/sign-in", Default::default());
        }
    });

    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match session.me.await {
                    Ok(Some(me)) => {
                        view! {
                            <div class="user-menu">
                                <p class="user-who">
                                    <a class="user-name" href="/me">{me.name}</a>
                                    <span class="user-role">{move || role_label(i18n, me.role)}</span>
                                </p>
                                <ActionForm action=sign_out attr:class="sign-out-form">
                                    <button type="submit" class="button button-ghost button-small">
                                        {t!(i18n, common.sign_out)}
                                    </button>
                                </ActionForm>
                            </div>
                        }
                            .into_any()
                    }
                    _ => ().into_any(),
                }
            })}
        </Transition>
    }
}
