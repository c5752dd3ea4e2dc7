//! Documents frozen at issue, over HTTP (README "Documents"): an issued document keeps the
//! seller and buyer it was issued with, its due date and how to pay; new details reach only the
//! next document. The seller settings and account details name each bad field and change
//! nothing; the same form sent twice has one effect.

use axum::http::StatusCode;
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{TestApp, call, sign_in};

fn details(address: &'static str, days: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("account_id", DEMO_ACCOUNT_ID),
        ("details[name]", "Acme GmbH"),
        ("details[legal_name]", "Acme Software GmbH"),
        ("details[address]", address),
        ("details[country]", "DE"),
        ("details[vat_id]", "DE123456789"),
        ("details[electronic_address]", ""),
        ("details[payment_terms_days]", days),
    ]
}

fn page(body: &str) -> api::model::DocumentPage {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

#[tokio::test]
async fn an_issued_document_keeps_its_parties_and_the_next_one_has_the_new_details() {
    let app = TestApp::spawn().await;
    let (router, db) = (&app.router, &app.state.db);
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let before = db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap();
    let first = before
        .iter()
        .find(|d| d.parties.payment.is_some())
        .expect("the demo has an invoice");
    let shown = call(
        router,
        "/api/get_document",
        &[("number", first.number.as_str())],
        Some(&client),
        &[],
    )
    .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let shown = page(&shown.body);
    let payment = shown.doc.parties.payment.clone().unwrap();
    let bank = payment
        .bank
        .clone()
        .expect("the demo seller has a bank account");
    assert_eq!(bank.iban, "DE89370400440532013000");
    assert_eq!(payment.reference, first.number);
    let issued = first.invoice.issued_on.unwrap();
    assert_eq!(
        (payment.due_on - issued).num_days(),
        14,
        "the seller's terms"
    );

    let saved = call(
        router,
        "/api/save_account_details",
        &details("Neue Straße 9, 80331 München", "30"),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let audit = db.audit_of_account(DEMO_ACCOUNT_ID, 1).await.unwrap();
    assert_eq!(audit[0].action, "account_details_changed");
    assert_eq!(audit[0].detail, "address, payment terms");
    // Sent again: nothing changes, no second audit line.
    let again = call(
        router,
        "/api/save_account_details",
        &details("Neue Straße 9, 80331 München", "30"),
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(
        db.audit_of_account(DEMO_ACCOUNT_ID, 1).await.unwrap(),
        audit
    );

    // Every issued document is as it was.
    assert_eq!(db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap(), before);
    // The next one carries the new address and the account's 30 days.
    let ordered = call(
        router,
        "/api/order_pack",
        &[
            ("account_id", DEMO_ACCOUNT_ID),
            ("tier", "block-10"),
            ("hours", ""),
            ("seller", ""),
            ("submission", "order-after-move"),
        ],
        Some(&client),
        &[],
    )
    .await;
    assert_eq!(ordered.status, StatusCode::OK, "{}", ordered.body);
    let after = db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap();
    let new = after
        .iter()
        .find(|d| !before.iter().any(|b| b.number == d.number))
        .expect("the pack invoice");
    assert_eq!(new.parties.buyer.address, "Neue Straße 9, 80331 München");
    assert_eq!(new.parties.buyer.legal_name, "Acme Software GmbH");
    let p = new.parties.payment.as_ref().unwrap();
    assert_eq!((p.due_on - new.invoice.issued_on.unwrap()).num_days(), 30);
}

#[tokio::test]
async fn bad_settings_and_details_are_named_and_change_nothing() {
    let app = TestApp::spawn().await;
    let (router, db) = (&app.router, &app.state.db);
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let seller = db.seller().await.unwrap();
    let bad_seller = [
        ("seller[legal_name]", ""),
        ("seller[address]", "Torstraße 1"),
        ("seller[country]", "Germany"),
        ("seller[vat_id]", ""),
        ("seller[electronic_address]", ""),
        ("seller[email]", "not an email"),
        ("seller[iban]", "DE00 0000 0000 0000 0000 00"),
        ("seller[bic]", "XYZ"),
        ("seller[account_holder]", ""),
        ("seller[payment_terms_days]", "999"),
    ];
    let r = call(router, "/api/save_seller", &bad_seller, Some(&admin), &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let e: api::AppError = serde_json::from_str(&r.body).unwrap();
    for field in [
        "legal_name",
        "country",
        "email",
        "iban",
        "bic",
        "payment_terms_days",
    ] {
        assert!(e.field(field).is_some(), "{field}: {e:?}");
    }
    assert_eq!(db.seller().await.unwrap(), seller);

    // Globex is reverse-charged: it keeps its VAT ID.
    let account = db.account("globex").await.unwrap();
    let r = call(
        router,
        "/api/save_account_details",
        &[
            ("account_id", "globex"),
            ("details[name]", "Globex"),
            ("details[legal_name]", "Globex Corporation"),
            ("details[address]", "Dublin"),
            ("details[country]", "IE"),
            ("details[vat_id]", ""),
            ("details[electronic_address]", "peppol"),
            ("details[payment_terms_days]", ""),
        ],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let e: api::AppError = serde_json::from_str(&r.body).unwrap();
    assert!(e.field("electronic_address").is_some(), "{e:?}");
    let r = call(
        router,
        "/api/save_account_details",
        &[
            ("account_id", "globex"),
            ("details[name]", "Globex"),
            ("details[legal_name]", "Globex Corporation"),
            ("details[address]", "Dublin"),
            ("details[country]", "IE"),
            ("details[vat_id]", ""),
            ("details[electronic_address]", ""),
            ("details[payment_terms_days]", ""),
        ],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let e: api::AppError = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        e.field("vat_id").map(ToString::to_string).as_deref(),
        Some("reverse charge needs the customer's VAT ID")
    );
    assert_eq!(db.account("globex").await.unwrap(), account);
}

#[tokio::test]
async fn an_invoices_lines_and_a_periods_documents_download_as_csv() {
    let app = TestApp::spawn().await;
    let (router, db) = (&app.router, &app.state.db);
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let docs = db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap();
    let invoice = docs
        .iter()
        .find(|d| d.invoice.kind == billing::InvoiceKind::Period)
        .unwrap();

    let r = crate::support::page(
        router,
        &format!("/documents/{}/lines.csv", invoice.number),
        Some(&client),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut rows = csv::Reader::from_reader(r.body.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[..3], ["number", "line", "kind"]);
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let expected = invoice.invoice.lines.len() + invoice.invoice.costs.len();
    assert_eq!(records.len(), expected);
    let net_col = header.iter().position(|h| h == "net").unwrap();
    let sum: rust_decimal::Decimal = records
        .iter()
        .map(|r| r[net_col].parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(
        sum,
        invoice.invoice.net.decimal(),
        "the lines add up to the net"
    );
    assert!(records.iter().all(|r| &r[0] == invoice.number.as_str()));

    // The accountant's period: one row per document and VAT rate.
    let r = crate::support::page(
        router,
        "/documents.csv?from=2026-01-01&to=2026-12-31",
        Some(&admin),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut rows = csv::Reader::from_reader(r.body.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let all: Vec<_> = db
        .documents(None)
        .await
        .unwrap()
        .into_iter()
        .filter(|d| {
            d.invoice
                .issued_on
                .is_some_and(|on| on.to_string().starts_with("2026"))
        })
        .collect();
    assert!(all.len() >= 2, "the demo issued documents in 2026");
    let expected: usize = all.iter().map(|d| d.invoice.vat.len().max(1)).sum();
    assert_eq!(records.len(), expected);
    for d in &all {
        let mine: Vec<&csv::StringRecord> = records
            .iter()
            .filter(|r| &r[col("number")] == d.number.as_str())
            .collect();
        let net: rust_decimal::Decimal = mine
            .iter()
            .map(|r| {
                r[col("net")]
                    .parse::<rust_decimal::Decimal>()
                    .unwrap_or_default()
            })
            .sum();
        assert_eq!(net, d.invoice.net.decimal(), "{}", d.number);
        assert_eq!(&mine[0][col("currency")], d.currency.as_str());
        assert_eq!(
            &mine[0][col("refers_to")],
            d.refers_to.as_deref().unwrap_or_default()
        );
    }

    // Every line of the period, each row naming its document.
    let r = crate::support::page(
        router,
        "/documents/lines.csv?from=2026-01-01&to=2026-12-31",
        Some(&admin),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut rows = csv::Reader::from_reader(r.body.as_bytes());
    let lines: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let expected: usize = all
        .iter()
        .map(|d| d.invoice.lines.len() + d.invoice.costs.len())
        .sum();
    assert_eq!(lines.len(), expected);
    for d in &all {
        assert!(
            lines.iter().any(|l| &l[0] == d.number.as_str()),
            "{}",
            d.number
        );
    }

    // A period the wrong way round, longer than a year, or not a date: named, nothing sent.
    for (query, field) in [
        ("from=2026-03-01&to=2026-02-01", "to"),
        ("from=2025-01-01&to=2026-12-31", "to"),
        ("from=yesterday&to=2026-12-31", "from"),
        ("from=2026-01-01", "to"),
    ] {
        let r =
            crate::support::page(router, &format!("/documents.csv?{query}"), Some(&admin)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            r.body
        );
        assert!(r.body.starts_with(field), "{query}: {}", r.body);
    }
    let r = crate::support::page(
        router,
        "/documents.csv?from=2026-01-01&to=2026-01-31&account=nobody",
        Some(&admin),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_month_invoices_payment_is_recorded_once_and_ends_its_overdue() {
    let app = TestApp::spawn().await;
    let (router, db) = (&app.router, &app.state.db);
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let docs = db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap();
    let invoice = docs
        .iter()
        .find(|d| d.invoice.kind == billing::InvoiceKind::Period)
        .unwrap();
    let today = crate::support::today();
    let unpaid = app::components::invoices_list::Unpaid {
        today,
        keys: Vec::new(),
    };
    assert!(invoice.parties.payment.as_ref().unwrap().due_on < today);
    assert!(unpaid.overdue(&invoice.into()), "unpaid after its due date");
    let pay = |on: &'static str, reference: &'static str| {
        vec![
            ("number", invoice.number.clone()),
            ("paid_on", on.to_string()),
            ("reference", reference.to_string()),
        ]
    };
    let send = |args: Vec<(&'static str, String)>, who: String| async move {
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        call(
            router,
            "/api/record_invoice_payment",
            &args,
            Some(&who),
            &[],
        )
        .await
    };
    // Clients do not record payments.
    let r = send(pay("2026-03-10", "SEPA 4711"), client.clone()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Bad values are named and change nothing.
    for (on, reference, field) in [
        ("2026-02-01", "SEPA 4711", "paid_on"),
        ("2026-04-01", "SEPA 4711", "paid_on"),
        ("someday", "SEPA 4711", "paid_on"),
        ("2026-03-10", "", "reference"),
    ] {
        let r = send(pay(on, reference), admin.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{on} {reference}: {}",
            r.body
        );
        let e: api::AppError = serde_json::from_str(&r.body).unwrap();
        assert!(e.field(field).is_some(), "{e:?}");
    }
    assert_eq!(db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap(), docs);

    let r = send(pay("2026-03-10", "SEPA 4711"), admin.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let audit = db.audit_of_account(DEMO_ACCOUNT_ID, 1).await.unwrap();
    assert_eq!(audit[0].action, "invoice_paid");
    // The same again: the same answer, no second line; other values: 409.
    let again = send(pay("2026-03-10", "SEPA 4711"), admin.clone()).await;
    assert_eq!((again.status, again.body), (StatusCode::OK, r.body));
    assert_eq!(
        db.audit_of_account(DEMO_ACCOUNT_ID, 1).await.unwrap(),
        audit
    );
    let other = send(pay("2026-03-11", "SEPA 4712"), admin.clone()).await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.body);

    let paid = db.document(&invoice.number).await.unwrap().unwrap();
    assert_eq!(
        paid.paid
            .as_ref()
            .map(|p| (p.paid_on.to_string(), p.reference.clone())),
        Some(("2026-03-10".to_string(), "SEPA 4711".to_string()))
    );
    assert!(!unpaid.overdue(&(&paid).into()), "paid: not overdue");
    // A pack invoice is paid through its order.
    if let Some(pack) = docs
        .iter()
        .find(|d| d.invoice.kind == billing::InvoiceKind::Pack)
    {
        let args = vec![
            ("number", pack.number.clone()),
            ("paid_on", "2026-03-10".to_string()),
            ("reference", "X".to_string()),
        ];
        let r = send(args, admin.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
