//! `hourbank serve`: migrate, seed demo data on first run, serve the app.

use std::process::ExitCode;

use leptos::prelude::*;
use service::state::AppState;
use service::storage::{DEMO_ACCOUNT_ID, Db, seed_demo, seed_demo_service};

use crate::config::Config;

pub fn main() -> ExitCode {
    let (config, runtime) = match crate::config::start("hourbank") {
        Ok(started) => started,
        Err(code) => return code,
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hourbank: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", config.database_url))?;
    db.migrate().await.map_err(|e| e.to_string())?;
    // The demo account's dates are relative to today in its time zone.
    let today = config.clock.today_in("Europe/Berlin");
    // HOURBANK_DEMO=0: a real deployment, without the demo accounts and their known passwords.
    let demo = !std::env::var("HOURBANK_DEMO").is_ok_and(|v| v == "0");
    if demo && seed_demo(&db, today).await.map_err(|e| e.to_string())? {
        println!(
            "Seeded the demo accounts \"{DEMO_ACCOUNT_ID}\" (Acme GmbH), \"globex\" and \"initech\", and their users (see README)."
        );
        seed_demo_service(&db, today)
            .await
            .map_err(|e| e.to_string())?;
    }
    crate::admin::from_env(&db).await?;
    let state = AppState::new(db, config.clock);

    let conf = get_configuration(None).map_err(|e| format!("Leptos configuration: {e}"))?;
    let mut leptos_options = conf.leptos_options;
    if leptos_options.output_name.is_empty() {
        // Built without cargo-leptos: the site's files are named after the workspace's
        // output-name.
        leptos_options.output_name = "hourbank".into();
    }
    let addr = leptos_options.site_addr;
    let app = app::http::router(state, leptos_options);

    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!("Hourbank is running at http://{addr}");
    if let service::state::Clock::Fixed(d) = config.clock {
        println!("Today is fixed at {d} (HOURBANK_TODAY).");
    }
    // The peer address reaches sign-in's per-address rate limit.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|e| format!("server error: {e}"))
}
