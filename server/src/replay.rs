//! `hourbank replay FILE.json`: read a `billing::History`, replay it, print the Ledger as JSON.

use std::io::Read;
use std::process::ExitCode;

pub fn main(file: &str) -> ExitCode {
    match run(file) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("hourbank replay: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(file: &str) -> Result<String, String> {
    let (name, text) = if file == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        ("standard input".to_string(), s)
    } else {
        let s = std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        (file.to_string(), s)
    };
    let history: billing::History = serde_json::from_str(&text)
        .map_err(|e| format!("{name} is not a valid history (see billing/REPLAY.md): {e}"))?;
    let ledger =
        billing::replay(&history).map_err(|e| format!("the history cannot be replayed: {e}"))?;
    serde_json::to_string_pretty(&ledger).map_err(|e| format!("cannot print the ledger: {e}"))
}
