//! Downloads: what a page shows, as a spreadsheet reads it (CSV with a header row, decimal
//! strings, ISO dates). Built from the same read model and filter as the page.

mod documents;
mod ubl;

pub use documents::{MAX_PERIOD_DAYS, check_period, document_lines_csv, documents_csv, lines_csv};
pub use ubl::{is_peppol, ubl};

/// `doc` as an A4 PDF in the language and locale of `locale` (the account's).
pub fn pdf(doc: &api::model::Document, locale: &str) -> Result<Vec<u8>, api::AppError> {
    pdf::render(doc, locale)
        .map_err(|e| api::AppError::Server(format!("document {} as PDF: {e}", doc.number)))
}

use api::work_filter::{WorkFilter, months_of_work};
use billing::{EntryResult, QuoteState};

/// The work log as shown under `filter`: one row per entry, grouped by month as on screen.
/// `quotes` name the quote each entry was logged against (by title, never by internal id).
pub fn work_log_csv(
    entries: &[EntryResult],
    quotes: &[QuoteState],
    filter: &WorkFilter,
    currency: &str,
) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "date",
        "counts_on",
        "title",
        "ticket_url",
        "note",
        "technician",
        "kind",
        "quote",
        "minutes",
        "counted_minutes",
        "covered_by",
        "charged",
        "currency",
    ];
    // Writing to a Vec cannot fail; a failure here is a bug in the row's shape.
    out.write_record(header).expect("a CSV row in memory");
    for group in months_of_work(entries, filter) {
        for e in &group.entries {
            let quote = e.quote.as_ref().map(|id| {
                quotes
                    .iter()
                    .find(|q| q.id == **id)
                    .map_or_else(String::new, |q| q.title.clone())
            });
            let covered: Vec<String> = e
                .parts
                .iter()
                .map(|p| format!("{} {}", p.source.label(), p.minutes.get()))
                .collect();
            out.write_record([
                e.date.to_string(),
                e.effective_date.to_string(),
                text(&e.title),
                text(e.url.as_deref().unwrap_or_default()),
                text(&e.note),
                text(&e.technician),
                e.kind.as_str().to_string(),
                text(&quote.unwrap_or_default()),
                e.minutes.get().to_string(),
                e.counted_minutes.get().to_string(),
                covered.join("; "),
                e.amount.decimal().to_string(),
                currency.to_string(),
            ])
            .expect("a CSV row in memory");
        }
    }
    out.into_inner().expect("a CSV in memory")
}

/// Audit lines as the audit trail shows them, newest first: who by id and by name.
pub fn audit_csv(lines: &[api::people::AuditLine], name_of: impl Fn(&str) -> String) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "at",
        "actor",
        "actor_name",
        "address",
        "action",
        "subject",
        "account",
        "detail",
    ];
    out.write_record(header).expect("a CSV row in memory");
    for l in lines {
        let actor = l.actor.clone().unwrap_or_default();
        out.write_record([
            l.at.clone(),
            text(&actor),
            text(
                &(if actor.is_empty() {
                    String::new()
                } else {
                    name_of(&actor)
                }),
            ),
            text(&l.address),
            l.action.clone(),
            text(l.subject.as_deref().unwrap_or_default()),
            text(l.account_id.as_deref().unwrap_or_default()),
            text(&l.detail),
        ])
        .expect("a CSV row in memory");
    }
    out.into_inner().expect("a CSV in memory")
}

/// Free text as a spreadsheet cell: a leading `=`, `+`, `-`, `@`, tab or carriage return would
/// be read as a formula (CSV injection), so such a cell starts with an apostrophe instead.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The agency's SLA figures for a year: one row per account with tickets, then the total
/// (`account_id` empty). Times in business minutes; empty where nothing was measured.
pub fn sla_csv(rows: &[(String, String, billing::sla::Figures)]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "account_id",
        "account",
        "tickets",
        "responded",
        "average_response_minutes",
        "p90_response_minutes",
        "response_breaches",
        "resolved",
        "average_resolution_minutes",
        "p90_resolution_minutes",
        "resolution_breaches",
    ];
    out.write_record(header).expect("a CSV row in memory");
    let minutes = |m: Option<billing::Minutes>| m.map(|m| m.get().to_string()).unwrap_or_default();
    for (id, name, f) in rows {
        let (r, s) = (&f.response, &f.resolution);
        out.write_record([
            text(id),
            text(name),
            f.tickets.to_string(),
            r.measured.to_string(),
            minutes(r.average),
            minutes(r.p90),
            r.breaches.to_string(),
            s.measured.to_string(),
            minutes(s.average),
            minutes(s.p90),
            s.breaches.to_string(),
        ])
        .expect("a CSV row in memory");
    }
    out.into_inner().expect("a CSV in memory")
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formulas_are_not_formulas() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("-1 day"), "'-1 day");
        assert_eq!(text("Fix the cart"), "Fix the cart");
    }
}
