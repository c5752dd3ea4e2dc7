//! A helpdesk ticket's lifecycle times (issue #15): when it was created, first answered and
//! resolved, and its priority — what SLA figures are computed from. Each time is written once:
//! a helpdesk sends a ticket again as it moves on, adding the times it now knows; a time already
//! recorded with another value is a conflict, the same value changes nothing.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::errors::AppError;
use billing::FieldError;

/// The longest priority name ("urgent", "p1", "high").
pub const MAX_PRIORITY: usize = 32;

/// A ticket's times as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketTimes {
    pub ticket_id: String,
    pub priority: Option<String>,
    pub created_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A ticket's times as a helpdesk sends them, unparsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketForm<'a> {
    pub ticket_id: &'a str,
    pub priority: Option<&'a str>,
    pub created_at: &'a str,
    pub first_response_at: Option<&'a str>,
    pub resolved_at: Option<&'a str>,
}

/// A time with its offset, between 2000 and `latest`; the reason it is refused otherwise.
fn instant(raw: &str, latest: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = DateTime::parse_from_rfc3339(raw.trim())
        .map_err(|_| {
            format!(
                "\"{}\" is not a time with its offset, like 2026-03-17T09:30:00+01:00",
                raw.chars().take(40).collect::<String>()
            )
        })?
        .with_timezone(&Utc);
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc());
    if earliest.is_some_and(|e| t < e) || t > latest {
        return Err("the time lies before 2000 or in the future".into());
    }
    Ok(t)
}

impl TicketForm<'_> {
    /// Every field parsed, or every bad field at once (422). `today` is the server's day: no
    /// time may lie after its end anywhere on earth (UTC+14).
    pub fn parse(&self, today: NaiveDate) -> Result<TicketTimes, AppError> {
        let latest = today
            .and_hms_opt(0, 0, 0)
            .map_or(DateTime::<Utc>::MAX_UTC - Duration::days(2), |d| {
                d.and_utc()
            })
            + Duration::hours(24 + 14);
        let mut errors = Vec::new();
        let ticket = billing::events::check_line(
            "the ticket id",
            self.ticket_id,
            billing::external::MAX_EXTERNAL_ID,
        )
        .map_err(|e| errors.push(FieldError::new("ticket_id", e)))
        .ok();
        let priority = match self.priority.map(str::trim).filter(|p| !p.is_empty()) {
            None => Some(None),
            Some(p)
                if p.len() <= MAX_PRIORITY
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                Some(Some(p.to_ascii_lowercase()))
            }
            Some(_) => {
                errors.push(FieldError::new(
                    "priority",
                    format!("a priority is 1 to {MAX_PRIORITY} letters, digits, - or _"),
                ));
                None
            }
        };
        let mut time = |field: &str, raw: Option<&str>| match raw {
            None => Some(None),
            Some(raw) => instant(raw, latest)
                .map_err(|e| errors.push(FieldError::new(field, e)))
                .ok()
                .map(Some),
        };
        let created = time("created_at", Some(self.created_at)).flatten();
        let response = time("first_response_at", self.first_response_at);
        let resolved = time("resolved_at", self.resolved_at);
        match (ticket, priority, created, response, resolved) {
            (Some(ticket), Some(priority), Some(created), Some(response), Some(resolved))
                if errors.is_empty() =>
            {
                let times = TicketTimes {
                    ticket_id: ticket.to_string(),
                    priority,
                    created_at: created,
                    first_response_at: response,
                    resolved_at: resolved,
                };
                times.check()?;
                Ok(times)
            }
            _ => Err(AppError::fields(errors)),
        }
    }
}

impl TicketTimes {
    /// Times in their order: a response and a resolution come after the creation.
    pub fn check(&self) -> Result<(), AppError> {
        let mut errors = Vec::new();
        if self.first_response_at.is_some_and(|t| t < self.created_at) {
            errors.push(FieldError::new(
                "first_response_at",
                "the first response comes after the ticket was created",
            ));
        }
        if self.resolved_at.is_some_and(|t| t < self.created_at) {
            errors.push(FieldError::new(
                "resolved_at",
                "the resolution comes after the ticket was created",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::fields(errors))
        }
    }

    /// `self` with the times `new` adds. A field recorded with another value refuses it (409,
    /// naming the field); the same values change nothing.
    pub fn merged(&self, new: &TicketTimes) -> Result<TicketTimes, AppError> {
        fn one<T: PartialEq + Clone>(
            field: &str,
            old: Option<&T>,
            new: Option<&T>,
        ) -> Result<Option<T>, AppError> {
            match (old, new) {
                (Some(o), Some(n)) if o != n => Err(AppError::Conflict(
                    format!("{field} was already recorded with another value").into(),
                )),
                (o, n) => Ok(o.or(n).cloned()),
            }
        }
        let merged = TicketTimes {
            ticket_id: self.ticket_id.clone(),
            priority: one("priority", self.priority.as_ref(), new.priority.as_ref())?,
            created_at: one("created_at", Some(&self.created_at), Some(&new.created_at))?
                .unwrap_or(self.created_at),
            first_response_at: one(
                "first_response_at",
                self.first_response_at.as_ref(),
                new.first_response_at.as_ref(),
            )?,
            resolved_at: one(
                "resolved_at",
                self.resolved_at.as_ref(),
                new.resolved_at.as_ref(),
            )?,
        };
        merged.check()?;
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 18).unwrap()
    }

    fn form<'a>() -> TicketForm<'a> {
        TicketForm {
            ticket_id: "4711",
            priority: Some("Urgent"),
            created_at: "2026-03-17T09:30:00+01:00",
            first_response_at: Some("2026-03-17T10:00:00+01:00"),
            resolved_at: None,
        }
    }

    #[test]
    fn times_parse_with_their_offset_and_in_order() {
        let t = form().parse(today()).unwrap();
        assert_eq!(t.created_at.to_rfc3339(), "2026-03-17T08:30:00+00:00");
        assert_eq!(t.priority.as_deref(), Some("urgent"));
        let bad = TicketForm {
            created_at: "yesterday",
            first_response_at: Some("2026-03-17T10:00:00"),
            resolved_at: Some("2030-01-01T00:00:00Z"),
            priority: Some("p 1"),
            ..form()
        };
        let e = bad.parse(today()).unwrap_err();
        for field in ["created_at", "first_response_at", "resolved_at", "priority"] {
            assert!(e.field(field).is_some(), "{field}: {e}");
        }
        let backwards = TicketForm {
            first_response_at: Some("2026-03-17T09:00:00+01:00"),
            ..form()
        };
        assert!(
            backwards
                .parse(today())
                .unwrap_err()
                .field("first_response_at")
                .is_some()
        );
    }

    #[test]
    fn a_time_is_written_once_and_the_same_again_changes_nothing() {
        let first = form().parse(today()).unwrap();
        let resolved = TicketForm {
            resolved_at: Some("2026-03-17T15:00:00+01:00"),
            first_response_at: None,
            priority: None,
            ..form()
        }
        .parse(today())
        .unwrap();
        let merged = first.merged(&resolved).unwrap();
        assert_eq!(merged.first_response_at, first.first_response_at);
        assert!(merged.resolved_at.is_some());
        assert_eq!(merged.merged(&first).unwrap(), merged);
        let other = TicketForm {
            first_response_at: Some("2026-03-17T11:00:00+01:00"),
            ..form()
        }
        .parse(today())
        .unwrap();
        assert!(matches!(merged.merged(&other), Err(AppError::Conflict(_))));
    }
}
