//! The account's work entries with how each one is covered (RULES §3 parts).

use billing::{EntryKind, EntryResult};
use leptos::prelude::*;

use crate::components::preview::source_class;
use crate::format;

#[component]
pub fn EntriesTable(entries: Vec<EntryResult>, currency: String) -> impl IntoView {
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
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|(_, e)| entry_row(e, &currency))
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

fn entry_row(e: EntryResult, currency: &str) -> impl IntoView + use<> {
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
            let charged =
                (!p.amount.is_zero()).then(|| format!(" · {}", format::money(p.amount, currency)));
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
            <td class="num nowrap">{format::minutes(e.minutes)} {rounded}</td>
            <td>
                <ul class="parts">{parts}</ul>
            </td>
            <td class="num nowrap">{format::money(e.amount, currency)}</td>
        </tr>
    }
}
