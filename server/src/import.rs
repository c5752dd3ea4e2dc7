//! `hourbank import entries FILE.csv [--dry-run]`: a helpdesk's time export, row by row through
//! the helpdesk API's command (the log form's rules, the one write path), idempotent by each
//! row's external id: importing the same file again logs nothing new. A dry run decides every
//! row the same way against the stored histories, stores nothing, and says what it would log.
//!
//! Columns (a header row names them, in any order): `external_id`, `date` (YYYY-MM-DD),
//! `minutes` (as the log form takes time: 45, 1:30, 1.5 h), `title`, `technician` (an e-mail, or the helpdesk id an admin gave the person),
//! `account` (its id) — required; `url`, `kind` (support, project, billable, bug; empty:
//! support), `note`, `ticket_id` — optional. Any other column is refused, so that a misspelt
//! one is never ignored.

use std::collections::BTreeMap;
use std::process::ExitCode;

use api::AppError;
use billing::{EntryForm, EventKind, History};
use service::commands::helpdesk::{Decided, Technician, decide, log_external, prepare};
use service::state::AppState;

/// The largest file and the most rows one import takes (a year of a busy helpdesk is ~10 000).
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
pub const MAX_ROWS: usize = 100_000;

const REQUIRED: [&str; 6] = [
    "external_id",
    "date",
    "minutes",
    "title",
    "technician",
    "account",
];
const OPTIONAL: [&str; 4] = ["url", "kind", "note", "ticket_id"];

/// One row as read.
struct Row {
    line: u64,
    fields: BTreeMap<String, String>,
}

impl Row {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    fn form(&self) -> EntryForm {
        EntryForm {
            date: self.get("date").to_string(),
            minutes: self.get("minutes").to_string(),
            kind: self.get("kind").to_string(),
            title: self.get("title").to_string(),
            url: self.get("url").to_string(),
            note: self.get("note").to_string(),
            quote: String::new(),
        }
    }
}

/// What became of one row.
enum Outcome {
    Logged(String),
    WouldLog,
    Already(String),
    Refused(String),
}

pub fn main(file: &str, dry_run: bool) -> ExitCode {
    let rows = match read(file) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("hourbank import entries: {e}");
            return ExitCode::from(2);
        }
    };
    let (config, runtime) = match crate::config::start("hourbank import entries") {
        Ok(started) => started,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let db = match crate::config::open_db(&config, "hourbank import entries").await {
            Ok(db) => db,
            Err(code) => return code,
        };
        let state = AppState::new(db, config.clock);
        let mut histories: BTreeMap<String, History> = BTreeMap::new();
        let (mut new, mut already, mut refused) = (0, 0, 0);
        for row in &rows {
            let outcome = if dry_run {
                dry(&state, &mut histories, row).await
            } else {
                import(&state, row).await
            };
            let id = row.get("external_id");
            let account = row.get("account");
            match outcome {
                Outcome::Logged(entry) => {
                    new += 1;
                    println!("line {}: {id} → {account}: logged as {entry}", row.line);
                }
                Outcome::WouldLog => {
                    new += 1;
                    println!(
                        "line {}: {id} → {account}: would log {} on {}, \"{}\"",
                        row.line,
                        row.get("minutes"),
                        row.get("date"),
                        row.get("title")
                    );
                }
                Outcome::Already(entry) => {
                    already += 1;
                    println!(
                        "line {}: {id} → {account}: already logged as {entry}",
                        row.line
                    );
                }
                Outcome::Refused(why) => {
                    refused += 1;
                    println!("line {}: {id} → {account}: refused: {why}", row.line);
                }
            }
        }
        let verb = if dry_run { "would log" } else { "logged" };
        println!(
            "{} rows: {new} {verb}, {already} already logged, {refused} refused{}",
            rows.len(),
            if dry_run {
                " (dry run: nothing stored)"
            } else {
                ""
            }
        );
        if refused > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        }
    })
}

/// Every row of `file`, checked for its columns and bounds before anything is logged.
fn read(file: &str) -> Result<Vec<Row>, String> {
    let size = std::fs::metadata(file)
        .map_err(|e| format!("cannot read {file}: {e}"))?
        .len();
    if size > MAX_BYTES {
        return Err(format!(
            "{file} is larger than {} MiB; split it",
            MAX_BYTES >> 20
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(file)
        .map_err(|e| format!("cannot read {file}: {e}"))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{file}: no header row: {e}"))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    if let Some(unknown) = header
        .iter()
        .find(|h| !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()))
    {
        return Err(format!(
            "unknown column \"{unknown}\"; the columns are {} (required) and {} (optional)",
            REQUIRED.join(", "),
            OPTIONAL.join(", ")
        ));
    }
    if let Some(missing) = REQUIRED.iter().find(|r| !header.iter().any(|h| h == *r)) {
        return Err(format!("the column \"{missing}\" is missing"));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{file}: {e}"))?;
        if rows.len() == MAX_ROWS {
            return Err(format!("{file} has more than {MAX_ROWS} rows; split it"));
        }
        rows.push(Row {
            line: record.position().map_or(0, |p| p.line()),
            fields: header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect(),
        });
    }
    Ok(rows)
}

fn refusal(e: &AppError) -> String {
    match e {
        AppError::Invalid { errors, .. } => errors
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

async fn import(state: &AppState, row: &Row) -> Outcome {
    let external = (row.get("external_id"), row.get("ticket_id"));
    match log_external(
        state,
        row.get("account"),
        Technician::either(row.get("technician")),
        &row.form(),
        external,
    )
    .await
    {
        Ok(sent) if sent.repeated => Outcome::Already(sent.entry.id.to_string()),
        Ok(sent) => Outcome::Logged(sent.entry.id.to_string()),
        Err(e) => Outcome::Refused(refusal(&e)),
    }
}

/// The row decided as the import would, against the account's history with the rows before it
/// that would be logged: nothing is stored.
async fn dry(state: &AppState, histories: &mut BTreeMap<String, History>, row: &Row) -> Outcome {
    let account = row.get("account");
    let external = (row.get("external_id"), row.get("ticket_id"));
    let new = match prepare(
        state,
        account,
        Technician::either(row.get("technician")),
        &row.form(),
        external,
    )
    .await
    {
        Ok(new) => new,
        Err(e) => return Outcome::Refused(refusal(&e)),
    };
    if !histories.contains_key(account) {
        match service::read::account_now(state, account).await {
            Ok(now) => histories.insert(account.to_string(), now.history),
            Err(e) => return Outcome::Refused(refusal(&e)),
        };
    }
    let Some(history) = histories.get_mut(account) else {
        return Outcome::Refused(format!("account \"{account}\" is not loaded"));
    };
    let seq = i64::try_from(history.events.len()).unwrap_or(i64::MAX) + 1;
    let today = history.today.unwrap_or_else(|| state.clock.today_in("UTC"));
    match decide(history, &new, seq) {
        Ok(Decided::Logged(id)) => Outcome::Already(id),
        Ok(Decided::New(what @ EventKind::EntryLogged(_))) => {
            match service::apply::with_event(history, today, what) {
                Ok(_) => Outcome::WouldLog,
                Err(e) => Outcome::Refused(refusal(&e)),
            }
        }
        Ok(Decided::New(_)) => Outcome::Refused("not a work entry".into()),
        Err(e) => Outcome::Refused(refusal(&e)),
    }
}
