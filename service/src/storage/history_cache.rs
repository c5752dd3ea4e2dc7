//! Each account's decoded history, kept between writes (issue #16): reading and decoding every
//! stored event on every write was most of a write's cost in a big account (BENCHMARKS.md
//! "Writes under load"). Events are append-only and numbered by `seq`, so under the account's
//! lock the history is the cached events plus the rows with a greater `seq` — one indexed query
//! that returns the few events other servers appended since. Correct with any number of servers:
//! the lock orders the writers, and a cached event never changes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use billing::Event;

use super::{EventRow, StorageError};

/// How many accounts' histories one server keeps; the least recently written is dropped first.
const ACCOUNTS: usize = 256;

/// An account's stored events, in order, with their seqs.
#[derive(Default)]
pub(super) struct Known {
    pub seqs: Vec<i64>,
    pub events: Vec<Event>,
}

impl Known {
    /// The last stored seq known (0: none; seqs start at 1).
    pub fn last_seq(&self) -> i64 {
        self.seqs.last().copied().unwrap_or(0)
    }

    /// This history and, after it, `rows` (those with a greater seq, in order), decoded.
    pub fn extended(&self, rows: &[EventRow]) -> Result<Known, StorageError> {
        let mut seqs = self.seqs.clone();
        seqs.extend(rows.iter().map(|r| r.seq));
        let mut events = self.events.clone();
        events.extend(super::events::parse_events(rows)?);
        Ok(Known { seqs, events })
    }
}

#[derive(Default)]
pub(super) struct HistoryCache {
    accounts: Mutex<HashMap<String, (u64, Arc<Known>)>>,
    clock: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for HistoryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HistoryCache")
    }
}

impl HistoryCache {
    /// What is known of `account` (nothing: read it all).
    pub fn get(&self, account: &str) -> Arc<Known> {
        let accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        accounts
            .get(account)
            .map(|(_, k)| Arc::clone(k))
            .unwrap_or_default()
    }

    /// Keep `known` for `account` — call only once the transaction that read (or appended) it
    /// has committed.
    pub fn put(&self, account: &str, known: Known) {
        let tick = self
            .clock
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        if accounts.len() >= ACCOUNTS && !accounts.contains_key(account) {
            let oldest = accounts
                .iter()
                .min_by_key(|(_, (t, _))| *t)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                accounts.remove(&oldest);
            }
        }
        accounts.insert(account.to_string(), (tick, Arc::new(known)));
    }
}
