//! Who may see what came of a challenge (出題); registering the unit for the
//! winners' sharing session is its own reviewers' step (`challenges::unit_owns`).

use crate::service::{Error, Person, Result};
use crate::store::challenges::Challenge;

/// The outcome view of a challenge: the reviewers of the unit that set it,
/// and organisers. A reviewer of another unit is told it does not exist
/// (404); anyone else is forbidden (403).
pub fn may_see_outcome(who: &Person, c: &Challenge) -> Result<()> {
    let units = who.units();
    if units.contains(&c.unit_id) || who.organises() {
        Ok(())
    } else if units.is_empty() {
        Err(Error::Forbidden)
    } else {
        Err(Error::NotFound)
    }
}
