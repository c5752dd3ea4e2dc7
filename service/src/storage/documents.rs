//! Issued documents: numbered gapless per series and year inside the issuing transaction, and
//! read back.

use api::model::Document;
use api::parties::{BankAccount, InvoicePaid, Parties, Party, Payment};
use billing::{Invoice, InvoiceKind, InvoiceStatus, Ledger};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{AccountRecord, Db, StorageError};

/// Store every issued document of `ledger` that is not stored yet, each with the next number
/// of its series and year. Invoices go first, so that a credit note can name its invoice's number.
pub(super) async fn issue_documents(
    conn: &mut AnyConnection,
    account: &AccountRecord,
    ledger: &Ledger,
    seq: i64,
) -> Result<Vec<Document>, StorageError> {
    let account_id = account.id.as_str();
    let stored: Vec<(String, String)> =
        sqlx::query("SELECT key, number FROM documents WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("key")?, r.try_get("number")?)))
            .collect::<Result<_, sqlx::Error>>()?;
    let mut numbers: std::collections::HashMap<String, String> = stored.into_iter().collect();
    let known = |numbers: &std::collections::HashMap<String, String>, k: &billing::DocKey| {
        numbers.get(&k.to_string()).cloned()
    };
    let issued = ledger
        .invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::Issued)
        .chain(&ledger.pack_invoices)
        .chain(&ledger.credit_notes);
    let mut out = Vec::new();
    // Who the documents are between, read once, inside this transaction.
    let mut parties: Option<PartiesNow> = None;
    for doc in issued {
        if known(&numbers, &doc.key).is_some() {
            continue;
        }
        if parties.is_none() {
            parties = Some(parties_now(conn, account).await?);
        }
        let now = parties.as_ref().expect("read above");
        let series = match doc.kind {
            InvoiceKind::CreditNote => "CN",
            InvoiceKind::Period | InvoiceKind::Pack => "INV",
        };
        let issued_on = doc.issued_on.ok_or_else(|| {
            StorageError::Corrupt(format!("issued document {} has no issue date", doc.key))
        })?;
        let year = chrono::Datelike::year(&issued_on) as i64;
        // The series' next number, in this transaction: gapless, as the transaction commits
        // or leaves nothing.
        let next: i64 = sqlx::query(
            "INSERT INTO counters (series, year, last) VALUES ($1, $2, 1) \
             ON CONFLICT (series, year) DO UPDATE SET last = counters.last + 1 RETURNING last",
        )
        .bind(series)
        .bind(year)
        .fetch_one(&mut *conn)
        .await?
        .try_get("last")?;
        let number = match series {
            "CN" => format!("CN-{year}-{next:06}"),
            _ => format!("{year}-{next:06}"),
        };
        let refers_to = doc.refers_to.as_ref().and_then(|k| known(&numbers, k));
        let body = serde_json::to_string(doc)
            .map_err(|e| StorageError::Corrupt(format!("document does not serialise: {e}")))?;
        let kind = match doc.kind {
            InvoiceKind::Period => "period",
            InvoiceKind::Pack => "pack",
            InvoiceKind::CreditNote => "credit_note",
        };
        sqlx::query(
            "INSERT INTO documents (number, series, year, seq, account_id, key, kind, issued_on, refers_to, \
             currency, net, vat_total, total, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(&number)
        .bind(series)
        .bind(year)
        .bind(next)
        .bind(account_id)
        .bind(doc.key.to_string())
        .bind(kind)
        .bind(issued_on.to_string())
        .bind(&refers_to)
        .bind(&ledger.currency)
        .bind(doc.net.to_string())
        .bind(doc.vat_total.to_string())
        .bind(doc.total.to_string())
        .bind(&body)
        .execute(&mut *conn)
        .await?;
        if let (InvoiceKind::Period, Some(month)) = (doc.kind, doc.month) {
            let snapshot = serde_json::to_string(ledger)
                .map_err(|e| StorageError::Corrupt(format!("ledger does not serialise: {e}")))?;
            sqlx::query(
                "INSERT INTO snapshots (account_id, month, seq, ledger) VALUES ($1, $2, $3, $4)",
            )
            .bind(account_id)
            .bind(month.to_string())
            .bind(seq)
            .bind(snapshot)
            .execute(&mut *conn)
            .await?;
        }
        // Frozen with the document: later changes to either party change nothing issued.
        let frozen = Parties {
            seller: now.seller.clone(),
            buyer: now.buyer.clone(),
            payment: (doc.kind != InvoiceKind::CreditNote)
                .then(|| Payment::new(&number, issued_on, now.days, now.bank.clone())),
        };
        let json = serde_json::to_string(&frozen)
            .map_err(|e| StorageError::Corrupt(format!("parties do not serialise: {e}")))?;
        sqlx::query("INSERT INTO document_parties (number, due_on, parties) VALUES ($1, $2, $3)")
            .bind(&number)
            .bind(frozen.payment.as_ref().map(|p| p.due_on.to_string()))
            .bind(json)
            .execute(&mut *conn)
            .await?;
        numbers.insert(doc.key.to_string(), number.clone());
        out.push(Document {
            number,
            account_id: account_id.to_string(),
            currency: ledger.currency.clone(),
            refers_to,
            invoice: doc.clone(),
            parties: frozen,
            paid: None,
        });
    }
    Ok(out)
}

/// The seller and the buyer as they are now, the seller's bank account and the account's
/// payment terms.
struct PartiesNow {
    seller: Party,
    buyer: Party,
    bank: Option<BankAccount>,
    days: u32,
}

/// [`PartiesNow`], read in the issuing transaction.
/// The seller as stored now, and the buyer as `account` — read under the account's lock, in this
/// transaction — says.
async fn parties_now(
    conn: &mut AnyConnection,
    account: &AccountRecord,
) -> Result<PartiesNow, StorageError> {
    let seller = super::accounts::seller_in(&mut *conn).await?;
    let days = match (account.payment_terms_days, &seller) {
        (Some(d), _) => d,
        (None, Some(s)) => s.payment_terms_days,
        (None, None) => api::parties::DEFAULT_PAYMENT_DAYS,
    };
    let buyer = Party {
        legal_name: account.legal_name.clone(),
        address: account.address.clone(),
        country: account.country.clone(),
        vat_id: account.vat_id.clone(),
        electronic_address: account.electronic_address.clone(),
        email: None,
    };
    Ok(PartiesNow {
        bank: seller.as_ref().and_then(|s| s.bank.clone()),
        seller: seller.map(|s| s.party).unwrap_or_default(),
        buyer,
        days,
    })
}

/// Documents with their frozen parties: `SELECT {DOCUMENT_SELECT} WHERE …`.
pub(super) const DOCUMENT_SELECT: &str = "d.number, d.account_id, d.currency, d.refers_to, d.body, p.parties, \
     ip.paid_on, ip.reference AS paid_reference \
     FROM documents d JOIN document_parties p ON p.number = d.number \
     LEFT JOIN invoice_payments ip ON ip.number = d.number";

pub(super) fn document_from_row(row: &AnyRow) -> Result<Document, StorageError> {
    let number: String = row.try_get("number")?;
    let body: String = row.try_get("body")?;
    let parties: String = row.try_get("parties")?;
    let paid_on: Option<String> = row.try_get("paid_on")?;
    let paid = match paid_on {
        Some(on) => Some(InvoicePaid {
            paid_on: on
                .parse()
                .map_err(|e| StorageError::Corrupt(format!("payment of {number}: {e}")))?,
            reference: row.try_get("paid_reference")?,
        }),
        None => None,
    };
    Ok(Document {
        paid,
        parties: serde_json::from_str::<Parties>(&parties)
            .map_err(|e| StorageError::Corrupt(format!("parties of document {number}: {e}")))?,
        invoice: serde_json::from_str::<Invoice>(&body)
            .map_err(|e| StorageError::Corrupt(format!("document {number}: {e}")))?,
        account_id: row.try_get("account_id")?,
        currency: row.try_get("currency")?,
        refers_to: row.try_get("refers_to")?,
        number,
    })
}

impl Db {
    /// Issued documents, of one account or all, in number order.
    pub async fn documents(&self, account_id: Option<&str>) -> Result<Vec<Document>, StorageError> {
        let pool = &self.pool;
        let rows = match account_id {
            Some(a) => sqlx::query(&format!(
                "SELECT {DOCUMENT_SELECT} WHERE d.account_id = $1 ORDER BY d.series, d.year, d.seq"
            ))
            .bind(a)
            .fetch_all(pool)
            .await?,
            None => {
                sqlx::query(&format!(
                    "SELECT {DOCUMENT_SELECT} ORDER BY d.series, d.year, d.seq"
                ))
                .fetch_all(pool)
                .await?
            }
        };
        rows.iter().map(document_from_row).collect()
    }

    /// Record that month invoice `number` was paid, with the audit line, once: a payment
    /// already recorded is returned as it is (the caller compares).
    pub async fn record_invoice_payment(
        &self,
        number: &str,
        paid: &InvoicePaid,
        audit: &super::Audit,
    ) -> Result<InvoicePaid, StorageError> {
        let mut tx = self.pool.begin().await?;
        let insert = sqlx::query(
            "INSERT INTO invoice_payments (number, paid_on, reference, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (number) DO NOTHING",
        )
        .bind(number)
        .bind(paid.paid_on.to_string())
        .bind(&paid.reference)
        .bind(&audit.actor)
        .bind(super::time::stamp(audit.at))
        .execute(&mut *tx)
        .await?;
        if insert.rows_affected() == 1 {
            super::people::write_audit(&mut tx, audit).await?;
            tx.commit().await?;
            return Ok(paid.clone());
        }
        let row = sqlx::query("SELECT paid_on, reference FROM invoice_payments WHERE number = $1")
            .bind(number)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        let on: String = row.try_get("paid_on")?;
        Ok(InvoicePaid {
            paid_on: on
                .parse()
                .map_err(|e| StorageError::Corrupt(format!("payment of {number}: {e}")))?,
            reference: row.try_get("reference")?,
        })
    }

    /// Documents issued from `from` to `to` (both included), of one account or all, in number
    /// order.
    pub async fn documents_issued(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        account_id: Option<&str>,
    ) -> Result<Vec<Document>, StorageError> {
        let rows = sqlx::query(&format!(
            "SELECT {DOCUMENT_SELECT} WHERE d.issued_on >= $1 AND d.issued_on <= $2 \
             AND ($3 = '' OR d.account_id = $3) ORDER BY d.series, d.year, d.seq"
        ))
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(account_id.unwrap_or_default())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(document_from_row).collect()
    }

    pub async fn document(&self, number: &str) -> Result<Option<Document>, StorageError> {
        let pool = &self.pool;
        let row = sqlx::query(&format!("SELECT {DOCUMENT_SELECT} WHERE d.number = $1"))
            .bind(number)
            .fetch_optional(pool)
            .await?;
        row.as_ref().map(document_from_row).transpose()
    }
}
