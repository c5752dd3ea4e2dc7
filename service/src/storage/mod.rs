//! Storage (server only): accounts, their append-only event histories, and the documents
//! issued from them.
//!
//! One API over two backends: SQLite (embedded default) and PostgreSQL (many stateless
//! servers on one database), `Db`, whose methods live with their aggregate: `accounts`,
//! `events` (and the one write path's transaction), `documents` (gapless numbering), `users`,
//! `sessions`, `sign_in`, `audit`; `connection` connects, migrates and takes an account's lock.
//! The queries are written once (sqlx's `Any` driver, `$1` placeholders on both); each backend
//! has its own migrations because triggers and types differ. Every query is a runtime
//! `sqlx::query`, so building needs no database.

mod accounts;
mod api_tokens;
mod audit;
mod catalogs;
mod connection;
mod documents;
mod events;
mod helpdesk_ids;
mod history_cache;
mod licences;
mod people;
mod seed;
mod seed_service;
mod service_levels;
mod sessions;
mod sign_in;
mod submissions;
mod tickets;
mod time;
mod users;

pub use api_tokens::{ApiTokenRecord, TokenRefused};
pub use catalogs::{CatalogVersion, VERSIONS_LISTED};
pub use connection::MAX_BATCH;
pub use licences::{Beside, LicenceRenewal};
pub use people::{Audit, InvitationRefused};
pub use submissions::{MAX_KEY_BYTES, Submission};
pub use time::Timestamp;
pub(crate) use time::stamp;

use billing::{AccountTerms, Catalog, Currency, Event, History, Ledger, Percent, Rate};
use chrono::NaiveDate;

use api::model::{AccountSummary, Document};

pub use seed::{
    DEMO_ACCOUNT_ID, DEMO_DEVELOPER, DEMO_TECHNICIAN, INITECH, demo_account, demo_initech,
    demo_seller, maintenance_catalog, marketplace_catalog, seed_demo,
};
pub use seed_service::{demo_service_levels, demo_tickets, seed_demo_service};

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
    /// A submission key sent again for something else (another action, arguments or account).
    #[error("this submission key was used for something else")]
    SubmissionReused,
    /// What a change was based on changed meanwhile (a licence renewed by someone else).
    #[error("{0}")]
    Stale(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connection pool to one of the supported backends.
#[derive(Debug, Clone)]
pub struct Db {
    pool: sqlx::AnyPool,
    backend: Backend,
    /// Accounts' decoded histories between writes (shared by the clones of this pool).
    history: std::sync::Arc<history_cache::HistoryCache>,
}

/// What a caller of [`Db::append_event`] decided: the event to append (None: nothing to do,
/// e.g. a month already closed, or a repeated submission) and the day the result is computed
/// for.
#[derive(Debug, Clone)]
pub struct Decision {
    pub event: Option<Event>,
    pub today: NaiveDate,
    /// The replay that accepted `event`: of the stored history with it, as of `today` — the
    /// ledger the documents come from, so that a write replays the account once, not twice.
    pub ledger: Option<Ledger>,
    /// A row stored beside the event, in its transaction (a licence registered or renewed).
    pub beside: Option<Beside>,
}

/// An account as stored: its name and legal details, and the terms the billing rules need.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRecord {
    pub id: String,
    pub name: String,
    pub legal_name: String,
    pub address: String,
    pub vat_id: Option<String>,
    /// ISO 3166 alpha-2 country code (reverse charge and e-invoices need it).
    pub country: String,
    /// E-invoicing endpoint (e.g. a Peppol participant id), if the customer has one.
    pub electronic_address: Option<String>,
    /// BCP 47 language tag for documents and money formatting, e.g. `de-DE`.
    pub locale: String,
    pub currency: Currency,
    /// IANA time zone name, e.g. `Europe/Berlin`.
    pub timezone: String,
    pub reverse_charge: bool,
    pub vat_rate: Option<Percent>,
    pub standard_rate: Option<Rate>,
    /// The latest catalog of the account's currency: what it can buy today.
    pub catalog: Catalog,
    /// The catalog the account was opened with: the terms of its events stored before events
    /// carried their own (POLICY "Changing prices").
    pub opening_catalog: Catalog,
    /// Days to pay its invoices; None: the seller's.
    pub payment_terms_days: Option<u32>,
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
            locale: self.locale.clone(),
        }
    }

    /// The account's `billing::History` as of `today`: the current catalog, and every event
    /// with the terms it was agreed at (events stored without them take the opening catalog's).
    pub fn history(&self, events: Vec<Event>, today: Option<NaiveDate>) -> History {
        History {
            catalog: self.catalog.clone(),
            account: self.terms(),
            events: events
                .into_iter()
                .map(|e| e.pinned(&self.opening_catalog))
                .collect(),
            today,
        }
    }
}

/// The deployment's own details, printed as the seller on every document.
pub type SellerRecord = api::parties::SellerSettings;

/// A person who signs in. `role`: admin, technician (technicians and developers) or client
/// (of `account_id`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserRecord {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: api::auth::Role,
    pub account_id: Option<String>,
    /// The language chosen for the pages (`api::parse::LANGUAGES`), if any.
    pub language: Option<String>,
}

/// One stored event row, as it is in the table (for audits and tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub account_id: String,
    pub seq: i64,
    pub on_date: String,
    pub payload: String,
    pub created_at: Timestamp,
}

/// The result of [`Db::append_event`]: the event appended (if any) with its place in the
/// history, the ledger after it, and the documents this transaction issued.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended {
    /// Answered from an earlier submission of the same form: nothing was decided or stored now.
    pub repeated: bool,
    pub seq: Option<i64>,
    pub event: Option<Event>,
    pub ledger: Ledger,
    pub issued: Vec<Document>,
}

impl Db {
    /// Connect to `url`: `sqlite://path.db` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, StorageError> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StorageError::Unsupported(format!(
                "unsupported database URL \"{}\" (expected sqlite://FILE or postgres://…)",
                url.chars().take(80).collect::<String>()
            )));
        };
        Ok(Db {
            pool: connection::connect(url, backend).await?,
            backend,
            history: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Bring the schema up to date.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        connection::migrate(&self.pool, self.backend).await
    }

    /// The schema as it was after migration `version` (tests of the migrations after it).
    pub async fn migrate_to(&self, version: i64) -> Result<(), StorageError> {
        connection::migrate_to(&self.pool, self.backend, version).await
    }
}

/// For the test suites of every crate: a fresh, empty PostgreSQL database named after
/// `prefix` on the server `HOURBANK_TEST_PG` names (an admin URL; `scripts/with-postgres` sets
/// it), and its URL. None, after a loud message, when there is no such server — except under
/// `CI=true`, where that is a failure.
pub async fn fresh_postgres_database(prefix: &str) -> Option<String> {
    let Ok(admin) = std::env::var("HOURBANK_TEST_PG") else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "CI=true but HOURBANK_TEST_PG is not set: run the tests through scripts/with-postgres"
            );
        }
        eprintln!(
            "\n!!! SKIPPING the PostgreSQL half of this test: HOURBANK_TEST_PG is not set (use scripts/with-postgres) !!!\n"
        );
        return None;
    };
    let name = format!("{prefix}_{}", chrono::Utc::now().timestamp_subsec_nanos());
    let admin_db = Db::connect(&admin)
        .await
        .expect("connect to HOURBANK_TEST_PG");
    admin_db
        .execute_raw(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create a test database");
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    Some(format!("{base}/{name}"))
}

impl From<StorageError> for api::AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NoSuchAccount(id) => api::AppError::NotFound(format!("account \"{id}\"")),
            StorageError::SubmissionReused => api::AppError::SubmissionReused,
            StorageError::Stale(why) => api::AppError::Conflict(why.into()),
            other => {
                tracing::error!(error = %other, "storage");
                api::AppError::Server("a storage error occurred; nothing was saved".into())
            }
        }
    }
}
