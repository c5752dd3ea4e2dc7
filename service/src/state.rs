//! The server's state, given to every request (SSR and server functions) through Leptos context.

use chrono::NaiveDate;

use crate::storage::{Db, Submission};

/// Where "today" comes from: the clock, in each account's time zone, or a fixed date
/// (HOURBANK_TODAY, for demos and tests). The billing rules never read a clock themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    Fixed(NaiveDate),
}

impl Clock {
    /// Today's date in the IANA time zone `tz` (UTC if the name is unknown).
    pub fn today_in(&self, tz: &str) -> NaiveDate {
        match self {
            Clock::Fixed(d) => *d,
            Clock::System => {
                let now = chrono::Utc::now();
                match tz.parse::<chrono_tz::Tz>() {
                    Ok(tz) => now.with_timezone(&tz).date_naive(),
                    Err(_) => now.date_naive(),
                }
            }
        }
    }
}

/// Who makes this request's changes, for the audit trail: the signed-in user and the address
/// the request came from. Without one (the command line, start-up seeding) a change is audited
/// as made by nobody from `local`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub address: String,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    /// The form submission a state change belongs to (one submission, one effect): set for one
    /// request by its server function ([`AppState::submitting`]), never on the shared state.
    pub submission: Option<Submission>,
    /// Set for one request once it is authorized ([`AppState::acting`]).
    pub actor: Option<Actor>,
}

impl AppState {
    pub fn new(db: Db, clock: Clock) -> AppState {
        AppState {
            db,
            clock,
            submission: None,
            actor: None,
        }
    }

    /// This request's state, acting for `user_id` from `address`.
    pub fn acting(&self, user_id: &str, address: &str) -> AppState {
        AppState {
            actor: Some(Actor {
                user_id: user_id.to_string(),
                address: address.to_string(),
            }),
            ..self.clone()
        }
    }

    /// This request's state, for the change `submission` asks for: the write path records
    /// what it did under the submission's key and answers a repeat with the first result.
    pub fn submitting(&self, submission: Submission) -> AppState {
        AppState {
            submission: Some(submission),
            ..self.clone()
        }
    }
}
