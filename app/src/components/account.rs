//! The frame of every account page: loads the account (history, ledger, documents) once,
//! with what its tab shows beside it (`Loads`),
//! shows its header and tabs, and owns the page's server actions so a successful change
//! reloads the figures while the action's message stays on screen.

use leptos::prelude::*;
use leptos::reactive::signal::MappedSignal;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::auth::{Me, Role};
use crate::components::session::{ToSignIn, use_session};
use crate::errors::AppError;
use crate::format::AccountFmt as _;
use crate::i18n::*;
use crate::messages::{error_text, reason_text};
use crate::model::{DocumentRow, WorkLogData};
use crate::pages::not_found::NotFound;
use crate::server_fns::close::CloseMonth;
use crate::server_fns::costs::{ChangeTerms, ReinvoiceCost, SetPlan};
use crate::server_fns::documents::document_rows;
use crate::server_fns::entries::{CorrectEntry, RedeemQuote, RemarkEntry};
use crate::server_fns::licences::RegisterLicence;
use crate::server_fns::packs::{CancelPack, OrderPack, RecordPayment, RefundPack};
use crate::server_fns::quotes::{DecideQuote, OfferQuote};
use crate::server_fns::service_levels::show_account_sla;
use crate::server_fns::{LogEntry, get_work_log};
use api::hydration::Embedded;
use api::service_levels::AccountSla;

/// The account pages' tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Dashboard,
    Work,
    Packs,
    Quotes,
    Manage,
}

/// What an account page renders from.
#[derive(Clone)]
pub struct PageData {
    pub data: WorkLogData,
    pub me: Me,
    pub loads: Loads,
}

/// What a tab shows beside the account's data, each from its own server function.
///
/// Created by [`AccountPage`] next to the data, never inside the page's `Transition`: Leptos
/// runs a Suspense's children again while it settles, and a resource created there was
/// fetched and embedded twice per page (BENCHMARKS.md "The dashboard's embedded data").
/// Loaded alongside the data, not after it, and again after every change the page makes.
#[derive(Clone, Copy)]
pub struct Loads {
    /// The account's documents, as the list shows them (dashboard and work log).
    pub documents: Option<Resource<Result<Vec<DocumentRow>, AppError>>>,
    /// Its service levels (dashboard).
    pub sla: Option<Resource<Result<Option<AccountSla>, AppError>>>,
}

impl Loads {
    fn new(tab: Tab, key: impl Fn() -> (String, u32) + Copy + Send + Sync + 'static) -> Loads {
        Loads {
            documents: matches!(tab, Tab::Dashboard | Tab::Work)
                .then(|| Resource::new(key, |(id, _)| document_rows(id))),
            sla: (tab == Tab::Dashboard)
                .then(|| Resource::new(key, |(id, _)| show_account_sla(id))),
        }
    }
}

impl PageData {
    pub fn role(&self) -> Role {
        self.me.role
    }
    pub fn is_admin(&self) -> bool {
        self.me.role == Role::Admin
    }
    pub fn is_staff(&self) -> bool {
        matches!(self.me.role, Role::Admin | Role::Technician)
    }
    /// Approving quotes and buying packs is the client's call (or the agency's on its behalf).
    pub fn buys(&self) -> bool {
        matches!(self.me.role, Role::Admin | Role::Client)
    }
}

/// Every change an account page can make. Created once per page, outside the part that
/// re-renders when the data reloads.
#[derive(Clone, Copy)]
pub struct Actions {
    pub log: ServerAction<LogEntry>,
    pub decide: ServerAction<DecideQuote>,
    pub offer: ServerAction<OfferQuote>,
    pub redeem: ServerAction<RedeemQuote>,
    pub order: ServerAction<OrderPack>,
    pub pay: ServerAction<RecordPayment>,
    pub refund: ServerAction<RefundPack>,
    pub cancel: ServerAction<CancelPack>,
    pub correct: ServerAction<CorrectEntry>,
    pub remark: ServerAction<RemarkEntry>,
    pub cost: ServerAction<ReinvoiceCost>,
    pub plan: ServerAction<SetPlan>,
    pub terms: ServerAction<ChangeTerms>,
    pub close: ServerAction<CloseMonth>,
    pub register_licence: ServerAction<RegisterLicence>,
    /// Bumped to reload the page's data (forms with their own action bump it on success).
    pub reload: RwSignal<u32>,
}

/// Bump `reload` each time `value` becomes a success.
fn reload_on_ok<T, E>(reload: RwSignal<u32>, value: MappedSignal<Option<Result<T, E>>>)
where
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    Effect::new(move |_| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            reload.update(|n| *n += 1);
        }
    });
}

impl Actions {
    fn new(reload: RwSignal<u32>) -> Actions {
        let a = Actions {
            log: ServerAction::new(),
            decide: ServerAction::new(),
            offer: ServerAction::new(),
            redeem: ServerAction::new(),
            order: ServerAction::new(),
            pay: ServerAction::new(),
            refund: ServerAction::new(),
            cancel: ServerAction::new(),
            correct: ServerAction::new(),
            remark: ServerAction::new(),
            cost: ServerAction::new(),
            plan: ServerAction::new(),
            terms: ServerAction::new(),
            close: ServerAction::new(),
            register_licence: ServerAction::new(),
            reload,
        };
        reload_on_ok(reload, a.log.value());
        reload_on_ok(reload, a.decide.value());
        reload_on_ok(reload, a.offer.value());
        reload_on_ok(reload, a.redeem.value());
        reload_on_ok(reload, a.order.value());
        reload_on_ok(reload, a.pay.value());
        reload_on_ok(reload, a.refund.value());
        reload_on_ok(reload, a.cancel.value());
        reload_on_ok(reload, a.correct.value());
        reload_on_ok(reload, a.remark.value());
        reload_on_ok(reload, a.cost.value());
        reload_on_ok(reload, a.plan.value());
        reload_on_ok(reload, a.terms.value());
        reload_on_ok(reload, a.close.value());
        reload_on_ok(reload, a.register_licence.value());
        a
    }
}

pub fn use_actions() -> Actions {
    expect_context::<Actions>()
}

/// An account page: `render` gets the loaded data; the frame handles loading, sign-in,
/// another tenant's account (shown as not found) and errors.
#[component]
pub fn AccountPage(tab: Tab, render: fn(PageData) -> AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let account_id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let reload = RwSignal::new(0u32);
    provide_context(Actions::new(reload));
    let session = use_session();
    // Embedded without its ledger: the browser replays the history it carries anyway.
    let key = move || (account_id.get(), reload.get());
    let data = Resource::new(key, |(id, _)| async move {
        get_work_log(id).await.map(Embedded)
    });
    let loads = Loads::new(tab, key);
    // Tests and users can tell when the page is interactive: set only in the browser.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));

    view! {
        <div class="account-page" data-hydrated=move || hydrated.get().then_some("true")>
            <Transition fallback=move || view! { <p class="muted">{t_string!(i18n, account.loading)}</p> }>
                {move || Suspend::new(async move {
                    let me = session.me.await.ok().flatten();
                    match (data.await, me) {
                        (_, None) => view! { <ToSignIn /> }.into_any(),
                        (Ok(Embedded(d)), Some(me)) => {
                            let page = PageData { data: d, me, loads };
                            view! {
                                <AccountHeader page=page.clone() tab=tab />
                                {render(page)}
                            }
                                .into_any()
                        }
                        (Err(AppError::NotFound(_)), _) => view! { <NotFound /> }.into_any(),
                        (Err(AppError::Unauthorized), _) => view! { <ToSignIn /> }.into_any(),
                        (Err(e), _) => {
                            view! {
                                <Title text=t_string!(i18n, account.error_title).to_string() />
                                <section class="panel">
                                    <h1>{t_string!(i18n, account.error_title)}</h1>
                                    <p class="alert alert-error" role="alert">{error_text(i18n, &e)}</p>
                                    <p><a href="/">{t_string!(i18n, account.back_to_accounts)}</a></p>
                                </section>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn AccountHeader(page: PageData, tab: Tab) -> impl IntoView {
    let i18n = use_i18n();
    let d = &page.data;
    let id = d.account.id.clone();
    let tab_label = move |t: Tab| -> String {
        match t {
            Tab::Dashboard => t_string!(i18n, account.tab_dashboard).to_string(),
            Tab::Work => t_string!(i18n, account.tab_work).to_string(),
            Tab::Packs => t_string!(i18n, account.tab_packs).to_string(),
            Tab::Quotes => t_string!(i18n, account.tab_quotes).to_string(),
            Tab::Manage => t_string!(i18n, account.tab_manage).to_string(),
        }
    };
    let title = tab_label(tab);
    let mut tabs = vec![
        (
            Tab::Dashboard,
            tab_label(Tab::Dashboard),
            format!("/accounts/{id}"),
        ),
        (
            Tab::Work,
            tab_label(Tab::Work),
            format!("/accounts/{id}/work"),
        ),
        (
            Tab::Packs,
            tab_label(Tab::Packs),
            format!("/accounts/{id}/packs"),
        ),
        (
            Tab::Quotes,
            tab_label(Tab::Quotes),
            format!("/accounts/{id}/quotes"),
        ),
    ];
    if page.is_admin() {
        tabs.push((
            Tab::Manage,
            tab_label(Tab::Manage),
            format!("/accounts/{id}/manage"),
        ));
    }
    let waiting = d
        .ledger
        .quotes
        .iter()
        .filter(|q| q.status == billing::QuoteStatus::Offered)
        .count();
    view! {
        <Title text=format!("{} — {title}", d.account.name) />
        <div class="page-head">
            <div>
                <p class="eyebrow">{d.account.legal_name.clone()}</p>
                <h1>{d.account.name.clone()}</h1>
                <p class="muted">
                    {plan_text(&d.plan, &d.account.fmt())} " · "
                    {d.account.currency.clone()} " · " {d.account.timezone.clone()} " · "
                    {t_string!(i18n, account.today, date = d.account.fmt().date(d.today)).to_string()}
                </p>
            </div>
        </div>
        <nav class="tabs" aria-label=t_string!(i18n, account.tabs_label).to_string()>
            {tabs
                .into_iter()
                .map(move |(t, label, href)| {
                    let badge = (t == Tab::Quotes && waiting > 0)
                        .then(|| {
                            view! {
                                <span class="tab-count" aria-label=t_string!(i18n, account.tab_waiting, n = waiting).to_string()>
                                    {waiting}
                                </span>
                            }
                        });
                    view! {
                        <a href=href aria-current=(t == tab).then_some("page")>
                            {label}
                            {badge}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// A form's outcome: the success message, or the error (field errors also show at their field).
#[component]
pub fn Outcome<T>(
    value: MappedSignal<Option<Result<T, AppError>>>,
    ok: fn(&T) -> String,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    move || {
        value.with(|v| match v {
            Some(Ok(t)) => {
                Some(view! { <p class="alert alert-success" role="status">{ok(t)}</p> }.into_any())
            }
            Some(Err(e)) => Some(
                view! {
                    <p class="alert alert-error" role="alert">
                        {t_string!(i18n, account.not_saved, error = error_text(i18n, e)).to_string()}
                    </p>
                }
                .into_any(),
            ),
            None => None,
        })
    }
}

/// The error message of `name` in an action's last result.
pub fn field_error<T>(
    value: MappedSignal<Option<Result<T, AppError>>>,
    name: &'static str,
) -> Signal<Option<String>>
where
    T: Send + Sync + 'static,
{
    let i18n = use_i18n();
    Signal::derive(move || {
        value.with(|v| match v {
            Some(Err(e)) => e.field(name).map(|r| reason_text(i18n, r)),
            _ => None,
        })
    })
}

/// A labelled input with its error below it (linked by aria-describedby).
#[component]
pub fn Field(
    #[prop(into)] label: String,
    name: &'static str,
    /// Unique on the page.
    id: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional, into)] placeholder: String,
    #[prop(optional, into)] hint: String,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let err_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = !hint.is_empty();
    let described = {
        let (err_id, hint_id) = (err_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                placeholder=(!placeholder.is_empty()).then_some(placeholder)
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            {has_hint.then(|| view! { <p class="muted small" id=hint_id>{hint}</p> })}
            {move || {
                error
                    .get()
                    .map(|m| {
                        view! {
                            <p class="field-error" id=err_id.clone()>
                                <span aria-hidden="true">"⚠ "</span>
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The plan as a sentence: "Maintenance M", "Maintenance M (Maintenance L from 1 Apr 2026)",
/// "No plan (Maintenance M from 1 Apr 2026)" — in the page's language, the date in the
/// account's locale.
pub fn plan_text(plan: &crate::model::PlanLabel, fmt: &crate::format::Fmt) -> String {
    let i18n = use_i18n();
    let today = plan
        .today
        .clone()
        .unwrap_or_else(|| t_string!(i18n, account.no_plan).to_string());
    match &plan.next {
        Some((next, from)) => t_string!(
            i18n,
            account.plan_change,
            today = today,
            next = next.clone(),
            date = fmt.date(*from)
        )
        .to_string(),
        None => today,
    }
}
