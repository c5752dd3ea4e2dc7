//! Demo data for a fresh database: one account on maintenance plan L of RULES §9, with a few
//! entries in the previous and the current month, dated relative to "today".

use billing::{Catalog, Currency, EntryKind, Event, EventKind, Minutes, Month, Rate, WorkEntry};
use chrono::{Datelike, NaiveDate};

use super::{AccountRecord, Db, SellerRecord, StorageError};

pub const DEMO_ACCOUNT_ID: &str = "acme";
/// New entries are logged for this technician until sign-in exists.
pub const DEMO_TECHNICIAN: &str = "Dana Weber";
const DEMO_TIMEZONE: &str = "Europe/Berlin";

/// The maintenance catalog of RULES §9: EUR, VAT 22 %, plans M, L and XXL, overage 50.00/h,
/// standard rate 60.00/h, open-ended carryover.
pub fn maintenance_catalog() -> Catalog {
    serde_json::from_value(serde_json::json!({
        "currency": "EUR",
        "vat_rate": "22",
        "standard_rate": "60.00",
        "plans": [
            { "id": "M", "name": "Maintenance M", "kind": "maintenance",
              "fee": "60.00", "included_minutes": 60, "overage_rate": "50.00" },
            { "id": "L", "name": "Maintenance L", "kind": "maintenance",
              "fee": "100.00", "included_minutes": 120, "overage_rate": "50.00" },
            { "id": "XXL", "name": "Maintenance XXL", "kind": "maintenance",
              "fee": null, "included_minutes": 300, "overage_rate": "50.00" }
        ]
    }))
    .expect("the demo catalog is valid")
}

/// Acme GmbH, on plan L since the 1st of the month before `today`.
pub fn demo_account(today: NaiveDate) -> (AccountRecord, Vec<Event>) {
    let account = AccountRecord {
        id: DEMO_ACCOUNT_ID.into(),
        name: "Acme GmbH".into(),
        legal_name: "Acme Software GmbH".into(),
        address: "Hauptstraße 12, 10115 Berlin, Germany".into(),
        vat_id: Some("DE123456789".into()),
        country: "DE".into(),
        electronic_address: None,
        locale: "de-DE".into(),
        currency: Currency::parse("EUR").expect("EUR is known"),
        timezone: DEMO_TIMEZONE.into(),
        reverse_charge: false,
        vat_rate: None,
        standard_rate: Some(Rate::parse("60.00").expect("valid rate")),
        catalog: maintenance_catalog(),
    };

    let this_month = Month::of(today);
    let last_month = this_month.prev();
    let day = |m: Month, d: u32| {
        NaiveDate::from_ymd_opt(m.year, m.month, d).expect("days 1-28 exist in every month")
    };
    // Entries of this month fall on days 2, 4, 5 — or today, early in a month.
    let this = |d: u32| day(this_month, d.min(today.day()));

    let mut seq = 1;
    let mut events = vec![Event {
        on: last_month.first_day(),
        what: EventKind::PlanSubscribed {
            plan: "L".into(),
            start: last_month.first_day(),
        },
    }];
    let mut entry =
        |date: NaiveDate, minutes: u32, kind: EntryKind, title: &str, ticket: u32, who: &str| {
            seq += 1;
            Event {
                on: date,
                what: EventKind::EntryLogged(WorkEntry {
                    id: format!("e{seq}").into(),
                    date,
                    minutes: Minutes(minutes),
                    kind,
                    title: title.into(),
                    url: Some(format!("https://tickets.acme.example/T-{ticket}").into()),
                    note: "".into(),
                    technician: who.into(),
                    quote: None,
                }),
            }
        };
    let luca = "Luca Rossi";
    let close_last_month = Event {
        on: this_month.first_day(),
        what: EventKind::MonthClosed { month: last_month },
    };
    events.extend([
        entry(
            day(last_month, 6),
            40,
            EntryKind::Support,
            "Renew TLS certificate for shop.acme.example",
            1041,
            DEMO_TECHNICIAN,
        ),
        entry(
            day(last_month, 19),
            50,
            EntryKind::Support,
            "Investigate slow checkout page",
            1056,
            luca,
        ),
    ]);
    // Last month is closed: its invoice is issued.
    events.push(close_last_month);
    events.extend([
        entry(
            this(2),
            30,
            EntryKind::Support,
            "Weekly plugin and security updates",
            1078,
            DEMO_TECHNICIAN,
        ),
        entry(
            this(4),
            45,
            EntryKind::Project,
            "Contact form: add spam filter",
            1083,
            luca,
        ),
        entry(
            this(5),
            20,
            EntryKind::Bug,
            "Login loop after our last deploy",
            1085,
            DEMO_TECHNICIAN,
        ),
    ]);
    (account, events)
}

/// Seed the demo account if the database has no account yet. Returns whether it seeded.
pub async fn seed_demo(db: &Db, today: NaiveDate) -> Result<bool, StorageError> {
    if !db.accounts().await?.is_empty() {
        return Ok(false);
    }
    let (account, events) = demo_account(today);
    db.create_account(&account, &events).await?;
    let (globex, events) = demo_globex(today);
    db.create_account(&globex, &events).await?;
    if db.seller().await?.is_none() {
        db.set_seller(&demo_seller()).await?;
    }
    if db.users().await?.is_empty() {
        let now = chrono::Utc::now().to_rfc3339();
        for (user, password) in demo_users() {
            let hash = password_auth::generate_hash(password);
            db.create_user(&user, &hash, &now).await?;
            if user.role == "technician" {
                db.assign(&user.id, DEMO_ACCOUNT_ID).await?;
            }
        }
    }
    Ok(true)
}

/// The demo deployment's own details (the seller on every document).
pub fn demo_seller() -> SellerRecord {
    SellerRecord {
        legal_name: "Hourbank Demo Agency GmbH".into(),
        address: "Torstraße 1, 10119 Berlin, Germany".into(),
        country: "DE".into(),
        vat_id: Some("DE987654321".into()),
        electronic_address: Some("0204:991-12345-67".into()),
        email: Some("billing@agency.example".into()),
    }
}

/// A second client, so that the demo shows one client never sees another's data.
pub fn demo_globex(today: NaiveDate) -> (AccountRecord, Vec<Event>) {
    let account = AccountRecord {
        id: "globex".into(),
        name: "Globex Corporation".into(),
        legal_name: "Globex Corporation Ltd".into(),
        address: "1 Cypress Creek, Dublin, Ireland".into(),
        vat_id: Some("IE1234567T".into()),
        country: "IE".into(),
        electronic_address: None,
        locale: "en-IE".into(),
        currency: Currency::parse("EUR").expect("EUR is known"),
        timezone: "Europe/Dublin".into(),
        reverse_charge: true,
        vat_rate: None,
        standard_rate: None,
        catalog: maintenance_catalog(),
    };
    let this_month = Month::of(today);
    let last_month = this_month.prev();
    let start = last_month.first_day();
    let date =
        NaiveDate::from_ymd_opt(last_month.year, last_month.month, 12).expect("day 12 exists");
    let events = vec![
        Event {
            on: start,
            what: EventKind::PlanSubscribed {
                plan: "M".into(),
                start,
            },
        },
        Event {
            on: date,
            what: EventKind::EntryLogged(WorkEntry {
                id: "e2".into(),
                date,
                minutes: Minutes(95),
                kind: EntryKind::Support,
                title: "Mail delivery delays".into(),
                url: Some("https://tickets.globex.example/G-77".into()),
                note: "".into(),
                technician: "Luca Rossi".into(),
                quote: None,
            }),
        },
        Event {
            on: this_month.first_day(),
            what: EventKind::MonthClosed { month: last_month },
        },
    ];
    (account, events)
}

/// The demo's people, one per role (passwords for the demo only; listed in the README).
pub fn demo_users() -> Vec<(super::UserRecord, &'static str)> {
    let user =
        |id: &str, email: &str, name: &str, role: &str, account: Option<&str>| super::UserRecord {
            id: id.into(),
            email: email.into(),
            name: name.into(),
            role: role.into(),
            account_id: account.map(Into::into),
        };
    vec![
        (
            user("alex", "admin@agency.example", "Alex Meyer", "admin", None),
            "demo-admin-2026",
        ),
        (
            user(
                "dana",
                "dana@agency.example",
                DEMO_TECHNICIAN,
                "technician",
                None,
            ),
            "demo-tech-2026",
        ),
        (
            user(
                "acme-client",
                "client@acme.example",
                "Petra Acme",
                "client",
                Some(DEMO_ACCOUNT_ID),
            ),
            "demo-client-2026",
        ),
        (
            user(
                "globex-client",
                "client@globex.example",
                "Hank Globex",
                "client",
                Some("globex"),
            ),
            "demo-client-2026",
        ),
    ]
}
