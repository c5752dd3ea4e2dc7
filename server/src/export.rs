//! `hourbank export FROM TO DIR [--account ID]`: every document issued from FROM to TO (both
//! included, at most a year) into DIR: `documents.csv` for the accountant, and per document its
//! PDF (`NUMBER.pdf`), its e-invoice (`NUMBER.xml`) and its lines (`NUMBER-lines.csv`). Documents are immutable, so
//! exporting again writes the same bytes.

use std::path::Path;
use std::process::ExitCode;

use service::exports;

pub fn main(from: &str, to: &str, dir: &str, account: Option<&str>) -> ExitCode {
    let parse = |what: &str, raw: &str| {
        billing::dates::parse_date(raw).map_err(|e| eprintln!("hourbank export: {what}: {e}"))
    };
    let (Ok(from), Ok(to)) = (parse("FROM", from), parse("TO", to)) else {
        return ExitCode::from(2);
    };
    if let Err(e) = exports::check_period(from, to) {
        eprintln!("hourbank export: {e}");
        return ExitCode::from(2);
    }
    let (config, runtime) = match crate::config::start("hourbank export") {
        Ok(started) => started,
        Err(code) => return code,
    };
    runtime.block_on(async move {
        let db = match crate::config::open_db(&config, "hourbank export").await {
            Ok(db) => db,
            Err(code) => return code,
        };
        if let Some(a) = account {
            match db.account(a).await {
                Ok(Some(_)) => {}
                Ok(None) => {
                    eprintln!("hourbank export: no account \"{a}\"");
                    return ExitCode::from(2);
                }
                Err(e) => {
                    eprintln!("hourbank export: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        let docs = match db.documents_issued(from, to, account).await {
            Ok(d) => d,
            Err(e) => {
                eprintln!("hourbank export: {e}");
                return ExitCode::FAILURE;
            }
        };
        let mut locales = std::collections::HashMap::new();
        for d in &docs {
            if !locales.contains_key(&d.account_id) {
                match db.account(&d.account_id).await {
                    Ok(Some(a)) => {
                        locales.insert(d.account_id.clone(), a.locale);
                    }
                    Ok(None) | Err(_) => {
                        eprintln!("hourbank export: the account of {} is missing", d.number);
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
        match write_all(Path::new(dir), &docs, &locales) {
            Ok(()) => {
                println!("{} documents from {from} to {to} in {dir}", docs.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("hourbank export: cannot write into {dir}: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

fn write_all(
    dir: &Path,
    docs: &[api::model::Document],
    locales: &std::collections::HashMap<String, String>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("documents.csv"), exports::documents_csv(docs))?;
    for d in docs {
        let locale = locales.get(&d.account_id).map_or("en", String::as_str);
        let pdf = exports::pdf(d, locale).map_err(|e| std::io::Error::other(e.to_string()))?;
        std::fs::write(dir.join(format!("{}.pdf", d.number)), pdf)?;
        std::fs::write(dir.join(format!("{}.xml", d.number)), exports::ubl(d))?;
        std::fs::write(
            dir.join(format!("{}-lines.csv", d.number)),
            exports::document_lines_csv(d),
        )?;
        println!("{}\t{}\t{}", d.number, d.account_id, d.invoice.total);
    }
    Ok(())
}
