//! Who may see and act on one data request: its requester, the organisers,
//! and the reviewers of the business unit it is routed to.

use crate::domain::data_request::{self as dr, Action, Actor, State};
use crate::service::{Error, Person, Result};
use crate::store::requests::Request;

/// Who `who` is to the request `r` (nobody, when not signed in).
pub fn roles_on(who: Option<&Person>, r: &Request) -> Vec<Actor> {
    let Some(who) = who else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if who.id == r.requester_id {
        out.push(Actor::Requester);
    }
    if who.organises() {
        out.push(Actor::Organiser);
    }
    if r.unit_id.is_some_and(|u| who.units().contains(&u)) {
        out.push(Actor::Unit);
    }
    out
}

/// Anyone may see a request on the public board, but a withdrawn request is
/// its requester's and the organisers' business only (404 to the rest).
pub fn may_see(who: Option<&Person>, r: &Request) -> Result<()> {
    if r.state != State::Withdrawn
        || roles_on(who, r)
            .iter()
            .any(|a| matches!(a, Actor::Requester | Actor::Organiser))
    {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// The role in which `who` takes `action` on `r` now. A reviewer of another
/// unit is not told the request exists (404); someone who could act but not
/// from this state learns that (409); anyone else may not (403).
pub fn acting_as(who: &Person, r: &Request, action: Action) -> Result<Actor> {
    may_see(Some(who), r)?;
    let roles = roles_on(Some(who), r);
    if let Some(a) = roles
        .iter()
        .find(|a| dr::transition(r.state, action, **a).is_ok())
    {
        return Ok(*a);
    }
    let unit_action = matches!(
        action,
        Action::Approve | Action::Reject | Action::AskInfo | Action::HandBack | Action::Publish
    );
    if unit_action
        && !who.units().is_empty()
        && !roles.contains(&Actor::Unit)
        && !roles.contains(&Actor::Organiser)
    {
        return Err(Error::NotFound);
    }
    if roles
        .iter()
        .any(|a| dr::transition(r.state, action, *a) == Err(dr::Refusal::WrongState))
    {
        Err(Error::WrongState("error-request-state"))
    } else {
        Err(Error::Forbidden)
    }
}

/// The voice a comment on `r` is posted in: the thread is between the
/// requester, the unit (which unit spoke stays true after re-routing) and
/// the organisers; nobody comments on a withdrawn request.
pub fn comment_voice(who: &Person, r: &Request) -> Result<String> {
    may_see(Some(who), r)?;
    let roles = roles_on(Some(who), r);
    let voice = if roles.contains(&Actor::Requester) {
        "requester".to_string()
    } else if roles.contains(&Actor::Unit) {
        format!("unit:{}", r.unit_id.unwrap_or(0))
    } else if roles.contains(&Actor::Organiser) {
        "organiser".to_string()
    } else {
        return Err(Error::Forbidden);
    };
    if r.state == State::Withdrawn {
        return Err(Error::WrongState("error-request-state"));
    }
    Ok(voice)
}

/// The unit whose queue `who` reads: the one asked for if it is theirs
/// (another unit's is "not found"), else their first; 403 without a unit.
pub fn unit_queue(who: &Person, asked: Option<i32>) -> Result<i32> {
    let mine = who.units();
    let first = *mine.first().ok_or(Error::Forbidden)?;
    match asked {
        None => Ok(first),
        Some(u) if mine.contains(&u) => Ok(u),
        Some(_) => Err(Error::NotFound),
    }
}

/// Only organisers (and administrators) run the requests desk: triage,
/// reasons, hiding comments, the report.
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
