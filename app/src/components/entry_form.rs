//! The "log work" form. An `ActionForm`: with JavaScript it calls the server function in the
//! background; before hydration (or without JavaScript) it is a plain POST that redirects back.

use billing::EntryForm;
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::submission::submission_field;
use crate::errors::AppError;
use crate::i18n::*;
use crate::messages::{error_text, reason_text};
use crate::server_fns::LogEntry;

/// What is typed in the form, shared with the live preview.
#[derive(Debug, Clone, Copy)]
pub struct EntryDraft {
    pub date: RwSignal<String>,
    pub minutes: RwSignal<String>,
    pub kind: RwSignal<String>,
    pub title: RwSignal<String>,
    pub url: RwSignal<String>,
    pub note: RwSignal<String>,
}

impl EntryDraft {
    pub fn new(f: EntryForm) -> Self {
        EntryDraft {
            date: RwSignal::new(f.date),
            minutes: RwSignal::new(f.minutes),
            kind: RwSignal::new(f.kind),
            title: RwSignal::new(f.title),
            url: RwSignal::new(f.url),
            note: RwSignal::new(f.note),
        }
    }

    /// The draft as the raw form billing parses (tracked: re-runs readers on every keystroke).
    pub fn form(&self) -> EntryForm {
        EntryForm {
            date: self.date.get(),
            minutes: self.minutes.get(),
            kind: self.kind.get(),
            title: self.title.get(),
            url: self.url.get(),
            note: self.note.get(),
            quote: String::new(),
        }
    }
}

/// The kinds of work to choose from: the form value and its label.
fn kinds(i18n: leptos_i18n::I18nContext<Locale>) -> [(&'static str, String); 4] {
    [
        ("support", t_string!(i18n, work.kind_support).to_string()),
        ("project", t_string!(i18n, work.kind_project).to_string()),
        (
            "billable",
            t_string!(i18n, work.form_kind_billable).to_string(),
        ),
        ("bug", t_string!(i18n, work.form_kind_bug).to_string()),
    ]
}

/// What a time field understood, as you type: "= 1 h 30 min" (the same parser as the server).
pub fn understood(raw: RwSignal<String>) -> Option<String> {
    raw.with(|m| billing::duration::parse_duration(m, "minutes").ok())
        .filter(|m| !m.is_zero())
        .map(|m| format!("= {}", m.human()))
}

/// The message under a field, if the server refused it.
fn field_message(id: &'static str, message: Signal<Option<String>>) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <p class="field-error" id=format!("{id}-error")>
                    <span aria-hidden="true">"⚠ "</span>
                    {m}
                </p>
            }
        })
    }
}

#[component]
pub fn EntryFormPanel(
    account_id: String,
    draft: EntryDraft,
    log: ServerAction<LogEntry>,
    hydrated: RwSignal<bool>,
    today: NaiveDate,
    /// Who the entry is logged for: the signed-in technician or admin.
    technician: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || log.value().get().and_then(|r| r.err()));
    let field = move |name: &'static str| {
        Signal::derive(move || {
            error.with(|e| {
                e.as_ref()
                    .and_then(|e| e.field(name))
                    .map(|r| reason_text(i18n, r))
            })
        })
    };
    let (date_err, minutes_err, kind_err, title_err, url_err, note_err) = (
        field("date"),
        field("minutes"),
        field("kind"),
        field("title"),
        field("url"),
        field("note"),
    );
    // A likely double entry: say which entry it looks like and offer to log it anyway.
    let again_err = field("again");
    let again = move || {
        again_err.get().map(|m| {
            view! {
                <div class="field again" data-testid="again">
                    <p class="field-error" id="again-error">
                        <span aria-hidden="true">"⚠ "</span>
                        {m}
                    </p>
                    <label class="checkbox">
                        <input type="checkbox" name="again" value="yes" aria-describedby="again-error" />
                        " "
                        {t_string!(i18n, work.form_again)}
                    </label>
                </div>
            }
        })
    };
    let invalid = |s: Signal<Option<String>>| move || s.get().is_some().then_some("true");
    let described = |id: &'static str, s: Signal<Option<String>>| {
        move || s.get().is_some().then(|| format!("{id}-error"))
    };
    let pending = log.pending();
    // After a save the form is cleared for the next entry (its date and kind stay): the same
    // work is not one click away from being logged twice.
    Effect::new(move |_| {
        if log.value().with(|v| matches!(v, Some(Ok(_)))) {
            for field in [draft.minutes, draft.title, draft.url, draft.note] {
                field.set(String::new());
            }
        }
    });
    let saved = move || match log.value().get() {
        Some(Ok(l)) => Some(view! {
            <p class="alert alert-success" role="status">
                {t_string!(i18n, work.form_saved, id = l.entry_id).to_string()}
            </p>
        }),
        _ => None,
    };
    let general_error = move || {
        error.get().map(|e| {
            let text = match e {
                AppError::Invalid { .. } => {
                    t_string!(i18n, work.form_not_saved, error = error_text(i18n, &e)).to_string()
                }
                other => error_text(i18n, &other),
            };
            view! {
                <p class="alert alert-error" role="alert">
                    {text}
                </p>
            }
        })
    };
    let initial_kind = draft.kind.get_untracked();
    let set = |s: RwSignal<String>| move |ev| s.set(event_target_value(&ev));

    view! {
        <section class="panel form-panel" aria-labelledby="log-work-title">
            <h2 id="log-work-title">{t_string!(i18n, work.form_title)}</h2>
            <ActionForm
                action=log
                attr:class="entry-form"
                attr:novalidate=true
                attr:autocomplete="off"
                attr:data-hydrated=move || hydrated.get().then_some("true")
            >
                <input type="hidden" name="account_id" value=account_id />
                {submission_field(log.value())}
                {general_error}
                {saved}
                <div class="field-row">
                    <div class="field" class:has-error=move || date_err.get().is_some()>
                        <label for="entry-date">{t_string!(i18n, work.form_date)}</label>
                        <input
                            id="entry-date"
                            name="entry[date]"
                            type="date"
                            required=true
                            max=today.to_string()
                            value=draft.date.get_untracked()
                            on:input=set(draft.date)
                            aria-invalid=invalid(date_err)
                            aria-describedby=described("date", date_err)
                        />
                        {field_message("date", date_err)}
                    </div>
                    <div class="field" class:has-error=move || minutes_err.get().is_some()>
                        <label for="entry-minutes">{t_string!(i18n, work.form_minutes)}</label>
                        <input
                            id="entry-minutes"
                            name="entry[minutes]"
                            type="text"
                            placeholder=t_string!(i18n, work.form_minutes_placeholder).to_string()
                            required=true
                            value=draft.minutes.get_untracked()
                            prop:value=move || draft.minutes.get()
                            on:input=set(draft.minutes)
                            aria-invalid=invalid(minutes_err)
                            aria-describedby=move || {
                                described("minutes", minutes_err)()
                                    .unwrap_or_else(|| "minutes-understood".into())
                            }
                        />
                        <p class="field-hint" id="minutes-understood" aria-live="polite" data-testid="minutes-understood">
                            {move || understood(draft.minutes)}
                        </p>
                        {field_message("minutes", minutes_err)}
                    </div>
                    <div class="field" class:has-error=move || kind_err.get().is_some()>
                        <label for="entry-kind">{t_string!(i18n, work.form_kind)}</label>
                        <select
                            id="entry-kind"
                            name="entry[kind]"
                            on:change=set(draft.kind)
                            aria-invalid=invalid(kind_err)
                            aria-describedby=described("kind", kind_err)
                        >
                            {kinds(i18n)
                                .into_iter()
                                .map(|(value, label)| {
                                    view! {
                                        <option value=value selected=initial_kind == value>
                                            {label}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                        {field_message("kind", kind_err)}
                    </div>
                </div>
                <div class="field" class:has-error=move || title_err.get().is_some()>
                    <label for="entry-title">{t_string!(i18n, work.form_title_label)}</label>
                    <input
                        id="entry-title"
                        name="entry[title]"
                        type="text"
                        maxlength="400"
                        placeholder=t_string!(i18n, work.form_title_placeholder).to_string()
                        required=true
                        value=draft.title.get_untracked()
                        prop:value=move || draft.title.get()
                        on:input=set(draft.title)
                        aria-invalid=invalid(title_err)
                        aria-describedby=described("title", title_err)
                    />
                    {field_message("title", title_err)}
                </div>
                <div class="field" class:has-error=move || url_err.get().is_some()>
                    <label for="entry-url">
                        {t_string!(i18n, work.form_url)}
                        " "
                        <span class="optional">{t_string!(i18n, work.form_optional)}</span>
                    </label>
                    <input
                        id="entry-url"
                        name="entry[url]"
                        type="url"
                        placeholder="https://tickets.example.com/T-123"
                        value=draft.url.get_untracked()
                        prop:value=move || draft.url.get()
                        on:input=set(draft.url)
                        aria-invalid=invalid(url_err)
                        aria-describedby=described("url", url_err)
                    />
                    {field_message("url", url_err)}
                </div>
                <div class="field" class:has-error=move || note_err.get().is_some()>
                    <label for="entry-note">
                        {t_string!(i18n, work.form_note)}
                        " "
                        <span class="optional">{t_string!(i18n, work.form_optional)}</span>
                    </label>
                    <textarea
                        id="entry-note"
                        name="entry[note]"
                        rows="3"
                        prop:value=move || draft.note.get()
                        on:input=set(draft.note)
                        aria-invalid=invalid(note_err)
                        aria-describedby=described("note", note_err)
                    >
                        {draft.note.get_untracked()}
                    </textarea>
                    {field_message("note", note_err)}
                </div>
                {again}
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {move || {
                            if pending.get() {
                                t_string!(i18n, work.form_saving).to_string()
                            } else {
                                t_string!(i18n, work.form_submit).to_string()
                            }
                        }}
                    </button>
                    <span class="muted small">
                        {t_string!(i18n, work.form_logged_as, who = technician).to_string()}
                    </span>
                </div>
            </ActionForm>
        </section>
    }
}
