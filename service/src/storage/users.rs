//! Users (their role and, for a client, its account) and who is assigned to which account.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::time::{Timestamp, stamp};
use super::{Db, StorageError, UserRecord};

pub(super) const USER_COLUMNS: &str = "id, email, name, role, account_id, language";

pub(super) fn user_from_row(r: &AnyRow) -> Result<UserRecord, StorageError> {
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
        language: r.try_get("language")?,
    })
}

impl Db {
    pub async fn create_user(
        &self,
        u: &UserRecord,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<(), StorageError> {
        let pool = &self.pool;
        sqlx::query(
            "INSERT INTO users (id, email, name, role, account_id, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&u.id)
        .bind(&u.email)
        .bind(&u.name)
        .bind(u.role.as_str())
        .bind(&u.account_id)
        .bind(password_hash)
        .bind(stamp(now))
        .execute(pool)
        .await?;
        Ok(())
    }

    /// Record the language `user_id` chose for the pages (None: back to the default).
    pub async fn set_language(
        &self,
        user_id: &str,
        language: Option<&str>,
    ) -> Result<(), StorageError> {
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn users(&self) -> Result<Vec<UserRecord>, StorageError> {
        let pool = &self.pool;
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))
            .fetch_all(pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    /// The active user and their password hash, by sign-in email.
    pub async fn user_by_email(
        &self,
        email: &str,
    ) -> Result<Option<(UserRecord, String)>, StorageError> {
        let pool = &self.pool;
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = $1 \
             AND deactivated_at IS NULL"
        ))
        .bind(email)
        .fetch_optional(pool)
        .await?;
        row.map(|r| Ok((user_from_row(&r)?, r.try_get("password_hash")?)))
            .transpose()
    }

    pub async fn assign(&self, user_id: &str, account_id: &str) -> Result<(), StorageError> {
        let pool = &self.pool;
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
    pub async fn account_staff(&self, account_id: &str) -> Result<Vec<String>, StorageError> {
        let pool = &self.pool;
        let rows = sqlx::query(
            "SELECT u.name AS name FROM users u JOIN assignments a ON a.user_id = u.id \
             WHERE a.account_id = $1 AND u.role = 'technician' AND u.deactivated_at IS NULL \
             ORDER BY u.name",
        )
        .bind(account_id)
        .fetch_all(pool)
        .await?;
        rows.iter()
            .map(|r| r.try_get::<String, _>("name").map_err(Into::into))
            .collect()
    }

    /// Every assignment, as (user id, account id), in one query (the people page).
    pub async fn all_assignments(&self) -> Result<Vec<(String, String)>, StorageError> {
        let rows = sqlx::query("SELECT user_id, account_id FROM assignments ORDER BY account_id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("user_id")?, r.try_get("account_id")?)))
            .collect()
    }

    pub async fn assignments(&self, user_id: &str) -> Result<Vec<String>, StorageError> {
        let pool = &self.pool;
        let rows = sqlx::query(
            "SELECT account_id FROM assignments WHERE user_id = $1 ORDER BY account_id",
        )
        .bind(user_id)
        .fetch_all(pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("account_id")?)).collect()
    }
}
