//! Sign-in attempts, counted before the password is checked (the limit holds across parallel
//! tries and servers).

use sqlx::Row;

use super::time::{Timestamp, stamp};
use super::{Db, StorageError};

impl Db {
    /// Count a sign-in attempt before its password is checked: false when any key is already
    /// at its limit (then nothing of this attempt stays stored).
    pub async fn claim_sign_in_attempt(
        &self,
        keys: &[(String, i64)],
        attempt: &str,
        now: Timestamp,
        since: Timestamp,
    ) -> Result<bool, StorageError> {
        let pool = &self.pool;
        // Rows older than the window count for nothing: prune them all, whatever their key.
        sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1")
            .bind(stamp(since))
            .execute(pool)
            .await?;
        for (key, _) in keys {
            sqlx::query("INSERT INTO sign_in_failures (key, at, attempt) VALUES ($1, $2, $3)")
                .bind(key)
                .bind(stamp(now))
                .bind(attempt)
                .execute(pool)
                .await?;
        }
        for (key, limit) in keys {
            if self.sign_in_failures_since(key, since).await? > *limit {
                self.forget_sign_in_attempt(attempt).await?;
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A successful (or refused) attempt no longer counts.
    pub async fn forget_sign_in_attempt(&self, attempt: &str) -> Result<(), StorageError> {
        let pool = &self.pool;
        sqlx::query("DELETE FROM sign_in_failures WHERE attempt = $1")
            .bind(attempt)
            .execute(pool)
            .await?;
        Ok(())
    }

    pub async fn sign_in_failures_since(
        &self,
        key: &str,
        since: Timestamp,
    ) -> Result<i64, StorageError> {
        let pool = &self.pool;
        Ok(
            sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE key = $1 AND at > $2")
                .bind(key)
                .bind(stamp(since))
                .fetch_one(pool)
                .await?
                .try_get("n")?,
        )
    }
}
