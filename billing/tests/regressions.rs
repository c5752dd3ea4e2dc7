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
    // The work that used the pack (e11, e20, e21) was logged after the refund, dated the day
    // before it: it counts from the refund's day (POLICY §11 Refunds), so the whole 300 minutes
    // unused when the refund was recorded are refunded — as its credit note said then.
    assert_eq!((pack.consumed.get(), pack.refunded.get()), (0, 300));
    // With the refund's minutes settled on its day, the what-if on the next plan up replays
    // too: the prompt is offered (POLICY §8 shows it with both figures, whichever is larger).
    assert!(ledger.prompts.iter().all(|p| match p {
        billing::Prompt::Upgrade {
            current_plan,
            suggested_plan,
            ..
        } => (current_plan.as_str(), suggested_plan.as_str()) == ("M", "L"),
        _ => true,
    }));
}
