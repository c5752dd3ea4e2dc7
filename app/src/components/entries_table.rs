//! The account's work entries with how each one is covered (POLICY §3 parts).

use billing::{EntryKind, EntryResult, Month};
use leptos::prelude::*;

use crate::components::account::{Outcome, use_actions};
use crate::components::confirm::Confirm;
use crate::components::submission::submission_field;

use crate::components::preview::source_class;
use crate::format;

#[component]
pub fn EntriesTable(
    entries: Vec<EntryResult>,
    fmt: format::Fmt,
    /// For staff: the account and its last closed month; entries of open months can be
    /// corrected, any entry re-marked as our bug (a credit-back once its month is closed).
    #[prop(default = None)]
    correctable: Option<(String, Option<Month>)>,
) -> impl IntoView {
    let actions = correctable.is_some().then(use_actions);
    let mut rows: Vec<(usize, EntryResult)> = entries.into_iter().enumerate().collect();
    // Newest first: by the day they count on, then the order they were logged.
    rows.sort_by(|(ia, a), (ib, b)| {
        (b.effective_date, b.date, *ib).cmp(&(a.effective_date, a.date, *ia))
    });
    let count = rows.len();

    view! {
        <section class="panel" aria-labelledby="entries-title">
            <div class="panel-head">
                <h2 id="entries-title">"Work entries"</h2>
                <span class="muted small">{format!("{count} entries")}</span>
            </div>
            {actions
                .map(|a| {
                    view! {
                        <Outcome value=a.correct.value() ok=|_| "Entry corrected.".to_string() />
                        <Outcome
                            value=a.remark.value()
                            ok=|_| "Entry re-marked as our bug; its charge is reversed.".to_string()
                        />
                    }
                })}
            {if rows.is_empty() {
                view! { <p class="muted">"No work logged yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="entries">
                            <thead>
                                <tr>
                                    <th scope="col">"Date"</th>
                                    <th scope="col">"Work"</th>
                                    <th scope="col">"Kind"</th>
                                    <th scope="col" class="num">"Time"</th>
                                    <th scope="col">"Covered by"</th>
                                    <th scope="col" class="num">"Charged"</th>
                                    {correctable
                                        .is_some()
                                        .then(|| {
                                            view! {
                                                <th scope="col">
                                                    <span class="visually-hidden">"Actions"</span>
                                                </th>
                                            }
                                        })}
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|(_, e)| entry_row(e, &fmt, correctable.clone()))
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

fn kind_label(k: EntryKind) -> &'static str {
    match k {
        EntryKind::Support => "Support",
        EntryKind::Project => "Project",
        EntryKind::Billable => "Billable",
        EntryKind::Bug => "Our bug",
    }
}

fn entry_row(
    e: EntryResult,
    fmt: &format::Fmt,
    correctable: Option<(String, Option<Month>)>,
) -> impl IntoView + use<> {
    let actions = correctable.map(|(account, closed)| {
        let open = closed.is_none_or(|c| Month::of(e.effective_date) > c);
        entry_actions(&e, account, open, fmt)
    });
    let title = match e.url.clone() {
        Some(url) => view! {
            <a href=url rel="noopener noreferrer" target="_blank" class="ticket-link">
                {e.title.clone()}
            </a>
        }
        .into_any(),
        None => view! { <span>{e.title.clone()}</span> }.into_any(),
    };
    let moved = (e.effective_date != e.date).then(|| {
        view! { <div class="muted small">{format!("counts on {}", e.effective_date)}</div> }
    });
    let note =
        (!e.note.is_empty()).then(|| view! { <div class="muted small">{e.note.clone()}</div> });
    let rounded = (e.counted_minutes != e.minutes).then(|| {
        view! {
            <div class="muted small">{format!("counted {}", format::minutes(e.counted_minutes))}</div>
        }
    });
    let parts = e
        .parts
        .iter()
        .map(|p| {
            let charged = (!p.amount.is_zero()).then(|| format!(" · {}", fmt.money(p.amount)));
            view! {
                <li>
                    <span class=format!("badge badge-{}", source_class(p.source))>
                        {p.source.label()}
                    </span>
                    " "
                    {format::minutes(p.minutes)}
                    {charged}
                </li>
            }
        })
        .collect_view();
    let kind = e.kind;
    view! {
        <tr data-entry=e.id.clone()>
            <td class="nowrap">{e.date.to_string()} {moved}</td>
            <td>
                {title}
                <div class="muted small">{e.technician.clone()}</div>
                {note}
            </td>
            <td>
                <span class=format!("kind kind-{}", kind.as_str())>{kind_label(kind)}</span>
            </td>
            <td class="num nowrap" data-label="Time">{format::minutes(e.minutes)} {rounded}</td>
            <td>
                <ul class="parts">{parts}</ul>
            </td>
            <td class="num nowrap" data-label="Charged">{fmt.money(e.amount)}</td>
            {actions.map(|a| view! { <td class="row-actions">{a}</td> })}
        </tr>
    }
}

/// Correct (open months only) and re-mark as our bug.
fn entry_actions(
    e: &EntryResult,
    account: String,
    open: bool,
    fmt: &format::Fmt,
) -> impl IntoView + use<> {
    let a = use_actions();
    let id = e.id.to_string();
    let (minutes, title, url, note) = (
        e.minutes.get().to_string(),
        e.title.to_string(),
        e.url.as_deref().unwrap_or_default().to_string(),
        e.note.to_string(),
    );
    let p = |f: &str| format!("fix-{id}-{f}");
    let (p_minutes, p_title, p_url, p_note) = (p("minutes"), p("title"), p("url"), p("note"));
    let correct = open.then(|| {
        let (account, id, title) = (account.clone(), id.clone(), title.clone());
        view! {
            <details class="row-form">
                <summary>"Correct"</summary>
                <ActionForm action=a.correct attr:class="stack-form">
                    {submission_field(a.correct.value())}
                    <input type="hidden" name="account_id" value=account.clone() />
                    <input type="hidden" name="entry" value=id.clone() />
                    <label for=p_minutes.clone()>"Corrected minutes"</label>
                    <input id=p_minutes name="minutes" inputmode="numeric" value=minutes />
                    <label for=p_title.clone()>"Corrected title"</label>
                    <input id=p_title name="title" value=title.clone() />
                    <label for=p_url.clone()>"Corrected ticket link"</label>
                    <input id=p_url name="url" value=url />
                    <label for=p_note.clone()>"Corrected note"</label>
                    <input id=p_note name="note" value=note />
                    <button type="submit" disabled=move || a.correct.pending().get() class="button button-small">"Save correction"</button>
                </ActionForm>
            </details>
        }
    });
    // In a closed month a re-mark is a credit-back (POLICY §7): it issues a credit note, so it
    // asks first and says for how much.
    let prepaid: u32 = e
        .parts
        .iter()
        .filter(|p| p.lot.is_some())
        .map(|p| p.minutes.get())
        .sum();
    let credit_warning = format!(
        "This issues a credit note against the invoice of {}: {} net (plus VAT) back to the client{}. It cannot be undone.",
        Month::of(e.effective_date),
        fmt.money(e.amount),
        if prepaid > 0 {
            format!(
                ", and {} back to their hours",
                format::minutes(billing::Minutes::new(prepaid))
            )
        } else {
            String::new()
        }
    );
    let remark = (e.kind != EntryKind::Bug && e.credited_back_on.is_none()).then(move || {
        let label = if open {
            "Mark as our bug"
        } else {
            "Issue the credit note"
        };
        let form = view! {
            <ActionForm action=a.remark attr:class="inline-form">
                {submission_field(a.remark.value())}
                <input type="hidden" name="account_id" value=account.clone() />
                <input type="hidden" name="entry" value=id.clone() />
                <input type="hidden" name="kind" value="bug" />
                <button
                    type="submit"
                    disabled=move || a.remark.pending().get()
                    class=if open { "button button-ghost button-small" } else { "button button-danger button-small" }
                    aria-label=format!("{label}: {title}")
                >
                    {label}
                </button>
            </ActionForm>
        };
        if open {
            form.into_any()
        } else {
            view! {
                <Confirm label="Credit back (our bug)".into() warning=credit_warning>
                    {form}
                </Confirm>
            }
            .into_any()
        }
    });
    view! {
        {correct}
        {remark}
    }
}
