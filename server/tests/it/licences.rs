//! The licence register over HTTP: registering once per submission, keys readable in full by
//! admins only, the expiring licence among the client's prompts, renewing with the vendor's
//! invoice re-invoiced on the month's invoice (conversion and markup, rounded once), the
//! overview by expiry, and bad input refused with nothing stored.

use axum::http::StatusCode;
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{TestApp, call, page, sign_in};

const KEY: &str = "EP-1234-5678-ABCD";

fn licence(product: &'static str, paid_by: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("account_id", DEMO_ACCOUNT_ID),
        ("licence[product]", product),
        ("licence[vendor]", "Elementor"),
        ("licence[kind]", "Agency"),
        ("licence[seats]", "25"),
        ("licence[key]", KEY),
        ("licence[purchased_on]", "2025-04-01"),
        ("licence[last_valid_day]", "2026-03-31"),
        ("licence[renewal_price]", "399.00"),
        ("licence[renewal_currency]", "USD"),
        ("licence[paid_by]", paid_by),
        ("licence[notes]", ""),
    ]
}

fn renewal(licence_id: &str, last: &'static str) -> Vec<(&'static str, String)> {
    [
        ("account_id", DEMO_ACCOUNT_ID.to_string()),
        ("licence_id", licence_id.to_string()),
        ("renewal[vendor_invoice]", "INV-77".into()),
        ("renewal[invoice_date]", "2026-03-18".into()),
        ("renewal[amount]", "399.00".into()),
        ("renewal[currency]", "USD".into()),
        ("renewal[conversion_rate]", "0.92".into()),
        ("renewal[markup]", "10".into()),
        ("renewal[last_valid_day]", last.into()),
    ]
    .into()
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn a_licence_is_registered_once_renewed_and_re_invoiced() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;

    // Registered once, whatever the clicks: the same submission key sent twice.
    let mut args = licence("Elementor Pro", "agency");
    args.push(("submission", "licence-form-1"));
    for _ in 0..2 {
        let r = call(router, "/api/register_licence", &args, Some(&admin), &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let licences = app.state.db.licences_of(DEMO_ACCOUNT_ID).await.unwrap();
    assert_eq!(licences.len(), 1);
    let id = licences[0].id.clone();

    // The key in full for admins only; the client reads its last four characters, and the
    // licence (13 days left) among its prompts.
    let work = |cookie: String| async move {
        call(
            router,
            "/api/work_log",
            &[("account_id", DEMO_ACCOUNT_ID)],
            Some(&cookie),
            &[],
        )
        .await
    };
    let by_admin = work(admin.clone()).await;
    assert!(by_admin.body.contains(KEY));
    let by_client = work(client.clone()).await;
    assert!(!by_client.body.contains(KEY), "{}", by_client.body);
    assert_eq!(json(&by_client.body)["licences"][0]["key"], "••••••••ABCD");
    let dashboard = page(router, "/accounts/acme", Some(&client)).await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(!dashboard.body.contains(KEY));
    assert!(dashboard.body.contains("data-prompt=\"licence\""));

    // Renewed: USD 399.00 × 0.92 = 367.08, plus 10 % = 403.788 → 403.79 on March's invoice.
    let r = call(
        router,
        "/api/renew_licence",
        &renewal(&id, "2027-03-31")
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let now = service::read::account_now(&app.state, DEMO_ACCOUNT_ID)
        .await
        .unwrap();
    let march = billing::Month::of(now.today);
    let draft = now
        .ledger
        .invoices
        .iter()
        .find(|i| i.month == Some(march))
        .unwrap();
    let cost = draft
        .costs
        .iter()
        .find(|c| {
            c.description
                .contains("Elementor Pro licence renewal through 2027-03-31")
        })
        .expect("the renewal on the month's invoice");
    assert_eq!(cost.amount.to_string(), "403.79");
    assert_eq!(cost.vendor, "Elementor");
    let licences = app.state.db.licences_of(DEMO_ACCOUNT_ID).await.unwrap();
    assert_eq!(licences[0].last_valid_day.to_string(), "2027-03-31");
    assert_eq!(app.state.db.licence_renewals(&id).await.unwrap(), 1);
    let audit = app
        .state
        .db
        .audit_of_account(DEMO_ACCOUNT_ID, 5)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|l| l.action.as_str()).collect();
    assert_eq!(actions[..2], ["licence_renewed", "cost_reinvoiced"]);
    assert!(
        audit.iter().all(|l| !l.detail.contains(KEY)),
        "no key in the trail"
    );

    // A renewal to a day that is not after the current one is refused; nothing changes.
    let counts = app.state.db.table_counts().await.unwrap();
    let again = call(
        router,
        "/api/renew_licence",
        &renewal(&id, "2027-03-31")
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        again.body
    );
    assert!(again.body.contains("last_valid_day"), "{}", again.body);
    // The same vendor invoice does not renew the licence twice, whatever the new day.
    let twice = call(
        router,
        "/api/renew_licence",
        &renewal(&id, "2028-03-31")
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);
    assert!(twice.body.contains("INV-77"), "{}", twice.body);
    assert_eq!(app.state.db.table_counts().await.unwrap(), counts);

    // The overview: not within 30 days any more; among all.
    let within = |w: &'static str| {
        let admin = admin.clone();
        async move {
            call(
                router,
                "/api/licence_overview",
                &[("within", w)],
                Some(&admin),
                &[],
            )
            .await
        }
    };
    let soon = within("30").await;
    assert_eq!(soon.status, StatusCode::OK, "{}", soon.body);
    assert!(!soon.body.contains("Elementor Pro"));
    let all = within("").await;
    assert!(
        all.body.contains("Elementor Pro") && all.body.contains("Acme GmbH"),
        "{}",
        all.body
    );
    assert_eq!(within("45").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_client_paid_renewal_invoices_nothing_and_bad_licences_are_refused() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let r = call(
        router,
        "/api/register_licence",
        &licence("WP Rocket", "client"),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let id = app.state.db.licences_of(DEMO_ACCOUNT_ID).await.unwrap()[0]
        .id
        .clone();
    let events = app.state.db.events(DEMO_ACCOUNT_ID).await.unwrap().len();
    let r = call(
        router,
        "/api/renew_licence",
        &renewal(&id, "2027-03-31")
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.state.db.events(DEMO_ACCOUNT_ID).await.unwrap().len(),
        events,
        "no cost"
    );
    assert_eq!(app.state.db.licence_renewals(&id).await.unwrap(), 1);

    let counts = app.state.db.table_counts().await.unwrap();
    let mut bad = licence(" ", "nobody");
    bad.retain(|(k, _)| *k != "licence[seats]" && *k != "licence[renewal_price]");
    bad.extend([("licence[seats]", "0"), ("licence[renewal_price]", "-5")]);
    let r = call(router, "/api/register_licence", &bad, Some(&admin), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let api::AppError::Invalid { errors, .. } = serde_json::from_str(&r.body).unwrap() else {
        panic!("{}", r.body)
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["product", "seats", "renewal_price", "paid_by"]);
    let none = call(
        router,
        "/api/renew_licence",
        &renewal("lic-none", "2027-03-31")
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.body);
    assert_eq!(app.state.db.table_counts().await.unwrap(), counts);
}
