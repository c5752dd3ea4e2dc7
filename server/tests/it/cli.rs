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
