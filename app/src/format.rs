//! How numbers look on screen: money with its currency, minutes as hours and minutes.

use billing::{Minutes, Money};

/// `€ 1,234.50`-style amounts with the currency's symbol where we have one, else its code.
pub fn money(amount: Money, currency: &str) -> String {
    let decimals = if currency == "JPY" { 0 } else { 2 };
    let raw = format!("{:.*}", decimals, amount.0.abs());
    let (int, frac) = raw.split_once('.').unwrap_or((raw.as_str(), ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount.0.is_sign_negative() && !amount.0.is_zero() {
        "−"
    } else {
        ""
    };
    let symbol = match currency {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => other,
    };
    if frac.is_empty() {
        format!("{sign}{symbol} {grouped}")
    } else {
        format!("{sign}{symbol} {grouped}.{frac}")
    }
}

/// `1 h 30 min`, `45 min`, `2 h`.
pub fn minutes(m: Minutes) -> String {
    let (h, min) = (m.0 / 60, m.0 % 60);
    match (h, min) {
        (0, min) => format!("{min} min"),
        (h, 0) => format!("{h} h"),
        (h, min) => format!("{h} h {min} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn money_is_grouped_and_signed() {
        let m = |s: &str| Money(Decimal::from_str(s).unwrap());
        assert_eq!(money(m("1234.5"), "EUR"), "€ 1,234.50");
        assert_eq!(money(m("25"), "EUR"), "€ 25.00");
        assert_eq!(money(m("-144.00"), "GBP"), "−£ 144.00");
        assert_eq!(money(m("0"), "CHF"), "CHF 0.00");
        assert_eq!(money(m("100"), "JPY"), "JPY 100");
    }

    #[test]
    fn minutes_read_as_hours() {
        assert_eq!(minutes(Minutes(45)), "45 min");
        assert_eq!(minutes(Minutes(120)), "2 h");
        assert_eq!(minutes(Minutes(90)), "1 h 30 min");
    }
}
