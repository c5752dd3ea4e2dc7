//! What the server's benchmarks share (included by `#[path]`).

/// A fresh database for a benchmark run: a PostgreSQL database on `HOURBANK_TEST_PG`'s server
/// named after `prefix`, or a SQLite file `file` in a temporary folder (kept while the folder
/// lives).
pub async fn database(
    postgres: bool,
    prefix: &str,
    file: &str,
) -> (String, Option<tempfile::TempDir>) {
    if postgres {
        let prefix = format!("{prefix}_{}", std::process::id());
        let url = service::storage::fresh_postgres_database(&prefix)
            .await
            .expect("HOURBANK_TEST_PG names a server");
        return (url, None);
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}/{file}", dir.path().display());
    (url, Some(dir))
}
