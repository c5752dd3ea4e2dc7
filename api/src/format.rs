//! How amounts and dates are written in an account's locale — "60,00 €" for de-DE, "£65.00"
//! for en-GB, "$99.99" for en-US; "26.03.2026", "26 Mar 2026" — for the pages and the printed
//! documents alike. Formatting only: every figure comes from the billing crate already rounded.

use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The separators and symbol placement of a locale's language.
struct Style {
    decimal: char,
    group: char,
    /// `60,00 €` rather than `€60.00`.
    symbol_after: bool,
}

fn style(locale: &str) -> Style {
    let lang = locale.split(['-', '_']).next().unwrap_or("en");
    match lang.to_ascii_lowercase().as_str() {
        "de" | "sl" | "hr" | "es" | "it" | "nl" | "pt" | "da" | "id" => Style {
            decimal: ',',
            group: '.',
            symbol_after: true,
        },
        // French, Nordic and Polish write a (narrow no-break) space between groups.
        "fr" | "sv" | "nb" | "fi" | "pl" | "cs" => Style {
            decimal: ',',
            group: '\u{202f}',
            symbol_after: true,
        },
        _ => Style {
            decimal: '.',
            group: ',',
            symbol_after: false,
        },
    }
}

/// The currency's sign where it has a common one, and whether it needs a space before digits.
fn symbol(currency: &str) -> (&str, bool) {
    match currency {
        "EUR" => ("€", false),
        "USD" => ("$", false),
        "GBP" => ("£", false),
        "JPY" => ("¥", false),
        other => (other, true),
    }
}

/// Money in its currency: `1.234,50 €`, `£1,234.50`, `−$12.00`, `CHF 10.00`.
pub fn money(currency: &str, locale: &str, m: billing::Money) -> String {
    let decimals = if currency == "JPY" { 0 } else { 2 };
    amount(currency, locale, m.decimal(), decimals)
}

/// An hourly rate: `65,00 €/h`; discounted rates keep their 4 decimals only where they have
/// them (`61,7500 €/h` reads as `61,75 €/h`).
pub fn rate(currency: &str, locale: &str, r: billing::Rate) -> String {
    let r = r.decimal().normalize();
    let decimals = r.scale().clamp(2, 4);
    format!("{}/h", amount(currency, locale, r, decimals))
}

/// `amount` with `decimals` decimals and the currency's symbol, as `locale` writes it:
/// `1.234,50 €`, `£1,234.50`, `−$12.00`, `CHF 10.00`.
pub fn amount(currency: &str, locale: &str, amount: Decimal, decimals: u32) -> String {
    let st = style(locale);
    let raw = format!("{:.*}", decimals as usize, amount.abs());
    let (int, frac) = raw.split_once('.').unwrap_or((raw.as_str(), ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(st.group);
        }
        grouped.push(c);
    }
    if !frac.is_empty() {
        grouped.push(st.decimal);
        grouped.push_str(frac);
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "−"
    } else {
        ""
    };
    let (sym, spaced) = symbol(currency);
    if st.symbol_after {
        format!("{sign}{grouped}\u{a0}{sym}")
    } else if spaced {
        format!("{sign}{sym}\u{a0}{grouped}")
    } else {
        format!("{sign}{sym}{grouped}")
    }
}

/// Dates as the locale writes them: `26.03.2026`, `26. 3. 2026`, `26 Mar 2026`,
/// `Mar 26, 2026`; other languages ISO 8601.
pub fn date(locale: &str, d: NaiveDate) -> String {
    match locale.split(['-', '_']).next().unwrap_or("en") {
        "de" => d.format("%d.%m.%Y").to_string(),
        "sl" => d.format("%-d. %-m. %Y").to_string(),
        "en" if locale.ends_with("US") => d.format("%b %-d, %Y").to_string(),
        "en" => d.format("%-d %b %Y").to_string(),
        _ => d.to_string(),
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_SL: [&str; 12] = [
    "januar",
    "februar",
    "marec",
    "april",
    "maj",
    "junij",
    "julij",
    "avgust",
    "september",
    "oktober",
    "november",
    "december",
];

/// The months' names in `lang` (`en`, `de`, `sl`; English otherwise), January first.
pub fn month_names(lang: &str) -> &'static [&'static str; 12] {
    match lang {
        "de" => &MONTHS_DE,
        "sl" => &MONTHS_SL,
        _ => &MONTHS_EN,
    }
}

/// A month by name in `lang`: `February 2026`, `Februar 2026`, `februar 2026`.
pub fn month(lang: &str, m: billing::Month) -> String {
    use chrono::Datelike as _;
    let first = m.first_day();
    format!(
        "{} {}",
        month_names(lang)[first.month0() as usize],
        first.year()
    )
}
