//! Who may see and change one team: its members (former ones too) and the
//! organisers see it; its captain changes it while registration is open for
//! it; a member who is not the captain may leave while it is open.

use chrono::NaiveDateTime;

use crate::service::teams::TeamBundle;
use crate::service::{Error, Person, Result};

/// Members, advisors and organisers see a team; to anyone else it does not
/// exist (404).
pub fn may_see(who: &Person, b: &TeamBundle) -> Result<()> {
    if b.member_role(who.id).is_some() || who.organises() {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// The captain, while registration is open for this team. Someone outside
/// the team is not told it exists (404); another member may not (403);
/// after registration closed nobody may (403, saying why).
pub fn captain_while_open(who: &Person, b: &TeamBundle, at: NaiveDateTime) -> Result<()> {
    if b.member_role(who.id).is_none() {
        return Err(Error::NotFound);
    }
    if b.team.captain_id != who.id {
        return Err(Error::Forbidden);
    }
    if !b.registration_open(at) {
        return Err(Error::Refused("error-registration-closed"));
    }
    Ok(())
}

/// A member who is not the captain, while registration is open: they may
/// leave the team (the captain hands over first).
pub fn leaving_member(who: &Person, b: &TeamBundle, at: NaiveDateTime) -> Result<()> {
    if b.member_role(who.id).is_none() {
        return Err(Error::NotFound);
    }
    if b.team.captain_id == who.id {
        return Err(Error::Refused("error-captain-cannot-leave"));
    }
    if !b.registration_open(at) {
        return Err(Error::Refused("error-registration-closed"));
    }
    Ok(())
}

/// An invitation is good while registration is open for its team.
pub fn invitation_open(b: &TeamBundle, at: NaiveDateTime) -> Result<()> {
    if b.registration_open(at) {
        Ok(())
    } else {
        Err(Error::Refused("error-invite-expired"))
    }
}

/// Organisers (and administrators) see every team, check its members'
/// proofs and schools, and extend its deadlines.
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// A person checked from a team's organiser page must be in that team.
pub fn member_of(b: &TeamBundle, user_id: i32) -> Result<()> {
    if b.member_role(user_id).is_some() {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}
