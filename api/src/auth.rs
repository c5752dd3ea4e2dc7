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
/// | developer payouts (amounts, commission) | all | their own | none |
/// | the marketplace's commission rate (catalog) | yes | yes | no (sent as 0) |
///
/// The commission only ever changes payouts, so a client's browser, replaying the history with
/// it at 0, computes every invoice figure it shows exactly as the server does.
pub mod visibility {
    use billing::{Catalog, Ledger, Percent};

    use super::{Me, Role};

    pub fn catalog(me: &Me, catalog: &mut Catalog) {
        if me.role == Role::Client {
            catalog.commission = Percent::ZERO;
        }
    }

    pub fn ledger(me: &Me, ledger: &mut Ledger) {
        match me.role {
            Role::Admin => {}
            Role::Technician => ledger.payouts.retain(|p| p.developer == me.name),
            Role::Client => ledger.payouts.clear(),
        }
    }

    pub fn work_log(me: &Me, data: &mut crate::model::WorkLogData) {
        catalog(me, &mut data.history.catalog);
        ledger(me, &mut data.ledger);
    }
}

/// The session cookie's name.
pub const COOKIE: &str = "hb_session";
/// Sessions end this long after sign-in.
pub const SESSION_HOURS: i64 = 12;
/// Failed sign-ins allowed per account, and per address, in the window below.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
