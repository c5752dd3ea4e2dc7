//! Work a helpdesk sends (`/api/v1`): the log form's rules and the one write path, with the
//! helpdesk's id of the work as a natural key — the same work sent again is recognised under
//! the account's lock and answered with the entry first logged, never counted twice.

use api::AppError;
use api::auth::{Me, Role};
use billing::external::{External, same_work};
use billing::{EntryForm, EntryResult, EventKind, FieldError, History, WorkEntry};

use crate::apply::apply;
use crate::read::AccountNow;
use crate::state::AppState;

/// An entry logged (now or before) from a helpdesk.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub entry: EntryResult,
    pub external: External,
    /// Logged by an earlier call with the same idempotency key or external id.
    pub repeated: bool,
}

/// What to do with a piece of work a helpdesk sent, decided against the account's history.
#[derive(Debug, Clone, PartialEq)]
pub enum Decided {
    /// New work: this event logs it.
    New(EventKind),
    /// The same work was logged before, as this entry.
    Logged(String),
}

/// Who did a piece of work, as a helpdesk names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Technician<'a> {
    /// Their sign-in e-mail.
    Email(&'a str),
    /// The id the helpdesk knows them by (set on the integrations page).
    HelpdeskId(&'a str),
    /// Neither, or both: refused with the other fields' errors.
    Unclear,
}

impl<'a> Technician<'a> {
    /// A column that holds either: an e-mail has an `@`, a helpdesk id is anything else.
    pub fn either(raw: &'a str) -> Technician<'a> {
        if raw.contains('@') {
            Technician::Email(raw)
        } else {
            Technician::HelpdeskId(raw)
        }
    }

    fn field(self) -> &'static str {
        match self {
            Technician::Email(_) | Technician::Unclear => "technician_email",
            Technician::HelpdeskId(_) => "technician_id",
        }
    }
}

/// Log `form` for the staff member `technician`, as work `external` of the
/// helpdesk. Every bad field is refused at once (422), as on the form; an external id already
/// logged with other values is a conflict (409).
pub async fn log_external(
    state: &AppState,
    account_id: &str,
    technician: Technician<'_>,
    form: &EntryForm,
    external: (&str, &str),
) -> Result<Sent, AppError> {
    let new = prepare(state, account_id, technician, form, external).await?;
    let mut earlier: Option<String> = None;
    let appended = apply(state, account_id, |_, history, _, seq| {
        earlier = None;
        match decide(history, &new, seq)? {
            Decided::New(what) => Ok(Some(what)),
            Decided::Logged(id) => {
                earlier = Some(id);
                Ok(None)
            }
        }
    })
    .await?;
    let id = match (&appended.event, earlier) {
        (Some(e), _) => match &e.what {
            EventKind::EntryLogged(w) => w.id.to_string(),
            _ => return Err(AppError::Server("the entry was not logged".into())),
        },
        (None, Some(id)) => id,
        (None, None) => return Err(AppError::Server("the entry was not logged".into())),
    };
    let entry = entry_in(&appended.ledger.entries, &id)?;
    Ok(Sent {
        entry,
        external: new
            .external
            .clone()
            .ok_or_else(|| AppError::Server("no reference".into()))?,
        // Not decided here: the write path answered an earlier call with the same key.
        repeated: appended.repeated || appended.seq.is_none(),
    })
}

/// The work as the rules take it (its id still empty), or every bad field at once (422): the
/// account exists, the technician works on it, the helpdesk's ids and the log form's fields
/// parse.
pub async fn prepare(
    state: &AppState,
    account_id: &str,
    technician: Technician<'_>,
    form: &EntryForm,
    external: (&str, &str),
) -> Result<WorkEntry, AppError> {
    let account_missing = || AppError::NotFound(format!("account \"{account_id}\""));
    state
        .db
        .account(account_id)
        .await?
        .ok_or_else(account_missing)?;
    let by = staff_of(state, account_id, technician).await;
    let external = External::parse(external.0, external.1);
    let parsed = form.parse(
        String::new(),
        by.as_ref().map_or(String::new(), |m| m.name.clone()),
    );
    match (by, external, parsed) {
        (Ok(_), Ok(x), Ok(p)) => Ok(WorkEntry {
            external: Some(x),
            ..p
        }),
        (by, x, p) => {
            let errors: Vec<FieldError> = by
                .err()
                .into_iter()
                .chain(x.err().into_iter().flatten())
                .chain(p.err().into_iter().flatten())
                .collect();
            Err(AppError::fields(errors))
        }
    }
}

/// New work gets the entry id of its event's `seq`; the same work sent again is the entry
/// first logged; other values under a logged external id are a conflict (409).
pub fn decide(history: &History, new: &WorkEntry, seq: i64) -> Result<Decided, AppError> {
    let id = new.external.as_ref().map_or("", |x| &*x.id);
    match logged_as(history, id) {
        Some(old) if same_work(old, new) => Ok(Decided::Logged(old.id.to_string())),
        Some(old) => Err(AppError::Conflict(
            format!(
                "work \"{id}\" was already sent with other values (entry {}); send a new \
                 external id for new work",
                old.id
            )
            .into(),
        )),
        None => Ok(Decided::New(EventKind::EntryLogged(WorkEntry {
            id: format!("e{seq}").into(),
            ..new.clone()
        }))),
    }
}

/// The staff member `who` names who may log work on `account_id`: an admin, or a technician
/// assigned to it.
async fn staff_of(
    state: &AppState,
    account_id: &str,
    who: Technician<'_>,
) -> Result<Me, FieldError> {
    let refused = || {
        let by = match who {
            Technician::Email(_) => "e-mail",
            Technician::HelpdeskId(_) => "helpdesk id",
            Technician::Unclear => {
                let why = "send who did the work: technician_email or technician_id, one of them";
                return FieldError::new(who.field(), why);
            }
        };
        FieldError::new(
            who.field(),
            format!("no technician or admin with this {by} works on account \"{account_id}\""),
        )
    };
    let user = match who {
        Technician::Email(raw) => {
            let email = raw.trim().to_ascii_lowercase();
            if email.is_empty() || email.len() > api::auth::MAX_EMAIL_BYTES {
                return Err(refused());
            }
            state
                .db
                .user_by_email(&email)
                .await
                .ok()
                .flatten()
                .map(|(u, _)| u)
        }
        Technician::HelpdeskId(raw) => {
            let id = raw.trim();
            if id.is_empty() || id.chars().count() > api::integrations::MAX_HELPDESK_ID {
                return Err(refused());
            }
            state.db.user_by_helpdesk_id(id).await.ok().flatten()
        }
        Technician::Unclear => None,
    };
    let Some(user) = user else {
        return Err(refused());
    };
    let Ok(me) = crate::auth::me_of(state, user).await else {
        return Err(refused());
    };
    match me.role {
        Role::Admin | Role::Technician if me.sees(account_id) => Ok(me),
        _ => Err(refused()),
    }
}

/// The entry logged with external id `id`, as first logged.
fn logged_as<'h>(history: &'h History, id: &str) -> Option<&'h WorkEntry> {
    history.events.iter().find_map(|e| match &e.what {
        EventKind::EntryLogged(w) if w.external.as_ref().is_some_and(|x| &*x.id == id) => Some(w),
        _ => None,
    })
}

fn entry_in(entries: &[EntryResult], id: &str) -> Result<EntryResult, AppError> {
    entries
        .iter()
        .find(|e| &*e.id == id)
        .cloned()
        .ok_or_else(|| AppError::Server(format!("entry {id} is missing from the ledger")))
}

/// The entry a helpdesk logged as `external_id` on the account, as it stands today (after
/// corrections). 404 when there is none.
pub fn entry_by_external(now: &AccountNow, external_id: &str) -> Result<Sent, AppError> {
    let logged = logged_as(&now.history, external_id)
        .ok_or_else(|| AppError::NotFound(format!("work \"{external_id}\"")))?;
    let external = logged
        .external
        .clone()
        .ok_or_else(|| AppError::Server("an external entry lost its reference".into()))?;
    Ok(Sent {
        entry: entry_in(&now.ledger.entries, &logged.id)?,
        external,
        repeated: true,
    })
}

/// Record a ticket's lifecycle times on `account_id` (each time once; see `api::tickets`), once
/// per submission when the state carries one.
pub async fn record_ticket(
    state: &AppState,
    account_id: &str,
    form: &api::tickets::TicketForm<'_>,
) -> Result<api::tickets::TicketTimes, AppError> {
    let account = state
        .db
        .account(account_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account \"{account_id}\"")))?;
    let times = form.parse(state.clock.today_in(&account.timezone))?;
    state
        .db
        .record_ticket(account_id, &times, state.submission.as_ref())
        .await
}
