//! Histories the property tests once found wrong, kept as replay files.

fn replay_file(name: &str) -> Result<billing::Ledger, billing::ReplayError> {
    let path = format!("{}/replays/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let history: billing::History =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    billing::replay(&history)
}

/// A refund that only works on the account's own plan must not make the upgrade prompt's
/// what-if (the same months on the next plan up) fail the whole replay.
#[test]
fn upgrade_prompt_after_a_refund() {
    let ledger = replay_file("regression_upgrade_prompt_after_refund").expect("replays");
    let pack = ledger.lots.iter().find(|l| &*l.id == "pack:o5").unwrap();
    assert_eq!((pack.consumed.get(), pack.refunded.get()), (170, 130));
    assert!(
        ledger
            .prompts
            .iter()
            .all(|p| !matches!(p, billing::Prompt::Upgrade { .. }))
    );
}
