//! Each account's append-only history, and appending to it under the account's lock.

use billing::{Event, History};
use sqlx::{AnyConnection, Executor, Row};

use super::connection::{MAX_BATCH, begin_locked, begin_locked_many};
use super::documents::{Stored, issue_documents, stored_of};
use super::history_cache::Known;
use super::people::write_audit;
use super::submissions::{self, Submission};
use super::{AccountRecord, Appended, Audit, Db, Decision, EventRow, StorageError};
use crate::state::Actor;

/// The audit line of a billing change (README "The audit trail"): the event's kind as the
/// action, what it names (an entry, order, quote, cost, month, plan or the first month of new
/// terms) as the subject, and the documents it issued (or the new terms).
fn billing_audit(
    account_id: &str,
    event: &Event,
    actor: Option<&Actor>,
    issued: &[api::model::Document],
) -> Audit {
    let json = serde_json::to_value(event).unwrap_or_default();
    let action = event.what.name();
    let subject = ["entry", "order", "id", "quote", "month", "plan", "from"]
        .iter()
        .find_map(|k| json[*k].as_str().map(str::to_string));
    let numbers: Vec<&str> = issued.iter().map(|d| d.number.as_str()).collect();
    Audit {
        at: chrono::Utc::now(),
        actor: actor.map(|a| a.user_id.clone()),
        address: actor.map_or_else(|| "local".to_string(), |a| a.address.clone()),
        action,
        subject,
        account_id: Some(account_id.to_string()),
        detail: if let Some(t) = event.what.terms_from() {
            let or_catalogs = |v: Option<String>| v.unwrap_or_else(|| "the catalog's".into());
            format!(
                "VAT rate {}, standard rate {}, reverse charge {}",
                or_catalogs(t.vat_rate.map(|v| format!("{v} %"))),
                or_catalogs(t.standard_rate.map(|r| r.to_string())),
                if t.reverse_charge { "yes" } else { "no" }
            )
        } else if numbers.is_empty() {
            String::new()
        } else {
            format!("issued {}", numbers.join(", "))
        },
    }
}

/// The ledger of a stored history, which always replays (it did when each event was appended).
fn replay_stored(account_id: &str, history: &History) -> Result<billing::Ledger, StorageError> {
    billing::replay_stored(history, history.events.len()).map_err(|e| {
        StorageError::Corrupt(format!("history of \"{account_id}\" does not replay: {e}"))
    })
}

pub(super) async fn event_rows<'c, E>(
    ex: E,
    account_id: &str,
) -> Result<Vec<EventRow>, StorageError>
where
    E: Executor<'c, Database = sqlx::Any>,
{
    event_rows_after(ex, account_id, 0).await
}

/// The account's event rows with a seq greater than `after`, in order.
async fn event_rows_after<'c, E>(
    ex: E,
    account_id: &str,
    after: i64,
) -> Result<Vec<EventRow>, StorageError>
where
    E: Executor<'c, Database = sqlx::Any>,
{
    let rows = sqlx::query(
        "SELECT account_id, seq, on_date, payload, created_at FROM events WHERE account_id = $1 AND seq > $2 ORDER BY seq",
    )
    .bind(account_id)
    .bind(after)
    .fetch_all(ex)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(EventRow {
                account_id: row.try_get("account_id")?,
                seq: row.try_get("seq")?,
                on_date: row.try_get("on_date")?,
                payload: row.try_get("payload")?,
                created_at: super::time::parse_stamp(&row.try_get::<String, _>("created_at")?)?,
            })
        })
        .collect()
}

pub fn parse_events(rows: &[EventRow]) -> Result<Vec<Event>, StorageError> {
    rows.iter()
        .map(|r| {
            serde_json::from_str::<Event>(&r.payload).map_err(|e| {
                StorageError::Corrupt(format!(
                    "event {} of account \"{}\": {e}",
                    r.seq, r.account_id
                ))
            })
        })
        .collect()
}

pub(super) async fn insert_event(
    conn: &mut AnyConnection,
    account_id: &str,
    seq: i64,
    event: &Event,
) -> Result<(), StorageError> {
    let payload = serde_json::to_string(event)
        .map_err(|e| StorageError::Corrupt(format!("event does not serialise: {e}")))?;
    sqlx::query("INSERT INTO events (account_id, seq, on_date, payload) VALUES ($1, $2, $3, $4)")
        .bind(account_id)
        .bind(seq)
        .bind(event.on.to_string())
        .bind(payload)
        .execute(conn)
        .await?;
    Ok(())
}

/// What an append has before it runs under the lock: a decision taken early, on the history
/// this server keeps ([`Db::decide_early`]), and what issuing reads, when a batch read it once
/// for all of its accounts.
struct Beforehand<E> {
    early: Option<Early<E>>,
    stored: Option<Stored>,
}

/// A decision taken before the lock ([`Db::decide_early`]), with what it was taken on.
struct Early<E> {
    account: AccountRecord,
    next_seq: i64,
    result: Result<Decision, E>,
}

impl Db {
    /// The account's events in order (by seq): those this server already decoded and the rows
    /// stored since (history_cache.rs). Committed events form a gapless prefix of seqs (each is
    /// appended under the account's lock), so what one query returns extends what is known.
    pub async fn events(&self, account_id: &str) -> Result<Vec<Event>, StorageError> {
        let known = self.history.get(account_id);
        let rows = event_rows_after(&self.pool, account_id, known.last_seq()).await?;
        if rows.is_empty() {
            return Ok(known.events.clone());
        }
        let now = known.extended(&rows)?;
        let events = now.events.clone();
        self.history.put(account_id, now);
        Ok(events)
    }

    /// The account's stored event rows, exactly as stored.
    pub async fn event_rows(&self, account_id: &str) -> Result<Vec<EventRow>, StorageError> {
        event_rows(&self.pool, account_id).await
    }

    /// Append (at most) one event to an account's history in one transaction that holds the
    /// account's lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: `SELECT … FOR UPDATE` on the
    /// account row), and issue, with their numbers, the documents the rules now say are issued.
    ///
    /// `decide` sees the account, its history as stored (with `today` unset), the seq the new
    /// event would get, and whether this is a repeated `submission`; it decides what to append
    /// or refuses. A refusal, like any error, rolls the transaction back: nothing is stored.
    /// It may be called twice: before the lock, on the history this server keeps
    /// ([`Db::decide_early`]), and again under the lock when that history was behind.
    ///
    /// With a `submission`, what it did is recorded in the same transaction; sent again, it
    /// appends nothing and answers as the first time: the event it appended and the documents
    /// it issued, with the ledger as it is now.
    pub async fn append_event<E, F>(
        &self,
        account_id: &str,
        submission: Option<&Submission>,
        actor: Option<&Actor>,
        mut decide: F,
    ) -> Result<Appended, E>
    where
        F: FnMut(&AccountRecord, History, i64, bool) -> Result<Decision, E>,
        E: From<StorageError>,
    {
        let early = self.decide_early(account_id, &mut decide).await;
        let (mut tx, account) = begin_locked(&self.pool, self.backend, account_id).await?;
        let account = account.ok_or_else(|| StorageError::NoSuchAccount(account_id.to_string()))?;
        // A refusal returns here; dropping `tx` rolls it back.
        let (appended, known) = self
            .append_locked(
                &mut tx,
                &account,
                submission,
                actor,
                Beforehand {
                    early,
                    stored: None,
                },
                decide,
            )
            .await?;
        tx.commit().await.map_err(StorageError::from)?;
        self.history.put(account_id, known);
        Ok(appended)
    }

    /// [`Db::append_event`] for each of `account_ids` (at most [`MAX_BATCH`]), without a
    /// submission, in one transaction that holds all their locks: each account's append in a
    /// savepoint of its own, so that one account's refusal (or failure) leaves the others
    /// appended. One commit for the lot is what makes a month-end close of many accounts fast
    /// (BENCHMARKS.md "Month-end close"). The answers come in the order of `account_ids`; an
    /// error of the transaction itself fails them all.
    pub async fn append_each<E, F>(
        &self,
        account_ids: &[String],
        actor: Option<&Actor>,
        mut decide: F,
    ) -> Result<Vec<Result<Appended, E>>, StorageError>
    where
        F: FnMut(&AccountRecord, History, i64, bool) -> Result<Decision, E>,
        E: From<StorageError>,
    {
        assert!(account_ids.len() <= MAX_BATCH, "a batch is bounded");
        let (mut tx, accounts) = begin_locked_many(&self.pool, self.backend, account_ids).await?;
        let mut out = Vec::with_capacity(account_ids.len());
        let mut kept = Vec::with_capacity(account_ids.len());
        // What issuing reads, read once for the whole batch: two queries instead of two an account.
        let mut stored = stored_of(&mut tx, account_ids).await?;
        for (id, account) in account_ids.iter().zip(accounts) {
            let Some(account) = account else {
                out.push(Err(StorageError::NoSuchAccount(id.clone()).into()));
                continue;
            };
            let mut savepoint = sqlx::Connection::begin(&mut *tx).await?;
            let stored = stored.remove(id);
            match self
                .append_locked(
                    &mut savepoint,
                    &account,
                    None,
                    actor,
                    Beforehand {
                        early: None,
                        stored,
                    },
                    &mut decide,
                )
                .await
            {
                Ok((appended, known)) => {
                    savepoint.commit().await?;
                    kept.push((id, known));
                    out.push(Ok(appended));
                }
                Err(e) => {
                    savepoint.rollback().await?;
                    out.push(Err(e));
                }
            }
        }
        tx.commit().await?;
        for (id, known) in kept {
            self.history.put(id, known);
        }
        Ok(out)
    }

    /// What `decide` says before the lock is taken, on the history this server already keeps
    /// and the account as it is now — None when nothing is kept. Deciding replays the account,
    /// most of a write's work; done here, it runs beside other writes instead of inside the
    /// lock (on SQLite, the whole database's), and the lock is held for the inserts only.
    /// [`Db::append_locked`] keeps it only if, under the lock, nothing it read has changed.
    async fn decide_early<E, F>(&self, account_id: &str, decide: &mut F) -> Option<Early<E>>
    where
        F: FnMut(&AccountRecord, History, i64, bool) -> Result<Decision, E>,
    {
        let known = self.history.get(account_id);
        let next_seq = known.seqs.last()? + 1;
        let account = self.account(account_id).await.ok().flatten()?;
        let result = decide(
            &account,
            account.history(known.events.clone(), None),
            next_seq,
            false,
        );
        Some(Early {
            account,
            next_seq,
            result,
        })
    }

    /// One account's append inside a transaction that holds its lock: what it answers, and the
    /// history to keep once the transaction commits. `early` is kept when it was decided on
    /// exactly what the lock now shows: the same account, the same events (seqs are gapless and
    /// events never change, so the same next seq is the same history), and no earlier
    /// submission of this form; otherwise `decide` decides again, here.
    async fn append_locked<E, F>(
        &self,
        conn: &mut AnyConnection,
        account: &AccountRecord,
        submission: Option<&Submission>,
        actor: Option<&Actor>,
        beforehand: Beforehand<E>,
        decide: F,
    ) -> Result<(Appended, Known), E>
    where
        F: FnOnce(&AccountRecord, History, i64, bool) -> Result<Decision, E>,
        E: From<StorageError>,
    {
        let Beforehand { early, stored } = beforehand;
        let account_id = account.id.as_str();
        // The history: what this server already decoded, and the rows stored since
        // (history_cache.rs), read under the lock.
        let known = self.history.get(account_id);
        let rows = event_rows_after(&mut *conn, account_id, known.last_seq()).await?;
        let Known {
            mut seqs,
            mut events,
        } = known.extended(&rows)?;
        drop(known);
        let next_seq = seqs.last().map_or(1, |s| s + 1);
        let done = match submission {
            Some(s) => submissions::find(conn, s, account_id).await?,
            None => None,
        };
        let decision = match early {
            Some(e) if e.next_seq == next_seq && e.account == *account && done.is_none() => {
                e.result?
            }
            _ => decide(
                account,
                account.history(events.clone(), None),
                next_seq,
                done.is_some(),
            )?,
        };
        if let Some(done) = done {
            let history = account.history(events.clone(), Some(decision.today));
            let ledger = replay_stored(account_id, &history)?;
            let event = done
                .seq
                .and_then(|s| seqs.iter().position(|x| *x == s))
                .map(|i| events[i].clone());
            let appended = Appended {
                repeated: true,
                seq: done.seq,
                event,
                ledger,
                issued: done.documents,
            };
            return Ok((appended, Known { seqs, events }));
        }
        let seq = match &decision.event {
            Some(event) => {
                insert_event(conn, account_id, next_seq, event).await?;
                events.push(event.clone());
                seqs.push(next_seq);
                Some(next_seq)
            }
            None => None,
        };
        // The documents come from the same replay as every other figure: of the stored history
        // (with the new event, the replay that accepted it).
        let ledger = match (seq, decision.ledger) {
            (Some(_), Some(ledger)) => ledger,
            _ => replay_stored(
                account_id,
                &account.history(events.clone(), Some(decision.today)),
            )?,
        };
        let at = seq.unwrap_or(next_seq - 1);
        let issued = issue_documents(conn, account, &ledger, at, stored).await?;
        if let Some(s) = submission {
            submissions::record(conn, s, account_id, seq, &issued).await?;
        }
        if let Some(event) = decision.event.as_ref().filter(|_| seq.is_some()) {
            write_audit(conn, &billing_audit(account_id, event, actor, &issued)).await?;
        }
        if let Some(beside) = &decision.beside {
            let at = chrono::Utc::now();
            super::licences::store(conn, beside, at).await?;
            let (subject, detail) = beside.audit_subject();
            let audit = Audit {
                at,
                actor: actor.map(|a| a.user_id.clone()),
                address: actor.map_or_else(|| "local".to_string(), |a| a.address.clone()),
                action: beside.action(),
                subject: Some(subject),
                account_id: Some(account_id.to_string()),
                detail,
            };
            write_audit(conn, &audit).await?;
        }
        let appended = Appended {
            repeated: false,
            seq,
            event: decision.event,
            ledger,
            issued,
        };
        Ok((appended, Known { seqs, events }))
    }
}
