//! Month-end close (POLICY §4): one account or all. Closing a month again returns the same
//! invoice; a month that has not ended cannot be closed.

use leptos::prelude::*;

use crate::errors::AppError;
pub use crate::model::Closed;
use crate::model::Document;

#[server(prefix = "/api", endpoint = "close_month")]
pub async fn close_month(
    account_id: String,
    month: String,
    submission: String,
) -> Result<Option<Document>, AppError> {
    let (state, me) =
        crate::server_fns::apply::allow(crate::auth::ADMIN, Some(&account_id)).await?;
    let arguments = (&account_id, &month);
    let state =
        crate::server_fns::apply::once(&state, &me, "close_month", &submission, &arguments)?;
    let month: billing::Month = month.parse().map_err(|e| AppError::invalid("month", e))?;
    service::commands::close::close_inner(&state, &account_id, month).await
}

#[server(prefix = "/api", endpoint = "close_all")]
pub async fn close_all(month: String) -> Result<Vec<Closed>, AppError> {
    let (state, _) = crate::server_fns::apply::allow(crate::auth::ADMIN, None).await?;
    let month: billing::Month = month.parse().map_err(|e| AppError::invalid("month", e))?;
    service::commands::close::close_all_inner(&state, month).await
}

/// What closing a month would do per account (admin); `month` empty: the latest ended month.
#[server(prefix = "/api", endpoint = "close_preview")]
pub async fn close_preview(month: String) -> Result<crate::model::ClosePreview, AppError> {
    let (state, _) = crate::server_fns::apply::allow(crate::auth::ADMIN, None).await?;
    let month = match month.trim() {
        "" => None,
        m => Some(
            m.parse::<billing::Month>()
                .map_err(|e| AppError::invalid("month", e))?,
        ),
    };
    service::commands::close::preview(&state, month).await
}
