//! The catalog page: every currency's catalog as it stands, with its recent versions.

use billing::Catalog;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One saved version, as the page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogVersionLine {
    pub version: i64,
    /// The admin who saved it; None: made from the accounts or with the first account.
    pub saved_by: Option<String>,
    /// RFC 3339, UTC.
    pub saved_at: String,
}

/// One currency's catalog: its latest version and the versions before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogView {
    pub version: i64,
    pub catalog: Catalog,
    /// Newest first.
    pub versions: Vec<CatalogVersionLine>,
    /// Accounts invoiced in this currency.
    pub accounts: usize,
}

/// What the catalog page shows (admin only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogPage {
    /// The first month a rate change may start in: next month, wherever it is today.
    pub first_rates_month: NaiveDate,
    pub catalogs: Vec<CatalogView>,
}

/// A saved edit: the catalog's version now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogSaved {
    pub version: i64,
}
