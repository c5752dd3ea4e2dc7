//! The live what-if preview: `billing::what_if` over the account's history plus the entry being
//! typed, computed in the browser (WASM) on every keystroke — no request to the server.

use billing::quote::{EntryPreview as Outcome, preview_entry};
use billing::{History, Ledger, Minutes, Money, Source};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::entry_form::EntryDraft;
use crate::format;
use crate::i18n::*;
use crate::messages::reason_text;

type I18n = leptos_i18n::I18nContext<Locale>;

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
    /// The heading; "Preview" (translated) when not given.
    #[prop(optional, into)]
    title: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = title.unwrap_or_else(|| t_string!(i18n, work.preview_title).to_string());
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
                {t_string!(i18n, work.preview_intro)}
            </p>
            <div data-testid="preview">
                {move || match outcome.get() {
                    Outcome::Waiting(errors) => {
                        let relevant: Vec<String> = errors
                            .into_iter()
                            .filter(|e| {
                                matches!(e.field.as_str(), "date" | "minutes" | "kind")
                            })
                            .map(|e| reason_text(i18n, &e.reason))
                            .collect();
                        view! {
                            <div class="preview-empty">
                                <p>{t_string!(i18n, work.preview_waiting)}</p>
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
                        let message = reason_text(i18n, &rule.into());
                        view! {
                            <p class="alert alert-error" data-testid="preview-refused">
                                {t_string!(i18n, work.preview_refused, reason = message).to_string()}
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
                                        {t_string!(i18n, work.preview_counted, time = format::minutes(c.counted)).to_string()}
                                    </p>
                                }
                            });
                        view! {
                            <table class="table table-compact">
                                <caption class="visually-hidden">{t_string!(i18n, work.preview_caption)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t_string!(i18n, work.col_covered)}</th>
                                        <th scope="col" class="num">{t_string!(i18n, work.col_time)}</th>
                                        <th scope="col" class="num">{t_string!(i18n, work.col_rate)}</th>
                                        <th scope="col" class="num">{t_string!(i18n, work.col_amount)}</th>
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
                                                        )>{source_text(source)}</span>
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
                                        <th scope="row">{t_string!(i18n, work.preview_this_entry)}</th>
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
                                            {t_string!(
                                                i18n,
                                                work.preview_lands,
                                                dated = date_fmt.month(c.dated_in),
                                                month = date_fmt.month(c.month)
                                            )
                                                .to_string()}
                                        </p>
                                    }
                                })}
                            <dl class="preview-facts">
                                <div class:overage={c.overage_minutes.get() > 0}>
                                    <dt>{t_string!(i18n, work.preview_overage)}</dt>
                                    <dd data-testid="preview-overage">
                                        {if c.overage_minutes.get() == 0 {
                                            t_string!(i18n, work.preview_no_overage).to_string()
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
                                    <dt>{t_string!(i18n, work.preview_carryover)}</dt>
                                    <dd data-testid="preview-carryover">
                                        {before_after(i18n, c.carried_into_next_month)}
                                    </dd>
                                </div>
                                <div>
                                    <dt>
                                        {t_string!(
                                            i18n,
                                            work.preview_expiring,
                                            month = date_fmt.month(c.month),
                                            date = date_fmt.date(c.month.last_day() + chrono::Days::new(30))
                                        )
                                            .to_string()}
                                    </dt>
                                    <dd data-testid="preview-expiring">
                                        {before_after(i18n, c.expiring)}
                                    </dd>
                                </div>
                                <div class="stack">
                                    <dt>{t_string!(i18n, work.preview_invoice, month = date_fmt.month(c.month)).to_string()}</dt>
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
fn before_after(i18n: I18n, (before, after): (Minutes, Minutes)) -> String {
    if before == after {
        t_string!(i18n, work.preview_unchanged, time = format::minutes(after)).to_string()
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

/// What a source's badge says, in the page's language (`Source::label` stays English for the
/// CSV download).
pub fn source_text(source: Source) -> String {
    let i18n = use_i18n();
    match source {
        Source::Allowance => t_string!(i18n, work.source_allowance).to_string(),
        Source::Carryover => t_string!(i18n, work.source_carryover).to_string(),
        Source::Pack => t_string!(i18n, work.source_pack).to_string(),
        Source::Rollover => t_string!(i18n, work.source_rollover).to_string(),
        Source::Credit => t_string!(i18n, work.source_credit).to_string(),
        Source::PlanRate => t_string!(i18n, work.source_plan_rate).to_string(),
        Source::Quote => t_string!(i18n, work.source_quote).to_string(),
        Source::OverQuote => t_string!(i18n, work.source_over_quote).to_string(),
        Source::Overage => t_string!(i18n, work.source_overage).to_string(),
        Source::StandardRate => t_string!(i18n, work.source_standard_rate).to_string(),
        Source::Bug => t_string!(i18n, work.source_bug).to_string(),
    }
}
