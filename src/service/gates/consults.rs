//! Who may ask for and answer an open-data consult: a student of the team
//! asks while its submission window is open (after it: refused with its own
//! message; anyone outside the team: not found); eligibility reviewers (and
//! organisers) answer, never for their own team, as for reviews.

use crate::service::gates::{entries, review};
use crate::service::teams::TeamBundle;
use crate::service::{Error, Person, Result};

/// A student of the team may ask while `open` (`domain::consult::may_ask`).
pub fn may_ask(who: &Person, team: &TeamBundle, open: bool) -> Result<()> {
    entries::student_while_open(who, team, open).map_err(|e| match e {
        Error::Refused(_) => Error::Refused("error-consult-closed"),
        other => other,
    })
}

/// Members and organisers read a team's consult; anyone else is told it
/// does not exist.
pub fn may_read(who: &Person, team: &TeamBundle) -> Result<()> {
    entries::may_read(who, team)
}

/// Reviewers see the queue and answer (403 for anyone else).
pub fn reviewer(who: &Person) -> Result<()> {
    review::reviewer(who)
}

/// A reviewer answers a consult of a team they are not in (`members`).
pub fn answerer(who: &Person, members: &[i32]) -> Result<()> {
    review::reviewer(who)?;
    if members.contains(&who.id) {
        return Err(Error::Refused("error-consult-own-team"));
    }
    Ok(())
}
