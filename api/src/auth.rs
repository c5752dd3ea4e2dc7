//! Who is asking and what they may see: roles, the signed-in user, whose work they may change,
//! and what each role may read (decided on the server before anything is sent).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Agency staff: everything, for all accounts.
    Admin,
    /// Technicians and developers: the accounts assigned to them.
    Technician,
    /// A client: its one account.
    Client,
}

impl Role {
    pub fn parse(raw: &str) -> Option<Role> {
        match raw {
            "admin" => Some(Role::Admin),
            "technician" => Some(Role::Technician),
            "client" => Some(Role::Client),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Technician => "technician",
            Role::Client => "client",
        }
    }
}

pub const ALL: &[Role] = &[Role::Admin, Role::Technician, Role::Client];
pub const STAFF: &[Role] = &[Role::Admin, Role::Technician];
pub const ADMIN: &[Role] = &[Role::Admin];
pub const ADMIN_OR_CLIENT: &[Role] = &[Role::Admin, Role::Client];

/// The signed-in user, as the pages know them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// A client's account.
    pub account_id: Option<String>,
    /// A technician's assigned accounts.
    pub assigned: Vec<String>,
    /// The language the pages are in for this user (`parse::LANGUAGES`): their own choice or,
    /// for a client who chose none, their account's. None: the browser's.
    #[serde(default)]
    pub language: Option<String>,
}

impl Me {
    /// Tenant isolation: may this user see this account at all?
    pub fn sees(&self, account_id: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Technician => self.assigned.iter().any(|a| a == account_id),
            Role::Client => self.account_id.as_deref() == Some(account_id),
        }
    }
}

impl Me {
    /// May this user change work recorded in `person`'s name (an entry logged, a quote
    /// offered)? Admins: anyone's. Technicians and developers: only their own. Clients: none
    /// (they approve or decline quotes, which is not changing them).
    pub fn acts_for(&self, person: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Technician => self.name == person,
            Role::Client => false,
        }
    }
}

/// What a role may read, decided on the server before anything is sent: a page's JSON and its
/// HTML carry nothing else.
///
/// | data | admin | technician / developer | client |
/// |---|---|---|---|
/// | developer payouts and pending payout adjustments (amounts, commission) | all | their own | none |
/// | the marketplace's commission rate (catalog, and each ordered pack's terms) | yes | yes | no (sent as 0) |
/// | licence keys | in full | masked (last 4 characters) | masked |
///
/// The commission only ever changes payouts, so a client's browser, replaying the history with
/// it at 0, computes every invoice figure it shows exactly as the server does. Staff see an
/// account's whole history (who sold which pack, what was used): the figures behind another
/// developer's payout on an account they work on are not secret from them, the payout is not
/// sent.
pub mod visibility {
    use billing::{Catalog, EventKind, History, Ledger, Percent};

    use super::{Me, Role};

    pub fn catalog(me: &Me, catalog: &mut Catalog) {
        if me.role == Role::Client {
            catalog.commission = Percent::ZERO;
        }
    }

    /// The catalog's commission and the one each ordered pack was sold with.
    pub fn history(me: &Me, history: &mut History) {
        catalog(me, &mut history.catalog);
        if me.role == Role::Client {
            for e in &mut history.events {
                if let EventKind::PackOrdered { terms: Some(t), .. } = &mut e.what {
                    t.commission = Percent::ZERO;
                }
            }
        }
    }

    /// Rebuilt field by field (no `..`): a field added to the ledger does not compile here until
    /// someone decides who may read it.
    pub fn ledger(me: &Me, ledger: Ledger) -> Ledger {
        let Ledger {
            account,
            currency,
            today,
            lots,
            entries,
            invoices,
            pack_invoices,
            credit_notes,
            mut payouts,
            mut pending_payout_adjustments,
            prompts,
            quotes,
            closed_through,
            snapshots,
        } = ledger;
        match me.role {
            Role::Admin => {}
            Role::Technician => {
                payouts.retain(|p| p.developer == me.name);
                pending_payout_adjustments.retain(|(developer, _)| *developer == me.name);
            }
            Role::Client => {
                payouts.clear();
                pending_payout_adjustments.clear();
            }
        }
        Ledger {
            account,
            currency,
            today,
            lots,
            entries,
            invoices,
            pack_invoices,
            credit_notes,
            payouts,
            pending_payout_adjustments,
            prompts,
            quotes,
            closed_through,
            snapshots,
        }
    }

    /// Licence keys are readable in full by admins only.
    pub fn licences(me: &Me, licences: &mut [crate::licences::Licence]) {
        if me.role != Role::Admin {
            for l in licences {
                l.key = crate::licences::mask(&l.key);
            }
        }
    }

    pub fn work_log(me: &Me, mut data: crate::model::WorkLogData) -> crate::model::WorkLogData {
        history(me, &mut data.history);
        licences(me, &mut data.licences);
        data.ledger = ledger(me, data.ledger);
        data
    }
}

/// The session cookie's name.
pub const COOKIE: &str = "hb_session";

/// The cookie that carries the pages' language (read by the i18n library on the server and in
/// the browser; set at sign-in and when the language is changed). Not a secret.
pub const LANGUAGE_COOKIE: &str = "hb_language";
/// Sessions end this long after sign-in.
pub const SESSION_HOURS: i64 = 12;
/// Failed sign-ins allowed per account, and per address, in the window below.
/// Failed sign-ins allowed for one email from one address, in the window below.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// …for one email from all addresses together: guessing from many addresses is stopped, and a
/// stranger's wrong passwords from elsewhere do not lock the owner out as soon.
pub const MAX_FAILURES_PER_EMAIL: i64 = 30;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// The longest email address (RFC 5321) a sign-in is tried with.
pub const MAX_EMAIL_BYTES: usize = 254;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
