//! Issued documents: numbered gapless per series and year inside the issuing transaction, and
//! read back.

use std::collections::HashMap;

use api::model::{DocRef, Document, DocumentRow};
use api::parties::{BankAccount, InvoicePaid, Parties, Party, Payment};
use billing::{DocKey, Invoice, InvoiceKind, InvoiceStatus, Ledger};
use chrono::{Datelike, NaiveDate};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::connection::placeholders;
use super::{AccountRecord, Db, SellerRecord, StorageError};

/// What issuing reads before it writes: the account's stored document numbers by key, and the
/// seller. A batch (`Db::append_each`) reads both once for all of its accounts.
pub(super) struct Stored {
    pub numbers: HashMap<String, String>,
    pub seller: Option<SellerRecord>,
}

/// Each stored document's number by key, of `account_id`, in this transaction.
async fn numbers_of(
    conn: &mut AnyConnection,
    account_id: &str,
) -> Result<HashMap<String, String>, StorageError> {
    sqlx::query("SELECT key, number FROM documents WHERE account_id = $1")
        .bind(account_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("key")?, r.try_get("number")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(StorageError::from)
}

/// [`Stored`] of each of `account_ids` (a batch's accounts), in this transaction: two queries.
pub(super) async fn stored_of(
    conn: &mut AnyConnection,
    account_ids: &[String],
) -> Result<HashMap<String, Stored>, StorageError> {
    let seller = super::accounts::seller_in(&mut *conn).await?;
    let mut out: HashMap<String, Stored> = account_ids
        .iter()
        .map(|id| {
            let stored = Stored {
                numbers: HashMap::new(),
                seller: seller.clone(),
            };
            (id.clone(), stored)
        })
        .collect();
    if account_ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT account_id, key, number FROM documents WHERE account_id IN ({})",
        placeholders(1, account_ids.len())
    );
    let mut q = sqlx::query(&sql);
    for id in account_ids {
        q = q.bind(id);
    }
    for r in q.fetch_all(&mut *conn).await? {
        let account: String = r.try_get("account_id")?;
        if let Some(s) = out.get_mut(&account) {
            s.numbers.insert(r.try_get("key")?, r.try_get("number")?);
        }
    }
    Ok(out)
}

/// `INSERT INTO {into} VALUES ($1, …), …`: `rows` rows of `columns` numbered placeholders each.
fn insert_rows(into: &str, columns: usize, rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| format!("({})", placeholders(1 + i * columns, columns)))
        .collect();
    format!("INSERT INTO {into} VALUES {}", values.join(", "))
}

/// Rows a multi-row insert writes at once: well under SQLite's 32 766 and PostgreSQL's 65 535
/// bound parameters at 14 a row.
const ROWS_PER_INSERT: usize = 64;

/// A document about to be stored: its number, and the rows that go with it.
struct NewDocument<'l> {
    doc: &'l Invoice,
    number: String,
    series: &'static str,
    year: i64,
    seq_in_series: i64,
    issued_on: NaiveDate,
    refers_to: Option<String>,
    body: String,
    parties: Parties,
}

/// Store every issued document of `ledger` that is not stored yet, each with the next number
/// of its series and year. Invoices go first, so that a credit note can name its invoice's number.
/// `stored` is what a batch already read (else it is read here). However many documents are
/// new, one counter update per series and year numbers them, and one insert per table stores
/// them — a month-end close writes a few statements per account, not a few per document.
pub(super) async fn issue_documents(
    conn: &mut AnyConnection,
    account: &AccountRecord,
    ledger: &Ledger,
    seq: i64,
    stored: Option<Stored>,
) -> Result<Vec<Document>, StorageError> {
    let account_id = account.id.as_str();
    let (mut numbers, seller) = match stored {
        Some(s) => (s.numbers, Some(s.seller)),
        None => (numbers_of(conn, account_id).await?, None),
    };
    let new: Vec<&Invoice> = ledger
        .invoices
        .iter()
        .filter(|i| i.status == InvoiceStatus::Issued)
        .chain(&ledger.pack_invoices)
        .chain(&ledger.credit_notes)
        .filter(|d| !numbers.contains_key(&d.key.to_string()))
        .collect();
    if new.is_empty() {
        return Ok(Vec::new());
    }
    // Who the documents are between, read once, inside this transaction.
    let seller = match seller {
        Some(s) => s,
        None => super::accounts::seller_in(&mut *conn).await?,
    };
    let now = parties_of(account, seller);
    let mut firsts = first_numbers(conn, &new).await?;
    let mut docs = Vec::with_capacity(new.len());
    for doc in new {
        let (series, year, issued_on) = series_of(doc)?;
        let next = firsts
            .iter_mut()
            .find(|(s, y, _)| *s == series && *y == year)
            .map(|(_, _, n)| {
                *n += 1;
                *n - 1
            })
            .ok_or_else(|| StorageError::Corrupt(format!("no number for {}", doc.key)))?;
        let number = match series {
            "CN" => format!("CN-{year}-{next:06}"),
            _ => format!("{year}-{next:06}"),
        };
        let refers_to = doc
            .refers_to
            .as_ref()
            .and_then(|k| numbers.get(&k.to_string()).cloned());
        let body = serde_json::to_string(doc)
            .map_err(|e| StorageError::Corrupt(format!("document does not serialise: {e}")))?;
        // Frozen with the document: later changes to either party change nothing issued.
        let parties = Parties {
            seller: now.seller.clone(),
            buyer: now.buyer.clone(),
            payment: (doc.kind != InvoiceKind::CreditNote)
                .then(|| Payment::new(&number, issued_on, now.days, now.bank.clone())),
        };
        numbers.insert(doc.key.to_string(), number.clone());
        docs.push(NewDocument {
            doc,
            number,
            series,
            year,
            seq_in_series: next,
            issued_on,
            refers_to,
            body,
            parties,
        });
    }
    insert_documents(conn, account_id, &ledger.currency, &docs).await?;
    insert_snapshots(conn, account_id, ledger, seq, &docs).await?;
    Ok(docs
        .into_iter()
        .map(|d| Document {
            number: d.number,
            account_id: account_id.to_string(),
            currency: ledger.currency.clone(),
            refers_to: d.refers_to,
            invoice: d.doc.clone(),
            parties: d.parties,
            paid: None,
        })
        .collect())
}

/// A document's series (invoices and credit notes are numbered apart), the year it is numbered
/// in, and its issue day.
fn series_of(doc: &Invoice) -> Result<(&'static str, i64, NaiveDate), StorageError> {
    let series = match doc.kind {
        InvoiceKind::CreditNote => "CN",
        InvoiceKind::Period | InvoiceKind::Pack => "INV",
    };
    let issued_on = doc.issued_on.ok_or_else(|| {
        StorageError::Corrupt(format!("issued document {} has no issue date", doc.key))
    })?;
    Ok((series, i64::from(issued_on.year()), issued_on))
}

/// The first number each series and year of `new` gets: its counter moved on by as many
/// documents as it numbers, in this transaction — gapless, as the transaction commits or
/// leaves nothing.
async fn first_numbers(
    conn: &mut AnyConnection,
    new: &[&Invoice],
) -> Result<Vec<(&'static str, i64, i64)>, StorageError> {
    let mut counts: Vec<(&'static str, i64, i64)> = Vec::new();
    for doc in new {
        let (series, year, _) = series_of(doc)?;
        match counts
            .iter_mut()
            .find(|(s, y, _)| *s == series && *y == year)
        {
            Some((_, _, n)) => *n += 1,
            None => counts.push((series, year, 1)),
        }
    }
    let mut firsts = Vec::with_capacity(counts.len());
    for (series, year, n) in counts {
        let last: i64 = sqlx::query(
            "INSERT INTO counters (series, year, last) VALUES ($1, $2, $3) \
             ON CONFLICT (series, year) DO UPDATE SET last = counters.last + excluded.last \
             RETURNING last",
        )
        .bind(series)
        .bind(year)
        .bind(n)
        .fetch_one(&mut *conn)
        .await?
        .try_get("last")?;
        firsts.push((series, year, last - n + 1));
    }
    Ok(firsts)
}

/// The documents and their frozen parties, a few rows to a statement.
async fn insert_documents(
    conn: &mut AnyConnection,
    account_id: &str,
    currency: &str,
    docs: &[NewDocument<'_>],
) -> Result<(), StorageError> {
    const COLUMNS: usize = 14;
    for chunk in docs.chunks(ROWS_PER_INSERT) {
        let sql = insert_rows(
            "documents (number, series, year, seq, account_id, key, kind, issued_on, refers_to, \
             currency, net, vat_total, total, body)",
            COLUMNS,
            chunk.len(),
        );
        let mut q = sqlx::query(&sql);
        for d in chunk {
            let kind = match d.doc.kind {
                InvoiceKind::Period => "period",
                InvoiceKind::Pack => "pack",
                InvoiceKind::CreditNote => "credit_note",
            };
            q = q
                .bind(&d.number)
                .bind(d.series)
                .bind(d.year)
                .bind(d.seq_in_series)
                .bind(account_id)
                .bind(d.doc.key.to_string())
                .bind(kind)
                .bind(d.issued_on.to_string())
                .bind(&d.refers_to)
                .bind(currency)
                .bind(d.doc.net.to_string())
                .bind(d.doc.vat_total.to_string())
                .bind(d.doc.total.to_string())
                .bind(&d.body);
        }
        q.execute(&mut *conn).await?;
        let sql = insert_rows("document_parties (number, due_on, parties)", 3, chunk.len());
        let mut q = sqlx::query(&sql);
        for d in chunk {
            let json = serde_json::to_string(&d.parties)
                .map_err(|e| StorageError::Corrupt(format!("parties do not serialise: {e}")))?;
            q = q
                .bind(&d.number)
                .bind(d.parties.payment.as_ref().map(|p| p.due_on.to_string()))
                .bind(json);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The ledger as it stood when each period invoice among `docs` was issued, serialised once.
async fn insert_snapshots(
    conn: &mut AnyConnection,
    account_id: &str,
    ledger: &Ledger,
    seq: i64,
    docs: &[NewDocument<'_>],
) -> Result<(), StorageError> {
    let months: Vec<String> = docs
        .iter()
        .filter(|d| d.doc.kind == InvoiceKind::Period)
        .filter_map(|d| d.doc.month.map(|m| m.to_string()))
        .collect();
    if months.is_empty() {
        return Ok(());
    }
    let snapshot = serde_json::to_string(ledger)
        .map_err(|e| StorageError::Corrupt(format!("ledger does not serialise: {e}")))?;
    for chunk in months.chunks(ROWS_PER_INSERT) {
        let sql = insert_rows("snapshots (account_id, month, seq, ledger)", 4, chunk.len());
        let mut q = sqlx::query(&sql);
        for month in chunk {
            q = q.bind(account_id).bind(month).bind(seq).bind(&snapshot);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The seller and the buyer as they are now, the seller's bank account and the account's
/// payment terms.
struct PartiesNow {
    seller: Party,
    buyer: Party,
    bank: Option<BankAccount>,
    days: u32,
}

/// [`PartiesNow`]: the seller as stored now (read in the issuing transaction), and the buyer as
/// `account` — read under the account's lock, in this transaction — says.
fn parties_of(account: &AccountRecord, seller: Option<SellerRecord>) -> PartiesNow {
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
    PartiesNow {
        bank: seller.as_ref().and_then(|s| s.bank.clone()),
        seller: seller.map(|s| s.party).unwrap_or_default(),
        buyer,
        days,
    }
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

/// The `key` column of document `number`'s row, parsed (`period:2026-02`, `pack:o1`).
fn key_of(row: &AnyRow, number: &str) -> Result<DocKey, StorageError> {
    let key: String = row.try_get("key")?;
    key.parse()
        .map_err(|e| StorageError::Corrupt(format!("key of document {number}: {e}")))
}

/// One row of [`Db::document_rows`]' query.
fn document_row_from(row: &AnyRow) -> Result<DocumentRow, StorageError> {
    let number: String = row.try_get("number")?;
    let corrupt = |what: &str, e: &dyn std::fmt::Display| {
        StorageError::Corrupt(format!("{what} of document {number}: {e}"))
    };
    let key = key_of(row, &number)?;
    let kind = match row.try_get::<String, _>("kind")?.as_str() {
        "period" => InvoiceKind::Period,
        "pack" => InvoiceKind::Pack,
        "credit_note" => InvoiceKind::CreditNote,
        other => return Err(corrupt("kind", &other)),
    };
    let date = |column: &str| -> Result<Option<NaiveDate>, StorageError> {
        let raw: Option<String> = row.try_get(column)?;
        raw.map(|d| d.parse().map_err(|e| corrupt(column, &e)))
            .transpose()
    };
    let total: String = row.try_get("total")?;
    Ok(DocumentRow {
        // Only a month invoice has a month: its key's (`period:2026-02`).
        month: match &key {
            DocKey::Period(m) => Some(*m),
            _ => None,
        },
        kind,
        issued_on: date("issued_on")?,
        due_on: date("due_on")?,
        total: total.parse().map_err(|e| corrupt("total", &e))?,
        refers_to: row.try_get("refers_to")?,
        paid: row.try_get::<Option<String>, _>("paid")?.is_some(),
        key,
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

    /// The numbers of an account's documents by their keys, in [`Db::documents`]' order,
    /// without reading their bodies: what pages link ledger invoices to their numbers with.
    pub async fn doc_refs(&self, account_id: &str) -> Result<Vec<DocRef>, StorageError> {
        let rows = sqlx::query(
            "SELECT number, key FROM documents WHERE account_id = $1 ORDER BY series, year, seq",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let number: String = row.try_get("number")?;
                let key = key_of(row, &number)?;
                Ok(DocRef { key, number })
            })
            .collect()
    }

    /// An account's documents as its list shows them ([`DocumentRow`]), in [`Db::documents`]'
    /// order, from their columns: no body or parties is read or parsed.
    pub async fn document_rows(&self, account_id: &str) -> Result<Vec<DocumentRow>, StorageError> {
        let rows = sqlx::query(
            "SELECT d.number, d.key, d.kind, d.issued_on, d.refers_to, d.total, p.due_on, \
             ip.number AS paid \
             FROM documents d JOIN document_parties p ON p.number = d.number \
             LEFT JOIN invoice_payments ip ON ip.number = d.number \
             WHERE d.account_id = $1 ORDER BY d.series, d.year, d.seq",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(document_row_from).collect()
    }

    /// The account and key of document `number`, without its body: what a call about one
    /// document authorizes and dispatches with.
    pub async fn document_key(
        &self,
        number: &str,
    ) -> Result<Option<(String, DocKey)>, StorageError> {
        let row = sqlx::query("SELECT account_id, key FROM documents WHERE number = $1")
            .bind(number)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let key = key_of(&r, number)?;
            Ok((r.try_get("account_id")?, key))
        })
        .transpose()
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
        from: NaiveDate,
        to: NaiveDate,
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
