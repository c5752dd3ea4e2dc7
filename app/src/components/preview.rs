//! The live what-if preview: `billing::what_if` over the account's history plus the entry being
//! typed, computed in the browser (WASM) on every keystroke — no request to the server.

use billing::{
    EntryForm, Event, EventKind, FieldError, History, InvoiceKind, Ledger, Minutes, Money, Month,
    Part, Source,
};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::entry_form::EntryDraft;
use crate::format;

/// The id the hypothetical entry gets inside the preview's replay.
const PREVIEW_ID: &str = "preview";

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    /// The fields the coverage depends on (date, minutes, kind) do not parse yet.
    Waiting(Vec<FieldError>),
    /// The rules would refuse the entry.
    Refused(String),
    Ready(Coverage),
}

#[derive(Debug, Clone, PartialEq)]
struct Coverage {
    minutes: Minutes,
    counted: Minutes,
    parts: Vec<Part>,
    amount: Money,
    overage_minutes: Minutes,
    overage_amount: Money,
    month: Month,
    net_before: Money,
    net_after: Money,
    /// The month's carryover into the next month, before and after (POLICY §4's summary).
    carried_into_next_month: (Minutes, Minutes),
    /// Minutes whose last valid day falls within 30 days after the month, before and after.
    expiring: (Minutes, Minutes),
}

fn month_invoice(ledger: &Ledger, month: Month) -> Option<&billing::Invoice> {
    ledger
        .invoices
        .iter()
        .find(|i| i.kind == InvoiceKind::Period && i.month == Some(month))
}

fn month_net(ledger: &Ledger, month: Month) -> Money {
    month_invoice(ledger, month).map_or(Money::ZERO, |i| i.net)
}

/// The ledger as it will stand once `month` has ended, if nothing else is logged: the month's
/// carryover and expiries only happen at its end, so an open month's draft shows none yet.
pub fn at_month_end(history: &History, extra: &[Event], month: Month) -> Option<Ledger> {
    let mut h = history.clone();
    let after = month.next().first_day();
    if h.today.is_some_and(|t| t < after) {
        h.today = Some(after);
    }
    billing::what_if(&h, extra).ok()
}

/// A figure of the month's summary (zero when the month has no invoice or no plan).
fn summary_figure(ledger: &Ledger, month: Month, f: fn(&billing::Summary) -> Minutes) -> Minutes {
    month_invoice(ledger, month)
        .and_then(|i| i.summary.as_ref())
        .map_or(Minutes(0), f)
}

/// What logging `draft` on `today` would do to the account (pure; runs in the browser).
fn compute(
    history: &History,
    baseline: &Ledger,
    draft: EntryForm,
    today: NaiveDate,
    technician: &str,
) -> Outcome {
    // Only date, minutes and kind change the coverage; title, link and note cannot.
    let form = EntryForm {
        title: PREVIEW_ID.into(),
        url: String::new(),
        note: String::new(),
        ..draft
    };
    let entry = match form.parse(PREVIEW_ID.into(), technician.into()) {
        Ok(entry) => entry,
        Err(errors) => return Outcome::Waiting(errors),
    };
    let event = Event {
        on: today,
        what: EventKind::EntryLogged(entry),
    };
    let ledger = match billing::what_if(history, std::slice::from_ref(&event)) {
        Ok(l) => l,
        Err(e) => return Outcome::Refused(e.rule.to_string()),
    };
    let Some(result) = ledger.entries.iter().find(|e| &*e.id == PREVIEW_ID) else {
        return Outcome::Refused("the entry does not appear in the replay".into());
    };
    let overage: Vec<&Part> = result
        .parts
        .iter()
        .filter(|p| p.source == Source::Overage)
        .collect();
    let month = Month::of(result.effective_date);
    // Carryover and expiry as they will be at the month's end, with and without the entry.
    let (end_before, end_after) = (
        at_month_end(history, &[], month),
        at_month_end(history, &[event], month),
    );
    let end_figure = |l: &Option<Ledger>, f: fn(&billing::Summary) -> Minutes| {
        l.as_ref()
            .map_or(Minutes(0), |l| summary_figure(l, month, f))
    };
    Outcome::Ready(Coverage {
        minutes: result.minutes,
        counted: result.counted_minutes,
        parts: result.parts.clone(),
        amount: result.amount,
        overage_minutes: Minutes(overage.iter().map(|p| p.minutes.0).sum()),
        overage_amount: overage.iter().map(|p| p.amount).sum(),
        month,
        net_before: month_net(baseline, month),
        net_after: month_net(&ledger, month),
        carried_into_next_month: (
            end_figure(&end_before, |s| s.carried_into_next_month),
            end_figure(&end_after, |s| s.carried_into_next_month),
        ),
        expiring: (
            end_figure(&end_before, |s| s.expiring_within_30_days),
            end_figure(&end_after, |s| s.expiring_within_30_days),
        ),
    })
}

#[component]
pub fn Preview(
    history: History,
    baseline: Ledger,
    draft: EntryDraft,
    today: NaiveDate,
    /// Who does the work: a developer's pack covers only that developer's entries (POLICY §3).
    #[prop(into)]
    technician: Signal<String>,
    fmt: format::Fmt,
    #[prop(default = "Preview")] title: &'static str,
) -> impl IntoView {
    let inputs = StoredValue::new((history, baseline));
    let outcome = Memo::new(move |_| {
        let form = draft.form();
        let technician = technician.get();
        inputs
            .with_value(|(history, baseline)| compute(history, baseline, form, today, &technician))
    });
    let rate_fmt = fmt.clone();
    let money = move |m: Money| fmt.money(m);

    view! {
        <section class="panel preview" aria-labelledby="preview-title" aria-live="polite">
            <h2 id="preview-title">{title}</h2>
            <p class="muted small">
                "How this entry would be covered, computed in your browser by the same rules as the invoice."
            </p>
            <div data-testid="preview">
                {move || match outcome.get() {
                    Outcome::Waiting(errors) => {
                        let relevant: Vec<String> = errors
                            .into_iter()
                            .filter(|e| {
                                matches!(e.field.as_str(), "date" | "minutes" | "kind")
                            })
                            .map(|e| e.message)
                            .collect();
                        view! {
                            <div class="preview-empty">
                                <p>"Enter the minutes to see how the entry would be covered."</p>
                                <ul class="muted small">
                                    {relevant
                                        .into_iter()
                                        .map(|m| view! { <li>{m}</li> })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                            .into_any()
                    }
                    Outcome::Refused(message) => {
                        view! {
                            <p class="alert alert-error" data-testid="preview-refused">
                                "This entry would be refused: " {message}
                            </p>
                        }
                            .into_any()
                    }
                    Outcome::Ready(c) => {
                        let delta = Money(c.net_after.0 - c.net_before.0);
                        let rounded = (c.counted != c.minutes)
                            .then(|| {
                                view! {
                                    <p class="muted small">
                                        "Counted as " {format::minutes(c.counted)}
                                        " (the plan's rounding)."
                                    </p>
                                }
                            });
                        view! {
                            <table class="table table-compact">
                                <caption class="visually-hidden">"Coverage of the new entry"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Covered by"</th>
                                        <th scope="col" class="num">"Time"</th>
                                        <th scope="col" class="num">"Rate"</th>
                                        <th scope="col" class="num">"Amount"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {c
                                        .parts
                                        .iter()
                                        .map(|p| {
                                            let source = p.source;
                                            view! {
                                                <tr data-source=format!("{source:?}").to_lowercase()>
                                                    <td>
                                                        <span class=format!(
                                                            "badge badge-{}",
                                                            source_class(source),
                                                        )>{source.label()}</span>
                                                    </td>
                                                    <td class="num">{format::minutes(p.minutes)}</td>
                                                    <td class="num">
                                                        {p
                                                            .rate
                                                            .map(|r| rate_fmt.rate(r))
                                                            .unwrap_or_else(|| "—".into())}
                                                    </td>
                                                    <td class="num">{money(p.amount)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                                <tfoot>
                                    <tr>
                                        <th scope="row">"This entry"</th>
                                        <td class="num">{format::minutes(c.counted)}</td>
                                        <td></td>
                                        <td class="num">{money(c.amount)}</td>
                                    </tr>
                                </tfoot>
                            </table>
                            {rounded}
                            <dl class="preview-facts">
                                <div class:overage={c.overage_minutes.0 > 0}>
                                    <dt>"Overage"</dt>
                                    <dd data-testid="preview-overage">
                                        {if c.overage_minutes.0 == 0 {
                                            "none — covered by the plan".to_string()
                                        } else {
                                            format!(
                                                "{} · {}",
                                                format::minutes(c.overage_minutes),
                                                money(c.overage_amount),
                                            )
                                        }}
                                    </dd>
                                </div>
                                <div>
                                    <dt>"Carries over to next month"</dt>
                                    <dd data-testid="preview-carryover">
                                        {before_after(c.carried_into_next_month)}
                                    </dd>
                                </div>
                                <div>
                                    <dt>"Expiring within 30 days of month end"</dt>
                                    <dd data-testid="preview-expiring">
                                        {before_after(c.expiring)}
                                    </dd>
                                </div>
                                <div class="stack">
                                    <dt>{format!("Invoice {} · draft, net", c.month)}</dt>
                                    <dd data-testid="preview-invoice">
                                        {money(c.net_before)} " → " <strong>{money(c.net_after)}</strong>
                                        {(!delta.is_zero())
                                            .then(|| {
                                                view! {
                                                    <span class="delta">
                                                        " (+" {money(delta)} ")"
                                                    </span>
                                                }
                                            })}
                                    </dd>
                                </div>
                            </dl>
                        }
                            .into_any()
                    }
                }}
            </div>
        </section>
    }
}

/// `1 h → 45 min`, or just `1 h` when nothing changes.
fn before_after((before, after): (Minutes, Minutes)) -> String {
    if before == after {
        format!("{} (unchanged)", format::minutes(after))
    } else {
        format!("{} → {}", format::minutes(before), format::minutes(after))
    }
}

/// The CSS modifier of a source's badge.
pub fn source_class(s: Source) -> &'static str {
    match s {
        Source::Allowance => "allowance",
        Source::Carryover => "carryover",
        Source::Pack | Source::Rollover | Source::Credit => "prepaid",
        Source::Overage | Source::OverQuote => "overage",
        Source::PlanRate | Source::Quote | Source::StandardRate => "charged",
        Source::Bug => "bug",
    }
}
