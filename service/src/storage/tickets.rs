//! Helpdesk tickets' lifecycle times: written under the account's lock, each time once, with
//! the Idempotency-Key of the call recorded in the same transaction.

use api::AppError;
use api::tickets::TicketTimes;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::connection::begin_locked;
use super::time::{parse_stamp, stamp};
use super::{Db, StorageError, Submission, submissions};

const COLUMNS: &str = "ticket_id, priority, created_at, first_response_at, resolved_at";

fn from_row(r: &AnyRow) -> Result<TicketTimes, StorageError> {
    let at = |c: &str| -> Result<Option<super::Timestamp>, StorageError> {
        let raw: Option<String> = r.try_get(c)?;
        raw.as_deref().map(parse_stamp).transpose()
    };
    Ok(TicketTimes {
        ticket_id: r.try_get("ticket_id")?,
        priority: r.try_get("priority")?,
        created_at: at("created_at")?
            .ok_or_else(|| StorageError::Corrupt("a ticket without created_at".into()))?,
        first_response_at: at("first_response_at")?,
        resolved_at: at("resolved_at")?,
    })
}

impl Db {
    /// Record `new` on `account_id`: the times it adds to what is stored (`TicketTimes::merged`:
    /// another value for a recorded time is a conflict). With `submission`, a repeat answers
    /// the ticket as it is and stores nothing; the same key with another body is refused.
    pub async fn record_ticket(
        &self,
        account_id: &str,
        new: &TicketTimes,
        submission: Option<&Submission>,
    ) -> Result<TicketTimes, AppError> {
        let (mut tx, account) = begin_locked(&self.pool, self.backend, account_id).await?;
        if account.is_none() {
            return Err(AppError::NotFound(format!("account \"{account_id}\"")));
        }
        let stored = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE account_id = $1 AND ticket_id = $2"
        ))
        .bind(account_id)
        .bind(&new.ticket_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StorageError::from)?
        .as_ref()
        .map(from_row)
        .transpose()?;
        if let Some(s) = submission
            && submissions::find(&mut tx, s, account_id).await?.is_some()
        {
            return stored.ok_or_else(|| AppError::Server("a recorded ticket is missing".into()));
        }
        let merged = match &stored {
            Some(old) => old.merged(new)?,
            None => new.clone(),
        };
        if stored.as_ref() != Some(&merged) {
            let now = stamp(chrono::Utc::now());
            let query = if stored.is_some() {
                "UPDATE tickets SET priority = $3, created_at = $4, first_response_at = $5, \
                 resolved_at = $6, updated_at = $7 WHERE account_id = $1 AND ticket_id = $2"
            } else {
                "INSERT INTO tickets (account_id, ticket_id, priority, created_at, \
                 first_response_at, resolved_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            };
            sqlx::query(query)
                .bind(account_id)
                .bind(&merged.ticket_id)
                .bind(&merged.priority)
                .bind(stamp(merged.created_at))
                .bind(merged.first_response_at.map(stamp))
                .bind(merged.resolved_at.map(stamp))
                .bind(now)
                .execute(&mut *tx)
                .await
                .map_err(StorageError::from)?;
        }
        if let Some(s) = submission {
            submissions::record(&mut tx, s, account_id, None, &[]).await?;
        }
        tx.commit().await.map_err(StorageError::from)?;
        Ok(merged)
    }

    /// The tickets of `account_id` created in `[from, to)`, oldest first.
    pub async fn tickets(
        &self,
        account_id: &str,
        from: super::Timestamp,
        to: super::Timestamp,
    ) -> Result<Vec<TicketTimes>, StorageError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tickets WHERE account_id = $1 AND created_at >= $2 \
             AND created_at < $3 ORDER BY created_at, ticket_id"
        ))
        .bind(account_id)
        .bind(stamp(from))
        .bind(stamp(to))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Every account's tickets created in `[from, to)`, by account, oldest first.
    pub async fn all_tickets(
        &self,
        from: super::Timestamp,
        to: super::Timestamp,
    ) -> Result<std::collections::HashMap<String, Vec<TicketTimes>>, StorageError> {
        let rows = sqlx::query(&format!(
            "SELECT account_id, {COLUMNS} FROM tickets WHERE created_at >= $1 \
             AND created_at < $2 ORDER BY account_id, created_at, ticket_id"
        ))
        .bind(stamp(from))
        .bind(stamp(to))
        .fetch_all(&self.pool)
        .await?;
        let mut out: std::collections::HashMap<String, Vec<TicketTimes>> = Default::default();
        for r in &rows {
            let account: String = r.try_get("account_id")?;
            out.entry(account).or_default().push(from_row(r)?);
        }
        Ok(out)
    }
}
