//! What every integration test shares: the application built as production builds it, and
//! helpers to call it the way a browser does.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use service::state::{AppState, Clock};
use service::storage::{Db, seed_demo};
use tower::ServiceExt;

pub const TODAY: &str = "2026-03-18";

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// The application as `hourbank serve` builds it (the same `app::http::router`), over a fresh
/// SQLite database seeded with the demo data, on a fixed day.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::connect(&format!("sqlite://{}/it.db", dir.path().display()))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        seed_demo(&db, today()).await.unwrap();
        let state = AppState::new(db, Clock::Fixed(today()));
        let options = leptos::config::LeptosOptions::builder()
            .output_name("hourbank")
            .build();
        let router = app::http::router(state.clone(), options);
        TestApp {
            state,
            router,
            _dir: dir,
        }
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub body: String,
    pub set_cookie: Option<String>,
    pub headers: axum::http::HeaderMap,
}

/// POST `args` as a form to `path`, as the page's form does: with a fresh `submission` key
/// unless `args` gives one (functions that change nothing ignore it). `send` sends exactly
/// what it is given.
pub async fn call(
    router: &Router,
    path: &str,
    args: &[(&str, &str)],
    cookie: Option<&str>,
    extra: &[(&str, &str)],
) -> Reply {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let key = format!("test-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let mut args = args.to_vec();
    if !args.iter().any(|(k, _)| *k == "submission") {
        args.push(("submission", &key));
    }
    send(router, path, serde_urlencoded_like(&args), cookie, extra).await
}

/// POST `body` as a form to `path`; `extra` headers replace the defaults of the same name.
pub async fn send(
    router: &Router,
    path: &str,
    body: String,
    cookie: Option<&str>,
    extra: &[(&str, &str)],
) -> Reply {
    let mut req = Request::post(path);
    for (k, v) in [
        ("content-type", "application/x-www-form-urlencoded"),
        ("host", "127.0.0.1:3000"),
        ("accept", "application/json"),
    ] {
        if !extra.iter().any(|(e, _)| e.eq_ignore_ascii_case(k)) {
            req = req.header(k, v);
        }
    }
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    answer(router, req.body(Body::from(body)).unwrap()).await
}

/// Send one request through the application and read its whole answer.
pub async fn answer(router: &Router, req: Request<Body>) -> Reply {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let set_cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(res.into_body(), 8 << 20)
        .await
        .unwrap();
    Reply {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        set_cookie,
        headers,
    }
}

pub fn serde_urlencoded_like(args: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    args.iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub async fn sign_in(router: &Router, email: &str, password: &str) -> String {
    let r = call(
        router,
        "/api/sign_in",
        &[("email", email), ("password", password)],
        None,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{email}: {}", r.body);
    let cookie = r.set_cookie.expect("a session cookie");
    cookie.split(';').next().unwrap().to_string()
}

/// GET a page with a session; the reply's body is its HTML.
pub async fn page(router: &Router, path: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::get(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "text/html");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    answer(router, req.body(Body::empty()).unwrap()).await
}

/// GET `path` with `headers` (none by default but the host); the status, the headers and the
/// body's raw bytes (compressed answers stay compressed).
pub async fn raw_get(
    router: &Router,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::get(path).header(header::HOST, "127.0.0.1:3000");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 << 20).await.unwrap();
    (parts.status, parts.headers, bytes.to_vec())
}

/// An instant written as RFC 3339.
pub fn ts(raw: &str) -> service::storage::Timestamp {
    chrono::DateTime::parse_from_rfc3339(raw)
        .unwrap()
        .with_timezone(&chrono::Utc)
}
