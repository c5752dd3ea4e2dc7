use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text=t_string!(i18n, sign_in.not_found_title).to_string() />
        <section class="panel">
            <h1>{t_string!(i18n, sign_in.not_found_heading)}</h1>
            <p>
                {t_string!(i18n, sign_in.not_found_text)} " "
                <a href="/">{t_string!(i18n, sign_in.not_found_back)}</a>
            </p>
        </section>
    }
}
