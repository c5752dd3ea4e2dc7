//! The catalog page's forms (POLICY §9 "Changing prices"): each parses its raw fields into one
//! change of a catalog, with a field error per bad field, and [`Catalog::edited`] applies it.
//! The browser checks a form with the same functions before it is sent.
//!
//! What an edit reaches: plans, pack tiers, the bulk discount, the renewal window, grace days
//! and commission apply to what is bought from the moment they are saved (events keep the
//! terms they were agreed at); VAT and standard rates change from the 1st of a later month.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalog::{
    BulkDiscount, Catalog, FeePeriod, PackTier, Plan, PlanTerms, RatesFrom, Seller,
};
use crate::dates::Month;
use crate::error::{ParseError, RuleViolation};
use crate::events::{FieldError, check_line};
use crate::money::{MAX_GRANT_MINUTES, Minutes, Money, Percent, Rate};

/// Largest fixed pack and bulk-discount threshold, in hours (as an order's hours).
pub const MAX_PACK_HOURS: u32 = 1000;
/// Longest validity and carryover, in months.
pub const MAX_MONTHS: u32 = 120;
/// Longest renewal window and grace period, in days.
pub const MAX_WINDOW_DAYS: u32 = 366;
/// Largest rounding increment and minimum, in minutes (a day).
pub const MAX_ROUNDING_MINUTES: u32 = 1440;

/// A pack tier, added or replaced by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierForm {
    pub id: String,
    pub name: String,
    /// Whole hours; empty: the client chooses the hours.
    pub hours: String,
    /// Hourly rate; empty: the standard rate.
    pub rate: String,
    /// Months; empty: never expires.
    pub validity_months: String,
    /// `developer` or `agency`.
    pub seller: String,
}

/// A plan, added or replaced by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanForm {
    pub id: String,
    pub name: String,
    /// `maintenance` or `post_paid`.
    pub kind: String,
    /// Maintenance: the fee; empty: by agreement.
    pub fee: String,
    /// Maintenance: `monthly` or `annual`.
    pub fee_period: String,
    /// Included (maintenance) or plan-rate (post-paid) time per month, as people write it.
    pub included: String,
    /// Post-paid: the plan rate.
    pub plan_rate: String,
    pub overage_rate: String,
    /// Minutes; empty: 1.
    pub rounding: String,
    /// Minutes; empty: 0.
    pub minimum: String,
    /// Maintenance: the cap on each carryover; empty: none.
    pub carryover_cap: String,
    /// Maintenance: months a carryover lasts; empty: open-ended.
    pub carryover_months: String,
}

/// The terms every pack sold from now on carries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackTermsForm {
    /// Whole hours from which the bulk discount applies; empty: no bulk discount.
    pub bulk_hours: String,
    pub bulk_percent: String,
    pub renewal_window_days: String,
    pub grace_days: String,
    pub commission: String,
}

/// VAT and standard rate from the 1st of a later month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatesForm {
    /// `YYYY-MM`.
    pub from: String,
    pub vat_rate: String,
    /// Empty: none (charged work then needs a plan's overage rate).
    pub standard_rate: String,
}

/// One change of a catalog, as the catalog page sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum CatalogEdit {
    Tier(TierForm),
    RemoveTier { id: String },
    Plan(PlanForm),
    RemovePlan { id: String },
    PackTerms(PackTermsForm),
    Rates(RatesForm),
}

/// Collects the first error of each field.
#[derive(Default)]
pub(crate) struct Fields(Vec<FieldError>);

impl Fields {
    pub(crate) fn take<T>(
        &mut self,
        field: &str,
        r: Result<T, impl Into<crate::events::Reason>>,
    ) -> Option<T> {
        r.map_err(|e| self.0.push(FieldError::new(field, e))).ok()
    }

    pub(crate) fn done<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(self.0),
        }
    }
}

pub(crate) fn optional(raw: &str) -> Option<&str> {
    Some(raw.trim()).filter(|t| !t.is_empty())
}

/// A whole number from `min` to `max`.
fn whole(raw: &str, what: &'static str, min: u32, max: u32) -> Result<u32, ParseError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ParseError::Missing(what.into()));
    }
    t.parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or(ParseError::OutOfRange { min, max })
}

fn optional_whole(
    raw: &str,
    what: &'static str,
    min: u32,
    max: u32,
) -> Result<Option<u32>, ParseError> {
    optional(raw).map(|t| whole(t, what, min, max)).transpose()
}

/// An id: 1 to 64 letters, digits, `-` or `_`.
pub fn parse_catalog_id(raw: &str) -> Result<String, ParseError> {
    let t = raw.trim();
    let ok = (1..=64).contains(&t.len())
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    ok.then(|| t.to_string()).ok_or(ParseError::BadIdChars)
}

fn name(raw: &str) -> Result<String, ParseError> {
    let t = check_line("the name", raw, 200)?;
    if t.is_empty() {
        return Err(ParseError::Missing("the name".into()));
    }
    Ok(t.to_string())
}

/// A time per month or a cap, as people write it, up to one grant.
fn monthly_minutes(raw: &str, what: &'static str) -> Result<Minutes, ParseError> {
    let m = crate::duration::parse_duration(raw, what)?;
    if m.get() > MAX_GRANT_MINUTES {
        return Err(ParseError::TooManyMinutes {
            got: m.get(),
            max: MAX_GRANT_MINUTES,
        });
    }
    Ok(m)
}

impl TierForm {
    pub fn parse(&self) -> Result<PackTier, Vec<FieldError>> {
        let mut f = Fields::default();
        let id = f.take("id", parse_catalog_id(&self.id));
        let name = f.take("name", name(&self.name));
        let hours = f.take(
            "hours",
            optional_whole(&self.hours, "the hours", 1, MAX_PACK_HOURS),
        );
        let rate = f.take("rate", optional(&self.rate).map(Rate::parse).transpose());
        let validity = f.take(
            "validity_months",
            optional_whole(&self.validity_months, "the validity", 1, MAX_MONTHS),
        );
        let seller = f.take(
            "seller",
            match self.seller.trim() {
                "developer" => Ok(Seller::Developer),
                "agency" => Ok(Seller::Agency),
                _ => Err(ParseError::Missing("the seller".into())),
            },
        );
        let tier = (|| {
            Some(PackTier {
                id: id?,
                name: name?,
                minutes: hours?.map(|h| Minutes::new(h * 60)),
                rate: rate?,
                validity_months: validity?,
                seller: seller?,
            })
        })();
        f.done(tier)
    }
}

impl PlanForm {
    pub fn parse(&self) -> Result<Plan, Vec<FieldError>> {
        let mut f = Fields::default();
        let id = f.take("id", parse_catalog_id(&self.id));
        let name = f.take("name", name(&self.name));
        let included = f.take(
            "included",
            monthly_minutes(&self.included, "the time per month"),
        );
        let overage = f.take("overage_rate", Rate::parse(&self.overage_rate));
        let rounding = f.take(
            "rounding",
            optional_whole(&self.rounding, "the rounding", 1, MAX_ROUNDING_MINUTES),
        );
        let minimum = f.take(
            "minimum",
            optional_whole(&self.minimum, "the minimum", 0, MAX_ROUNDING_MINUTES),
        );
        let terms = match self.kind.trim() {
            "maintenance" => self.maintenance(&mut f, included, overage),
            "post_paid" => {
                let rate = f.take("plan_rate", Rate::parse(&self.plan_rate));
                (|| {
                    Some(PlanTerms::PostPaid {
                        plan_rate: rate?,
                        monthly_minutes: included?,
                        overage_rate: overage?,
                    })
                })()
            }
            _ => f.take("kind", Err(ParseError::Missing("the kind of plan".into()))),
        };
        let plan = (|| {
            Some(Plan {
                id: id?,
                name: name?,
                terms: terms?,
                rounding_increment_minutes: rounding?.unwrap_or(1),
                minimum_minutes: minimum?.unwrap_or(0),
            })
        })();
        f.done(plan)
    }

    fn maintenance(
        &self,
        f: &mut Fields,
        included: Option<Minutes>,
        overage: Option<Rate>,
    ) -> Option<PlanTerms> {
        let fee = f.take(
            "fee",
            optional(&self.fee).map(Money::parse_price).transpose(),
        );
        let period = f.take(
            "fee_period",
            match self.fee_period.trim() {
                "monthly" | "" => Ok(FeePeriod::Monthly),
                "annual" => Ok(FeePeriod::Annual),
                _ => Err(ParseError::Missing("the fee period".into())),
            },
        );
        let cap = f.take(
            "carryover_cap",
            optional(&self.carryover_cap)
                .map(|t| monthly_minutes(t, "the carryover cap"))
                .transpose(),
        );
        let months = f.take(
            "carryover_months",
            optional_whole(&self.carryover_months, "the carryover", 1, MAX_MONTHS),
        );
        Some(PlanTerms::Maintenance {
            fee: fee?,
            fee_period: period?,
            included_minutes: included?,
            overage_rate: overage?,
            carryover_cap_minutes: cap?,
            carryover_months: months?,
        })
    }
}

/// What [`PackTermsForm`] sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackTermsChange {
    pub bulk_discount: Option<BulkDiscount>,
    pub renewal_window_days: u32,
    pub grace_days: u32,
    pub commission: Percent,
}

impl PackTermsForm {
    pub fn parse(&self) -> Result<PackTermsChange, Vec<FieldError>> {
        let mut f = Fields::default();
        let hours = f.take(
            "bulk_hours",
            optional_whole(&self.bulk_hours, "the hours", 1, MAX_PACK_HOURS),
        );
        let percent = match hours {
            Some(Some(_)) => f
                .take("bulk_percent", Percent::parse(&self.bulk_percent))
                .map(Some),
            _ => Some(None),
        };
        let window = f.take(
            "renewal_window_days",
            whole(
                &self.renewal_window_days,
                "the renewal window",
                0,
                MAX_WINDOW_DAYS,
            ),
        );
        let grace = f.take(
            "grace_days",
            whole(&self.grace_days, "the grace days", 0, MAX_WINDOW_DAYS),
        );
        let commission = f.take(
            "commission",
            optional(&self.commission).map_or(Ok(Percent::ZERO), Percent::parse),
        );
        let change = (|| {
            let bulk = hours?.zip(percent?).map(|(h, p)| BulkDiscount {
                min_minutes: Minutes::new(h * 60),
                percent: p,
            });
            Some(PackTermsChange {
                bulk_discount: bulk,
                renewal_window_days: window?,
                grace_days: grace?,
                commission: commission?,
            })
        })();
        f.done(change)
    }
}

impl RatesForm {
    /// Rates change from the 1st of a month after `today`'s.
    pub fn parse(&self, today: NaiveDate) -> Result<RatesFrom, Vec<FieldError>> {
        let mut f = Fields::default();
        let first = Month::of(today).next();
        let from = f
            .take("from", self.from.trim().parse::<Month>())
            .and_then(|m| {
                let later = (m >= first)
                    .then_some(m)
                    .ok_or(RuleViolation::RatesFromTooEarly {
                        first: first.first_day().to_string(),
                    });
                f.take("from", later)
            });
        let vat = f.take("vat_rate", Percent::parse(&self.vat_rate));
        let standard = f.take(
            "standard_rate",
            optional(&self.standard_rate).map(Rate::parse).transpose(),
        );
        let rates = (|| {
            Some(RatesFrom {
                from: from?.first_day(),
                vat_rate: vat?,
                standard_rate: standard?,
            })
        })();
        f.done(rates)
    }
}

impl Catalog {
    /// This catalog with `edit` applied on `today`, checked (POLICY §10 bounds). A removed
    /// tier or plan must exist.
    pub fn edited(&self, edit: &CatalogEdit, today: NaiveDate) -> Result<Catalog, Vec<FieldError>> {
        let mut c = self.clone();
        match edit {
            CatalogEdit::Tier(form) => {
                let tier = form.parse()?;
                match c.pack_tiers.iter_mut().find(|t| t.id == tier.id) {
                    Some(t) => *t = tier,
                    None => c.pack_tiers.push(tier),
                }
            }
            CatalogEdit::RemoveTier { id } => {
                let before = c.pack_tiers.len();
                c.pack_tiers.retain(|t| t.id != *id);
                if c.pack_tiers.len() == before {
                    return Err(vec![FieldError::new(
                        "id",
                        RuleViolation::UnknownTier(id.clone()),
                    )]);
                }
            }
            CatalogEdit::Plan(form) => {
                let plan = form.parse()?;
                match c.plans.iter_mut().find(|p| p.id == plan.id) {
                    Some(p) => *p = plan,
                    None => c.plans.push(plan),
                }
            }
            CatalogEdit::RemovePlan { id } => {
                let before = c.plans.len();
                c.plans.retain(|p| p.id != *id);
                if c.plans.len() == before {
                    return Err(vec![FieldError::new(
                        "id",
                        RuleViolation::UnknownPlan(id.clone()),
                    )]);
                }
            }
            CatalogEdit::PackTerms(form) => {
                let t = form.parse()?;
                c.bulk_discount = t.bulk_discount;
                c.renewal_window_days = t.renewal_window_days;
                c.grace_days = t.grace_days;
                c.commission = t.commission;
            }
            CatalogEdit::Rates(form) => {
                let r = form.parse(today)?;
                c.rate_changes.retain(|x| x.from != r.from);
                let at = c.rate_changes.partition_point(|x| x.from < r.from);
                c.rate_changes.insert(at, r);
            }
        }
        c.check()
            .map_err(|e| vec![FieldError::new("catalog", RuleViolation::BadCatalog(e))])?;
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn catalog() -> Catalog {
        serde_json::from_value(serde_json::json!({
            "currency": "USD",
            "standard_rate": "95.00",
            "pack_tiers": [{"id": "10h", "name": "10 hours", "minutes": 600, "rate": "95.00",
                            "validity_months": 3, "seller": "developer"}],
        }))
        .unwrap()
    }

    fn fields(e: Vec<FieldError>) -> Vec<String> {
        e.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_tier_is_replaced_by_its_id_or_added() {
        let form = TierForm {
            id: "10h".into(),
            name: "10 hours".into(),
            hours: "10".into(),
            rate: "99.50".into(),
            validity_months: "3".into(),
            seller: "developer".into(),
        };
        let c = catalog()
            .edited(&CatalogEdit::Tier(form.clone()), day("2026-03-18"))
            .unwrap();
        assert_eq!(c.pack_tiers.len(), 1);
        assert_eq!(
            c.tier("10h").unwrap().rate,
            Some(Rate::parse("99.50").unwrap())
        );
        let new = TierForm {
            id: "payg".into(),
            hours: String::new(),
            rate: String::new(),
            validity_months: String::new(),
            seller: "agency".into(),
            ..form
        };
        let c = c
            .edited(&CatalogEdit::Tier(new), day("2026-03-18"))
            .unwrap();
        let payg = c.tier("payg").unwrap();
        assert_eq!(
            (payg.minutes, payg.rate, payg.validity_months),
            (None, None, None)
        );
    }

    #[test]
    fn every_bad_field_is_named_and_nothing_changes() {
        let form = TierForm {
            id: "ten hours!".into(),
            name: " ".into(),
            hours: "0".into(),
            rate: "-5".into(),
            validity_months: "121".into(),
            seller: "someone".into(),
        };
        let e = catalog()
            .edited(&CatalogEdit::Tier(form), day("2026-03-18"))
            .unwrap_err();
        assert_eq!(
            fields(e),
            ["id", "name", "hours", "rate", "validity_months", "seller"]
        );
    }

    #[test]
    fn rates_change_only_from_a_later_month() {
        let form = |from: &str| {
            CatalogEdit::Rates(RatesForm {
                from: from.into(),
                vat_rate: "25".into(),
                standard_rate: "99".into(),
            })
        };
        let e = catalog()
            .edited(&form("2026-03"), day("2026-03-18"))
            .unwrap_err();
        assert_eq!(
            e[0].reason,
            RuleViolation::RatesFromTooEarly {
                first: "2026-04-01".into()
            }
            .into()
        );
        let c = catalog()
            .edited(&form("2026-04"), day("2026-03-18"))
            .unwrap();
        assert_eq!(c.rates_on(day("2026-03-31")).vat_rate, Percent::ZERO);
        assert_eq!(
            c.rates_on(day("2026-04-01")).vat_rate,
            Percent::parse("25").unwrap()
        );
        // The same month again replaces it; an earlier one goes before it.
        let c = c.edited(&form("2026-04"), day("2026-03-18")).unwrap();
        let c = c.edited(&form("2026-05"), day("2026-03-18")).unwrap();
        assert_eq!(c.rate_changes.len(), 2);
        assert!(c.check().is_ok());
    }

    #[test]
    fn a_plan_parses_with_time_as_people_write_it() {
        let form = PlanForm {
            id: "L".into(),
            name: "L".into(),
            kind: "maintenance".into(),
            fee: "100.00".into(),
            fee_period: "monthly".into(),
            included: "2 h".into(),
            overage_rate: "50".into(),
            rounding: "15".into(),
            ..PlanForm::default()
        };
        let plan = form.parse().unwrap();
        assert_eq!(plan.monthly_minutes(), Minutes::new(120));
        assert_eq!(plan.rounding_increment_minutes, 15);
        let e = PlanForm {
            kind: "post_paid".into(),
            ..form
        }
        .parse()
        .unwrap_err();
        assert_eq!(fields(e), ["plan_rate"]);
    }

    #[test]
    fn removing_what_is_not_there_is_refused() {
        let e = catalog()
            .edited(
                &CatalogEdit::RemovePlan { id: "M".into() },
                day("2026-03-18"),
            )
            .unwrap_err();
        assert_eq!(e[0].reason, RuleViolation::UnknownPlan("M".into()).into());
    }
}
