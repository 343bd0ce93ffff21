//! Who may see which entries and data requests depend on a dataset: the
//! organisers (and administrators), and the reviewers of the business unit
//! that publishes it; nobody else is given the list.
//!
//! A dataset names its publisher as text (「勞動部勞工保險局」) and a
//! business unit has a Chinese name, with no code linking the two: a unit
//! publishes the datasets whose publisher is its Chinese name (white space
//! tidied, `domain::ledger::unit_publisher`, the impact ledger's rule too).
//! Datasets published under 「勞動部」 itself belong to no one department:
//! only organisers see who depends on those.

use crate::db::DbConn;
use crate::service::{Error, Person, Result};
use crate::store::catalog::Dataset;

/// `who` may see what depends on `dataset`: an organiser, or a reviewer of
/// the unit that publishes it (`gates::ledger::readable`); anyone else is
/// refused (403 — the dataset itself is public).
pub fn may_see_dependents(conn: &mut DbConn, who: &Person, dataset: &Dataset) -> Result<()> {
    if super::ledger::readable(conn, who)?.covers(&dataset.publisher) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
