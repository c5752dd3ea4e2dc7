//! 10 000 pieces of work posted through the helpdesk API to two `hourbank` server processes on
//! one database, a fifth of them retried — half of those by the same Idempotency-Key sent to
//! both servers at the same moment, half sent again without a key (the external id is the key).
//! Exactly the distinct work is stored, each piece once, and every account's balance as a server
//! answers it equals a replay of the stored history by this process. On SQLite and PostgreSQL.
//! (Issue #15; `HOURBANK_LOAD_POSTS` sets another number of posts for a quick local run.)

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

use billing::EventKind;
use serde_json::{Value, json};
use service::state::{AppState, Clock};
use service::storage::{Db, demo_account, seed_demo};

use crate::support::{TODAY, today};

/// Accounts the work is spread over (a helpdesk serves many clients).
const ACCOUNTS: usize = 40;

fn posts() -> usize {
    std::env::var("HOURBANK_LOAD_POSTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000)
}

/// A server process, stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

fn start(url: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_hourbank"))
        .arg("serve")
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env("HOURBANK_DB", url)
        .env("HOURBANK_TODAY", TODAY)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_OUTPUT_NAME", "hourbank")
        .env("LEPTOS_SITE_ROOT", "target/site")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}/api/v1"),
    };
    let agent = agent();
    for _ in 0..300 {
        if agent
            .get(format!("{}/openapi.json", server.base))
            .call()
            .is_ok_and(|r| r.status() == 200)
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server on port {port} did not answer");
}

/// The `i`-th piece of work: its account and body.
fn work(i: usize) -> (String, Value) {
    let account = format!("load{:02}", i % ACCOUNTS);
    let body = json!({
        "external_id": format!("w-{i}"),
        "ticket_id": format!("t-{}", i / 3),
        "ticket_url": format!("https://help.example.com/tickets/{}", i / 3),
        "title": format!("Ticket {} – part {}", i / 3, i % 3),
        "technician_email": "admin@agency.example",
        "minutes": 5 + (i % 12) * 5,
        "date": format!("2026-03-{:02}", 1 + i % 17),
    });
    (account, body)
}

/// Post work `i` to `base`, with `key` as its Idempotency-Key; the entry id it was logged as.
fn post(agent: &ureq::Agent, base: &str, token: &str, i: usize, key: bool) -> String {
    let (account, body) = work(i);
    let mut req = agent
        .post(format!("{base}/accounts/{account}/entries"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "application/json");
    if key {
        req = req.header("Idempotency-Key", format!("k-{i}"));
    }
    let mut res = req.send(body.to_string()).unwrap();
    let status = res.status();
    let text = res.body_mut().read_to_string().unwrap();
    assert_eq!(status, 201, "work {i}: {text}");
    let entry: Value = serde_json::from_str(&text).unwrap();
    entry["id"].as_str().unwrap().to_string()
}

async fn database(postgres: bool) -> Option<(String, Option<tempfile::TempDir>)> {
    if postgres {
        let prefix = format!("hb_test_load_{}", std::process::id());
        return Some((
            service::storage::fresh_postgres_database(&prefix).await?,
            None,
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    Some((
        format!("sqlite://{}/load.db", dir.path().display()),
        Some(dir),
    ))
}

async fn run(postgres: bool) {
    let Some((url, _dir)) = database(postgres).await else {
        return;
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    seed_demo(&db, today()).await.unwrap();
    for k in 0..ACCOUNTS {
        let (mut account, events) = demo_account(today());
        account.id = format!("load{k:02}");
        account.name = format!("Load {k:02}");
        db.create_account(&account, &events).await.unwrap();
    }
    let state = AppState::new(db, Clock::Fixed(today()));
    let token = service::commands::integrations::create_token(&state, None, "test", "Load", None)
        .await
        .unwrap()
        .secret;
    let before: BTreeMap<String, usize> = {
        let mut m = BTreeMap::new();
        for k in 0..ACCOUNTS {
            let id = format!("load{k:02}");
            m.insert(id.clone(), state.db.events(&id).await.unwrap().len());
        }
        m
    };

    let (a, b) = (start(&url), start(&url));
    let n = posts();
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let logged: Mutex<BTreeMap<usize, BTreeSet<String>>> = Mutex::new(BTreeMap::new());
    let requests = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                let client = agent();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let ids: Vec<String> = match i % 10 {
                        // The same key to both servers at the same moment.
                        0 => {
                            let barrier = Barrier::new(2);
                            std::thread::scope(|pair| {
                                let sent = [&a, &b].map(|server| {
                                    let barrier = &barrier;
                                    let token = &token;
                                    pair.spawn(move || {
                                        let own = agent();
                                        barrier.wait();
                                        post(&own, &server.base, token, i, true)
                                    })
                                });
                                sent.into_iter().map(|h| h.join().unwrap()).collect()
                            })
                        }
                        // Sent again, to the other server, without a key.
                        5 => vec![
                            post(&client, &a.base, &token, i, false),
                            post(&client, &b.base, &token, i, false),
                        ],
                        _ => {
                            let server = if i.is_multiple_of(2) { &a } else { &b };
                            vec![post(&client, &server.base, &token, i, true)]
                        }
                    };
                    requests.fetch_add(ids.len(), Ordering::Relaxed);
                    logged.lock().unwrap().insert(i, ids.into_iter().collect());
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let requests = requests.into_inner();
    eprintln!(
        "helpdesk load on {}: {requests} posts ({n} pieces of work) to two servers in {:.1} s, {:.0} posts/s",
        if postgres { "PostgreSQL" } else { "SQLite" },
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64()
    );
    assert_eq!(
        requests,
        n + n.div_ceil(10) + (n + 4) / 10,
        "a fifth retried"
    );

    // Every piece of work was answered with one entry, however often it was sent.
    let logged = logged.into_inner().unwrap();
    assert_eq!(logged.len(), n);
    for (i, ids) in &logged {
        assert_eq!(ids.len(), 1, "work {i} was answered with {ids:?}");
    }
    // Stored: exactly the distinct work, each piece once, in its account.
    let agent = agent();
    for k in 0..ACCOUNTS {
        let id = format!("load{k:02}");
        let events = state.db.events(&id).await.unwrap();
        let sent: BTreeSet<String> = (0..n)
            .filter(|i| i % ACCOUNTS == k)
            .map(|i| format!("w-{i}"))
            .collect();
        let stored: Vec<String> = events
            .iter()
            .filter_map(|e| match &e.what {
                EventKind::EntryLogged(w) => w.external.as_ref().map(|x| x.id.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(
            events.len(),
            before[&id] + sent.len(),
            "{id}: one event per piece of work"
        );
        assert_eq!(stored.len(), sent.len(), "{id}: no piece of work twice");
        assert_eq!(stored.into_iter().collect::<BTreeSet<_>>(), sent, "{id}");

        // The balance a server answers equals this process's replay of the stored history.
        let now = service::read::account_now(&state, &id).await.unwrap();
        let mut res = agent
            .get(format!("{}/accounts/{id}/balance", b.base))
            .header("Authorization", format!("Bearer {token}"))
            .call()
            .unwrap();
        let balance: Value =
            serde_json::from_str(&res.body_mut().read_to_string().unwrap()).unwrap();
        let available: u32 = now.ledger.lots.iter().map(|l| l.available.get()).sum();
        assert_eq!(balance["available_minutes"], json!(available), "{id}");
        let month = billing::Month::of(today());
        let draft = now
            .ledger
            .invoices
            .iter()
            .find(|i| i.kind == billing::InvoiceKind::Period && i.month == Some(month))
            .map(|i| i.total.decimal().to_string());
        assert_eq!(balance["this_month"]["draft_total"], json!(draft), "{id}");
        // And the work it counts is the work sent: minutes as posted.
        let posted: usize = (0..n)
            .filter(|i| i % ACCOUNTS == k)
            .map(|i| work(i).1["minutes"].as_u64().unwrap() as usize)
            .sum();
        let counted: usize = now
            .ledger
            .entries
            .iter()
            .filter(|e| e.id.starts_with('e') && e.title.starts_with("Ticket "))
            .map(|e| e.minutes.get() as usize)
            .sum();
        assert_eq!(counted, posted, "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_posts_with_retries_store_each_piece_of_work_once_on_sqlite() {
    run(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_posts_with_retries_store_each_piece_of_work_once_on_postgres() {
    run(true).await;
}
