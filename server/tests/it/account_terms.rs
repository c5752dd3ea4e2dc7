//! An account's own VAT rate, standard rate and reverse charge (README "Changing prices"): an
//! admin changes them from the 1st of a later month; issued documents and the open month keep
//! theirs, the change has its audit line and shows on the Manage page; bad fields are named
//! and change nothing.

use axum::http::StatusCode;
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{TestApp, call, page, sign_in};

fn terms<'a>(
    account: &'a str,
    from: &'a str,
    vat: &'a str,
    reverse: &'a str,
    key: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("account_id", account),
        ("terms[from]", from),
        ("terms[vat_rate]", vat),
        ("terms[standard_rate]", ""),
        ("terms[reverse_charge]", reverse),
        ("submission", key),
    ]
}

fn error(body: &str) -> api::AppError {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn new_terms_start_in_a_later_month_and_change_no_document() {
    let app = TestApp::spawn().await;
    let (router, db) = (&app.router, &app.state.db);
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let documents = db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap();
    let draft_vat = |ledger: &billing::Ledger| {
        let march: billing::Month = "2026-03".parse().unwrap();
        let draft = ledger.invoices.iter().find(|i| i.month == Some(march));
        draft.map(|i| i.vat.iter().map(|v| v.rate).collect::<Vec<_>>())
    };
    let work_log = call(
        router,
        "/api/work_log",
        &[("account_id", DEMO_ACCOUNT_ID)],
        Some(&admin),
        &[],
    )
    .await;
    let data: api::model::WorkLogData = serde_json::from_str(&work_log.body).unwrap();
    let before = draft_vat(&data.ledger);
    assert!(before.is_some(), "March has a draft");

    let saved = call(
        router,
        "/api/change_terms",
        &terms(DEMO_ACCOUNT_ID, "2026-05", "9.5", "", "terms-1"),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let ledger: billing::Ledger = serde_json::from_str(&saved.body).unwrap();
    assert_eq!(draft_vat(&ledger), before, "March keeps its VAT");
    assert_eq!(
        db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap(),
        documents,
        "no issued document changes"
    );

    let audit = db.audit_of_account(DEMO_ACCOUNT_ID, 1).await.unwrap();
    assert_eq!(audit[0].action, "terms_changed");
    assert_eq!(audit[0].actor.as_deref(), Some("alex"));
    assert_eq!(audit[0].subject.as_deref(), Some("2026-05"));
    assert!(
        audit[0].detail.contains("VAT rate 9.5 %"),
        "{}",
        audit[0].detail
    );

    let manage = page(router, "/accounts/acme/manage", Some(&admin)).await;
    assert_eq!(manage.status, StatusCode::OK);
    assert!(manage.body.contains("VAT and rates"));
    assert!(
        manage.body.contains("9.5 % (this account&#x27;s)")
            || manage.body.contains("9.5 % (this account's)"),
        "the scheduled change is listed"
    );
}

#[tokio::test]
async fn bad_terms_are_named_and_change_nothing() {
    let app = TestApp::spawn().await;
    let (router, db) = (&app.router, &app.state.db);
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    // An account without a VAT ID cannot be reverse-charged.
    let created = call(
        router,
        "/api/create_account",
        &[
            ("account[id]", "hooli"),
            ("account[name]", "Hooli"),
            ("account[legal_name]", "Hooli XYZ"),
            ("account[address]", "Austin"),
            ("account[country]", "US"),
            ("account[vat_id]", ""),
            ("account[electronic_address]", ""),
            ("account[locale]", "en-US"),
            ("account[timezone]", "America/Chicago"),
            ("account[currency]", "EUR"),
            ("account[reverse_charge]", "false"),
            ("account[catalog]", ""),
        ],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    let cases = [
        (
            terms(DEMO_ACCOUNT_ID, "2026-03", "9.5", "", "bad-1"),
            "from",
            "rates change from the 1st of a month that has not begun: 2026-04-01 at the earliest",
        ),
        (
            terms(DEMO_ACCOUNT_ID, "2026-05", "abc", "", "bad-2"),
            "vat_rate",
            "",
        ),
        (
            terms(DEMO_ACCOUNT_ID, "2027-09", "", "", "bad-3"),
            "from",
            "the new terms' first day 2027-09-01 is more than 366 days after the day it is recorded (2026-03-18)",
        ),
        (
            terms("hooli", "2026-05", "", "true", "bad-4"),
            "reverse_charge",
            "reverse charge needs the customer's VAT ID",
        ),
    ];
    for (args, field, message) in cases {
        let account = args[0].1;
        let events = db.events(account).await.unwrap().len();
        let audit = db.audit_of_account(account, 100).await.unwrap().len();
        let r = call(router, "/api/change_terms", &args, Some(&admin), &[]).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{args:?}: {}",
            r.body
        );
        let e = error(&r.body);
        if !field.is_empty() {
            let reason = e.field(field).unwrap_or_else(|| panic!("{field}: {e:?}"));
            if !message.is_empty() {
                assert_eq!(reason.to_string(), message);
            }
        }
        assert_eq!(db.events(account).await.unwrap().len(), events);
        assert_eq!(
            db.audit_of_account(account, 100).await.unwrap().len(),
            audit
        );
    }
}
