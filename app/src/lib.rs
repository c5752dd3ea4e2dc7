//! Hourbank's web application: pages, components and server functions (Leptos 0.8).
//!
//! The same crate is compiled twice: with `ssr` into the server binary (rendering, server
//! functions, calling the `service` crate) and with `hydrate` into the browser's WASM module (hydration and the live
//! what-if preview, which calls the `billing` crate directly). sqlx, tokio and axum exist only
//! under `ssr`.

// The account pages' view types nest deeply; a cold build can exceed rustc's default query
// depth computing their layout (as in the server crate).
#![recursion_limit = "256"]

/// The pages' text: the `Locale` enum, `use_i18n`, `t!` and the provider, generated at compile
/// time from `locales/LANG/NAMESPACE.json` (a key missing in a language fails the build:
/// warnings are denied in CI, and `tests::every_key_in_every_language` checks it too).
#[expect(
    deprecated,
    reason = "the macro runs the same code generation as leptos_i18n_build; the build-script \
              route would also compile ICU's data exporter with a network client, for \
              formatting features Hourbank does not use"
)]
mod translations {
    leptos_i18n::load_locales!();
}
pub use translations::i18n;

pub mod app;
pub mod components;
#[cfg(feature = "ssr")]
pub mod downloads;
pub mod format;
#[cfg(feature = "ssr")]
pub mod http;
pub mod pages;
pub mod server_fns;

pub use api::{auth, errors, model};
#[cfg(feature = "ssr")]
pub use service::{read, state, storage};

pub use app::{App, shell};

/// The browser's entry point: hydrate the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
