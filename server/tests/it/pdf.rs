//! Every issued document as a PDF (README "Documents"): read back as text with `pdftotext`, the
//! figures, parties, due date and words in the account's language are there; the same document
//! gives the same bytes (a snapshot holds one); and a picture of each (`pdftoppm`) is left in
//! `target/tmp/pdf/` to look at.

use std::path::Path;
use std::process::Command;

use crate::support::TestApp;

fn text_of(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; scripts/setup installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    spaces(&String::from_utf8(out.stdout).unwrap())
}

/// pdftotext writes no-break spaces as spaces; so do the expectations.
fn spaces(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

#[tokio::test]
async fn every_demo_document_prints_its_figures_in_the_accounts_language_and_locale() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let docs = db.documents(None).await.unwrap();
    assert!(docs.len() >= 10);
    for d in &docs {
        let account = db.account(&d.account_id).await.unwrap().unwrap();
        let bytes = service::exports::pdf(d, &account.locale).unwrap();
        assert_eq!(
            service::exports::pdf(d, &account.locale).unwrap(),
            bytes,
            "{}: the same document gives the same bytes",
            d.number
        );
        let path = dir.join(format!("{}.pdf", d.number));
        std::fs::write(&path, &bytes).unwrap();
        let text = text_of(&path);
        let money =
            |m: billing::Money| spaces(&api::format::money(&d.currency, &account.locale, m));
        for expected in [
            d.number.clone(),
            money(d.invoice.total),
            money(d.invoice.net),
            d.parties.seller.legal_name.clone(),
            d.parties.buyer.legal_name.clone(),
        ] {
            assert!(
                text.contains(&expected),
                "{}: no {expected:?} in\n{text}",
                d.number
            );
        }
        if let Some(p) = &d.parties.payment {
            let due = spaces(&api::format::date(&account.locale, p.due_on));
            assert!(text.contains(&due), "{}: no due date {due}", d.number);
            assert!(
                text.contains("DE89 3704 0044 0532 0130 00"),
                "{}: no IBAN",
                d.number
            );
        }
        if let Some(n) = d.refers_to.as_ref() {
            assert!(
                text.contains(n.as_str()),
                "{}: the invoice it corrects",
                d.number
            );
        }
        // Ticket links are links.
        for url in d.invoice.lines.iter().filter_map(|l| l.url.as_deref()) {
            assert!(
                bytes.windows(url.len()).any(|w| w == url.as_bytes()),
                "{}: no link to {url}",
                d.number
            );
        }
    }
    // Acme's invoice in German, as its client reads it; Globex's reverse charge in English.
    let acme = docs.iter().find(|d| d.account_id == "acme").unwrap();
    let acme_path = dir.join(format!("{}.pdf", acme.number));
    let text = text_of(&acme_path);
    for word in ["RECHNUNG", "FÄLLIG AM", "Verwendungszweck", "122,00 €"] {
        assert!(text.contains(word), "no {word:?} in\n{text}");
    }
    let globex = docs
        .iter()
        .find(|d| d.account_id == "globex" && d.invoice.vat_note.is_some())
        .unwrap();
    let text = text_of(&dir.join(format!("{}.pdf", globex.number)));
    assert!(text.contains("Reverse charge"), "{text}");

    // Pictures to look at.
    for d in &docs {
        let pdf = dir.join(format!("{}.pdf", d.number));
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "70", "-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg(dir.join(&d.number))
            .status()
            .expect("pdftoppm (poppler-utils)");
        assert!(status.success());
    }
    insta::assert_binary_snapshot!("acme-invoice.pdf", std::fs::read(&acme_path).unwrap());
}
