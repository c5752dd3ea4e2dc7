//! Sessions, stored by the hash of their token.

use super::time::{Timestamp, stamp};
use super::users::user_from_row;
use super::{Db, StorageError, UserRecord};

impl Db {
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StorageError> {
        let pool = &self.pool;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(stamp(now))
            .bind(stamp(expires_at))
            .execute(pool)
            .await?;
        Ok(())
    }

    /// The user of an unexpired session.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<UserRecord>, StorageError> {
        let pool = &self.pool;
        let row = sqlx::query(
            "SELECT u.id, u.email, u.name, u.role, u.account_id, u.language FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deactivated_at IS NULL"
        )
        .bind(token_hash)
        .bind(stamp(now))
        .fetch_optional(pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        let pool = &self.pool;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(pool)
            .await?;
        Ok(())
    }
}
