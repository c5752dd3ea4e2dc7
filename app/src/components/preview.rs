//! The live what-if preview: `billing::what_if` over the account's history plus the entry being
//! typed, computed in the browser (WASM) on every keystroke — no request to the server.

use billing::quote::{EntryPreview as Outcome, preview_entry};
use billing::{History, Ledger, Minutes, Money, Source};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::entry_form::EntryDraft;
use crate::format;

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
        inputs.with_value(|(history, baseline)| {
            preview_entry(history, baseline, form, today, &technician)
        })
    });
    let rate_fmt = fmt.clone();
    let date_fmt = fmt.clone();
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
                    Outcome::Refused(rule) => {
                        let message = rule.to_string();
                        view! {
                            <p class="alert alert-error" data-testid="preview-refused">
                                "This entry would be refused: " {message}
                            </p>
                        }
                            .into_any()
                    }
                    Outcome::Ready(c) => {
                        let delta = c.net_after - c.net_before;
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
                            {(c.dated_in != c.month)
                                .then(|| {
                                    view! {
                                        <p class="muted small" data-testid="preview-lands">
                                            {format!(
                                                "Dated in {}, a month already closed: it goes on the invoice of {}.",
                                                c.dated_in,
                                                c.month,
                                            )}
                                        </p>
                                    }
                                })}
                            <dl class="preview-facts">
                                <div class:overage={c.overage_minutes.get() > 0}>
                                    <dt>"Overage"</dt>
                                    <dd data-testid="preview-overage">
                                        {if c.overage_minutes.get() == 0 {
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
                                    <dt>
                                        {format!(
                                            "Unused at the end of {}, expiring by {}",
                                            c.month,
                                            date_fmt.date(c.month.last_day() + chrono::Days::new(30)),
                                        )}
                                    </dt>
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
