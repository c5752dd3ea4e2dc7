//! Issued documents: numbered gapless per series and year inside the issuing transaction, and
//! read back.

use api::model::Document;
use billing::{Invoice, InvoiceKind, InvoiceStatus, Ledger};
use sqlx::any::AnyRow;
use sqlx::{Row, Transaction};

use super::{Db, StorageError};

/// Store every issued document of `ledger` that is not stored yet, each with the next number
/// of its series and year. Invoices go first, so that a credit note can name its invoice's number.
pub(super) async fn issue_documents(
    tx: &mut Transaction<'static, sqlx::Any>,
    account_id: &str,
    ledger: &Ledger,
    seq: i64,
) -> Result<Vec<Document>, StorageError> {
    let stored: Vec<(String, String)> =
        sqlx::query("SELECT key, number FROM documents WHERE account_id = $1")
            .bind(account_id)
            .fetch_all(&mut **tx)
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
    for doc in issued {
        if known(&numbers, &doc.key).is_some() {
            continue;
        }
        let series = match doc.kind {
            InvoiceKind::CreditNote => "CN",
            InvoiceKind::Period | InvoiceKind::Pack => "INV",
        };
        let issued_on = doc.issued_on.ok_or_else(|| {
            StorageError::Corrupt(format!("issued document {} has no issue date", doc.key))
        })?;
        let year = chrono::Datelike::year(&issued_on) as i64;
        sqlx::query("INSERT INTO counters (series, year, last) VALUES ($1, $2, 0) ON CONFLICT (series, year) DO NOTHING")
            .bind(series)
            .bind(year)
            .execute(&mut **tx)
            .await?;
        let next: i64 = sqlx::query(
            "UPDATE counters SET last = last + 1 WHERE series = $1 AND year = $2 RETURNING last",
        )
        .bind(series)
        .bind(year)
        .fetch_one(&mut **tx)
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
        .execute(&mut **tx)
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
            .execute(&mut **tx)
            .await?;
        }
        numbers.insert(doc.key.to_string(), number.clone());
        out.push(Document {
            number,
            account_id: account_id.to_string(),
            refers_to,
            invoice: doc.clone(),
        });
    }
    Ok(out)
}

pub(super) const DOCUMENT_COLUMNS: &str = "number, account_id, refers_to, body";

pub(super) fn document_from_row(row: &AnyRow) -> Result<Document, StorageError> {
    let number: String = row.try_get("number")?;
    let body: String = row.try_get("body")?;
    Ok(Document {
        invoice: serde_json::from_str::<Invoice>(&body)
            .map_err(|e| StorageError::Corrupt(format!("document {number}: {e}")))?,
        account_id: row.try_get("account_id")?,
        refers_to: row.try_get("refers_to")?,
        number,
    })
}

impl Db {
    /// Issued documents, of one account or all, in number order.
    pub async fn documents(&self, account_id: Option<&str>) -> Result<Vec<Document>, StorageError> {
        let pool = &self.pool;
        let rows = match account_id {
            Some(a) => {
                sqlx::query(&format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE account_id = $1 ORDER BY series, year, seq"))
                    .bind(a)
                    .fetch_all(pool)
                    .await?
            }
            None => sqlx::query(&format!("SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY series, year, seq")).fetch_all(pool).await?,
        };
        rows.iter().map(document_from_row).collect()
    }

    pub async fn document(&self, number: &str) -> Result<Option<Document>, StorageError> {
        let pool = &self.pool;
        let row = sqlx::query(&format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents WHERE number = $1"
        ))
        .bind(number)
        .fetch_optional(pool)
        .await?;
        row.as_ref().map(document_from_row).transpose()
    }
}
