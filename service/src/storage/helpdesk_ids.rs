//! Staff members' ids in the helpdesk: who a posted piece of work names as its technician.

use sqlx::Row;

use super::users::{USER_COLUMNS, user_from_row};
use super::{Audit, Db, StorageError, UserRecord};

impl Db {
    /// The active user with helpdesk id `id`.
    pub async fn user_by_helpdesk_id(&self, id: &str) -> Result<Option<UserRecord>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE helpdesk_id = $1 AND deactivated_at IS NULL"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Every user's helpdesk id, by user id (users without one are left out).
    pub async fn helpdesk_ids(&self) -> Result<Vec<(String, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, helpdesk_id FROM users WHERE helpdesk_id IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("helpdesk_id")?)))
            .collect()
    }

    /// Give `user_id` the helpdesk id `id` (None: take it away), with the audit line. False
    /// when another user has it already; nothing changes then.
    pub async fn set_helpdesk_id(
        &self,
        user_id: &str,
        id: Option<&str>,
        audit: &Audit,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        // The unique index decides: the first write of an id wins, under any concurrency
        // (no read before the write, so SQLite's deferred transaction waits its turn).
        let changed = match sqlx::query("UPDATE users SET helpdesk_id = $1 WHERE id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await
        {
            Ok(r) => r.rows_affected(),
            // Another person has the id.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => return Ok(false),
            Err(e) => return Err(e.into()),
        };
        if changed != 1 {
            return Err(StorageError::Corrupt(format!("no user \"{user_id}\"")));
        }
        super::people::write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }
}
