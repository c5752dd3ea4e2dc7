//! The queries, once, for both backends (sqlx's `Any` driver; `$1` placeholders work on SQLite
//! and PostgreSQL alike). Only the migrations, the connection set-up and the way a transaction
//! takes the account's lock differ, and they are chosen by [`Backend`].

use std::time::Duration;

use billing::{
    Catalog, Currency, Event, History, Invoice, InvoiceKind, InvoiceStatus, Ledger, Percent, Rate,
};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyConnection, AnyPool, Executor, Row, Transaction};

use super::{
    AccountRecord, Appended, Backend, Decision, EventRow, SellerRecord, StorageError, UserRecord,
};
use api::model::Document;

static SQLITE: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

pub async fn connect(url: &str, backend: Backend) -> Result<AnyPool, StorageError> {
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

pub async fn migrate(pool: &AnyPool, backend: Backend) -> Result<(), StorageError> {
    match backend {
        Backend::Sqlite => SQLITE.run(pool).await?,
        Backend::Postgres => POSTGRES.run(pool).await?,
    }
    Ok(())
}

/// Begin a transaction that holds the account's lock until it ends (ARCHITECTURE.md):
/// SQLite takes its write lock at `BEGIN IMMEDIATE`; PostgreSQL locks the account's row.
/// Returns None for an unknown account.
pub async fn begin_locked(
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
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1{lock}"
    ))
    .bind(account_id)
    .fetch_optional(&mut *tx)
    .await?;
    let account = row.as_ref().map(account_from_row).transpose()?;
    Ok((tx, account))
}

const ACCOUNT_COLUMNS: &str = "id, name, legal_name, address, vat_id, currency, timezone, \
     reverse_charge, vat_rate, standard_rate, catalog, country, electronic_address, locale";

fn corrupt(what: &str, id: &str, e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(format!("{what} of account \"{id}\": {e}"))
}

fn account_from_row(row: &AnyRow) -> Result<AccountRecord, StorageError> {
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
        country: row.try_get("country")?,
        electronic_address: row.try_get("electronic_address")?,
        locale: row.try_get("locale")?,
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

pub async fn accounts(pool: &AnyPool) -> Result<Vec<AccountRecord>, StorageError> {
    let rows = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts ORDER BY name, id"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(account_from_row).collect()
}

pub async fn account(pool: &AnyPool, id: &str) -> Result<Option<AccountRecord>, StorageError> {
    let row = sqlx::query(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(account_from_row).transpose()
}

pub async fn event_rows<'c, E>(ex: E, account_id: &str) -> Result<Vec<EventRow>, StorageError>
where
    E: Executor<'c, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT account_id, seq, on_date, payload, created_at FROM events WHERE account_id = $1 ORDER BY seq",
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

pub fn parse_events(rows: &[EventRow]) -> Result<Vec<Event>, StorageError> {
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

async fn insert_event(
    conn: &mut AnyConnection,
    account_id: &str,
    seq: i64,
    event: &Event,
) -> Result<(), StorageError> {
    let payload = serde_json::to_string(event)
        .map_err(|e| StorageError::Corrupt(format!("event does not serialise: {e}")))?;
    sqlx::query("INSERT INTO events (account_id, seq, on_date, payload) VALUES ($1, $2, $3, $4)")
        .bind(account_id)
        .bind(seq)
        .bind(event.on.to_string())
        .bind(payload)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn create_account(
    pool: &AnyPool,
    backend: Backend,
    a: &AccountRecord,
    events: &[Event],
) -> Result<(), StorageError> {
    let catalog = serde_json::to_string(&a.catalog)
        .map_err(|e| StorageError::Corrupt(format!("catalog does not serialise: {e}")))?;
    let mut tx = match backend {
        Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => pool.begin().await?,
    };
    sqlx::query(&format!(
        "INSERT INTO accounts ({ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
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
    .bind(&a.country)
    .bind(&a.electronic_address)
    .bind(&a.locale)
    .execute(&mut *tx)
    .await?;
    for (i, event) in events.iter().enumerate() {
        insert_event(&mut tx, &a.id, i as i64 + 1, event).await?;
    }
    if !events.is_empty() {
        let account = a.clone();
        let history = account.history(events.to_vec(), events.last().map(|e| e.on));
        let ledger = billing::replay(&history)
            .map_err(|e| StorageError::Corrupt(format!("initial history does not replay: {e}")))?;
        issue_documents(&mut tx, &a.id, &ledger, events.len() as i64).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Append (at most) one event under the account's lock and issue every document the rules now
/// say is issued, all in one transaction. A refusal by `decide`, like any error, rolls back.
pub async fn append_event<E, F>(
    pool: &AnyPool,
    backend: Backend,
    account_id: &str,
    decide: F,
) -> Result<Appended, E>
where
    F: FnOnce(&AccountRecord, History, i64) -> Result<Decision, E>,
    E: From<StorageError>,
{
    let (mut tx, account) = begin_locked(pool, backend, account_id).await?;
    let account = account.ok_or_else(|| StorageError::NoSuchAccount(account_id.to_string()))?;
    let rows = event_rows(&mut *tx, account_id).await?;
    let next_seq = rows.last().map_or(1, |r| r.seq + 1);
    let events = parse_events(&rows)?;
    let history = account.history(events.clone(), None);
    // A refusal returns here; dropping `tx` rolls it back.
    let decision = decide(&account, history, next_seq)?;
    let mut events = events;
    let seq = match &decision.event {
        Some(event) => {
            insert_event(&mut tx, account_id, next_seq, event).await?;
            events.push(event.clone());
            Some(next_seq)
        }
        None => None,
    };
    // The documents come from the same replay as every other figure: of the stored history.
    let history = account.history(events, Some(decision.today));
    let ledger = billing::replay(&history).map_err(|e| {
        StorageError::Corrupt(format!("history of \"{account_id}\" does not replay: {e}"))
    })?;
    let issued = issue_documents(&mut tx, account_id, &ledger, seq.unwrap_or(next_seq - 1)).await?;
    tx.commit().await.map_err(StorageError::from)?;
    Ok(Appended {
        seq,
        event: decision.event,
        ledger,
        issued,
    })
}

/// Store every issued document of `ledger` that is not stored yet, each with the next number
/// of its series and year. Invoices go first, so that a credit note can name its invoice's number.
async fn issue_documents(
    tx: &mut Transaction<'static, sqlx::Any>,
    account_id: &str,
    ledger: &Ledger,
    seq: i64,
) -> Result<Vec<Document>, StorageError> {
    let stored: Vec<(String, String)> =
        sqlx::query("SELECT key, number FROM documents WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("key")?, r.try_get("number")?)))
            .collect::<Result<_, sqlx::Error>>()?;
    let mut numbers: std::collections::HashMap<String, String> = stored.into_iter().collect();
    let issued = ledger
        .invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::Issued)
        .chain(&ledger.pack_invoices)
        .chain(&ledger.credit_notes);
    let mut out = Vec::new();
    for doc in issued {
        if numbers.contains_key(&doc.key) {
            continue;
        }
        let series = match doc.kind {
            InvoiceKind::CreditNote => "CN",
            InvoiceKind::Period | InvoiceKind::Pack => "INV",
        };
        let year = chrono::Datelike::year(&doc.issued_on) as i64;
        sqlx::query("INSERT INTO counters (series, year, last) VALUES ($1, $2, 0) ON CONFLICT (series, year) DO NOTHING")
            .bind(series)
            .bind(year)
            .execute(&mut **tx)
            .await?;
        let next: i64 = sqlx::query(
            "UPDATE counters SET last = last + 1 WHERE series = $1 AND year = $2 RETURNING last",
        )
        .bind(series)
        .bind(year)
        .fetch_one(&mut **tx)
        .await?
        .try_get("last")?;
        let number = match series {
            "CN" => format!("CN-{year}-{next:06}"),
            _ => format!("{year}-{next:06}"),
        };
        let refers_to = doc.refers_to.as_ref().and_then(|k| numbers.get(k)).cloned();
        let body = serde_json::to_string(doc)
            .map_err(|e| StorageError::Corrupt(format!("document does not serialise: {e}")))?;
        let kind = match doc.kind {
            InvoiceKind::Period => "period",
            InvoiceKind::Pack => "pack",
            InvoiceKind::CreditNote => "credit_note",
        };
        sqlx::query(
            "INSERT INTO documents (number, series, year, seq, account_id, key, kind, issued_on, refers_to, \
             currency, net, vat_total, total, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(&number)
        .bind(series)
        .bind(year)
        .bind(next)
        .bind(account_id)
        .bind(&doc.key)
        .bind(kind)
        .bind(doc.issued_on.to_string())
        .bind(&refers_to)
        .bind(&ledger.currency)
        .bind(doc.net.to_string())
        .bind(doc.vat_total.to_string())
        .bind(doc.total.to_string())
        .bind(&body)
        .execute(&mut **tx)
        .await?;
        if let (InvoiceKind::Period, Some(month)) = (doc.kind, doc.month) {
            let snapshot = serde_json::to_string(ledger)
                .map_err(|e| StorageError::Corrupt(format!("ledger does not serialise: {e}")))?;
            sqlx::query(
                "INSERT INTO snapshots (account_id, month, seq, ledger) VALUES ($1, $2, $3, $4)",
            )
            .bind(account_id)
            .bind(month.to_string())
            .bind(seq)
            .bind(snapshot)
            .execute(&mut **tx)
            .await?;
        }
        numbers.insert(doc.key.clone(), number.clone());
        out.push(Document {
            number,
            account_id: account_id.to_string(),
            refers_to,
            invoice: doc.clone(),
        });
    }
    Ok(out)
}

const DOCUMENT_COLUMNS: &str = "number, account_id, refers_to, body";

fn document_from_row(row: &AnyRow) -> Result<Document, StorageError> {
    let number: String = row.try_get("number")?;
    let body: String = row.try_get("body")?;
    Ok(Document {
        invoice: serde_json::from_str::<Invoice>(&body)
            .map_err(|e| StorageError::Corrupt(format!("document {number}: {e}")))?,
        account_id: row.try_get("account_id")?,
        refers_to: row.try_get("refers_to")?,
        number,
    })
}

pub async fn documents(
    pool: &AnyPool,
    account_id: Option<&str>,
) -> Result<Vec<Document>, StorageError> {
    let rows = match account_id {
        Some(a) => {
            sqlx::query(&format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE account_id = $1 ORDER BY series, year, seq"))
                .bind(a)
                .fetch_all(pool)
                .await?
        }
        None => sqlx::query(&format!("SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY series, year, seq")).fetch_all(pool).await?,
    };
    rows.iter().map(document_from_row).collect()
}

pub async fn document(pool: &AnyPool, number: &str) -> Result<Option<Document>, StorageError> {
    let row = sqlx::query(&format!(
        "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE number = $1"
    ))
    .bind(number)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(document_from_row).transpose()
}

/// Row counts of every table, for tests that prove a refusal stored nothing.
pub async fn table_counts(pool: &AnyPool) -> Result<Vec<(String, i64)>, StorageError> {
    let mut out = Vec::new();
    for table in [
        "accounts",
        "events",
        "documents",
        "counters",
        "snapshots",
        "users",
        "assignments",
        "sessions",
    ] {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
            .fetch_one(pool)
            .await?
            .try_get("n")?;
        out.push((table.to_string(), n));
    }
    Ok(out)
}

/// Run one statement as is (tests use it to prove the database refuses changes).
pub async fn execute_raw(pool: &AnyPool, sql: &str) -> Result<u64, StorageError> {
    let r = pool.execute(sql).await?;
    Ok(r.rows_affected())
}

pub async fn seller(pool: &AnyPool) -> Result<Option<SellerRecord>, StorageError> {
    let row = sqlx::query("SELECT legal_name, address, country, vat_id, electronic_address, email FROM seller WHERE id = 1")
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        Ok(SellerRecord {
            legal_name: r.try_get("legal_name")?,
            address: r.try_get("address")?,
            country: r.try_get("country")?,
            vat_id: r.try_get("vat_id")?,
            electronic_address: r.try_get("electronic_address")?,
            email: r.try_get("email")?,
        })
    })
    .transpose()
}

pub async fn set_seller(pool: &AnyPool, s: &SellerRecord) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO seller (id, legal_name, address, country, vat_id, electronic_address, email) \
         VALUES (1, $1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO UPDATE SET legal_name = $1, address = $2, \
         country = $3, vat_id = $4, electronic_address = $5, email = $6",
    )
    .bind(&s.legal_name)
    .bind(&s.address)
    .bind(&s.country)
    .bind(&s.vat_id)
    .bind(&s.electronic_address)
    .bind(&s.email)
    .execute(pool)
    .await?;
    Ok(())
}

const USER_COLUMNS: &str = "id, email, name, role, account_id";

fn user_from_row(r: &AnyRow) -> Result<UserRecord, StorageError> {
    Ok(UserRecord {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        role: {
            let role: String = r.try_get("role")?;
            api::auth::Role::parse(&role).ok_or_else(|| {
                StorageError::Corrupt(format!("user with the unknown role \"{role}\""))
            })?
        },
        account_id: r.try_get("account_id")?,
    })
}

pub async fn create_user(
    pool: &AnyPool,
    u: &UserRecord,
    password_hash: &str,
    now: &str,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO users (id, email, name, role, account_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&u.id)
    .bind(&u.email)
    .bind(&u.name)
    .bind(u.role.as_str())
    .bind(&u.account_id)
    .bind(password_hash)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn users(pool: &AnyPool) -> Result<Vec<UserRecord>, StorageError> {
    let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))
        .fetch_all(pool)
        .await?;
    rows.iter().map(user_from_row).collect()
}

/// The user and their password hash, by sign-in email.
pub async fn user_by_email(
    pool: &AnyPool,
    email: &str,
) -> Result<Option<(UserRecord, String)>, StorageError> {
    let row = sqlx::query(&format!(
        "SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1"
    ))
    .bind(email)
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok((user_from_row(&r)?, r.try_get("password_hash")?)))
        .transpose()
}

pub async fn assign(pool: &AnyPool, user_id: &str, account_id: &str) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO assignments (user_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
    )
    .bind(user_id)
    .bind(account_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// The names of the technicians and developers assigned to an account.
pub async fn account_staff(pool: &AnyPool, account_id: &str) -> Result<Vec<String>, StorageError> {
    let rows = sqlx::query(
        "SELECT u.name AS name FROM users u JOIN assignments a ON a.user_id = u.id \
         WHERE a.account_id = $1 AND u.role = 'technician' ORDER BY u.name",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| r.try_get::<String, _>("name").map_err(Into::into))
        .collect()
}

pub async fn assignments(pool: &AnyPool, user_id: &str) -> Result<Vec<String>, StorageError> {
    let rows =
        sqlx::query("SELECT account_id FROM assignments WHERE user_id = $1 ORDER BY account_id")
            .bind(user_id)
            .fetch_all(pool)
            .await?;
    rows.iter().map(|r| Ok(r.try_get("account_id")?)).collect()
}

pub async fn create_session(
    pool: &AnyPool,
    token_hash: &str,
    user_id: &str,
    now: &str,
    expires_at: &str,
) -> Result<(), StorageError> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

/// The user of an unexpired session.
pub async fn session_user(
    pool: &AnyPool,
    token_hash: &str,
    now: &str,
) -> Result<Option<UserRecord>, StorageError> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.name, u.role, u.account_id FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2"
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(user_from_row).transpose()
}

pub async fn delete_session(pool: &AnyPool, token_hash: &str) -> Result<(), StorageError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Claim a sign-in attempt under every `(key, limit)`: its rows are written first and counted
/// after, so of any number of parallel attempts at most `limit` are admitted per key (each one
/// counts every row written before its count, its own included). A refused claim removes its
/// rows; rows older than `since` are pruned on the way.
pub async fn claim_sign_in_attempt(
    pool: &AnyPool,
    keys: &[(String, i64)],
    attempt: &str,
    now: &str,
    since: &str,
) -> Result<bool, StorageError> {
    // Rows older than the window count for nothing: prune them all, whatever their key.
    sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1")
        .bind(since)
        .execute(pool)
        .await?;
    for (key, _) in keys {
        sqlx::query("INSERT INTO sign_in_failures (key, at, attempt) VALUES ($1, $2, $3)")
            .bind(key)
            .bind(now)
            .bind(attempt)
            .execute(pool)
            .await?;
    }
    for (key, limit) in keys {
        if sign_in_failures_since(pool, key, since).await? > *limit {
            forget_sign_in_attempt(pool, attempt).await?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// A successful (or refused) attempt no longer counts.
pub async fn forget_sign_in_attempt(pool: &AnyPool, attempt: &str) -> Result<(), StorageError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE attempt = $1")
        .bind(attempt)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn sign_in_failures_since(
    pool: &AnyPool,
    key: &str,
    since: &str,
) -> Result<i64, StorageError> {
    Ok(
        sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE key = $1 AND at > $2")
            .bind(key)
            .bind(since)
            .fetch_one(pool)
            .await?
            .try_get("n")?,
    )
}
