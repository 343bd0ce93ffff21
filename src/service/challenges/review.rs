//! The organisers' side: a contest's challenges by state, one challenge's
//! review page, and the steps they take (ask for changes with a note,
//! publish, withdraw), each audited; publishing and withdrawing change the
//! public track pages and the public requests that name the challenge.

use serde_json::json;

use super::{load, picked, placed, placed_many, tell_unit, Picked, Placed};
use crate::domain::challenge::{review_note, transition, ChallengeState, Step};
use crate::service::changes::{self, Area};
use crate::service::gates::challenges as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::contests::Contest;
use crate::store::{self};

/// A contest's challenges for the organisers.
pub struct ReviewList {
    /// Every contest, newest first, to choose from.
    pub contests: Vec<Contest>,
    /// The contest shown (none when there is no contest at all).
    pub contest: Option<Contest>,
    /// Its challenges in the state asked for (all when none), those waiting
    /// for review first.
    pub rows: Vec<Placed>,
    /// How many challenges are in each state.
    pub counts: Vec<(ChallengeState, usize)>,
}

/// The order the list shows states in: what waits for the organisers first.
const ORDER: [ChallengeState; 5] = [
    ChallengeState::Submitted,
    ChallengeState::ChangesRequested,
    ChallengeState::Draft,
    ChallengeState::Published,
    ChallengeState::Withdrawn,
];

/// The challenges of `contest_id` (none: the current contest, else the
/// newest), in `state` when given.
pub fn review_list(
    p: &Portal,
    who: &Person,
    contest_id: Option<i32>,
    state: Option<ChallengeState>,
) -> Result<ReviewList> {
    p.read(|conn| {
        gate::organiser(who)?;
        let contests = store::contests::list_all(conn)?;
        let contest = match contest_id {
            Some(id) => Some(
                contests
                    .iter()
                    .find(|c| c.id == id)
                    .cloned()
                    .ok_or(Error::NotFound)?,
            ),
            None => match store::contests::current(conn)? {
                Some(c) => Some(c),
                None => contests.first().cloned(),
            },
        };
        let Some(contest) = contest else {
            return Ok(ReviewList {
                contests,
                contest: None,
                rows: Vec::new(),
                counts: Vec::new(),
            });
        };
        let all = store::challenges::of_contest(conn, contest.id, &ChallengeState::ALL)?;
        let counts = ORDER
            .iter()
            .map(|s| (*s, all.iter().filter(|c| c.state == *s).count()))
            .collect();
        let mut rows: Vec<_> = all
            .into_iter()
            .filter(|c| state.is_none_or(|s| s == c.state))
            .collect();
        rows.sort_by_key(|c| (ORDER.iter().position(|s| *s == c.state), c.track_id, c.id));
        Ok(ReviewList {
            rows: placed_many(conn, rows)?,
            contests,
            contest: Some(contest),
            counts,
        })
    })
}

/// One challenge as the organisers review it.
pub struct ReviewPage {
    pub placed: Placed,
    pub datasets: Vec<Picked>,
    /// The name of who drafted it.
    pub drafted_by: Option<String>,
}

pub fn review_page(p: &Portal, who: &Person, id: i32) -> Result<ReviewPage> {
    p.read(|conn| {
        gate::organiser(who)?;
        let c = load(conn, id)?;
        let ids = store::challenges::dataset_ids(conn, id)?;
        let (datasets, _) = picked(conn, &ids)?;
        let drafted_by = match c.created_by {
            Some(u) => store::users::find(conn, u)?.map(|u| u.display_name),
            None => None,
        };
        Ok(ReviewPage {
            placed: placed(conn, c)?,
            datasets,
            drafted_by,
        })
    })
}

/// An organiser's step on challenge `id` loaded at `version`: refused when
/// the step does not fit its state (409) or someone moved it since (409:
/// of two organisers publishing at once, one wins).
fn step(p: &Portal, who: &Person, id: i32, version: i32, s: Step, note: &str) -> Result<()> {
    p.transaction(|conn| {
        gate::organiser(who)?;
        let c = load(conn, id)?;
        let to = transition(c.state, s).map_err(Error::WrongState)?;
        if c.version != version {
            return Err(Error::Stale("error-challenge-stale"));
        }
        let at = now();
        if !store::challenges::move_state(conn, id, version, c.state, to, who.id, note, at)? {
            return Err(Error::Stale("error-challenge-stale"));
        }
        let action = match s {
            Step::RequestChanges => "challenge.request-changes",
            Step::Publish => "challenge.publish",
            Step::Withdraw => "challenge.withdraw",
            Step::Submit => "challenge.submit",
        };
        audit(
            conn,
            who,
            action,
            "challenge",
            id,
            json!({ "from": c.state.as_str(), "to": to.as_str(), "note": note }),
        )?;
        // What the track page, the challenge's own page, the archive and the
        // public requests naming it show changes.
        if c.state.is_public() || to.is_public() {
            changes::mark(&[Area::Contests, Area::Requests]);
        }
        let placed = placed(conn, c)?;
        match s {
            Step::RequestChanges | Step::Publish => tell_unit(
                conn,
                p,
                &placed.challenge,
                &placed.unit,
                &placed.track,
                s == Step::Publish,
                note,
                at,
            ),
            _ => Ok(()),
        }
    })
}

/// An organiser sends a submitted challenge back to its unit with a note
/// (required); the unit's reviewers are told.
pub fn request_changes(p: &Portal, who: &Person, id: i32, version: i32, note: &str) -> Result<()> {
    gate::organiser(who)?;
    let note = review_note(note)?;
    step(p, who, id, version, Step::RequestChanges, &note)
}

/// An organiser publishes a submitted challenge: it shows on its track's
/// page, teams may pick it, and the unit's reviewers are told.
pub fn publish(p: &Portal, who: &Person, id: i32, version: i32) -> Result<()> {
    step(p, who, id, version, Step::Publish, "")
}

/// An organiser takes a published challenge down (entries that picked it keep the link).
pub fn withdraw(p: &Portal, who: &Person, id: i32, version: i32) -> Result<()> {
    step(p, who, id, version, Step::Withdraw, "")
}
