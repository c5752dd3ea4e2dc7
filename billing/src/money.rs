//! Units of POLICY §1: whole minutes, exact money, hourly rates, percentages, currencies.
//!
//! Every type here parses rather than validates: once you hold a `Minutes` or a `Rate`, it is
//! within range. In JSON, money, rates and percentages travel as decimal strings; a JSON number
//! is refused so that no float ever touches an amount.
//!
//! `Minutes`, `Money` and `Rate` keep their fields private, and **every rounding rule of the
//! policy lives in this module** (see "Rounding rules" below): the rest of the crate can add
//! and compare amounts, but the only way to turn an arbitrary decimal into `Money` is one of
//! the named rules here, each rounding once, half away from zero.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ParseError;

/// Largest single work entry we accept: 24 hours. Anything above is a typo, not work.
pub const MAX_ENTRY_MINUTES: u32 = 24 * 60;
/// Largest quantity of minutes in any one grant (a pack, an allowance, an estimate): 10 000 h.
pub const MAX_GRANT_MINUTES: u32 = 600_000;
/// Largest amount we accept anywhere (per line or price): a guard against absurd input.
const MAX_AMOUNT: i64 = 1_000_000_000;

/// A number of whole minutes (POLICY §1). Never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct Minutes(u32);

impl Minutes {
    pub const ZERO: Minutes = Minutes(0);

    /// Minutes of one work entry, as people type time (`90`, `1:30`, `1h 30m`, `1,5 h`; see
    /// [`crate::duration`]): at least 1, at most [`MAX_ENTRY_MINUTES`].
    pub fn parse_entry(raw: &str) -> Result<Minutes, ParseError> {
        Self::entry(crate::duration::parse_duration(raw, "minutes")?.0)
    }

    /// An estimate or a grant typed by a person, like [`Minutes::parse_entry`]: at least 1, at
    /// most [`MAX_GRANT_MINUTES`].
    pub fn parse_grant(raw: &str, what: &'static str) -> Result<Minutes, ParseError> {
        Self::grant(crate::duration::parse_duration(raw, what)?.0)
    }

    /// As people read it: `45 min`, `2 h`, `1 h 30 min`.
    pub fn human(self) -> String {
        match (self.0 / 60, self.0 % 60) {
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        }
    }

    pub fn entry(n: u32) -> Result<Minutes, ParseError> {
        match n {
            0 => Err(ParseError::ZeroMinutes),
            n if n > MAX_ENTRY_MINUTES => Err(ParseError::TooManyMinutes {
                got: n,
                max: MAX_ENTRY_MINUTES,
            }),
            n => Ok(Minutes(n)),
        }
    }

    /// A grant or estimate: at least 1, at most [`MAX_GRANT_MINUTES`].
    pub fn grant(n: u32) -> Result<Minutes, ParseError> {
        match n {
            0 => Err(ParseError::ZeroMinutes),
            n if n > MAX_GRANT_MINUTES => Err(ParseError::TooManyMinutes {
                got: n,
                max: MAX_GRANT_MINUTES,
            }),
            n => Ok(Minutes(n)),
        }
    }

    /// A count of minutes the rules computed (sums, differences, shares of grants). Any
    /// whole count is a valid `Minutes`; the bounds apply where minutes come from outside
    /// ([`Minutes::entry`], [`Minutes::grant`], deserialising).
    pub const fn new(n: u32) -> Minutes {
        Minutes(n)
    }

    pub const fn get(self) -> u32 {
        self.0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn saturating_sub(self, other: Minutes) -> Minutes {
        Minutes(self.0.saturating_sub(other.0))
    }
}

impl std::ops::Add for Minutes {
    type Output = Minutes;
    fn add(self, o: Minutes) -> Minutes {
        Minutes(self.0 + o.0)
    }
}

impl std::ops::AddAssign for Minutes {
    fn add_assign(&mut self, o: Minutes) {
        self.0 += o.0;
    }
}

/// Panics (in debug builds) below zero, like `u32`: a negative count is a bug in the rules.
impl std::ops::Sub for Minutes {
    type Output = Minutes;
    fn sub(self, o: Minutes) -> Minutes {
        Minutes(self.0 - o.0)
    }
}

impl std::ops::SubAssign for Minutes {
    fn sub_assign(&mut self, o: Minutes) {
        self.0 -= o.0;
    }
}

impl std::iter::Sum for Minutes {
    fn sum<I: Iterator<Item = Minutes>>(iter: I) -> Minutes {
        iter.fold(Minutes::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl<'de> Deserialize<'de> for Minutes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = u32::deserialize(d)?;
        if n > MAX_GRANT_MINUTES {
            return Err(serde::de::Error::custom(ParseError::TooManyMinutes {
                got: n,
                max: MAX_GRANT_MINUTES,
            }));
        }
        Ok(Minutes(n))
    }
}

/// An ISO 4217 currency code we can invoice in, with its minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency {
    code: [u8; 3],
    minor_units: u32,
}

/// The currencies the product formats and rounds for. Adding one is one line.
const CURRENCIES: &[(&str, u32)] = &[
    ("EUR", 2),
    ("USD", 2),
    ("GBP", 2),
    ("CHF", 2),
    ("SEK", 2),
    ("NOK", 2),
    ("DKK", 2),
    ("PLN", 2),
    ("CZK", 2),
    ("CAD", 2),
    ("AUD", 2),
    ("JPY", 0),
];

impl Currency {
    pub fn parse(raw: &str) -> Result<Currency, ParseError> {
        let code = raw.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(c, minor)| {
                let b = c.as_bytes();
                Currency {
                    code: [b[0], b[1], b[2]],
                    minor_units: *minor,
                }
            })
            .ok_or_else(|| ParseError::UnknownCurrency(raw.chars().take(10).collect()))
    }

    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }

    /// Zero, printed with the minor unit.
    pub fn zero(&self) -> Money {
        self.round(Decimal::ZERO)
    }
}

impl TryFrom<String> for Currency {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

macro_rules! decimal_string_serde {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Strings only: a JSON number would have gone through a float.
                let s = String::deserialize(d)?;
                <$t>::from_str(&s).map_err(serde::de::Error::custom)
            }
        }
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }
    };
}

fn parse_decimal(raw: &str, what: &'static str) -> Result<Decimal, ParseError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ParseError::Missing(what.into()));
    }
    // Plain decimal notation only: no exponents, no thousands separators, no NaN.
    if !raw
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+')))
    {
        return Err(ParseError::NotADecimal {
            what: what.into(),
            got: raw.chars().take(40).collect(),
        });
    }
    let d = Decimal::from_str(raw).map_err(|_| ParseError::NotADecimal {
        what: what.into(),
        got: raw.chars().take(40).collect(),
    })?;
    if d.abs() > Decimal::from(MAX_AMOUNT) {
        return Err(ParseError::TooLarge(what.into()));
    }
    Ok(d)
}

/// An exact amount of money in the account's currency. Signed: credit notes are negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// A price or amount given by a person: at most 2 decimals (4 for JPY-less safety is not needed).
    pub fn parse(raw: &str) -> Result<Money, ParseError> {
        let d = parse_decimal(raw, "amount")?;
        if d.scale() > 2 && d.normalize().scale() > 2 {
            return Err(ParseError::TooManyDecimals {
                what: "amount".into(),
                max: 2,
            });
        }
        Ok(Money(d))
    }

    /// A non-negative price.
    pub fn parse_price(raw: &str) -> Result<Money, ParseError> {
        let m = Money::parse(raw)?;
        if m.is_negative() {
            return Err(ParseError::Negative("price".into()));
        }
        Ok(m)
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
}

impl FromStr for Money {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}

impl std::ops::Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

decimal_string_serde!(Money);

/// An hourly rate: non-negative, at most 4 decimals (POLICY §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rate(Decimal);

impl Rate {
    pub fn parse(raw: &str) -> Result<Rate, ParseError> {
        let d = parse_decimal(raw, "rate")?;
        if d.is_sign_negative() && !d.is_zero() {
            return Err(ParseError::Negative("rate".into()));
        }
        if d.normalize().scale() > 4 {
            return Err(ParseError::TooManyDecimals {
                what: "rate".into(),
                max: 4,
            });
        }
        Ok(Rate(d))
    }

    pub fn decimal(self) -> Decimal {
        self.0
    }
}

impl FromStr for Rate {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rate::parse(s)
    }
}

/// A rate travels with at least two decimals ("95.00", "76.00", "61.7500" stays as it is):
/// the same figure a person reads on the invoice.
impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut d = self.0;
        if d.scale() < 2 {
            d.rescale(2);
        }
        s.collect_str(&d)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Strings only: a JSON number would have gone through a float.
        let s = String::deserialize(d)?;
        Rate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A percentage between 0 and 100 (VAT, discounts, commission, markup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(pub Decimal);

impl Percent {
    pub const ZERO: Percent = Percent(Decimal::ZERO);

    pub fn parse(raw: &str) -> Result<Percent, ParseError> {
        let d = parse_decimal(raw, "percentage")?;
        if d.is_sign_negative() && !d.is_zero() {
            return Err(ParseError::Negative("percentage".into()));
        }
        if d > Decimal::ONE_HUNDRED {
            return Err(ParseError::TooLarge("percentage".into()));
        }
        if d.normalize().scale() > 4 {
            return Err(ParseError::TooManyDecimals {
                what: "percentage".into(),
                max: 4,
            });
        }
        Ok(Percent(d))
    }

    /// `amount × self / 100`, unrounded.
    pub fn of(self, amount: Decimal) -> Decimal {
        amount * self.0 / Decimal::ONE_HUNDRED
    }
}

impl FromStr for Percent {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Percent::parse(s)
    }
}

decimal_string_serde!(Percent);

/// A plain exact decimal carried in JSON as a string (conversion rates and the like).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec(pub Decimal);

impl FromStr for Dec {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let d = parse_decimal(s, "number")?;
        if d.is_sign_negative() && !d.is_zero() {
            return Err(ParseError::Negative("number".into()));
        }
        Ok(Dec(d))
    }
}

decimal_string_serde!(Dec);

// ---------------------------------------------------------------------------------------------
// Rounding rules (POLICY §1). Each rule rounds once, half away from zero, at the end of an
// exact computation; nothing else in the crate rounds.
// ---------------------------------------------------------------------------------------------

/// Decimals a rate keeps (POLICY §1).
const RATE_DECIMALS: u32 = 4;
/// Decimals hours are shown with (POLICY §1).
const HOURS_DECIMALS: u32 = 2;

fn half_away(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

impl Currency {
    /// Round once to the currency's minor unit, always printing it ("0.00", not "0").
    fn round(&self, amount: Decimal) -> Money {
        let mut d = half_away(amount, self.minor_units);
        d.rescale(self.minor_units);
        Money(d)
    }

    /// A line's amount: minutes × rate / 60 (POLICY §1).
    pub fn amount(&self, minutes: Minutes, rate: Rate) -> Money {
        self.round(Decimal::from(minutes.0) * rate.0 / Decimal::from(60))
    }

    /// VAT on the net of one rate on one document (POLICY §1: per rate, not per line).
    pub fn vat(&self, net: Money, rate: Percent) -> Money {
        self.round(rate.of(net.0))
    }

    /// A monthly fee for `days` of a month of `month_days` (POLICY §4: pro rata by day).
    pub fn prorated(&self, fee: Money, days: u32, month_days: u32) -> Money {
        assert!(days <= month_days && month_days > 0, "days of a month");
        self.round(fee.0 * Decimal::from(days) / Decimal::from(month_days))
    }

    /// `part` minutes of a pack of `whole` minutes sold for `price`: a refund of unused minutes
    /// (POLICY §4) or the gross of a payout (POLICY §6); see also [`Currency::payout`].
    pub fn share(&self, price: Money, part: Minutes, whole: Minutes) -> Money {
        self.round(exact_share(price, part, whole))
    }

    /// A developer's payout for `part` minutes of a pack (POLICY §6): gross and amount after
    /// commission are each rounded once from the exact share, and the commission is their
    /// difference, so `gross − commission = amount` always holds and the commission absorbs
    /// the rounding cent.
    pub fn payout(
        &self,
        price: Money,
        part: Minutes,
        whole: Minutes,
        commission: Percent,
    ) -> Payable {
        let share = exact_share(price, part, whole);
        let gross = self.round(share);
        let amount = self.round(share - commission.of(share));
        Payable {
            gross,
            commission: gross - amount,
            amount,
        }
    }

    /// A third-party cost re-invoiced: amount × conversion rate × (100 + markup) / 100
    /// (POLICY §4: converted, then marked up, then rounded once).
    pub fn reinvoiced(&self, amount: Money, conversion_rate: Dec, markup: Percent) -> Money {
        self.round(
            amount.0 * conversion_rate.0 * (Decimal::ONE_HUNDRED + markup.0) / Decimal::ONE_HUNDRED,
        )
    }
}

fn exact_share(price: Money, part: Minutes, whole: Minutes) -> Decimal {
    assert!(whole.0 > 0, "a pack has minutes");
    price.0 * Decimal::from(part.0) / Decimal::from(whole.0)
}

/// A payout's three figures; see [`Currency::payout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payable {
    pub gross: Money,
    pub commission: Money,
    pub amount: Money,
}

impl Rate {
    /// The rate after a percentage discount, applied to the rate first and kept to 4 decimals
    /// (POLICY §1: "a discount is applied to the rate first"; rates have up to 4 decimals).
    pub fn discounted(self, discount: Percent) -> Rate {
        let r = self.0 * (Decimal::ONE_HUNDRED - discount.0) / Decimal::ONE_HUNDRED;
        Rate(half_away(r, RATE_DECIMALS).normalize())
    }

    /// A pack's unit rate: its net price per hour, to 4 decimals (POLICY §2). Amounts never
    /// go through it: refunds and payouts use [`Currency::share`].
    pub fn per_hour(net: Money, minutes: Minutes) -> Rate {
        assert!(minutes.0 > 0, "a pack has minutes");
        let r = net.0 * Decimal::from(60) / Decimal::from(minutes.0);
        Rate(half_away(r, RATE_DECIMALS).normalize())
    }
}

impl Minutes {
    /// Hours as people read them: minutes / 60 with two decimals (POLICY §1).
    pub fn hours(self) -> Decimal {
        let mut h = half_away(Decimal::from(self.0) / Decimal::from(60), HOURS_DECIMALS);
        h.rescale(HOURS_DECIMALS);
        h
    }

    /// Minutes counted for an entry: rounded up to the increment, then at least the minimum
    /// (POLICY §1: `max(round_up(minutes, increment), minimum)`).
    pub fn counted(self, increment: u32, minimum: u32) -> Minutes {
        let inc = increment.max(1);
        Minutes((self.0.div_ceil(inc) * inc).max(minimum))
    }

    /// A monthly quantity for `days` of a month of `month_days`, rounded down to a whole
    /// minute (POLICY §4: a part month's allowance, a part month's plan-rate minutes).
    pub fn prorated(self, days: u32, month_days: u32) -> Minutes {
        assert!(days <= month_days && month_days > 0, "days of a month");
        Minutes((u64::from(self.0) * u64::from(days) / u64::from(month_days)) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_minutes_parse() {
        assert_eq!(Minutes::parse_entry("90"), Ok(Minutes(90)));
        assert_eq!(Minutes::parse_entry(" 1 "), Ok(Minutes(1)));
        assert_eq!(Minutes::parse_entry("0"), Err(ParseError::ZeroMinutes));
        assert_eq!(
            Minutes::parse_entry("-5"),
            Err(ParseError::Negative("minutes".into()))
        );
        assert_eq!(
            Minutes::parse_entry(""),
            Err(ParseError::Missing("minutes".into()))
        );
        assert!(matches!(
            Minutes::parse_entry("1441"),
            Err(ParseError::TooManyMinutes { got: 1441, .. })
        ));
        assert!(matches!(
            Minutes::parse_entry("1.5"),
            Err(ParseError::DecimalWithoutUnit { .. })
        ));
        assert_eq!(
            Minutes::parse_entry("99999999999999"),
            Err(ParseError::NotADuration("minutes".into()))
        );
        assert_eq!(Minutes::parse_entry("1:30"), Ok(Minutes(90)));
        assert_eq!(
            Minutes::parse_entry("25h").map_err(|e| e.to_string()),
            Err("that is 25 h, more than the 24 h allowed here".into())
        );
    }

    #[test]
    fn hours_have_two_decimals() {
        assert_eq!(Minutes(90).hours().to_string(), "1.50");
        assert_eq!(Minutes(7).hours().to_string(), "0.12");
        assert_eq!(Minutes(600).hours().to_string(), "10.00");
    }

    #[test]
    fn line_amount_rounds_once_half_away_from_zero() {
        let eur = Currency::parse("eur").unwrap();
        // 1 min at 50.00/h = 0.8333… → 0.83
        assert_eq!(
            eur.amount(Minutes(1), Rate::parse("50").unwrap())
                .0
                .to_string(),
            "0.83"
        );
        // 3 min at 0.10/h = 0.005 → 0.01 (half away from zero)
        assert_eq!(
            eur.amount(Minutes(3), Rate::parse("0.10").unwrap())
                .0
                .to_string(),
            "0.01"
        );
        assert_eq!(
            eur.amount(Minutes(120), Rate::parse("65.00").unwrap())
                .0
                .to_string(),
            "130.00"
        );
    }

    #[test]
    fn decimals_parse_strictly() {
        assert!(Money::parse("1e3").is_err());
        assert!(Money::parse("1,000.00").is_err());
        assert!(Money::parse("12.345").is_err());
        assert_eq!(Money::parse("12.340").unwrap().0.to_string(), "12.340");
        assert!(Rate::parse("-1").is_err());
        assert!(Rate::parse("95.12345").is_err());
        assert!(Percent::parse("101").is_err());
        assert!(Currency::parse("XYZ").is_err());
        assert!(Money::parse("99999999999").is_err());
    }

    #[test]
    fn discount_applies_to_rate_first() {
        let r = Rate::parse("80.00")
            .unwrap()
            .discounted(Percent::parse("5").unwrap());
        assert_eq!(r.0.to_string(), "76");
    }

    #[test]
    fn money_json_is_a_string_and_numbers_are_refused() {
        let m: Money = serde_json::from_str("\"12.50\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"12.50\"");
        assert!(serde_json::from_str::<Money>("12.5").is_err());
    }

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    fn money(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn pct(s: &str) -> Percent {
        Percent::parse(s).unwrap()
    }

    /// POLICY §6: gross and amount are each rounded once from the exact share; the commission
    /// is their difference and absorbs the cent.
    #[test]
    fn a_payout_adds_up_and_its_commission_absorbs_the_cent() {
        // 100 min of a 600-min pack sold for 650.00: share 108.3333…, 15 % commission.
        let p = eur().payout(money("650.00"), Minutes(100), Minutes(600), pct("15"));
        assert_eq!(p.gross.to_string(), "108.33");
        assert_eq!(p.amount.to_string(), "92.08"); // 108.3333… × 0.85 = 92.0833…
        assert_eq!(p.commission.to_string(), "16.25"); // 108.33 − 92.08
        assert_eq!(p.gross - p.commission, p.amount);
        // Where the commission rounded on its own would break the sum: a share of 0.125 at
        // 50 % is gross 0.13 and amount 0.06 (0.0625); the commission is 0.07, not 0.06.
        let p = eur().payout(money("0.25"), Minutes(30), Minutes(60), pct("50"));
        assert_eq!(
            (
                p.gross.to_string(),
                p.commission.to_string(),
                p.amount.to_string()
            ),
            ("0.13".into(), "0.07".into(), "0.06".into())
        );
        let none = eur().payout(money("650.00"), Minutes(600), Minutes(600), Percent::ZERO);
        assert_eq!(
            (none.gross, none.commission.to_string()),
            (money("650.00"), "0.00".into())
        );
    }

    /// POLICY §1: VAT per rate on the net of that rate, rounded once.
    #[test]
    fn vat_is_rounded_once_on_the_net() {
        assert_eq!(eur().vat(money("0.05"), pct("22")).to_string(), "0.01"); // 0.011
        assert_eq!(eur().vat(money("102.50"), pct("22")).to_string(), "22.55");
        assert_eq!(eur().vat(money("-12.50"), pct("20")).to_string(), "-2.50");
        assert_eq!(eur().vat(money("10.00"), Percent::ZERO).to_string(), "0.00");
    }

    /// POLICY §4: fee and minutes of a part month, money half away from zero, minutes down.
    #[test]
    fn part_months_prorate_money_half_away_and_minutes_down() {
        // 12 of 31 days of 450.00 = 174.1935… → 174.19; of 600 min = 232.25 → 232.
        assert_eq!(
            eur().prorated(money("450.00"), 12, 31).to_string(),
            "174.19"
        );
        assert_eq!(Minutes(600).prorated(12, 31), Minutes(232));
        assert_eq!(
            eur().prorated(money("450.00"), 31, 31).to_string(),
            "450.00"
        );
        assert_eq!(Minutes(600).prorated(0, 30), Minutes(0));
    }

    /// POLICY §4 (refunds) and §2 (unit rates): a share of a pack's price is computed from the
    /// price, never from a rounded unit rate.
    #[test]
    fn a_share_comes_from_the_price_not_the_rounded_unit_rate() {
        // 130 min of a 600 min pack sold for 650.00: 140.8333… → 140.83.
        assert_eq!(
            eur()
                .share(money("650.00"), Minutes(130), Minutes(600))
                .to_string(),
            "140.83"
        );
        // 7 min for 10.00: 85.714285…/h, kept to 4 decimals; 1 min of it is still a seventh
        // of the price (1.43), not 85.7143 / 60 rounded.
        assert_eq!(
            Rate::per_hour(money("10.00"), Minutes(7)).to_string(),
            "85.7143"
        );
        assert_eq!(
            eur()
                .share(money("10.00"), Minutes(1), Minutes(7))
                .to_string(),
            "1.43"
        );
        assert_eq!(
            Rate::per_hour(money("650.00"), Minutes(600)).to_string(),
            "65"
        );
    }

    /// POLICY §4: a re-invoiced cost is converted, marked up, then rounded once.
    #[test]
    fn a_cost_is_converted_marked_up_and_rounded_once() {
        let rate: Dec = "0.9213".parse().unwrap();
        // 49.99 × 0.9213 × 1.10 = 50.6614… → 50.66
        assert_eq!(
            eur()
                .reinvoiced(money("49.99"), rate, pct("10"))
                .to_string(),
            "50.66"
        );
        let one: Dec = "1".parse().unwrap();
        assert_eq!(
            eur()
                .reinvoiced(money("20"), one, Percent::ZERO)
                .to_string(),
            "20.00"
        );
    }

    /// POLICY §1: rounded up to the increment, then at least the minimum.
    #[test]
    fn work_counts_in_increments_with_a_minimum() {
        assert_eq!(Minutes(7).counted(15, 0), Minutes(15));
        assert_eq!(Minutes(15).counted(15, 0), Minutes(15));
        assert_eq!(Minutes(16).counted(15, 0), Minutes(30));
        assert_eq!(Minutes(5).counted(1, 30), Minutes(30));
        assert_eq!(Minutes(5).counted(0, 0), Minutes(5));
    }
}
