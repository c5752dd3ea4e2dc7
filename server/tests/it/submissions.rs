//! One submission, one effect: every state-changing function takes the form's `submission`
//! key. Sent again (a double click, a resend), it answers with the first result and stores
//! nothing; sent with other values, it is refused (409); without a key, or a malformed one, it
//! is refused (400). Nothing refused stores anything.

use axum::http::StatusCode;
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{TestApp, call, send, serde_urlencoded_like, sign_in};

type Args = Vec<(&'static str, &'static str)>;

/// Every function that changes an account, with arguments that succeed on the demo data, who
/// may call it, and another valid value for one argument.
fn state_changing() -> Vec<(
    &'static str,
    Args,
    &'static str,
    (&'static str, &'static str),
)> {
    let acme = ("account_id", DEMO_ACCOUNT_ID);
    vec![
        (
            "/api/log_entry",
            vec![
                acme,
                ("entry[date]", "2026-03-17"),
                ("entry[minutes]", "45"),
                ("entry[kind]", "support"),
                ("entry[title]", "Twice?"),
                ("entry[url]", "https://tickets.acme.example/T-9"),
                ("entry[note]", ""),
            ],
            "technician",
            ("entry[minutes]", "46"),
        ),
        (
            "/api/order_pack",
            vec![acme, ("tier", "payg"), ("hours", "3"), ("seller", "")],
            "client",
            ("hours", "4"),
        ),
        (
            "/api/decide_quote",
            // Initech's offered quote: the agency approves it for the client.
            vec![
                ("account_id", "initech"),
                ("quote", "q-sso"),
                ("decision", "approve"),
            ],
            "admin",
            ("decision", "decline"),
        ),
        (
            "/api/offer_quote",
            vec![
                acme,
                ("project", "P"),
                ("title", "Quote"),
                ("estimate_minutes", "60"),
                ("rate", "70"),
            ],
            "technician",
            ("title", "Another quote"),
        ),
        (
            "/api/reinvoice_cost",
            vec![
                acme,
                ("cost[date]", "2026-03-10"),
                ("cost[vendor]", "Host"),
                ("cost[description]", "VM"),
                ("cost[amount]", "10.00"),
                ("cost[currency]", "EUR"),
                ("cost[conversion_rate]", ""),
                ("cost[markup]", ""),
            ],
            "admin",
            ("cost[vendor]", "Another host"),
        ),
        (
            "/api/set_plan",
            vec![acme, ("action", "change"), ("plan", "M"), ("date", "")],
            "admin",
            ("plan", "XL"),
        ),
        (
            "/api/change_terms",
            vec![
                acme,
                ("terms[from]", "2026-06"),
                ("terms[vat_rate]", "9.5"),
                ("terms[standard_rate]", ""),
                ("terms[reverse_charge]", ""),
            ],
            "admin",
            ("terms[vat_rate]", "5"),
        ),
    ]
}

#[tokio::test]
async fn a_submission_sent_twice_has_one_effect_and_the_same_answer() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let technician = sign_in(router, "dana@agency.example", "demo-tech-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    for (i, (path, args, who, (field, value))) in state_changing().into_iter().enumerate() {
        let cookie = match who {
            "admin" => &admin,
            "technician" => &technician,
            _ => &client,
        };
        let key = format!("twice-{i}");
        let mut with_key = args.clone();
        with_key.push(("submission", &key));

        let first = call(router, path, &with_key, Some(cookie), &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.body);
        let after_first = state.db.table_counts().await.unwrap();
        let account = args.iter().find(|(k, _)| *k == "account_id").unwrap().1;
        let events = state.db.events(account).await.unwrap().len();

        let again = call(router, path, &with_key, Some(cookie), &[]).await;
        assert_eq!(again.status, StatusCode::OK, "{path} again: {}", again.body);
        assert_eq!(
            state.db.table_counts().await.unwrap(),
            after_first,
            "{path}: the repeat stored something"
        );
        assert_eq!(state.db.events(account).await.unwrap().len(), events);
        if !["/api/reinvoice_cost", "/api/set_plan", "/api/change_terms"].contains(&path) {
            // (Those answer with the whole ledger as it is now.)
            assert_eq!(
                again.body, first.body,
                "{path}: another answer the second time"
            );
        }

        // The same key with other values: refused, nothing stored.
        let mut other = with_key.clone();
        other.iter_mut().find(|(k, _)| *k == field).unwrap().1 = value;
        let reused = call(router, path, &other, Some(cookie), &[]).await;
        assert_eq!(
            reused.status,
            StatusCode::CONFLICT,
            "{path}: {}",
            reused.body
        );
        assert_eq!(
            serde_json::from_str::<api::AppError>(&reused.body).unwrap(),
            api::AppError::SubmissionReused,
            "{path}"
        );

        // No key, or a malformed one: refused before anything happens.
        let without = send(
            router,
            path,
            serde_urlencoded_like(&args),
            Some(cookie),
            &[],
        )
        .await;
        assert_eq!(
            without.status,
            StatusCode::BAD_REQUEST,
            "{path}: {}",
            without.body
        );
        let mut bad = args.clone();
        bad.push(("submission", "not a key; DROP TABLE"));
        let malformed = call(router, path, &bad, Some(cookie), &[]).await;
        assert_eq!(
            malformed.status,
            StatusCode::BAD_REQUEST,
            "{path}: {}",
            malformed.body
        );
        assert!(
            malformed.body.contains("Reload the page"),
            "{}",
            malformed.body
        );
        assert_eq!(
            state.db.table_counts().await.unwrap(),
            after_first,
            "{path}: a refused submission stored something"
        );
    }
}

/// The probe's find: a double-click on "Order and get the invoice" issued two invoices. Two
/// submissions of one form at the same moment make one order and one invoice, and both
/// answers name it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_at_the_same_moment_orders_one_pack() {
    let app = TestApp::spawn().await;
    let (state, router) = (&app.state, &app.router);
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let invoices = state
        .db
        .documents(Some(DEMO_ACCOUNT_ID))
        .await
        .unwrap()
        .len();
    let args = [
        ("account_id", DEMO_ACCOUNT_ID),
        ("tier", "block-10"),
        ("hours", ""),
        ("seller", ""),
        ("submission", "double-click"),
    ];
    let (a, b) = tokio::join!(
        call(router, "/api/order_pack", &args, Some(&client), &[]),
        call(router, "/api/order_pack", &args, Some(&client), &[]),
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::OK, StatusCode::OK),
        "{} / {}",
        a.body,
        b.body
    );
    assert_eq!(a.body, b.body, "both clicks answer with the one invoice");
    assert_eq!(
        state
            .db
            .documents(Some(DEMO_ACCOUNT_ID))
            .await
            .unwrap()
            .len(),
        invoices + 1
    );
}
