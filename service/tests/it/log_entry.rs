//! The "log work" server function's logic against a fresh temporary SQLite database: good
//! entries are stored as one appended event, bad ones are refused and store nothing.

use api::AppError;
use billing::{EntryForm, EntryKind, EntryResult, Event, EventKind, Minutes};
use chrono::NaiveDate;
use service::commands::entries::log_inner;
use service::state::AppState;
use service::storage::{DEMO_ACCOUNT_ID, DEMO_TECHNICIAN, EventRow, seed_demo};

use crate::support;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 18).unwrap()
}

/// The demo data on a fresh SQLite database.
async fn fresh() -> (tempfile::TempDir, AppState) {
    support::demo(today()).await
}

fn good_form() -> EntryForm {
    EntryForm {
        date: "2026-03-17".into(),
        minutes: "45".into(),
        kind: "support".into(),
        title: "Fix the newsletter signup".into(),
        url: "https://tickets.acme.example/T-2001".into(),
        note: "Customer reported on Monday.".into(),
        quote: String::new(),
    }
}

/// Log `form` on `account` as the demo technician, the way the "log work" function does.
async fn log_entry(
    state: &AppState,
    account: &str,
    form: EntryForm,
) -> Result<EntryResult, AppError> {
    log_inner(state, account, DEMO_TECHNICIAN, form).await
}

async fn rows(state: &AppState) -> Vec<EventRow> {
    state.db.event_rows(DEMO_ACCOUNT_ID).await.unwrap()
}

#[tokio::test]
async fn a_good_entry_is_appended_as_one_event() {
    let (_dir, state) = fresh().await;
    let before = rows(&state).await;

    let logged = log_entry(&state, DEMO_ACCOUNT_ID, good_form())
        .await
        .expect("a good entry is logged");

    let after = rows(&state).await;
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "earlier events are untouched"
    );
    let new = after.last().unwrap();
    assert_eq!(
        *logged.id,
        format!("e{}", new.seq),
        "the entry id follows its seq"
    );
    assert_eq!(new.on_date, "2026-03-18", "the event happens today");
    let event: Event = serde_json::from_str(&new.payload).unwrap();
    let EventKind::EntryLogged(entry) = event.what else {
        panic!("expected an EntryLogged event, got {event:?}");
    };
    assert_eq!(entry.id, logged.id);
    assert_eq!(entry.date, NaiveDate::from_ymd_opt(2026, 3, 17).unwrap());
    assert_eq!(entry.minutes, Minutes::new(45));
    assert_eq!(entry.kind, EntryKind::Support);
    assert_eq!(&*entry.title, "Fix the newsletter signup");
    assert_eq!(&*entry.technician, DEMO_TECHNICIAN);

    // The stored history still replays, and the new entry is covered by the plan.
    let account = state.db.account(DEMO_ACCOUNT_ID).await.unwrap().unwrap();
    let history = account.history(
        state.db.events(DEMO_ACCOUNT_ID).await.unwrap(),
        Some(today()),
    );
    let ledger = billing::replay(&history).expect("the stored history replays");
    let result = ledger
        .entries
        .iter()
        .find(|e| e.id == logged.id)
        .expect("the new entry is in the ledger");
    assert_eq!(
        result.parts.iter().map(|p| p.minutes.get()).sum::<u32>(),
        45,
        "every minute is covered by some part"
    );
}

#[tokio::test]
async fn bad_entries_are_refused_and_store_nothing() {
    let (_dir, state) = fresh().await;
    let before = rows(&state).await;
    let long = |n: usize| "x".repeat(n);
    let cases: Vec<(&str, EntryForm)> = vec![
        (
            "minutes",
            EntryForm {
                minutes: "0".into(),
                ..good_form()
            },
        ),
        (
            "minutes",
            EntryForm {
                minutes: "-30".into(),
                ..good_form()
            },
        ),
        (
            "minutes",
            EntryForm {
                minutes: "".into(),
                ..good_form()
            },
        ),
        (
            "minutes",
            EntryForm {
                minutes: "1.5".into(),
                ..good_form()
            },
        ),
        (
            "minutes",
            EntryForm {
                minutes: "1441".into(),
                ..good_form()
            },
        ),
        (
            "minutes",
            EntryForm {
                minutes: "99999999999999999999".into(),
                ..good_form()
            },
        ),
        (
            "title",
            EntryForm {
                title: "   ".into(),
                ..good_form()
            },
        ),
        (
            "title",
            EntryForm {
                title: long(201),
                ..good_form()
            },
        ),
        (
            "url",
            EntryForm {
                url: "javascript:alert(1)".into(),
                ..good_form()
            },
        ),
        (
            "url",
            EntryForm {
                url: "ftp://files.example".into(),
                ..good_form()
            },
        ),
        (
            "url",
            EntryForm {
                url: "not a link".into(),
                ..good_form()
            },
        ),
        (
            "url",
            EntryForm {
                url: format!("https://x.example/{}", long(2001)),
                ..good_form()
            },
        ),
        (
            "note",
            EntryForm {
                note: long(2001),
                ..good_form()
            },
        ),
        (
            "date",
            EntryForm {
                date: "2026-02-30".into(),
                ..good_form()
            },
        ),
        (
            "date",
            EntryForm {
                date: "yesterday".into(),
                ..good_form()
            },
        ),
        (
            "kind",
            EntryForm {
                kind: "holiday".into(),
                ..good_form()
            },
        ),
        // The probe's dates: each one stalled the server for seconds (the replay walked every
        // day since). Refused at parsing (outside 2000–2199) or by the rules (over a year back).
        (
            "date",
            EntryForm {
                date: "-262143-01-01".into(),
                ..good_form()
            },
        ),
        (
            "date",
            EntryForm {
                date: "0000-01-01".into(),
                ..good_form()
            },
        ),
        (
            "date",
            EntryForm {
                date: "2025-03-16".into(),
                ..good_form()
            },
        ),
        (
            "title",
            EntryForm {
                title: "evil\u{202e}txt.exe".into(),
                ..good_form()
            },
        ),
        (
            "note",
            EntryForm {
                note: "NUL\u{0} and ESC\u{1b}[2J".into(),
                ..good_form()
            },
        ),
        // Parses, but the rules refuse it: work cannot be logged before it is done.
        (
            "date",
            EntryForm {
                date: "2026-03-19".into(),
                ..good_form()
            },
        ),
    ];
    for (field, form) in cases {
        let got = log_entry(&state, DEMO_ACCOUNT_ID, form.clone()).await;
        match &got {
            Err(e @ AppError::Invalid { .. }) => {
                assert!(
                    e.field(field).is_some(),
                    "{form:?}: expected an error on {field}, got {e:?}"
                );
                // The submitted form comes back to refill the page (cut to fit a URL).
                for (name, sent) in [
                    ("date", &form.date),
                    ("minutes", &form.minutes),
                    ("title", &form.title),
                    ("url", &form.url),
                    ("note", &form.note),
                ] {
                    let back = e.submitted(name).expect("the form comes back");
                    assert!(sent.starts_with(back), "{back:?} is not {sent:?}");
                    assert!(back.len() >= sent.len().min(2000));
                }
            }
            other => panic!("{form:?}: expected Invalid on {field}, got {other:?}"),
        }
        assert_eq!(
            rows(&state).await,
            before,
            "{form:?} changed the stored events"
        );
    }
}

#[tokio::test]
async fn an_unknown_account_is_refused() {
    let (_dir, state) = fresh().await;
    let before = rows(&state).await;
    let got = log_entry(&state, "no-such-account", good_form()).await;
    assert!(matches!(got, Err(AppError::NotFound(_))), "{got:?}");
    assert_eq!(rows(&state).await, before);
    assert!(
        state
            .db
            .event_rows("no-such-account")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn the_demo_history_replays_and_seeding_runs_once() {
    let (_dir, state) = fresh().await;
    assert!(
        !seed_demo(&state.db, today()).await.unwrap(),
        "second run seeds nothing"
    );
    // Acme, Globex (the second tenant) and Initech (the marketplace client); an admin, two
    // technicians and a client per account. Acme's and Globex's last month are invoiced,
    // Initech's eleven months before its open last month, and its two developer packs.
    assert_eq!(state.db.accounts().await.unwrap().len(), 3);
    assert_eq!(state.db.users().await.unwrap().len(), 6);
    let docs = state.db.documents(None).await.unwrap();
    let count = |kind| docs.iter().filter(|d| d.invoice.kind == kind).count();
    assert_eq!(count(billing::InvoiceKind::Period), 2 + 11);
    assert_eq!(count(billing::InvoiceKind::Pack), 2);
    // Initech shows every prompt of POLICY §8 and a quote waiting for approval.
    let initech = state
        .db
        .account(service::storage::INITECH)
        .await
        .unwrap()
        .unwrap();
    let ledger = billing::replay(&initech.history(
        state.db.events(service::storage::INITECH).await.unwrap(),
        Some(today()),
    ))
    .unwrap();
    let kinds: Vec<String> = ledger
        .prompts
        .iter()
        .map(|p| {
            serde_json::to_value(p).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        ["expiring", "low_balance", "upgrade"],
        "{:#?}",
        ledger.prompts
    );
    assert_eq!(
        ledger.closed_through,
        Some(billing::Month::of(today()).prev().prev()),
        "last month is open"
    );
    let statuses: Vec<_> = ledger.quotes.iter().map(|q| q.status).collect();
    assert_eq!(
        statuses,
        [
            billing::QuoteStatus::Approved,
            billing::QuoteStatus::Offered
        ]
    );
    let account = state.db.account(DEMO_ACCOUNT_ID).await.unwrap().unwrap();
    assert_eq!(account.name, "Acme GmbH");
    let history = account.history(
        state.db.events(DEMO_ACCOUNT_ID).await.unwrap(),
        Some(today()),
    );
    let ledger = billing::replay(&history).expect("the demo history replays");
    assert_eq!(ledger.entries.len(), 5);
    assert_eq!(ledger.currency, "EUR");
}

#[tokio::test]
async fn the_database_refuses_to_change_or_delete_events() {
    let (_dir, state) = fresh().await;
    let before = rows(&state).await;
    let update = state
        .db
        .execute_raw("UPDATE events SET payload = '{}' WHERE seq = 1")
        .await;
    assert!(
        update.unwrap_err().to_string().contains("append-only"),
        "UPDATE must be refused"
    );
    let delete = state.db.execute_raw("DELETE FROM events").await;
    assert!(
        delete.unwrap_err().to_string().contains("append-only"),
        "DELETE must be refused"
    );
    let dup = state
        .db
        .execute_raw(&format!(
            "INSERT INTO events (account_id, seq, on_date, payload) \
             VALUES ('{DEMO_ACCOUNT_ID}', 1, '2026-03-18', '{{}}')"
        ))
        .await;
    assert!(dup.is_err(), "(account_id, seq) is unique");
    assert_eq!(rows(&state).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_entries_each_get_their_own_place_in_the_history() {
    let (_dir, state) = fresh().await;
    let before = rows(&state).await.len() as i64;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let state = state.clone();
            tokio::spawn(async move {
                let form = EntryForm {
                    title: format!("Parallel entry {i}"),
                    minutes: "10".into(),
                    ..good_form()
                };
                log_entry(&state, DEMO_ACCOUNT_ID, form).await
            })
        })
        .collect();
    let mut seqs = Vec::new();
    for t in tasks {
        let entry = t.await.unwrap().expect("every entry is logged");
        seqs.push(entry.id[1..].parse::<i64>().unwrap());
    }
    seqs.sort();
    assert_eq!(seqs, (before + 1..=before + 8).collect::<Vec<_>>());
    let after = rows(&state).await;
    assert_eq!(after.len() as i64, before + 8);
    let account = state.db.account(DEMO_ACCOUNT_ID).await.unwrap().unwrap();
    let history = account.history(
        state.db.events(DEMO_ACCOUNT_ID).await.unwrap(),
        Some(today()),
    );
    billing::replay(&history).expect("the history still replays");
}

/// The same ticket, work date and minutes by the same technician, logged the same day: asked
/// first (refused on the field `again`, naming the entry, nothing stored); logged when the
/// form says it is new work. Without a ticket link nothing is compared.
#[tokio::test]
async fn a_likely_double_entry_is_asked_about_before_it_is_stored() {
    use service::commands::entries::{Twice, log_checked};
    let (_dir, state) = fresh().await;
    let first = log_checked(
        &state,
        DEMO_ACCOUNT_ID,
        DEMO_TECHNICIAN,
        good_form(),
        Twice::Ask,
    )
    .await
    .unwrap();
    let before = rows(&state).await;
    let twice = log_checked(
        &state,
        DEMO_ACCOUNT_ID,
        DEMO_TECHNICIAN,
        good_form(),
        Twice::Ask,
    )
    .await;
    let Err(e @ AppError::Invalid { .. }) = twice else {
        panic!("a likely double entry is asked about: {twice:?}");
    };
    let reason = e.field("again").expect("on the field `again`");
    assert!(
        matches!(reason, billing::Reason::Rule(billing::RuleViolation::LoggedToday(id)) if **id == *first.id),
        "{reason:?}"
    );
    assert_eq!(
        e.submitted("minutes"),
        Some("45"),
        "the form comes back filled in"
    );
    assert_eq!(rows(&state).await, before, "nothing stored");

    let again = log_checked(
        &state,
        DEMO_ACCOUNT_ID,
        DEMO_TECHNICIAN,
        good_form(),
        Twice::Allow,
    )
    .await;
    assert!(again.is_ok(), "{again:?}");
    // Other minutes are other work.
    let other = EntryForm {
        minutes: "46".into(),
        ..good_form()
    };
    assert!(
        log_checked(&state, DEMO_ACCOUNT_ID, DEMO_TECHNICIAN, other, Twice::Ask)
            .await
            .is_ok()
    );
    assert_eq!(rows(&state).await.len(), before.len() + 2);
}
