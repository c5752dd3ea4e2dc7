//! Demo data for a fresh database, dated relative to "today": Acme (maintenance plan L of
//! POLICY §9, last and this month), Globex (a second tenant, reverse charge) and Initech (a
//! marketplace client: a year of history, developer packs, quotes, last month still open).

use billing::{Catalog, Currency, EntryKind, Event, EventKind, Minutes, Month, Rate, WorkEntry};
use chrono::{Datelike, NaiveDate};

use super::{AccountRecord, Db, SellerRecord, StorageError};

pub const DEMO_ACCOUNT_ID: &str = "acme";
/// New entries are logged for this technician until sign-in exists.
pub const DEMO_TECHNICIAN: &str = "Dana Weber";
const DEMO_TIMEZONE: &str = "Europe/Berlin";
/// The marketplace developer of the demo: sells packs and offers quotes to Initech.
pub const DEMO_DEVELOPER: &str = "Luca Rossi";
/// The demo's marketplace client: a year on plan M, a developer pack about to expire, quotes,
/// and last month still open so month-end close has work to do.
pub const INITECH: &str = "initech";

/// The maintenance catalog of POLICY §9: EUR, VAT 22 %, plans M, L and XXL, overage 50.00/h,
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
            { "id": "XL", "name": "Maintenance XL", "kind": "maintenance",
              "fee": "180.00", "included_minutes": 240, "overage_rate": "50.00" },
            { "id": "XXL", "name": "Maintenance XXL", "kind": "maintenance",
              "fee": null, "included_minutes": 300, "overage_rate": "50.00" }
        ],
        "pack_tiers": [
            { "id": "block-10", "name": "Hour block 10 h", "minutes": 600, "rate": "55.00",
              "seller": "agency" },
            { "id": "payg", "name": "Pay as you go", "seller": "agency" }
        ],
        "bulk_discount": { "min_minutes": 1200, "percent": "5" }
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
        opening_catalog: maintenance_catalog(),
        payment_terms_days: None,
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
            terms: None,
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
                    minutes: Minutes::new(minutes),
                    kind,
                    title: title.into(),
                    url: Some(format!("https://tickets.acme.example/T-{ticket}").into()),
                    note: "".into(),
                    technician: who.into(),
                    quote: None,
                    external: None,
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
    // The seller first: the demo's documents are issued with its details frozen in.
    if db.seller().await?.is_none() {
        db.set_seller(&demo_seller(), None).await?;
    }
    let (account, events) = demo_account(today);
    db.create_account(&account, &events).await?;
    let (globex, events) = demo_globex(today);
    db.create_account(&globex, &events).await?;
    let (initech, events) = demo_initech(today);
    db.create_account(&initech, &events).await?;
    if db.users().await?.is_empty() {
        let now = chrono::Utc::now();
        for (user, password) in demo_users() {
            let hash = password_auth::generate_hash(password);
            db.create_user(&user, &hash, now).await?;
            if user.role == api::auth::Role::Technician {
                db.assign(&user.id, DEMO_ACCOUNT_ID).await?;
            }
            if user.name == DEMO_DEVELOPER {
                db.assign(&user.id, INITECH).await?;
            }
        }
    }
    Ok(true)
}

/// The demo deployment's own details (the seller on every document).
pub fn demo_seller() -> SellerRecord {
    SellerRecord {
        party: api::parties::Party {
            legal_name: "Hourbank Demo Agency GmbH".into(),
            address: "Torstraße 1, 10119 Berlin, Germany".into(),
            country: "DE".into(),
            vat_id: Some("DE987654321".into()),
            electronic_address: Some("0204:991-12345-67".into()),
            email: Some("billing@agency.example".into()),
        },
        // The IBAN of ISO 13616's own example: valid, and nobody's.
        bank: Some(api::parties::BankAccount {
            iban: "DE89370400440532013000".into(),
            bic: Some("COBADEFFXXX".into()),
            holder: "Hourbank Demo Agency GmbH".into(),
        }),
        payment_terms_days: api::parties::DEFAULT_PAYMENT_DAYS,
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
        // A Peppol participant (9935: an Irish VAT number): its e-invoices are Peppol BIS 3.0.
        electronic_address: Some("9935:IE1234567T".into()),
        locale: "en-IE".into(),
        currency: Currency::parse("EUR").expect("EUR is known"),
        timezone: "Europe/Dublin".into(),
        reverse_charge: true,
        vat_rate: None,
        standard_rate: None,
        catalog: maintenance_catalog(),
        opening_catalog: maintenance_catalog(),
        payment_terms_days: None,
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
                terms: None,
            },
        },
        Event {
            on: date,
            what: EventKind::EntryLogged(WorkEntry {
                id: "e2".into(),
                date,
                minutes: Minutes::new(95),
                kind: EntryKind::Support,
                title: "Mail delivery delays".into(),
                url: Some("https://tickets.globex.example/G-77".into()),
                note: "".into(),
                technician: "Luca Rossi".into(),
                quote: None,
                external: None,
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
            role: api::auth::Role::parse(role).expect("a demo user's role is a role"),
            account_id: account.map(Into::into),
            language: None,
        };
    vec![
        (
            user(
                "luca",
                "luca@agency.example",
                DEMO_DEVELOPER,
                "technician",
                None,
            ),
            "demo-tech-2026",
        ),
        (
            user(
                "initech-client",
                "client@initech.example",
                "Peter Gibbons",
                "client",
                Some(INITECH),
            ),
            "demo-client-2026",
        ),
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

/// The marketplace catalog in pounds: plans M and L, developer packs (valid 3 months, rolling
/// over into a renewal, POLICY §5), the agency's hour block, 5 % off from 20 h, 15 % commission.
pub fn marketplace_catalog() -> Catalog {
    serde_json::from_value(serde_json::json!({
        "currency": "GBP",
        "vat_rate": "20",
        "standard_rate": "60.00",
        "plans": [
            { "id": "M", "name": "Maintenance M", "kind": "maintenance",
              "fee": "60.00", "included_minutes": 60, "overage_rate": "50.00" },
            { "id": "L", "name": "Maintenance L", "kind": "maintenance",
              "fee": "100.00", "included_minutes": 120, "overage_rate": "50.00" }
        ],
        "pack_tiers": [
            { "id": "dev-10", "name": "Developer pack 10 h", "minutes": 600, "rate": "65.00",
              "validity_months": 3, "seller": "developer" },
            { "id": "dev-20", "name": "Developer pack 20 h", "minutes": 1200, "rate": "65.00",
              "validity_months": 3, "seller": "developer" },
            { "id": "block-10", "name": "Agency hour block 10 h", "minutes": 600,
              "rate": "58.00", "seller": "agency" }
        ],
        "bulk_discount": { "min_minutes": 1200, "percent": "5" },
        "commission": "15"
    }))
    .expect("the marketplace catalog is valid")
}

/// Initech: twelve months on plan M, dated relative to `today`. Overage in the 4th and 3rd
/// months back (the upgrade prompt); developer packs from Luca: one long expired (a payout),
/// one bought 80 days ago and nearly used up (the expiry and low-balance prompts); one approved
/// quote and one waiting; last month still open.
pub fn demo_initech(today: NaiveDate) -> (AccountRecord, Vec<Event>) {
    let account = AccountRecord {
        id: INITECH.into(),
        name: "Initech".into(),
        legal_name: "Initech Software Ltd".into(),
        address: "20 Lombard Street, London EC3V 9AH, United Kingdom".into(),
        vat_id: Some("GB123456789".into()),
        country: "GB".into(),
        electronic_address: None,
        locale: "en-GB".into(),
        currency: Currency::parse("GBP").expect("GBP is known"),
        timezone: "Europe/London".into(),
        reverse_charge: false,
        vat_rate: None,
        standard_rate: None,
        catalog: marketplace_catalog(),
        opening_catalog: marketplace_catalog(),
        payment_terms_days: Some(30),
    };
    let this_month = Month::of(today);
    let mut start = this_month.prev();
    for _ in 0..11 {
        start = start.prev();
    }
    let day = |m: Month, d: u32| {
        NaiveDate::from_ymd_opt(m.year, m.month, d).expect("days 1-28 exist in every month")
    };
    let ago = |n: u64| today - chrono::Days::new(n);
    let mut seq = 0;
    let mut entry =
        |date: NaiveDate, minutes: u32, kind: EntryKind, title: &str, quote: Option<&str>| {
            seq += 1;
            Event {
                on: date,
                what: EventKind::EntryLogged(WorkEntry {
                    id: format!("i{seq}").into(),
                    date,
                    minutes: Minutes::new(minutes),
                    kind,
                    title: title.into(),
                    url: Some(format!("https://initech.example/tickets/{}", 400 + seq).into()),
                    note: "".into(),
                    technician: DEMO_DEVELOPER.into(),
                    quote: quote.map(Into::into),
                    external: None,
                }),
            }
        };
    let mut events = vec![Event {
        on: start.first_day(),
        what: EventKind::PlanSubscribed {
            plan: "M".into(),
            start: start.first_day(),
            terms: None,
        },
    }];
    // Minutes of support per month, oldest first: never under the 60 included (no carryover
    // builds up), over it in the 3rd and 2nd months back.
    let usage = [60, 75, 65, 90, 60, 70, 85, 60, 150, 170, 120];
    // Two developer packs from Luca: one bought 40 weeks ago, barely used and long expired (its
    // payout is due), one bought 80 days ago and nearly used up.
    let packs = [
        (ago(281), "pack-luca-0", "SEPA-1187"),
        (ago(80), "pack-luca-1", "SEPA-2291"),
    ];
    let mut month = start;
    for (i, minutes) in usage.into_iter().enumerate() {
        let (a, b) = (minutes / 2, minutes - minutes / 2);
        events.push(entry(
            day(month, 6 + i as u32 % 5),
            a,
            EntryKind::Support,
            "TPS report export fails",
            None,
        ));
        events.push(entry(
            day(month, 18 + i as u32 % 7),
            b,
            EntryKind::Support,
            "Printer driver rollout",
            None,
        ));
        for (paid, order, reference) in packs {
            if Month::of(paid) != month {
                continue;
            }
            events.push(Event {
                on: paid - chrono::Days::new(1),
                what: EventKind::PackOrdered {
                    order: order.into(),
                    tier: "dev-10".into(),
                    hours: None,
                    seller: Some(DEMO_DEVELOPER.into()),
                    terms: None,
                },
            });
            events.push(Event {
                on: paid,
                what: EventKind::PaymentRecorded {
                    order: order.into(),
                    reference: reference.into(),
                    at: None,
                },
            });
        }
        events.push(Event {
            on: month.next().first_day(),
            what: EventKind::MonthClosed { month },
        });
        month = month.next();
    }
    events.sort_by_key(|e| e.on);
    // The pack's months: project work on it. Last month stays open.
    let last = this_month.prev();
    let mut tail = vec![
        entry(
            day(last.prev(), 12),
            240,
            EntryKind::Project,
            "Migrate the intranet to PHP 8.3",
            None,
        ),
        entry(
            day(last, 5),
            40,
            EntryKind::Support,
            "Jammed fax gateway",
            None,
        ),
        entry(
            day(last, 16),
            180,
            EntryKind::Project,
            "Single sign-on for the intranet",
            None,
        ),
        entry(
            day(last, 24),
            35,
            EntryKind::Support,
            "Mail filter rules",
            None,
        ),
    ];
    tail.push(Event {
        on: ago(3),
        what: EventKind::QuoteOffered {
            id: "q-reports".into(),
            developer: DEMO_DEVELOPER.into(),
            project: "Reporting".into(),
            title: "Quarterly report dashboard".into(),
            estimate_minutes: Minutes::new(240),
            rate: Rate::parse("65.00").expect("valid rate"),
        },
    });
    tail.push(Event {
        on: ago(2),
        what: EventKind::QuoteApproved {
            quote: "q-reports".into(),
        },
    });
    tail.push(Event {
        on: ago(1),
        what: EventKind::QuoteOffered {
            id: "q-sso".into(),
            developer: DEMO_DEVELOPER.into(),
            project: "Intranet".into(),
            title: "Two-factor sign-in for the intranet".into(),
            estimate_minutes: Minutes::new(360),
            rate: Rate::parse("65.00").expect("valid rate"),
        },
    });
    events.extend(tail);
    events.sort_by_key(|e| e.on);
    (account, events)
}
