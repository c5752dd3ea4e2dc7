//! The service-levels form (admin settings): the business calendar and the targets by plan and
//! by priority, as typed; [`SlaForm::parse`] turns it into [`SlaSettings`] or says what is
//! wrong with each field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::business_hours::{CalendarError, MAX_HOLIDAYS};
use crate::events::FieldError;
use crate::sla::{CalendarSpec, MAX_TARGET_ROWS, SlaSettings, Targets, parse_target};

/// The longest plan id or priority name.
pub const MAX_KEY: usize = 32;

/// The holidays field's longest text (a decade of dates with separators).
const MAX_HOLIDAYS_TEXT: usize = 8_000;

/// One row of targets: a plan id or a priority name, and its two targets as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetRow {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub response: String,
    #[serde(default)]
    pub resolution: String,
}

/// The form as the settings page sends it. A checked day sends any text ("on").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaForm {
    #[serde(default)]
    pub mon: Option<String>,
    #[serde(default)]
    pub tue: Option<String>,
    #[serde(default)]
    pub wed: Option<String>,
    #[serde(default)]
    pub thu: Option<String>,
    #[serde(default)]
    pub fri: Option<String>,
    #[serde(default)]
    pub sat: Option<String>,
    #[serde(default)]
    pub sun: Option<String>,
    #[serde(default)]
    pub opens: String,
    #[serde(default)]
    pub closes: String,
    #[serde(default)]
    pub zone: String,
    /// Dates as YYYY-MM-DD, separated by spaces, commas or new lines.
    #[serde(default)]
    pub holidays: String,
    #[serde(default)]
    pub without_plan: TargetRow,
    #[serde(default)]
    pub plans: Vec<TargetRow>,
    #[serde(default)]
    pub priorities: Vec<TargetRow>,
}

/// The targets of one row, with the field names its errors carry (`{prefix}.response`).
fn targets(row: &TargetRow, prefix: &str, errors: &mut Vec<FieldError>) -> Targets {
    let mut one = |raw: &str, what: &'static str| {
        parse_target(raw, what).unwrap_or_else(|e| {
            errors.push(FieldError::new(&format!("{prefix}.{what}"), e));
            None
        })
    };
    Targets {
        response: one(&row.response, "response"),
        resolution: one(&row.resolution, "resolution"),
    }
}

/// The rows with targets, keyed by their lower-case key; duplicate or bad keys refused.
fn keyed(
    rows: &[TargetRow],
    list: &str,
    errors: &mut Vec<FieldError>,
) -> BTreeMap<String, Targets> {
    let mut out = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, row) in rows.iter().enumerate() {
        let prefix = format!("{list}.{i}");
        let t = targets(row, &prefix, errors);
        let key = row.key.trim().to_lowercase();
        let field = format!("{prefix}.key");
        if key.is_empty() {
            if !t.is_empty() {
                errors.push(FieldError::new(
                    &field,
                    "name it, or leave its targets blank",
                ));
            }
            continue;
        }
        if key.chars().count() > MAX_KEY || key.chars().any(char::is_control) {
            errors.push(FieldError::new(
                &field,
                format!("at most {MAX_KEY} characters, on one line"),
            ));
        } else if !seen.insert(key.clone()) {
            errors.push(FieldError::new(
                &field,
                format!("\"{key}\" is listed twice"),
            ));
        } else if !t.is_empty() {
            out.insert(key, t);
        }
    }
    out
}

/// The holidays field as dates, or the first thing that is not one.
fn holidays(raw: &str) -> Result<Vec<NaiveDate>, String> {
    if raw.len() > MAX_HOLIDAYS_TEXT {
        return Err(format!("at most {MAX_HOLIDAYS} dates"));
    }
    let mut out: Vec<NaiveDate> = raw
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|s| !s.is_empty())
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                let shown: String = s.chars().take(20).collect();
                format!("\"{shown}\" is not a date like 2026-12-25")
            })
        })
        .collect::<Result<_, _>>()?;
    out.sort_unstable();
    out.dedup();
    if out.len() > MAX_HOLIDAYS {
        return Err(format!("at most {MAX_HOLIDAYS} dates"));
    }
    Ok(out)
}

impl SlaForm {
    fn days(&self) -> [bool; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
        .map(Option::is_some)
    }

    /// The settings, or every field's error at once.
    pub fn parse(&self) -> Result<SlaSettings, Vec<FieldError>> {
        if self.plans.len() > MAX_TARGET_ROWS || self.priorities.len() > MAX_TARGET_ROWS {
            let e = format!("at most {MAX_TARGET_ROWS} rows of targets");
            return Err(vec![FieldError::new("plans", e)]);
        }
        let mut errors = Vec::new();
        let holidays = holidays(&self.holidays).unwrap_or_else(|e| {
            errors.push(FieldError::new("holidays", e));
            Vec::new()
        });
        let calendar = CalendarSpec {
            days: self.days(),
            opens: self.opens.trim().to_string(),
            closes: self.closes.trim().to_string(),
            zone: self.zone.trim().to_string(),
            holidays,
        };
        if let Err(e) = calendar.calendar() {
            let field = match e {
                CalendarError::NoWorkingDay => "days",
                CalendarError::BadWindow { .. } => "closes",
                CalendarError::UnknownZone(_) => "zone",
                CalendarError::TooManyHolidays => "holidays",
            };
            errors.push(FieldError::new(field, e.to_string()));
        }
        let settings = SlaSettings {
            without_plan: targets(&self.without_plan, "without_plan", &mut errors),
            plans: keyed(&self.plans, "plans", &mut errors),
            priorities: keyed(&self.priorities, "priorities", &mut errors),
            calendar,
        };
        if errors.is_empty() {
            Ok(settings)
        } else {
            Err(errors)
        }
    }

    /// The form showing `s` (the page's starting values), with its plan rows for `plan_ids`
    /// and `blank` empty rows for new priorities.
    pub fn showing(s: &SlaSettings, plan_ids: &[String], blank: usize) -> SlaForm {
        let text = |m: Option<crate::Minutes>| m.map(|m| m.human()).unwrap_or_default();
        let row = |key: &str, t: Targets| TargetRow {
            key: key.to_string(),
            response: text(t.response),
            resolution: text(t.resolution),
        };
        let day = |on: bool| on.then(|| "on".to_string());
        let d = s.calendar.days;
        let holidays: Vec<String> = s.calendar.holidays.iter().map(|d| d.to_string()).collect();
        let mut priorities: Vec<TargetRow> = s.priorities.iter().map(|(k, t)| row(k, *t)).collect();
        priorities.extend(std::iter::repeat_n(TargetRow::default(), blank));
        SlaForm {
            mon: day(d[0]),
            tue: day(d[1]),
            wed: day(d[2]),
            thu: day(d[3]),
            fri: day(d[4]),
            sat: day(d[5]),
            sun: day(d[6]),
            opens: s.calendar.opens.clone(),
            closes: s.calendar.closes.clone(),
            zone: s.calendar.zone.clone(),
            holidays: holidays.join("\n"),
            without_plan: row("", s.without_plan),
            plans: plan_ids
                .iter()
                .map(|id| {
                    row(
                        id,
                        s.plans.get(&id.to_lowercase()).copied().unwrap_or_default(),
                    )
                })
                .collect(),
            priorities,
        }
    }
}

impl SlaSettings {
    /// What a deployment starts from before an admin saves: Monday to Friday, 09:00–17:00 UTC,
    /// no targets.
    pub fn starting() -> SlaSettings {
        SlaSettings {
            calendar: CalendarSpec {
                days: [true, true, true, true, true, false, false],
                opens: "09:00".into(),
                closes: "17:00".into(),
                zone: "UTC".into(),
                holidays: Vec::new(),
            },
            plans: BTreeMap::new(),
            without_plan: Targets::default(),
            priorities: BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Minutes;

    fn form() -> SlaForm {
        SlaForm {
            mon: Some("on".into()),
            tue: Some("on".into()),
            wed: Some("on".into()),
            thu: Some("on".into()),
            fri: Some("on".into()),
            opens: "09:00".into(),
            closes: "17:00".into(),
            zone: "Europe/Ljubljana".into(),
            holidays: "2026-12-25, 2026-12-26\n2026-12-25".into(),
            plans: vec![
                TargetRow {
                    key: "M".into(),
                    response: "16".into(),
                    resolution: "".into(),
                },
                TargetRow {
                    key: "l".into(),
                    response: "12 h".into(),
                    resolution: "3:30".into(),
                },
            ],
            priorities: vec![
                TargetRow {
                    key: "Urgent".into(),
                    response: "4".into(),
                    resolution: "".into(),
                },
                TargetRow::default(),
            ],
            ..SlaForm::default()
        }
    }

    #[test]
    fn a_filled_form_becomes_settings_and_shows_again_as_typed() {
        let s = form().parse().unwrap();
        assert_eq!(
            s.calendar.days,
            [true, true, true, true, true, false, false]
        );
        assert_eq!(s.calendar.holidays.len(), 2);
        assert_eq!(s.plans["m"].response, Some(Minutes::new(960)));
        assert_eq!(s.plans["l"].resolution, Some(Minutes::new(210)));
        assert_eq!(s.priorities["urgent"].response, Some(Minutes::new(240)));
        assert_eq!(s.priorities.len(), 1);
        let again = SlaForm::showing(&s, &["m".into(), "l".into(), "s".into()], 1);
        assert_eq!(again.plans[1].resolution, "3 h 30 min");
        assert_eq!(
            again.plans[2],
            TargetRow {
                key: "s".into(),
                ..TargetRow::default()
            }
        );
        assert_eq!(again.parse().unwrap(), s);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut f = form();
        f.mon = None;
        f.tue = None;
        f.wed = None;
        f.thu = None;
        f.fri = None;
        f.zone = "Mars/Olympus".into();
        f.holidays = "25.12.2026".into();
        f.plans[0].response = "soon".into();
        f.priorities[1].response = "2".into();
        f.priorities.push(TargetRow {
            key: "URGENT".into(),
            response: "1".into(),
            resolution: String::new(),
        });
        let fields: Vec<String> = f
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "holidays",
                "days",
                "plans.0.response",
                "priorities.1.key",
                "priorities.2.key"
            ]
        );
    }

    #[test]
    fn a_window_and_a_zone_are_checked() {
        let mut f = form();
        f.opens = "17:00".into();
        f.closes = "09:00".into();
        let e = f.parse().unwrap_err();
        assert_eq!(e[0].field, "closes");
        let mut f = form();
        f.zone = "Mars/Olympus".into();
        assert_eq!(f.parse().unwrap_err()[0].field, "zone");
    }

    #[test]
    fn too_many_rows_are_refused_before_any_is_read() {
        let mut f = form();
        f.priorities = vec![TargetRow::default(); MAX_TARGET_ROWS + 1];
        assert_eq!(f.parse().unwrap_err().len(), 1);
    }
}
