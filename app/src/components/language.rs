//! The pages' language: English, German or Slovenian (`locales/`). The header's picker changes
//! it at once in the browser and remembers it (`set_language`: the user's choice and the
//! language cookie); without JavaScript the form posts and the page comes back in it.

use leptos::prelude::*;

use crate::i18n::*;
use crate::server_fns::session::SetLanguage;

/// The generated locale for a language code (`api::parse::LANGUAGES`).
pub fn locale_of(code: &str) -> Locale {
    match code {
        "de" => Locale::de,
        "sl" => Locale::sl,
        _ => Locale::en,
    }
}

pub fn code_of(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::de => "de",
        Locale::sl => "sl",
    }
}

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let set = ServerAction::<SetLanguage>::new();
    Effect::new(move |_| {
        if let Some(Ok(code)) = set.value().get() {
            i18n.set_locale(locale_of(&code));
            // Texts are rendered once per page: load it again in the new language.
            let _ = window().location().reload();
        }
    });
    let options = move || {
        let now = code_of(i18n.get_locale());
        api::parse::LANGUAGES
            .iter()
            .map(|(code, name)| {
                view! {
                    <option value=*code selected={*code == now} lang=*code>
                        {*name}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <ActionForm action=set attr:class="language-form">
            <label for="language" class="visually-hidden">{t!(i18n, common.language)}</label>
            <select
                id="language"
                name="language"
                on:change=move |ev| {
                    set.dispatch(SetLanguage { language: event_target_value(&ev) });
                }
            >
                {options}
            </select>
            // Without JavaScript the choice is sent with this button.
            <noscript>
                <button type="submit" class="button button-ghost button-small">
                    {t!(i18n, common.change_language)}
                </button>
            </noscript>
        </ActionForm>
    }
}
