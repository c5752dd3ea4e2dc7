//! Service-level figures (issue #15): how fast the agency answered and resolved an account's
//! helpdesk tickets, in business hours, against the targets its plan promises.
//!
//! - A ticket's **response** time is the business time from its creation to its first
//!   response; its **resolution** time, from creation to resolution ([`Calendar::between`]).
//! - Its **targets** are its plan's (the plan in force in the month it was created; accounts
//!   without a plan have targets of their own), each replaced by its priority's where that
//!   priority states one ("urgent": 4 h response, whatever the plan).
//! - A ticket **breaches** a target when its time is over it — or, not answered (resolved) yet,
//!   when the business time since its creation is already over it.
//! - Per period: how many tickets were created, the average and the 90th percentile of the
//!   times measured so far (average rounded to the nearest minute, halves up; the percentile
//!   by nearest rank: the smallest time that at least 90 % of the tickets are within), and the
//!   breaches. Tickets belong to the month of their creation on the calendar's local clock.
//!
//! Pure: the settings, the tickets and "now" are inputs.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::business_hours::{Calendar, CalendarError};
use crate::dates::Month;
use crate::error::ParseError;
use crate::money::Minutes;

/// The most plans and priorities that state targets (each a row of the settings form).
pub const MAX_TARGET_ROWS: usize = 50;

/// The longest target: 1 000 business hours.
pub const MAX_TARGET_MINUTES: u32 = 60_000;

/// A response and a resolution target in business minutes; None: no target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    #[serde(default)]
    pub response: Option<Minutes>,
    #[serde(default)]
    pub resolution: Option<Minutes>,
}

impl Targets {
    /// `self`, with each target `over` states replacing this one.
    fn overridden_by(self, over: Targets) -> Targets {
        Targets {
            response: over.response.or(self.response),
            resolution: over.resolution.or(self.resolution),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.response.is_none() && self.resolution.is_none()
    }
}

/// A target as typed: blank is none; a bare whole number is hours (`4` → 4 h); otherwise a
/// duration as time is typed everywhere (`4 h`, `1:30`, `90 min`), up to 1 000 hours.
pub fn parse_target(raw: &str, what: &'static str) -> Result<Option<Minutes>, ParseError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let minutes = match text.parse::<u32>() {
        Ok(hours) if hours <= MAX_TARGET_MINUTES / 60 => hours * 60,
        Ok(_) => MAX_TARGET_MINUTES + 1,
        Err(_) => crate::duration::parse_duration(text, what)?.get(),
    };
    match minutes {
        0 => Err(ParseError::ZeroMinutes),
        m if m > MAX_TARGET_MINUTES => Err(ParseError::TooManyMinutes {
            got: m,
            max: MAX_TARGET_MINUTES,
        }),
        m => Ok(Some(Minutes::new(m))),
    }
}

/// A business calendar as stored and as a form shows it; [`Calendar::new`] checks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSpec {
    /// Monday first.
    pub days: [bool; 7],
    /// "HH:MM" on the local clock.
    pub opens: String,
    pub closes: String,
    /// An IANA time zone name.
    pub zone: String,
    pub holidays: Vec<NaiveDate>,
}

impl CalendarSpec {
    pub fn calendar(&self) -> Result<Calendar, CalendarError> {
        Calendar::new(
            self.days,
            &self.opens,
            &self.closes,
            &self.zone,
            self.holidays.iter().copied(),
        )
    }
}

/// The deployment's service levels: its business calendar and the targets by plan and by
/// priority. Plan ids and priorities are kept lower-case; a ticket's priority matches
/// whatever its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaSettings {
    pub calendar: CalendarSpec,
    /// By plan id.
    #[serde(default)]
    pub plans: BTreeMap<String, Targets>,
    /// Months an account has no plan (prepaid packs, pay as you go).
    #[serde(default)]
    pub without_plan: Targets,
    /// By priority: replaces the plan's target for tickets of that priority.
    #[serde(default)]
    pub priorities: BTreeMap<String, Targets>,
}

/// [`SlaSettings`] with its calendar checked: what figures are computed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaPolicy {
    calendar: Calendar,
    settings: SlaSettings,
}

/// A ticket's times, as the figures need them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub priority: Option<String>,
    pub created: DateTime<Utc>,
    pub first_response: Option<DateTime<Utc>>,
    pub resolved: Option<DateTime<Utc>>,
}

/// One measure (response or resolution) over a period's tickets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// Tickets with this time recorded.
    pub measured: u32,
    /// Their average, in business minutes (None: none measured).
    pub average: Option<Minutes>,
    /// Their 90th percentile (nearest rank).
    pub p90: Option<Minutes>,
    /// Tickets over their target, measured or still waiting.
    pub breaches: u32,
}

/// A period's figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Tickets created in the period.
    pub tickets: u32,
    pub response: Measure,
    pub resolution: Measure,
}

/// One month's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    pub month: Month,
    /// The targets of the month's plan (for tickets without an overriding priority).
    pub targets: Targets,
    #[serde(flatten)]
    pub figures: Figures,
}

/// The average, rounded to the nearest minute (halves up). The one rounding rule of SLA figures.
fn average(values: &[u32]) -> Option<Minutes> {
    let n = u64::try_from(values.len()).ok().filter(|n| *n > 0)?;
    let sum: u64 = values.iter().map(|v| u64::from(*v)).sum();
    u32::try_from((2 * sum + n) / (2 * n))
        .ok()
        .map(Minutes::new)
}

/// The nearest-rank 90th percentile of `sorted` (ascending): the ⌈0.9·n⌉-th smallest.
fn p90(sorted: &[u32]) -> Option<Minutes> {
    let rank = (sorted.len() * 9).div_ceil(10);
    sorted.get(rank.checked_sub(1)?).copied().map(Minutes::new)
}

/// Business minutes as a count the figures hold (an interval is at most ten years).
fn clamp(minutes: i64) -> u32 {
    u32::try_from(minutes.max(0)).unwrap_or(u32::MAX)
}

/// `(business minutes or None while waiting, breached)` for one measure of one ticket.
fn measure_one(
    cal: &Calendar,
    created: DateTime<Utc>,
    done: Option<DateTime<Utc>>,
    target: Option<Minutes>,
    now: DateTime<Utc>,
) -> (Option<u32>, bool) {
    let taken = clamp(cal.minutes_between(created, done.unwrap_or(now)));
    let breached = target.is_some_and(|t| taken > t.get());
    (done.map(|_| taken), breached)
}

fn summarise(mut values: Vec<u32>, breaches: u32) -> Measure {
    values.sort_unstable();
    Measure {
        measured: u32::try_from(values.len()).unwrap_or(u32::MAX),
        average: average(&values),
        p90: p90(&values),
        breaches,
    }
}

impl SlaPolicy {
    pub fn new(settings: SlaSettings) -> Result<SlaPolicy, CalendarError> {
        Ok(SlaPolicy {
            calendar: settings.calendar.calendar()?,
            settings,
        })
    }

    pub fn settings(&self) -> &SlaSettings {
        &self.settings
    }

    pub fn calendar(&self) -> &Calendar {
        &self.calendar
    }

    /// The targets of a ticket of `priority` under `plan`.
    pub fn targets(&self, plan: Option<&str>, priority: Option<&str>) -> Targets {
        let s = &self.settings;
        let base = plan
            .and_then(|p| s.plans.get(&p.to_lowercase()).copied())
            .unwrap_or(if plan.is_some() {
                Targets::default()
            } else {
                s.without_plan
            });
        let over = priority
            .and_then(|p| s.priorities.get(&p.trim().to_lowercase()).copied())
            .unwrap_or_default();
        base.overridden_by(over)
    }

    /// The month a ticket created at `at` belongs to (the calendar's local date).
    pub fn month_of(&self, at: DateTime<Utc>) -> Month {
        Month::of(self.calendar.local_date(at))
    }

    /// Figures over `tickets`, each with the plan it was created under, as of `now`.
    pub fn figures<'t>(
        &self,
        tickets: impl IntoIterator<Item = (&'t Ticket, Option<&'t str>)>,
        now: DateTime<Utc>,
    ) -> Figures {
        let (mut count, mut responses, mut resolutions) = (0u32, Vec::new(), Vec::new());
        let (mut late_responses, mut late_resolutions) = (0u32, 0u32);
        for (t, plan) in tickets {
            count += 1;
            let targets = self.targets(plan, t.priority.as_deref());
            let cal = &self.calendar;
            let (took, late) = measure_one(cal, t.created, t.first_response, targets.response, now);
            responses.extend(took);
            late_responses += u32::from(late);
            let (took, late) = measure_one(cal, t.created, t.resolved, targets.resolution, now);
            resolutions.extend(took);
            late_resolutions += u32::from(late);
        }
        Figures {
            tickets: count,
            response: summarise(responses, late_responses),
            resolution: summarise(resolutions, late_resolutions),
        }
    }

    /// One line per month of `plans` (each month with the plan in force in it), over the
    /// tickets created in it.
    pub fn months(
        &self,
        plans: &[(Month, Option<String>)],
        tickets: &[Ticket],
        now: DateTime<Utc>,
    ) -> Vec<MonthFigures> {
        plans
            .iter()
            .map(|(month, plan)| {
                let plan = plan.as_deref();
                let mine = tickets
                    .iter()
                    .filter(|t| self.month_of(t.created) == *month)
                    .map(|t| (t, plan));
                MonthFigures {
                    month: *month,
                    targets: self.targets(plan, None),
                    figures: self.figures(mine, now),
                }
            })
            .collect()
    }

    /// The instants `[from, to)` that hold the local months `first..=last`, to select their
    /// tickets.
    pub fn span(&self, first: Month, last: Month) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.calendar.start_of(first.first_day());
        let end = self.calendar.start_of(last.next().first_day());
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(raw)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn h(n: u32) -> Option<Minutes> {
        Some(Minutes::new(n * 60))
    }

    /// The example: Mon–Fri 09:00–17:00 Europe/Ljubljana; plan M 16 h to respond, L
    /// 12 h; "urgent" tickets 4 h whatever the plan.
    fn policy() -> SlaPolicy {
        SlaPolicy::new(SlaSettings {
            calendar: CalendarSpec {
                days: [true, true, true, true, true, false, false],
                opens: "09:00".into(),
                closes: "17:00".into(),
                zone: "Europe/Ljubljana".into(),
                holidays: vec![NaiveDate::from_ymd_opt(2026, 4, 6).unwrap()],
            },
            plans: BTreeMap::from([
                (
                    "m".into(),
                    Targets {
                        response: h(16),
                        resolution: h(40),
                    },
                ),
                (
                    "l".into(),
                    Targets {
                        response: h(12),
                        resolution: h(24),
                    },
                ),
            ]),
            without_plan: Targets {
                response: h(24),
                resolution: None,
            },
            priorities: BTreeMap::from([(
                "urgent".into(),
                Targets {
                    response: h(4),
                    resolution: None,
                },
            )]),
        })
        .unwrap()
    }

    fn ticket(created: &str, response: Option<&str>, resolved: Option<&str>) -> Ticket {
        Ticket {
            priority: None,
            created: at(created),
            first_response: response.map(at),
            resolved: resolved.map(at),
        }
    }

    #[test]
    fn a_priority_replaces_the_plans_target_it_states() {
        let p = policy();
        assert_eq!(p.targets(Some("M"), None).response, h(16));
        assert_eq!(p.targets(Some("L"), Some(" Urgent ")).response, h(4));
        assert_eq!(p.targets(Some("L"), Some("urgent")).resolution, h(24));
        assert_eq!(p.targets(None, None).response, h(24));
        // A plan without targets of its own has none (not the "without a plan" ones).
        assert_eq!(p.targets(Some("s"), None), Targets::default());
    }

    #[test]
    fn times_are_business_hours_and_breaches_are_counted() {
        let p = policy();
        let now = at("2026-03-20T12:00:00+01:00");
        // Friday 16:00 → Monday 10:00: 2 business hours (not 66).
        let weekend = ticket(
            "2026-03-13T16:00:00+01:00",
            Some("2026-03-16T10:00:00+01:00"),
            Some("2026-03-18T10:00:00+01:00"),
        );
        // Monday 09:00 → Wednesday 15:00: 22 business hours, over L's 12 h.
        let slow = ticket(
            "2026-03-16T09:00:00+01:00",
            Some("2026-03-18T15:00:00+01:00"),
            None,
        );
        let f = p.figures([(&weekend, Some("l")), (&slow, Some("l"))], now);
        assert_eq!(f.tickets, 2);
        assert_eq!(f.response.measured, 2);
        assert_eq!(f.response.average, h(12)); // (2 + 22) / 2
        assert_eq!(f.response.p90, h(22));
        assert_eq!(f.response.breaches, 1);
        // Resolution: the first took Friday's last hour, Monday, Tuesday and Wednesday's first
        // hour: 18 h; the second is open since Monday 09:00, 35 business hours by Friday
        // noon: over L's 24 h already.
        assert_eq!(f.resolution.measured, 1);
        assert_eq!(f.resolution.average, h(18));
        assert_eq!(f.resolution.breaches, 1);
    }

    #[test]
    fn an_urgent_ticket_waiting_past_its_target_is_a_breach_before_anyone_answers() {
        let p = policy();
        let mut t = ticket("2026-03-16T09:00:00+01:00", None, None);
        t.priority = Some("URGENT".into());
        let early = p.figures([(&t, Some("m"))], at("2026-03-16T12:59:00+01:00"));
        assert_eq!(early.response.breaches, 0);
        assert_eq!(early.response.measured, 0);
        assert_eq!(early.response.average, None);
        let late = p.figures([(&t, Some("m"))], at("2026-03-16T13:01:00+01:00"));
        assert_eq!(late.response.breaches, 1);
    }

    #[test]
    fn the_average_rounds_half_up_and_p90_is_the_nearest_rank() {
        assert_eq!(average(&[1, 2]), Some(Minutes::new(2)));
        assert_eq!(average(&[1, 1, 2]), Some(Minutes::new(1)));
        assert_eq!(average(&[]), None);
        let ten: Vec<u32> = (1..=10).collect();
        assert_eq!(p90(&ten), Some(Minutes::new(9)));
        let eleven: Vec<u32> = (1..=11).collect();
        assert_eq!(p90(&eleven), Some(Minutes::new(10))); // ⌈9.9⌉ = 10th
        assert_eq!(p90(&[7]), Some(Minutes::new(7)));
        assert_eq!(p90(&[]), None);
    }

    #[test]
    fn a_ticket_belongs_to_the_local_month_of_its_creation() {
        let p = policy();
        // 23:30 UTC on 31 March is 1 April 01:30 in Ljubljana.
        let t = ticket("2026-03-31T23:30:00Z", Some("2026-04-01T08:00:00Z"), None);
        let march = Month::of(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let april = march.next();
        let lines = p.months(
            &[(march, Some("m".into())), (april, None)],
            std::slice::from_ref(&t),
            at("2026-04-10T12:00:00Z"),
        );
        assert_eq!(lines[0].figures.tickets, 0);
        assert_eq!(lines[1].figures.tickets, 1);
        assert_eq!(lines[1].targets.response, h(24));
        // 1 April (Wed) 09:00–10:00 local: 1 h.
        assert_eq!(lines[1].figures.response.average, h(1));
        let (from, to) = p.span(march, april);
        assert_eq!(from, at("2026-02-28T23:00:00Z"));
        assert_eq!(to, at("2026-04-30T22:00:00Z"));
    }

    #[test]
    fn a_target_is_hours_when_bare_and_bounded() {
        assert_eq!(parse_target("4", "t"), Ok(h(4)));
        assert_eq!(
            parse_target(" 1 h 30 min ", "t"),
            Ok(Some(Minutes::new(90)))
        );
        assert_eq!(parse_target("", "t"), Ok(None));
        assert_eq!(parse_target("0", "t"), Err(ParseError::ZeroMinutes));
        assert!(parse_target("1001", "t").is_err());
        assert!(parse_target("soon", "t").is_err());
    }
}
