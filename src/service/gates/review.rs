//! Who may take part in the eligibility review: reviewers read and decide
//! the entries of a track once its review is open, never their own team's;
//! a decision that stands is changed by organisers only, with a reason; a
//! failure awaiting a second look is confirmed by another reviewer.

use chrono::NaiveDateTime;

use crate::domain::eligibility::{self, Decider, NotYours, ReviewState};
use crate::domain::entry::Status;
use crate::domain::role::Role;
use crate::service::{Error, Person, Result};
use crate::store::contests::{Contest, Track};
use crate::store::eligibility::DecisionRow;
use crate::store::entries::Entry;

/// Eligibility reviewers, and the organisers and administrators above them.
pub fn reviewer(who: &Person) -> Result<()> {
    if who.has(Role::Reviewer) || who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// A reviewer may read a submitted entry once its track's review is open;
/// before that the entry is not there for them (404).
pub fn may_review(
    who: &Person,
    contest: &Contest,
    track: &Track,
    entry: &Entry,
    at: NaiveDateTime,
) -> Result<()> {
    reviewer(who)?;
    let open = eligibility::review_open(
        contest.submission_deadline_at,
        track.submission_deadline_at,
        at,
    );
    if open && entry.status == Status::Submitted {
        Ok(())
    } else {
        Err(Error::NotFound)
    }
}

/// In what capacity `who` decides an entry in `state` whose team has the
/// members `members`: never their own team's; a reviewer decides an entry
/// waiting for a decision, an organiser changes one that stands
/// (`domain::eligibility::decider`).
pub fn deciding_as(who: &Person, members: &[i32], state: ReviewState) -> Result<Decider> {
    if members.contains(&who.id) {
        return Err(Error::Refused("error-review-own-team"));
    }
    eligibility::decider(state, who.organises()).map_err(|e| match e {
        NotYours::StillOpen => Error::Refused("error-review-still-open"),
        NotYours::OrganisersChange => Error::Refused("error-decision-change-organisers"),
    })
}

/// Another reviewer than the one who decided, and not of the team, confirms
/// a failure that waits for a second look.
pub fn second_reviewer(who: &Person, members: &[i32], d: &DecisionRow) -> Result<()> {
    if d.decided_by == Some(who.id) {
        return Err(Error::Refused("error-confirm-own"));
    }
    if members.contains(&who.id) {
        return Err(Error::Refused("error-review-own-team"));
    }
    Ok(())
}

/// Only organisers (and administrators) see the summary and edit reasons.
pub fn organiser(who: &Person) -> Result<()> {
    if who.organises() {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
