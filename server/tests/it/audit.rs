//! Every billing change leaves its audit line, in the transaction of the change (README "The
//! audit trail"): who, from where, what, on which account, and the documents it issued; a
//! refused change leaves none. Admins read an account's trail and download any trail as CSV.

use axum::http::StatusCode;
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{TestApp, call, page, sign_in};

#[tokio::test]
async fn billing_changes_are_audited_with_who_what_and_the_documents_issued() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let dana = sign_in(router, "dana@agency.example", "demo-tech-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let entry = |minutes: &'static str| {
        vec![
            ("account_id", DEMO_ACCOUNT_ID),
            ("entry[date]", "2026-03-17"),
            ("entry[minutes]", minutes),
            ("entry[kind]", "support"),
            ("entry[title]", "Audited"),
            ("entry[url]", ""),
            ("entry[note]", ""),
        ]
    };
    let before = app
        .state
        .db
        .audit_of_account(DEMO_ACCOUNT_ID, 100)
        .await
        .unwrap();
    // A refused entry changes nothing, so it leaves no line.
    let refused = call(router, "/api/log_entry", &entry("0"), Some(&dana), &[]).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(
        app.state
            .db
            .audit_of_account(DEMO_ACCOUNT_ID, 100)
            .await
            .unwrap(),
        before
    );

    let logged = call(router, "/api/log_entry", &entry("30"), Some(&dana), &[]).await;
    assert_eq!(logged.status, StatusCode::OK, "{}", logged.body);
    let ordered = call(
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
    assert_eq!(ordered.status, StatusCode::OK, "{}", ordered.body);

    let lines = app
        .state
        .db
        .audit_of_account(DEMO_ACCOUNT_ID, 100)
        .await
        .unwrap();
    assert_eq!(lines.len(), before.len() + 2);
    let (order, log) = (&lines[0], &lines[1]);
    assert_eq!(log.action, "entry_logged");
    assert_eq!(log.actor.as_deref(), Some("dana"));
    assert!(log.subject.is_some(), "the entry's id");
    assert!(!log.address.is_empty());
    assert_eq!(order.action, "pack_ordered");
    assert_eq!(order.actor.as_deref(), Some("acme-client"));
    let invoice = app
        .state
        .db
        .documents(Some(DEMO_ACCOUNT_ID))
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.number)
        .max()
        .unwrap();
    assert_eq!(order.detail, format!("issued {invoice}"));

    // The admin reads the account's trail, with names; another account's holds none of it.
    let trail = call(
        router,
        "/api/account_audit",
        &[("account_id", DEMO_ACCOUNT_ID)],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(trail.status, StatusCode::OK, "{}", trail.body);
    assert!(trail.body.contains("entry_logged") && trail.body.contains("Dana Weber"));
    let globex = app.state.db.audit_of_account("globex", 100).await.unwrap();
    assert!(
        globex
            .iter()
            .all(|l| l.account_id.as_deref() == Some("globex"))
    );

    // The CSV: admins only, authorized before the query is read.
    let csv = page(router, "/audit.csv?account=acme", Some(&admin)).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut rows = csv.body.lines();
    assert_eq!(
        rows.next(),
        Some("at,actor,actor_name,address,action,subject,account,detail")
    );
    assert!(rows.any(|r| r.contains(",dana,Dana Weber,") && r.contains(",entry_logged,")));
    for (path, cookie, status) in [
        ("/audit.csv?account=acme", None, StatusCode::UNAUTHORIZED),
        ("/audit.csv?account=%1B", None, StatusCode::UNAUTHORIZED),
        (
            "/audit.csv?account=acme",
            Some(&client),
            StatusCode::FORBIDDEN,
        ),
        (
            "/audit.csv?account=acme",
            Some(&dana),
            StatusCode::FORBIDDEN,
        ),
        (
            "/audit.csv?account=nope",
            Some(&admin),
            StatusCode::NOT_FOUND,
        ),
        (
            "/audit.csv?user=%1B",
            Some(&admin),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/audit.csv?user=dana&account=acme",
            Some(&admin),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let r = page(router, path, cookie.map(String::as_str)).await;
        assert_eq!(r.status, status, "{path}: {}", r.body);
    }
    let dana_csv = page(router, "/audit.csv?user=dana", Some(&admin)).await;
    assert_eq!(dana_csv.status, StatusCode::OK);
    assert!(
        dana_csv.body.lines().skip(1).all(|r| r.contains("dana")),
        "{}",
        dana_csv.body
    );
}
