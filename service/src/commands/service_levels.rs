//! Service levels (issue #15): the settings (admin) and the SLA figures computed from the
//! stored ticket times under them — an account's by month, the agency's by account for a year.

use api::AppError;
use api::auth::Me;
use api::service_levels::{AccountSla, PlanName, ServiceLevelsPage};
use api::tickets::TicketTimes;
use billing::Month;
use billing::sla::{Figures, MonthFigures, SlaPolicy, SlaSettings, Ticket};
use billing::sla_form::SlaForm;
use chrono::{DateTime, Utc};

use crate::read::{AccountHistory, does_not_replay};
use crate::state::{AppState, Clock};
use crate::storage::Audit;

/// Months an account's figures cover: this one and the twelve before it.
pub const MONTHS_SHOWN: usize = 13;

/// Blank rows the settings form offers for new priorities.
const BLANK_PRIORITY_ROWS: usize = 3;

/// Every plan of every catalog, each id once, in catalog order.
async fn plans(state: &AppState) -> Result<Vec<PlanName>, AppError> {
    let mut out: Vec<PlanName> = Vec::new();
    for c in state.db.catalogs().await? {
        for p in &c.catalog.plans {
            if !out.iter().any(|o| o.id.eq_ignore_ascii_case(&p.id)) {
                out.push(PlanName {
                    id: p.id.to_lowercase(),
                    name: p.name.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// The settings page: the saved settings (or the starting ones) with a row per plan.
pub async fn page(state: &AppState) -> Result<ServiceLevelsPage, AppError> {
    let saved = state.db.service_levels().await?;
    let plans = plans(state).await?;
    let ids: Vec<String> = plans.iter().map(|p| p.id.clone()).collect();
    let shown = saved.clone().unwrap_or_else(SlaSettings::starting);
    Ok(ServiceLevelsPage {
        form: SlaForm::showing(&shown, &ids, BLANK_PRIORITY_ROWS),
        plans,
        saved: saved.is_some(),
        year: chrono::Datelike::year(&state.clock.today_in("UTC")),
    })
}

/// Save the settings. Targets for a plan no catalog has are refused; the same settings sent
/// again change nothing and leave no second audit line.
pub async fn save(
    state: &AppState,
    me: &Me,
    address: &str,
    form: &SlaForm,
) -> Result<SlaSettings, AppError> {
    let settings = form.parse().map_err(AppError::fields)?;
    let known = plans(state).await?;
    if let Some((i, _)) = form.plans.iter().enumerate().find(|(_, r)| {
        !r.key.trim().is_empty() && !known.iter().any(|p| p.id == r.key.trim().to_lowercase())
    }) {
        return Err(AppError::invalid(
            &format!("plans.{i}.key"),
            "no catalog has this plan",
        ));
    }
    if state.db.service_levels().await?.as_ref() == Some(&settings) {
        return Ok(settings);
    }
    let audit = Audit {
        at: Utc::now(),
        actor: Some(me.id.clone()),
        address: address.to_string(),
        action: "service_levels_saved",
        subject: None,
        account_id: None,
        detail: String::new(),
    };
    state.db.set_service_levels(&settings, &audit).await?;
    Ok(settings)
}

/// The saved settings as a policy (None until saved). Settings are checked when saved; ones
/// that no longer load (a time zone the tz database dropped) are our fault.
async fn policy(state: &AppState) -> Result<Option<SlaPolicy>, AppError> {
    let Some(settings) = state.db.service_levels().await? else {
        return Ok(None);
    };
    SlaPolicy::new(settings)
        .map(Some)
        .map_err(|e| AppError::Server(format!("the saved service levels do not load: {e}")))
}

/// "Now" for waiting tickets: the clock, or the end of the fixed day a demo or test runs on.
fn now(state: &AppState, policy: &SlaPolicy) -> DateTime<Utc> {
    match state.clock {
        Clock::System => Utc::now(),
        Clock::Fixed(day) => {
            let next = day.succ_opt().unwrap_or(day);
            policy.calendar().start_of(next)
        }
    }
}

fn ticket(t: TicketTimes) -> Ticket {
    Ticket {
        priority: t.priority,
        created: t.created_at,
        first_response: t.first_response_at,
        resolved: t.resolved_at,
    }
}

/// The last `count` months up to `last`, oldest first.
fn months_to(last: Month, count: usize) -> Vec<Month> {
    let mut out = vec![last];
    while out.len() < count {
        let first = out[0].prev();
        out.insert(0, first);
    }
    out
}

/// An account's figures for this month and the twelve before it (None until service levels
/// are saved).
pub async fn account_sla(
    state: &AppState,
    a: &AccountHistory,
) -> Result<Option<AccountSla>, AppError> {
    let months = months_to(Month::of(a.today), MONTHS_SHOWN);
    let Some((policy, lines)) = figures_of(state, a, months).await? else {
        return Ok(None);
    };
    let s = policy.settings();
    Ok(Some(AccountSla {
        days: s.calendar.days,
        opens: s.calendar.opens.clone(),
        closes: s.calendar.closes.clone(),
        zone: s.calendar.zone.clone(),
        targets: lines.last().map(|l| l.targets).unwrap_or_default(),
        priorities: s.priorities.iter().map(|(k, t)| (k.clone(), *t)).collect(),
        months: lines,
    }))
}

/// One month's figures as recorded so far, whatever its age: a month invoice's service levels
/// (None until service levels are saved).
pub async fn month_sla(
    state: &AppState,
    a: &AccountHistory,
    month: Month,
) -> Result<Option<MonthFigures>, AppError> {
    let lines = figures_of(state, a, vec![month]).await?;
    Ok(lines.and_then(|(_, mut lines)| lines.pop()))
}

/// The saved policy and the account's figures in each of `months` (oldest first, at least one)
/// under it; None until service levels are saved.
async fn figures_of(
    state: &AppState,
    a: &AccountHistory,
    months: Vec<Month>,
) -> Result<Option<(SlaPolicy, Vec<MonthFigures>)>, AppError> {
    assert!(!months.is_empty(), "figures of at least one month");
    let Some(policy) = policy(state).await? else {
        return Ok(None);
    };
    let plans = billing::plans_by_month(&a.history, &months).map_err(does_not_replay)?;
    let (from, to) = policy.span(months[0], months[months.len() - 1]);
    let tickets: Vec<Ticket> = state
        .db
        .tickets(&a.account.id, from, to)
        .await?
        .into_iter()
        .map(ticket)
        .collect();
    let by_month: Vec<(Month, Option<String>)> = months.into_iter().zip(plans).collect();
    let lines = policy.months(&by_month, &tickets, now(state, &policy));
    Ok(Some((policy, lines)))
}

/// The agency's figures for `year`, one row per account with tickets and the total of all.
pub async fn year_rows(
    state: &AppState,
    year: i32,
) -> Result<Vec<(String, String, Figures)>, AppError> {
    let policy = policy(state).await?.ok_or_else(|| {
        AppError::Conflict("save the service levels first (Settings → Service levels)".into())
    })?;
    let months = months_to(Month { year, month: 12 }, 12);
    let (from, to) = policy.span(months[0], months[11]);
    let now = now(state, &policy);
    let mut by_account = state.db.all_tickets(from, to).await?;
    let mut rows = Vec::new();
    let mut all: Vec<(Ticket, Option<String>)> = Vec::new();
    for account in state.db.accounts().await? {
        let Some(tickets) = by_account.remove(&account.id) else {
            continue;
        };
        let a = crate::read::ledger_for(state, account).await?;
        let plans = billing::plans_by_month(&a.history, &months).map_err(does_not_replay)?;
        let mine: Vec<(Ticket, Option<String>)> = tickets
            .into_iter()
            .map(ticket)
            .map(|t| {
                let m = policy.month_of(t.created);
                let plan = months
                    .iter()
                    .position(|x| *x == m)
                    .and_then(|i| plans[i].clone());
                (t, plan)
            })
            .collect();
        let f = policy.figures(mine.iter().map(|(t, p)| (t, p.as_deref())), now);
        rows.push((a.account.id.clone(), a.account.name.clone(), f));
        all.extend(mine);
    }
    let total = policy.figures(all.iter().map(|(t, p)| (t, p.as_deref())), now);
    rows.push((String::new(), "All accounts".to_string(), total));
    Ok(rows)
}
