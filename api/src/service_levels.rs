//! Service levels (issue #15) as pages show them: the settings form (admin) and an account's
//! SLA figures by month (whoever may read the account).

use billing::sla::{MonthFigures, Targets};
use billing::sla_form::SlaForm;
use serde::{Deserialize, Serialize};

/// A plan the targets form has a row for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanName {
    pub id: String,
    pub name: String,
}

/// The service-levels settings page (admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLevelsPage {
    /// The saved settings as the form shows them (the starting ones until a save).
    pub form: SlaForm,
    /// The catalogs' plans, in the order of `form.plans`.
    pub plans: Vec<PlanName>,
    pub saved: bool,
    /// This year, for the yearly report's field.
    pub year: i32,
}

/// An account's SLA figures: the business calendar they are counted in and one line per month,
/// oldest first (the last is this month, so far).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSla {
    /// Monday first.
    pub days: [bool; 7],
    pub opens: String,
    pub closes: String,
    pub zone: String,
    /// This month's targets (its plan's, before any priority's).
    pub targets: Targets,
    /// Priorities with targets of their own, and those targets.
    pub priorities: Vec<(String, Targets)>,
    pub months: Vec<MonthFigures>,
}

impl AccountSla {
    /// Whether any month had a ticket.
    pub fn has_tickets(&self) -> bool {
        self.months.iter().any(|m| m.figures.tickets > 0)
    }
}
