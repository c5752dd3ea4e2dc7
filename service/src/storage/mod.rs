//! Storage (server only): accounts, their append-only event histories, and the documents
//! issued from them.
//!
//! One API over two backends: SQLite (embedded default) and PostgreSQL (many stateless
//! servers on one database). The queries are written once (`sql.rs`, sqlx's `Any` driver);
//! each backend has its own migrations because triggers and types differ. Every query is a
//! runtime `sqlx::query`, so building needs no database.

mod seed;
mod sql;

use billing::{AccountTerms, Catalog, Currency, Event, History, Ledger, Percent, Rate};
use chrono::NaiveDate;

use api::model::{AccountSummary, Document};

pub use seed::{
    DEMO_ACCOUNT_ID, DEMO_DEVELOPER, DEMO_TECHNICIAN, INITECH, demo_account, demo_initech,
    demo_seller, maintenance_catalog, marketplace_catalog, seed_demo,
};

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
}

/// What a caller of [`Db::append_event`] decided: the event to append (None: nothing to do,
/// e.g. a month already closed) and the day the result is computed for.
#[derive(Debug, Clone)]
pub struct Decision {
    pub event: Option<Event>,
    pub today: NaiveDate,
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
            locale: self.locale.clone(),
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

/// The deployment's own details, printed as the seller on every document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SellerRecord {
    pub legal_name: String,
    pub address: String,
    pub country: String,
    pub vat_id: Option<String>,
    pub electronic_address: Option<String>,
    pub email: Option<String>,
}

/// A person who signs in. `role`: admin, technician (technicians and developers) or client
/// (of `account_id`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UserRecord {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: api::auth::Role,
    pub account_id: Option<String>,
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

/// The result of [`Db::append_event`]: the event appended (if any) with its place in the
/// history, the ledger after it, and the documents this transaction issued.
#[derive(Debug, Clone, PartialEq)]
pub struct Appended {
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
            pool: sql::connect(url, backend).await?,
            backend,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Bring the schema up to date.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        sql::migrate(&self.pool, self.backend).await
    }

    pub async fn accounts(&self) -> Result<Vec<AccountRecord>, StorageError> {
        sql::accounts(&self.pool).await
    }

    pub async fn account(&self, id: &str) -> Result<Option<AccountRecord>, StorageError> {
        sql::account(&self.pool, id).await
    }

    /// The account's events in order (by seq).
    pub async fn events(&self, account_id: &str) -> Result<Vec<Event>, StorageError> {
        sql::parse_events(&sql::event_rows(&self.pool, account_id).await?)
    }

    /// The account's stored event rows, exactly as stored.
    pub async fn event_rows(&self, account_id: &str) -> Result<Vec<EventRow>, StorageError> {
        sql::event_rows(&self.pool, account_id).await
    }

    /// Insert a new account with its first events (and the documents they issue), in one
    /// transaction.
    pub async fn create_account(
        &self,
        account: &AccountRecord,
        events: &[Event],
    ) -> Result<(), StorageError> {
        sql::create_account(&self.pool, self.backend, account, events).await
    }

    /// Append (at most) one event to an account's history in one transaction that holds the
    /// account's lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: `SELECT … FOR UPDATE` on the
    /// account row), and issue, with their numbers, the documents the rules now say are issued.
    ///
    /// `decide` sees the account, its history as stored (with `today` unset) and the seq the new
    /// event would get; it decides what to append or refuses. A refusal, like any error, rolls
    /// the transaction back: nothing is stored.
    pub async fn append_event<E, F>(&self, account_id: &str, decide: F) -> Result<Appended, E>
    where
        F: FnOnce(&AccountRecord, History, i64) -> Result<Decision, E>,
        E: From<StorageError>,
    {
        sql::append_event(&self.pool, self.backend, account_id, decide).await
    }

    pub async fn seller(&self) -> Result<Option<SellerRecord>, StorageError> {
        sql::seller(&self.pool).await
    }

    pub async fn set_seller(&self, seller: &SellerRecord) -> Result<(), StorageError> {
        sql::set_seller(&self.pool, seller).await
    }

    pub async fn create_user(
        &self,
        user: &UserRecord,
        password_hash: &str,
        now: &str,
    ) -> Result<(), StorageError> {
        sql::create_user(&self.pool, user, password_hash, now).await
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>, StorageError> {
        sql::users(&self.pool).await
    }

    pub async fn user_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(UserRecord, String)>, StorageError> {
        sql::user_by_email(&self.pool, email).await
    }

    pub async fn assign(&self, user_id: &str, account_id: &str) -> Result<(), StorageError> {
        sql::assign(&self.pool, user_id, account_id).await
    }

    pub async fn account_staff(&self, account_id: &str) -> Result<Vec<String>, StorageError> {
        sql::account_staff(&self.pool, account_id).await
    }

    pub async fn assignments(&self, user_id: &str) -> Result<Vec<String>, StorageError> {
        sql::assignments(&self.pool, user_id).await
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now: &str,
        expires_at: &str,
    ) -> Result<(), StorageError> {
        sql::create_session(&self.pool, token_hash, user_id, now, expires_at).await
    }

    pub async fn session_user(
        &self,
        token_hash: &str,
        now: &str,
    ) -> Result<Option<UserRecord>, StorageError> {
        sql::session_user(&self.pool, token_hash, now).await
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sql::delete_session(&self.pool, token_hash).await
    }

    /// Count a sign-in attempt before its password is checked: false when any key is already
    /// at its limit (then nothing of this attempt stays stored).
    pub async fn claim_sign_in_attempt(
        &self,
        keys: &[(String, i64)],
        attempt: &str,
        now: &str,
        since: &str,
    ) -> Result<bool, StorageError> {
        sql::claim_sign_in_attempt(&self.pool, keys, attempt, now, since).await
    }

    pub async fn forget_sign_in_attempt(&self, attempt: &str) -> Result<(), StorageError> {
        sql::forget_sign_in_attempt(&self.pool, attempt).await
    }

    pub async fn sign_in_failures_since(
        &self,
        key: &str,
        since: &str,
    ) -> Result<i64, StorageError> {
        sql::sign_in_failures_since(&self.pool, key, since).await
    }

    /// Issued documents, of one account or all, in number order.
    pub async fn documents(&self, account_id: Option<&str>) -> Result<Vec<Document>, StorageError> {
        sql::documents(&self.pool, account_id).await
    }

    pub async fn document(&self, number: &str) -> Result<Option<Document>, StorageError> {
        sql::document(&self.pool, number).await
    }

    /// Row counts per table (tests compare them before and after a refusal).
    pub async fn table_counts(&self) -> Result<Vec<(String, i64)>, StorageError> {
        sql::table_counts(&self.pool).await
    }

    /// Run one statement as is (tests prove the database refuses changes to documents).
    pub async fn execute_raw(&self, statement: &str) -> Result<u64, StorageError> {
        sql::execute_raw(&self.pool, statement).await
    }
}

impl From<StorageError> for api::AppError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::NoSuchAccount(id) => api::AppError::NotFound(format!("account \"{id}\"")),
            other => {
                tracing::error!(error = %other, "storage");
                api::AppError::Server("a storage error occurred; nothing was saved".into())
            }
        }
    }
}
