//! Parsing of form fields that are not billing values: each refusal names its field.

use chrono::NaiveDate;

use billing::ParseError;

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
        return Err(AppError::invalid(field, ParseError::BadIdChars));
    }
    Ok(id.to_string())
}

/// A person's name as printed on entries and invoices (technicians, developers).
pub fn parse_name(field: &str, raw: &str) -> Result<String, AppError> {
    billing::events::check_line("the name", raw, 100)
        .map(str::to_string)
        .map_err(|e| AppError::invalid(field, e))
}

/// A `YYYY-MM-DD` date inside Hourbank's calendar.
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    billing::dates::parse_date(raw).map_err(|e| AppError::invalid(field, e))
}

/// The languages the pages ship in, by code, each named in itself.
pub const LANGUAGES: [(&str, &str); 3] =
    [("en", "English"), ("de", "Deutsch"), ("sl", "Slovenščina")];

/// One of [`LANGUAGES`], by its code.
pub fn parse_language(field: &str, raw: &str) -> Result<String, AppError> {
    let code = raw.trim();
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(c, _)| c.to_string())
        .ok_or_else(|| AppError::invalid(field, ParseError::UnknownLanguage))
}

/// The language the pages use for an account's locale (`de-DE` → `de`), if they ship in it.
pub fn language_of_locale(locale: &str) -> Option<&'static str> {
    let lang = locale.split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES.iter().find(|(c, _)| *c == lang).map(|(c, _)| *c)
}

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn languages_are_the_shipped_ones() {
        assert_eq!(parse_language("language", " de ").unwrap(), "de");
        assert!(parse_language("language", "fr").is_err());
        assert!(parse_language("language", "").is_err());
        assert_eq!(language_of_locale("de-DE"), Some("de"));
        assert_eq!(language_of_locale("sl-SI"), Some("sl"));
        assert_eq!(language_of_locale("en-GB"), Some("en"));
        assert_eq!(language_of_locale("fr-FR"), None);
    }
}
