//! The catalog over HTTP (README "Changing prices"): an admin's edit makes a new version with
//! its audit line; what a client orders after it pays the new price, what was ordered before
//! keeps its invoice and its replay; a resent form has one effect; a stale form is refused;
//! bad fields are named and change nothing.

use axum::http::StatusCode;
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{TestApp, call, sign_in};

fn error(body: &str) -> api::AppError {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn tier(rate: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("currency", "EUR"),
        ("version", "1"),
        ("tier[id]", "block-10"),
        ("tier[name]", "Hour block 10 h"),
        ("tier[hours]", "10"),
        ("tier[rate]", rate),
        ("tier[validity_months]", ""),
        ("tier[seller]", "agency"),
    ]
}

/// Acme's pack invoices' net amounts, oldest first.
async fn pack_nets(app: &TestApp) -> Vec<String> {
    let mut docs = app
        .state
        .db
        .documents(Some(DEMO_ACCOUNT_ID))
        .await
        .unwrap()
        .into_iter()
        .filter(|d| {
            d.invoice
                .lines
                .iter()
                .any(|l| l.kind == billing::LineKind::Pack)
        })
        .map(|d| (d.number, d.invoice.net.to_string()))
        .collect::<Vec<_>>();
    docs.sort();
    docs.into_iter().map(|(_, net)| net).collect()
}

#[tokio::test]
async fn a_tier_price_edit_reaches_new_orders_only_and_is_saved_once() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let order = || async {
        let r = call(
            router,
            "/api/order_pack",
            &[
                ("account_id", DEMO_ACCOUNT_ID),
                ("tier", "block-10"),
                ("hours", ""),
                ("seller", ""),
            ],
            Some(&client),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    };
    order().await;
    let before = pack_nets(&app).await;
    assert_eq!(before.last().map(String::as_str), Some("550.00"));

    // The admin raises the block's rate; the same form sent twice saves one version.
    let first = call(router, "/api/save_tier", &tier("58.00"), Some(&admin), &[]).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = call(router, "/api/save_tier", &tier("58.00"), Some(&admin), &[]).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(
        first.body, again.body,
        "the repeat answers with the version it made"
    );
    let eur = billing::Currency::parse("EUR").unwrap();
    let history = app.state.db.catalog_history(eur).await.unwrap();
    assert_eq!(
        history.iter().map(|v| v.version).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(history[0].saved_by.as_deref(), Some("Alex Meyer"));

    // A form still naming version 1 with other values is stale: refused, nothing saved.
    let counts = app.state.db.table_counts().await.unwrap();
    let stale = call(router, "/api/save_tier", &tier("60.00"), Some(&admin), &[]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(
        error(&stale.body),
        api::AppError::Conflict(billing::RuleViolation::CatalogChanged.into())
    );
    assert_eq!(app.state.db.table_counts().await.unwrap(), counts);

    // The client's next order pays 58.00/h; the first invoice keeps 55.00/h, and the account
    // still replays to the documents it issued.
    order().await;
    let after = pack_nets(&app).await;
    assert_eq!(&after[..before.len()], &before[..]);
    assert_eq!(after.last().map(String::as_str), Some("580.00"));
    let now = service::read::account_now(&app.state, DEMO_ACCOUNT_ID)
        .await
        .unwrap();
    let nets: Vec<String> = now
        .ledger
        .pack_invoices
        .iter()
        .map(|i| i.net.to_string())
        .collect();
    assert_eq!(nets[nets.len() - 2..], ["550.00", "580.00"]);

    // The save is in the audit trail, with who and what.
    let audit = app.state.db.audit_log(None, 20).await.unwrap();
    let line = audit
        .iter()
        .find(|l| l.action == "catalog_saved")
        .expect("an audit line for the save");
    assert_eq!(line.subject.as_deref(), Some("EUR v2"));
    assert_eq!(line.detail, "pack tier block-10 saved");
}

#[tokio::test]
async fn bad_catalog_fields_are_named_and_change_nothing() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let counts = app.state.db.table_counts().await.unwrap();
    let bad = call(
        router,
        "/api/save_plan",
        &[
            ("currency", "EUR"),
            ("version", "1"),
            ("plan[id]", "L"),
            ("plan[name]", ""),
            ("plan[kind]", "maintenance"),
            ("plan[fee]", "-1"),
            ("plan[fee_period]", "monthly"),
            ("plan[included]", "1.5"),
            ("plan[plan_rate]", ""),
            ("plan[overage_rate]", "fifty"),
            ("plan[rounding]", "0"),
            ("plan[minimum]", ""),
            ("plan[carryover_cap]", ""),
            ("plan[carryover_months]", "999"),
        ],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let api::AppError::Invalid { errors, .. } = error(&bad.body) else {
        panic!("{}", bad.body)
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "name",
            "included",
            "overage_rate",
            "rounding",
            "fee",
            "carryover_months"
        ]
    );
    // A rate change for a month that has begun.
    let early = call(
        router,
        "/api/save_rates",
        &[
            ("currency", "EUR"),
            ("version", "1"),
            ("rates[from]", "2026-03"),
            ("rates[vat_rate]", "25"),
            ("rates[standard_rate]", ""),
        ],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert!(
        early.body.contains("rates_from_too_early"),
        "{}",
        early.body
    );
    // A currency the deployment does not sell in.
    let none = call(
        router,
        "/api/remove_tier",
        &[("currency", "JPY"), ("version", "1"), ("id", "x")],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.body);
    assert_eq!(app.state.db.table_counts().await.unwrap(), counts);
}

#[tokio::test]
async fn a_plan_edit_reaches_a_subscriber_only_through_a_plan_change() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let plan = [
        ("currency", "EUR"),
        ("version", "1"),
        ("plan[id]", "L"),
        ("plan[name]", "Maintenance L"),
        ("plan[kind]", "maintenance"),
        ("plan[fee]", "120.00"),
        ("plan[fee_period]", "monthly"),
        ("plan[included]", "2 h"),
        ("plan[plan_rate]", ""),
        ("plan[overage_rate]", "50.00"),
        ("plan[rounding]", ""),
        ("plan[minimum]", ""),
        ("plan[carryover_cap]", ""),
        ("plan[carryover_months]", ""),
    ];
    let r = call(router, "/api/save_plan", &plan, Some(&admin), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let fee = |now: &service::read::AccountNow| {
        let m = billing::Month::of(now.today);
        let draft = now
            .ledger
            .invoices
            .iter()
            .find(|i| i.month == Some(m))
            .unwrap();
        draft
            .lines
            .iter()
            .find(|l| l.kind == billing::LineKind::PlanFee)
            .map(|l| l.amount.to_string())
    };
    // Acme is on L: this month's fee is still 100.00, and the header shows no change.
    let now = service::read::account_now(&app.state, DEMO_ACCOUNT_ID)
        .await
        .unwrap();
    assert_eq!(fee(&now).as_deref(), Some("100.00"));
    let label = service::read::plan_label(&now.history, now.today).unwrap();
    assert_eq!(label.next, None);
    // The admin moves Acme to L's new terms: from the 1st of next month, shown in the header.
    let change = call(
        router,
        "/api/set_plan",
        &[
            ("account_id", DEMO_ACCOUNT_ID),
            ("action", "change"),
            ("plan", "L"),
            ("date", ""),
        ],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(change.status, StatusCode::OK, "{}", change.body);
    let now = service::read::account_now(&app.state, DEMO_ACCOUNT_ID)
        .await
        .unwrap();
    assert_eq!(
        fee(&now).as_deref(),
        Some("100.00"),
        "this month keeps its fee"
    );
    let label = service::read::plan_label(&now.history, now.today).unwrap();
    let next = billing::Month::of(now.today).next().first_day();
    assert_eq!(label.next, Some(("Maintenance L".to_string(), next)));
    let later = billing::plan_on(&now.history, next).unwrap().unwrap();
    assert!(
        matches!(&later.terms, billing::PlanTerms::Maintenance { fee: Some(f), .. } if f.to_string() == "120.00"),
        "{later:?}"
    );
}
