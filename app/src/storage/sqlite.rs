//! The SQLite backend.

use std::str::FromStr;
use std::time::Duration;

use billing::{Catalog, Currency, Event, History, Percent, Rate};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow};
use sqlx::{Row, SqliteExecutor, SqlitePool};

use super::{AccountRecord, Appended, EventRow, StorageError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

pub async fn connect(url: &str) -> Result<SqlitePool, StorageError> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(10));
    Ok(SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?)
}

pub async fn migrate(pool: &SqlitePool) -> Result<(), StorageError> {
    MIGRATOR.run(pool).await?;
    Ok(())
}

const ACCOUNT_COLUMNS: &str = "id, name, legal_name, address, vat_id, currency, timezone, \
     reverse_charge, vat_rate, standard_rate, catalog";

fn corrupt(what: &str, id: &str, e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(format!("{what} of account \"{id}\": {e}"))
}

fn account_from_row(row: &SqliteRow) -> Result<AccountRecord, StorageError> {
    let id: String = row.try_get("id")?;
    let currency: String = row.try_get("currency")?;
    let catalog: String = row.try_get("catalog")?;
    let vat_rate: Option<String> = row.try_get("vat_rate")?;
    let standard_rate: Option<String> = row.try_get("standard_rate")?;
    Ok(AccountRecord {
        name: row.try_get("name")?,
        legal_name: row.try_get("legal_name")?,
        address: row.try_get("address")?,
        vat_id: row.try_get("vat_id")?,
        currency: Currency::parse(&currency).map_err(|e| corrupt("currency", &id, e))?,
        timezone: row.try_get("timezone")?,
        reverse_charge: row.try_get::<i64, _>("reverse_charge")? != 0,
        vat_rate: vat_rate
            .map(|r| Percent::parse(&r))
            .transpose()
            .map_err(|e| corrupt("VAT rate", &id, e))?,
        standard_rate: standard_rate
            .map(|r| Rate::parse(&r))
            .transpose()
            .map_err(|e| corrupt("standard rate", &id, e))?,
        catalog: serde_json::from_str::<Catalog>(&catalog)
            .map_err(|e| corrupt("catalog", &id, e))?,
        id,
    })
}

pub async fn accounts(pool: &SqlitePool) -> Result<Vec<AccountRecord>, StorageError> {
    let rows = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(account_from_row).collect()
}

async fn fetch_account<'e>(
    ex: impl SqliteExecutor<'e>,
    id: &str,
) -> Result<Option<AccountRecord>, StorageError> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(ex)
    .await?;
    row.as_ref().map(account_from_row).transpose()
}

pub async fn account(pool: &SqlitePool, id: &str) -> Result<Option<AccountRecord>, StorageError> {
    fetch_account(pool, id).await
}

async fn fetch_event_rows<'e>(
    ex: impl SqliteExecutor<'e>,
    account_id: &str,
) -> Result<Vec<EventRow>, StorageError> {
    let rows = sqlx::query(
        "SELECT account_id, seq, on_date, payload, created_at FROM events \
         WHERE account_id = ? ORDER BY seq",
    )
    .bind(account_id)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(EventRow {
                account_id: row.try_get("account_id")?,
                seq: row.try_get("seq")?,
                on_date: row.try_get("on_date")?,
                payload: row.try_get("payload")?,
                created_at: row.try_get("created_at")?,
            })
        })
        .collect()
}

fn parse_events(rows: &[EventRow]) -> Result<Vec<Event>, StorageError> {
    rows.iter()
        .map(|r| {
            serde_json::from_str::<Event>(&r.payload).map_err(|e| {
                StorageError::Corrupt(format!(
                    "event {} of account \"{}\": {e}",
                    r.seq, r.account_id
                ))
            })
        })
        .collect()
}

pub async fn event_rows(
    pool: &SqlitePool,
    account_id: &str,
) -> Result<Vec<EventRow>, StorageError> {
    fetch_event_rows(pool, account_id).await
}

pub async fn events(pool: &SqlitePool, account_id: &str) -> Result<Vec<Event>, StorageError> {
    parse_events(&fetch_event_rows(pool, account_id).await?)
}

async fn insert_event<'e>(
    ex: impl SqliteExecutor<'e>,
    account_id: &str,
    seq: i64,
    event: &Event,
) -> Result<(), StorageError> {
    let payload = serde_json::to_string(event)
        .map_err(|e| StorageError::Corrupt(format!("event does not serialise: {e}")))?;
    sqlx::query("INSERT INTO events (account_id, seq, on_date, payload) VALUES (?, ?, ?, ?)")
        .bind(account_id)
        .bind(seq)
        .bind(event.on.to_string())
        .bind(payload)
        .execute(ex)
        .await?;
    Ok(())
}

pub async fn create_account(
    pool: &SqlitePool,
    a: &AccountRecord,
    events: &[Event],
) -> Result<(), StorageError> {
    let catalog = serde_json::to_string(&a.catalog)
        .map_err(|e| StorageError::Corrupt(format!("catalog does not serialise: {e}")))?;
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    sqlx::query(&format!(
        "INSERT INTO accounts ({ACCOUNT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&a.id)
    .bind(&a.name)
    .bind(&a.legal_name)
    .bind(&a.address)
    .bind(&a.vat_id)
    .bind(a.currency.code())
    .bind(&a.timezone)
    .bind(a.reverse_charge as i64)
    .bind(a.vat_rate.map(|r| r.to_string()))
    .bind(a.standard_rate.map(|r| r.to_string()))
    .bind(catalog)
    .execute(&mut *tx)
    .await?;
    for (i, event) in events.iter().enumerate() {
        insert_event(&mut *tx, &a.id, i as i64 + 1, event).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn append_event<E, F>(
    pool: &SqlitePool,
    account_id: &str,
    decide: F,
) -> Result<Appended, E>
where
    F: FnOnce(&AccountRecord, History, i64) -> Result<Event, E>,
    E: From<StorageError>,
{
    // BEGIN IMMEDIATE takes SQLite's write lock now, so the history read below cannot change
    // before the new event is inserted: the per-account lock of ARCHITECTURE.md.
    let mut tx = pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(StorageError::from)?;
    let account = fetch_account(&mut *tx, account_id)
        .await?
        .ok_or_else(|| StorageError::NoSuchAccount(account_id.to_string()))?;
    let rows = fetch_event_rows(&mut *tx, account_id).await?;
    let next_seq = rows.last().map_or(1, |r| r.seq + 1);
    let history = account.history(parse_events(&rows)?, None);
    // A refusal returns here; dropping `tx` rolls it back.
    let event = decide(&account, history, next_seq)?;
    insert_event(&mut *tx, account_id, next_seq, &event).await?;
    tx.commit().await.map_err(StorageError::from)?;
    Ok(Appended {
        seq: next_seq,
        event,
    })
}
