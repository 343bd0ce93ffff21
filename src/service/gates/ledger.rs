//! Who reads which lines of the dataset impact ledger: organisers (and
//! administrators) every dataset's; a business unit's reviewers the datasets
//! their unit publishes (see `domain::ledger` for how a unit maps to a
//! publisher); no one else.

use crate::db::DbConn;
use crate::domain::ledger::unit_publisher;
use crate::service::{Error, Person, Result};
use crate::store;

/// The datasets whose lines a person may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every dataset (organisers).
    All,
    /// Those of these publishers: the names of the person's units.
    Publishers(Vec<String>),
}

impl Scope {
    /// Whether datasets of `publisher` are in it (white space tidied).
    pub fn covers(&self, publisher: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Publishers(names) => names.contains(&unit_publisher(publisher)),
        }
    }
}

/// Which lines `who` may read: all for organisers, their units' for unit
/// reviewers; anyone else is refused (403).
pub fn readable(conn: &mut DbConn, who: &Person) -> Result<Scope> {
    if who.organises() {
        return Ok(Scope::All);
    }
    let units = who.units();
    if units.is_empty() {
        return Err(Error::Forbidden);
    }
    let mut names: Vec<String> = store::units::list(conn)?
        .into_iter()
        .filter(|u| units.contains(&u.id))
        .map(|u| unit_publisher(&u.name_zh))
        .collect();
    names.sort();
    names.dedup();
    Ok(Scope::Publishers(names))
}
