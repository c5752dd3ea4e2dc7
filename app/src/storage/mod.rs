//! Storage (server only): accounts and their append-only event histories.
//!
//! One API, one enum over backends. Today that is SQLite; PostgreSQL arrives as a second
//! variant (`Db::Postgres(PgPool)`, migrations in `app/migrations/postgres`) without changing
//! any caller. Every query is a runtime `sqlx::query` (no compile-time macros, so no
//! DATABASE_URL or offline data is needed to build).

mod seed;
mod sqlite;

use billing::{AccountTerms, Catalog, Currency, Event, History, Percent, Rate};
use chrono::NaiveDate;

use crate::model::AccountSummary;

pub use seed::{DEMO_ACCOUNT_ID, DEMO_TECHNICIAN, demo_account, seed_demo};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data does not read back: {0}")]
    Corrupt(String),
    #[error("no account \"{0}\"")]
    NoSuchAccount(String),
    #[error("{0}")]
    Unsupported(String),
}

/// A database connection pool of one of the supported backends.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(sqlx::SqlitePool),
}

/// An account as stored: its name and legal details, and the terms the billing rules need.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRecord {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    pub address: String,
    pub vat_id: Option<String>,
    pub currency: Currency,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub timezone: String,
    pub reverse_charge: bool,
    pub vat_rate: Option<Percent>,
    pub standard_rate: Option<Rate>,
    pub catalog: Catalog,
}

impl AccountRecord {
    pub fn terms(&self) -> AccountTerms {
        AccountTerms {
            id: self.id.clone(),
            currency: self.currency,
            reverse_charge: self.reverse_charge,
            vat_rate: self.vat_rate,
            standard_rate: self.standard_rate,
        }
    }

    pub fn summary(&self) -> AccountSummary {
        AccountSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            legal_name: self.legal_name.clone(),
            currency: self.currency.code().to_string(),
            timezone: self.timezone.clone(),
        }
    }

    /// The account's `billing::History` as of `today`.
    pub fn history(&self, events: Vec<Event>, today: Option<NaiveDate>) -> History {
        History {
            catalog: self.catalog.clone(),
            account: self.terms(),
            events,
            today,
        }
    }
}

/// One stored event row, as it is in the table (for audits and tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub account_id: String,
    pub seq: i64,
    pub on_date: String,
    pub payload: String,
    pub created_at: String,
}

/// An event that was appended, with its place in the account's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended {
    pub seq: i64,
    pub event: Event,
}

impl Db {
    /// Connect to `url` (`sqlite://path.db`, created if missing).
    pub async fn connect(url: &str) -> Result<Db, StorageError> {
        if url.starts_with("sqlite:") {
            Ok(Db::Sqlite(sqlite::connect(url).await?))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Err(StorageError::Unsupported(
                "PostgreSQL is not supported yet; use a sqlite:// URL".into(),
            ))
        } else {
            Err(StorageError::Unsupported(format!(
                "unsupported database URL \"{}\" (expected sqlite://FILE)",
                url.chars().take(80).collect::<String>()
            )))
        }
    }

    /// Bring the schema up to date.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        match self {
            Db::Sqlite(pool) => sqlite::migrate(pool).await,
        }
    }

    pub async fn accounts(&self) -> Result<Vec<AccountRecord>, StorageError> {
        match self {
            Db::Sqlite(pool) => sqlite::accounts(pool).await,
        }
    }

    pub async fn account(&self, id: &str) -> Result<Option<AccountRecord>, StorageError> {
        match self {
            Db::Sqlite(pool) => sqlite::account(pool, id).await,
        }
    }

    /// The account's events in order (by seq).
    pub async fn events(&self, account_id: &str) -> Result<Vec<Event>, StorageError> {
        match self {
            Db::Sqlite(pool) => sqlite::events(pool, account_id).await,
        }
    }

    /// The account's stored event rows, exactly as stored.
    pub async fn event_rows(&self, account_id: &str) -> Result<Vec<EventRow>, StorageError> {
        match self {
            Db::Sqlite(pool) => sqlite::event_rows(pool, account_id).await,
        }
    }

    /// Insert a new account with its first events, in one transaction.
    pub async fn create_account(
        &self,
        account: &AccountRecord,
        events: &[Event],
    ) -> Result<(), StorageError> {
        match self {
            Db::Sqlite(pool) => sqlite::create_account(pool, account, events).await,
        }
    }

    /// Append one event to an account's history in one transaction that holds the account's
    /// lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: `SELECT … FOR UPDATE` on the account row).
    ///
    /// `decide` sees the account, its history as stored (with `today` unset) and the seq the new
    /// event will get; it returns the event to append or refuses. A refusal, like any error,
    /// rolls the transaction back: nothing is stored.
    pub async fn append_event<E, F>(&self, account_id: &str, decide: F) -> Result<Appended, E>
    where
        F: FnOnce(&AccountRecord, History, i64) -> Result<Event, E>,
        E: From<StorageError>,
    {
        match self {
            Db::Sqlite(pool) => sqlite::append_event(pool, account_id, decide).await,
        }
    }
}
