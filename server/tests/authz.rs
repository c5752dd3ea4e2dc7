//! Sign-in, roles and tenant isolation, over HTTP.
//!
//! The authorization matrix takes the list of server functions from the framework's own
//! registry (`server_fn_paths()`), so a new server function without a row here fails the test.
//! Every function × every role (and no session) × own account / another account: allowed, or
//! refused with 401/403/404 — and a refused call stores nothing.

use std::collections::BTreeMap;

use app::state::{AppState, Clock};
use app::storage::{DEMO_ACCOUNT_ID, Db, seed_demo};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::NaiveDate;
use leptos::prelude::provide_context;
use tower::ServiceExt;

const TODAY: &str = "2026-03-18";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

async fn fresh() -> (tempfile::TempDir, AppState, Router) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&format!("sqlite://{}/authz.db", dir.path().display()))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    seed_demo(&db, today()).await.unwrap();
    let state = AppState {
        db,
        clock: Clock::Fixed(today()),
        technician: String::new(),
    };
    let s = state.clone();
    let router = Router::new()
        .route(
            "/api/{*fn_name}",
            axum::routing::post(move |req: Request<Body>| {
                let s = s.clone();
                async move {
                    leptos_axum::handle_server_fns_with_context(
                        move || provide_context(s.clone()),
                        req,
                    )
                    .await
                }
            }),
        )
        .layer(axum::middleware::from_fn(
            app::errors::status_from_app_error,
        ))
        .layer(axum::middleware::from_fn(app::auth::ssr::same_origin_only));
    (dir, state, router)
}

struct Reply {
    status: StatusCode,
    body: String,
    set_cookie: Option<String>,
}

async fn call(
    router: &Router,
    path: &str,
    args: &[(&str, &str)],
    cookie: Option<&str>,
    extra: &[(&str, &str)],
) -> Reply {
    let body = serde_urlencoded_like(args);
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let set_cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    Reply {
        status,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        set_cookie,
    }
}

fn serde_urlencoded_like(args: &[(&str, &str)]) -> String {
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

async fn sign_in(router: &Router, email: &str, password: &str) -> String {
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

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Nobody,
    Admin,
    Technician,
    Client,
}

/// One row of the matrix: the arguments for the caller's own account (Acme) and for another
/// (Globex; None for functions without an account), and who may call it.
type Args = Vec<(&'static str, String)>;

struct Row {
    own: Args,
    other: Option<Args>,
    allowed: &'static [Who],
}

fn rows(acme_invoice: &str, globex_invoice: &str) -> BTreeMap<&'static str, Row> {
    use Who::*;
    let acct = |a: &str, rest: &[(&'static str, &str)]| {
        let mut v = vec![("account_id", a.to_string())];
        v.extend(rest.iter().map(|(k, x)| (*k, x.to_string())));
        v
    };
    let both =
        |rest: &[(&'static str, &str)]| (acct(DEMO_ACCOUNT_ID, rest), Some(acct("globex", rest)));
    let mut m = BTreeMap::new();
    let mut row =
        |path: &'static str, (own, other): (Args, Option<Args>), allowed: &'static [Who]| {
            m.insert(
                path,
                Row {
                    own,
                    other,
                    allowed,
                },
            );
        };
    let all: &'static [Who] = &[Admin, Technician, Client];
    let staff: &'static [Who] = &[Admin, Technician];
    let admin: &'static [Who] = &[Admin];
    let entry = [
        ("date", "2026-03-17"),
        ("minutes", "30"),
        ("kind", "support"),
        ("title", "Matrix"),
        ("url", ""),
        ("note", ""),
    ];
    row("/api/accounts", (vec![], None), all);
    row("/api/account_overview", (vec![], None), all);
    // (A client cannot be assigned: the allowed call is refused by its rules, changing nothing
    // that later rows depend on.)
    row(
        "/api/assign_technician",
        both(&[("user_id", "acme-client")]),
        admin,
    );
    row("/api/catalog", both(&[]), all);
    row("/api/work_log", both(&[]), all);
    row("/api/list_documents", both(&[]), all);
    row(
        "/api/get_document",
        (
            vec![("number", acme_invoice.to_string())],
            Some(vec![("number", globex_invoice.to_string())]),
        ),
        all,
    );
    row("/api/log_entry", both(&entry), staff);
    row(
        "/api/redeem_quote",
        both(&[
            ("developer", ""),
            ("quote", "q9"),
            ("date", "2026-03-17"),
            ("minutes", "30"),
            ("title", "Matrix"),
            ("url", ""),
            ("note", ""),
        ]),
        staff,
    );
    row(
        "/api/correct_entry",
        both(&[
            ("entry", "e2"),
            ("minutes", "35"),
            ("title", ""),
            ("url", ""),
            ("note", ""),
        ]),
        staff,
    );
    row(
        "/api/remark_entry",
        both(&[("entry", "e2"), ("kind", "support")]),
        staff,
    );
    row(
        "/api/offer_quote",
        both(&[
            ("developer", ""),
            ("project", "P"),
            ("title", "Quote"),
            ("estimate_minutes", "60"),
            ("rate", "70"),
        ]),
        staff,
    );
    row(
        "/api/decide_quote",
        both(&[("quote", "q9"), ("decision", "approve")]),
        &[Admin, Client],
    );
    row(
        "/api/payouts",
        (vec![("developer", "Dana Weber".to_string())], None),
        staff,
    );
    row(
        "/api/order_pack",
        both(&[("tier", "nope"), ("hours", ""), ("seller", "")]),
        &[Admin, Client],
    );
    row(
        "/api/record_payment",
        both(&[("order", "o999"), ("reference", "PAY-1")]),
        admin,
    );
    row("/api/refund_pack", both(&[("order", "o999")]), admin);
    row(
        "/api/reinvoice_cost",
        both(&[
            ("date", "2026-03-10"),
            ("vendor", "Host"),
            ("description", "VM"),
            ("amount", "10.00"),
            ("currency", "EUR"),
            ("conversion_rate", ""),
            ("markup", ""),
        ]),
        admin,
    );
    row(
        "/api/set_plan",
        both(&[("action", "change"), ("plan", "M"), ("date", "")]),
        admin,
    );
    row("/api/close_month", both(&[("month", "2026-02")]), admin);
    row(
        "/api/close_all",
        (vec![("month", "2026-02".to_string())], None),
        admin,
    );
    row(
        "/api/create_account",
        (
            vec![
                ("account[id]", "hooli".into()),
                ("account[name]", "Hooli".into()),
                ("account[legal_name]", "Hooli XYZ".into()),
                ("account[address]", "Austin".into()),
                ("account[country]", "US".into()),
                ("account[vat_id]", "".into()),
                ("account[electronic_address]", "".into()),
                ("account[locale]", "en-US".into()),
                ("account[timezone]", "America/Chicago".into()),
                ("account[currency]", "EUR".into()),
                ("account[reverse_charge]", "false".into()),
                ("account[catalog]", "".into()),
            ],
            None,
        ),
        admin,
    );
    m
}

/// Functions anyone may call: signing in and out, and asking who is signed in.
const PUBLIC: &[&str] = &["/api/sign_in", "/api/sign_out", "/api/whoami"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_covers_every_server_function() {
    let (_dir, state, router) = fresh().await;
    let docs = state.db.documents(None).await.unwrap();
    let number = |a: &str| {
        docs.iter()
            .find(|d| d.account_id == a)
            .unwrap()
            .number
            .clone()
    };
    let matrix = rows(&number(DEMO_ACCOUNT_ID), &number("globex"));

    // The framework's registry of server functions: every one has a row (or is public).
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_string())
        .collect();
    assert!(registered.len() >= 20, "registry: {registered:?}");
    let missing: Vec<&String> = registered
        .iter()
        .filter(|p| !matrix.contains_key(p.as_str()) && !PUBLIC.contains(&p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "server functions without an authorization matrix row: {missing:?}"
    );

    let cookies = [
        (Who::Nobody, None),
        (
            Who::Admin,
            Some(sign_in(&router, "admin@agency.example", "demo-admin-2026").await),
        ),
        (
            Who::Technician,
            Some(sign_in(&router, "dana@agency.example", "demo-tech-2026").await),
        ),
        (
            Who::Client,
            Some(sign_in(&router, "client@acme.example", "demo-client-2026").await),
        ),
    ];
    let mut checked = 0;
    for (path, row) in &matrix {
        for (who, cookie) in &cookies {
            for (scope, args) in [("own", Some(&row.own)), ("other", row.other.as_ref())] {
                let Some(args) = args else { continue };
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let before = state.db.table_counts().await.unwrap();
                let r = call(&router, path, &args, cookie.as_deref(), &[]).await;
                let role_ok = row.allowed.contains(who);
                // Admins see every account; others only their own (Acme).
                let tenant_ok = scope == "own" || *who == Who::Admin;
                let what = format!("{path} as {who:?} on {scope}: {} {}", r.status, r.body);
                if *who == Who::Nobody {
                    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{what}");
                } else if !role_ok {
                    assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}");
                } else if !tenant_ok {
                    // Another tenant's account or document answers like one that does not
                    // exist (the work log page: no data at all).
                    if *path == "/api/work_log" {
                        assert_eq!(
                            (r.status, r.body.as_str()),
                            (StatusCode::OK, "null"),
                            "{what}"
                        );
                    } else {
                        assert_eq!(r.status, StatusCode::NOT_FOUND, "{what}");
                    }
                } else {
                    assert!(
                        !([StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&r.status)
                            || (r.status == StatusCode::NOT_FOUND && r.body.contains("account"))),
                        "allowed, but refused: {what}"
                    );
                }
                if !(role_ok && tenant_ok && *who != Who::Nobody) {
                    assert_eq!(
                        state.db.table_counts().await.unwrap(),
                        before,
                        "refused, yet stored: {what}"
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked} cells checked");
}

#[tokio::test]
async fn a_client_sees_only_its_own_account() {
    let (_dir, _state, router) = fresh().await;
    let cookie = sign_in(&router, "client@acme.example", "demo-client-2026").await;
    let r = call(&router, "/api/accounts", &[], Some(&cookie), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("\"acme\"") && !r.body.contains("globex"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn sign_in_refuses_wrong_passwords_and_unknown_users_alike_then_rate_limits() {
    let (_dir, state, router) = fresh().await;
    let wrong = call(
        &router,
        "/api/sign_in",
        &[("email", "dana@agency.example"), ("password", "guess")],
        None,
        &[],
    )
    .await;
    let unknown = call(
        &router,
        "/api/sign_in",
        &[("email", "nobody@agency.example"), ("password", "guess")],
        None,
        &[],
    )
    .await;
    assert_eq!(
        (wrong.status, unknown.status),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(
        wrong.body, unknown.body,
        "the same answer: who exists is not told"
    );
    assert!(wrong.set_cookie.is_none());
    // Five failures per account in 15 minutes; the sixth try is refused even with the right password.
    for _ in 0..4 {
        call(
            &router,
            "/api/sign_in",
            &[("email", "dana@agency.example"), ("password", "guess")],
            None,
            &[],
        )
        .await;
    }
    let limited = call(
        &router,
        "/api/sign_in",
        &[
            ("email", "dana@agency.example"),
            ("password", "demo-tech-2026"),
        ],
        None,
        &[],
    )
    .await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    assert!(limited.body.contains("too many"), "{}", limited.body);
    // The limit lives in the database (it holds across servers), and other accounts still sign in.
    assert!(
        state
            .db
            .sign_in_failures_since("email:dana@agency.example", "2000-01-01")
            .await
            .unwrap()
            >= 5
    );
    sign_in(&router, "admin@agency.example", "demo-admin-2026").await;
}

#[tokio::test]
async fn sessions_use_safe_cookies_expire_and_end_at_sign_out() {
    let (_dir, state, router) = fresh().await;
    let r = call(
        &router,
        "/api/sign_in",
        &[
            ("email", "admin@agency.example"),
            ("password", "demo-admin-2026"),
        ],
        None,
        &[],
    )
    .await;
    let set = r.set_cookie.unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && !set.contains("Secure"),
        "{set}"
    );
    let https = call(
        &router,
        "/api/sign_in",
        &[
            ("email", "admin@agency.example"),
            ("password", "demo-admin-2026"),
        ],
        None,
        &[("x-forwarded-proto", "https")],
    )
    .await;
    assert!(https.set_cookie.unwrap().contains("; Secure"));
    let cookie = set.split(';').next().unwrap().to_string();
    // The token is stored only as its hash.
    let token = cookie.split_once('=').unwrap().1;
    assert!(
        state
            .db
            .session_user(token, "2000-01-01")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        state
            .db
            .session_user(&app::auth::ssr::token_hash(token), "2000-01-01")
            .await
            .unwrap()
            .is_some()
    );
    let me = call(&router, "/api/whoami", &[], Some(&cookie), &[]).await;
    assert!(me.body.contains("\"admin\""), "{}", me.body);
    // An expired session is no session.
    state
        .db
        .create_session(
            &app::auth::ssr::token_hash("old"),
            "alex",
            "2026-01-01T00:00:00Z",
            "2026-01-01T12:00:00Z",
        )
        .await
        .unwrap();
    let old = call(
        &router,
        "/api/close_all",
        &[("month", "2026-02")],
        Some("hb_session=old"),
        &[],
    )
    .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    // Signing out ends the session.
    call(&router, "/api/sign_out", &[], Some(&cookie), &[]).await;
    let after = call(&router, "/api/accounts", &[], Some(&cookie), &[]).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_store_nothing() {
    let (_dir, state, router) = fresh().await;
    let cookie = sign_in(&router, "admin@agency.example", "demo-admin-2026").await;
    let before = state.db.table_counts().await.unwrap();
    let r = call(
        &router,
        "/api/close_all",
        &[("month", "2026-02")],
        Some(&cookie),
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(state.db.table_counts().await.unwrap(), before);
    let same = call(
        &router,
        "/api/accounts",
        &[],
        Some(&cookie),
        &[("origin", "http://127.0.0.1:3000")],
    )
    .await;
    assert_eq!(same.status, StatusCode::OK);
}

#[tokio::test]
async fn an_admin_assigns_a_technician_who_then_sees_the_account() {
    let (_dir, _state, router) = fresh().await;
    let admin = sign_in(&router, "admin@agency.example", "demo-admin-2026").await;
    let dana = sign_in(&router, "dana@agency.example", "demo-tech-2026").await;
    let before = call(&router, "/api/accounts", &[], Some(&dana), &[]).await;
    assert!(!before.body.contains("globex"), "{}", before.body);
    let r = call(
        &router,
        "/api/assign_technician",
        &[("account_id", "globex"), ("user_id", "dana")],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = call(&router, "/api/accounts", &[], Some(&dana), &[]).await;
    assert!(after.body.contains("globex"), "{}", after.body);
}
