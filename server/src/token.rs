//! `hourbank token create NAME [--account ID]` and `hourbank token revoke ID`: integration
//! tokens for `/api/v1` from the command line (the integrations page does the same). The secret
//! is printed once, on standard output, and stored only as a hash.

use std::process::ExitCode;

use service::commands::integrations::{create_token, revoke_token};
use service::state::AppState;

pub fn create(name: &str, account: Option<&str>) -> ExitCode {
    run("hourbank token create", |state| async move {
        let made = create_token(&state, None, "local", name, account).await?;
        eprintln!(
            "Created token {} \"{}\" ({}). Its secret, shown only now:",
            made.token.id,
            made.token.name,
            account.map_or_else(|| "every account".to_string(), |a| format!("account {a}"))
        );
        println!("{}", made.secret);
        Ok(())
    })
}

pub fn revoke(id: &str) -> ExitCode {
    run("hourbank token revoke", |state| async move {
        revoke_token(&state, None, "local", id).await?;
        eprintln!("Token {id} is revoked.");
        Ok(())
    })
}

fn run<F, Fut>(command: &str, f: F) -> ExitCode
where
    F: FnOnce(AppState) -> Fut,
    Fut: Future<Output = Result<(), api::AppError>>,
{
    let (config, runtime) = match crate::config::start(command) {
        Ok(started) => started,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let db = match crate::config::open_db(&config, command).await {
            Ok(db) => db,
            Err(code) => return code,
        };
        match f(AppState::new(db, config.clock)).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{command}: {e}");
                ExitCode::from(if e.status() < 500 { 2 } else { 1 })
            }
        }
    })
}
