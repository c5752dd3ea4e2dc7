//! What an agency sells (POLICY §9 "Catalogs"): plans, pack tiers, rates, VAT, rollover terms.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Minutes, Money, Percent, Rate};

fn one() -> u32 {
    1
}
fn fourteen() -> u32 {
    14
}
fn three() -> u32 {
    3
}

/// One deployment's catalog and policy settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub currency: Currency,
    /// The VAT rate charged to accounts that are not reverse-charged.
    #[serde(default)]
    pub vat_rate: Percent,
    /// The rate of charged work outside any plan; default: the plan's overage rate (POLICY §3).
    #[serde(default)]
    pub standard_rate: Option<Rate>,
    #[serde(default)]
    pub plans: Vec<Plan>,
    #[serde(default)]
    pub pack_tiers: Vec<PackTier>,
    #[serde(default)]
    pub bulk_discount: Option<BulkDiscount>,
    /// Days before a pack's last valid day when its renewal window opens (POLICY §5).
    #[serde(default = "fourteen")]
    pub renewal_window_days: u32,
    /// Days after a pack's last valid day when its renewal window closes (POLICY §5).
    #[serde(default = "three")]
    pub grace_days: u32,
    /// Packs paid before this day never roll over (POLICY §5). None: the rule always applies.
    #[serde(default)]
    pub rollover_effective_from: Option<NaiveDate>,
    /// The marketplace's commission on developer payouts (POLICY §6).
    #[serde(default)]
    pub commission: Percent,
    /// Later VAT and standard rates, each from the 1st of a month, in date order (POLICY §9
    /// "Changing prices"): a rate change never reaches a month that has begun.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rate_changes: Vec<RatesFrom>,
}

/// Most dated rate changes a catalog keeps (ten years of monthly changes).
pub const MAX_RATE_CHANGES: usize = 120;

/// The VAT rate and standard rate in force from `from`, the 1st of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatesFrom {
    pub from: NaiveDate,
    pub vat_rate: Percent,
    #[serde(default)]
    pub standard_rate: Option<Rate>,
}

/// What a pack costs and promises, as the catalog sells it on the day it is ordered. The order
/// keeps a copy, so that a later catalog edit never re-prices an ordered pack (POLICY §9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackTerms {
    pub tier: PackTier,
    /// The hourly rate when the tier has none: the catalog's standard rate that day.
    #[serde(default)]
    pub standard_rate: Option<Rate>,
    #[serde(default)]
    pub bulk_discount: Option<BulkDiscount>,
    pub renewal_window_days: u32,
    pub grace_days: u32,
    /// The marketplace's commission on the pack's payout.
    #[serde(default)]
    pub commission: Percent,
}

impl Catalog {
    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// The bounds a catalog keeps (POLICY §10), so that no catalog can make a replay reach
    /// outside the calendar or overflow a count: windows and grace at most 366 days, validity
    /// and carryover at most 120 months, minute amounts as large as one grant at most,
    /// increments and minimums at most a day, ids and names one line of text, ids unique.
    pub fn check(&self) -> Result<(), String> {
        let days = |what: &str, n: u32| {
            (n <= 366)
                .then_some(())
                .ok_or(format!("{what} is {n} days; at most 366"))
        };
        let months = |what: &str, n: u32| {
            (1..=120)
                .contains(&n)
                .then_some(())
                .ok_or(format!("{what} is {n} months; 1 to 120"))
        };
        let minutes = |what: &str, m: Minutes| {
            (m.get() <= crate::money::MAX_GRANT_MINUTES)
                .then_some(())
                .ok_or(format!(
                    "{what} is {} minutes; at most {}",
                    m.get(),
                    crate::money::MAX_GRANT_MINUTES
                ))
        };
        let line = |what: &'static str, t: &str, max| {
            crate::events::check_line(what, t, max)
                .map(drop)
                .map_err(|e| e.to_string())
        };
        days("the renewal window", self.renewal_window_days)?;
        days("the grace period", self.grace_days)?;
        let mut ids = std::collections::HashSet::new();
        for plan in &self.plans {
            line("a plan's id", &plan.id, 100)?;
            line("a plan's name", &plan.name, 200)?;
            if !ids.insert(("plan", plan.id.as_str())) {
                return Err(format!("plan \"{}\" appears twice", plan.id));
            }
            if plan.rounding_increment_minutes > 1440 || plan.minimum_minutes > 1440 {
                return Err(format!(
                    "plan \"{}\": rounding and minimum are at most 1440 minutes",
                    plan.id
                ));
            }
            minutes("a plan's monthly minutes", plan.monthly_minutes())?;
            if let PlanTerms::Maintenance {
                carryover_cap_minutes,
                carryover_months,
                ..
            } = &plan.terms
            {
                if let Some(cap) = carryover_cap_minutes {
                    minutes("a carryover cap", *cap)?;
                }
                if let Some(n) = carryover_months {
                    months("a carryover", *n)?;
                }
            }
        }
        for tier in &self.pack_tiers {
            line("a tier's id", &tier.id, 100)?;
            line("a tier's name", &tier.name, 200)?;
            if !ids.insert(("tier", tier.id.as_str())) {
                return Err(format!("tier \"{}\" appears twice", tier.id));
            }
            if let Some(m) = tier.minutes {
                minutes("a tier's size", m)?;
            }
            if let Some(n) = tier.validity_months {
                months("a pack's validity", n)?;
            }
        }
        if let Some(b) = &self.bulk_discount {
            minutes("the bulk discount's threshold", b.min_minutes)?;
        }
        self.check_rate_changes()
    }

    pub fn tier(&self, id: &str) -> Option<&PackTier> {
        self.pack_tiers.iter().find(|t| t.id == id)
    }

    /// The VAT rate and standard rate in force on `on`: the last change from on or before it,
    /// else the catalog's own.
    pub fn rates_on(&self, on: NaiveDate) -> RatesFrom {
        let base = RatesFrom {
            from: NaiveDate::MIN,
            vat_rate: self.vat_rate,
            standard_rate: self.standard_rate,
        };
        self.rate_changes
            .iter()
            .rev()
            .find(|r| r.from <= on)
            .copied()
            .unwrap_or(base)
    }

    /// The terms a pack of `tier` is sold at on `on`.
    pub fn pack_terms(&self, tier: &str, on: NaiveDate) -> Option<PackTerms> {
        let tier = self.tier(tier)?.clone();
        Some(PackTerms {
            tier,
            standard_rate: self.rates_on(on).standard_rate,
            bulk_discount: self.bulk_discount,
            renewal_window_days: self.renewal_window_days,
            grace_days: self.grace_days,
            commission: self.commission,
        })
    }

    /// The dated rate changes are in date order, each from the 1st of a month.
    fn check_rate_changes(&self) -> Result<(), String> {
        if self.rate_changes.len() > MAX_RATE_CHANGES {
            return Err(format!(
                "{} dated rate changes; at most {MAX_RATE_CHANGES}",
                self.rate_changes.len()
            ));
        }
        for (i, r) in self.rate_changes.iter().enumerate() {
            if chrono::Datelike::day(&r.from) != 1 {
                return Err(format!("a rate change starts on {}, not on a 1st", r.from));
            }
            if i > 0 && self.rate_changes[i - 1].from >= r.from {
                return Err(format!("the rate change from {} is out of order", r.from));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeePeriod {
    Monthly,
    Annual,
}

/// A plan of the catalog: maintenance (fee + included minutes) or post-paid (plan rate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub terms: PlanTerms,
    /// Each entry's minutes are rounded up to a multiple of this (POLICY §1).
    #[serde(default = "one")]
    pub rounding_increment_minutes: u32,
    /// …and counted as at least this many.
    #[serde(default)]
    pub minimum_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanTerms {
    Maintenance {
        /// None: "by agreement" (never suggested as an upgrade, no fee line).
        fee: Option<Money>,
        #[serde(default = "monthly")]
        fee_period: FeePeriod,
        included_minutes: Minutes,
        overage_rate: Rate,
        /// Caps each new carryover lot.
        #[serde(default)]
        carryover_cap_minutes: Option<Minutes>,
        /// None: carryover is open-ended; N: it lasts to the end of the Nth following month.
        #[serde(default)]
        carryover_months: Option<u32>,
    },
    PostPaid {
        plan_rate: Rate,
        monthly_minutes: Minutes,
        overage_rate: Rate,
    },
}

fn monthly() -> FeePeriod {
    FeePeriod::Monthly
}

impl Plan {
    pub fn overage_rate(&self) -> Rate {
        match &self.terms {
            PlanTerms::Maintenance { overage_rate, .. }
            | PlanTerms::PostPaid { overage_rate, .. } => *overage_rate,
        }
    }

    pub fn is_maintenance(&self) -> bool {
        matches!(self.terms, PlanTerms::Maintenance { .. })
    }

    /// POLICY §1: `max(round_up(minutes, increment), minimum)`.
    pub fn counted_minutes(&self, minutes: Minutes) -> Minutes {
        minutes.counted(self.rounding_increment_minutes, self.minimum_minutes)
    }

    /// Included minutes per month (maintenance) or plan-rate minutes (post-paid).
    pub fn monthly_minutes(&self) -> Minutes {
        match &self.terms {
            PlanTerms::Maintenance {
                included_minutes, ..
            } => *included_minutes,
            PlanTerms::PostPaid {
                monthly_minutes, ..
            } => *monthly_minutes,
        }
    }
}

/// Who sells packs of a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seller {
    /// Marketplace packs: the client picks the developer whose pack it buys.
    Developer,
    /// The agency's hour blocks and pay-as-you-go hours: no seller.
    Agency,
}

/// A pack tier (POLICY §2, §9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackTier {
    pub id: String,
    pub name: String,
    /// Fixed size; None: the client chooses the hours (pay-as-you-go).
    #[serde(default)]
    pub minutes: Option<Minutes>,
    /// Hourly rate; None: the catalog's standard rate.
    #[serde(default)]
    pub rate: Option<Rate>,
    /// None: never expires (hour blocks, pay-as-you-go).
    #[serde(default)]
    pub validity_months: Option<u32>,
    pub seller: Seller,
}

/// "Buying N hours or more at once: P % off" (POLICY §9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkDiscount {
    pub min_minutes: Minutes,
    pub percent: Percent,
}
