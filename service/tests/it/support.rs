//! The databases the service tests run on: a fresh SQLite file, or a fresh PostgreSQL database
//! on the server `HOURBANK_TEST_PG` names (an admin URL; `scripts/with-postgres` sets it, using
//! the local server or a throwaway cluster). Without it the PostgreSQL half of a test is skipped
//! with a loud message, except under `CI=true`, where it fails.

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::NaiveDate;
use service::state::{AppState, Clock};
use service::storage::{Db, seed_demo};

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh, migrated, empty database of `backend` whose clock reads `today`, with the guard that
/// removes it (SQLite) and its URL. None: PostgreSQL is not available here and this is not CI.
pub async fn database(
    backend: Backend,
    today: NaiveDate,
) -> Option<(AppState, Option<tempfile::TempDir>, String)> {
    database_at(backend, today, None).await
}

/// [`database`] with the migrations up to `version` only (None: all of them).
pub async fn database_at(
    backend: Backend,
    today: NaiveDate,
    version: Option<i64>,
) -> Option<(AppState, Option<tempfile::TempDir>, String)> {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let (url, dir) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            (format!("sqlite://{}/t.db", dir.path().display()), Some(dir))
        }
        Backend::Postgres => (postgres_database(n).await?, None),
    };
    let db = Db::connect(&url).await.unwrap();
    match version {
        Some(v) => db.migrate_to(v).await.unwrap(),
        None => db.migrate().await.unwrap(),
    }
    let state = AppState::new(db, Clock::Fixed(today));
    Some((state, dir, url))
}

/// The demo data (`seed_demo`, as `hourbank serve` seeds it) on a fresh SQLite database.
pub async fn demo(today: NaiveDate) -> (tempfile::TempDir, AppState) {
    let (state, dir, _) = database(Backend::Sqlite, today)
        .await
        .expect("SQLite is always there");
    assert!(seed_demo(&state.db, today).await.unwrap());
    (dir.expect("a SQLite database has a directory"), state)
}

async fn postgres_database(n: u32) -> Option<String> {
    service::storage::fresh_postgres_database(&format!("hb_test_{}_{n}", std::process::id())).await
}

/// An instant written as RFC 3339.
pub fn ts(raw: &str) -> service::storage::Timestamp {
    chrono::DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&chrono::Utc)
}
