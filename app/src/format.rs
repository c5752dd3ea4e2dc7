//! How numbers look on screen: money in the account's currency and locale ("60,00 €" for
//! de-DE, "£65.00" for en-GB, "$99.99" for en-US), minutes as hours and minutes. Formatting
//! only: every figure comes from the billing crate already rounded.

use billing::{Minutes, Money, Rate};
use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};

/// An account's currency and locale: what every amount on its pages is formatted with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fmt {
    pub currency: String,
    /// BCP 47, e.g. `de-DE`, `en-GB`. Unknown languages read like English.
    pub locale: String,
}

impl Fmt {
    pub fn new(currency: impl Into<String>, locale: impl Into<String>) -> Fmt {
        Fmt {
            currency: currency.into(),
            locale: locale.into(),
        }
    }

    /// `1.234,50 €`, `£1,234.50`, `−$12.00`, `CHF 10.00` (`api::format::money`).
    pub fn money(&self, amount: Money) -> String {
        api::format::money(&self.currency, &self.locale, amount)
    }

    /// An hourly rate: `65,00 €/h` (`api::format::rate`).
    pub fn rate(&self, rate: Rate) -> String {
        api::format::rate(&self.currency, &self.locale, rate)
    }

    /// Dates as the locale writes them (`api::format::date`).
    pub fn date(&self, d: NaiveDate) -> String {
        api::format::date(&self.locale, d)
    }

    /// A month by name in the page's language (`March 2026`, `März 2026`, `marec 2026`), not
    /// the account's locale, so a sentence never mixes two languages.
    pub fn month(&self, m: billing::Month) -> String {
        month_name(m)
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
    let first = m.first_day();
    let lang = match language {
        Locale::en => "en",
        Locale::de => "de",
        Locale::sl => "sl",
    };
    let name = api::format::month_names(lang)[first.month0() as usize];
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
