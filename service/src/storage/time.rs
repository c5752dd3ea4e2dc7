//! Timestamps: typed (`chrono::DateTime<Utc>`) everywhere in the code, stored as fixed-width UTC
//! text (`2026-03-18T09:30:00.000Z`) in both databases, so that text order is time order and a
//! `WHERE at > $1` compares instants. This module is the only place that writes or reads that
//! text.

use chrono::{DateTime, SecondsFormat, Utc};

use super::StorageError;

/// An instant, in UTC.
pub type Timestamp = DateTime<Utc>;

/// The stored text of an instant, to the millisecond.
pub(crate) fn stamp(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An instant read back from a column.
pub(crate) fn parse_stamp(raw: &str) -> Result<Timestamp, StorageError> {
    DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StorageError::Corrupt(format!("bad timestamp {raw:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_have_one_width_and_read_back() {
        let t = DateTime::parse_from_rfc3339("2026-03-18T09:30:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(stamp(t), "2026-03-18T08:30:00.000Z");
        assert_eq!(parse_stamp(&stamp(t)).unwrap(), t);
        assert!(parse_stamp("yesterday").is_err());
    }

    #[test]
    fn text_order_is_time_order() {
        let a = parse_stamp("2026-03-18T08:30:00.000Z").unwrap();
        let b = a + chrono::Duration::milliseconds(1);
        assert!(stamp(a) < stamp(b));
    }
}
