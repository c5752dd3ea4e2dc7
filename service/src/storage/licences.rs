//! The licence register's rows. Registering and renewing a licence are stored beside the
//! account's history by the one write path ([`Beside`]), under the account's lock, in the
//! transaction that may also append the renewal's re-invoiced cost.

use api::licences::{Licence, PaidBy};
use billing::Money;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{Db, StorageError, Timestamp, stamp};

/// What the write path stores beside an event (or instead of one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Beside {
    LicenceRegistered(Licence),
    LicenceRenewed(LicenceRenewal),
}

impl Beside {
    /// Its audit action.
    pub fn action(&self) -> &'static str {
        match self {
            Beside::LicenceRegistered(_) => "licence_registered",
            Beside::LicenceRenewed(_) => "licence_renewed",
        }
    }

    /// What its audit line names, and says.
    pub fn audit_subject(&self) -> (String, String) {
        match self {
            Beside::LicenceRegistered(l) => (l.id.clone(), format!("{} ({})", l.product, l.vendor)),
            Beside::LicenceRenewed(r) => (
                r.licence_id.clone(),
                format!(
                    "valid through {} (was {}), vendor invoice {}",
                    r.last_valid_day, r.previous_last_day, r.vendor_invoice
                ),
            ),
        }
    }
}

/// One renewal as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenceRenewal {
    pub licence_id: String,
    pub last_valid_day: NaiveDate,
    pub previous_last_day: NaiveDate,
    pub vendor_invoice: String,
    pub invoice_date: NaiveDate,
    pub amount: Money,
    pub currency: String,
    /// The re-invoiced cost's id (None: the client pays the vendor).
    pub cost_id: Option<String>,
}

const COLUMNS: &str = "id, account_id, product, vendor, kind, seats, licence_key, purchased_on, \
     last_valid_day, renewal_price, renewal_currency, paid_by, notes";

fn licence_from_row(r: &AnyRow) -> Result<Licence, StorageError> {
    let id: String = r.try_get("id")?;
    let corrupt =
        |what: &str, e: String| StorageError::Corrupt(format!("licence {id}: {what}: {e}"));
    let day = |col: &str| -> Result<NaiveDate, StorageError> {
        let raw: String = r.try_get(col)?;
        raw.parse()
            .map_err(|e: chrono::ParseError| corrupt(col, e.to_string()))
    };
    let seats: Option<i64> = r.try_get("seats")?;
    Ok(Licence {
        account_id: r.try_get("account_id")?,
        product: r.try_get("product")?,
        vendor: r.try_get("vendor")?,
        kind: r.try_get("kind")?,
        seats: seats
            .map(u32::try_from)
            .transpose()
            .map_err(|e| corrupt("seats", e.to_string()))?,
        key: r.try_get("licence_key")?,
        purchased_on: day("purchased_on")?,
        last_valid_day: day("last_valid_day")?,
        renewal_price: Money::parse(&r.try_get::<String, _>("renewal_price")?)
            .map_err(|e| corrupt("renewal price", e.to_string()))?,
        renewal_currency: r.try_get("renewal_currency")?,
        paid_by: PaidBy::parse(&r.try_get::<String, _>("paid_by")?)
            .map_err(|e| corrupt("paid by", e.to_string()))?,
        notes: r.try_get("notes")?,
        id,
    })
}

/// Store `beside` in the write path's transaction. A renewal moves the licence's last valid day
/// only from the day it was read at (the account's lock makes that day current).
pub(super) async fn store(
    conn: &mut AnyConnection,
    beside: &Beside,
    at: Timestamp,
) -> Result<(), StorageError> {
    match beside {
        Beside::LicenceRegistered(l) => {
            sqlx::query(&format!(
                "INSERT INTO licences ({COLUMNS}, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
            ))
            .bind(&l.id)
            .bind(&l.account_id)
            .bind(&l.product)
            .bind(&l.vendor)
            .bind(&l.kind)
            .bind(l.seats.map(i64::from))
            .bind(&l.key)
            .bind(l.purchased_on.to_string())
            .bind(l.last_valid_day.to_string())
            .bind(l.renewal_price.to_string())
            .bind(&l.renewal_currency)
            .bind(l.paid_by.as_str())
            .bind(&l.notes)
            .bind(stamp(at))
            .execute(&mut *conn)
            .await?;
        }
        Beside::LicenceRenewed(r) => {
            // One vendor invoice renews a licence once: a form filled in again is refused.
            let seen = sqlx::query(
                "SELECT 1 AS seen FROM licence_renewals WHERE licence_id = $1 AND vendor_invoice = $2",
            )
            .bind(&r.licence_id)
            .bind(&r.vendor_invoice)
            .fetch_optional(&mut *conn)
            .await?;
            if seen.is_some() {
                return Err(StorageError::Stale(format!(
                    "vendor invoice {} already renewed this licence",
                    r.vendor_invoice
                )));
            }
            let moved = sqlx::query(
                "UPDATE licences SET last_valid_day = $1 WHERE id = $2 AND last_valid_day = $3",
            )
            .bind(r.last_valid_day.to_string())
            .bind(&r.licence_id)
            .bind(r.previous_last_day.to_string())
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if moved != 1 {
                return Err(StorageError::Stale(format!(
                    "the licence was renewed meanwhile (it is no longer valid through {}); \
                     reload the page",
                    r.previous_last_day
                )));
            }
            sqlx::query(
                "INSERT INTO licence_renewals (licence_id, last_valid_day, previous_last_day, \
                 vendor_invoice, invoice_date, amount, currency, cost_id, renewed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(&r.licence_id)
            .bind(r.last_valid_day.to_string())
            .bind(r.previous_last_day.to_string())
            .bind(&r.vendor_invoice)
            .bind(r.invoice_date.to_string())
            .bind(r.amount.to_string())
            .bind(&r.currency)
            .bind(&r.cost_id)
            .bind(stamp(at))
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

impl Db {
    /// An account's licences, soonest expiry first.
    pub async fn licences_of(&self, account_id: &str) -> Result<Vec<Licence>, StorageError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM licences WHERE account_id = $1 ORDER BY last_valid_day, product, id"
        ))
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(licence_from_row).collect()
    }

    /// Licences of every account valid through `until` at the latest (None: all), soonest
    /// expiry first, at most `limit`.
    pub async fn licences_expiring(
        &self,
        until: Option<NaiveDate>,
        limit: i64,
    ) -> Result<Vec<Licence>, StorageError> {
        let until = until.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string());
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM licences WHERE last_valid_day <= $1 \
             ORDER BY last_valid_day, account_id, product, id LIMIT $2"
        ))
        .bind(until)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(licence_from_row).collect()
    }

    /// How many renewals licence `id` has had.
    pub async fn licence_renewals(&self, id: &str) -> Result<i64, StorageError> {
        let n: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM licence_renewals WHERE licence_id = $1")
                .bind(id)
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
        Ok(n)
    }
}
