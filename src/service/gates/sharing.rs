//! Who may act on a winners' sharing session: organisers run it, the members
//! of an invited team answer their invitation, business units read its agenda.

use crate::domain::role::Role;
use crate::service::{Error, Person, Result};

/// Organisers (and administrators) schedule sessions, invite, remind, send
/// the agenda and record action items; anyone else is forbidden (403).
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The invitation's page is read by the team's current members and by
/// organisers; to anyone else it does not exist (404).
pub fn may_read(who: &Person, members: &[i32]) -> Result<()> {
    if members.contains(&who.id) || who.organises() {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// A current member of the invited team confirms or asks for another slot;
/// an organiser outside the team may not (403, they move teams from their
/// own page); anyone else is told the invitation does not exist (404).
pub fn team_member(who: &Person, members: &[i32]) -> Result<()> {
    if members.contains(&who.id) {
        Ok(())
    } else if who.organises() {
        Err(Error::Forbidden)
    } else {
        Err(Error::NotFound)
    }
}

/// Business units' reviewers and organisers read a sent agenda (403 for
/// anyone else).
pub fn agenda_reader(who: &Person) -> Result<()> {
    if who.organises() || who.has(Role::UnitReviewer) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
