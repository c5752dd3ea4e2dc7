//! Sign-in, roles and tenant isolation, over HTTP.
//!
//! The authorization matrix takes the list of server functions from the framework's own
//! registry (`server_fn_paths()`), so a new server function without a row here fails the test.
//! Every function × every role (and no session) × own account / another account: allowed, or
//! refused with 401/403/404 — and a refused call stores nothing.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{Reply, TestApp, call, page, raw_get, send, sign_in, ts};

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
        ("entry[date]", "2026-03-17"),
        ("entry[minutes]", "30"),
        ("entry[kind]", "support"),
        ("entry[title]", "Matrix"),
        ("entry[url]", ""),
        ("entry[note]", ""),
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
    row("/api/document_rows", both(&[]), all);
    row(
        "/api/get_document",
        (
            vec![("number", acme_invoice.to_string())],
            Some(vec![("number", globex_invoice.to_string())]),
        ),
        all,
    );
    row(
        "/api/invoice_sla",
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
            ("entry[quote]", "q9"),
            ("entry[date]", "2026-03-17"),
            ("entry[minutes]", "30"),
            ("entry[kind]", "project"),
            ("entry[title]", "Matrix"),
            ("entry[url]", ""),
            ("entry[note]", ""),
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
    row("/api/cancel_pack", both(&[("order", "o999")]), admin);
    row(
        "/api/reinvoice_cost",
        both(&[
            ("cost[date]", "2026-03-10"),
            ("cost[vendor]", "Host"),
            ("cost[description]", "VM"),
            ("cost[amount]", "10.00"),
            ("cost[currency]", "EUR"),
            ("cost[conversion_rate]", ""),
            ("cost[markup]", ""),
        ]),
        admin,
    );
    row(
        "/api/set_plan",
        both(&[("action", "change"), ("plan", "M"), ("date", "")]),
        admin,
    );
    row(
        "/api/change_terms",
        both(&[
            ("terms[from]", "2026-05"),
            ("terms[vat_rate]", "9.5"),
            ("terms[standard_rate]", ""),
            ("terms[reverse_charge]", ""),
        ]),
        admin,
    );
    row("/api/close_month", both(&[("month", "2026-02")]), admin);
    row(
        "/api/record_invoice_payment",
        (
            vec![
                ("number", acme_invoice.to_string()),
                ("paid_on", "2026-03-10".to_string()),
                ("reference", "MATRIX".to_string()),
            ],
            Some(vec![
                ("number", globex_invoice.to_string()),
                ("paid_on", "2026-03-10".to_string()),
                ("reference", "MATRIX".to_string()),
            ]),
        ),
        admin,
    );
    row("/api/seller_settings", (vec![], None), admin);
    row(
        "/api/save_seller",
        (
            [
                ("seller[legal_name]", "Hourbank Demo Agency GmbH"),
                ("seller[address]", "Torstraße 1, 10119 Berlin, Germany"),
                ("seller[country]", "DE"),
                ("seller[vat_id]", "DE987654321"),
                ("seller[electronic_address]", "0204:991-12345-67"),
                ("seller[email]", "billing@agency.example"),
                ("seller[iban]", "DE89 3704 0044 0532 0130 00"),
                ("seller[bic]", "COBADEFFXXX"),
                ("seller[account_holder]", ""),
                ("seller[payment_terms_days]", "21"),
            ]
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect(),
            None,
        ),
        admin,
    );
    row("/api/account_details", both(&[]), admin);
    row(
        "/api/save_account_details",
        both(&[
            ("details[name]", "Matrix"),
            ("details[legal_name]", "Matrix GmbH"),
            ("details[address]", "Matrix Road 1"),
            ("details[country]", "DE"),
            ("details[vat_id]", "DE123456789"),
            ("details[electronic_address]", ""),
            ("details[payment_terms_days]", ""),
        ]),
        admin,
    );
    row(
        "/api/close_all",
        (vec![("month", "2026-02".to_string())], None),
        admin,
    );
    row(
        "/api/close_preview",
        (vec![("month", "2026-02".to_string())], None),
        admin,
    );
    row("/api/payout_developers", (vec![], None), admin);
    row(
        "/api/list_people",
        (vec![("user", "dana".to_string())], None),
        admin,
    );
    row("/api/account_audit", both(&[]), admin);
    // (A user that does not exist: taking a real technician off would change later rows.)
    row(
        "/api/unassign_technician",
        both(&[("user_id", "nobody-here")]),
        admin,
    );
    // (The caller's own name, unchanged: nothing to store.)
    row(
        "/api/change_name",
        (vec![("name", "Matrix Name Unused".to_string())], None),
        &[Admin, Client],
    );
    row(
        "/api/register_licence",
        both(&[
            ("licence[product]", "Matrix"),
            ("licence[vendor]", "Vendor"),
            ("licence[kind]", ""),
            ("licence[seats]", ""),
            ("licence[key]", "MATRIX-KEY-0001"),
            ("licence[purchased_on]", "2026-01-01"),
            ("licence[last_valid_day]", "2026-12-31"),
            ("licence[renewal_price]", "10"),
            ("licence[renewal_currency]", "EUR"),
            ("licence[paid_by]", "client"),
            ("licence[notes]", ""),
        ]),
        admin,
    );
    row(
        "/api/renew_licence",
        both(&[
            ("licence_id", "lic-none"),
            ("renewal[vendor_invoice]", "I-1"),
            ("renewal[invoice_date]", "2026-03-10"),
            ("renewal[amount]", "10"),
            ("renewal[currency]", "EUR"),
            ("renewal[conversion_rate]", ""),
            ("renewal[markup]", ""),
            ("renewal[last_valid_day]", "2027-12-31"),
        ]),
        admin,
    );
    row(
        "/api/licence_overview",
        (vec![("within", "30".to_string())], None),
        admin,
    );
    // Catalog edits name a version that does not exist: refused (409), nothing saved.
    let catalog = |rest: &[(&'static str, &str)]| {
        let mut v = vec![
            ("currency", "EUR".to_string()),
            ("version", "999".to_string()),
        ];
        v.extend(rest.iter().map(|(k, x)| (*k, x.to_string())));
        (v, None)
    };
    row("/api/show_catalog", (vec![], None), admin);
    row(
        "/api/save_tier",
        catalog(&[
            ("tier[id]", "t9"),
            ("tier[name]", "Matrix"),
            ("tier[hours]", "5"),
            ("tier[rate]", "10"),
            ("tier[validity_months]", ""),
            ("tier[seller]", "agency"),
        ]),
        admin,
    );
    row("/api/remove_tier", catalog(&[("id", "t9")]), admin);
    row(
        "/api/save_plan",
        catalog(&[
            ("plan[id]", "P9"),
            ("plan[name]", "Matrix"),
            ("plan[kind]", "maintenance"),
            ("plan[fee]", "1"),
            ("plan[fee_period]", "monthly"),
            ("plan[included]", "60"),
            ("plan[plan_rate]", ""),
            ("plan[overage_rate]", "1"),
            ("plan[rounding]", ""),
            ("plan[minimum]", ""),
            ("plan[carryover_cap]", ""),
            ("plan[carryover_months]", ""),
        ]),
        admin,
    );
    row("/api/remove_plan", catalog(&[("id", "P9")]), admin);
    row(
        "/api/save_pack_terms",
        catalog(&[
            ("terms[bulk_hours]", ""),
            ("terms[bulk_percent]", ""),
            ("terms[renewal_window_days]", "14"),
            ("terms[grace_days]", "3"),
            ("terms[commission]", "0"),
        ]),
        admin,
    );
    row(
        "/api/save_rates",
        catalog(&[
            ("rates[from]", "2030-01"),
            ("rates[vat_rate]", "22"),
            ("rates[standard_rate]", ""),
        ]),
        admin,
    );
    row(
        "/api/invite_user",
        (
            vec![
                ("email", "matrix@agency.example".into()),
                ("name", "Matrix Person".into()),
                ("role", "technician".into()),
                ("account_id", DEMO_ACCOUNT_ID.into()),
            ],
            None,
        ),
        admin,
    );
    row("/api/service_levels", (vec![], None), admin);
    row(
        "/api/save_service_levels",
        (
            [
                ("sla[mon]", "on"),
                ("sla[opens]", "09:00"),
                ("sla[closes]", "17:00"),
                ("sla[zone]", "Europe/Berlin"),
                ("sla[plans][0][key]", "m"),
                ("sla[plans][0][response]", "16"),
            ]
            .iter()
            .map(|(k, v)| (*k, v.to_string()))
            .collect(),
            None,
        ),
        admin,
    );
    // (Every reader of an account sees its figures: they are the client's own service.)
    row("/api/account_sla", both(&[]), all);
    row("/api/integrations", (vec![], None), admin);
    // (A user that does not exist: the admin's answer is 404, everyone else's 401/403.)
    row(
        "/api/set_helpdesk_id",
        (
            vec![
                ("user_id", "nobody-here".to_string()),
                ("helpdesk_id", "agent-1".to_string()),
            ],
            None,
        ),
        admin,
    );
    row(
        "/api/create_api_token",
        (
            vec![
                ("name", "Matrix".to_string()),
                ("account_id", DEMO_ACCOUNT_ID.to_string()),
            ],
            None,
        ),
        admin,
    );
    // (A token that does not exist: the admin's answer is 404, everyone else's 401/403.)
    row(
        "/api/revoke_api_token",
        (vec![("token_id", "tok-none".to_string())], None),
        admin,
    );
    row(
        "/api/revoke_invitation",
        (vec![("id", "inv-none".to_string())], None),
        admin,
    );
    // (A user that does not exist: deactivating a real one would end a session later rows use.)
    row(
        "/api/deactivate_user",
        (vec![("user_id", "nobody-here".to_string())], None),
        admin,
    );
    row(
        "/api/change_password",
        (
            vec![
                ("current", "not the password".to_string()),
                ("new", "a long enough new passphrase".to_string()),
            ],
            None,
        ),
        all,
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

/// A value no field accepts: control characters and no shape of any id, number or date.
const BAD: &str = "\u{1b}[2Jbad\u{0}";

/// A non-admin's answer carries no payout but their own and, for a client, no commission rate:
/// every `commission` in the JSON is zero and every `payouts` list empty (a client) or theirs;
/// the agency's list of what needs doing is absent.
fn visible_to(who: Who, body: &str, what: &str) {
    fn walk(who: Who, v: &serde_json::Value, what: &str) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    if who == Who::Client && k == "commission" {
                        assert!(
                            x.as_str().is_some_and(|c| c.parse::<f64>() == Ok(0.0)),
                            "a client sees the commission {x}: {what}"
                        );
                    }
                    // What needs doing across accounts (the accounts page) is the agency's.
                    if k == "to_do" {
                        assert!(x.is_null(), "a non-admin sees what needs doing: {what}");
                    }
                    if k == "payouts" || k == "pending_payout_adjustments" {
                        let list = x.as_array().expect("payouts are a list");
                        // A pending adjustment is [developer, adjustment].
                        let list: Vec<serde_json::Value> = list
                            .iter()
                            .map(|p| match p {
                                serde_json::Value::Array(pair) => {
                                    serde_json::json!({ "developer": pair[0] })
                                }
                                other => other.clone(),
                            })
                            .collect();
                        match who {
                            Who::Client => {
                                assert!(list.is_empty(), "a client sees payouts: {what}")
                            }
                            // The matrix's technician is Dana Weber.
                            _ => assert!(
                                list.iter().all(|p| p["developer"] == "Dana Weber"),
                                "a technician sees another developer's payout: {what}"
                            ),
                        }
                    }
                    walk(who, x, what);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(who, x, what)),
            _ => {}
        }
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
        walk(who, &v, what);
    }
}

/// Functions anyone may call: signing in and out, asking who is signed in, and choosing the
/// pages' language (remembered only for a signed-in caller; `language.rs` tests it).
const PUBLIC: &[&str] = &[
    "/api/sign_in",
    "/api/sign_out",
    "/api/whoami",
    "/api/set_language",
    // The invitation's link is its credential (`people.rs` tests it).
    "/api/show_invitation",
    "/api/accept_invitation",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_covers_every_server_function() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
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
            Some(sign_in(router, "admin@agency.example", "demo-admin-2026").await),
        ),
        (
            Who::Technician,
            Some(sign_in(router, "dana@agency.example", "demo-tech-2026").await),
        ),
        (
            Who::Client,
            Some(sign_in(router, "client@acme.example", "demo-client-2026").await),
        ),
    ];
    let mut checked = 0;
    for (path, row) in &matrix {
        for (who, cookie) in &cookies {
            let scopes = [("own", Some(&row.own)), ("other", row.other.as_ref())];
            for (scope, args, bad) in scopes
                .into_iter()
                .flat_map(|(scope, args)| [(scope, args, false), (scope, args, true)])
            {
                let Some(args) = args else { continue };
                // Bad arguments: every value but the ones that name what is asked for.
                let keep =
                    |k: &str| k == "account_id" || k == "number" || k.ends_with("reverse_charge]");
                if bad && args.iter().all(|(k, _)| keep(k)) {
                    continue;
                }
                let args: Vec<(&str, &str)> = args
                    .iter()
                    .map(|(k, v)| (*k, if bad && !keep(k) { BAD } else { v.as_str() }))
                    .collect();
                let before = state.db.table_counts().await.unwrap();
                let r = call(router, path, &args, cookie.as_deref(), &[]).await;
                let role_ok = row.allowed.contains(who);
                // Admins see every account; others only their own (Acme).
                let tenant_ok = scope == "own" || *who == Who::Admin;
                let what = format!(
                    "{path} as {who:?} on {scope}{}: {} {}",
                    if bad { " with bad arguments" } else { "" },
                    r.status,
                    r.body
                );
                // Authorization comes first: bad arguments change no refusal above.
                if *who == Who::Nobody {
                    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{what}");
                } else if !role_ok {
                    assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}");
                } else if !tenant_ok {
                    // Another tenant's account or document answers like one that does not
                    // exist.
                    assert_eq!(r.status, StatusCode::NOT_FOUND, "{what}");
                } else {
                    assert!(
                        !([StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&r.status)
                            || (r.status == StatusCode::NOT_FOUND && r.body.contains("account"))),
                        "allowed, but refused: {what}"
                    );
                    if bad {
                        assert!(r.status.is_client_error(), "bad input accepted: {what}");
                    }
                    // What a role may see (app::auth::visibility), in every answer it gets.
                    if *who != Who::Admin {
                        visible_to(*who, &r.body, &what);
                    }
                }
                if bad || !(role_ok && tenant_ok && *who != Who::Nobody) {
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
    let app = TestApp::spawn().await;
    let router = &app.router;
    let cookie = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let r = call(router, "/api/accounts", &[], Some(&cookie), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("\"acme\"") && !r.body.contains("globex"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn sign_in_refuses_wrong_passwords_and_unknown_users_alike_then_rate_limits() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let wrong = call(
        router,
        "/api/sign_in",
        &[("email", "dana@agency.example"), ("password", "guess")],
        None,
        &[],
    )
    .await;
    let unknown = call(
        router,
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
            router,
            "/api/sign_in",
            &[("email", "dana@agency.example"), ("password", "guess")],
            None,
            &[],
        )
        .await;
    }
    let limited = call(
        router,
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
    assert_eq!(
        serde_json::from_str::<api::AppError>(&limited.body).unwrap(),
        api::AppError::TooManyAttempts(api::auth::FAILURE_WINDOW_MINUTES),
        "the refusal says when to try again"
    );
    // The limit lives in the database (it holds across servers), and other accounts still sign in.
    assert!(
        state
            .db
            .sign_in_failures_since("email:dana@agency.example", ts("2000-01-01T00:00:00Z"))
            .await
            .unwrap()
            >= 5
    );
    sign_in(router, "admin@agency.example", "demo-admin-2026").await;
}

#[tokio::test]
async fn sessions_use_safe_cookies_expire_and_end_at_sign_out() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let r = call(
        router,
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
        router,
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
            .session_user(token, ts("2000-01-01T00:00:00Z"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        state
            .db
            .session_user(
                &service::auth::token_hash(token),
                ts("2000-01-01T00:00:00Z")
            )
            .await
            .unwrap()
            .is_some()
    );
    let me = call(router, "/api/whoami", &[], Some(&cookie), &[]).await;
    assert!(me.body.contains("\"admin\""), "{}", me.body);
    // An expired session is no session.
    state
        .db
        .create_session(
            &service::auth::token_hash("old"),
            "alex",
            ts("2026-01-01T00:00:00Z"),
            ts("2026-01-01T12:00:00Z"),
        )
        .await
        .unwrap();
    let old = call(
        router,
        "/api/close_all",
        &[("month", "2026-02")],
        Some("hb_session=old"),
        &[],
    )
    .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    // Signing out ends the session.
    call(router, "/api/sign_out", &[], Some(&cookie), &[]).await;
    let after = call(router, "/api/accounts", &[], Some(&cookie), &[]).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_store_nothing() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let cookie = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let before = state.db.table_counts().await.unwrap();
    let r = call(
        router,
        "/api/close_all",
        &[("month", "2026-02")],
        Some(&cookie),
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(state.db.table_counts().await.unwrap(), before);
    let same = call(
        router,
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
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let dana = sign_in(router, "dana@agency.example", "demo-tech-2026").await;
    let before = call(router, "/api/accounts", &[], Some(&dana), &[]).await;
    assert!(!before.body.contains("globex"), "{}", before.body);
    let r = call(
        router,
        "/api/assign_technician",
        &[("account_id", "globex"), ("user_id", "dana")],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = call(router, "/api/accounts", &[], Some(&dana), &[]).await;
    assert!(after.body.contains("globex"), "{}", after.body);
}

/// The probe's find: Initech's client read Luca's payout and the 15 % commission in the work
/// log's JSON and in the dashboard's page source. Now the server sends a client neither, a
/// developer only their own payouts, and the agency everything.
#[tokio::test]
async fn payouts_and_the_commission_reach_only_those_who_may_read_them() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let luca = sign_in(router, "luca@agency.example", "demo-tech-2026").await;
    let client = sign_in(router, "client@initech.example", "demo-client-2026").await;
    let json = |r: &Reply| serde_json::from_str::<serde_json::Value>(&r.body).unwrap();
    let args = [("account_id", "initech")];

    let by_admin = json(&call(router, "/api/work_log", &args, Some(&admin), &[]).await);
    assert_eq!(by_admin["history"]["catalog"]["commission"], "15");
    let payouts = by_admin["ledger"]["payouts"].as_array().unwrap();
    assert!(
        payouts.iter().any(|p| p["developer"] == "Luca Rossi"),
        "{payouts:?}"
    );

    let by_luca = json(&call(router, "/api/work_log", &args, Some(&luca), &[]).await);
    let own = by_luca["ledger"]["payouts"].as_array().unwrap();
    assert!(!own.is_empty() && own.iter().all(|p| p["developer"] == "Luca Rossi"));

    let r = call(router, "/api/work_log", &args, Some(&client), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    visible_to(Who::Client, &r.body, "initech work log as its client");
    let by_client = json(&r);
    assert_eq!(by_client["history"]["catalog"]["commission"], "0");
    assert_eq!(by_client["ledger"]["payouts"], serde_json::json!([]));
    // The invoices the client's browser sees are the agency's, figure for figure.
    assert_eq!(
        by_client["ledger"]["invoices"],
        by_admin["ledger"]["invoices"]
    );
    let catalog = call(router, "/api/catalog", &args, Some(&client), &[]).await;
    visible_to(Who::Client, &catalog.body, "initech catalog as its client");

    // A credit-back after Luca's first pack was paid out: the deduction waiting for his next
    // payout is the agency's and Luca's to read, not the client's.
    let closed = by_admin["ledger"]["closed_through"]
        .as_str()
        .unwrap()
        .to_string();
    let entry = by_admin["ledger"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["effective_date"].as_str().unwrap()[..7] <= *closed.as_str()
                && e["parts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["lot"] == "pack:pack-luca-0")
        })
        .expect("an entry of a closed month drew on Luca's first pack")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = call(
        router,
        "/api/remark_entry",
        &[
            ("account_id", "initech"),
            ("entry", &entry),
            ("kind", "bug"),
        ],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after = json(&call(router, "/api/work_log", &args, Some(&admin), &[]).await);
    let pending = after["ledger"]["pending_payout_adjustments"]
        .as_array()
        .expect("a pending adjustment");
    assert_eq!(pending[0][0], "Luca Rossi");
    let r = call(router, "/api/work_log", &args, Some(&client), &[]).await;
    visible_to(Who::Client, &r.body, "initech work log after a credit-back");
    assert!(
        json(&r)["ledger"]
            .get("pending_payout_adjustments")
            .is_none()
    );
    let r = call(router, "/api/work_log", &args, Some(&luca), &[]).await;
    assert_eq!(
        json(&r)["ledger"]["pending_payout_adjustments"][0][0],
        "Luca Rossi"
    );

    // The page source: the agency's dashboard carries the payouts, the client's none.
    let admin_page = page(router, "/accounts/initech", Some(&admin)).await;
    let client_page = page(router, "/accounts/initech", Some(&client)).await;
    assert_eq!(client_page.status, StatusCode::OK);
    assert!(
        admin_page.body.contains("gross"),
        "the admin's page has payouts"
    );
    assert!(
        client_page.body.contains("Initech") && !client_page.body.contains("gross"),
        "a client's page source has a payout"
    );
    let commission = |html: &str| {
        html.match_indices("commission")
            .map(|(i, _)| html[i..(i + 24).min(html.len())].to_string())
            .collect::<Vec<_>>()
    };
    assert!(
        commission(&admin_page.body)
            .iter()
            .any(|c| c.contains("15"))
    );
    assert!(
        commission(&client_page.body)
            .iter()
            .all(|c| !c.contains("15")),
        "{:?}",
        commission(&client_page.body)
    );
}

/// Technicians and developers change only their own work; the agency anyone's.
#[tokio::test]
async fn a_technician_cannot_change_another_developers_work() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let dana = sign_in(router, "dana@agency.example", "demo-tech-2026").await;
    let luca = sign_in(router, "luca@agency.example", "demo-tech-2026").await;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    // e4 is Dana's support entry of this month (the demo data).
    let correct = [
        ("account_id", "acme"),
        ("entry", "e4"),
        ("minutes", "35"),
        ("title", "Changed by someone else"),
        ("url", ""),
        ("note", ""),
    ];
    let remark = [("account_id", "acme"), ("entry", "e4"), ("kind", "bug")];
    let before = state.db.table_counts().await.unwrap();
    for (path, args) in [
        ("/api/correct_entry", &correct[..]),
        ("/api/remark_entry", &remark[..]),
    ] {
        let r = call(router, path, args, Some(&luca), &[]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
        assert!(r.body.contains("Dana Weber"), "{}", r.body);
    }
    assert_eq!(state.db.table_counts().await.unwrap(), before);
    let own = call(router, "/api/correct_entry", &correct, Some(&dana), &[]).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let agency = call(router, "/api/remark_entry", &remark, Some(&admin), &[]).await;
    assert_eq!(agency.status, StatusCode::OK, "{}", agency.body);

    // Quotes: Luca offers one; Dana cannot cancel it, Luca can.
    let offer = call(
        router,
        "/api/offer_quote",
        &[
            ("account_id", "acme"),
            ("project", "Shop"),
            ("title", "Faster checkout"),
            ("estimate_minutes", "120"),
            ("rate", "80"),
        ],
        Some(&luca),
        &[],
    )
    .await;
    assert_eq!(offer.status, StatusCode::OK, "{}", offer.body);
    let id = serde_json::from_str::<serde_json::Value>(&offer.body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cancel = [
        ("account_id", "acme"),
        ("quote", id.as_str()),
        ("decision", "cancel"),
    ];
    let r = call(router, "/api/decide_quote", &cancel, Some(&dana), &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let r = call(router, "/api/decide_quote", &cancel, Some(&luca), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// The probe's race: 16 parallel tries for one e-mail (15 wrong, one right) gave 15 × 401 and a
/// session. Now at most five passwords are checked; the rest are told to wait.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_sign_ins_cannot_beat_the_limit() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let tries = (0..16).map(|i| {
        let router = router.clone();
        let password = if i == 7 { "demo-tech-2026" } else { "wrong" };
        tokio::spawn(async move {
            call(
                &router,
                "/api/sign_in",
                &[("email", "dana@agency.example"), ("password", password)],
                None,
                &[],
            )
            .await
            .status
        })
    });
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    let count = |s: StatusCode| statuses.iter().filter(|x| **x == s).count();
    let checked = count(StatusCode::UNAUTHORIZED) + count(StatusCode::OK);
    assert!(
        count(StatusCode::UNAUTHORIZED) <= 5 && checked <= 6,
        "{statuses:?}"
    );
    assert!(count(StatusCode::TOO_MANY_REQUESTS) >= 10, "{statuses:?}");
    assert!(
        state
            .db
            .sign_in_failures_since("email:dana@agency.example", ts("2000-01-01T00:00:00Z"))
            .await
            .unwrap()
            <= 5
    );

    // 40 tries from one address, each for another e-mail: the address limit (20) holds.
    let tries = (0..40).map(|i| {
        let router = router.clone();
        tokio::spawn(async move {
            let email = format!("nobody{i}@example.com");
            call(
                &router,
                "/api/sign_in",
                &[("email", email.as_str()), ("password", "guess")],
                None,
                &[],
            )
            .await
            .status
        })
    });
    let mut limited = 0;
    for t in tries {
        limited += usize::from(t.await.unwrap() == StatusCode::TOO_MANY_REQUESTS);
    }
    assert!(limited >= 20, "{limited} of 40 limited");
}

/// An email longer than any address is refused like a wrong password and stores nothing (the
/// probe's 64 KiB email broke PostgreSQL's index).
#[tokio::test]
async fn an_overlong_email_is_refused_and_counted_nowhere() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let before = state.db.table_counts().await.unwrap();
    let email = format!("{}@agency.example", "a".repeat(300));
    let r = call(
        router,
        "/api/sign_in",
        &[("email", &email), ("password", "x")],
        None,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    assert_eq!(state.db.table_counts().await.unwrap(), before);
}

#[tokio::test]
async fn malformed_and_oversized_calls_are_the_callers_fault() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let before = state.db.table_counts().await.unwrap();
    // A missing argument, and a body that is not a form, for both error types.
    for path in ["/api/close_month", "/api/log_entry"] {
        for body in ["account_id=acme", "%%%\u{0}=&&="] {
            let r = send(router, path, body.to_string(), Some(&admin), &[]).await;
            assert_eq!(
                r.status,
                StatusCode::BAD_REQUEST,
                "{path} {body}: {}",
                r.body
            );
        }
    }
    let big = format!(
        "account_id=acme&month=2026-02&pad={}",
        "x".repeat(app::http::MAX_BODY_BYTES)
    );
    let r = send(router, "/api/close_month", big, Some(&admin), &[]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(state.db.table_counts().await.unwrap(), before);
}

#[tokio::test]
async fn answers_are_compressed_as_the_browser_accepts() {
    use std::io::Read as _;
    let app = TestApp::spawn().await;
    let (status, headers, plain) =
        raw_get(&app.router, "/sign-in", &[("accept-encoding", "identity")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get("content-encoding").is_none());
    let (_, headers, gzipped) =
        raw_get(&app.router, "/sign-in", &[("accept-encoding", "gzip")]).await;
    assert_eq!(headers["content-encoding"], "gzip");
    assert_eq!(headers["vary"], "accept-encoding");
    assert!(
        gzipped.len() * 2 < plain.len(),
        "{} of {}",
        gzipped.len(),
        plain.len()
    );
    let mut read = String::new();
    flate2::read::GzDecoder::new(&gzipped[..])
        .read_to_string(&mut read)
        .unwrap();
    // The same page (each answer carries its own nonce).
    assert!(read.contains("<html") && read.len().abs_diff(plain.len()) < 64);
    let (_, headers, _) = raw_get(
        &app.router,
        "/sign-in",
        &[("accept-encoding", "br;q=1, gzip;q=0.5")],
    )
    .await;
    assert_eq!(headers["content-encoding"], "br");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let sign_in_page = page(router, "/sign-in", None).await;
    assert_eq!(sign_in_page.status, StatusCode::OK);
    let api = call(router, "/api/whoami", &[], None, &[]).await;
    let missing = page(router, "/no/such/page", None).await;
    for r in [&sign_in_page, &api, &missing] {
        let h = |name: &str| {
            r.headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert_eq!(h("x-frame-options"), "DENY");
        assert_eq!(h("referrer-policy"), "same-origin");
        assert!(h("content-security-policy").contains("frame-ancestors 'none'"));
        assert!(
            h("strict-transport-security").is_empty(),
            "no HSTS over plain http"
        );
    }
    // A page's policy allows its own inline script by this response's nonce, and no other.
    let csp = sign_in_page.headers["content-security-policy"]
        .to_str()
        .unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .expect("a nonce in the page's policy");
    assert!(nonce.len() >= 16, "{csp}");
    assert!(
        sign_in_page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the policy's nonce"
    );
    assert!(!csp.contains("unsafe-inline") && csp.contains("'wasm-unsafe-eval'"));
    let again = page(router, "/sign-in", None).await;
    assert!(
        !again.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(nonce),
        "a nonce is used once"
    );
}

/// A plain form post is sent back to its page by the `Referer`: never to another site.
#[tokio::test]
async fn a_form_post_redirects_only_within_the_site() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let post = |referer: &'static str| {
        let router = router.clone();
        async move {
            call(
                &router,
                "/api/sign_in",
                &[("email", "dana@agency.example"), ("password", "wrong")],
                None,
                &[("accept", "text/html"), ("referer", referer)],
            )
            .await
        }
    };
    let away = post("https://evil.example/phish").await;
    assert!(away.status.is_redirection(), "{}", away.status);
    assert_eq!(away.headers["location"], "/");
    let home = post("http://127.0.0.1:3000/sign-in").await;
    let location = home.headers["location"].to_str().unwrap();
    assert!(location.starts_with("/sign-in?"), "{location}");
}

/// A shared buffer the test's log subscriber writes into.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every request is logged in a span with the user's id and the account, and no log line
/// carries a password or a session token.
#[tokio::test]
async fn requests_are_logged_with_user_and_account_never_secrets() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    // The global subscriber (a scoped one misses callsites other tests' threads cached as
    // disabled); the other tests' lines land here too, which only widens the check for secrets.
    tracing::subscriber::set_global_default(subscriber).expect("the only test that sets it");
    let app = TestApp::spawn().await;
    let router = &app.router;
    let cookie = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let r = call(
        router,
        "/api/work_log",
        &[("account_id", "initech")],
        Some(&cookie),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.lines().any(|l| l.contains("path=/api/work_log")
            && l.contains("user=alex")
            && l.contains("account=initech")
            && l.contains("status=200")),
        "no log line for the request with its user and account: {text}"
    );
    let token = cookie.split_once('=').unwrap().1;
    assert!(
        !text.contains("demo-admin-2026") && !text.contains(token),
        "{text}"
    );
}

/// The downloads beside the pages answer like the pages: no session 401, a role that may not
/// 403, another tenant's account or document 404 — in every format.
#[tokio::test]
async fn every_download_follows_its_pages_authorization() {
    use Who::*;
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let docs = state.db.documents(None).await.unwrap();
    let number = |a: &str| {
        docs.iter()
            .find(|d| d.account_id == a)
            .unwrap()
            .number
            .clone()
    };
    let (acme, globex) = (number(DEMO_ACCOUNT_ID), number("globex"));
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let dana = sign_in(router, "dana@agency.example", "demo-tech-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let cookie = |who: Who| match who {
        Nobody => None,
        Admin => Some(admin.as_str()),
        Technician => Some(dana.as_str()),
        Client => Some(client.as_str()),
    };
    let period = "/documents.csv?from=2026-01-01&to=2026-03-31";
    let cases: Vec<(String, [u16; 4])> = vec![
        // [nobody, admin, technician (Acme), client (Acme)]
        ("/accounts/acme/work.csv".into(), [401, 200, 200, 200]),
        ("/accounts/globex/work.csv".into(), [401, 200, 404, 404]),
        ("/audit.csv".into(), [401, 200, 403, 403]),
        // (No service levels saved in this app: the admin is told to save them first.)
        ("/service-levels.csv?year=2026".into(), [401, 409, 403, 403]),
        (format!("/documents/{acme}/lines.csv"), [401, 200, 200, 200]),
        (
            format!("/documents/{globex}/lines.csv"),
            [401, 200, 404, 404],
        ),
        (
            "/documents/2099-999999/lines.csv".into(),
            [401, 404, 404, 404],
        ),
        (period.into(), [401, 200, 403, 403]),
        (
            "/documents/lines.csv?from=2026-01-01&to=2026-03-31".into(),
            [401, 200, 403, 403],
        ),
        (format!("{period}&account=globex"), [401, 200, 403, 403]),
    ];
    for (path, expected) in cases {
        for (who, status) in [Nobody, Admin, Technician, Client]
            .into_iter()
            .zip(expected)
        {
            let r = page(router, &path, cookie(who)).await;
            assert_eq!(r.status.as_u16(), status, "{path} as {who:?}: {}", r.body);
            if status == 200 {
                assert!(!r.body.is_empty(), "{path}: a file");
            } else {
                assert!(
                    !r.body.contains(&globex) || path.contains(&globex),
                    "{path} as {who:?} leaks another tenant's document"
                );
            }
        }
    }
}

/// An account page embeds its data without the ledger (`api::hydration`); the browser replays
/// the history it carries. For every role and every account it may open, what the browser
/// rebuilds equals what the server computed and filtered for that role, payouts included.
#[tokio::test]
async fn every_role_rebuilds_the_ledger_the_server_sent() {
    use api::hydration::Embedded;
    use api::model::WorkLogData;

    let app = TestApp::spawn().await;
    let router = &app.router;
    let people = [
        ("admin@agency.example", "demo-admin-2026"),
        ("luca@agency.example", "demo-tech-2026"),
        ("dana@agency.example", "demo-tech-2026"),
        ("client@initech.example", "demo-client-2026"),
        ("client@acme.example", "demo-client-2026"),
        ("client@globex.example", "demo-client-2026"),
    ];
    let mut rebuilt = 0;
    for (email, password) in people {
        let cookie = sign_in(router, email, password).await;
        for account in ["acme", "globex", "initech"] {
            let args = [("account_id", account)];
            let r = call(router, "/api/work_log", &args, Some(&cookie), &[]).await;
            if r.status != StatusCode::OK {
                continue;
            }
            let sent: WorkLogData = serde_json::from_str(&r.body).unwrap();
            let embedded = serde_json::to_string(&Embedded(sent.clone())).unwrap();
            assert!(
                !embedded.contains("\"closed_through\"") && !embedded.contains("\"invoices\""),
                "{email} {account}: the embedded form carries the ledger"
            );
            let Embedded(back) = serde_json::from_str(&embedded).unwrap();
            assert_eq!(back, sent, "{email} on {account}");
            if email.starts_with("client") {
                visible_to(Who::Client, &embedded, "a client's embedded page data");
            }
            rebuilt += 1;
        }
    }
    // Admin 3, Luca and Dana their assigned accounts, each client their own.
    assert!(rebuilt >= 3 + 2 + 3, "only {rebuilt} pages rebuilt");

    // The dashboard's page source itself: its embedded data is the lean form, and the browser
    // reading it back gets exactly the work log the client's JSON answer carries.
    let client = sign_in(router, "client@initech.example", "demo-client-2026").await;
    let args = [("account_id", "initech")];
    let r = call(router, "/api/work_log", &args, Some(&client), &[]).await;
    let sent: WorkLogData = serde_json::from_str(&r.body).unwrap();
    let html = page(router, "/accounts/initech", Some(&client)).await.body;
    let resources = embedded_resources(&html);
    assert!(resources.len() >= 3, "{} resources", resources.len());
    // Each resource once: one created inside the page's Transition was fetched twice.
    let distinct: std::collections::HashSet<&String> = resources.iter().collect();
    assert_eq!(distinct.len(), resources.len(), "a resource embedded twice");
    for r in &resources {
        assert!(
            !r.contains("\"closed_through\"") && !r.contains("\"lines\""),
            "the dashboard embeds a ledger or invoice lines: {}",
            &r[..r.len().min(200)]
        );
    }
    let page_data: Vec<WorkLogData> = resources
        .iter()
        .filter_map(|r| serde_json::from_str::<Result<Embedded, api::AppError>>(r).ok())
        .filter_map(Result::ok)
        .map(|Embedded(d)| d)
        .collect();
    assert_eq!(page_data, vec![sent]);
}

/// The resources a server-rendered page hands the browser for hydration: each
/// `__RESOLVED_RESOURCES[n] = "…";` string (a Rust-escaped literal of the JSON, which parses
/// as a JSON string for the ASCII-escaped demo data).
pub(crate) fn embedded_resources(html: &str) -> Vec<String> {
    html.split("__RESOLVED_RESOURCES[")
        .skip(1)
        .filter_map(|chunk| {
            let literal = chunk.split_once("] = ")?.1;
            serde_json::Deserializer::from_str(literal)
                .into_iter::<String>()
                .next()?
                .ok()
        })
        .collect()
}

/// The what-if's values in the dashboard's address (its plain form, before the WASM arrives):
/// the same page and the same authorization, the answer rendered by the server, nothing more for
/// a client to read, nonsense and oversized values answered in words, and nothing stored.
#[tokio::test]
async fn the_what_if_in_the_address_answers_only_whom_the_dashboard_does() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let client = sign_in(router, "client@initech.example", "demo-client-2026").await;
    let acme = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let log = [("account_id", "initech")];
    let before = call(router, "/api/work_log", &log, Some(&client), &[])
        .await
        .body;
    // 200 min on Initech: 35 min overage at £50/h, £29.17 (the client journey's figures).
    let asked =
        "/accounts/initech?mode=work&minutes=200&kind=support&who=Luca+Rossi&date=2026-03-18";
    let plain = page(router, "/accounts/initech", Some(&client)).await;
    assert!(
        !plain.body.contains("£29.17"),
        "the plain dashboard has no answer"
    );
    let r = page(router, asked, Some(&client)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("£29.17"),
        "the server renders the what-if's answer"
    );
    assert!(
        !r.body.contains("gross"),
        "a client's what-if page has a payout"
    );

    // Another client, or nobody: the answer is not theirs to read.
    for cookie in [Some(acme.as_str()), None] {
        let r = page(router, asked, cookie).await;
        assert!(
            !r.body.contains("£29.17"),
            "{cookie:?} read Initech's what-if ({})",
            r.status
        );
    }

    // Nonsense: said in words, the choices back to their defaults.
    let r = page(
        router,
        "/accounts/initech?minutes=-5&kind=free&who=nobody&mode=x",
        Some(&client),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("negative"),
        "the preview says what is wrong"
    );
    // Oversized: cut to 64 characters before anything reads it.
    let long = format!(
        "/accounts/initech?minutes={}&date={}",
        "9".repeat(10_000),
        "x".repeat(10_000)
    );
    let r = page(router, &long, Some(&client)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&"9".repeat(64)) && !r.body.contains(&"9".repeat(65)));

    let after = call(router, "/api/work_log", &log, Some(&client), &[])
        .await
        .body;
    assert_eq!(before, after, "the what-if stored something");
}
