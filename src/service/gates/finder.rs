//! Who may use the teammate finder, and act on one card or one contact
//! request: students post cards and ask; organisers read the finder to
//! moderate it and edit its keyword table; other staff may not read
//! students' cards (403). A card or request that is not one's own is not
//! known to exist (404).

use crate::domain::profile::PersonKind;
use crate::domain::role::Role;
use crate::service::{Error, Person, Result};
use crate::store::finder::{CardRow, ContactRow};
use crate::store::profiles::ProfileRow;

/// How someone may use the finder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A student with a saved profile: reads, posts a card, asks and answers.
    Student,
    /// Reads every card and hides abusive ones.
    Organiser,
    /// A participant without a profile yet: it comes first.
    NeedsProfile,
}

/// Organisers (and administrators) moderate; judges, reviewers and unit
/// reviewers may not read the finder (403); a participant needs a student
/// profile (a faculty member is told the finder is for students).
pub fn access(who: &Person, profile: Option<&ProfileRow>) -> Result<Access> {
    if who.organises() {
        return Ok(Access::Organiser);
    }
    let staff = [Role::Judge, Role::Reviewer, Role::UnitReviewer];
    if staff.iter().any(|r| who.has(*r)) || !who.has(Role::Participant) {
        return Err(Error::Forbidden);
    }
    match profile {
        None => Ok(Access::NeedsProfile),
        Some(p) if PersonKind::parse(&p.kind) == Some(PersonKind::Student) => Ok(Access::Student),
        Some(_) => Err(Error::Refused("error-finder-students-only")),
    }
}

/// A student with a profile: who posts cards and asks for contact.
pub fn student(who: &Person, profile: Option<&ProfileRow>) -> Result<()> {
    match access(who, profile)? {
        Access::Student => Ok(()),
        Access::NeedsProfile => Err(Error::Refused("error-profile-first")),
        Access::Organiser => Err(Error::Forbidden),
    }
}

/// Only the card's owner answers requests for it: the requester is told
/// they may not (403), anyone else that there is no such request (404).
pub fn answering(who: &Person, contact: &ContactRow, card: &CardRow) -> Result<()> {
    if card.user_id == who.id {
        Ok(())
    } else if contact.requester_id == who.id {
        Err(Error::Forbidden)
    } else {
        Err(Error::NotFound)
    }
}

/// Organisers (and administrators) hide cards and edit the keyword table,
/// as they run contests.
pub use super::contests::organiser;
