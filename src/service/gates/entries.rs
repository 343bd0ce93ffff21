//! Who may read and change a team's entry: its students while the window is
//! open, its advisors to read and endorse, organisers to read; nobody else
//! is told it exists.

use crate::service::teams::TeamBundle;
use crate::service::{Error, Person, Result};
use crate::store::teams::{ADVISOR, STUDENT};

/// Members (students and advisors) and organisers may read a team's entry;
/// anyone else is not told it exists (404).
pub fn may_read(who: &Person, team: &TeamBundle) -> Result<()> {
    if team.role_of(who.id).is_some() || who.organises() {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// A student of the team may change its entry while the window is `open`;
/// after it they are told it closed (403), other members may not (403), and
/// anyone else is not told the entry exists (404).
pub fn student_while_open(who: &Person, team: &TeamBundle, open: bool) -> Result<()> {
    match team.role_of(who.id) {
        None => Err(Error::NotFound),
        Some(STUDENT) if open => Ok(()),
        Some(STUDENT) => Err(Error::Refused("error-submission-closed")),
        Some(_) => Err(Error::Forbidden),
    }
}

/// Whether `who` may change the entry now, for showing the form.
pub fn may_edit(who: &Person, team: &TeamBundle, open: bool) -> bool {
    student_while_open(who, team, open).is_ok()
}

/// An advisor of the team may endorse its entry; other members may not
/// (403), and anyone else is not told it exists (404).
pub fn advisor(who: &Person, team: &TeamBundle) -> Result<()> {
    match team.role_of(who.id) {
        None => Err(Error::NotFound),
        Some(ADVISOR) => Ok(()),
        Some(_) => Err(Error::Forbidden),
    }
}

/// Only organisers (and administrators) list and export a contest's entries.
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
