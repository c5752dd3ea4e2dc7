//! People and access: invitations, deactivation, passwords, and the audit trail — each change
//! and its audit line in one transaction.

use api::people::{AuditLine, Invitation};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row, Transaction};

use super::time::{Timestamp, stamp};
use super::users::{USER_COLUMNS, user_from_row};
use super::{Db, StorageError, UserRecord};

/// One line for the audit trail, written with the change it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    pub at: Timestamp,
    pub actor: Option<String>,
    pub address: String,
    pub action: &'static str,
    pub subject: Option<String>,
    pub account_id: Option<String>,
    pub detail: String,
}

/// Why an invitation could not be made or used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvitationRefused {
    /// The email belongs to a user, or to an open invitation with other details.
    EmailInUse,
    /// No open, unexpired invitation has this token.
    Closed,
}

const INVITATION_COLUMNS: &str =
    "id, email, name, role, account_id, invited_by, created_at, expires_at";

fn invitation_from_row(r: &AnyRow) -> Result<Invitation, StorageError> {
    let role: String = r.try_get("role")?;
    Ok(Invitation {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        role: api::auth::Role::parse(&role)
            .ok_or_else(|| StorageError::Corrupt(format!("invitation with role {role:?}")))?,
        account_id: r.try_get("account_id")?,
        invited_by: r.try_get("invited_by")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
    })
}

pub(super) async fn write_audit(conn: &mut AnyConnection, a: &Audit) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, address, action, subject, account_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(stamp(a.at))
    .bind(&a.actor)
    .bind(&a.address)
    .bind(a.action)
    .bind(&a.subject)
    .bind(&a.account_id)
    .bind(&a.detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// The open invitation of `email` at `now`, if any.
async fn open_invitation(
    tx: &mut Transaction<'static, sqlx::Any>,
    email: &str,
    now: Timestamp,
) -> Result<Option<Invitation>, StorageError> {
    let row = sqlx::query(&format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations WHERE email = $1 \
         AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2"
    ))
    .bind(email)
    .bind(stamp(now))
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(invitation_from_row).transpose()
}

impl Db {
    /// Append one audit line on its own (sign-ins, failed sign-ins).
    pub async fn audit(&self, a: &Audit) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        write_audit(&mut tx, a).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Make `inv` (its id is used when the email has no open invitation) with the link token
    /// `token_hash`; an open invitation of the same email with the same details gets the new
    /// token and expiry instead (its old link stops working). The invitation as stored.
    pub async fn invite(
        &self,
        inv: &Invitation,
        token_hash: &str,
        audit: &Audit,
    ) -> Result<Result<Invitation, InvitationRefused>, StorageError> {
        let mut tx = self.pool.begin().await?;
        let user = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(&inv.email)
            .fetch_optional(&mut *tx)
            .await?;
        if user.is_some() {
            return Ok(Err(InvitationRefused::EmailInUse));
        }
        let stored = match open_invitation(&mut tx, &inv.email, audit.at).await? {
            Some(open)
                if open.name == inv.name
                    && open.role == inv.role
                    && open.account_id == inv.account_id =>
            {
                sqlx::query(
                    "UPDATE invitations SET token_hash = $1, expires_at = $2 WHERE id = $3",
                )
                .bind(token_hash)
                .bind(&inv.expires_at)
                .bind(&open.id)
                .execute(&mut *tx)
                .await?;
                Invitation {
                    expires_at: inv.expires_at.clone(),
                    ..open
                }
            }
            Some(_) => return Ok(Err(InvitationRefused::EmailInUse)),
            None => {
                sqlx::query(
                    "INSERT INTO invitations (id, token_hash, email, name, role, account_id, \
                     invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(&inv.id)
                .bind(token_hash)
                .bind(&inv.email)
                .bind(&inv.name)
                .bind(inv.role.as_str())
                .bind(&inv.account_id)
                .bind(&inv.invited_by)
                .bind(&inv.created_at)
                .bind(&inv.expires_at)
                .execute(&mut *tx)
                .await?;
                inv.clone()
            }
        };
        write_audit(
            &mut tx,
            &Audit {
                subject: Some(stored.id.clone()),
                ..audit.clone()
            },
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(stored))
    }

    /// The open invitation a link's token opens, if any.
    pub async fn invitation_by_token(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<Invitation>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1 \
             AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2"
        ))
        .bind(token_hash)
        .bind(stamp(now))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(invitation_from_row).transpose()
    }

    /// Accept the invitation of `token_hash`: its user is created with `password_hash` (a
    /// technician assigned to the invitation's account), the invitation closed — once: a
    /// second use of the link finds it closed.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        user_id: &str,
        password_hash: &str,
        audit: &Audit,
    ) -> Result<Result<UserRecord, InvitationRefused>, StorageError> {
        let mut tx = self.pool.begin().await?;
        // Claim it first: of two concurrent acceptances, one updates the row.
        let claimed = sqlx::query(
            "UPDATE invitations SET accepted_at = $1 WHERE token_hash = $2 \
             AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
        )
        .bind(stamp(audit.at))
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
        if claimed.rows_affected() != 1 {
            return Ok(Err(InvitationRefused::Closed));
        }
        let row = sqlx::query(&format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
        let inv = invitation_from_row(&row)?;
        let taken = sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(&inv.email)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(Err(InvitationRefused::EmailInUse));
        }
        let client_account = (inv.role == api::auth::Role::Client)
            .then(|| inv.account_id.clone())
            .flatten();
        sqlx::query(
            "INSERT INTO users (id, email, name, role, account_id, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(user_id)
        .bind(&inv.email)
        .bind(&inv.name)
        .bind(inv.role.as_str())
        .bind(&client_account)
        .bind(password_hash)
        .bind(stamp(audit.at))
        .execute(&mut *tx)
        .await?;
        if let (api::auth::Role::Technician, Some(account)) = (inv.role, &inv.account_id) {
            sqlx::query("INSERT INTO assignments (user_id, account_id) VALUES ($1, $2)")
                .bind(user_id)
                .bind(account)
                .execute(&mut *tx)
                .await?;
        }
        write_audit(
            &mut tx,
            &Audit {
                actor: Some(user_id.to_string()),
                subject: Some(inv.id.clone()),
                account_id: inv.account_id.clone(),
                ..audit.clone()
            },
        )
        .await?;
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
        let user = user_from_row(&row)?;
        tx.commit().await?;
        Ok(Ok(user))
    }

    /// Withdraw an open invitation (its link stops working). False: none was open.
    pub async fn revoke_invitation(&self, id: &str, audit: &Audit) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE invitations SET revoked_at = $1 WHERE id = $2 \
             AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(stamp(audit.at))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            write_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Invitations not yet accepted, withdrawn or expired, newest first.
    pub async fn open_invitations(&self, now: Timestamp) -> Result<Vec<Invitation>, StorageError> {
        let rows = sqlx::query(&format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE accepted_at IS NULL \
             AND revoked_at IS NULL AND expires_at > $1 ORDER BY created_at DESC"
        ))
        .bind(stamp(now))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(invitation_from_row).collect()
    }

    /// Deactivate a user: every session of theirs ends in the same transaction, and they can no
    /// longer sign in. False: no such active user.
    pub async fn deactivate_user(
        &self,
        user_id: &str,
        audit: &Audit,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE users SET deactivated_at = $1 WHERE id = $2 AND deactivated_at IS NULL",
        )
        .bind(stamp(audit.at))
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            write_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// When each deactivated user was deactivated.
    pub async fn deactivated(&self) -> Result<Vec<(String, String)>, StorageError> {
        let rows = sqlx::query(
            "SELECT id, deactivated_at FROM users WHERE deactivated_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("deactivated_at")?)))
            .collect()
    }

    /// A user's password hash (to check the current password before a change).
    pub async fn password_hash(&self, user_id: &str) -> Result<Option<String>, StorageError> {
        let row = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("password_hash")).transpose()?)
    }

    /// Set a user's password; every other session of theirs ends (`keep`: the session hash
    /// that made the change).
    pub async fn set_password(
        &self,
        user_id: &str,
        password_hash: &str,
        keep: &str,
        audit: &Audit,
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep)
            .execute(&mut *tx)
            .await?;
        write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Assign (or, with `assigned` false, unassign) a technician to an account, with its audit
    /// line, in one transaction. False, and no line, when it already was so.
    pub async fn set_assignment(
        &self,
        user_id: &str,
        account_id: &str,
        assigned: bool,
        audit: &Audit,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let sql = if assigned {
            "INSERT INTO assignments (user_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM assignments WHERE user_id = $1 AND account_id = $2"
        };
        let changed = sqlx::query(sql)
            .bind(user_id)
            .bind(account_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if changed {
            write_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// Rename user `user_id`, with its audit line. False (nothing changed) when another user
    /// has that name already.
    pub async fn set_name(
        &self,
        user_id: &str,
        name: &str,
        audit: &Audit,
    ) -> Result<bool, StorageError> {
        let mut tx = self.pool.begin().await?;
        let taken = sqlx::query("SELECT 1 AS taken FROM users WHERE name = $1 AND id <> $2")
            .bind(name)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(false);
        }
        let changed = sqlx::query("UPDATE users SET name = $1 WHERE id = $2 AND name <> $1")
            .bind(name)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed > 0 {
            write_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The latest `limit` audit lines, newest first; only those about `user` (as actor or
    /// subject) when given.
    pub async fn audit_log(
        &self,
        user: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditLine>, StorageError> {
        match user {
            Some(u) => {
                self.audit_where("actor = $1 OR subject = $1", Some(u), limit)
                    .await
            }
            None => self.audit_where("1 = 1", None, limit).await,
        }
    }

    /// The newest `limit` audit lines about account `account_id`, newest first.
    pub async fn audit_of_account(
        &self,
        account_id: &str,
        limit: i64,
    ) -> Result<Vec<AuditLine>, StorageError> {
        self.audit_where("account_id = $1", Some(account_id), limit)
            .await
    }

    async fn audit_where(
        &self,
        condition: &str,
        value: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditLine>, StorageError> {
        let columns = "id, at, actor, address, action, subject, account_id, detail";
        let rows =
            match value {
                Some(v) => sqlx::query(&format!(
                    "SELECT {columns} FROM audit_log WHERE {condition} ORDER BY id DESC LIMIT $2"
                ))
                .bind(v)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?,
                None => {
                    sqlx::query(&format!(
                        "SELECT {columns} FROM audit_log ORDER BY id DESC LIMIT $1"
                    ))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?
                }
            };
        rows.iter()
            .map(|r| {
                Ok(AuditLine {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    address: r.try_get("address")?,
                    action: r.try_get("action")?,
                    subject: r.try_get("subject")?,
                    account_id: r.try_get("account_id")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }
}
