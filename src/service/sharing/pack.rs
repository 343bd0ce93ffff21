//! The sharing sessions' part of the advisory-group pack: the contest's
//! sessions with their slots and teams, and the open action items carried
//! from this contest's and earlier contests' sessions.

use crate::db::DbConn;
use crate::domain::sharing as rules;
use crate::service::{today, Error, Result};
use crate::store::{self};

use super::{views, ActionLine, SessionView};

/// What a contest's pack shows of the sharing sessions.
#[derive(Debug, Clone)]
pub struct SharingPart {
    pub year: i32,
    /// The contest's sessions, each with its slots (team, state, entry
    /// titles) and its own action items (done ones too).
    pub sessions: Vec<SessionView>,
    /// Action items not yet done from sessions of this contest and earlier
    /// ones (lower years), oldest due first: an item marked done leaves.
    pub open_actions: Vec<ActionLine>,
}

/// The sharing part of the pack of contest `contest_id`, read inside the
/// caller's connection or transaction (404 for no such contest).
pub fn pack_part(conn: &mut DbConn, contest_id: i32) -> Result<SharingPart> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    let day = today();
    let sessions = store::sharing::sessions_of(conn, contest.id)?;
    let sessions = views(conn, &contest, sessions, day)?;
    let units = store::units::list(conn)?;
    let open_actions = store::sharing::open_actions_up_to(conn, contest.year)?
        .into_iter()
        .filter(|(a, year, _)| rules::carried_into(*year, a.done_at.is_some(), contest.year))
        .map(|(a, year, held_on)| ActionLine {
            unit: units.iter().find(|u| u.id == a.owner_unit_id).cloned(),
            overdue: rules::overdue(a.due_on, a.done_at.is_some(), day),
            year,
            held_on,
            action: a,
        })
        .collect();
    Ok(SharingPart {
        year: contest.year,
        sessions,
        open_actions,
    })
}
