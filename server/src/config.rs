//! Configuration from the environment.

use chrono::NaiveDate;
use service::state::Clock;

/// The configuration and an async runtime, or the exit code of a command that cannot start.
pub fn start(command: &str) -> Result<(Config, tokio::runtime::Runtime), std::process::ExitCode> {
    let config = Config::from_env().map_err(|e| {
        eprintln!("{command}: {e}");
        std::process::ExitCode::from(2)
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("{command}: cannot start the async runtime: {e}");
            std::process::ExitCode::FAILURE
        })?;
    Ok((config, runtime))
}

/// The configured database, migrated; or the exit code after saying why not (`command`
/// names the command in the message).
pub async fn open_db(
    config: &Config,
    command: &str,
) -> Result<service::storage::Db, std::process::ExitCode> {
    let db = service::storage::Db::connect(&config.database_url)
        .await
        .map_err(|e| {
            eprintln!("{command}: cannot open the database: {e}");
            std::process::ExitCode::FAILURE
        })?;
    db.migrate().await.map_err(|e| {
        eprintln!("{command}: {e}");
        std::process::ExitCode::FAILURE
    })?;
    Ok(db)
}

pub const DEFAULT_DB: &str = "sqlite://hourbank.db";

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub clock: Clock,
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let database_url = std::env::var("HOURBANK_DB")
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_DB.to_string());
        let clock = match std::env::var("HOURBANK_TODAY") {
            Ok(s) if !s.trim().is_empty() => Clock::Fixed(parse_today(&s)?),
            _ => Clock::System,
        };
        Ok(Config {
            database_url,
            clock,
        })
    }
}

pub fn parse_today(raw: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| format!("HOURBANK_TODAY must be a date like 2026-03-18, got \"{raw}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_parses_strictly() {
        assert_eq!(
            parse_today("2026-03-18"),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 18).unwrap())
        );
        assert!(parse_today("18.03.2026").is_err());
        assert!(parse_today("2026-02-30").is_err());
    }
}
