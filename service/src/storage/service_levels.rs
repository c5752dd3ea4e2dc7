//! The deployment's service levels: one row, the settings as JSON, replaced by each save.

use billing::sla::SlaSettings;
use sqlx::Row;

use super::time::stamp;
use super::{Audit, Db, StorageError};

impl Db {
    /// The saved service levels (None until an admin saves them).
    pub async fn service_levels(&self) -> Result<Option<SlaSettings>, StorageError> {
        let row = sqlx::query("SELECT body FROM service_levels WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let body: String = row.try_get("body")?;
        serde_json::from_str(&body)
            .map(Some)
            .map_err(|e| StorageError::Corrupt(format!("service levels: {e}")))
    }

    /// Save `settings` with the audit line of who did it, in one transaction.
    pub async fn set_service_levels(
        &self,
        settings: &SlaSettings,
        audit: &Audit,
    ) -> Result<(), StorageError> {
        let body = serde_json::to_string(settings)
            .map_err(|e| StorageError::Corrupt(format!("service levels: {e}")))?;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO service_levels (id, body, saved_by, saved_at) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET body = $1, saved_by = $2, saved_at = $3",
        )
        .bind(body)
        .bind(audit.actor.clone())
        .bind(stamp(audit.at))
        .execute(&mut *tx)
        .await?;
        super::people::write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
