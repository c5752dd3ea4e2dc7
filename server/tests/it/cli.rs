//! `hourbank replay` as a user runs it.

use std::io::Write;
use std::process::{Command, Stdio};

fn hourbank() -> Command {
    Command::new(env!("CARGO_BIN_EXE_hourbank"))
}

fn replay_stdin(input: &str) -> std::process::Output {
    let mut child = hourbank()
        .args(["replay", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn bad_json_exits_non_zero_with_a_clear_message() {
    let out = replay_stdin("{ not json");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("standard input is not a valid history"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_file_exits_non_zero() {
    let out = hourbank()
        .args(["replay", "/nonexistent/history.json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/history.json"));
}

#[test]
fn money_as_a_json_number_is_refused() {
    let out = replay_stdin(
        r#"{"catalog":{"currency":"EUR","vat_rate":22},"account":{"id":"a","currency":"EUR"}}"#,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid history"));
}

#[test]
fn unknown_arguments_are_refused() {
    let out = hourbank().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_history_replays_to_a_pretty_ledger() {
    let history = r#"{
        "catalog": {
            "currency": "EUR", "vat_rate": "22", "standard_rate": "60.00",
            "plans": [{ "id": "L", "name": "L", "kind": "maintenance", "fee": "100.00",
                        "included_minutes": 120, "overage_rate": "50.00" }]
        },
        "account": { "id": "acme", "currency": "EUR" },
        "events": [
            { "on": "2026-01-01", "type": "plan_subscribed", "plan": "L", "start": "2026-01-01" },
            { "on": "2026-01-10", "type": "entry_logged", "id": "e1", "date": "2026-01-10",
              "minutes": 90, "kind": "support", "title": "Updates", "technician": "dana" }
        ],
        "today": "2026-01-31"
    }"#;
    let out = replay_stdin(history);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ledger: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ledger["account"], "acme");
    assert_eq!(ledger["entries"][0]["parts"][0]["source"], "allowance");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("\n  "),
        "pretty-printed"
    );
}

#[test]
fn create_admin_makes_the_first_admin_and_refuses_weak_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/admin.db", dir.path().display());
    let weak = hourbank()
        .args(["create-admin", "boss@agency.example", "The Boss"])
        .env("HOURBANK_DB", &db)
        .env("HOURBANK_ADMIN_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 12 characters"));
    let ok = hourbank()
        .args(["create-admin", "Boss@Agency.example", "The Boss"])
        .env("HOURBANK_DB", &db)
        .env("HOURBANK_ADMIN_PASSWORD", "a long enough secret")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(out.contains("boss@agency.example"), "{out}");
    assert!(
        !out.contains("a long enough secret"),
        "the password is never printed"
    );
    let again = hourbank()
        .args(["create-admin", "boss@agency.example", "The Boss"])
        .env("HOURBANK_DB", &db)
        .env("HOURBANK_ADMIN_PASSWORD", "a long enough secret")
        .output()
        .unwrap();
    assert!(!again.status.success());
}

#[tokio::test]
async fn export_writes_each_documents_files_and_the_same_bytes_again() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}/export.db", dir.path().display());
    let db = service::storage::Db::connect(&db_url).await.unwrap();
    db.migrate().await.unwrap();
    service::storage::seed_demo(&db, crate::support::today())
        .await
        .unwrap();
    let docs = db
        .documents_issued(
            "2026-01-01".parse().unwrap(),
            "2026-12-31".parse().unwrap(),
            None,
        )
        .await
        .unwrap();
    assert!(!docs.is_empty());
    let export = |out: &std::path::Path, args: &[&str]| {
        hourbank()
            .arg("export")
            .args(args)
            .arg(out)
            .env("HOURBANK_DB", &db_url)
            .env("HOURBANK_TODAY", crate::support::TODAY)
            .output()
            .unwrap()
    };
    let first = dir.path().join("first");
    let out = export(&first, &["2026-01-01", "2026-12-31"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(first.join("documents.csv")).unwrap();
    assert!(csv.starts_with("number,kind,issued_on,due_on,account"));
    for d in &docs {
        let xml = std::fs::read_to_string(first.join(format!("{}.xml", d.number))).unwrap();
        assert!(xml.contains(&format!("<cbc:ID>{}</cbc:ID>", d.number)));
        assert!(first.join(format!("{}-lines.csv", d.number)).is_file());
        let pdf = std::fs::read(first.join(format!("{}.pdf", d.number))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{}: a PDF", d.number);
        assert!(csv.contains(&d.number));
    }
    // Immutable documents: a second export is byte for byte the same.
    let second = dir.path().join("second");
    assert!(
        export(&second, &["2026-01-01", "2026-12-31"])
            .status
            .success()
    );
    for entry in std::fs::read_dir(&first).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(
            std::fs::read(first.join(&name)).unwrap(),
            std::fs::read(second.join(&name)).unwrap(),
            "{name:?}"
        );
    }
    // One account only.
    let globex = dir.path().join("globex");
    assert!(
        export(
            &globex,
            &["2026-01-01", "2026-12-31", "--account", "globex"]
        )
        .status
        .success()
    );
    let csv = std::fs::read_to_string(globex.join("documents.csv")).unwrap();
    assert!(csv.lines().skip(1).all(|l| l.contains(",globex,")), "{csv}");

    // A bad period or an unknown account: a clear message, exit 2, nothing written.
    for (args, message) in [
        (vec!["2026-03-01", "2026-02-01"], "ends before it begins"),
        (vec!["2025-01-01", "2026-12-31"], "at most 366 days"),
        (vec!["yesterday", "2026-12-31"], "FROM"),
        (
            vec!["2026-01-01", "2026-01-31", "--account", "nobody"],
            "no account \"nobody\"",
        ),
    ] {
        let bad = dir.path().join("bad");
        let out = export(&bad, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!bad.exists(), "{args:?} wrote something");
    }
}

#[tokio::test]
async fn token_create_prints_a_secret_once_that_opens_the_api_until_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/token.db", dir.path().display());
    let run = |args: &[&str]| {
        hourbank()
            .args(args)
            .env("HOURBANK_DB", &db)
            .output()
            .unwrap()
    };
    let made = run(&["token", "create", "Zendesk"]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let secret = String::from_utf8_lossy(&made.stdout).trim().to_string();
    assert!(api::integrations::looks_like_secret(&secret), "{secret}");
    let said = String::from_utf8_lossy(&made.stderr);
    assert!(
        said.contains("every account") && said.contains("shown only now"),
        "{said}"
    );
    // The same name again, a bad name, an account that does not exist: exit 2, nothing made.
    for args in [
        &["token", "create", "Zendesk"][..],
        &["token", "create", "  "],
        &["token", "create", "Other", "--account", "nowhere"],
    ] {
        let refused = run(args);
        assert_eq!(refused.status.code(), Some(2), "{args:?}");
        assert!(refused.stdout.is_empty(), "{args:?}: no secret printed");
    }
    let db_handle = service::storage::Db::connect(&db).await.unwrap();
    let tokens = db_handle.api_tokens().await.unwrap();
    assert_eq!(tokens.len(), 1);
    let stored = db_handle
        .api_token_by_hash(&service::auth::token_hash(&secret))
        .await
        .unwrap()
        .expect("found by the hash of its secret");
    assert_eq!(stored.revoked_at, None);
    let revoked = run(&["token", "revoke", &tokens[0].id]);
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    assert_eq!(run(&["token", "revoke", "tok-none"]).status.code(), Some(2));
    let stored = db_handle.api_tokens().await.unwrap();
    assert!(stored[0].revoked_at.is_some());
}

#[tokio::test]
async fn import_entries_logs_each_row_once_and_a_dry_run_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}/import.db", dir.path().display());
    let db = service::storage::Db::connect(&db_url).await.unwrap();
    db.migrate().await.unwrap();
    service::storage::seed_demo(&db, crate::support::today())
        .await
        .unwrap();
    let csv = dir.path().join("export.csv");
    std::fs::write(
        &csv,
        "external_id,date,minutes,title,url,technician,account,kind,ticket_id\n\
         zd-1,2026-03-16,45,Printer offline,https://help.example.com/t/1,dana@agency.example,acme,support,1\n\
         zd-2,2026-03-17,1:30,\"VPN, again\",,DANA@agency.example,acme,,2\n\
         zd-1,2026-03-16,45,Printer offline,https://help.example.com/t/1,dana@agency.example,acme,support,1\n\
         zd-3,2026-03-17,0,Nothing,,dana@agency.example,acme,support,3\n\
         zd-4,2026-03-17,30,Someone else,,nobody@agency.example,acme,support,4\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        hourbank()
            .args(args)
            .env("HOURBANK_DB", &db_url)
            .env("HOURBANK_TODAY", crate::support::TODAY)
            .output()
            .unwrap()
    };
    let events = || async { db.events("acme").await.unwrap().len() };
    let before = events().await;
    let file = csv.to_str().unwrap();

    let dry = run(&["import", "entries", file, "--dry-run"]);
    let out = String::from_utf8_lossy(&dry.stdout);
    assert_eq!(dry.status.code(), Some(1), "{out}");
    assert!(
        out.contains("line 2: zd-1 → acme: would log 45 on 2026-03-16"),
        "{out}"
    );
    assert!(out.contains("line 3: zd-2 → acme: would log 1:30"), "{out}");
    assert!(out.contains("line 4: zd-1 → acme: already logged"), "{out}");
    assert!(
        out.contains("line 5: zd-3 → acme: refused: minutes: enter at least 1 minute"),
        "{out}"
    );
    assert!(
        out.contains("line 6: zd-4 → acme: refused: technician_email: no technician"),
        "{out}"
    );
    assert!(
        out.contains("5 rows: 2 would log, 1 already logged, 2 refused (dry run: nothing stored)"),
        "{out}"
    );
    assert_eq!(events().await, before, "a dry run stores nothing");

    let real = run(&["import", "entries", file]);
    let out = String::from_utf8_lossy(&real.stdout);
    assert_eq!(real.status.code(), Some(1), "{out}");
    assert!(
        out.contains("5 rows: 2 logged, 1 already logged, 2 refused"),
        "{out}"
    );
    assert_eq!(events().await, before + 2);
    // The same file again logs nothing new.
    let again = run(&["import", "entries", file]);
    let out = String::from_utf8_lossy(&again.stdout);
    assert!(
        out.contains("5 rows: 0 logged, 3 already logged, 2 refused"),
        "{out}"
    );
    assert_eq!(events().await, before + 2);

    // A misspelt column refuses the whole file before anything is read into the database.
    std::fs::write(&csv, "external_id,date,minutes,title,technican,account\n").unwrap();
    let bad = run(&["import", "entries", file]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown column \"technican\""));
}
