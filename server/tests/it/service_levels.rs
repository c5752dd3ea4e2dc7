//! Service levels over HTTP: an admin saves the calendar and targets, a helpdesk posts ticket
//! times, and the account's figures (dashboard, server function) and the agency's yearly CSV
//! count them in business hours. Bad settings are refused field by field and store nothing.

use axum::http::StatusCode;
use serde_json::{Value, json};
use service::storage::DEMO_ACCOUNT_ID;

use crate::api::{api, token};
use crate::support::{Reply, TestApp, call, page, sign_in};

const WEEKDAYS: [(&str, &str); 5] = [
    ("sla[mon]", "on"),
    ("sla[tue]", "on"),
    ("sla[wed]", "on"),
    ("sla[thu]", "on"),
    ("sla[fri]", "on"),
];

/// Mon–Fri 09:00–17:00 Berlin; L 12 h / 24 h, M 16 h / 40 h; no plan 24 h to respond; urgent
/// tickets 4 h to respond whatever the plan.
fn settings() -> Vec<(&'static str, &'static str)> {
    let mut v = WEEKDAYS.to_vec();
    v.extend([
        ("sla[opens]", "09:00"),
        ("sla[closes]", "17:00"),
        ("sla[zone]", "Europe/Berlin"),
        ("sla[holidays]", "2026-04-03\n2026-04-06"),
        ("sla[plans][0][key]", "m"),
        ("sla[plans][0][response]", "16"),
        ("sla[plans][0][resolution]", "40 h"),
        ("sla[plans][1][key]", "l"),
        ("sla[plans][1][response]", "12"),
        ("sla[plans][1][resolution]", "24"),
        ("sla[without_plan][response]", "24"),
        ("sla[without_plan][resolution]", ""),
        ("sla[priorities][0][key]", "Urgent"),
        ("sla[priorities][0][response]", "4"),
        ("sla[priorities][0][resolution]", ""),
        ("sla[priorities][1][key]", ""),
        ("sla[priorities][1][response]", ""),
        ("sla[priorities][1][resolution]", ""),
    ]);
    v
}

fn json_of(r: &Reply) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

async fn ticket(app: &TestApp, token: &str, body: Value) {
    let url = format!("/api/v1/accounts/{DEMO_ACCOUNT_ID}/tickets");
    let r = api(app, "POST", &url, Some(token), Some(&body), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

async fn audit_lines(app: &TestApp) -> i64 {
    let counts = app.state.db.table_counts().await.unwrap();
    counts.iter().find(|(t, _)| t == "audit_log").unwrap().1
}

#[tokio::test]
async fn an_accounts_figures_count_its_tickets_in_business_hours_against_its_plan() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app.router, "admin@agency.example", "demo-admin-2026").await;
    let client = sign_in(&app.router, "client@acme.example", "demo-client-2026").await;
    // Before the agency saves service levels, there are no figures (and no panel).
    let r = call(
        &app.router,
        "/api/account_sla",
        &[("account_id", DEMO_ACCOUNT_ID)],
        Some(&client),
        &[],
    )
    .await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "null"));
    let r = call(
        &app.router,
        "/api/save_service_levels",
        &settings(),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    let t = token(&app, "Helpdesk", None).await;
    // Friday 16:00 → Monday 10:00: 2 business hours; resolved Tuesday 10:00: 10 hours.
    ticket(&app, &t, json!({"ticket_id": "1", "created_at": "2026-03-13T16:00:00+01:00",
        "first_response_at": "2026-03-16T10:00:00+01:00", "resolved_at": "2026-03-17T10:00:00+01:00"})).await;
    // Urgent: answered after 6 business hours (over its 4 h); open since Monday 09:00, so 24
    // business hours by the end of Wednesday 18 March (the demo's today): not over L's 24 h.
    ticket(&app, &t, json!({"ticket_id": "2", "priority": "urgent",
        "created_at": "2026-03-16T09:00:00+01:00", "first_response_at": "2026-03-16T15:00:00+01:00"})).await;
    // February: answered in 90 minutes.
    ticket(
        &app,
        &t,
        json!({"ticket_id": "3", "created_at": "2026-02-10T10:00:00+01:00",
        "first_response_at": "2026-02-10T11:30:00+01:00"}),
    )
    .await;

    let r = call(
        &app.router,
        "/api/account_sla",
        &[("account_id", DEMO_ACCOUNT_ID)],
        Some(&client),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let sla = json_of(&r);
    let months = sla["months"].as_array().unwrap();
    assert_eq!(months.len(), 13);
    assert_eq!(months[0]["month"], "2025-03");
    let march = &months[12];
    assert_eq!(march["month"], "2026-03");
    // Acme is on plan L: 12 h to respond, 24 h to resolve.
    assert_eq!(
        march["targets"],
        json!({"response": 720, "resolution": 1440})
    );
    assert_eq!(march["tickets"], 2);
    assert_eq!(
        march["response"],
        json!({"measured": 2, "average": 240, "p90": 360, "breaches": 1})
    );
    assert_eq!(
        march["resolution"],
        json!({"measured": 1, "average": 600, "p90": 600, "breaches": 0})
    );
    assert_eq!(months[11]["tickets"], 1);
    assert_eq!(months[11]["response"]["average"], 90);
    assert_eq!(sla["zone"], "Europe/Berlin");

    // A month invoice asks for its own month's figures only: February's invoice, February's
    // line as the account's figures count it; a pack invoice has none.
    let number_of = async |account: &str, wanted: fn(&billing::DocKey) -> bool| {
        let refs = app.state.db.doc_refs(account).await.unwrap();
        refs.into_iter()
            .find(|r| wanted(&r.key))
            .map(|r| r.number)
            .expect("the demo account has this document")
    };
    let february = number_of(DEMO_ACCOUNT_ID, |k| k.to_string() == "period:2026-02").await;
    let r = call(
        &app.router,
        "/api/invoice_sla",
        &[("number", &february)],
        Some(&client),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(json_of(&r), months[11]);
    let pack = number_of("initech", |k| matches!(k, billing::DocKey::Pack(_))).await;
    let r = call(
        &app.router,
        "/api/invoice_sla",
        &[("number", &pack)],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!((r.status, r.body.as_str()), (StatusCode::OK, "null"));
    // The invoice page shows February's figures, and embeds each resource once: the figures
    // are February's line, nothing of the other twelve months.
    let r = page(&app.router, &format!("/invoices/{february}"), Some(&client)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains("data-testid=\"invoice-sla\""),
        "the section"
    );
    let resources = crate::authz::embedded_resources(&r.body);
    let distinct: std::collections::HashSet<&String> = resources.iter().collect();
    assert_eq!(distinct.len(), resources.len(), "a resource embedded twice");
    let figures: Vec<Value> = resources
        .iter()
        .filter_map(|r| serde_json::from_str::<Value>(r).ok())
        .filter_map(|v| v.get("Ok").cloned())
        .filter(|v| v.get("tickets").is_some())
        .collect();
    assert_eq!(figures, vec![months[11].clone()]);

    // The client's dashboard shows the panel; the month invoice of March would show March's.
    let r = page(&app.router, "/accounts/acme", Some(&client)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("data-testid=\"sla-panel\""), "the panel");
    assert!(r.body.contains("4 h"), "March's average response");

    // The agency's year: Acme's three tickets and the total. February's ticket is still
    // unresolved, far past L's 24 h: a resolution breach of the year (not of March).
    let r = page(&app.router, "/service-levels.csv?year=2026", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let lines: Vec<&str> = r.body.lines().collect();
    assert_eq!(
        lines,
        [
            "account_id,account,tickets,responded,average_response_minutes,p90_response_minutes,\
             response_breaches,resolved,average_resolution_minutes,p90_resolution_minutes,\
             resolution_breaches",
            "acme,Acme GmbH,3,3,190,360,1,1,600,600,1",
            ",All accounts,3,3,190,360,1,1,600,600,1",
        ]
    );
}

#[tokio::test]
async fn bad_settings_are_refused_field_by_field_and_the_same_save_twice_is_one() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app.router, "admin@agency.example", "demo-admin-2026").await;
    let before = app.state.db.table_counts().await.unwrap();
    let mut bad: Vec<(&str, &str)> = settings()
        .into_iter()
        .filter(|(k, _)| !WEEKDAYS.iter().any(|(d, _)| d == k))
        .collect();
    for (k, v) in &mut bad {
        match *k {
            "sla[zone]" => *v = "Mars/Olympus",
            "sla[plans][1][response]" => *v = "soon",
            "sla[holidays]" => *v = "25.12.2026",
            _ => {}
        }
    }
    let r = call(
        &app.router,
        "/api/save_service_levels",
        &bad,
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for (field, words) in [
        ("holidays", "is not a date like 2026-12-25"),
        ("days", "choose at least one working day"),
        ("plans.1.response", "write the time as"),
    ] {
        assert!(
            r.body.contains(field) && r.body.contains(words),
            "{field}: {}",
            r.body
        );
    }
    // A plan no catalog has is refused too.
    let mut unknown = settings();
    for (k, v) in &mut unknown {
        if *k == "sla[plans][0][key]" {
            *v = "platinum";
        }
    }
    let r = call(
        &app.router,
        "/api/save_service_levels",
        &unknown,
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("no catalog has this plan"), "{}", r.body);
    assert_eq!(app.state.db.table_counts().await.unwrap(), before);
    assert_eq!(app.state.db.service_levels().await.unwrap(), None);

    // Saved once; the same settings again (another submission) change nothing.
    let lines = audit_lines(&app).await;
    for _ in 0..2 {
        let r = call(
            &app.router,
            "/api/save_service_levels",
            &settings(),
            Some(&admin),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    assert_eq!(audit_lines(&app).await, lines + 1);
    let saved = app.state.db.service_levels().await.unwrap().unwrap();
    assert_eq!(saved.priorities.keys().collect::<Vec<_>>(), ["urgent"]);
    assert_eq!(saved.calendar.holidays.len(), 2);

    // The yearly CSV: a year outside 2000…this year is refused in words.
    for year in ["abc", "1999", "2031", ""] {
        let r = page(
            &app.router,
            &format!("/service-levels.csv?year={year}"),
            Some(&admin),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{year}: {}",
            r.body
        );
        assert!(
            r.body.contains("choose a year from 2000 to 2026"),
            "{}",
            r.body
        );
    }
}

#[tokio::test]
async fn the_yearly_csv_needs_saved_service_levels() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app.router, "admin@agency.example", "demo-admin-2026").await;
    let r = page(&app.router, "/service-levels.csv?year=2026", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(
        r.body.contains("save the service levels first"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn the_demos_service_levels_show_on_acmes_dashboard_once_seeded() {
    let app = TestApp::spawn().await;
    let today = crate::support::today();
    for _ in 0..2 {
        service::storage::seed_demo_service(&app.state.db, today)
            .await
            .unwrap();
    }
    let tickets = service::storage::demo_tickets(today);
    let from = crate::support::ts("2025-01-01T00:00:00Z");
    let to = crate::support::ts("2027-01-01T00:00:00Z");
    let stored = app
        .state
        .db
        .tickets(DEMO_ACCOUNT_ID, from, to)
        .await
        .unwrap();
    assert_eq!(stored.len(), tickets.len(), "seeded once");
    assert!(stored.len() > 50, "{}", stored.len());
    for t in &stored {
        let answered = t.first_response_at.unwrap_or(t.created_at);
        assert!(t.created_at <= answered && t.resolved_at.is_none_or(|r| answered <= r));
    }
    let client = sign_in(&app.router, "client@acme.example", "demo-client-2026").await;
    let r = page(&app.router, "/accounts/acme", Some(&client)).await;
    assert!(
        r.body
            .contains("data-testid=\"sla-chart\" data-months=\"13\""),
        "the chart"
    );
    // Globex's client sees no panel: it has no tickets.
    let globex = sign_in(&app.router, "client@globex.example", "demo-client-2026").await;
    let r = page(&app.router, "/accounts/globex", Some(&globex)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(!r.body.contains("sla-panel"));
}
