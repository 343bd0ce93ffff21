//! Who may act on a challenge (出題): a business unit's reviewers write their
//! own unit's challenges, organisers review and publish them, and everyone
//! sees a published one.

use crate::domain::challenge::ChallengeState;
use crate::service::{Error, Person, Result};
use crate::store::challenges::Challenge;

/// The unit a reviewer drafts for: the one asked for (`None`: their only
/// unit). Someone who acts for no unit may not draft (403: organisers do
/// not write a unit's text); a unit that is not theirs is one they cannot
/// draft for (404).
pub fn drafting_unit(who: &Person, asked: Option<i32>) -> Result<i32> {
    let units = who.units();
    if units.is_empty() {
        return Err(Error::Forbidden);
    }
    match asked {
        Some(u) if units.contains(&u) => Ok(u),
        Some(_) => Err(Error::NotFound),
        None if units.len() == 1 => Ok(units[0]),
        None => Err(Error::field("unit_id", "error-challenge-unit-required")),
    }
}

/// A unit's own challenge, to its reviewers: anyone else acting for a unit
/// is told it does not exist (404), and anyone acting for none (organisers
/// included: they never write a unit's text) is forbidden (403).
pub fn unit_owns(who: &Person, c: &Challenge) -> Result<()> {
    let units = who.units();
    if units.contains(&c.unit_id) {
        Ok(())
    } else if units.is_empty() {
        Err(Error::Forbidden)
    } else {
        Err(Error::NotFound)
    }
}

/// Organisers (and administrators) review, publish and withdraw (403 for anyone else).
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// A challenge's public page exists only while it is published (404 otherwise).
pub fn public(c: &Challenge) -> Result<()> {
    if c.state.is_public() {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// The unit may still change what it says (409 once submitted or published).
pub fn unit_may_edit(state: ChallengeState) -> Result<()> {
    if state.unit_may_edit() {
        Ok(())
    } else {
        Err(Error::WrongState("error-challenge-not-editable"))
    }
}
