//! One submission, one effect: what a state-changing form's submission did, recorded under its
//! key inside the transaction of the change (see the `submissions` migration).

use api::model::Document;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use super::documents::DOCUMENT_SELECT;
use super::{StorageError, documents::document_from_row};

/// The longest key a form may carry.
pub const MAX_KEY_BYTES: usize = 64;

/// How long a key is remembered. A form is answered from its first submission for this long
/// (a resend, a retry after a lost answer, a page left open over a holiday); after it, a user's
/// older keys are deleted when that user submits again, so the table holds at most about
/// this many days of each user's forms.
pub const KEEP_DAYS: i64 = 30;

/// A form's submission: whose it is, its key, and what it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    user_id: String,
    key: String,
    action: &'static str,
    fingerprint: String,
}

impl Submission {
    /// `key` as the form sent it (1 to 64 letters, digits, `-` or `_`); `action` names the
    /// server function and `arguments` are its other arguments, as parsed.
    pub fn new(
        user_id: &str,
        key: &str,
        action: &'static str,
        arguments: &impl serde::Serialize,
    ) -> Option<Submission> {
        let good = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if key.is_empty() || key.len() > MAX_KEY_BYTES || !key.chars().all(good) {
            return None;
        }
        let json = serde_json::to_string(arguments).ok()?;
        let fingerprint = Sha256::digest(format!("{action}\n{json}").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Some(Submission {
            user_id: user_id.to_string(),
            key: key.to_string(),
            action,
            fingerprint,
        })
    }
}

/// What an earlier submission with the same key did.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Done {
    pub seq: Option<i64>,
    pub documents: Vec<Document>,
}

/// The earlier submission of `s` on `account_id`, if there was one. The same key for another
/// action, other arguments or another account is refused.
pub(super) async fn find(
    conn: &mut AnyConnection,
    s: &Submission,
    account_id: &str,
) -> Result<Option<Done>, StorageError> {
    let Some(row) = sqlx::query(
        "SELECT action, fingerprint, account_id, seq, documents FROM submissions \
         WHERE user_id = $1 AND key = $2",
    )
    .bind(&s.user_id)
    .bind(&s.key)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let same = row.try_get::<String, _>("action")? == s.action
        && row.try_get::<String, _>("fingerprint")? == s.fingerprint
        && row.try_get::<String, _>("account_id")? == account_id;
    if !same {
        return Err(StorageError::SubmissionReused);
    }
    let numbers: Vec<String> = serde_json::from_str(&row.try_get::<String, _>("documents")?)
        .map_err(|e| StorageError::Corrupt(format!("submission {}: {e}", s.key)))?;
    let mut documents = Vec::with_capacity(numbers.len());
    for number in numbers {
        let row = sqlx::query(&format!("SELECT {DOCUMENT_SELECT} WHERE d.number = $1"))
            .bind(&number)
            .fetch_one(&mut *conn)
            .await?;
        documents.push(document_from_row(&row)?);
    }
    Ok(Some(Done {
        seq: row.try_get("seq")?,
        documents,
    }))
}

/// Record what `s` did, in the transaction that did it.
pub(super) async fn record(
    conn: &mut AnyConnection,
    s: &Submission,
    account_id: &str,
    seq: Option<i64>,
    issued: &[Document],
) -> Result<(), StorageError> {
    // Forget this user's keys older than KEEP_DAYS (bounded work: one user's month of forms).
    // `created_at` is written by the database in UTC as `YYYY-MM-DDTHH:MM:SS.mmmZ`, so text
    // order is time order on both backends.
    let cutoff = super::time::stamp(chrono::Utc::now() - chrono::Duration::days(KEEP_DAYS));
    sqlx::query("DELETE FROM submissions WHERE user_id = $1 AND created_at < $2")
        .bind(&s.user_id)
        .bind(cutoff)
        .execute(&mut *conn)
        .await?;
    let numbers: Vec<&str> = issued.iter().map(|d| d.number.as_str()).collect();
    sqlx::query(
        "INSERT INTO submissions (user_id, key, action, fingerprint, account_id, seq, documents) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&s.user_id)
    .bind(&s.key)
    .bind(s.action)
    .bind(&s.fingerprint)
    .bind(account_id)
    .bind(seq)
    .bind(serde_json::to_string(&numbers).expect("strings serialise"))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_short_and_plain_and_the_fingerprint_follows_the_arguments() {
        assert!(Submission::new("u", "", "log_entry", &1).is_none());
        assert!(Submission::new("u", "a b", "log_entry", &1).is_none());
        assert!(Submission::new("u", &"k".repeat(65), "log_entry", &1).is_none());
        let a = Submission::new("u", "k-1_A", "log_entry", &("acme", "45")).unwrap();
        let b = Submission::new("u", "k-1_A", "log_entry", &("acme", "46")).unwrap();
        let c = Submission::new("u", "k-1_A", "order_pack", &("acme", "45")).unwrap();
        assert_ne!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_eq!(
            a,
            Submission::new("u", "k-1_A", "log_entry", &("acme", "45")).unwrap()
        );
    }
}
