//! The storage suite: every test runs on SQLite and on PostgreSQL, each on a fresh database.
//!
//! PostgreSQL comes from `HOURBANK_TEST_PG` (an admin URL; `scripts/with-postgres` sets it, using
//! the local server or a throwaway cluster). Without it the PostgreSQL half is skipped with a
//! loud message — except under `CI=true`, where it fails.

use std::collections::BTreeSet;

use api::AppError;
use billing::{Catalog, Currency, EntryForm, Event, EventKind, Minutes, Month, Rate};
use chrono::NaiveDate;
use service::commands::close::{close_all_inner, close_inner};
use service::commands::entries::{log_inner, remark_inner};
use service::commands::packs::{cancel_pack_inner, order_pack_inner, record_payment_inner};
use service::commands::quotes::{decide_inner, offer_inner};
use service::state::{AppState, Clock};
use service::storage::{AccountRecord, Db, Submission};

use crate::support::{self, Backend};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-03-05";

/// The agency's admin, who may change anyone's work.
fn agency() -> api::auth::Me {
    api::auth::Me {
        id: "admin".into(),
        name: "Agency Admin".into(),
        email: "admin@agency.example".into(),
        role: api::auth::Role::Admin,
        account_id: None,
        assigned: Vec::new(),
        language: None,
    }
}

/// A fresh, empty database of `backend` on this suite's day.
async fn fresh(backend: Backend) -> Option<(AppState, Option<tempfile::TempDir>, String)> {
    support::database(backend, day(TODAY)).await
}

macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                super::$name(crate::support::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                super::$name(crate::support::Backend::Postgres).await
            }
        }
    )*};
}

on_both!(
    issued_documents_and_events_are_immutable,
    closing_is_idempotent_gapless_and_only_after_the_month_ended,
    a_batch_changes_each_account_in_a_savepoint_of_its_own,
    bad_input_is_refused_and_stores_nothing,
    payments_are_idempotent_by_reference,
    stored_documents_equal_the_replay,
    one_write_issuing_documents_of_two_series_numbers_each_gapless,
    concurrent_redemptions_never_overdraw_and_replay_to_what_each_response_said,
    a_credit_back_in_a_closed_month_issues_a_credit_note_referring_to_the_invoice,
    accounts_carry_their_legal_details_and_bad_ones_are_refused,
    parallel_sign_in_attempts_never_beat_the_limit,
    an_unpaid_order_is_cancelled_by_a_credit_note_and_open_orders_are_bounded,
    an_entry_dated_outside_the_calendar_or_a_year_back_is_refused_and_stores_nothing,
    a_submission_is_applied_once_even_sent_at_the_same_moment,
    an_invitation_opens_once_and_the_audit_trail_is_append_only,
    catalog_versions_are_append_only_and_one_of_two_saves_wins,
    a_licence_is_renewed_once_under_concurrent_renewals,
    documents_keep_the_parties_they_were_issued_with,
    an_invoice_payment_is_recorded_once_under_concurrent_tries,
    a_tickets_times_are_each_recorded_once_under_concurrent_posts,
    service_levels_and_helpdesk_ids_are_kept_and_an_id_is_one_persons,
    two_servers_each_keeping_histories_see_every_event_once_in_order,
);

fn catalog() -> Catalog {
    serde_json::from_value(serde_json::json!({
        "currency": "EUR", "vat_rate": "22", "standard_rate": "60.00",
        "rollover_effective_from": "2024-05-01",
        "plans": [
            {"id": "L", "name": "L", "kind": "maintenance", "fee": "100.00", "included_minutes": 120, "overage_rate": "50.00"}
        ],
        "pack_tiers": [
            {"id": "10h", "name": "10 h pack", "minutes": 600, "rate": "95.00", "validity_months": 3, "seller": "developer"},
            {"id": "block", "name": "Hour block", "minutes": 300, "rate": "70.00", "seller": "agency"}
        ]
    }))
    .unwrap()
}

fn account(id: &str) -> AccountRecord {
    AccountRecord {
        id: id.into(),
        name: format!("Client {id}"),
        legal_name: format!("Client {id} GmbH"),
        address: "Hauptstraße 1, 10115 Berlin".into(),
        vat_id: Some("DE123456789".into()),
        country: "DE".into(),
        electronic_address: None,
        locale: "de-DE".into(),
        currency: Currency::parse("EUR").unwrap(),
        timezone: "Europe/Berlin".into(),
        reverse_charge: false,
        vat_rate: None,
        standard_rate: None,
        catalog: catalog(),
        opening_catalog: catalog(),
        payment_terms_days: None,
    }
}

/// An account on plan L since January, with one February support entry of `minutes`.
async fn on_plan(state: &AppState, id: &str, minutes: u32) {
    let start = day("2026-01-01");
    let plan = Event {
        on: start,
        what: EventKind::PlanSubscribed {
            plan: "L".into(),
            start,
            terms: None,
        },
    };
    state
        .db
        .create_account(&account(id), &[plan])
        .await
        .unwrap();
    log(
        state,
        id,
        "tech-tom",
        "2026-02-10",
        &minutes.to_string(),
        "support",
        "",
    )
    .await
    .unwrap();
}

async fn log(
    state: &AppState,
    account: &str,
    who: &str,
    date: &str,
    minutes: &str,
    kind: &str,
    quote: &str,
) -> Result<billing::EntryResult, AppError> {
    let form = EntryForm {
        date: date.into(),
        minutes: minutes.into(),
        kind: kind.into(),
        title: "Ticket".into(),
        url: "https://tickets.example/T-1".into(),
        note: String::new(),
        quote: quote.into(),
    };
    log_inner(state, account, who, form).await
}

async fn counts(state: &AppState) -> Vec<(String, i64)> {
    state.db.table_counts().await.unwrap()
}

async fn issued_documents_and_events_are_immutable(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 90).await;
    let doc = close_inner(&state, "acme", Month::of(day("2026-02-01")))
        .await
        .unwrap()
        .expect("an invoice");
    // January (plan fee only) was closed first.
    assert_eq!(doc.number, "2026-000002");
    let before = counts(&state).await;
    for statement in [
        "UPDATE documents SET total = '0.00'".to_string(),
        "DELETE FROM documents".to_string(),
        format!(
            "UPDATE documents SET body = '{{}}' WHERE number = '{}'",
            doc.number
        ),
        "UPDATE events SET payload = '{}'".to_string(),
        "DELETE FROM events".to_string(),
        "DELETE FROM snapshots".to_string(),
    ] {
        let err = state
            .db
            .execute_raw(&statement)
            .await
            .expect_err(&statement)
            .to_string();
        assert!(
            err.contains("immutable") || err.contains("append-only"),
            "{statement}: {err}"
        );
    }
    assert_eq!(counts(&state).await, before);
    assert_eq!(state.db.document(&doc.number).await.unwrap().unwrap(), doc);
}

async fn closing_is_idempotent_gapless_and_only_after_the_month_ended(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    for (i, id) in ["a1", "a2", "a3"].iter().enumerate() {
        on_plan(&state, id, 60 + 60 * i as u32).await;
    }
    let feb = Month::of(day("2026-02-01"));
    // January had no work but a plan fee: closing February closes January first.
    let closed = close_all_inner(&state, feb).await.unwrap();
    let numbers: Vec<String> = closed
        .iter()
        .map(|c| c.invoice.clone().unwrap().unwrap().number)
        .collect();
    // Each account's two invoices get consecutive numbers (its transaction holds the series'
    // counter until it commits); which account goes first is the database's choice when
    // several are closed at once (PostgreSQL).
    let mut in_order = numbers.clone();
    in_order.sort();
    assert_eq!(in_order, ["2026-000002", "2026-000004", "2026-000006"]);
    let all: Vec<String> = state
        .db
        .documents(None)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.number)
        .collect();
    assert_eq!(
        all,
        (1..=6).map(|n| format!("2026-{n:06}")).collect::<Vec<_>>(),
        "gapless"
    );
    // a3: 180 min on plan L = 120 included + 60 of January's unused 120, carried over.
    let a3 = closed[2].invoice.clone().unwrap().unwrap();
    assert_eq!(
        (a3.invoice.net.to_string(), a3.invoice.total.to_string()),
        ("100.00".into(), "122.00".into())
    );
    assert_eq!(
        a3.invoice
            .summary
            .as_ref()
            .map(|s| (s.carried_in.get(), s.carried_into_next_month.get())),
        Some((120, 60))
    );

    // Again: the same invoices, nothing stored.
    let before = counts(&state).await;
    let again = close_all_inner(&state, feb).await.unwrap();
    assert_eq!(
        again
            .iter()
            .map(|c| c.invoice.clone().unwrap().unwrap().number)
            .collect::<Vec<_>>(),
        numbers
    );
    assert_eq!(counts(&state).await, before);

    // March has not ended.
    let err = close_inner(&state, "a1", feb.next()).await.unwrap_err();
    assert!(
        matches!(
            &err,
            AppError::Refused(billing::Reason::Rule(
                billing::RuleViolation::MonthNotEnded { .. }
            ))
        ),
        "{err:?}"
    );
    assert_eq!(counts(&state).await, before);
}

/// `apply_each` (the month-end close's batches): one transaction, a savepoint per account. An
/// account refused before anything is written, and one whose write fails after its event, its
/// number and its invoice were written, both leave nothing behind — not a number, not an event,
/// not a history kept in memory — and the others in the batch are closed with gapless numbers.
async fn a_batch_changes_each_account_in_a_savepoint_of_its_own(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    let ids: Vec<String> = ["a1", "a2", "a3", "a4"].map(String::from).to_vec();
    for id in &ids {
        on_plan(&state, id, 60).await;
    }
    // a2's close will fail on its last insert: its January snapshot is already there.
    state
        .db
        .execute_raw(
            "INSERT INTO snapshots (account_id, month, seq, ledger) VALUES ('a2', '2026-01', 99, '{}')",
        )
        .await
        .unwrap();
    let events_before = [
        state.db.events("a2").await.unwrap(),
        state.db.events("a3").await.unwrap(),
    ];
    let feb = Month::of(day("2026-02-01"));
    let refusal = AppError::invalid("month", "a3 is refused by the test");
    let each = service::apply::apply_each(&state, &ids, |account, _, _, _| {
        if account.id == "a3" {
            return Err(refusal.clone());
        }
        Ok(Some(EventKind::MonthClosed { month: feb }))
    })
    .await
    .unwrap();
    let numbers = |i: usize| -> Vec<String> {
        each[i]
            .as_ref()
            .unwrap()
            .issued
            .iter()
            .map(|d| d.number.clone())
            .collect()
    };
    assert_eq!(numbers(0), ["2026-000001", "2026-000002"]);
    assert!(each[1].is_err(), "{:?}", each[1]);
    assert_eq!(each[2].as_ref().unwrap_err(), &refusal);
    assert_eq!(numbers(3), ["2026-000003", "2026-000004"], "gapless");
    let stored: Vec<String> = state
        .db
        .documents(None)
        .await
        .unwrap()
        .into_iter()
        .map(|d| format!("{} {}", d.account_id, d.number))
        .collect();
    assert_eq!(
        stored,
        [
            "a1 2026-000001",
            "a1 2026-000002",
            "a4 2026-000003",
            "a4 2026-000004"
        ]
    );
    let events_after = [
        state.db.events("a2").await.unwrap(),
        state.db.events("a3").await.unwrap(),
    ];
    assert_eq!(events_after, events_before, "nothing of a2 or a3 kept");

    // The whole close again: a1 and a4 answer with their invoices, a3 is closed now, a2 fails
    // again and alone.
    let closed = close_all_inner(&state, feb).await.unwrap();
    let answers: Vec<(String, Option<String>)> = closed
        .into_iter()
        .map(|c| (c.account_id, c.invoice.ok().flatten().map(|d| d.number)))
        .collect();
    assert_eq!(
        answers,
        [
            ("a1".to_string(), Some("2026-000002".to_string())),
            ("a2".to_string(), None),
            ("a3".to_string(), Some("2026-000006".to_string())),
            ("a4".to_string(), Some("2026-000004".to_string())),
        ]
    );
}

async fn bad_input_is_refused_and_stores_nothing(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 30).await;
    state
        .db
        .create_account(&account("other"), &[])
        .await
        .unwrap();
    let q = offer_inner(
        &state,
        "acme",
        "dev-ana",
        "Shop",
        "Filters",
        Minutes::new(480),
        Rate::parse("70").unwrap(),
    )
    .await
    .unwrap();
    let order = order_pack_inner(&state, "acme", "10h", None, Some("dev-ana".into()))
        .await
        .unwrap();
    let order_id = order.invoice.key.order().unwrap().to_string();
    record_payment_inner(&state, "acme", &order_id, "PAY-1")
        .await
        .unwrap();
    let before = counts(&state).await;

    let cases: Vec<(&str, Result<(), AppError>)> = vec![
        (
            "unknown account",
            log(
                &state,
                "nobody",
                "tech-tom",
                "2026-03-02",
                "30",
                "support",
                "",
            )
            .await
            .map(drop),
        ),
        (
            "zero minutes",
            log(&state, "acme", "tech-tom", "2026-03-02", "0", "support", "")
                .await
                .map(drop),
        ),
        (
            "negative minutes",
            log(
                &state,
                "acme",
                "tech-tom",
                "2026-03-02",
                "-15",
                "support",
                "",
            )
            .await
            .map(drop),
        ),
        (
            "absurd minutes",
            log(
                &state,
                "acme",
                "tech-tom",
                "2026-03-02",
                "100000",
                "support",
                "",
            )
            .await
            .map(drop),
        ),
        (
            "future date",
            log(
                &state,
                "acme",
                "tech-tom",
                "2026-03-06",
                "30",
                "support",
                "",
            )
            .await
            .map(drop),
        ),
        (
            "unapproved quote",
            log(
                &state,
                "acme",
                "dev-ana",
                "2026-03-02",
                "30",
                "project",
                &q.id,
            )
            .await
            .map(drop),
        ),
        (
            "quote of another account",
            log(
                &state,
                "other",
                "dev-ana",
                "2026-03-02",
                "30",
                "project",
                &q.id,
            )
            .await
            .map(drop),
        ),
        (
            "unknown tier",
            order_pack_inner(&state, "acme", "99h", None, None)
                .await
                .map(drop),
        ),
        (
            "developer tier without seller",
            order_pack_inner(&state, "acme", "10h", None, None)
                .await
                .map(drop),
        ),
        (
            "paying a paid order again",
            record_payment_inner(&state, "acme", &order_id, "PAY-2")
                .await
                .map(drop),
        ),
        (
            "paying an unknown order",
            record_payment_inner(&state, "acme", "o999", "PAY-3")
                .await
                .map(drop),
        ),
        (
            "unknown quote decision",
            decide_inner(&state, &agency(), "acme", &q.id, "maybe")
                .await
                .map(drop),
        ),
    ];
    for (what, result) in &cases {
        assert!(result.is_err(), "{what} must be refused");
    }
    let statuses: Vec<(&str, u16)> = cases
        .iter()
        .map(|(w, r)| (*w, r.clone().unwrap_err().status()))
        .collect();
    assert_eq!(
        statuses,
        [
            ("unknown account", 404),
            ("zero minutes", 422),
            ("negative minutes", 422),
            ("absurd minutes", 422),
            ("future date", 422),
            ("unapproved quote", 422),
            ("quote of another account", 404),
            ("unknown tier", 404),
            ("developer tier without seller", 422),
            ("paying a paid order again", 409),
            ("paying an unknown order", 404),
            ("unknown quote decision", 422),
        ]
    );
    assert_eq!(counts(&state).await, before, "nothing stored");

    // Approved, but redeemed by another developer: refused too.
    decide_inner(&state, &agency(), "acme", &q.id, "approve")
        .await
        .unwrap();
    let before = counts(&state).await;
    let err = log(
        &state,
        "acme",
        "dev-bob",
        "2026-03-02",
        "30",
        "project",
        &q.id,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            &err,
            AppError::Refused(billing::Reason::Rule(
                billing::RuleViolation::QuoteOfAnotherDeveloper { developer, .. }
            )) if developer == "dev-ana"
        ),
        "{err:?}"
    );
    assert_eq!(counts(&state).await, before);
    // Its own developer redeems it.
    let e = log(
        &state,
        "acme",
        "dev-ana",
        "2026-03-02",
        "30",
        "project",
        &q.id,
    )
    .await
    .unwrap();
    assert_eq!(e.parts[0].source, billing::Source::Allowance);
}

async fn payments_are_idempotent_by_reference(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    state
        .db
        .create_account(&account("acme"), &[])
        .await
        .unwrap();
    let inv = order_pack_inner(&state, "acme", "10h", None, Some("dev-ana".into()))
        .await
        .unwrap();
    assert_eq!(
        (inv.number.as_str(), inv.invoice.total.to_string().as_str()),
        ("2026-000001", "1159.00")
    );
    let order = inv.invoice.key.order().unwrap().to_string();
    // Ordering grants nothing.
    let events = state.db.events("acme").await.unwrap();
    assert_eq!(events.len(), 1);
    let first = record_payment_inner(&state, "acme", &order, "PAY-77")
        .await
        .unwrap();
    let lot = first.lot.clone().expect("hours granted on payment");
    assert_eq!(
        (lot.granted, lot.last_day),
        (Minutes::new(600), Some(day("2026-06-04")))
    );
    let before = counts(&state).await;
    let again = record_payment_inner(&state, "acme", &order, "PAY-77")
        .await
        .unwrap();
    assert!(first.new && !again.new);
    assert_eq!(again.lot, first.lot);
    assert_eq!(counts(&state).await, before);
}

/// Every stored document equals what `billing::replay` of the stored history says, figure for
/// figure (the demo data included).
async fn stored_documents_equal_the_replay(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    service::storage::seed_demo(&state.db, day(TODAY))
        .await
        .unwrap();
    on_plan(&state, "beta", 200).await;
    let feb = Month::of(day("2026-02-01"));
    let closed = close_all_inner(&state, feb).await.unwrap();
    assert!(closed.iter().all(|c| c.invoice.is_ok()), "{closed:?}");
    for account in state.db.accounts().await.unwrap() {
        let history = account.history(
            state.db.events(&account.id).await.unwrap(),
            Some(day(TODAY)),
        );
        let ledger = billing::replay(&history).unwrap();
        let docs = state.db.documents(Some(&account.id)).await.unwrap();
        assert!(!docs.is_empty(), "{} has invoices", account.id);
        for doc in docs {
            let replayed = ledger
                .invoices
                .iter()
                .chain(&ledger.pack_invoices)
                .chain(&ledger.credit_notes)
                .find(|i| i.key == doc.invoice.key)
                .unwrap_or_else(|| panic!("{} {} is in the replay", account.id, doc.invoice.key));
            assert_eq!(&doc.invoice, replayed, "{} {}", account.id, doc.number);
        }
    }
}

/// One write that issues several documents at once — an account opened with a history: a closed
/// month, a pack order and its cancellation — numbers each series and year gapless in the order
/// the documents come (invoices, packs, credit notes), a credit note names the invoice issued in
/// the same write, and the next write continues each series where it stopped.
async fn one_write_issuing_documents_of_two_series_numbers_each_gapless(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    let ev = |on: &str, what| Event { on: day(on), what };
    let history = [
        ev(
            "2026-01-01",
            EventKind::PlanSubscribed {
                plan: "L".into(),
                start: day("2026-01-01"),
                terms: None,
            },
        ),
        ev(
            "2026-01-05",
            EventKind::PackOrdered {
                order: "o1".into(),
                tier: "block".into(),
                hours: None,
                seller: None,
                terms: None,
            },
        ),
        ev(
            "2026-01-06",
            EventKind::PackCancelled { order: "o1".into() },
        ),
        ev(
            "2026-02-01",
            EventKind::MonthClosed {
                month: Month::of(day("2026-01-01")),
            },
        ),
    ];
    state
        .db
        .create_account(&account("opened"), &history)
        .await
        .unwrap();
    let docs = state.db.documents(Some("opened")).await.unwrap();
    let numbered: Vec<(String, String, Option<String>)> = docs
        .iter()
        .map(|d| {
            (
                d.invoice.key.to_string(),
                d.number.clone(),
                d.refers_to.clone(),
            )
        })
        .collect();
    let n = |key: &str, number: &str, refers: Option<&str>| {
        (
            key.to_string(),
            number.to_string(),
            refers.map(str::to_string),
        )
    };
    let mut expected = vec![
        n("period:2026-01", "2026-000001", None),
        n("pack:o1", "2026-000002", None),
        n("cancel:o1", "CN-2026-000001", Some("2026-000002")),
    ];
    let mut got = numbered.clone();
    got.sort_by(|a, b| a.1.cmp(&b.1));
    expected.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(got, expected);
    // Each document has its frozen parties, and the closed month its snapshot.
    for d in &docs {
        assert_eq!(
            d.parties.buyer.legal_name, "Client opened GmbH",
            "{}",
            d.number
        );
        assert_eq!(
            d.parties.payment.is_some(),
            !d.number.starts_with("CN-"),
            "{}",
            d.number
        );
    }
    rows_read_from_columns_equal_the_documents(&state, "opened").await;
    let counted = counts(&state).await;
    let count = |table: &str| counted.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
    assert_eq!(count("snapshots"), Some(1), "{counted:?}");
    // (`documents` reads each document joined with its parties: three read back, three stored.)
    assert_eq!(count("documents"), Some(3), "{counted:?}");
    assert_eq!(
        count("counters"),
        Some(2),
        "one per series and year: {counted:?}"
    );

    // The next write continues the invoices' series.
    on_plan(&state, "next", 60).await;
    let doc = close_inner(&state, "next", Month::of(day("2026-02-01")))
        .await
        .unwrap()
        .expect("an invoice");
    assert_eq!(doc.number, "2026-000004", "January's is 2026-000003");
}

/// 32 redemptions race for an account's last prepaid hour: none overdraws it, and the stored
/// history, replayed serially, gives every entry exactly the parts its response reported.
async fn concurrent_redemptions_never_overdraw_and_replay_to_what_each_response_said(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    state
        .db
        .create_account(&account("acme"), &[])
        .await
        .unwrap();
    let q = offer_inner(
        &state,
        "acme",
        "dev-ana",
        "Shop",
        "Filters",
        Minutes::new(3000),
        Rate::parse("70").unwrap(),
    )
    .await
    .unwrap();
    decide_inner(&state, &agency(), "acme", &q.id, "approve")
        .await
        .unwrap();
    let inv = order_pack_inner(&state, "acme", "10h", None, Some("dev-ana".into()))
        .await
        .unwrap();
    record_payment_inner(&state, "acme", inv.invoice.key.order().unwrap(), "PAY-1")
        .await
        .unwrap();
    // 540 of 600 minutes used: one hour left.
    log(
        &state,
        "acme",
        "dev-ana",
        "2026-03-05",
        "540",
        "project",
        &q.id,
    )
    .await
    .unwrap();

    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let state = state.clone();
            let quote = q.id.clone();
            tokio::spawn(async move {
                log(
                    &state,
                    "acme",
                    "dev-ana",
                    "2026-03-05",
                    "25",
                    "project",
                    &quote,
                )
                .await
            })
        })
        .collect();
    let mut reported = Vec::new();
    for t in tasks {
        reported.push(t.await.unwrap().expect("every redemption is accepted"));
    }
    let from_pack: u32 = reported
        .iter()
        .flat_map(|e| &e.parts)
        .filter(|p| p.source == billing::Source::Pack)
        .map(|p| p.minutes.get())
        .sum();
    assert_eq!(from_pack, 60, "exactly the last hour came from the pack");
    let charged: u32 = reported
        .iter()
        .flat_map(|e| &e.parts)
        .filter(|p| p.source == billing::Source::Quote)
        .map(|p| p.minutes.get())
        .sum();
    assert_eq!(
        charged,
        32 * 25 - 60,
        "the rest is charged at the quote's rate"
    );

    let account = state.db.account("acme").await.unwrap().unwrap();
    let history = account.history(state.db.events("acme").await.unwrap(), Some(day(TODAY)));
    let ledger = billing::replay(&history).unwrap();
    let pack = ledger
        .lots
        .iter()
        .find(|l| l.origin == billing::Origin::Pack)
        .unwrap();
    assert_eq!(
        (pack.consumed, pack.available),
        (Minutes::new(600), Minutes::new(0))
    );
    for r in &reported {
        let stored = ledger.entries.iter().find(|e| e.id == r.id).unwrap();
        assert_eq!(
            stored.parts, r.parts,
            "entry {} replays to what its response said",
            r.id
        );
    }
    let ids: BTreeSet<_> = reported.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(ids.len(), 32);
}

async fn a_credit_back_in_a_closed_month_issues_a_credit_note_referring_to_the_invoice(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 300).await;
    let invoice = close_inner(&state, "acme", Month::of(day("2026-02-01")))
        .await
        .unwrap()
        .unwrap();
    // February's entry (e2 after the subscription): 120 allowance + 120 carried over from
    // January + 60 overage at 50.00/h = 50.00.
    let e = remark_inner(&state, &agency(), "acme", "e2", billing::EntryKind::Bug)
        .await
        .unwrap();
    assert_eq!(e.credited_back_on, Some(day(TODAY)));
    let docs = state.db.documents(Some("acme")).await.unwrap();
    // The pages' number-by-key list reads the same documents without their bodies.
    let refs: Vec<(String, String)> = state
        .db
        .doc_refs("acme")
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.key.to_string(), r.number))
        .collect();
    let expected: Vec<(String, String)> = docs
        .iter()
        .map(|d| (d.invoice.key.to_string(), d.number.clone()))
        .collect();
    assert_eq!(refs, expected);
    assert!(refs.len() >= 2, "{refs:?}");
    rows_read_from_columns_equal_the_documents(&state, "acme").await;
    let note = docs
        .iter()
        .find(|d| d.invoice.kind == billing::InvoiceKind::CreditNote)
        .expect("a credit note");
    assert_eq!(note.number, "CN-2026-000001");
    assert_eq!(note.refers_to.as_deref(), Some(invoice.number.as_str()));
    assert_eq!(
        (note.invoice.net.to_string(), note.invoice.total.to_string()),
        ("-50.00".into(), "-61.00".into())
    );
    // The 120 allowance minutes come back as a credit lot (February's allowance has ended); the
    // 120 carried-over minutes return to their open-ended carryover lot.
    let history = state
        .db
        .account("acme")
        .await
        .unwrap()
        .unwrap()
        .history(state.db.events("acme").await.unwrap(), Some(day(TODAY)));
    let ledger = billing::replay(&history).unwrap();
    let credit: u32 = ledger
        .lots
        .iter()
        .filter(|l| l.origin == billing::Origin::Credit)
        .map(|l| l.available.get())
        .sum();
    assert_eq!(credit, 120);
    let carry = ledger
        .lots
        .iter()
        .find(|l| &*l.id == "carryover:2026-01")
        .unwrap();
    assert_eq!(
        (carry.returned, carry.available),
        (Minutes::new(120), Minutes::new(120))
    );
    // The invoice itself is unchanged.
    assert_eq!(
        state.db.document(&invoice.number).await.unwrap().unwrap(),
        invoice
    );
}

/// Two servers, each with its own connection pool, close the same 24 accounts at once on
/// PostgreSQL: every account gets exactly one invoice and the numbers are 1..=24, no gap.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_closing_at_once_issue_no_duplicate_and_no_missing_number() {
    let Some((state, _dir, url)) = fresh(Backend::Postgres).await else {
        return;
    };
    for i in 0..24 {
        on_plan(&state, &format!("c{i:02}"), 30 + i).await;
    }
    let server = |url: String| async move {
        let state = AppState::new(Db::connect(&url).await.unwrap(), Clock::Fixed(day(TODAY)));
        close_all_inner(&state, "2026-01".parse().unwrap()).await
    };
    let (a, b) = tokio::join!(
        tokio::spawn(server(url.clone())),
        tokio::spawn(server(url.clone()))
    );
    for closed in [a.unwrap().unwrap(), b.unwrap().unwrap()] {
        assert!(closed.iter().all(|c| c.invoice.is_ok()), "{closed:?}");
    }
    let docs = state.db.documents(None).await.unwrap();
    let numbers: Vec<String> = docs.iter().map(|d| d.number.clone()).collect();
    assert_eq!(
        numbers,
        (1..=24).map(|n| format!("2026-{n:06}")).collect::<Vec<_>>()
    );
    let accounts: BTreeSet<&str> = docs.iter().map(|d| d.account_id.as_str()).collect();
    assert_eq!(accounts.len(), 24, "one invoice per account");
}

async fn accounts_carry_their_legal_details_and_bad_ones_are_refused(b: Backend) {
    use api::model::NewAccount;
    use service::commands::accounts::create_account_inner;
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    let good = NewAccount {
        id: "nordwind".into(),
        name: "Nordwind".into(),
        legal_name: "Nordwind Logistik AG".into(),
        address: "Am Hafen 3, 20457 Hamburg".into(),
        country: "at".into(),
        vat_id: "ATU12345678".into(),
        electronic_address: "9915:nordwind".into(),
        locale: "de-AT".into(),
        timezone: "Europe/Vienna".into(),
        currency: "EUR".into(),
        reverse_charge: true,
        catalog: String::new(),
    };
    let before = counts(&state).await;
    let bad = [
        (
            "currency",
            NewAccount {
                currency: "USD".into(),
                ..good.clone()
            },
        ),
        (
            "currency",
            NewAccount {
                currency: "EURO".into(),
                ..good.clone()
            },
        ),
        (
            "country",
            NewAccount {
                country: "Austria".into(),
                ..good.clone()
            },
        ),
        (
            "timezone",
            NewAccount {
                timezone: "Mars/Olympus".into(),
                ..good.clone()
            },
        ),
        (
            "id",
            NewAccount {
                id: "no spaces please".into(),
                ..good.clone()
            },
        ),
        (
            "legal_name",
            NewAccount {
                legal_name: " ".into(),
                ..good.clone()
            },
        ),
        (
            "vat_id",
            NewAccount {
                vat_id: "".into(),
                ..good.clone()
            },
        ),
    ];
    for (field, account) in bad {
        let err = create_account_inner(&state, account).await.unwrap_err();
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    assert_eq!(counts(&state).await, before, "nothing stored");
    create_account_inner(&state, good.clone()).await.unwrap();
    let stored = state.db.account("nordwind").await.unwrap().unwrap();
    assert_eq!(
        (
            stored.country.as_str(),
            stored.electronic_address.as_deref(),
            stored.locale.as_str(),
            stored.reverse_charge
        ),
        ("AT", Some("9915:nordwind"), "de-AT", true)
    );
    let err = create_account_inner(&state, good).await.unwrap_err();
    assert_eq!(err.status(), 409);
    // The seller's own details live in the deployment's settings.
    assert_eq!(state.db.seller().await.unwrap(), None);
    state
        .db
        .set_seller(&service::storage::demo_seller(), None)
        .await
        .unwrap();
    assert_eq!(
        state.db.seller().await.unwrap(),
        Some(service::storage::demo_seller())
    );
}

/// Sixteen attempts at once for one key with a limit of five: exactly five are admitted (each
/// attempt is written before it is counted), whatever the interleaving; a forgotten (successful)
/// attempt frees its place.
async fn parallel_sign_in_attempts_never_beat_the_limit(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    let now = chrono::Utc::now();
    let since = support::ts("2000-01-01T00:00:00Z");
    let tries = (0..16).map(|i| {
        let db = state.db.clone();
        tokio::spawn(async move {
            let keys = [("email:x@example.com".to_string(), 5)];
            let attempt = format!("attempt-{i}");
            db.claim_sign_in_attempt(&keys, &attempt, now, since)
                .await
                .unwrap()
                .then_some(attempt)
        })
    });
    let mut admitted = Vec::new();
    for t in tries {
        admitted.extend(t.await.unwrap());
    }
    assert_eq!(admitted.len(), 5, "{admitted:?}");
    assert_eq!(
        state
            .db
            .sign_in_failures_since("email:x@example.com", since)
            .await
            .unwrap(),
        5,
        "refused attempts leave no row"
    );
    state.db.forget_sign_in_attempt(&admitted[0]).await.unwrap();
    let keys = [("email:x@example.com".to_string(), 5)];
    assert!(
        state
            .db
            .claim_sign_in_attempt(&keys, "late", now, since)
            .await
            .unwrap()
    );
    assert!(
        !state
            .db
            .claim_sign_in_attempt(&keys, "later", now, since)
            .await
            .unwrap()
    );
}

async fn an_unpaid_order_is_cancelled_by_a_credit_note_and_open_orders_are_bounded(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    state
        .db
        .create_account(&account("acme"), &[])
        .await
        .unwrap();
    let mut orders = Vec::new();
    for _ in 0..billing::events::MAX_OPEN_ORDERS {
        orders.push(
            order_pack_inner(&state, "acme", "block", None, None)
                .await
                .unwrap(),
        );
    }
    let before = counts(&state).await;
    let refused = order_pack_inner(&state, "acme", "block", None, None)
        .await
        .unwrap_err();
    assert_eq!(refused.status(), 422, "{refused}");
    assert!(
        refused.to_string().contains("unpaid pack orders"),
        "{refused}"
    );
    assert_eq!(
        counts(&state).await,
        before,
        "a refused order issues no number"
    );
    let first = &orders[0];
    let order = first.invoice.key.order().unwrap().to_string();
    let note = cancel_pack_inner(&state, "acme", &order).await.unwrap();
    assert_eq!(note.number, "CN-2026-000001");
    assert_eq!(note.refers_to.as_deref(), Some(first.number.as_str()));
    assert_eq!(note.invoice.total, -first.invoice.total);
    // Cancelling again answers with the same credit note and stores nothing.
    let after = counts(&state).await;
    let again = cancel_pack_inner(&state, "acme", &order).await.unwrap();
    assert_eq!(again.number, note.number);
    assert_eq!(counts(&state).await, after);
    // The cancelled order cannot be paid; a new order fits again.
    let pay = record_payment_inner(&state, "acme", &order, "PAY-1")
        .await
        .unwrap_err();
    assert_eq!(pay.status(), 409, "{pay}");
    order_pack_inner(&state, "acme", "block", None, None)
        .await
        .unwrap();
}

async fn an_entry_dated_outside_the_calendar_or_a_year_back_is_refused_and_stores_nothing(
    b: Backend,
) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 30).await;
    let before = counts(&state).await;
    for date in ["-262143-01-01", "0000-01-01", "1900-01-01", "2025-03-03"] {
        let e = log(&state, "acme", "tech-tom", date, "30", "support", "")
            .await
            .unwrap_err();
        assert!(e.field("date").is_some(), "{date}: {e}");
        assert_eq!(e.status(), 422);
    }
    assert_eq!(counts(&state).await, before);
    // A year back (366 days before 2026-03-05) is still accepted.
    log(
        &state,
        "acme",
        "tech-tom",
        "2025-03-04",
        "30",
        "support",
        "",
    )
    .await
    .unwrap();
}

/// One submission, one effect, on both databases: the key is recorded in the transaction of
/// the change, under the account's lock, so a repeat — also a concurrent one — appends nothing
/// and answers with the first result; the same key for other values is refused.
async fn a_submission_is_applied_once_even_sent_at_the_same_moment(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 30).await;
    let submission = |key: &str, minutes: &str| {
        Submission::new("tom", key, "log_entry", &("acme", minutes)).unwrap()
    };
    let once = state.submitting(submission("k1", "45"));
    let tries = (0..8).map(|_| {
        let once = once.clone();
        tokio::spawn(async move {
            log(&once, "acme", "tech-tom", "2026-03-02", "45", "support", "").await
        })
    });
    let mut ids = BTreeSet::new();
    for t in tries {
        ids.insert(t.await.unwrap().expect("every try answers").id.to_string());
    }
    assert_eq!(ids.len(), 1, "every answer names the one entry: {ids:?}");
    let events = state.db.events("acme").await.unwrap();
    assert_eq!(
        events.len(),
        3,
        "plan, February's entry, and one entry for eight tries"
    );
    let before = counts(&state).await;

    // The same key with other values: refused, nothing stored.
    let other = state.submitting(submission("k1", "50"));
    let refused = log(
        &other,
        "acme",
        "tech-tom",
        "2026-03-02",
        "50",
        "support",
        "",
    )
    .await;
    assert!(
        matches!(refused, Err(AppError::SubmissionReused)),
        "{refused:?}"
    );
    assert_eq!(counts(&state).await, before);

    // A refusal records nothing: the key stays free for the corrected form.
    let bad = state.submitting(submission("k2", "45"));
    let refused = log(&bad, "acme", "tech-tom", "2025-01-02", "45", "support", "").await;
    assert!(refused.is_err());
    assert_eq!(counts(&state).await, before);
    let fixed = log(&bad, "acme", "tech-tom", "2026-03-03", "45", "support", "").await;
    assert!(fixed.is_ok(), "{fixed:?}");

    // Keys are kept for KEEP_DAYS: the user's older ones go when they next submit; another
    // user's stay until that user submits.
    for (user, key, at) in [
        ("tom", "old", "2020-01-01T00:00:00.000Z"),
        ("eve", "old", "2020-01-01T00:00:00.000Z"),
    ] {
        state
            .db
            .execute_raw(&format!(
                "INSERT INTO submissions (user_id, key, action, fingerprint, account_id, seq, \
                 documents, created_at) VALUES ('{user}', '{key}', 'log_entry', 'f', 'acme', \
                 NULL, '[]', '{at}')"
            ))
            .await
            .unwrap();
    }
    let submissions = |state: AppState| async move {
        counts(&state)
            .await
            .into_iter()
            .find(|(t, _)| t == "submissions")
            .unwrap()
            .1
    };
    let with_old = submissions(state.clone()).await;
    let next = state.submitting(submission("k3", "15"));
    log(&next, "acme", "tech-tom", "2026-03-04", "15", "support", "")
        .await
        .unwrap();
    assert_eq!(
        submissions(state.clone()).await,
        with_old,
        "one key added, Tom's old key gone, Eve's kept"
    );
    assert_eq!(
        state
            .db
            .execute_raw("DELETE FROM submissions WHERE user_id = 'eve' AND key = 'old'")
            .await
            .unwrap(),
        1
    );
}

/// An invitation's link works once, also when it is used twice at the same moment; the audit
/// trail records both steps and the database refuses to change or delete a line of it.
async fn an_invitation_opens_once_and_the_audit_trail_is_append_only(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 30).await;
    let admin = service::storage::UserRecord {
        id: "boss".into(),
        email: "boss@agency.example".into(),
        name: "Boss".into(),
        role: api::auth::Role::Admin,
        account_id: None,
        language: None,
    };
    state
        .db
        .create_user(&admin, "not-a-hash", chrono::Utc::now())
        .await
        .unwrap();
    let me = api::auth::Me {
        id: admin.id.clone(),
        name: admin.name.clone(),
        email: admin.email.clone(),
        role: admin.role,
        account_id: None,
        assigned: Vec::new(),
        language: None,
    };
    let invited = service::commands::people::invite(
        &state,
        &me,
        "192.0.2.1",
        "https://hourbank.example",
        (
            "ana@acme.example".into(),
            "Ana Client".into(),
            api::auth::Role::Client,
            Some("acme".into()),
        ),
    )
    .await
    .unwrap();
    let token = invited.link.rsplit('/').next().unwrap().to_string();
    let tries = (0..6).map(|_| {
        let (state, token) = (state.clone(), token.clone());
        tokio::spawn(async move {
            service::commands::people::accept(&state, &token, "ember violet canyon 9", "192.0.2.2")
                .await
        })
    });
    let mut ok = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok((me, _)) => {
                ok += 1;
                assert_eq!(me.account_id.as_deref(), Some("acme"));
            }
            Err(e) => assert_eq!(e, AppError::InvitationClosed),
        }
    }
    assert_eq!(ok, 1, "one of six simultaneous uses opens the invitation");
    let users = state.db.users().await.unwrap();
    assert_eq!(
        users
            .iter()
            .filter(|u| u.email == "ana@acme.example")
            .count(),
        1
    );

    let lines = state.db.audit_log(None, 10).await.unwrap();
    let actions: Vec<&str> = lines.iter().map(|l| l.action.as_str()).collect();
    // The February entry `on_plan` logged through the write path is audited too: by nobody
    // signed in, from `local`.
    assert_eq!(
        actions,
        ["invitation_accepted", "user_invited", "entry_logged"]
    );
    assert_eq!(
        (lines[2].actor.as_deref(), lines[2].address.as_str()),
        (None, "local")
    );
    assert_eq!(lines[1].actor.as_deref(), Some("boss"));
    assert_eq!(lines[1].address, "192.0.2.1");
    let before = counts(&state).await;
    for statement in [
        "UPDATE audit_log SET action = 'nothing'",
        "DELETE FROM audit_log",
    ] {
        let err = state
            .db
            .execute_raw(statement)
            .await
            .expect_err(statement)
            .to_string();
        assert!(
            err.contains("append-only") || err.contains("immutable"),
            "{statement}: {err}"
        );
    }
    assert_eq!(counts(&state).await, before);
}

/// The deployment's catalog (README "Changing prices"): version 1 comes with the first account
/// of a currency and a later account does not replace it; a save makes the next version, two
/// saves of the same version store one; versions cannot be changed or removed; an account reads
/// the latest version and keeps the catalog it was opened with.
async fn catalog_versions_are_append_only_and_one_of_two_saves_wins(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 30).await;
    let mut other = account("globex");
    other.opening_catalog.standard_rate = Some(Rate::parse("99.00").unwrap());
    other.catalog = other.opening_catalog.clone();
    state.db.create_account(&other, &[]).await.unwrap();
    let eur = Currency::parse("EUR").unwrap();
    let all = state.db.catalogs().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].version, &all[0].catalog), (1, &catalog()));

    let boss = service::storage::UserRecord {
        id: "boss".into(),
        email: "boss@agency.example".into(),
        name: "Boss".into(),
        role: api::auth::Role::Admin,
        account_id: None,
        language: None,
    };
    state
        .db
        .create_user(&boss, "not-a-hash", chrono::Utc::now())
        .await
        .unwrap();
    let audit = service::storage::Audit {
        at: chrono::Utc::now(),
        actor: Some("boss".into()),
        address: "192.0.2.1".into(),
        action: "catalog_saved",
        subject: Some("EUR v2".into()),
        account_id: None,
        detail: String::new(),
    };
    let mut edited = catalog();
    edited.grace_days = 10;
    assert!(
        state
            .db
            .save_catalog(2, &edited, "boss", &audit)
            .await
            .unwrap()
    );
    // Two admins save version 3 at once: one wins, the other stores nothing.
    let tries = [20, 30].map(|grace| {
        let (state, audit) = (state.clone(), audit.clone());
        let mut c = edited.clone();
        c.grace_days = grace;
        tokio::spawn(async move { state.db.save_catalog(3, &c, "boss", &audit).await.unwrap() })
    });
    let mut won = 0;
    for t in tries {
        won += usize::from(t.await.unwrap());
    }
    assert_eq!(won, 1);
    let history = state.db.catalog_history(eur).await.unwrap();
    assert_eq!(
        history.iter().map(|v| v.version).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert_eq!(history[0].saved_by.as_deref(), Some("Boss"));
    let lines = state.db.audit_log(None, 10).await.unwrap();
    assert_eq!(
        lines.iter().filter(|l| l.action == "catalog_saved").count(),
        2,
        "one audit line per stored version"
    );

    let acme = state.db.account("acme").await.unwrap().unwrap();
    assert_eq!(acme.catalog, history[0].catalog, "the latest version");
    assert_eq!(
        acme.opening_catalog,
        catalog(),
        "the catalog it was opened with"
    );
    let globex = state.db.account("globex").await.unwrap().unwrap();
    assert_eq!(globex.catalog, history[0].catalog);
    assert_eq!(globex.opening_catalog, other.opening_catalog);

    let before = counts(&state).await;
    for statement in [
        "UPDATE catalog_versions SET body = '{}'",
        "DELETE FROM catalog_versions",
    ] {
        let err = state
            .db
            .execute_raw(statement)
            .await
            .expect_err(statement)
            .to_string();
        assert!(
            err.contains("append-only") || err.contains("immutable"),
            "{statement}: {err}"
        );
    }
    assert_eq!(counts(&state).await, before);
}

/// The licence register (README "Licences"): concurrent renewals of one licence move its last
/// valid day once and re-invoice one cost; the others are refused as stale and store nothing;
/// renewals cannot be changed or removed.
async fn a_licence_is_renewed_once_under_concurrent_renewals(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 30).await;
    let form = api::licences::LicenceForm {
        product: "Elementor Pro".into(),
        vendor: "Elementor".into(),
        kind: "Agency".into(),
        seats: String::new(),
        key: "EP-1234-5678-ABCD".into(),
        purchased_on: "2025-04-01".into(),
        last_valid_day: TODAY.into(),
        renewal_price: "59.00".into(),
        renewal_currency: "EUR".into(),
        paid_by: "agency".into(),
        notes: String::new(),
    };
    let licences = service::commands::licences::register(&state, "acme", &form)
        .await
        .unwrap();
    let id = licences[0].id.clone();
    let events = state.db.events("acme").await.unwrap().len();
    let renewal = api::licences::RenewalForm {
        vendor_invoice: "INV-1".into(),
        invoice_date: TODAY.into(),
        amount: "59.00".into(),
        currency: "EUR".into(),
        conversion_rate: String::new(),
        markup: String::new(),
        last_valid_day: "2027-12-31".into(),
    };
    let tries = (0..4).map(|_| {
        let (state, id, renewal) = (state.clone(), id.clone(), renewal.clone());
        tokio::spawn(async move {
            service::commands::licences::renew(&state, "acme", &id, &renewal).await
        })
    });
    let mut ok = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(after) => {
                ok += 1;
                assert_eq!(after[0].last_valid_day.to_string(), "2027-12-31");
            }
            // Stale (renewed meanwhile), or already valid through that day.
            Err(AppError::Conflict(_) | AppError::Invalid { .. }) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(ok, 1, "one of four simultaneous renewals");
    assert_eq!(state.db.licence_renewals(&id).await.unwrap(), 1);
    assert_eq!(
        state.db.events("acme").await.unwrap().len(),
        events + 1,
        "one re-invoiced cost"
    );
    let before = counts(&state).await;
    for statement in [
        "UPDATE licence_renewals SET amount = '0'",
        "DELETE FROM licence_renewals",
    ] {
        let err = state
            .db
            .execute_raw(statement)
            .await
            .expect_err(statement)
            .to_string();
        assert!(
            err.contains("append-only") || err.contains("immutable"),
            "{statement}: {err}"
        );
    }
    assert_eq!(counts(&state).await, before);
}

/// Documents stored before parties were frozen get them once, from the details stored when the
/// migration runs (README "Documents"); after that, changing the seller or the account changes
/// no issued document, and the database refuses to change the frozen parties.
async fn documents_keep_the_parties_they_were_issued_with(b: Backend) {
    // The last migration before document_parties.
    let Some((state, _dir, _)) = support::database_at(b, day(TODAY), Some(20261130000004)).await
    else {
        return;
    };
    let db = &state.db;
    let a = account("acme");
    let invoice = {
        let events = vec![
            Event {
                on: day("2026-02-10"),
                what: EventKind::EntryLogged(billing::WorkEntry {
                    id: "e1".into(),
                    date: day("2026-02-10"),
                    minutes: Minutes::new(90),
                    kind: billing::EntryKind::Support,
                    title: "It's the printer".into(),
                    url: None,
                    note: "".into(),
                    technician: "Dana".into(),
                    quote: None,
                    external: None,
                }),
            },
            Event {
                on: day("2026-03-01"),
                what: EventKind::MonthClosed {
                    month: "2026-02".parse().unwrap(),
                },
            },
        ];
        let ledger = billing::replay(&a.history(events, Some(day("2026-03-01")))).unwrap();
        ledger.invoices[0].clone()
    };
    assert_eq!(invoice.status, billing::InvoiceStatus::Issued);
    let quote = |v: &str| v.replace('\'', "''");
    let body = quote(&serde_json::to_string(&invoice).unwrap());
    let catalog = quote(&serde_json::to_string(&a.opening_catalog).unwrap());
    for sql in [
        "INSERT INTO seller (id, legal_name, address, country, vat_id, electronic_address, email) \
         VALUES (1, 'Old Agency GmbH', 'Old Street 1, Berlin', 'DE', 'DE987654321', NULL, 'billing@old.example')"
            .to_string(),
        format!(
            "INSERT INTO accounts (id, name, legal_name, address, vat_id, currency, timezone, \
             reverse_charge, catalog, country, locale) VALUES ('acme', 'Acme', 'Acme GmbH', \
             'Old Road 2, Berlin', 'DE123456789', 'EUR', 'Europe/Berlin', 0, '{catalog}', 'DE', 'de-DE')"
        ),
        format!(
            "INSERT INTO documents (number, series, year, seq, account_id, key, kind, issued_on, \
             refers_to, currency, net, vat_total, total, body) VALUES ('2026-000001', 'INV', 2026, 1, \
             'acme', 'period:2026-02', 'period', '2026-03-01', NULL, 'EUR', '{}', '{}', '{}', '{body}')",
            invoice.net, invoice.vat_total, invoice.total
        ),
        format!(
            "INSERT INTO documents (number, series, year, seq, account_id, key, kind, issued_on, \
             refers_to, currency, net, vat_total, total, body) VALUES ('CN-2026-000001', 'CN', 2026, 1, \
             'acme', 'creditback:e1', 'credit_note', '2026-03-05', '2026-000001', 'EUR', '0', '0', '0', '{body}')"
        ),
    ] {
        db.execute_raw(&sql).await.unwrap();
    }
    db.migrate().await.unwrap();

    let docs = db.documents(Some("acme")).await.unwrap();
    assert_eq!(docs.len(), 2);
    let find = |n: &str| docs.iter().find(|d| d.number == n).unwrap();
    let (inv, note) = (find("2026-000001"), find("CN-2026-000001"));
    assert_eq!(inv.parties.seller.legal_name, "Old Agency GmbH");
    assert_eq!(
        inv.parties.seller.email.as_deref(),
        Some("billing@old.example")
    );
    assert_eq!(inv.parties.buyer.address, "Old Road 2, Berlin");
    assert_eq!(inv.parties.buyer.vat_id.as_deref(), Some("DE123456789"));
    let payment = inv.parties.payment.as_ref().expect("an invoice is paid");
    assert_eq!(payment.due_on, day("2026-03-15"), "the default 14 days");
    assert_eq!(payment.reference, "2026-000001");
    assert_eq!(payment.bank, None);
    assert_eq!(
        note.parties.payment, None,
        "a credit note is not paid by the client"
    );

    // New details reach no issued document.
    db.set_seller(&service::storage::demo_seller(), None)
        .await
        .unwrap();
    let details = api::parties::AccountDetails {
        name: "Acme".into(),
        legal_name: "Acme Software GmbH".into(),
        address: "New Avenue 3, Munich".into(),
        country: "DE".into(),
        vat_id: Some("DE123456789".into()),
        electronic_address: None,
        payment_terms_days: Some(30),
    };
    let audit = service::storage::Audit {
        at: chrono::Utc::now(),
        actor: None,
        address: "test".into(),
        action: "account_details_changed",
        subject: Some("acme".into()),
        account_id: Some("acme".into()),
        detail: "address".into(),
    };
    db.set_account_details("acme", &details, &audit)
        .await
        .unwrap();
    assert_eq!(db.documents(Some("acme")).await.unwrap(), docs);
    assert_eq!(
        db.account("acme")
            .await
            .unwrap()
            .unwrap()
            .payment_terms_days,
        Some(30)
    );
    // …and nobody changes the frozen parties.
    for sql in [
        "UPDATE document_parties SET due_on = NULL",
        "DELETE FROM document_parties",
    ] {
        assert!(db.execute_raw(sql).await.is_err(), "{sql} was allowed");
    }
    assert_eq!(db.documents(Some("acme")).await.unwrap(), docs);
}

/// Eight admins record a month invoice's payment at once, each with another reference: one
/// payment is stored, every try is told which, one audit line; the row cannot be changed.
async fn an_invoice_payment_is_recorded_once_under_concurrent_tries(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 30).await;
    let doc = close_inner(&state, "acme", Month::of(day("2026-02-01")))
        .await
        .unwrap()
        .expect("February's invoice");
    let tries = (0..8).map(|i| {
        let (state, number) = (state.clone(), doc.number.clone());
        tokio::spawn(async move {
            let paid = api::parties::InvoicePaid {
                paid_on: day("2026-03-10"),
                reference: format!("SEPA-{i}"),
            };
            let audit = service::storage::Audit {
                at: chrono::Utc::now(),
                actor: None,
                address: "test".into(),
                action: "invoice_paid",
                subject: Some(number.clone()),
                account_id: Some("acme".into()),
                detail: paid.reference.clone(),
            };
            state
                .db
                .record_invoice_payment(&number, &paid, &audit)
                .await
                .unwrap()
        })
    });
    let mut answers = BTreeSet::new();
    for t in tries {
        answers.insert(t.await.unwrap().reference);
    }
    assert_eq!(
        answers.len(),
        1,
        "every try is told the one payment: {answers:?}"
    );
    let stored = state.db.document(&doc.number).await.unwrap().unwrap();
    assert_eq!(stored.paid.map(|p| p.reference), answers.into_iter().next());
    let rows = rows_read_from_columns_equal_the_documents(&state, "acme").await;
    assert!(rows.iter().any(|r| r.number == doc.number && r.paid));
    let lines = state.db.audit_of_account("acme", 100).await.unwrap();
    assert_eq!(
        lines.iter().filter(|l| l.action == "invoice_paid").count(),
        1
    );
    for sql in [
        "UPDATE invoice_payments SET reference = 'changed'",
        "DELETE FROM invoice_payments",
    ] {
        assert!(
            state.db.execute_raw(sql).await.is_err(),
            "{sql} was allowed"
        );
    }
}

/// Eight posts of one ticket at once — the creation, then with its response or its resolution,
/// one with another response time — end as one row holding each time once; the odd one is
/// refused or, if it came first, the others that disagree with it are.
async fn a_tickets_times_are_each_recorded_once_under_concurrent_posts(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    on_plan(&state, "acme", 30).await;
    let today = day("2026-03-18");
    let form = |response: Option<&'static str>, resolved: Option<&'static str>| {
        api::tickets::TicketForm {
            ticket_id: "T-1",
            priority: Some("high"),
            created_at: "2026-03-17T09:30:00+01:00",
            first_response_at: response,
            resolved_at: resolved,
        }
        .parse(today)
        .unwrap()
    };
    let posts = [
        form(None, None),
        form(Some("2026-03-17T10:00:00+01:00"), None),
        form(None, Some("2026-03-17T15:00:00+01:00")),
        form(
            Some("2026-03-17T10:00:00+01:00"),
            Some("2026-03-17T15:00:00+01:00"),
        ),
        form(None, None),
        form(Some("2026-03-17T10:00:00+01:00"), None),
        form(None, Some("2026-03-17T15:00:00+01:00")),
        form(Some("2026-03-17T11:11:00+01:00"), None),
    ];
    let tries = posts.into_iter().map(|t| {
        let state = state.clone();
        tokio::spawn(async move { state.db.record_ticket("acme", &t, None).await })
    });
    let mut conflicts = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(_) => {}
            Err(AppError::Conflict(_)) => conflicts += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert!((1..=4).contains(&conflicts), "{conflicts} conflicts");
    let from = chrono::DateTime::parse_from_rfc3339("2026-03-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let to = chrono::DateTime::parse_from_rfc3339("2026-04-01T00:00:00Z")
        .unwrap()
        .to_utc();
    let stored = state.db.tickets("acme", from, to).await.unwrap();
    assert_eq!(stored.len(), 1);
    let t = &stored[0];
    assert_eq!(t.created_at.to_rfc3339(), "2026-03-17T08:30:00+00:00");
    assert!(t.first_response_at.is_some());
    // Either the odd response time came first (and the 10:00 ones were refused) or not.
    let response = t.first_response_at.unwrap().to_rfc3339();
    assert!(
        response == "2026-03-17T09:00:00+00:00" || response == "2026-03-17T10:11:00+00:00",
        "{response}"
    );
    // A refusal stores nothing: the same ticket with a resolution before its creation.
    let bad = api::tickets::TicketForm {
        ticket_id: "T-2",
        priority: None,
        created_at: "2026-03-17T09:30:00+01:00",
        first_response_at: None,
        resolved_at: Some("2026-03-16T09:30:00+01:00"),
    };
    assert!(bad.parse(today).is_err());
    assert_eq!(state.db.tickets("acme", from, to).await.unwrap().len(), 1);
}

/// The service levels round-trip as saved (replaced by the next save); a helpdesk id names one
/// person, under concurrent tries too, and finds them until they are deactivated.
async fn service_levels_and_helpdesk_ids_are_kept_and_an_id_is_one_persons(b: Backend) {
    let Some((state, _dir, _)) = fresh(b).await else {
        return;
    };
    let user = |id: &str| service::storage::UserRecord {
        id: id.into(),
        email: format!("{id}@agency.example"),
        name: id.to_uppercase(),
        role: api::auth::Role::Technician,
        account_id: None,
        language: None,
    };
    for id in ["ann", "bob"] {
        state
            .db
            .create_user(&user(id), "not-a-hash", chrono::Utc::now())
            .await
            .unwrap();
    }
    let audit = |subject: &str| service::storage::Audit {
        at: chrono::Utc::now(),
        actor: None,
        address: "test".into(),
        action: "helpdesk_id_set",
        subject: Some(subject.into()),
        account_id: None,
        detail: String::new(),
    };
    assert_eq!(state.db.service_levels().await.unwrap(), None);
    let mut settings = billing::sla::SlaSettings::starting();
    settings.calendar.zone = "Europe/Ljubljana".into();
    settings.priorities.insert(
        "urgent".into(),
        billing::sla::Targets {
            response: Some(Minutes::new(240)),
            resolution: None,
        },
    );
    for _ in 0..2 {
        state
            .db
            .set_service_levels(&settings, &audit("sla"))
            .await
            .unwrap();
    }
    assert_eq!(
        state.db.service_levels().await.unwrap(),
        Some(settings.clone())
    );
    settings.calendar.holidays.push(day("2026-12-25"));
    state
        .db
        .set_service_levels(&settings, &audit("sla"))
        .await
        .unwrap();
    assert_eq!(state.db.service_levels().await.unwrap(), Some(settings));

    // Ann and Bob both try to take "agent-1" at once: one of them has it.
    let tries = ["ann", "bob"].map(|who| {
        let state = state.clone();
        let a = audit(who);
        tokio::spawn(async move { state.db.set_helpdesk_id(who, Some("agent-1"), &a).await })
    });
    let mut won = 0;
    for t in tries {
        won += usize::from(t.await.unwrap().unwrap());
    }
    assert_eq!(won, 1);
    let holder = state
        .db
        .user_by_helpdesk_id("agent-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        state.db.helpdesk_ids().await.unwrap(),
        [(holder.id.clone(), "agent-1".to_string())]
    );
    // The holder gives it up; then the other may take it.
    assert!(
        state
            .db
            .set_helpdesk_id(&holder.id, None, &audit("x"))
            .await
            .unwrap()
    );
    let other = if holder.id == "ann" { "bob" } else { "ann" };
    assert!(
        state
            .db
            .set_helpdesk_id(other, Some("agent-1"), &audit("x"))
            .await
            .unwrap()
    );
    assert_eq!(
        state
            .db
            .user_by_helpdesk_id("agent-1")
            .await
            .unwrap()
            .unwrap()
            .id,
        other
    );
    assert_eq!(state.db.user_by_helpdesk_id("agent-2").await.unwrap(), None);
}

/// Each server keeps the histories it decoded (`history_cache.rs`) and reads only newer rows
/// under the account's lock. Two servers on one database, taking turns and at the same moment:
/// each sees every event the other appended, once and in order, and both read exactly what a
/// server that never read the account before reads.
async fn two_servers_each_keeping_histories_see_every_event_once_in_order(b: Backend) {
    let Some((one, _dir, url)) = fresh(b).await else {
        return;
    };
    on_plan(&one, "acme", 30).await;
    let two = AppState::new(Db::connect(&url).await.unwrap(), Clock::Fixed(day(TODAY)));
    let minutes = |n: usize| (10 + n).to_string();
    for n in 0..6 {
        let (writer, reader) = if n % 2 == 0 {
            (&one, &two)
        } else {
            (&two, &one)
        };
        let logged = log(
            writer,
            "acme",
            "tech-tom",
            "2026-03-02",
            &minutes(n),
            "support",
            "",
        )
        .await
        .unwrap();
        // The reader's kept history grows by the writer's event.
        let seen = reader.db.events("acme").await.unwrap();
        assert!(
            seen.iter()
                .any(|e| matches!(&e.what, EventKind::EntryLogged(w) if w.id == logged.id)),
            "turn {n}: the other server sees {}",
            logged.id
        );
    }
    // A write decides before taking the lock, on the history its server keeps (events.rs,
    // `decide_early`). Server two's history is one event behind here; its guess — the entry id
    // of the seq it thinks comes next — must be dropped under the lock and decided again.
    let first = log(&one, "acme", "tech-tom", "2026-03-03", "7", "support", "")
        .await
        .unwrap();
    let second = log(&two, "acme", "tech-tom", "2026-03-03", "8", "support", "")
        .await
        .unwrap();
    let seq_of = |id: &str| id.trim_start_matches('e').parse::<i64>().unwrap();
    assert_eq!(seq_of(&second.id), seq_of(&first.id) + 1, "{second:?}");
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let state = if n % 2 == 0 { one.clone() } else { two.clone() };
            tokio::spawn(async move {
                log(&state, "acme", "tech-tom", "2026-03-03", "5", "support", "")
                    .await
                    .unwrap()
                    .id
            })
        })
        .collect();
    let mut ids = BTreeSet::new();
    for t in tasks {
        assert!(ids.insert(t.await.unwrap()), "each write its own entry");
    }

    let never_read = Db::connect(&url).await.unwrap();
    let stored = never_read.events("acme").await.unwrap();
    let rows = never_read.event_rows("acme").await.unwrap();
    assert_eq!(
        rows.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=rows.len() as i64).collect::<Vec<_>>(),
        "gapless seqs: no event twice, none lost"
    );
    // 1 plan + 1 entry of on_plan + 6 turns + 2 one behind the other + 8 at once.
    assert_eq!(stored.len(), 18);
    assert_eq!(one.db.events("acme").await.unwrap(), stored);
    assert_eq!(two.db.events("acme").await.unwrap(), stored);
    for id in &ids {
        assert!(
            stored
                .iter()
                .any(|e| matches!(&e.what, EventKind::EntryLogged(w) if &w.id == id))
        );
    }
}

/// The list's rows, read from the documents' columns (`Db::document_rows`), say what the full
/// documents say: every field, in the same order. Returns them.
async fn rows_read_from_columns_equal_the_documents(
    state: &AppState,
    account_id: &str,
) -> Vec<api::model::DocumentRow> {
    let docs = state.db.documents(Some(account_id)).await.unwrap();
    let rows = state.db.document_rows(account_id).await.unwrap();
    let expected: Vec<api::model::DocumentRow> =
        docs.iter().map(api::model::DocumentRow::from).collect();
    assert_eq!(rows, expected);
    assert!(!rows.is_empty(), "{account_id} has documents to compare");
    rows
}
