//! The first admin: `hourbank create-admin EMAIL NAME` (password from HOURBANK_ADMIN_PASSWORD,
//! else the first line of standard input), or, at the first start of an empty user table,
//! HOURBANK_ADMIN_EMAIL and HOURBANK_ADMIN_PASSWORD. The password is never printed or logged.

use std::io::BufRead;
use std::process::ExitCode;

use service::storage::{Db, UserRecord};

/// Passwords shorter than this are refused.
const MIN_PASSWORD: usize = 12;

async fn create(db: &Db, email: &str, name: &str, password: &str) -> Result<UserRecord, String> {
    let email = email.trim().to_ascii_lowercase();
    if !email.contains('@') || email.len() > 200 {
        return Err(format!("\"{email}\" is not an email address"));
    }
    if password.chars().count() < MIN_PASSWORD {
        return Err(format!(
            "the password needs at least {MIN_PASSWORD} characters"
        ));
    }
    if name.trim().is_empty() {
        return Err("the name is required".into());
    }
    if db
        .user_by_email(&email)
        .await
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Err(format!("a user {email} exists"));
    }
    // Work and payouts are recorded in a person's name: names are unique.
    if db
        .users()
        .await
        .map_err(|e| e.to_string())?
        .iter()
        .any(|u| u.name == name.trim())
    {
        return Err(format!(
            "a user named {} exists; choose another name",
            name.trim()
        ));
    }
    let id: String = email
        .split('@')
        .next()
        .unwrap_or("admin")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let user = UserRecord {
        id: format!("{id}-admin"),
        email,
        name: name.trim().to_string(),
        role: api::auth::Role::Admin,
        account_id: None,
        language: None,
    };
    let hash = service::auth::hash_password(password);
    db.create_user(&user, &hash, chrono::Utc::now())
        .await
        .map_err(|e| e.to_string())?;
    Ok(user)
}

pub fn main(email: &str, name: &str) -> ExitCode {
    let (config, runtime) = match crate::config::start("hourbank create-admin") {
        Ok(started) => started,
        Err(code) => return code,
    };
    let password = match std::env::var("HOURBANK_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            let mut line = String::new();
            if std::io::stdin().lock().read_line(&mut line).is_err() {
                eprintln!("hourbank create-admin: cannot read the password from standard input");
                return ExitCode::from(2);
            }
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    runtime.block_on(async move {
        let result = async {
            let db = Db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            db.migrate().await.map_err(|e| e.to_string())?;
            create(&db, email, name, &password).await
        }
        .await;
        match result {
            Ok(user) => {
                println!("Created admin {} ({}).", user.email, user.id);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("hourbank create-admin: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// At start: HOURBANK_ADMIN_EMAIL and HOURBANK_ADMIN_PASSWORD create the first admin when no
/// admin exists yet.
pub async fn from_env(db: &Db) -> Result<(), String> {
    let (Ok(email), Ok(password)) = (
        std::env::var("HOURBANK_ADMIN_EMAIL"),
        std::env::var("HOURBANK_ADMIN_PASSWORD"),
    ) else {
        return Ok(());
    };
    let users = db.users().await.map_err(|e| e.to_string())?;
    if users
        .iter()
        .any(|u| u.role == api::auth::Role::Admin && u.email == email.trim().to_ascii_lowercase())
    {
        return Ok(());
    }
    let user = create(db, &email, "Administrator", &password).await?;
    println!("Created admin {} from HOURBANK_ADMIN_EMAIL.", user.email);
    Ok(())
}
