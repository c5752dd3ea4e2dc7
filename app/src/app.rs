//! The HTML shell and the router.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    path,
};

use crate::components::language::LanguagePicker;
use crate::components::session::{MainNav, UserMenu, provide_session};
use crate::i18n::*;
use crate::pages::{
    catalog::CatalogPage, dashboard::DashboardPage, home::HomePage, integrations::IntegrationsPage,
    invitation::InvitationPage, invoice::InvoicePage, licences::LicencesPage, manage::ManagePage,
    me::MePage, month_end::MonthEndPage, not_found::NotFound, packs::PacksPage,
    payouts::PayoutsPage, people::PeoplePage, quotes::QuotesPage,
    service_levels::ServiceLevelsPage, settings::SettingsPage, sign_in::SignInPage,
    work_log::WorkLogPage,
};

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The page's Content-Security-Policy names the nonce of its inline hydration script.
    #[cfg(feature = "ssr")]
    crate::http::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                // The stylesheet by its content-hashed name when the build hashed it.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();

    view! {
        <I18nContextProvider cookie_name=crate::auth::LANGUAGE_COOKIE>
            <Shell />
        </I18nContextProvider>
    }
}

/// Everything inside the language's context: the header, the navigation and the pages.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Link rel="icon" href="/favicon.ico" />
        <Title formatter=|page: String| {
            if page.is_empty() { "Hourbank".to_string() } else { format!("{page} · Hourbank") }
        } />
        <Router>
            <a class="skip-link" href="#main">{t!(i18n, common.skip_to_content)}</a>
            <header class="topbar">
                <div class="topbar-inner">
                    <A href="/" attr:class="brand">
                        <span class="brand-mark" aria-hidden="true">"h"</span>
                        "Hourbank"
                    </A>
                    <MainNav />
                    <LanguagePicker />
                    <UserMenu />
                </div>
            </header>
            <main id="main" class="page">
                // Async: the whole page is rendered before it is sent, so it works without
                // JavaScript (the form falls back to a plain POST) and the title is in <head>.
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/invoices/:number")
                        view=InvoicePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/accounts/:id") view=DashboardPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/accounts/:id/work")
                        view=WorkLogPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/accounts/:id/packs") view=PacksPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/accounts/:id/quotes")
                        view=QuotesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/accounts/:id/manage")
                        view=ManagePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/month-end") view=MonthEndPage ssr=SsrMode::Async />
                    <Route path=path!("/payouts") view=PayoutsPage ssr=SsrMode::Async />
                    <Route path=path!("/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/catalog") view=CatalogPage ssr=SsrMode::Async />
                    <Route path=path!("/licences") view=LicencesPage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/integrations") view=IntegrationsPage ssr=SsrMode::Async />
                    <Route path=path!("/service-levels") view=ServiceLevelsPage ssr=SsrMode::Async />
                    <Route path=path!("/me") view=MePage ssr=SsrMode::Async />
                    <Route
                        path=path!("/invitation/:token")
                        view=InvitationPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
        </Router>
    }
}
