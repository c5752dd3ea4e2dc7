//! POLICY §9: every worked example is a replay file in billing/replays and a test here that runs
//! it through the shipped command (`hourbank replay FILE`), asserts every figure the example
//! states, and snapshots the whole output so that any change to any figure shows in review.

use std::process::Command;

use serde_json::Value;

fn run(name: &str) -> Value {
    let path = format!(
        "{}/../billing/replays/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::new(env!("CARGO_BIN_EXE_hourbank"))
        .args(["replay", &path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!(name, v);
    v
}

fn lot<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["lots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id)
        .unwrap_or_else(|| panic!("no lot {id}"))
}

fn invoice<'a>(v: &'a Value, key: &str) -> &'a Value {
    v["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["pack_invoices"].as_array().unwrap())
        .chain(v["credit_notes"].as_array().unwrap())
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no invoice {key}"))
}

#[test]
fn e1_rollover_renewed() {
    let v = run("e1_rollover_renewed");
    // 480 min used in June–August; the rest moves into September's pack.
    let june = lot(&v, "pack:june");
    assert_eq!(june["last_day"], "2024-08-31");
    assert_eq!(
        (june["consumed"].as_u64(), june["moved_out"].as_u64()),
        (Some(480), Some(120))
    );
    // It holds 600 own + 120 rolled-in minutes, valid through 2024-11-30.
    let sept = lot(&v, "pack:september");
    assert_eq!(
        (sept["granted"].as_u64(), sept["last_day"].as_str()),
        (Some(600), Some("2024-11-30"))
    );
    let rolled = lot(&v, "rollover:september");
    assert_eq!(
        (rolled["granted"].as_u64(), rolled["last_day"].as_str()),
        (Some(120), Some("2024-11-30"))
    );
    // 360 min used in September–November: all from own minutes.
    for e in ["e4", "e5", "e6"] {
        assert_eq!(
            parts(&v, e),
            vec![("pack".to_string(), 120, "0.00".to_string())]
        );
    }
    assert_eq!(sept["consumed"], 360);
    // On 2024-12-01: the 120 rolled-in minutes expired for good, 240 own minutes are unused
    // (held for a renewal).
    assert_eq!(
        (rolled["consumed"].as_u64(), rolled["expired"].as_u64()),
        (Some(0), Some(120))
    );
    let snap = &v["snapshots"][0];
    assert_eq!(snap["on"], "2024-12-01");
    let held: Vec<_> = snap["lots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (s(&l["lot"]), l["held"].as_u64()))
        .collect();
    assert_eq!(held, vec![("pack:september", Some(240))]);
    // Payout for the June pack: 600 min (renewed by the same developer).
    let p = payout(&v, "june");
    assert_eq!(
        (p["minutes"].as_u64(), s(&p["amount"]), s(&p["basis"])),
        (Some(600), "950.00", "renewed")
    );
    for l in v["lots"].as_array().unwrap() {
        let sum = [
            "consumed",
            "expired",
            "moved_out",
            "refunded",
            "held",
            "available",
        ]
        .iter()
        .map(|k| l[k].as_u64().unwrap())
        .sum::<u64>();
        assert_eq!(
            l["granted"].as_u64().unwrap() + l["returned"].as_u64().unwrap(),
            sum,
            "conservation of {}",
            l["id"]
        );
    }
}

#[test]
fn e2_not_renewed() {
    let v = run("e2_not_renewed");
    let june = lot(&v, "pack:june");
    // The 120 minutes expire; nothing moves.
    assert_eq!(
        (
            june["consumed"].as_u64(),
            june["expired"].as_u64(),
            june["moved_out"].as_u64()
        ),
        (Some(480), Some(120), Some(0))
    );
    // The October pack holds 600 minutes only.
    let oct = lot(&v, "pack:october");
    assert_eq!(oct["granted"], 600);
    assert!(
        v["lots"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["origin"] != "rollover")
    );
    assert_eq!(v["snapshots"][1]["lots"].as_array().unwrap().len(), 1);
    // Payout for the June pack: 480 min.
    let p = payout(&v, "june");
    assert_eq!(
        (p["minutes"].as_u64(), s(&p["amount"]), s(&p["basis"])),
        (Some(480), "760.00", "consumed")
    );
}

#[test]
fn e3_before_the_policy() {
    let v = run("e3_before_the_policy");
    let april = lot(&v, "pack:april");
    assert_eq!(april["last_day"], "2024-07-19");
    // Paid before 2024-05-01: no rollover; 300 minutes expire.
    assert_eq!(
        (
            april["consumed"].as_u64(),
            april["expired"].as_u64(),
            april["moved_out"].as_u64()
        ),
        (Some(300), Some(300), Some(0))
    );
    assert_eq!(lot(&v, "pack:july")["granted"], 600);
    assert!(
        v["lots"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["origin"] != "rollover")
    );
}

#[test]
fn e4_carryover_and_overage() {
    let v = run("e4_carryover_and_overage");
    // January: 90 min of support → 30 min carry over; invoice 100.00 + VAT 22.00 = 122.00.
    assert_eq!(lot(&v, "carryover:2025-01")["granted"], 30);
    let jan = invoice(&v, "period:2025-01");
    assert_eq!(jan["status"], "issued");
    assert_eq!(totals(jan), t("100.00", "22.00", "122.00"));
    assert_eq!(jan["summary"]["carried_into_next_month"], 30);
    // February: 180 min → allowance 120 + carryover 30, 30 min overage at 50.00/h = 25.00.
    assert_eq!(
        parts(&v, "e2"),
        vec![
            ("allowance".to_string(), 120, "0.00".to_string()),
            ("carryover".to_string(), 30, "0.00".to_string()),
            ("overage".to_string(), 30, "25.00".to_string()),
        ]
    );
    let feb = invoice(&v, "period:2025-02");
    assert_eq!(totals(feb), t("125.00", "27.50", "152.50"));
    assert_eq!(feb["summary"]["carried_in"], 30);
    assert_eq!(feb["summary"]["overage_amount"], "25.00");
}

#[test]
fn e5_project_eats_the_package_first() {
    let v = run("e5_project_eats_the_package");
    assert_eq!(
        parts(&v, "e1"),
        vec![("allowance".to_string(), 60, "0.00".to_string())]
    );
    // 180 min project on the approved quote: 60 from the allowance, 120 at 70.00/h = 140.00.
    assert_eq!(
        parts(&v, "e2"),
        vec![
            ("allowance".to_string(), 60, "0.00".to_string()),
            ("quote".to_string(), 120, "140.00".to_string())
        ]
    );
    assert_eq!(
        totals(invoice(&v, "period:2025-03")),
        t("240.00", "52.80", "292.80")
    );
}

#[test]
fn e6_post_paid() {
    let v = run("e6_post_paid");
    assert_eq!(
        parts(&v, "e1"),
        vec![
            ("plan_rate".to_string(), 600, "600.00".to_string()),
            ("overage".to_string(), 120, "130.00".to_string())
        ]
    );
    assert_eq!(
        totals(invoice(&v, "period:2025-01")),
        t("730.00", "146.00", "876.00")
    );
}

#[test]
fn e7_bulk_and_bug_credit() {
    let v = run("e7_bulk_and_bug_credit");
    // Buying 10 h: 10 × (80.00 × 0.95) = 760.00 + VAT 152.00 = 912.00.
    let pack = invoice(&v, "pack:payg-1");
    assert_eq!(pack["lines"][0]["rate"], "76.00");
    assert_eq!(totals(pack), t("760.00", "152.00", "912.00"));
    // No hours left: 90 min at the standard rate = 120.00, invoiced in May.
    assert_eq!(
        parts(&v, "e2"),
        vec![("standard_rate".to_string(), 90, "120.00".to_string())]
    );
    assert_eq!(
        totals(invoice(&v, "period:2025-05")),
        t("120.00", "24.00", "144.00")
    );
    // In June it is re-marked bug: a credit note referring to the May invoice.
    let note = invoice(&v, "creditback:e2");
    assert_eq!(note["refers_to"], "period:2025-05");
    assert_eq!(note["issued_on"], "2025-06-10");
    assert_eq!(totals(note), t("-120.00", "-24.00", "-144.00"));
    // The entry now costs nothing and names the credit note that reversed it.
    let e2 = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "e2")
        .unwrap();
    assert_eq!(
        (s(&e2["amount"]), s(&e2["credit_note"]), s(&e2["kind"])),
        ("0.00", "creditback:e2", "bug")
    );
    // The May invoice itself is unchanged.
    assert_eq!(
        totals(invoice(&v, "period:2025-05")),
        t("120.00", "24.00", "144.00")
    );
}

#[test]
fn e8_tiers_and_rounding() {
    let v = run("e8_tiers");
    assert_eq!(s(&invoice(&v, "pack:p25")["net"]), "2250.00");
    assert_eq!(s(&invoice(&v, "pack:p75")["net"]), "6000.00");
    // Ordering grants nothing: hours come with the payment.
    assert!(v["lots"].as_array().unwrap().is_empty());
    let v = run("e8_rounding");
    let e = &v["entries"][0];
    assert_eq!(
        (e["minutes"].as_u64(), e["counted_minutes"].as_u64()),
        (Some(7), Some(15))
    );
    assert_eq!(
        parts(&v, "e1"),
        vec![("allowance".to_string(), 15, "0.00".to_string())]
    );
}

/// POLICY §7 and §9 E9: a developer is never paid for minutes credited back. The June pack's
/// payout fell due on 2024-09-04 for its 480 consumed minutes; on 2024-09-10 a 60-minute July
/// entry it covered is re-marked as our bug, so those minutes come back to the client as a
/// credit lot and the developer's next payout (the October pack, due 2025-01-04) deducts them.
#[test]
fn e9_credit_back_after_payout() {
    let v = run("e9_credit_back_after_payout");
    let june = payout(&v, "june");
    assert_eq!(
        (
            s(&june["due_on"]),
            june["minutes"].as_u64(),
            s(&june["basis"])
        ),
        ("2024-09-04", Some(480), "consumed")
    );
    // 480 min at 95.00/h = 760.00, less 10 % commission = 684.00.
    assert_eq!(
        (
            s(&june["gross"]),
            s(&june["commission"]),
            s(&june["amount"])
        ),
        ("760.00", "76.00", "684.00")
    );
    assert!(june.get("adjustments").is_none(), "{june}");
    // The 60 minutes come back as a credit lot (the June pack is no longer valid).
    let credit = lot(&v, "credit:e2:1");
    assert_eq!(
        (credit["granted"].as_u64(), credit["available"].as_u64()),
        (Some(60), Some(60))
    );
    // October: 90 min = 142.50, less 10 % = 128.25; minus 60 min of June at 95.00/h less
    // 10 % = 85.50: 42.75 to pay.
    let october = payout(&v, "october");
    assert_eq!(
        (s(&october["due_on"]), october["minutes"].as_u64()),
        ("2025-01-04", Some(90))
    );
    assert_eq!(
        (
            s(&october["gross"]),
            s(&october["commission"]),
            s(&october["amount"])
        ),
        ("142.50", "14.25", "128.25")
    );
    let adj = &october["adjustments"][0];
    assert_eq!(
        (
            s(&adj["order"]),
            s(&adj["entry"]),
            s(&adj["on"]),
            adj["minutes"].as_u64(),
            s(&adj["amount"])
        ),
        ("june", "e2", "2024-09-10", Some(60), "-85.50")
    );
    assert_eq!(october["adjustments"].as_array().unwrap().len(), 1);
    assert!(v.get("pending_payout_adjustments").is_none());
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn payout<'a>(v: &'a Value, order: &str) -> &'a Value {
    v["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["order"] == order)
        .unwrap_or_else(|| panic!("no payout {order}"))
}

fn parts(v: &Value, entry: &str) -> Vec<(String, u64, String)> {
    let e = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == entry)
        .unwrap();
    e["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                s(&p["source"]).to_string(),
                p["minutes"].as_u64().unwrap(),
                s(&p["amount"]).to_string(),
            )
        })
        .collect()
}

fn totals(i: &Value) -> (String, String, String) {
    (
        s(&i["net"]).into(),
        s(&i["vat_total"]).into(),
        s(&i["total"]).into(),
    )
}

fn t(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}
