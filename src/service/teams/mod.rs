//! Teams: who is in which team, with which tracks, under which rules.
//! Registering and joining (one team per student per contest), the team's
//! page, the captain's changes while registration is open, and the
//! organisers' list, checks and per-team deadline extensions.

mod bundle;
mod captain;
mod join;
mod organise;
mod pages;
mod register;

pub use bundle::{facts_of, TeamBundle};
pub use captain::{
    hand_over, leave, regenerate_invites, remove_member, rename, set_tracks, withdraw,
};
pub use join::{invitation, join, Invitation};
pub use organise::{
    confirm_school, extend_for_team, organiser_csv, organiser_list, organiser_page, review_proof,
    OrganiserTeam, ProofVerdict, TeamFilter, TeamList, TeamRow, TeamRows,
};
pub use pages::{mine, page, MyTeam, MyTeams, TeamPage};
pub use register::{register, registration, NewTeam, RegisterForm};

use chrono::NaiveDateTime;
use serde_json::Value as Json;

use crate::db::DbConn;
use crate::service::{Error, Result};
use crate::store;

/// Registering or joining: done, or where the person must go first.
#[derive(Debug)]
pub enum Joining<T> {
    Ready(T),
    /// Already in a team of the contest (registering) or in this team
    /// (joining): that team's id.
    InTeam(i32),
    /// The person has no profile yet: it comes first.
    NeedsProfile,
}

/// A unique-key collision on this write means `instead` (the name was taken,
/// the seat filled, at the same moment by someone else); any other failure
/// is what it is.
pub(crate) fn unique_means(e: diesel::result::Error, instead: Error) -> Error {
    if store::is_unique_violation(&e) {
        instead
    } else {
        e.into()
    }
}

/// Takes the team for this change: only if nobody changed it since `b` was
/// read in this transaction; two captains' tabs, two devices or two joins at
/// once are told (409), and the later change writes nothing.
fn take(conn: &mut DbConn, b: &TeamBundle, at: NaiveDateTime) -> Result<()> {
    if store::teams::bump(conn, b.team.id, b.team.version, at)? {
        Ok(())
    } else {
        Err(Error::Stale("error-team-changed"))
    }
}

/// The tracks chosen, each once, in the order first given (check boxes
/// repeat a name; a hand-made form may repeat a value).
fn distinct(ids: &[i32]) -> Vec<i32> {
    let mut out: Vec<i32> = Vec::new();
    for id in ids {
        if !out.contains(id) {
            out.push(*id);
        }
    }
    out
}

/// "School department" of a team's current members (not former students),
/// each once, in order: how the public pages name a winning team's people.
pub fn school_lines(members: &[store::teams::Member]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in members
        .iter()
        .filter(|m| m.role != crate::domain::team::MemberRole::FormerStudent)
    {
        let s = [
            m.school_name.clone().unwrap_or_default(),
            m.department.clone().unwrap_or_default(),
        ]
        .join(" ")
        .trim()
        .to_string();
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// A line of the team's history.
fn history(
    conn: &mut DbConn,
    team_id: i32,
    actor: i32,
    action: &str,
    details: Json,
    at: NaiveDateTime,
) -> Result<()> {
    store::teams::record_event(conn, team_id, Some(actor), action, details, at)?;
    Ok(())
}
