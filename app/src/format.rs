//! How numbers look on screen: money in the account's currency and locale ("60,00 €" for
//! de-DE, "£65.00" for en-GB, "$99.99" for en-US), minutes as hours and minutes. Formatting
//! only: every figure comes from the billing crate already rounded.

use billing::{Minutes, Money, Rate};
use chrono::{Datelike as _, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// An account's currency and locale: what every amount on its pages is formatted with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fmt {
    pub currency: String,
    /// BCP 47, e.g. `de-DE`, `en-GB`. Unknown languages read like English.
    pub locale: String,
}

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

impl Fmt {
    pub fn new(currency: impl Into<String>, locale: impl Into<String>) -> Fmt {
        Fmt {
            currency: currency.into(),
            locale: locale.into(),
        }
    }

    /// `1.234,50 €`, `£1,234.50`, `−$12.00`, `CHF 10.00`.
    pub fn money(&self, amount: Money) -> String {
        let decimals = if self.currency == "JPY" { 0 } else { 2 };
        self.amount(amount.decimal(), decimals)
    }

    /// An hourly rate: `65,00 €/h`; discounted rates keep their 4 decimals only where they
    /// have them (`61,7500 €/h` reads as `61,75 €/h`).
    pub fn rate(&self, rate: Rate) -> String {
        let r = rate.decimal().normalize();
        let decimals = r.scale().clamp(2, 4);
        format!("{}/h", self.amount(r, decimals))
    }

    fn amount(&self, amount: Decimal, decimals: u32) -> String {
        let st = style(&self.locale);
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
        let (sym, spaced) = symbol(&self.currency);
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
    pub fn date(&self, d: NaiveDate) -> String {
        match self.lang() {
            "de" => d.format("%d.%m.%Y").to_string(),
            "sl" => d.format("%-d. %-m. %Y").to_string(),
            "en" if self.locale.ends_with("US") => d.format("%b %-d, %Y").to_string(),
            "en" => d.format("%-d %b %Y").to_string(),
            _ => d.to_string(),
        }
    }

    /// A month by name in the page's language (`March 2026`, `März 2026`, `marec 2026`), not
    /// the account's locale, so a sentence never mixes two languages.
    pub fn month(&self, m: billing::Month) -> String {
        month_name(m)
    }

    fn lang(&self) -> &str {
        self.locale.split(['-', '_']).next().unwrap_or("en")
    }
}

/// The language the page is rendered in (`en` outside a page, e.g. in tests).
fn page_language() -> crate::i18n::Locale {
    leptos::prelude::use_context::<leptos_i18n::I18nContext<crate::i18n::Locale>>()
        .map_or(crate::i18n::Locale::en, |i18n| i18n.get_locale_untracked())
}

/// A month's name and year in the page's language.
pub fn month_name(m: billing::Month) -> String {
    month_in(page_language(), m)
}

/// A month's name and year in `language`.
pub fn month_in(language: crate::i18n::Locale, m: billing::Month) -> String {
    month_styled(language, m, MonthStyle::Long)
}

#[derive(Clone, Copy)]
enum MonthStyle {
    Long,
    Short,
}

fn month_styled(language: crate::i18n::Locale, m: billing::Month, style: MonthStyle) -> String {
    use crate::i18n::Locale;
    const EN: [&str; 12] = [
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
    const DE: [&str; 12] = [
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
    const SL: [&str; 12] = [
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
    let first = m.first_day();
    let names = match language {
        Locale::en => EN,
        Locale::de => DE,
        Locale::sl => SL,
    };
    let name = names[first.month0() as usize];
    match style {
        MonthStyle::Long => format!("{name} {}", first.year()),
        // The name's first three letters and the year's last two: `Mar 26`, `Mär 26`, `mar 26`.
        MonthStyle::Short => {
            let abbr: String = name.chars().take(3).collect();
            format!("{abbr} {:02}", first.year() % 100)
        }
    }
}

/// A month for a chart's axis, short, in the page's language: `Mar 26`, `Mär 26`.
pub fn month_short(m: billing::Month) -> String {
    month_styled(page_language(), m, MonthStyle::Short)
}

/// `1 h 30 min`, `45 min`, `2 h`.
pub fn minutes(m: Minutes) -> String {
    m.human()
}

/// How an account's amounts and dates are written (its currency and locale).
pub trait AccountFmt {
    fn fmt(&self) -> Fmt;
}

impl AccountFmt for crate::model::AccountSummary {
    fn fmt(&self) -> Fmt {
        Fmt::new(&self.currency, &self.locale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn money_follows_the_locale() {
        // The examples.
        assert_eq!(Fmt::new("EUR", "de-DE").money(m("60")), "60,00\u{a0}€");
        assert_eq!(Fmt::new("USD", "en-US").money(m("99.99")), "$99.99");
        assert_eq!(Fmt::new("GBP", "en-GB").money(m("65")), "£65.00");
        // Grouping, signs, other currencies.
        assert_eq!(
            Fmt::new("EUR", "de-DE").money(m("1234.5")),
            "1.234,50\u{a0}€"
        );
        assert_eq!(Fmt::new("EUR", "en-IE").money(m("1234.5")), "€1,234.50");
        assert_eq!(Fmt::new("GBP", "en-GB").money(m("-144.00")), "−£144.00");
        assert_eq!(Fmt::new("CHF", "en-GB").money(m("0")), "CHF\u{a0}0.00");
        assert_eq!(Fmt::new("JPY", "en-US").money(m("100")), "¥100");
        assert_eq!(
            Fmt::new("EUR", "fr-FR").money(m("1234567.8")),
            "1\u{202f}234\u{202f}567,80\u{a0}€"
        );
        assert_eq!(Fmt::new("EUR", "xx").money(m("5")), "€5.00");
    }

    #[test]
    fn rates_keep_their_significant_decimals() {
        let r = |s: &str| Rate::parse(s).unwrap();
        assert_eq!(Fmt::new("EUR", "de-DE").rate(r("65.00")), "65,00\u{a0}€/h");
        assert_eq!(Fmt::new("GBP", "en-GB").rate(r("61.7500")), "£61.75/h");
        assert_eq!(Fmt::new("GBP", "en-GB").rate(r("61.7525")), "£61.7525/h");
    }

    #[test]
    fn dates_follow_the_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 6).unwrap();
        assert_eq!(Fmt::new("EUR", "de-DE").date(d), "06.03.2026");
        assert_eq!(Fmt::new("GBP", "en-GB").date(d), "6 Mar 2026");
        assert_eq!(Fmt::new("USD", "en-US").date(d), "Mar 6, 2026");
        assert_eq!(Fmt::new("EUR", "sl-SI").date(d), "6. 3. 2026");
        assert_eq!(Fmt::new("EUR", "xx").date(d), "2026-03-06");
    }

    #[test]
    fn months_are_named_in_the_pages_language() {
        let m: billing::Month = "2026-03".parse().unwrap();
        // Outside a page: English, whatever the account's locale.
        assert_eq!(Fmt::new("GBP", "en-GB").month(m), "March 2026");
        assert_eq!(Fmt::new("EUR", "de-DE").month(m), "March 2026");
        use crate::i18n::Locale;
        assert_eq!(month_in(Locale::de, m), "März 2026");
        assert_eq!(month_in(Locale::sl, m), "marec 2026");
        assert_eq!(month_styled(Locale::de, m, MonthStyle::Short), "Mär 26");
        assert_eq!(month_short(m), "Mar 26");
        assert_eq!(
            Fmt::new("EUR", "sl-SI").money(Money::parse("1234.5").unwrap()),
            "1.234,50\u{a0}€"
        );
    }

    #[test]
    fn minutes_read_as_hours() {
        assert_eq!(minutes(Minutes::new(45)), "45 min");
        assert_eq!(minutes(Minutes::new(120)), "2 h");
        assert_eq!(minutes(Minutes::new(90)), "1 h 30 min");
    }
}
