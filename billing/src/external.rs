//! Where a work entry came from when a helpdesk sent it: the helpdesk's own id for the piece of
//! work (unique within the account, so a resend is recognised as the same work) and the id of
//! its ticket (which ties the work to the ticket's response and resolution times).

use serde::{Deserialize, Serialize};

use crate::Text;
use crate::events::{FieldError, check_line};

/// The longest external id or ticket id accepted (helpdesk ids are far shorter).
pub const MAX_EXTERNAL_ID: usize = 100;

/// A helpdesk's reference for one work entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct External {
    /// The helpdesk's id of this piece of work: unique within an account.
    pub id: Text,
    /// The helpdesk's id of the ticket the work was done on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<Text>,
}

impl External {
    /// `id` (required) and `ticket` (empty: none), each one line of 1 to 100 characters
    /// without control characters; every bad field at once.
    pub fn parse(id: &str, ticket: &str) -> Result<External, Vec<FieldError>> {
        let id = check_line("the external id", id, MAX_EXTERNAL_ID)
            .map_err(|e| FieldError::new("external_id", e));
        let ticket = match ticket.trim() {
            "" => Ok(None),
            t => check_line("the ticket id", t, MAX_EXTERNAL_ID)
                .map(Some)
                .map_err(|e| FieldError::new("ticket_id", e)),
        };
        match (id, ticket) {
            (Ok(id), Ok(ticket)) => Ok(External {
                id: id.into(),
                ticket: ticket.map(Into::into),
            }),
            (id, ticket) => Err(id.err().into_iter().chain(ticket.err()).collect()),
        }
    }
}

/// Are two entries the same work: every field equal but the entry id (a helpdesk resending
/// an entry sends the same fields; other fields under the same external id are a conflict).
pub fn same_work(a: &crate::WorkEntry, b: &crate::WorkEntry) -> bool {
    a.date == b.date
        && a.minutes == b.minutes
        && a.kind == b.kind
        && a.title == b.title
        && a.url == b.url
        && a.note == b.note
        && a.technician == b.technician
        && a.quote == b.quote
        && a.external == b.external
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_external_reference_is_one_short_line() {
        let e = External::parse(" zd-4711-1 ", "4711").unwrap();
        assert_eq!(&*e.id, "zd-4711-1");
        assert_eq!(e.ticket.as_deref(), Some("4711"));
        assert_eq!(External::parse("x", " ").unwrap().ticket, None);
        let errors = External::parse("", &"t".repeat(101)).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["external_id", "ticket_id"]);
        assert!(External::parse("a\u{1b}b", "").is_err());
        assert!(External::parse(&"i".repeat(100), &"t".repeat(100)).is_ok());
    }
}
