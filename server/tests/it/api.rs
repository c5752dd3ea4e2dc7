//! The helpdesk API (`/api/v1`) over HTTP: tokens, idempotent writes, the form's rules and
//! refusals, what a token may see, and the OpenAPI document against the routes.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use service::commands::integrations::{create_token, revoke_token};
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{Reply, TestApp, answer, sign_in};

/// One API call: `body` as JSON when given, `token` as the bearer, `extra` headers.
pub async fn api(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    extra: &[(&str, &str)],
) -> Reply {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "127.0.0.1:3000");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    answer(&app.router, req.body(body).unwrap()).await
}

pub async fn token(app: &TestApp, name: &str, account: Option<&str>) -> String {
    create_token(&app.state, None, "test", name, account)
        .await
        .unwrap()
        .secret
}

pub fn work(external_id: &str, minutes: u32) -> Value {
    json!({
        "external_id": external_id,
        "ticket_id": "4711",
        "ticket_url": "https://help.example.com/tickets/4711",
        "title": "Printer offline after update",
        "note": "Reinstalled the driver.",
        "technician_email": "dana@agency.example",
        "minutes": minutes,
        "kind": "support",
        "date": "2026-03-17",
    })
}

async fn events(app: &TestApp, account: &str) -> usize {
    app.state.db.events(account).await.unwrap().len()
}

fn json_of(r: &Reply) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

const ENTRIES: &str = "/api/v1/accounts/acme/entries";

#[tokio::test]
async fn a_helpdesk_logs_work_once_however_often_it_sends_it() {
    let app = TestApp::spawn().await;
    let t = token(&app, "Zendesk", None).await;
    let before = events(&app, DEMO_ACCOUNT_ID).await;

    let first = api(
        &app,
        "POST",
        ENTRIES,
        Some(&t),
        Some(&work("zd-1", 45)),
        &[],
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.headers["idempotent-replayed"], "false");
    let entry = json_of(&first);
    assert_eq!(entry["external_id"], "zd-1");
    assert_eq!(entry["ticket_id"], "4711");
    assert_eq!(entry["technician"], "Dana Weber");
    assert_eq!(entry["minutes"], 45);
    assert_eq!(entry["currency"], "EUR");

    // The same work again, without a key: recognised by its external id.
    let again = api(
        &app,
        "POST",
        ENTRIES,
        Some(&t),
        Some(&work("zd-1", 45)),
        &[],
    )
    .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(json_of(&again), entry);
    // Other values under the same external id: a conflict, nothing stored.
    let other = api(
        &app,
        "POST",
        ENTRIES,
        Some(&t),
        Some(&work("zd-1", 50)),
        &[],
    )
    .await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.body);
    assert_eq!(json_of(&other)["error"], "conflict");
    assert_eq!(events(&app, DEMO_ACCOUNT_ID).await, before + 1);

    // With an Idempotency-Key: the same key and body answer the first result.
    let key = [("idempotency-key", "retry-7")];
    let keyed = api(
        &app,
        "POST",
        ENTRIES,
        Some(&t),
        Some(&work("zd-2", 30)),
        &key,
    )
    .await;
    assert_eq!(keyed.status, StatusCode::CREATED, "{}", keyed.body);
    let retried = api(
        &app,
        "POST",
        ENTRIES,
        Some(&t),
        Some(&work("zd-2", 30)),
        &key,
    )
    .await;
    assert_eq!(retried.status, StatusCode::CREATED);
    assert_eq!(retried.headers["idempotent-replayed"], "true");
    assert_eq!(json_of(&retried), json_of(&keyed));
    // The same key with another body is refused.
    let reused = api(
        &app,
        "POST",
        ENTRIES,
        Some(&t),
        Some(&work("zd-3", 30)),
        &key,
    )
    .await;
    assert_eq!(reused.status, StatusCode::CONFLICT, "{}", reused.body);
    assert_eq!(json_of(&reused)["error"], "idempotency_key_reused");
    assert_eq!(events(&app, DEMO_ACCOUNT_ID).await, before + 2);

    // Read back by external id, and in the balances.
    let read = api(&app, "GET", &format!("{ENTRIES}/zd-1"), Some(&t), None, &[]).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(json_of(&read), entry);
    let missing = api(
        &app,
        "GET",
        &format!("{ENTRIES}/zd-404"),
        Some(&t),
        None,
        &[],
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let balance = api(
        &app,
        "GET",
        "/api/v1/accounts/acme/balance",
        Some(&t),
        None,
        &[],
    )
    .await;
    assert_eq!(balance.status, StatusCode::OK, "{}", balance.body);
    let balance = json_of(&balance);
    assert_eq!(balance["this_month"]["month"], "2026-03");
    assert_eq!(balance["today"], "2026-03-18");
    let lots = balance["lots"].as_array().unwrap();
    let sum: u64 = lots
        .iter()
        .map(|l| l["available_minutes"].as_u64().unwrap())
        .sum();
    assert_eq!(balance["available_minutes"].as_u64().unwrap(), sum);
    // The balances are the replay's: the same as the ledger the pages read.
    let now = service::read::account_now(&app.state, DEMO_ACCOUNT_ID)
        .await
        .unwrap();
    let available: u32 = now.ledger.lots.iter().map(|l| l.available.get()).sum();
    assert_eq!(
        balance["available_minutes"].as_u64().unwrap(),
        u64::from(available)
    );
}

#[tokio::test]
async fn bad_input_is_refused_in_plain_words_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let t = token(&app, "Zendesk", None).await;
    let before = events(&app, DEMO_ACCOUNT_ID).await;
    let globex_before = events(&app, "globex").await;
    let with = |field: &str, value: Value| {
        let mut w = work("zd-bad", 45);
        w[field] = value;
        w
    };
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            with("surprise", json!(1)),
            StatusCode::BAD_REQUEST,
            "unknown field `surprise`",
        ),
        (
            with("minutes", json!("45")),
            StatusCode::BAD_REQUEST,
            "invalid type",
        ),
        (
            with("kind", json!("holiday")),
            StatusCode::BAD_REQUEST,
            "unknown variant `holiday`",
        ),
        (
            with("minutes", json!(0)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "minutes",
        ),
        (
            with("minutes", json!(1441)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "minutes",
        ),
        (
            with("date", json!("17.03.2026")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "date",
        ),
        (
            with("title", json!("  ")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "title",
        ),
        (
            with("ticket_url", json!("ftp://x")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "url",
        ),
        (
            with("external_id", json!("")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "external_id",
        ),
        (
            with("technician_email", json!("nobody@agency.example")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "technician_email",
        ),
        // A client is no technician.
        (
            with("technician_email", json!("client@acme.example")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "technician_email",
        ),
    ];
    for (body, status, says) in cases {
        let r = api(&app, "POST", ENTRIES, Some(&t), Some(&body), &[]).await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
        assert!(r.body.contains(says), "{body}: {}", r.body);
        assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    }
    // Dana is not assigned to Globex: she cannot have worked there.
    let r = api(
        &app,
        "POST",
        "/api/v1/accounts/globex/entries",
        Some(&t),
        Some(&work("g-1", 5)),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("technician_email"), "{}", r.body);
    assert_eq!(events(&app, "globex").await, globex_before);
    // Every bad field at once, each with its reason.
    let mut many = work("zd-bad", 0);
    many["date"] = json!("yesterday");
    many["title"] = json!("");
    let r = api(&app, "POST", ENTRIES, Some(&t), Some(&many), &[]).await;
    let fields: Vec<String> = json_of(&r)["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["date", "minutes", "title"], "{}", r.body);
    // Not JSON, a bad key, a body over the limit.
    let mut req = Request::post(ENTRIES)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::AUTHORIZATION, format!("Bearer {t}"));
    req = req.header(header::CONTENT_TYPE, "application/json");
    let r = answer(
        &app.router,
        req.body(Body::from("{\"external_id\":")).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = api(
        &app,
        "POST",
        ENTRIES,
        Some(&t),
        Some(&work("zd-k", 5)),
        &[("idempotency-key", "not a key")],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains("Idempotency-Key"), "{}", r.body);
    let huge = with("note", json!("x".repeat(70 * 1024)));
    let r = api(&app, "POST", ENTRIES, Some(&t), Some(&huge), &[]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.body);
    assert_eq!(json_of(&r)["error"], "too_large");
    assert_eq!(
        events(&app, DEMO_ACCOUNT_ID).await,
        before,
        "nothing was stored"
    );
}

/// A token (or none), extra headers, and what the refusal says.
type Refused<'a> = (Option<&'a str>, &'a [(&'a str, &'a str)], &'a str);

#[tokio::test]
async fn only_a_working_token_opens_the_api_and_only_for_its_accounts() {
    let app = TestApp::spawn().await;
    let all = token(&app, "Everything", None).await;
    let acme = token(&app, "Acme only", Some(DEMO_ACCOUNT_ID)).await;
    let revoked = token(&app, "Old", None).await;
    let old_id = app
        .state
        .db
        .api_tokens()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Old")
        .unwrap()
        .id;
    revoke_token(&app.state, None, "test", &old_id)
        .await
        .unwrap();
    let admin = sign_in(&app.router, "admin@agency.example", "demo-admin-2026").await;
    let unknown = format!("hbk_{}", "0".repeat(64));
    let before = events(&app, "globex").await;

    let refused: &[Refused] = &[
        (None, &[], "Bearer"),
        (Some(&unknown), &[], "not known"),
        (Some(&revoked), &[], "revoked"),
        (Some("hbk_short"), &[], "64 hex digits"),
        // A signed-in admin's session is no token.
        (None, &[("cookie", &admin)], "Bearer"),
    ];
    for path in [
        "/api/v1/accounts",
        "/api/v1/accounts/globex/balance",
        "/api/v1/accounts/globex/entries/x",
    ] {
        for (t, extra, says) in refused {
            let r = api(&app, "GET", path, *t, None, extra).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{path} {t:?}: {}",
                r.body
            );
            assert_eq!(r.headers[header::WWW_AUTHENTICATE], "Bearer");
            assert!(r.body.contains(says), "{path}: {}", r.body);
        }
    }
    for (t, _, _) in refused {
        let r = api(
            &app,
            "POST",
            "/api/v1/accounts/globex/entries",
            *t,
            Some(&work("g-1", 5)),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    }

    // A token for Acme sees Acme only; Globex answers as if it did not exist.
    let list = api(&app, "GET", "/api/v1/accounts", Some(&acme), None, &[]).await;
    let ids: Vec<Value> = json_of(&list)
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(ids, [json!("acme")]);
    for path in [
        "/api/v1/accounts/globex/balance",
        "/api/v1/accounts/globex/entries/x",
        "/api/v1/accounts/nowhere/balance",
    ] {
        let r = api(&app, "GET", path, Some(&acme), None, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
    }
    let r = api(
        &app,
        "POST",
        "/api/v1/accounts/globex/entries",
        Some(&acme),
        Some(&work("g-1", 5)),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    assert_eq!(
        json_of(&r)["message"],
        json_of(
            &api(
                &app,
                "GET",
                "/api/v1/accounts/nowhere/balance",
                Some(&all),
                None,
                &[]
            )
            .await
        )["message"]
            .as_str()
            .unwrap()
            .replace("nowhere", "globex")
    );
    let list = api(&app, "GET", "/api/v1/accounts", Some(&all), None, &[]).await;
    let ids: Vec<Value> = json_of(&list)
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(ids.len(), 3, "{}", list.body);
    assert_eq!(events(&app, "globex").await, before, "nothing was stored");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route_it_serves() {
    let app = TestApp::spawn().await;
    let r = api(&app, "GET", "/api/v1/openapi.json", None, None, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = json_of(&r);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let mut paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/api/v1/accounts",
            "/api/v1/accounts/{account}/balance",
            "/api/v1/accounts/{account}/entries",
            "/api/v1/accounts/{account}/entries/{external_id}",
            "/api/v1/accounts/{account}/tickets",
        ]
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["token"]["scheme"],
        "bearer"
    );
    let created = &doc["paths"]["/api/v1/accounts/{account}/entries"]["post"]["responses"]["201"];
    assert_eq!(created["links"]["entry"]["operationId"], "get_entry");
    let new_entry = &doc["components"]["schemas"]["NewEntry"];
    for field in ["external_id", "title", "minutes", "date"] {
        assert!(
            new_entry["required"]
                .as_array()
                .unwrap()
                .contains(&json!(field)),
            "{field}"
        );
    }
    // Who did the work: by e-mail or by helpdesk id, one of them (neither is required alone).
    for field in ["technician_email", "technician_id"] {
        assert!(new_entry["properties"][field].is_object(), "{field}");
        assert!(
            !new_entry["required"]
                .as_array()
                .unwrap()
                .contains(&json!(field)),
            "{field}"
        );
    }
}

#[tokio::test]
async fn a_tickets_times_are_recorded_once_each_as_the_helpdesk_learns_them() {
    let app = TestApp::spawn().await;
    let t = token(&app, "Zendesk", None).await;
    let acme_only = token(&app, "Acme", Some(DEMO_ACCOUNT_ID)).await;
    let url = "/api/v1/accounts/acme/tickets";
    let created =
        json!({"ticket_id": "4711", "priority": "High", "created_at": "2026-03-17T09:30:00+01:00"});
    let r = api(&app, "POST", url, Some(&t), Some(&created), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        json_of(&r),
        json!({"ticket_id": "4711", "priority": "high", "created_at": "2026-03-17T08:30:00Z",
               "first_response_at": null, "resolved_at": null})
    );
    // Later: the first response, then the resolution; each post adds what it knows.
    let mut answered = created.clone();
    answered["first_response_at"] = json!("2026-03-17T10:05:00+01:00");
    let r = api(
        &app,
        "POST",
        url,
        Some(&t),
        Some(&answered),
        &[("idempotency-key", "tk-1")],
    )
    .await;
    assert_eq!(
        json_of(&r)["first_response_at"],
        "2026-03-17T09:05:00Z",
        "{}",
        r.body
    );
    let resolved = json!({"ticket_id": "4711", "created_at": "2026-03-17T09:30:00+01:00",
                          "resolved_at": "2026-03-17T16:00:00+01:00"});
    let r = api(&app, "POST", url, Some(&t), Some(&resolved), &[]).await;
    let whole = json_of(&r);
    assert_eq!(whole["first_response_at"], "2026-03-17T09:05:00Z");
    assert_eq!(whole["resolved_at"], "2026-03-17T15:00:00Z");
    // The same again changes nothing; the key again answers the ticket as it is.
    let r = api(
        &app,
        "POST",
        url,
        Some(&t),
        Some(&answered),
        &[("idempotency-key", "tk-1")],
    )
    .await;
    assert_eq!(json_of(&r), whole);
    // Another value for a recorded time, the key with another body: 409, nothing changes.
    let mut other = answered.clone();
    other["first_response_at"] = json!("2026-03-17T11:00:00+01:00");
    let r = api(&app, "POST", url, Some(&t), Some(&other), &[]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body.contains("first_response_at"), "{}", r.body);
    let r = api(
        &app,
        "POST",
        url,
        Some(&t),
        Some(&other),
        &[("idempotency-key", "tk-1")],
    )
    .await;
    assert_eq!(json_of(&r)["error"], "idempotency_key_reused", "{}", r.body);
    // Bad values and shapes, another account, no token.
    let mut bad = created.clone();
    bad["created_at"] = json!("2026-03-17 09:30");
    bad["resolved_at"] = json!("2026-03-16T09:30:00Z");
    let r = api(&app, "POST", url, Some(&t), Some(&bad), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("created_at") && r.body.contains("offset"),
        "{}",
        r.body
    );
    let mut unknown = created.clone();
    unknown["sla"] = json!("4h");
    let r = api(&app, "POST", url, Some(&t), Some(&unknown), &[]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    let r = api(
        &app,
        "POST",
        "/api/v1/accounts/globex/tickets",
        Some(&acme_only),
        Some(&created),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let r = api(&app, "POST", url, None, Some(&created), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
    let from = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let to = chrono::DateTime::parse_from_rfc3339("2027-01-01T00:00:00Z")
        .unwrap()
        .to_utc();
    assert_eq!(
        app.state.db.tickets("acme", from, to).await.unwrap().len(),
        1
    );
    assert!(
        app.state
            .db
            .tickets("globex", from, to)
            .await
            .unwrap()
            .is_empty()
    );
}

/// The minutes the Reports quote on Initech counts as worked against it.
async fn redeemed(app: &TestApp) -> u32 {
    let now = service::read::account_now(&app.state, "initech")
        .await
        .unwrap();
    let q = now
        .ledger
        .quotes
        .iter()
        .find(|q| q.id == "q-reports")
        .unwrap();
    q.covered_minutes.get() + q.charged_minutes.get() + q.over_quote_minutes.get()
}

#[tokio::test]
async fn work_against_an_approved_quote_is_redeemed_and_against_an_open_one_refused() {
    let app = TestApp::spawn().await;
    let t = token(&app, "Zendesk", None).await;
    let url = "/api/v1/accounts/initech/entries";
    let before = events(&app, "initech").await;
    let redeemed_before = redeemed(&app).await;
    let on_quote = |id: &str, quote: &str| {
        let mut w = work(id, 60);
        w["technician_email"] = json!("luca@agency.example");
        w["kind"] = json!("project");
        w["quote"] = json!(quote);
        w
    };
    let r = api(
        &app,
        "POST",
        url,
        Some(&t),
        Some(&on_quote("q-1", "q-reports")),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let entry = json_of(&r);
    assert_eq!(entry["quote"], "q-reports");
    assert_eq!(entry["technician"], "Luca Rossi");
    // Redeemed against the quote: the quote now counts the hour (whatever lot paid for it).
    assert_eq!(redeemed(&app).await, redeemed_before + 60, "{entry}");
    // A quote the client has not approved: the rules refuse it, nothing is stored.
    let r = api(
        &app,
        "POST",
        url,
        Some(&t),
        Some(&on_quote("q-2", "q-sso")),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(json_of(&r)["error"], "refused", "{}", r.body);
    assert_eq!(events(&app, "initech").await, before + 1);
}

#[tokio::test]
async fn work_may_name_its_technician_by_the_helpdesk_id_an_admin_gave_them() {
    let app = TestApp::spawn().await;
    let t = token(&app, "Helpdesk", None).await;
    let admin = sign_in(&app.router, "admin@agency.example", "demo-admin-2026").await;
    let dana = app
        .state
        .db
        .user_by_email("dana@agency.example")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let set = |user: String, id: &'static str| {
        let admin = admin.clone();
        let router = app.router.clone();
        async move {
            crate::support::call(
                &router,
                "/api/set_helpdesk_id",
                &[("user_id", &user), ("helpdesk_id", id)],
                Some(&admin),
                &[],
            )
            .await
        }
    };
    let mut by_id = work("by-id-1", 30);
    by_id.as_object_mut().unwrap().remove("technician_email");
    by_id["technician_id"] = json!("agent-7");
    // Nobody has the id yet: refused, naming the field.
    let r = api(&app, "POST", ENTRIES, Some(&t), Some(&by_id), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("technician_id") && r.body.contains("helpdesk id"),
        "{}",
        r.body
    );
    let r = set(dana.clone(), " agent-7 ").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = api(&app, "POST", ENTRIES, Some(&t), Some(&by_id), &[]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(json_of(&r)["technician"], "Dana Weber");
    // The id is one person's: the admin cannot take it too.
    let admin_id = app
        .state
        .db
        .user_by_email("admin@agency.example")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    let r = set(admin_id, "agent-7").await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Both ways at once, or neither: refused with the other fields' errors.
    let mut both = work("by-id-2", 0);
    both["technician_id"] = json!("agent-7");
    let r = api(&app, "POST", ENTRIES, Some(&t), Some(&both), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body.contains("one of them") && r.body.contains("minutes"),
        "{}",
        r.body
    );
    let before = events(&app, DEMO_ACCOUNT_ID).await;
    let mut neither = work("by-id-3", 30);
    neither.as_object_mut().unwrap().remove("technician_email");
    let r = api(&app, "POST", ENTRIES, Some(&t), Some(&neither), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(events(&app, DEMO_ACCOUNT_ID).await, before);
}
