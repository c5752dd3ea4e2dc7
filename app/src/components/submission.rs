//! One submission, one effect (docs/ARCHITECTURE.md): every state-changing form carries a key in
//! a hidden `submission` field. The server does what a key asks once and answers the same key
//! again (a double click, a resend, a retry after a lost answer) with the first result. After
//! a success the form draws a new key, so the next submission is a new one; after a refusal or
//! a failed connection it keeps its key, so a retry cannot do the work twice.

use leptos::prelude::*;

/// A fresh submission key: random, 1–64 letters, digits and `-`.
pub fn new_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        use leptos::web_sys::js_sys::{Date, Math};
        // Keys are never secrets, only unique per user: time and 104 random bits.
        let r = || (Math::random() * 4_503_599_627_370_496.0) as u64;
        format!("{:x}-{:013x}{:013x}", Date::now() as u64, r(), r())
    }
    #[cfg(all(feature = "ssr", not(feature = "hydrate")))]
    {
        service::auth::random_key()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(1);
        format!("k{}", NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// The hidden `submission` field of a form whose action's result is `value`: a new key after
/// each success.
pub fn submission_field<T, E>(value: MappedSignal<Option<Result<T, E>>>) -> impl IntoView
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    let key = RwSignal::new(new_key());
    let first = key.get_untracked();
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            key.set(new_key());
        }
    });
    // `value` for the page as the server renders it (forms work without JavaScript);
    // `prop:value` for the key the browser holds now.
    view! { <input type="hidden" name="submission" value=first prop:value=move || key.get() /> }
}

/// After the action behind `value` succeeds, reset `form` to its defaults and close the folding
/// editor it sits in: the same change is not one click away from being made twice.
pub fn reset_on_ok<T, E>(
    value: MappedSignal<Option<Result<T, E>>>,
    form: NodeRef<leptos::html::Form>,
    folds: NodeRef<leptos::html::Details>,
) where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            if let Some(f) = form.get_untracked() {
                f.reset();
            }
            if let Some(d) = folds.get_untracked() {
                // Dropping `open` folds it; nothing to do when it is already folded.
                let _ = d.remove_attribute("open");
            }
        }
    });
}
