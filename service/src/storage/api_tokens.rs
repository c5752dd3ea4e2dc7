//! Integration tokens (`/api/v1`): stored by the SHA-256 of their secret, each change with its
//! audit line in one transaction.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::people::{Audit, write_audit};
use super::time::{Timestamp, parse_stamp, stamp};
use super::{Db, StorageError};

/// A token as stored (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: String,
    pub name: String,
    /// The one account it may use; None: every account.
    pub account_id: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, name, account_id, created_by, created_at, revoked_at";

fn from_row(r: &AnyRow) -> Result<ApiTokenRecord, StorageError> {
    let revoked: Option<String> = r.try_get("revoked_at")?;
    Ok(ApiTokenRecord {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        account_id: r.try_get("account_id")?,
        created_by: r.try_get("created_by")?,
        created_at: parse_stamp(&r.try_get::<String, _>("created_at")?)?,
        revoked_at: revoked.as_deref().map(parse_stamp).transpose()?,
    })
}

/// Why a token could not be created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenRefused {
    /// A working token already has this name.
    NameInUse,
}

impl Db {
    /// Store a new token under the hash of its secret, with its audit line. A working token of
    /// the same name refuses it (checked under the unique index, so two servers agree).
    pub async fn create_api_token(
        &self,
        token: &ApiTokenRecord,
        hash: &str,
        audit: &Audit,
    ) -> Result<Result<(), TokenRefused>, StorageError> {
        let mut tx = self.pool.begin().await?;
        let taken = sqlx::query("SELECT id FROM api_tokens WHERE name = $1 AND revoked_at IS NULL")
            .bind(&token.name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(Err(TokenRefused::NameInUse));
        }
        let inserted = sqlx::query(
            "INSERT INTO api_tokens (id, name, token_hash, account_id, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&token.id)
        .bind(&token.name)
        .bind(hash)
        .bind(&token.account_id)
        .bind(&token.created_by)
        .bind(stamp(token.created_at))
        .execute(&mut *tx)
        .await;
        match inserted {
            // The same name created meanwhile by a concurrent request.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Ok(Err(TokenRefused::NameInUse));
            }
            other => other?,
        };
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Every token, working ones first, newest first.
    pub async fn api_tokens(&self) -> Result<Vec<ApiTokenRecord>, StorageError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens \
             ORDER BY revoked_at IS NOT NULL, created_at DESC, id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The token whose secret hashes to `hash`, revoked or not.
    pub async fn api_token_by_hash(
        &self,
        hash: &str,
    ) -> Result<Option<ApiTokenRecord>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens WHERE token_hash = $1"
        ))
        .bind(hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Revoke token `id` at `audit.at`. Revoking a revoked token changes nothing (and writes no
    /// audit line); false when there is no such token.
    pub async fn revoke_api_token(&self, id: &str, audit: &Audit) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let exists = sqlx::query("SELECT id FROM api_tokens WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        let revoked = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(stamp(audit.at))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if revoked > 0 {
            write_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(exists)
    }
}
