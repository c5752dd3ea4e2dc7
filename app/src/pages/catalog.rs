//! The catalog (admin): what the agency sells in each currency, and the forms that change it.
//! A save makes a new version; what was bought keeps its terms (README "Changing prices").

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::account::{Field, field_error};
use crate::components::session::ToSignIn;
use crate::errors::AppError;
use crate::format::Fmt;
use crate::i18n::*;
use crate::messages::error_text;
use crate::server_fns::catalog::{
    RemovePlan, RemoveTier, SavePackTerms, SavePlan, SaveRates, SaveTier, show_catalog,
};
use api::catalog::{CatalogSaved, CatalogView};
use billing::{Catalog, FeePeriod, Minutes, PackTier, Plan, PlanTerms, Seller};

type I18n = leptos_i18n::I18nContext<Locale>;

/// Told by every form when it saved: the page reloads the catalogs and says which version.
#[derive(Clone, Copy)]
struct Saved {
    count: RwSignal<u64>,
    last: RwSignal<Option<(String, i64)>>,
}

impl Saved {
    /// Watch `value` (an action's result) and report a save.
    fn watch(self, currency: String, value: Signal<Option<Result<CatalogSaved, AppError>>>) {
        Effect::new(move |_| {
            if let Some(Ok(s)) = value.get() {
                self.last.set(Some((currency.clone(), s.version)));
                self.count.update(|n| *n += 1);
            }
        });
    }
}

/// The form's refusal that belongs to no field (a conflict, a lost session).
fn form_error(i18n: I18n, value: Option<Result<CatalogSaved, AppError>>) -> Option<AnyView> {
    match value? {
        Err(e @ AppError::Invalid { .. }) => Some(
            view! {
                <p class="alert alert-error" role="alert">
                    {t_string!(i18n, account.not_saved, error = error_text(i18n, &e)).to_string()}
                </p>
            }
            .into_any(),
        ),
        Err(e) => Some(
            view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }
                .into_any(),
        ),
        Ok(_) => None,
    }
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let saved = Saved {
        count: RwSignal::new(0),
        last: RwSignal::new(None),
    };
    let data = Resource::new(move || saved.count.get(), |_| show_catalog());
    view! {
        <Title text=t_string!(i18n, catalog.title).to_string() />
        <div class="page-head">
            <h1>{t_string!(i18n, catalog.title)}</h1>
            <p class="muted">{t_string!(i18n, catalog.intro)}</p>
        </div>
        {move || {
            saved.last.get().map(|(currency, version)| {
                view! {
                    <p class="alert alert-success" role="status" data-testid="catalog-saved">
                        {t_string!(i18n, catalog.saved, currency = currency, version = version).to_string()}
                    </p>
                }
            })
        }}
        <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, catalog.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                    Err(e) => view! { <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    Ok(page) => {
                        let first = page.first_rates_month.format("%Y-%m").to_string();
                        page.catalogs
                            .into_iter()
                            .map(|c| view! { <CurrencyCatalog view=c first_month=first.clone() saved=saved /> })
                            .collect_view()
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn CurrencyCatalog(view: CatalogView, first_month: String, saved: Saved) -> impl IntoView {
    let i18n = use_i18n();
    let currency = view.catalog.currency.to_string();
    let fmt = Fmt::new(currency.clone(), i18n.get_locale().as_str());
    let key = FormKey {
        currency: currency.clone(),
        version: view.version.to_string(),
    };
    let heading_id = format!("catalog-{currency}");
    let c = view.catalog;
    view! {
        <section class="panel catalog" aria-labelledby=heading_id.clone() data-currency=currency.clone()>
            <h2 id=heading_id.clone()>
                {t_string!(i18n, catalog.currency_title, currency = currency.clone(), version = view.version).to_string()}
            </h2>
            <p class="muted small">{t_string!(i18n, catalog.accounts_using, count = view.accounts).to_string()}</p>
            <Tiers catalog=c.clone() fmt=fmt.clone() key=key.clone() saved=saved />
            <Plans catalog=c.clone() fmt=fmt.clone() key=key.clone() saved=saved />
            <PackTermsSection catalog=c.clone() key=key.clone() saved=saved />
            <RatesSection catalog=c fmt=fmt key=key first_month=first_month saved=saved />
            <Versions view_versions=view.versions />
        </section>
    }
}

/// The hidden fields every catalog form sends: which catalog, and the version it edits.
#[derive(Clone)]
struct FormKey {
    currency: String,
    version: String,
}

impl FormKey {
    fn hidden(&self) -> impl IntoView + use<> {
        let (currency, version) = (self.currency.clone(), self.version.clone());
        view! {
            <input type="hidden" name="currency" value=currency />
            <input type="hidden" name="version" value=version />
        }
    }

    /// A unique id for a form field of `what` on this page.
    fn id(&self, what: &str) -> String {
        format!("{}-{what}", self.currency.to_lowercase())
    }
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map(f).unwrap_or_default()
}

#[component]
fn Tiers(catalog: Catalog, fmt: Fmt, key: FormKey, saved: Saved) -> impl IntoView {
    let i18n = use_i18n();
    let standard = catalog.standard_rate;
    let rows = catalog
        .pack_tiers
        .iter()
        .map(|t| {
            let size = t.minutes.map_or_else(|| t_string!(i18n, catalog.size_chosen).to_string(), |m| m.human());
            let rate = match (t.rate, standard) {
                (Some(r), _) => fmt.rate(r),
                (None, Some(s)) => t_string!(i18n, catalog.rate_standard, rate = fmt.rate(s)).to_string(),
                (None, None) => "—".to_string(),
            };
            let validity = t.validity_months.map_or_else(
                || t_string!(i18n, catalog.never_expires).to_string(),
                |n| t_string!(i18n, catalog.months, count = n).to_string(),
            );
            view! {
                <tr data-tier=t.id.clone()>
                    <td><strong>{t.name.clone()}</strong><br /><span class="muted small">{t.id.clone()}</span></td>
                    <td data-label=t_string!(i18n, catalog.col_size).to_string()>{size}</td>
                    <td data-label=t_string!(i18n, catalog.col_rate).to_string() class="num">{rate}</td>
                    <td data-label=t_string!(i18n, catalog.col_validity).to_string()>{validity}</td>
                </tr>
            }
        })
        .collect_view();
    let editors = catalog
        .pack_tiers
        .iter()
        .map(|t| {
            view! {
                <details class="editor" data-tier=t.id.clone()>
                    <summary>{t_string!(i18n, catalog.edit_named, name = t.name.clone()).to_string()}</summary>
                    <TierEditor tier=Some(t.clone()) key=key.clone() saved=saved />
                </details>
            }
        })
        .collect_view();
    view! {
        <h3>{t_string!(i18n, catalog.tiers_title)}</h3>
        <div class="table-wrap">
            <table class="table" data-testid="tiers">
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, catalog.col_tier)}</th>
                        <th scope="col">{t_string!(i18n, catalog.col_size)}</th>
                        <th scope="col" class="num">{t_string!(i18n, catalog.col_rate)}</th>
                        <th scope="col">{t_string!(i18n, catalog.col_validity)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="editors">
            {editors}
            <details class="editor">
                <summary>{t_string!(i18n, catalog.add_tier)}</summary>
                <TierEditor tier=None key=key saved=saved />
            </details>
        </div>
    }
}

#[component]
fn TierEditor(tier: Option<PackTier>, key: FormKey, saved: Saved) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveTier>::new();
    let remove = ServerAction::<RemoveTier>::new();
    saved.watch(key.currency.clone(), save.value().into());
    saved.watch(key.currency.clone(), remove.value().into());
    let err = move |f| field_error(save.value(), f);
    let existing = tier.is_some();
    let t = tier.unwrap_or(PackTier {
        id: String::new(),
        name: String::new(),
        minutes: None,
        rate: None,
        validity_months: None,
        seller: Seller::Agency,
    });
    let p = key.id(&format!(
        "tier-{}",
        if existing { t.id.as_str() } else { "new" }
    ));
    let seller_error = err("seller");
    let id_field = if existing {
        view! { <input type="hidden" name="tier[id]" value=t.id.clone() /> }.into_any()
    } else {
        view! {
            <Field label=t_string!(i18n, catalog.id).to_string() name="tier[id]" id=format!("{p}-id")
                hint=t_string!(i18n, catalog.id_hint).to_string() error=err("id") />
        }
        .into_any()
    };
    let remove_key = key.clone();
    let remove_form = existing.then(|| {
        let (id, key) = (t.id.clone(), remove_key);
        view! {
            <ActionForm action=remove attr:class="inline-form">
                {key.hidden()}
                <input type="hidden" name="id" value=id />
                <button type="submit" class="button button-ghost button-small" disabled=move || remove.pending().get()>
                    {t_string!(i18n, catalog.remove_tier)}
                </button>
            </ActionForm>
        }
    });
    view! {
        <ActionForm action=save attr:class="stack-form" attr:novalidate=true>
            {move || form_error(i18n, save.value().get())}
            {move || form_error(i18n, remove.value().get())}
            {key.hidden()}
            {id_field}
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.name).to_string() name="tier[name]" id=format!("{p}-name") value=t.name.clone() error=err("name") />
                <Field label=t_string!(i18n, catalog.hours).to_string() name="tier[hours]" id=format!("{p}-hours") kind="text"
                    value=opt(t.minutes, |m| (m.get() / 60).to_string()) hint=t_string!(i18n, catalog.hours_hint).to_string() error=err("hours") />
            </div>
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.rate).to_string() name="tier[rate]" id=format!("{p}-rate")
                    value=opt(t.rate, |r| r.to_string()) hint=t_string!(i18n, catalog.rate_hint).to_string() error=err("rate") />
                <Field label=t_string!(i18n, catalog.validity).to_string() name="tier[validity_months]" id=format!("{p}-validity")
                    value=opt(t.validity_months, |n| n.to_string()) hint=t_string!(i18n, catalog.validity_hint).to_string() error=err("validity_months") />
            </div>
            <div class="field" class:has-error=move || seller_error.get().is_some()>
                <label for=format!("{p}-seller")>{t_string!(i18n, catalog.seller)}</label>
                <select id=format!("{p}-seller") name="tier[seller]">
                    <option value="agency" selected=t.seller == Seller::Agency>{t_string!(i18n, catalog.seller_agency)}</option>
                    <option value="developer" selected=t.seller == Seller::Developer>{t_string!(i18n, catalog.seller_developer)}</option>
                </select>
                <p class="field-error">{move || seller_error.get()}</p>
            </div>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {t_string!(i18n, catalog.save_tier)}
            </button>
        </ActionForm>
        {remove_form}
    }
}

fn plan_terms_text(i18n: I18n, fmt: &Fmt, plan: &Plan) -> String {
    match &plan.terms {
        PlanTerms::Maintenance {
            fee,
            fee_period,
            included_minutes,
            overage_rate,
            ..
        } => {
            let fee = match (fee, fee_period) {
                (None, _) => t_string!(i18n, catalog.by_agreement).to_string(),
                (Some(f), FeePeriod::Monthly) => {
                    t_string!(i18n, catalog.per_month, amount = fmt.money(*f)).to_string()
                }
                (Some(f), FeePeriod::Annual) => {
                    t_string!(i18n, catalog.per_year, amount = fmt.money(*f)).to_string()
                }
            };
            t_string!(
                i18n,
                catalog.maintenance_terms,
                fee = fee,
                included = included_minutes.human(),
                overage = fmt.rate(*overage_rate)
            )
            .to_string()
        }
        PlanTerms::PostPaid {
            plan_rate,
            monthly_minutes,
            overage_rate,
        } => t_string!(
            i18n,
            catalog.post_paid_terms,
            minutes = monthly_minutes.human(),
            rate = fmt.rate(*plan_rate),
            overage = fmt.rate(*overage_rate)
        )
        .to_string(),
    }
}

#[component]
fn Plans(catalog: Catalog, fmt: Fmt, key: FormKey, saved: Saved) -> impl IntoView {
    let i18n = use_i18n();
    let rows = catalog
        .plans
        .iter()
        .map(|p| {
            view! {
                <tr data-plan=p.id.clone()>
                    <td><strong>{p.name.clone()}</strong><br /><span class="muted small">{p.id.clone()}</span></td>
                    <td data-label=t_string!(i18n, catalog.col_terms).to_string()>{plan_terms_text(i18n, &fmt, p)}</td>
                </tr>
            }
        })
        .collect_view();
    let editors = catalog
        .plans
        .iter()
        .map(|p| {
            view! {
                <details class="editor" data-plan=p.id.clone()>
                    <summary>{t_string!(i18n, catalog.edit_named, name = p.name.clone()).to_string()}</summary>
                    <PlanEditor plan=Some(p.clone()) key=key.clone() saved=saved />
                </details>
            }
        })
        .collect_view();
    view! {
        <h3>{t_string!(i18n, catalog.plans_title)}</h3>
        <p class="muted small">{t_string!(i18n, catalog.plans_hint)}</p>
        <div class="table-wrap">
            <table class="table" data-testid="plans">
                <thead>
                    <tr>
                        <th scope="col">{t_string!(i18n, catalog.col_plan)}</th>
                        <th scope="col">{t_string!(i18n, catalog.col_terms)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <div class="editors">
            {editors}
            <details class="editor">
                <summary>{t_string!(i18n, catalog.add_plan)}</summary>
                <PlanEditor plan=None key=key saved=saved />
            </details>
        </div>
    }
}

#[component]
fn PlanEditor(plan: Option<Plan>, key: FormKey, saved: Saved) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePlan>::new();
    let remove = ServerAction::<RemovePlan>::new();
    saved.watch(key.currency.clone(), save.value().into());
    saved.watch(key.currency.clone(), remove.value().into());
    let err = move |f| field_error(save.value(), f);
    let existing = plan.is_some();
    let p = plan.unwrap_or(Plan {
        id: String::new(),
        name: String::new(),
        terms: PlanTerms::Maintenance {
            fee: None,
            fee_period: FeePeriod::Monthly,
            included_minutes: Minutes::ZERO,
            overage_rate: billing::Rate::default(),
            carryover_cap_minutes: None,
            carryover_months: None,
        },
        rounding_increment_minutes: 1,
        minimum_minutes: 0,
    });
    let (kind, fee, period, plan_rate, cap, months) = match &p.terms {
        PlanTerms::Maintenance {
            fee,
            fee_period,
            carryover_cap_minutes,
            carryover_months,
            ..
        } => (
            "maintenance",
            opt(*fee, |f| f.to_string()),
            *fee_period,
            String::new(),
            opt(*carryover_cap_minutes, |m| m.get().to_string()),
            opt(*carryover_months, |n| n.to_string()),
        ),
        PlanTerms::PostPaid { plan_rate, .. } => (
            "post_paid",
            String::new(),
            FeePeriod::Monthly,
            plan_rate.to_string(),
            String::new(),
            String::new(),
        ),
    };
    let included = if existing {
        p.monthly_minutes().get().to_string()
    } else {
        String::new()
    };
    let overage = if existing {
        p.overage_rate().to_string()
    } else {
        String::new()
    };
    let f = key.id(&format!(
        "plan-{}",
        if existing { p.id.as_str() } else { "new" }
    ));
    let id_field = if existing {
        view! { <input type="hidden" name="plan[id]" value=p.id.clone() /> }.into_any()
    } else {
        view! {
            <Field label=t_string!(i18n, catalog.id).to_string() name="plan[id]" id=format!("{f}-id")
                hint=t_string!(i18n, catalog.id_hint).to_string() error=err("id") />
        }
        .into_any()
    };
    let remove_key = key.clone();
    let remove_form = existing.then(|| {
        let (id, key) = (p.id.clone(), remove_key);
        view! {
            <ActionForm action=remove attr:class="inline-form">
                {key.hidden()}
                <input type="hidden" name="id" value=id />
                <button type="submit" class="button button-ghost button-small" disabled=move || remove.pending().get()>
                    {t_string!(i18n, catalog.remove_plan)}
                </button>
            </ActionForm>
        }
    });
    view! {
        <ActionForm action=save attr:class="stack-form" attr:novalidate=true>
            {move || form_error(i18n, save.value().get())}
            {move || form_error(i18n, remove.value().get())}
            {key.hidden()}
            {id_field}
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.name).to_string() name="plan[name]" id=format!("{f}-name") value=p.name.clone() error=err("name") />
                <div class="field">
                    <label for=format!("{f}-kind")>{t_string!(i18n, catalog.kind)}</label>
                    <select id=format!("{f}-kind") name="plan[kind]">
                        <option value="maintenance" selected=kind == "maintenance">{t_string!(i18n, catalog.kind_maintenance)}</option>
                        <option value="post_paid" selected=kind == "post_paid">{t_string!(i18n, catalog.kind_post_paid)}</option>
                    </select>
                </div>
            </div>
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.fee).to_string() name="plan[fee]" id=format!("{f}-fee") value=fee
                    hint=t_string!(i18n, catalog.fee_hint).to_string() error=err("fee") />
                <div class="field">
                    <label for=format!("{f}-period")>{t_string!(i18n, catalog.fee_period)}</label>
                    <select id=format!("{f}-period") name="plan[fee_period]">
                        <option value="monthly" selected=period == FeePeriod::Monthly>{t_string!(i18n, catalog.monthly)}</option>
                        <option value="annual" selected=period == FeePeriod::Annual>{t_string!(i18n, catalog.annual)}</option>
                    </select>
                </div>
            </div>
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.included).to_string() name="plan[included]" id=format!("{f}-included") value=included
                    hint=t_string!(i18n, catalog.included_hint).to_string() error=err("included") />
                <Field label=t_string!(i18n, catalog.plan_rate).to_string() name="plan[plan_rate]" id=format!("{f}-plan-rate") value=plan_rate
                    hint=t_string!(i18n, catalog.plan_rate_hint).to_string() error=err("plan_rate") />
                <Field label=t_string!(i18n, catalog.overage_rate).to_string() name="plan[overage_rate]" id=format!("{f}-overage") value=overage error=err("overage_rate") />
            </div>
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.rounding).to_string() name="plan[rounding]" id=format!("{f}-rounding")
                    value=p.rounding_increment_minutes.to_string() error=err("rounding") />
                <Field label=t_string!(i18n, catalog.minimum).to_string() name="plan[minimum]" id=format!("{f}-minimum")
                    value=p.minimum_minutes.to_string() error=err("minimum") />
            </div>
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.carryover_cap).to_string() name="plan[carryover_cap]" id=format!("{f}-cap") value=cap
                    hint=t_string!(i18n, catalog.carryover_cap_hint).to_string() error=err("carryover_cap") />
                <Field label=t_string!(i18n, catalog.carryover_months).to_string() name="plan[carryover_months]" id=format!("{f}-carry-months") value=months
                    hint=t_string!(i18n, catalog.carryover_months_hint).to_string() error=err("carryover_months") />
            </div>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {t_string!(i18n, catalog.save_plan)}
            </button>
        </ActionForm>
        {remove_form}
    }
}

#[component]
fn PackTermsSection(catalog: Catalog, key: FormKey, saved: Saved) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePackTerms>::new();
    saved.watch(key.currency.clone(), save.value().into());
    let err = move |f| field_error(save.value(), f);
    let f = key.id("terms");
    let bulk = catalog.bulk_discount;
    view! {
        <h3>{t_string!(i18n, catalog.terms_title)}</h3>
        <p class="muted small">{t_string!(i18n, catalog.terms_hint)}</p>
        <ActionForm action=save attr:class="stack-form" attr:novalidate=true>
            {move || form_error(i18n, save.value().get())}
            {key.hidden()}
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.bulk_hours).to_string() name="terms[bulk_hours]" id=format!("{f}-bulk-hours")
                    value=opt(bulk, |b| (b.min_minutes.get() / 60).to_string()) hint=t_string!(i18n, catalog.bulk_hours_hint).to_string() error=err("bulk_hours") />
                <Field label=t_string!(i18n, catalog.bulk_percent).to_string() name="terms[bulk_percent]" id=format!("{f}-bulk-percent")
                    value=opt(bulk, |b| b.percent.to_string()) error=err("bulk_percent") />
            </div>
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.window_days).to_string() name="terms[renewal_window_days]" id=format!("{f}-window")
                    value=catalog.renewal_window_days.to_string() error=err("renewal_window_days") />
                <Field label=t_string!(i18n, catalog.grace_days).to_string() name="terms[grace_days]" id=format!("{f}-grace")
                    value=catalog.grace_days.to_string() error=err("grace_days") />
                <Field label=t_string!(i18n, catalog.commission).to_string() name="terms[commission]" id=format!("{f}-commission")
                    value=catalog.commission.to_string() error=err("commission") />
            </div>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {t_string!(i18n, catalog.save_terms)}
            </button>
        </ActionForm>
    }
}

#[component]
fn RatesSection(
    catalog: Catalog,
    fmt: Fmt,
    key: FormKey,
    first_month: String,
    saved: Saved,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveRates>::new();
    saved.watch(key.currency.clone(), save.value().into());
    let err = move |f| field_error(save.value(), f);
    let f = key.id("rates");
    let standard = |r: Option<billing::Rate>| r.map_or_else(|| "—".to_string(), |r| fmt.rate(r));
    let now = t_string!(
        i18n,
        catalog.rates_now,
        vat = catalog.vat_rate.to_string(),
        standard = standard(catalog.standard_rate)
    )
    .to_string();
    let changes = catalog
        .rate_changes
        .iter()
        .map(|r| {
            view! {
                <li>{t_string!(i18n, catalog.rates_from, date = fmt.date(r.from), vat = r.vat_rate.to_string(), standard = standard(r.standard_rate)).to_string()}</li>
            }
        })
        .collect_view();
    view! {
        <h3>{t_string!(i18n, catalog.rates_title)}</h3>
        <p data-testid="rates-now">{now}</p>
        <ul class="plain-list" data-testid="rate-changes">{changes}</ul>
        <p class="muted small">{t_string!(i18n, catalog.rates_hint)}</p>
        <ActionForm action=save attr:class="stack-form" attr:novalidate=true>
            {move || form_error(i18n, save.value().get())}
            {key.hidden()}
            <div class="field-row">
                <Field label=t_string!(i18n, catalog.rates_month).to_string() name="rates[from]" id=format!("{f}-from") kind="month"
                    value=first_month.clone() error=err("from") />
                <Field label=t_string!(i18n, catalog.vat_rate).to_string() name="rates[vat_rate]" id=format!("{f}-vat")
                    value=catalog.vat_rate.to_string() error=err("vat_rate") />
                <Field label=t_string!(i18n, catalog.standard_rate).to_string() name="rates[standard_rate]" id=format!("{f}-standard")
                    value=opt(catalog.standard_rate, |r| r.to_string()) error=err("standard_rate") />
            </div>
            <button type="submit" class="button" disabled=move || save.pending().get()>
                {t_string!(i18n, catalog.save_rates)}
            </button>
        </ActionForm>
    }
}

#[component]
fn Versions(view_versions: Vec<api::catalog::CatalogVersionLine>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = view_versions
        .into_iter()
        .map(|v| {
            let by = v
                .saved_by
                .unwrap_or_else(|| t_string!(i18n, catalog.saved_by_setup).to_string());
            view! {
                <tr>
                    <td class="num">{v.version}</td>
                    <td data-label=t_string!(i18n, catalog.col_saved_by).to_string()>{by}</td>
                    <td data-label=t_string!(i18n, catalog.col_saved_at).to_string() class="nowrap">
                        {v.saved_at.get(..16).unwrap_or(&v.saved_at).replace('T', " ") + " UTC"}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="versions">
            <summary>{t_string!(i18n, catalog.versions_title)}</summary>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col" class="num">{t_string!(i18n, catalog.col_version)}</th>
                            <th scope="col">{t_string!(i18n, catalog.col_saved_by)}</th>
                            <th scope="col">{t_string!(i18n, catalog.col_saved_at)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}
