//! The read models around month end on the demo data (2026-03-18): what needs doing, the close
//! review, and the work log's CSV.

use api::AppError;
use api::auth::{Me, Role};
use api::model::CloseState;
use api::work_filter::WorkFilter;
use billing::Month;

use crate::support::demo;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 18).unwrap()
}

fn me(role: Role, account: Option<&str>) -> Me {
    Me {
        id: "u".into(),
        name: "Someone".into(),
        email: "someone@example.com".into(),
        role,
        account_id: account.map(str::to_string),
        assigned: Vec::new(),
        language: None,
    }
}

fn month(raw: &str) -> Month {
    raw.parse().unwrap()
}

#[tokio::test]
async fn admins_see_what_needs_doing_and_nobody_else_does() {
    let (_dir, state) = demo(today()).await;
    let admin = service::commands::overview::overview(&state, &me(Role::Admin, None))
        .await
        .unwrap();
    assert_eq!(admin.accounts.len(), 3);
    let to_do = admin.to_do.expect("admins get the list");
    // Initech's February is the one month that ended without a close.
    let to_close: Vec<(&str, Month)> = to_do
        .months_to_close
        .iter()
        .map(|m| (m.account.id.as_str(), m.month))
        .collect();
    assert_eq!(to_close, vec![("initech", month("2026-02"))]);
    assert!(!to_do.months_to_close[0].draft_total.is_zero());
    // Initech's quote waits for the client.
    assert!(
        to_do
            .quotes_waiting
            .iter()
            .any(|q| q.account.id == "initech" && q.title.contains("Two-factor")),
        "{:?}",
        to_do.quotes_waiting
    );
    // Every demo pack is paid.
    assert!(to_do.unpaid_orders.is_empty(), "{:?}", to_do.unpaid_orders);

    let client = service::commands::overview::overview(&state, &me(Role::Client, Some("initech")))
        .await
        .unwrap();
    assert_eq!(client.to_do, None);
    assert_eq!(client.accounts.len(), 1);
    assert_eq!(client.accounts[0].account.id, "initech");
}

#[tokio::test]
async fn an_unpaid_order_waits_with_its_number_and_age() {
    let (_dir, state) = demo(today()).await;
    service::commands::packs::order_pack_inner(
        &state,
        "initech",
        "dev-10",
        None,
        Some("Luca Rossi".into()),
    )
    .await
    .unwrap();
    let to_do = service::commands::overview::overview(&state, &me(Role::Admin, None))
        .await
        .unwrap()
        .to_do
        .unwrap();
    assert_eq!(to_do.unpaid_orders.len(), 1);
    let o = &to_do.unpaid_orders[0];
    assert_eq!(o.account.id, "initech");
    assert_eq!(o.days, 0);
    assert_eq!(o.ordered_on, today());
    assert!(o.invoice.as_deref().is_some_and(|n| n.starts_with("2026-")));
}

#[tokio::test]
async fn the_close_review_defaults_to_the_latest_ended_month_and_refuses_later_ones() {
    let (_dir, state) = demo(today()).await;
    let review = service::commands::close::preview(&state, None)
        .await
        .unwrap();
    assert_eq!(review.month, month("2026-02"));
    assert_eq!(review.latest, month("2026-02"));
    let state_of = |id: &str| {
        review
            .accounts
            .iter()
            .find(|r| r.account.id == id)
            .map(|r| r.state.clone())
            .unwrap()
    };
    assert!(matches!(state_of("initech"), CloseState::Draft { .. }));
    assert!(matches!(
        state_of("acme"),
        CloseState::Closed { number: Some(_) }
    ));
    assert_eq!(review.to_issue(), 1);

    // This month has not ended: refused, naming the field, and nothing is closed.
    match service::commands::close::preview(&state, Some(month("2026-03"))).await {
        Err(AppError::Invalid { errors, .. }) => {
            assert_eq!(errors[0].field, "month");
            assert!(
                errors[0].message.contains("has not ended yet"),
                "{}",
                errors[0].message
            );
        }
        other => panic!("{other:?}"),
    }
    let again = service::commands::close::preview(&state, None)
        .await
        .unwrap();
    assert_eq!(again, review, "a review changes nothing");
}

#[tokio::test]
async fn the_work_log_csv_holds_what_the_filter_shows() {
    let (_dir, state) = demo(today()).await;
    let now = service::read::account_now(&state, "acme").await.unwrap();
    let filter = WorkFilter {
        month: Some(month("2026-03")),
        kind: Some(billing::EntryKind::Bug),
        ..WorkFilter::default()
    };
    let csv = service::exports::work_log_csv(
        &now.ledger.entries,
        &now.ledger.quotes,
        &filter,
        now.account.currency.code(),
    );
    let text = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "date,counts_on,title,ticket_url,note,technician,kind,quote,minutes,counted_minutes,covered_by,charged,currency"
    );
    let expected = now
        .ledger
        .entries
        .iter()
        .filter(|e| filter.keeps(e))
        .count();
    assert!(expected >= 1);
    assert_eq!(lines.len() - 1, expected);
    for line in &lines[1..] {
        assert!(line.contains(",bug,"), "{line}");
        assert!(line.ends_with(",EUR"), "{line}");
        assert!(line.starts_with("2026-03-"), "{line}");
    }
}
