//! The organisers' office: the catalogue's sync page, the office calendar
//! and the contest dashboards are theirs (and administrators') only.

use crate::service::{Error, Person, Result};

/// Only organisers (and administrators) may use the office's pages.
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
