//! Who may see which entries and data requests depend on a dataset: the
//! organisers (and administrators), and the reviewers of the business unit
//! that publishes it; nobody else is given the list.
//!
//! A dataset names its publisher as text (「勞動部勞工保險局」) and a
//! business unit has a Chinese name, with no code linking the two. The
//! ministry's agencies publish under their own names, which are their
//! units' names, so a unit publishes the datasets whose publisher is its
//! Chinese name exactly (white space tidied). Datasets published under
//! 「勞動部」 itself belong to no one department: only organisers see who
//! depends on those.

use crate::db::DbConn;
use crate::service::{Error, Person, Result};
use crate::store::{self, catalog::Dataset};

/// A unit's Chinese name as a dataset's publisher is written (one rule with the ledger's).
use crate::domain::ledger::unit_publisher as tidy;

/// `who` may see what depends on `dataset`: an organiser, or a reviewer of
/// the unit that publishes it; anyone else is refused (403 — the dataset
/// itself is public).
pub fn may_see_dependents(conn: &mut DbConn, who: &Person, dataset: &Dataset) -> Result<()> {
    if who.organises() {
        return Ok(());
    }
    let publisher = tidy(&dataset.publisher);
    for unit in who.units() {
        if store::units::find(conn, unit)?.is_some_and(|u| tidy(&u.name_zh) == publisher) {
            return Ok(());
        }
    }
    Err(Error::Forbidden)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_compare_with_white_space_tidied() {
        assert_eq!(super::tidy(" 勞動部勞工保險局 "), "勞動部勞工保險局");
        assert_eq!(
            super::tidy("勞動部  職業安全衛生署"),
            "勞動部 職業安全衛生署"
        );
    }
}
