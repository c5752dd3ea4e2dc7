//! Logging a work entry: parse the form with `billing::EntryForm::parse`, replay the history
//! with the new `EntryLogged` event, and append it in one transaction — or store nothing.

use billing::{EntryForm, FieldError};
use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::model::Logged;

/// Why an entry was not logged. Travels to the browser as JSON, and — for a plain form post
/// without JavaScript — in the redirect URL, so the page shows it either way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum LogEntryError {
    /// Some fields do not parse; `form` is what was submitted, to fill the form again.
    #[error("please correct the marked fields")]
    Invalid {
        errors: Vec<FieldError>,
        form: Box<EntryForm>,
    },
    /// The entry parses but the account's history would break a billing rule with it.
    #[error("the entry was refused: {0}")]
    Refused(String),
    #[error("no account \"{0}\"")]
    NoSuchAccount(String),
    /// Not signed in (or the session expired).
    #[error("please sign in")]
    SignIn,
    /// Signed in, but not allowed to log work.
    #[error("{0}")]
    NotAllowed(String),
    /// Not a well-formed call (a body that does not decode, a missing field): 400.
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("the entry could not be saved: {0}")]
    Server(String),
}

impl LogEntryError {
    /// The HTTP status this refusal is answered with.
    pub fn status(&self) -> u16 {
        match self {
            LogEntryError::Invalid { .. } | LogEntryError::Refused(_) => 422,
            LogEntryError::NoSuchAccount(_) => 404,
            LogEntryError::SignIn => 401,
            LogEntryError::NotAllowed(_) => 403,
            LogEntryError::BadRequest(_) => 400,
            LogEntryError::Server(_) => 500,
        }
    }

    /// The message for one form field, if that field was refused.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            LogEntryError::Invalid { errors, .. } => errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }
}

impl FromServerFnError for LogEntryError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // The same mapping as `AppError`'s: a malformed call is the caller's fault.
        match crate::errors::AppError::from_server_fn_error(value) {
            crate::errors::AppError::BadRequest(m) => LogEntryError::BadRequest(m),
            other => LogEntryError::Server(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::storage::StorageError> for LogEntryError {
    fn from(e: crate::storage::StorageError) -> Self {
        match e {
            crate::storage::StorageError::NoSuchAccount(id) => LogEntryError::NoSuchAccount(id),
            other => {
                leptos::logging::error!("log_entry: {other}");
                LogEntryError::Server("a storage error occurred; nothing was saved".into())
            }
        }
    }
}

/// Log a work entry for `account_id` (the fields of the "log work" form, unparsed).
#[server(prefix = "/api", endpoint = "log_entry")]
pub async fn log_entry(
    account_id: String,
    date: String,
    minutes: String,
    kind: String,
    title: String,
    url: String,
    note: String,
) -> Result<Logged, LogEntryError> {
    let mut state = crate::state::app_state()
        .ok_or_else(|| LogEntryError::Server("server state is missing".into()))?;
    // Technicians and developers log work on their accounts, in their own name.
    let refused =
        match crate::auth::ssr::authorize(&state, crate::auth::STAFF, Some(&account_id)).await {
            Ok(me) => {
                state.technician = me.name;
                None
            }
            Err(crate::errors::AppError::NotFound(_)) => {
                Some(LogEntryError::NoSuchAccount(account_id.clone()))
            }
            Err(crate::errors::AppError::Unauthorized) => Some(LogEntryError::SignIn),
            Err(e) => Some(LogEntryError::NotAllowed(e.to_string())),
        };
    if let Some(e) = refused {
        refused_status(&e);
        return Err(e);
    }
    let form = EntryForm {
        date,
        minutes,
        kind,
        title,
        url,
        note,
        quote: String::new(),
    };
    let result = log_entry_inner(&state, &account_id, form).await;
    if let Err(e) = &result {
        refused_status(e);
    }
    result
}

/// A refused entry answers 422 (an unknown account 404) to the browser's background call. A
/// plain form post (it accepts text/html) keeps the redirect back to the page.
#[cfg(feature = "ssr")]
fn refused_status(e: &LogEntryError) {
    use axum::http::{StatusCode, header::ACCEPT, request::Parts};
    let status = match e.status() {
        500 => return,
        s => StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    };
    let plain_form = use_context::<Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if !plain_form && let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// The logic of [`log_entry`], callable without HTTP.
#[cfg(feature = "ssr")]
pub async fn log_entry_inner(
    state: &crate::state::AppState,
    account_id: &str,
    form: EntryForm,
) -> Result<Logged, LogEntryError> {
    use billing::{Event, EventKind, RuleViolation};

    // Parse first: input that does not parse never reaches the database.
    let parsed = form
        .parse(String::new(), state.technician.clone())
        .map_err(|errors| LogEntryError::Invalid {
            errors,
            form: echo(&form),
        })?;
    let clock = state.clock;
    let appended = state
        .db
        .append_event(account_id, |account, mut history, seq| {
            let today = clock.today_in(&account.timezone);
            // Entry ids follow the event's seq, unique within the account.
            let entry = billing::WorkEntry {
                id: format!("e{seq}").into(),
                ..parsed
            };
            let event = Event {
                on: today,
                what: EventKind::EntryLogged(entry),
            };
            history.events.push(event.clone());
            history.today = Some(today);
            let new_index = history.events.len() - 1;
            // The same replay the invoice comes from: refuse what it refuses.
            match billing::replay(&history) {
                Ok(_) => Ok(crate::storage::Decision {
                    event: Some(event),
                    today,
                }),
                Err(e) if e.index == new_index => match e.rule {
                    RuleViolation::EntryInFuture { .. } => Err(LogEntryError::Invalid {
                        errors: vec![FieldError {
                            field: "date".into(),
                            message: format!("the date cannot be after today ({today})"),
                        }],
                        form: echo(&form),
                    }),
                    rule @ (RuleViolation::DateTooFarBack { .. }
                    | RuleViolation::DateOutOfRange { .. }) => Err(LogEntryError::Invalid {
                        errors: vec![FieldError {
                            field: "date".into(),
                            message: rule.to_string(),
                        }],
                        form: echo(&form),
                    }),
                    rule => Err(LogEntryError::Refused(rule.to_string())),
                },
                Err(e) => Err(LogEntryError::Refused(format!(
                    "the account's stored history does not replay ({e})"
                ))),
            }
        })
        .await?;
    let seq = appended.seq.unwrap_or_default();
    Ok(Logged {
        entry_id: format!("e{seq}"),
        seq,
    })
}

/// The submitted form, as sent back to refill the page: every field cut to a length that fits
/// a redirect URL (a plain form post carries the error in the URL), above every limit billing
/// accepts so the user still sees why it was refused.
#[cfg(feature = "ssr")]
fn echo(form: &EntryForm) -> Box<EntryForm> {
    const KEEP: usize = billing::events::MAX_NOTE + 10;
    let cut = |s: &String| s.chars().take(KEEP).collect::<String>();
    Box::new(EntryForm {
        date: cut(&form.date),
        minutes: cut(&form.minutes),
        kind: cut(&form.kind),
        title: cut(&form.title),
        url: cut(&form.url),
        note: cut(&form.note),
        quote: cut(&form.quote),
    })
}
