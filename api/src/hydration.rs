//! An account page's data as the HTML embeds it for hydration: everything but the ledger.
//!
//! The ledger is `billing::replay_stored` of the history the page already carries (for its
//! what-if preview), so the browser computes it with the same function the server did instead
//! of reading a second, larger copy of the same facts out of the page. On the demo dashboard
//! that copy was most of the page's bytes and of the server's time serialising and escaping
//! them (BENCHMARKS.md "The dashboard's embedded data").
//!
//! Two ledger fields are not a function of what a role sees of the history: payouts and the
//! adjustments waiting for them are computed with the marketplace's commission, which a client's
//! copy of the history carries as 0 (`auth::visibility`). They travel as the server filtered
//! them and replace the replay's, so every role's browser ends with exactly the ledger the server
//! sent before (tested per role in `server/tests/it/authz.rs`).
//!
//! The JSON API (`/api/work_log`) still answers with the whole `WorkLogData`.

use billing::{History, Payout, PayoutAdjustment};
use chrono::NaiveDate;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::licences::Licence;
use crate::model::{AccountSummary, DocRef, PlanLabel, WorkLogData};

/// `WorkLogData` with the embedded form described above.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded(pub WorkLogData);

/// The fields that are sent. Written out (no `..`): a field added to `WorkLogData` does not
/// compile here until someone decides how it travels.
#[derive(Serialize)]
struct Out<'a> {
    account: &'a AccountSummary,
    plan: &'a PlanLabel,
    history: &'a History,
    today: NaiveDate,
    developers: &'a [String],
    documents: &'a [DocRef],
    contact: &'a Option<String>,
    licences: &'a [Licence],
    payouts: &'a [Payout],
    pending_payout_adjustments: &'a [(String, PayoutAdjustment)],
}

#[derive(Deserialize)]
struct In {
    account: AccountSummary,
    plan: PlanLabel,
    history: History,
    today: NaiveDate,
    developers: Vec<String>,
    documents: Vec<DocRef>,
    contact: Option<String>,
    licences: Vec<Licence>,
    payouts: Vec<Payout>,
    pending_payout_adjustments: Vec<(String, PayoutAdjustment)>,
}

impl Serialize for Embedded {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let WorkLogData {
            account,
            plan,
            history,
            ledger,
            today,
            developers,
            documents,
            contact,
            licences,
        } = &self.0;
        Out {
            account,
            plan,
            history,
            today: *today,
            developers,
            documents,
            contact,
            licences,
            payouts: &ledger.payouts,
            pending_payout_adjustments: &ledger.pending_payout_adjustments,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Embedded {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let sent = In::deserialize(d)?;
        // The server replayed these same stored events to render the page.
        let mut ledger = billing::replay_stored(&sent.history, sent.history.events.len())
            .map_err(|e| D::Error::custom(format!("the page's history does not replay: {e}")))?;
        ledger.payouts = sent.payouts;
        ledger.pending_payout_adjustments = sent.pending_payout_adjustments;
        Ok(Embedded(WorkLogData {
            account: sent.account,
            plan: sent.plan,
            history: sent.history,
            ledger,
            today: sent.today,
            developers: sent.developers,
            documents: sent.documents,
            contact: sent.contact,
            licences: sent.licences,
        }))
    }
}
