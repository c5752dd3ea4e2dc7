//! Connecting to either backend, its migrations, and the transaction that holds an account's
//! lock (the one write path's first step).

use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Transaction};

use super::accounts::{ACCOUNT_SELECT, account_from_row};
use super::{AccountRecord, Backend, StorageError};

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

pub(super) async fn connect(url: &str, backend: Backend) -> Result<AnyPool, StorageError> {
    sqlx::any::install_default_drivers();
    let url = match backend {
        // Create the file if missing.
        Backend::Sqlite if !url.contains("mode=") => {
            format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
        }
        _ => url.to_string(),
    };
    let options: AnyConnectOptions = url.parse()?;
    let pool = AnyPoolOptions::new()
        .max_connections(match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        })
        .acquire_timeout(Duration::from_secs(30))
        // sqlx pings a connection each time it is taken from the pool. An embedded SQLite
        // connection has no network to lose, and the ping is a round trip to its worker
        // thread: as many thread switches again as the statements themselves (BENCHMARKS.md
        // "The dashboard's call graph"). PostgreSQL keeps it, to notice a connection the server
        // or a proxy closed before using it.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers run beside the one writer; writers wait their turn.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    Ok(pool)
}

pub(super) async fn migrate(pool: &AnyPool, backend: Backend) -> Result<(), StorageError> {
    match backend {
        Backend::Sqlite => SQLITE.run(pool).await?,
        Backend::Postgres => POSTGRES.run(pool).await?,
    }
    Ok(())
}

/// Apply the migrations up to and including `version` only: the tests of a migration that
/// changes stored data start from the schema before it.
pub(super) async fn migrate_to(
    pool: &AnyPool,
    backend: Backend,
    version: i64,
) -> Result<(), StorageError> {
    let all = match backend {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres => &POSTGRES,
    };
    let migrator = sqlx::migrate::Migrator {
        migrations: all
            .migrations
            .iter()
            .filter(|m| m.version <= version)
            .cloned()
            .collect(),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    migrator.run(pool).await?;
    Ok(())
}

/// Begin a transaction that holds the account's lock until it ends (ARCHITECTURE.md):
/// SQLite takes its write lock at `BEGIN IMMEDIATE`; PostgreSQL locks the account's row.
/// Returns None for an unknown account.
pub(super) async fn begin_locked(
    pool: &AnyPool,
    backend: Backend,
    account_id: &str,
) -> Result<(Transaction<'static, sqlx::Any>, Option<AccountRecord>), StorageError> {
    let mut tx = match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => pool.begin().await?,
    };
    let lock = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    };
    let row = sqlx::query(&format!("{ACCOUNT_SELECT} WHERE id = $1{lock}"))
        .bind(account_id)
        .fetch_optional(&mut *tx)
        .await?;
    let account = row.as_ref().map(account_from_row).transpose()?;
    Ok((tx, account))
}

/// The most accounts one transaction locks at once ([`begin_locked_many`]): enough that a
/// commit's flush is shared by many accounts, few enough that writers of those accounts — and
/// on SQLite, of every account — wait a fraction of a second for it.
pub const MAX_BATCH: usize = 64;

/// [`begin_locked`] for several accounts at once (at most [`MAX_BATCH`]): one transaction that
/// holds all their locks, PostgreSQL's taken in the order of their ids so that two such
/// transactions never wait for each other in a cycle. The records come in the order of
/// `account_ids`, None for an unknown one.
pub(super) async fn begin_locked_many(
    pool: &AnyPool,
    backend: Backend,
    account_ids: &[String],
) -> Result<(Transaction<'static, sqlx::Any>, Vec<Option<AccountRecord>>), StorageError> {
    assert!(account_ids.len() <= MAX_BATCH, "a batch is bounded");
    let mut tx = match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => pool.begin().await?,
    };
    if account_ids.is_empty() {
        return Ok((tx, Vec::new()));
    }
    let lock = match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    };
    let sql = format!(
        "{ACCOUNT_SELECT} WHERE id IN ({}) ORDER BY id{lock}",
        placeholders(1, account_ids.len())
    );
    let mut query = sqlx::query(&sql);
    for id in account_ids {
        query = query.bind(id);
    }
    let rows = query.fetch_all(&mut *tx).await?;
    let found: std::collections::HashMap<String, AccountRecord> = rows
        .iter()
        .map(|row| account_from_row(row).map(|a| (a.id.clone(), a)))
        .collect::<Result<_, _>>()?;
    let accounts = account_ids
        .iter()
        .map(|id| found.get(id).cloned())
        .collect();
    Ok((tx, accounts))
}

/// `$from, $from+1, …`: `n` numbered placeholders, for a statement over a batch of rows.
pub(super) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
