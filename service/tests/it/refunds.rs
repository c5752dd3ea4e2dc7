//! A refund through the write path (POLICY §11 Refunds): stored with the minutes its credit note
//! refunds, and work logged afterwards but dated before it counts from the refund's day.

use billing::{EntryForm, EventKind, Minutes};
use chrono::NaiveDate;
use service::commands::entries::log_inner;
use service::commands::packs::{order_pack_inner, record_payment_inner, refund_pack_inner};
use service::storage::{DEMO_ACCOUNT_ID, DEMO_TECHNICIAN};

use crate::support;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 18).unwrap()
}

#[tokio::test]
async fn a_refund_is_stored_with_its_minutes_and_later_work_dated_before_it_counts_from_its_day() {
    let (_dir, state) = support::demo(today()).await;
    let invoice = order_pack_inner(&state, DEMO_ACCOUNT_ID, "block-10", None, None)
        .await
        .expect("ordered");
    let order = match invoice.invoice.key {
        billing::DocKey::Pack(o) => o,
        other => panic!("a pack invoice, not {other}"),
    };
    record_payment_inner(&state, DEMO_ACCOUNT_ID, &order, "PAY-77")
        .await
        .expect("paid");
    let note = refund_pack_inner(&state, DEMO_ACCOUNT_ID, &order)
        .await
        .expect("refunded");
    assert_eq!(note.invoice.lines[0].minutes, Some(Minutes::new(600)));

    let events = state.db.events(DEMO_ACCOUNT_ID).await.unwrap();
    let stored = events.last().expect("the refund");
    assert!(
        matches!(&stored.what, EventKind::PackRefunded { order: o, minutes: Some(m) }
            if *o == order && m.get() == 600),
        "stored with the minutes of its credit note: {stored:?}"
    );

    let late = log_inner(
        &state,
        DEMO_ACCOUNT_ID,
        DEMO_TECHNICIAN,
        EntryForm {
            date: "2026-03-16".into(),
            minutes: "30".into(),
            kind: "support".into(),
            title: "Printer queue stuck".into(),
            url: String::new(),
            note: String::new(),
            quote: String::new(),
        },
    )
    .await
    .expect("late work is logged");
    assert_eq!(late.date, NaiveDate::from_ymd_opt(2026, 3, 16).unwrap());
    assert_eq!(late.effective_date, today(), "the refund's day");
    let documents = state.db.documents(Some(DEMO_ACCOUNT_ID)).await.unwrap();
    let stored_note = documents
        .iter()
        .find(|d| d.number == note.number)
        .expect("the credit note");
    assert_eq!(
        stored_note.invoice, note.invoice,
        "the credit note as issued"
    );
}
