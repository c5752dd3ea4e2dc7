use crate::error::ReplayError;
use crate::events::History;
use crate::ledger::Ledger;

pub fn replay(_history: &History) -> Result<Ledger, ReplayError> {
    todo!("being written")
}
