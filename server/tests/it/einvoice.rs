//! Every e-invoice the product makes, checked against the official artefacts (README
//! "Documents"): the UBL 2.1 schema, the EN 16931 rules and, for Peppol documents, the Peppol
//! BIS Billing 3.0 rules — zero fatal assertions. The documents: every worked example's
//! invoices and credit notes, and the demo data's (with a reverse-charge account that is a Peppol
//! participant). A document with its payable amount changed by one cent must fail, so the check
//! is known to bite.
//!
//! The artefacts are not in this repository. The test reads them from
//! `$HOURBANK_EINVOICE_ASSETS`, else from `../shared/einvoice` beside the checkout; where neither
//! exists it says so loudly and checks nothing. To get them: the UBL 2.1 XSDs (OASIS os-UBL-2.1,
//! `xsd/`), `EN16931-UBL-validation.xslt` (ConnectingEurope/eInvoicing-EN16931, `ubl/xslt/`) and
//! `PEPPOL-EN16931-UBL.xslt` (Peppol BIS Billing 3.0, e.g. phax/phive-rules), laid out as
//! `ubl-2.1/xsd/{maindoc,common}/`, `en16931/` and `peppol-bis-billing-3/`. The validator is
//! `scripts/validate-einvoice.py` in the Python that `scripts/setup` installs (`.tools/einvoice`).

use std::path::{Path, PathBuf};
use std::process::Command;

use api::model::Document;
use api::parties::{BankAccount, Parties, Party, Payment};
use billing::{History, Invoice, InvoiceStatus};
use serde::Deserialize;

use crate::support::TestApp;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The artefacts, or None (with the reason printed) where they are not on this machine.
fn assets() -> Option<PathBuf> {
    let dir = std::env::var_os("HOURBANK_EINVOICE_ASSETS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/einvoice"));
    if dir.join("en16931/EN16931-UBL-validation.xslt").is_file() {
        return Some(dir);
    }
    eprintln!(
        "\n!!! SKIPPING the e-invoice validation: no artefacts at {} (set HOURBANK_EINVOICE_ASSETS; \
         see the top of server/tests/it/einvoice.rs for where to get them) !!!\n",
        dir.display()
    );
    None
}

fn python() -> PathBuf {
    let p = root().join(".tools/einvoice/bin/python");
    assert!(
        p.is_file(),
        "{} is missing: run scripts/setup (it installs the validator's Python packages)",
        p.display()
    );
    p
}

#[derive(Debug, Deserialize)]
struct Report {
    file: String,
    xsd: Vec<String>,
    failed: Vec<Failed>,
    peppol: bool,
}

#[derive(Debug, Deserialize)]
struct Failed {
    rules: String,
    id: String,
    flag: String,
    text: String,
}

fn validate(assets: &Path, files: &[PathBuf]) -> Vec<Report> {
    let out = Command::new(python())
        .arg(root().join("scripts/validate-einvoice.py"))
        .arg(assets)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the validator did not run: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn fatal(r: &Report) -> Vec<String> {
    r.xsd
        .iter()
        .cloned()
        .chain(
            r.failed
                .iter()
                .filter(|f| f.flag == "fatal")
                .map(|f| format!("{} {}: {}", f.rules, f.id, f.text)),
        )
        .collect()
}

/// The seller of the tests' documents: the demo agency, with its bank account.
fn seller() -> (Party, BankAccount) {
    let s = service::storage::demo_seller();
    (s.party, s.bank.unwrap())
}

/// A worked example's issued documents, with parties as a deployment would freeze them; with
/// `reverse_charge`, as if its client were an EU business abroad.
fn example_documents(name: &str, reverse_charge: bool) -> Vec<Document> {
    let path = root().join(format!("billing/replays/{name}.json"));
    let mut history: History = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    history.account.reverse_charge |= reverse_charge;
    let name = if reverse_charge {
        format!("{name}-reverse-charge")
    } else {
        name.to_string()
    };
    documents_of(&name, &history)
}

/// Third-party costs re-invoiced in another currency with a markup, beside work.
fn cost_documents() -> Vec<Document> {
    let history: History = serde_json::from_value(serde_json::json!({
        "catalog": {"currency": "EUR", "vat_rate": "22", "standard_rate": "60.00",
                    "plans": [], "pack_tiers": []},
        "account": {"id": "costs", "currency": "EUR"},
        "events": [
            {"on": "2026-02-10", "type": "entry_logged", "id": "e1", "date": "2026-02-10",
             "minutes": 35, "kind": "support", "title": "Renew the theme's licence",
             "url": "https://tickets.example/T-1", "note": "", "technician": "Dana"},
            {"on": "2026-02-12", "type": "cost_reinvoiced", "id": "c1", "date": "2026-02-12",
             "vendor": "ThemeForest", "description": "Theme licence <Pro> & updates",
             "amount": "59.00", "currency": "USD", "conversion_rate": "0.9213",
             "markup": "10"},
            {"on": "2026-03-01", "type": "month_closed", "month": "2026-02"}
        ]
    }))
    .unwrap();
    documents_of("costs", &history)
}

/// The issued documents of `history`, numbered `{name}-1`, `{name}-2`, …
fn documents_of(name: &str, history: &History) -> Vec<Document> {
    let ledger = billing::replay(history).unwrap();
    let (seller, bank) = seller();
    let reverse = history.account.reverse_charge;
    let buyer = Party {
        legal_name: format!("{} Ltd", history.account.id),
        address: "1 Example Street, Example Town".into(),
        country: if reverse { "IE" } else { "DE" }.into(),
        vat_id: Some(if reverse { "IE1234567T" } else { "DE123456789" }.into()),
        // The reverse-charged client is also a Peppol participant.
        electronic_address: reverse.then(|| "9935:IE1234567T".to_string()),
        email: None,
    };
    let issued: Vec<&Invoice> = ledger
        .invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::Issued)
        .chain(&ledger.pack_invoices)
        .chain(&ledger.credit_notes)
        .collect();
    let number = |key: &billing::DocKey| {
        let i = issued.iter().position(|d| d.key == *key).unwrap_or(0);
        format!("{name}-{}", i + 1)
    };
    issued
        .iter()
        .map(|i| {
            let n = number(&i.key);
            let payment = (i.kind != billing::InvoiceKind::CreditNote)
                .then(|| Payment::new(&n, i.issued_on.unwrap(), 14, Some(bank.clone())));
            Document {
                number: n,
                account_id: history.account.id.clone(),
                currency: ledger.currency.clone(),
                refers_to: i.refers_to.as_ref().map(number),
                invoice: (*i).clone(),
                parties: Parties {
                    seller: seller.clone(),
                    buyer: buyer.clone(),
                    payment,
                },
                paid: None,
            }
        })
        .collect()
}

fn write(dir: &Path, docs: &[Document]) -> Vec<PathBuf> {
    docs.iter()
        .map(|d| {
            let path = dir.join(format!("{}.xml", d.number));
            std::fs::write(&path, service::exports::ubl(d)).unwrap();
            path
        })
        .collect()
}

#[tokio::test]
async fn every_document_is_a_valid_en16931_e_invoice_and_peppol_where_both_parties_are_on_it() {
    let Some(assets) = assets() else { return };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("einvoice");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();

    let mut docs = Vec::new();
    for entry in std::fs::read_dir(root().join("billing/replays")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if let Some(example) = name.strip_suffix(".json") {
            docs.extend(example_documents(example, false));
        }
    }
    // Reverse charge (VAT category AE) on an invoice, a pack invoice and a credit note.
    docs.extend(example_documents("e7_bulk_and_bug_credit", true));
    docs.extend(cost_documents());
    let app = TestApp::spawn().await;
    let demo = app.state.db.documents(None).await.unwrap();
    docs.extend(demo);
    let files = write(&dir, &docs);
    let reports = validate(&assets, &files);
    assert_eq!(reports.len(), docs.len());

    let broken: Vec<(String, Vec<String>)> = reports
        .iter()
        .map(|r| (r.file.clone(), fatal(r)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    assert!(broken.is_empty(), "documents that fail: {broken:#?}");
    for r in &reports {
        for w in r.failed.iter().filter(|f| f.flag != "fatal") {
            eprintln!("{}: warning {} {}: {}", r.file, w.rules, w.id, w.text);
        }
    }
    // What the set covers: credit notes, reverse charge, Peppol documents, pack invoices.
    let count = |f: &dyn Fn(&Document) -> bool| docs.iter().filter(|d| f(d)).count();
    assert!(count(&|d| d.invoice.kind == billing::InvoiceKind::CreditNote) >= 2);
    assert!(
        count(&|d| d.invoice.vat_note.is_some()) >= 2,
        "reverse charge"
    );
    assert!(count(&|d| d.invoice.kind == billing::InvoiceKind::Pack) >= 2);
    assert!(
        count(&|d| !d.invoice.costs.is_empty()) >= 1,
        "re-invoiced costs"
    );
    let peppol = reports.iter().filter(|r| r.peppol).count();
    assert!(peppol >= 2, "Peppol documents: {peppol}");
    println!(
        "e-invoices validated: {} ({} Peppol), in {}",
        reports.len(),
        peppol,
        dir.display()
    );

    // The check bites: one cent more to pay breaks EN 16931's BR-CO-16.
    let first = std::fs::read_to_string(&files[0]).unwrap();
    let (head, rest) = first.split_once("<cbc:PayableAmount").unwrap();
    let (attrs, tail) = rest.split_once('>').unwrap();
    let (value, tail) = tail.split_once('<').unwrap();
    let more: rust_decimal::Decimal =
        value.parse::<rust_decimal::Decimal>().unwrap() + rust_decimal::Decimal::new(1, 2);
    let bad = dir.join("broken.xml");
    std::fs::write(
        &bad,
        format!("{head}<cbc:PayableAmount{attrs}>{more}<{tail}"),
    )
    .unwrap();
    let report = validate(&assets, &[bad]);
    let ids: Vec<&str> = report[0]
        .failed
        .iter()
        .filter(|f| f.flag == "fatal")
        .map(|f| f.id.as_str())
        .collect();
    assert!(
        ids.contains(&"BR-CO-16"),
        "the broken document passed: {ids:?}"
    );
}
