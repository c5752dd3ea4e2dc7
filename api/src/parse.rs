//! Parsing of form fields that are not billing values: each refusal names its field.

use chrono::NaiveDate;

use crate::errors::AppError;

/// A short id of the caller's choosing (order, quote, cost, account): letters, digits, `-` and
/// `_`, 1 to 64 of them.
pub fn parse_id(field: &str, raw: &str) -> Result<String, AppError> {
    let id = raw.trim();
    if id.is_empty()
        || id.len() > 64
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AppError::invalid(
            field,
            "use 1 to 64 letters, digits, - or _",
        ));
    }
    Ok(id.to_string())
}

/// A person's name as printed on entries and invoices (technicians, developers).
pub fn parse_name(field: &str, raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid(field, "a name of 1 to 100 characters"));
    }
    billing::events::check_chars("the name", name, false)
        .map_err(|e| AppError::invalid(field, e))?;
    Ok(name.to_string())
}

/// A `YYYY-MM-DD` date inside Hourbank's calendar.
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    billing::dates::parse_date(raw).map_err(|e| AppError::invalid(field, e))
}
