//! The deployment's catalogs: one per currency, every save a new version (append-only), each
//! save audited in its own transaction.

use billing::{Catalog, Currency};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::people::write_audit;
use super::time::parse_stamp;
use super::{Audit, Db, StorageError, Timestamp, stamp};

/// One saved version of a currency's catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogVersion {
    pub currency: Currency,
    pub version: i64,
    pub catalog: Catalog,
    /// The admin's name (None: version 1, made from the accounts).
    pub saved_by: Option<String>,
    pub saved_at: Timestamp,
}

/// Versions listed per currency on the catalog page, newest first.
pub const VERSIONS_LISTED: i64 = 20;

const SELECT: &str = "SELECT c.currency, c.version, c.body, c.saved_at, u.name AS saved_by \
     FROM catalog_versions c LEFT JOIN users u ON u.id = c.saved_by";

fn version_from_row(r: &AnyRow) -> Result<CatalogVersion, StorageError> {
    let currency: String = r.try_get("currency")?;
    let version: i64 = r.try_get("version")?;
    let corrupt = |e: String| StorageError::Corrupt(format!("catalog {currency} v{version}: {e}"));
    Ok(CatalogVersion {
        currency: Currency::parse(&currency).map_err(|e| corrupt(e.to_string()))?,
        catalog: serde_json::from_str(&r.try_get::<String, _>("body")?)
            .map_err(|e| corrupt(e.to_string()))?,
        saved_by: r.try_get("saved_by")?,
        saved_at: parse_stamp(&r.try_get::<String, _>("saved_at")?)?,
        version,
    })
}

impl Db {
    /// The latest version of every currency's catalog, by currency code.
    pub async fn catalogs(&self) -> Result<Vec<CatalogVersion>, StorageError> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE c.version = (SELECT MAX(v.version) FROM catalog_versions v \
             WHERE v.currency = c.currency) ORDER BY c.currency"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    /// Version `version` of `currency`'s catalog.
    pub async fn catalog_version(
        &self,
        currency: Currency,
        version: i64,
    ) -> Result<Option<CatalogVersion>, StorageError> {
        let row = sqlx::query(&format!(
            "{SELECT} WHERE c.currency = $1 AND c.version = $2"
        ))
        .bind(currency.code())
        .bind(version)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(version_from_row).transpose()
    }

    /// The newest [`VERSIONS_LISTED`] versions of `currency`'s catalog, newest first.
    pub async fn catalog_history(
        &self,
        currency: Currency,
    ) -> Result<Vec<CatalogVersion>, StorageError> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE c.currency = $1 ORDER BY c.version DESC LIMIT {VERSIONS_LISTED}"
        ))
        .bind(currency.code())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(version_from_row).collect()
    }

    /// Store `catalog` as version `version` of its currency's catalog, with its audit line, in
    /// one transaction. False (and nothing stored) when that version exists already: someone
    /// saved first.
    pub async fn save_catalog(
        &self,
        version: i64,
        catalog: &Catalog,
        saved_by: &str,
        audit: &Audit,
    ) -> Result<bool, StorageError> {
        let body = serde_json::to_string(catalog)
            .map_err(|e| StorageError::Corrupt(format!("catalog does not serialise: {e}")))?;
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO catalog_versions (currency, version, body, saved_by, saved_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (currency, version) DO NOTHING",
        )
        .bind(catalog.currency.code())
        .bind(version)
        .bind(body)
        .bind(saved_by)
        .bind(stamp(audit.at))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(false);
        }
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }
}
