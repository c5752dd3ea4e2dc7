//! Logging work under load (issue #16), beside its floor in the same run: the helpdesk API's
//! `POST /api/v1/accounts/{id}/entries` of the real router — token check, parse, the account's
//! lock, replay, append, documents, audit — against a bare axum handler that parses the same
//! JSON and inserts it with sqlx into the same database. Each of `CONNECTIONS` clients posts
//! `POSTS` pieces of work to its own account, which holds `size` events before the run (a year of
//! work under plan L, every month closed but the last), so the figure is that of an account of
//! that size, not of the run's length (each account grows by `POSTS` events).
//!
//! Run: `cargo bench -p server --bench writes` (SQLite); through `scripts/with-postgres` the same
//! run also measures PostgreSQL. Figures go to BENCHMARKS.md ("Writes under load").

use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use chrono::NaiveDate;
use serde_json::{Value, json};
use service::state::{AppState, Clock};
use service::storage::{Db, demo_account, seed_demo};
use sqlx::AnyPool;

/// The server's allocator: the product is measured as it runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../../billing/benches/support/accounts.rs"]
#[expect(
    dead_code,
    reason = "only the benchmark's account-year generator is used here"
)]
mod accounts;
mod support;

const CONNECTIONS: usize = 8;
const POSTS: usize = 40;
const SIZES: [usize; 2] = [1_000, 10_000];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 20).expect("a date")
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    // Building the router spawns on the runtime (Leptos' route list).
    let _runtime = rt.enter();
    println!(
        "| backend | entries in the account | log_entry (posts/s, p50, p99) | bare insert (posts/s, p50, p99) | log_entry ÷ bare |"
    );
    println!("|---|---|---|---|---|");
    let mut backends = vec![("SQLite", false)];
    if std::env::var("HOURBANK_TEST_PG").is_ok() {
        backends.push(("PostgreSQL", true));
    }
    for (name, postgres) in backends {
        for size in SIZES {
            let (url, _dir) = rt.block_on(support::database(postgres, "hb_bench", "bench.db"));
            let (state, token) = rt.block_on(prepare(&url, size));
            let options = leptos::config::LeptosOptions::builder()
                .output_name("hourbank")
                .site_root("target/site")
                .build();
            let app = serve(&rt, app::http::router(state, options));
            let entries = load(
                |c, i| {
                    let account = format!("bench{c:02}");
                    let body = work(c, i);
                    (format!("{app}/api/v1/accounts/{account}/entries"), body)
                },
                Some(&token),
            );
            let pool = rt.block_on(bare_pool(&url, postgres));
            let bare = serve(&rt, bare_router(pool));
            let floor = load(
                |c, i| (format!("{bare}/bare/bench{c:02}"), work(c, i)),
                None,
            );
            println!(
                "| {name} | {size} | {entries} | {floor} | {:.0} % |",
                100.0 * entries.rate / floor.rate
            );
        }
    }
}

/// The `i`-th piece of work of client `c`, as a helpdesk posts it.
fn work(c: usize, i: usize) -> Value {
    json!({
        "external_id": format!("w-{c}-{i}"),
        "ticket_id": format!("t-{c}-{}", i / 3),
        "ticket_url": format!("https://help.example.com/tickets/{c}-{}", i / 3),
        "title": format!("Ticket {c}-{} – part {}", i / 3, i % 3),
        "technician_email": "admin@agency.example",
        "minutes": 5 + (i % 12) * 5,
        "date": format!("2026-01-{:02}", 1 + i % 19),
    })
}

/// The demo's users (the technician and the token's creator), and `CONNECTIONS` accounts of
/// `size` entries each (with their plan, packs and closes); an integration token.
async fn prepare(url: &str, size: usize) -> (AppState, String) {
    let db = Db::connect(url).await.expect("the database");
    db.migrate().await.expect("migrated");
    seed_demo(&db, today()).await.expect("seeded");
    let history = accounts::account(0, size);
    for c in 0..CONNECTIONS {
        let (mut account, _) = demo_account(today());
        account.id = format!("bench{c:02}");
        account.name = format!("Bench {c:02}");
        account.catalog = accounts::catalog();
        account.opening_catalog = accounts::catalog();
        db.create_account(&account, &history.events)
            .await
            .expect("the account and its history");
    }
    let state = AppState::new(db, Clock::Fixed(today()));
    let token = service::commands::integrations::create_token(&state, None, "bench", "Bench", None)
        .await
        .expect("a token")
        .secret;
    (state, token)
}

/// Serves `router` on a free port of this process's runtime; its base URL.
fn serve(rt: &tokio::runtime::Runtime, router: axum::Router) -> String {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("a port");
    let addr = listener.local_addr().expect("an address");
    rt.spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .expect("served");
    });
    format!("http://{addr}")
}

/// The floor: a handler that parses the JSON and inserts it, nothing else.
fn bare_router(pool: AnyPool) -> axum::Router {
    async fn insert(
        State(pool): State<AnyPool>,
        Path(account): Path<String>,
        body: String,
    ) -> (StatusCode, String) {
        let work: Value = serde_json::from_str(&body).expect("JSON");
        sqlx::query("INSERT INTO bare_work (account_id, body) VALUES ($1, $2)")
            .bind(account)
            .bind(work.to_string())
            .execute(&pool)
            .await
            .expect("inserted");
        (StatusCode::CREATED, work.to_string())
    }
    axum::Router::new()
        .route("/bare/{account}", post(insert))
        .with_state(pool)
}

/// A pool on the same database, configured as the product's (WAL and a busy timeout on SQLite).
async fn bare_pool(url: &str, postgres: bool) -> AnyPool {
    use sqlx::Executor;
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(if postgres { 16 } else { 8 })
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if !postgres {
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 30000;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .expect("the floor's pool");
    pool.execute(
        "CREATE TABLE IF NOT EXISTS bare_work (account_id TEXT NOT NULL, body TEXT NOT NULL)",
    )
    .await
    .expect("the floor's table");
    pool
}

struct Figures {
    rate: f64,
    p50: Duration,
    p99: Duration,
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:.0}/s, {:.1} ms, {:.1} ms",
            self.rate,
            self.p50.as_secs_f64() * 1e3,
            self.p99.as_secs_f64() * 1e3
        )
    }
}

/// `CONNECTIONS` clients, each posting `POSTS` requests one after the other; every answer must
/// be 201.
fn load(request: impl Fn(usize, usize) -> (String, Value) + Sync, token: Option<&str>) -> Figures {
    let started = Instant::now();
    let mut times: Vec<Duration> = std::thread::scope(|s| {
        let clients: Vec<_> = (0..CONNECTIONS)
            .map(|c| {
                let request = &request;
                s.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .timeout_global(Some(Duration::from_secs(120)))
                        .build()
                        .into();
                    (0..POSTS)
                        .map(|i| {
                            let (url, body) = request(c, i);
                            let mut req =
                                agent.post(&url).header("Content-Type", "application/json");
                            if let Some(token) = token {
                                req = req.header("Authorization", format!("Bearer {token}"));
                            }
                            let t = Instant::now();
                            let mut res = req.send(body.to_string()).expect("an answer");
                            let took = t.elapsed();
                            let text = res.body_mut().read_to_string().expect("a body");
                            assert_eq!(res.status(), 201, "{url}: {text}");
                            took
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        clients
            .into_iter()
            .flat_map(|c| c.join().expect("a client"))
            .collect()
    });
    let elapsed = started.elapsed();
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    Figures {
        rate: times.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.5),
        p99: at(0.99),
    }
}
