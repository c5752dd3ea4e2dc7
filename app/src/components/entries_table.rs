//! The account's work entries with how each one is covered (POLICY §3 parts).

use billing::{EntryKind, EntryResult, Month};
use leptos::prelude::*;

use crate::components::account::{Outcome, use_actions};
use crate::components::confirm::Confirm;
use crate::components::submission::submission_field;

use crate::components::preview::{source_class, source_text};
use crate::errors::AppError;
use crate::format;
use crate::i18n::*;
use crate::messages::error_text;
use api::work_filter::{MonthOfWork, NO_QUOTE, WorkFilter, months_of_work};

type I18n = leptos_i18n::I18nContext<Locale>;

#[component]
pub fn EntriesTable(
    entries: Vec<EntryResult>,
    fmt: format::Fmt,
    /// The account, for the filter form and the CSV download.
    account_id: String,
    /// What the log is narrowed to (the page's query), or why the query was refused.
    filter: Result<WorkFilter, AppError>,
    /// Quotes to filter by: id and title.
    quotes: Vec<(String, String)>,
    /// For staff: the account and its last closed month; entries of open months can be
    /// corrected, any entry re-marked as our bug (a credit-back once its month is closed).
    #[prop(default = None)]
    correctable: Option<(String, Option<Month>)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let actions = correctable.is_some().then(use_actions);
    let (filter, refused) = match filter {
        Ok(f) => (f, None),
        Err(e) => (WorkFilter::default(), Some(error_text(i18n, &e))),
    };
    let groups = months_of_work(&entries, &filter);
    let shown: usize = groups.iter().map(|g| g.entries.len()).sum();
    let total = entries.len();
    let count = if filter.is_empty() {
        t_string!(i18n, work.count_all, total = total).to_string()
    } else {
        t_string!(i18n, work.count_filtered, shown = shown, total = total).to_string()
    };
    let csv = csv_link(&account_id, &filter);
    let bar = filter_bar(&entries, &filter, quotes, &account_id, &fmt);
    let columns = if correctable.is_some() { 7 } else { 6 };

    view! {
        <section class="panel" aria-labelledby="entries-title">
            <div class="panel-head">
                <div>
                    <h2 id="entries-title">{t_string!(i18n, work.entries_title)}</h2>
                    <span class="muted small" data-testid="entries-count">{count}</span>
                </div>
                <a class="button button-ghost button-small" href=csv download="">
                    {t_string!(i18n, work.download_csv)}
                </a>
            </div>
            {bar}
            {refused.map(|e| view! { <p class="alert alert-error" role="alert">{e}</p> })}
            {actions
                .map(|a| {
                    view! {
                        <Outcome
                            value=a.correct.value()
                            ok=|_| {
                                let i18n = use_i18n();
                                t_string!(i18n, work.entry_corrected).to_string()
                            }
                        />
                        <Outcome
                            value=a.remark.value()
                            ok=|_| {
                                let i18n = use_i18n();
                                t_string!(i18n, work.entry_remarked).to_string()
                            }
                        />
                    }
                })}
            {if groups.is_empty() {
                let empty = if total == 0 {
                    t_string!(i18n, work.empty_none).to_string()
                } else {
                    t_string!(i18n, work.empty_filtered).to_string()
                };
                view! { <p class="muted">{empty}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table" data-testid="entries">
                            <thead>
                                <tr>
                                    <th scope="col">{t_string!(i18n, work.col_date)}</th>
                                    <th scope="col">{t_string!(i18n, work.col_work)}</th>
                                    <th scope="col">{t_string!(i18n, work.col_kind)}</th>
                                    <th scope="col" class="num">{t_string!(i18n, work.col_time)}</th>
                                    <th scope="col">{t_string!(i18n, work.col_covered)}</th>
                                    <th scope="col" class="num">{t_string!(i18n, work.col_charged)}</th>
                                    {correctable
                                        .is_some()
                                        .then(|| {
                                            view! {
                                                <th scope="col">
                                                    <span class="visually-hidden">{t_string!(i18n, work.col_actions)}</span>
                                                </th>
                                            }
                                        })}
                                </tr>
                            </thead>
                            {groups
                                .into_iter()
                                .map(|g| month_group(g, &fmt, correctable.clone(), columns))
                                .collect_view()}
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The download of what the filter shows: `/accounts/{id}/work.csv?month=…`.
fn csv_link(account_id: &str, filter: &WorkFilter) -> String {
    let query: Vec<String> = filter
        .query()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", urlencoding_light(&v)))
        .collect();
    let base = format!("/accounts/{account_id}/work.csv");
    if query.is_empty() {
        base
    } else {
        format!("{base}?{}", query.join("&"))
    }
}

/// Percent-encodes what a filter value may hold (names with spaces and accents).
fn urlencoding_light(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One month of entries under a heading row with its totals.
fn month_group(
    g: MonthOfWork,
    fmt: &format::Fmt,
    correctable: Option<(String, Option<Month>)>,
    columns: usize,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let entries = if g.entries.len() == 1 {
        t_string!(i18n, work.entries_single).to_string()
    } else {
        t_string!(i18n, work.entries_count, n = g.entries.len()).to_string()
    };
    let heading = t_string!(
        i18n,
        work.month_heading,
        month = fmt.month(g.month),
        entries = entries,
        time = format::minutes(g.minutes),
        charged = fmt.money(g.charged)
    )
    .to_string();
    view! {
        <tbody data-month=g.month.to_string()>
            <tr class="month-row">
                <th scope="rowgroup" colspan=columns.to_string()>{heading}</th>
            </tr>
            {g.entries
                .into_iter()
                .map(|e| entry_row(e, fmt, correctable.clone()))
                .collect_view()}
        </tbody>
    }
}

/// The filter form: a plain GET, so it works before the page hydrates and the URL can be
/// bookmarked; choices are what the log holds.
fn filter_bar(
    entries: &[EntryResult],
    filter: &WorkFilter,
    quotes: Vec<(String, String)>,
    account_id: &str,
    fmt: &format::Fmt,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let mut months: Vec<Month> = entries
        .iter()
        .map(|e| Month::of(e.effective_date))
        .collect();
    months.sort_unstable_by(|a, b| b.cmp(a));
    months.dedup();
    let mut people: Vec<String> = entries.iter().map(|e| e.technician.to_string()).collect();
    people.sort_unstable();
    people.dedup();
    let chosen = |now: bool| now.then_some("selected");
    let month_options = months
        .into_iter()
        .map(|m| {
            let sel = chosen(filter.month == Some(m));
            view! { <option value=m.to_string() selected=sel>{fmt.month(m)}</option> }
        })
        .collect_view();
    let people_options = people
        .into_iter()
        .map(|p| {
            let sel = chosen(filter.technician.as_deref() == Some(p.as_str()));
            view! { <option value=p.clone() selected=sel>{p.clone()}</option> }
        })
        .collect_view();
    let kind_options = [
        EntryKind::Support,
        EntryKind::Project,
        EntryKind::Billable,
        EntryKind::Bug,
    ]
    .into_iter()
    .map(|k| {
        let sel = chosen(filter.kind == Some(k));
        view! { <option value=k.as_str() selected=sel>{kind_label(i18n, k)}</option> }
    })
    .collect_view();
    let no_quote = chosen(filter.quote.as_deref() == Some(NO_QUOTE));
    let quote_options = quotes
        .into_iter()
        .map(|(id, title)| {
            let sel = chosen(filter.quote.as_deref() == Some(id.as_str()));
            view! { <option value=id selected=sel>{title}</option> }
        })
        .collect_view();
    let clear = (!filter.is_empty()).then(|| {
        view! { <a class="button button-ghost button-small" href=format!("/accounts/{account_id}/work")>{t_string!(i18n, work.filter_show_all)}</a> }
    });
    view! {
        <form method="get" class="inline-form filter-bar" data-testid="work-filter">
            <div class="field">
                <label for="filter-month">{t_string!(i18n, work.filter_month)}</label>
                <select id="filter-month" name="month">
                    <option value="">{t_string!(i18n, work.filter_all_months)}</option>
                    {month_options}
                </select>
            </div>
            <div class="field">
                <label for="filter-technician">{t_string!(i18n, work.filter_technician)}</label>
                <select id="filter-technician" name="technician">
                    <option value="">{t_string!(i18n, work.filter_everyone)}</option>
                    {people_options}
                </select>
            </div>
            <div class="field">
                <label for="filter-kind">{t_string!(i18n, work.filter_kind)}</label>
                <select id="filter-kind" name="kind">
                    <option value="">{t_string!(i18n, work.filter_all_kinds)}</option>
                    {kind_options}
                </select>
            </div>
            <div class="field">
                <label for="filter-quote">{t_string!(i18n, work.filter_quote)}</label>
                <select id="filter-quote" name="quote">
                    <option value="">{t_string!(i18n, work.filter_any_quote)}</option>
                    <option value=NO_QUOTE selected=no_quote>{t_string!(i18n, work.filter_no_quote)}</option>
                    {quote_options}
                </select>
            </div>
            <button type="submit" class="button button-small">{t_string!(i18n, work.filter_submit)}</button>
            {clear}
        </form>
    }
}

fn kind_label(i18n: I18n, k: EntryKind) -> String {
    match k {
        EntryKind::Support => t_string!(i18n, work.kind_support).to_string(),
        EntryKind::Project => t_string!(i18n, work.kind_project).to_string(),
        EntryKind::Billable => t_string!(i18n, work.kind_billable).to_string(),
        EntryKind::Bug => t_string!(i18n, work.kind_bug).to_string(),
    }
}

fn entry_row(
    e: EntryResult,
    fmt: &format::Fmt,
    correctable: Option<(String, Option<Month>)>,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
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
        view! { <div class="muted small">{t_string!(i18n, work.counts_on, date = fmt.date(e.effective_date)).to_string()}</div> }
    });
    let note =
        (!e.note.is_empty()).then(|| view! { <div class="muted small">{e.note.clone()}</div> });
    let rounded = (e.counted_minutes != e.minutes).then(|| {
        view! {
            <div class="muted small">{t_string!(i18n, work.counted, time = format::minutes(e.counted_minutes)).to_string()}</div>
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
                        {source_text(p.source)}
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
            <td class="nowrap" data-label=t_string!(i18n, work.col_date).to_string()>{fmt.date(e.date)} {moved}</td>
            <td>
                {title}
                <div class="muted small">{e.technician.clone()}</div>
                {note}
            </td>
            <td>
                <span class=format!("kind kind-{}", kind.as_str())>{kind_label(i18n, kind)}</span>
            </td>
            <td class="num nowrap" data-label=t_string!(i18n, work.col_time).to_string()>{format::minutes(e.minutes)} {rounded}</td>
            <td>
                <ul class="parts">{parts}</ul>
            </td>
            <td class="num nowrap" data-label=t_string!(i18n, work.col_charged).to_string()>{fmt.money(e.amount)}</td>
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
    let i18n = use_i18n();
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
                <summary>{t_string!(i18n, work.correct)}</summary>
                <ActionForm action=a.correct attr:class="stack-form">
                    {submission_field(a.correct.value())}
                    <input type="hidden" name="account_id" value=account.clone() />
                    <input type="hidden" name="entry" value=id.clone() />
                    <label for=p_minutes.clone()>{t_string!(i18n, work.correct_minutes)}</label>
                    <input id=p_minutes name="minutes" inputmode="numeric" value=minutes />
                    <label for=p_title.clone()>{t_string!(i18n, work.correct_title)}</label>
                    <input id=p_title name="title" value=title.clone() />
                    <label for=p_url.clone()>{t_string!(i18n, work.correct_url)}</label>
                    <input id=p_url name="url" value=url />
                    <label for=p_note.clone()>{t_string!(i18n, work.correct_note)}</label>
                    <input id=p_note name="note" value=note />
                    <button type="submit" disabled=move || a.correct.pending().get() class="button button-small">{t_string!(i18n, work.correct_save)}</button>
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
    let credit_warning = if prepaid > 0 {
        t_string!(
            i18n,
            work.credit_warning_hours,
            month = fmt.month(Month::of(e.effective_date)),
            amount = fmt.money(e.amount),
            hours = format::minutes(billing::Minutes::new(prepaid))
        )
        .to_string()
    } else {
        t_string!(
            i18n,
            work.credit_warning,
            month = fmt.month(Month::of(e.effective_date)),
            amount = fmt.money(e.amount)
        )
        .to_string()
    };
    let remark = (e.kind != EntryKind::Bug && e.credited_back_on.is_none()).then(move || {
        let label = if open {
            t_string!(i18n, work.remark_open).to_string()
        } else {
            t_string!(i18n, work.remark_closed).to_string()
        };
        let aria = format!("{label}: {title}");
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
                    aria-label=aria
                >
                    {label}
                </button>
            </ActionForm>
        };
        if open {
            form.into_any()
        } else {
            view! {
                <Confirm label=t_string!(i18n, work.remark_confirm).to_string() warning=credit_warning>
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
