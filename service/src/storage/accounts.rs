//! Accounts (their legal details and the terms the rules need) and the seller's own details.

use billing::{Catalog, Currency, Event, Percent, Rate};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::documents::issue_documents;
use super::events::insert_event;
use super::{AccountRecord, Backend, Db, SellerRecord, StorageError};

pub(super) const ACCOUNT_COLUMNS: &str = "id, name, legal_name, address, vat_id, currency, timezone, \
     reverse_charge, vat_rate, standard_rate, catalog, country, electronic_address, locale, \
     payment_terms_days";

/// What an account is read with: its columns and the latest catalog of its currency.
pub(super) const ACCOUNT_SELECT: &str = "SELECT id, name, legal_name, address, vat_id, currency, \
     timezone, reverse_charge, vat_rate, standard_rate, catalog, country, electronic_address, \
     locale, payment_terms_days, (SELECT c.body FROM catalog_versions c WHERE c.currency = accounts.currency \
     ORDER BY c.version DESC LIMIT 1) AS current_catalog FROM accounts";

pub(super) fn corrupt(what: &str, id: &str, e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt(format!("{what} of account \"{id}\": {e}"))
}

pub(super) fn account_from_row(row: &AnyRow) -> Result<AccountRecord, StorageError> {
    let id: String = row.try_get("id")?;
    let currency: String = row.try_get("currency")?;
    let opening: String = row.try_get("catalog")?;
    let current: Option<String> = row.try_get("current_catalog")?;
    let parse = |what: &str, json: &str| {
        serde_json::from_str::<Catalog>(json).map_err(|e| corrupt(what, &id, e))
    };
    let opening_catalog = parse("opening catalog", &opening)?;
    let catalog = match current {
        Some(c) => parse("catalog", &c)?,
        None => opening_catalog.clone(),
    };
    let vat_rate: Option<String> = row.try_get("vat_rate")?;
    let standard_rate: Option<String> = row.try_get("standard_rate")?;
    Ok(AccountRecord {
        name: row.try_get("name")?,
        legal_name: row.try_get("legal_name")?,
        address: row.try_get("address")?,
        vat_id: row.try_get("vat_id")?,
        country: row.try_get("country")?,
        electronic_address: row.try_get("electronic_address")?,
        locale: row.try_get("locale")?,
        currency: Currency::parse(&currency).map_err(|e| corrupt("currency", &id, e))?,
        timezone: row.try_get("timezone")?,
        reverse_charge: row.try_get::<i64, _>("reverse_charge")? != 0,
        vat_rate: vat_rate
            .map(|r| Percent::parse(&r))
            .transpose()
            .map_err(|e| corrupt("VAT rate", &id, e))?,
        standard_rate: standard_rate
            .map(|r| Rate::parse(&r))
            .transpose()
            .map_err(|e| corrupt("standard rate", &id, e))?,
        catalog,
        opening_catalog,
        payment_terms_days: days_from_row(row, "payment_terms_days")?,
        id,
    })
}

/// A stored number of days (0 to 365 by the tables' checks).
fn days_from_row(row: &AnyRow, column: &str) -> Result<Option<u32>, StorageError> {
    row.try_get::<Option<i64>, _>(column)?
        .map(|d| {
            u32::try_from(d)
                .map_err(|_| StorageError::Corrupt(format!("{column} {d} is out of range")))
        })
        .transpose()
}

impl Db {
    pub async fn accounts(&self) -> Result<Vec<AccountRecord>, StorageError> {
        let pool = &self.pool;
        let rows = sqlx::query(&format!("{ACCOUNT_SELECT} ORDER BY name, id"))
            .fetch_all(pool)
            .await?;
        rows.iter().map(account_from_row).collect()
    }

    pub async fn account(&self, id: &str) -> Result<Option<AccountRecord>, StorageError> {
        let pool = &self.pool;
        let row = sqlx::query(&format!("{ACCOUNT_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
        row.as_ref().map(account_from_row).transpose()
    }

    /// Insert a new account with its first events (and the documents they issue), in one
    /// transaction. Its catalog becomes its currency's first catalog version when the
    /// deployment has none in that currency yet.
    pub async fn create_account(
        &self,
        a: &AccountRecord,
        events: &[Event],
    ) -> Result<(), StorageError> {
        let (pool, backend) = (&self.pool, self.backend);
        let catalog = serde_json::to_string(&a.opening_catalog)
            .map_err(|e| StorageError::Corrupt(format!("catalog does not serialise: {e}")))?;
        let mut tx = match backend {
            Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => pool.begin().await?,
        };
        sqlx::query(&format!(
            "INSERT INTO accounts ({ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        ))
        .bind(&a.id)
        .bind(&a.name)
        .bind(&a.legal_name)
        .bind(&a.address)
        .bind(&a.vat_id)
        .bind(a.currency.code())
        .bind(&a.timezone)
        .bind(a.reverse_charge as i64)
        .bind(a.vat_rate.map(|r| r.to_string()))
        .bind(a.standard_rate.map(|r| r.to_string()))
        .bind(catalog.clone())
        .bind(&a.country)
        .bind(&a.electronic_address)
        .bind(&a.locale)
        .bind(a.payment_terms_days.map(i64::from))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO catalog_versions (currency, version, body) SELECT $1, 1, $2 \
             WHERE NOT EXISTS (SELECT 1 FROM catalog_versions WHERE currency = $1)",
        )
        .bind(a.currency.code())
        .bind(&catalog)
        .execute(&mut *tx)
        .await?;
        for (i, event) in events.iter().enumerate() {
            insert_event(&mut tx, &a.id, i as i64 + 1, event).await?;
        }
        if !events.is_empty() {
            let account = a.clone();
            let history = account.history(events.to_vec(), events.last().map(|e| e.on));
            let ledger = billing::replay(&history).map_err(|e| {
                StorageError::Corrupt(format!("initial history does not replay: {e}"))
            })?;
            issue_documents(&mut tx, a, &ledger, events.len() as i64, None).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn seller(&self) -> Result<Option<SellerRecord>, StorageError> {
        seller_in(&self.pool).await
    }

    /// Save the seller's details, with the audit line of who did it (none when seeding); a
    /// document issued from now on carries them.
    pub async fn set_seller(
        &self,
        s: &SellerRecord,
        audit: Option<&super::Audit>,
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        let bank = s.bank.as_ref();
        sqlx::query(
            "INSERT INTO seller (id, legal_name, address, country, vat_id, electronic_address, email, \
             payment_terms_days, iban, bic, account_holder) \
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO UPDATE SET \
             legal_name = $1, address = $2, country = $3, vat_id = $4, electronic_address = $5, \
             email = $6, payment_terms_days = $7, iban = $8, bic = $9, account_holder = $10",
        )
        .bind(&s.party.legal_name)
        .bind(&s.party.address)
        .bind(&s.party.country)
        .bind(&s.party.vat_id)
        .bind(&s.party.electronic_address)
        .bind(&s.party.email)
        .bind(i64::from(s.payment_terms_days))
        .bind(bank.map(|b| b.iban.clone()))
        .bind(bank.and_then(|b| b.bic.clone()))
        .bind(bank.map(|b| b.holder.clone()))
        .execute(&mut *tx)
        .await?;
        if let Some(a) = audit {
            super::people::write_audit(&mut tx, a).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Change an account's details (the buyer on its documents from now on), with the audit
    /// line, in one transaction. Issued documents keep the details frozen in them.
    pub async fn set_account_details(
        &self,
        id: &str,
        d: &api::parties::AccountDetails,
        audit: &super::Audit,
    ) -> Result<(), StorageError> {
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE accounts SET name = $2, legal_name = $3, address = $4, country = $5, \
             vat_id = $6, electronic_address = $7, payment_terms_days = $8 WHERE id = $1",
        )
        .bind(id)
        .bind(&d.name)
        .bind(&d.legal_name)
        .bind(&d.address)
        .bind(&d.country)
        .bind(&d.vat_id)
        .bind(&d.electronic_address)
        .bind(d.payment_terms_days.map(i64::from))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            return Err(StorageError::Corrupt(format!(
                "no account \"{id}\" to change"
            )));
        }
        super::people::write_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The seller's details, read with `ex` (a pool, or the issuing transaction).
pub(super) async fn seller_in<'c, E>(ex: E) -> Result<Option<SellerRecord>, StorageError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query(
        "SELECT legal_name, address, country, vat_id, electronic_address, email, \
         payment_terms_days, iban, bic, account_holder FROM seller WHERE id = 1",
    )
    .fetch_optional(ex)
    .await?;
    row.map(|r| {
        let iban: Option<String> = r.try_get("iban")?;
        Ok(SellerRecord {
            party: api::parties::Party {
                legal_name: r.try_get("legal_name")?,
                address: r.try_get("address")?,
                country: r.try_get("country")?,
                vat_id: r.try_get("vat_id")?,
                electronic_address: r.try_get("electronic_address")?,
                email: r.try_get("email")?,
            },
            bank: iban
                .map(|iban| {
                    Ok::<_, StorageError>(api::parties::BankAccount {
                        iban,
                        bic: r.try_get("bic")?,
                        holder: r
                            .try_get::<Option<String>, _>("account_holder")?
                            .unwrap_or_default(),
                    })
                })
                .transpose()?,
            payment_terms_days: days_from_row(&r, "payment_terms_days")?
                .unwrap_or(api::parties::DEFAULT_PAYMENT_DAYS),
        })
    })
    .transpose()
}
