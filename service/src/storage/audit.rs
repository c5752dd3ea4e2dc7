//! For tests and audits: row counts per table, and a statement run as is (to prove the
//! database refuses changes to what is append-only).

use sqlx::{Executor, Row};

use super::{Db, StorageError};

impl Db {
    /// Row counts per table (tests compare them before and after a refusal).
    pub async fn table_counts(&self) -> Result<Vec<(String, i64)>, StorageError> {
        let pool = &self.pool;
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
            "submissions",
            "invitations",
            "audit_log",
            "catalog_versions",
            "licences",
            "licence_renewals",
            "api_tokens",
            "tickets",
            "service_levels",
        ] {
            let n: i64 = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .fetch_one(pool)
                .await?
                .try_get("n")?;
            out.push((table.to_string(), n));
        }
        Ok(out)
    }

    /// Run one statement as is (tests prove the database refuses changes to documents).
    pub async fn execute_raw(&self, sql: &str) -> Result<u64, StorageError> {
        let pool = &self.pool;
        let r = pool.execute(sql).await?;
        Ok(r.rows_affected())
    }
}
