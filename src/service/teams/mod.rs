//! Teams: who is in which team, with which tracks, under which rules.
//! Registering and joining (one team per student per contest), the team's
//! page, the captain's changes while registration is open, and the
//! organisers' list, checks and per-team deadline extensions.

mod bundle;
mod captain;
pub mod flags;
mod join;
mod organise;
mod pages;
mod register;

pub use bundle::{facts_of, TeamBundle};
pub use captain::{
    hand_over, invite_by_email, leave, regenerate_invites, remove_member, rename, set_tracks,
    withdraw,
};
pub use join::{invitation, join, Invitation};
pub use organise::{
    confirm_school, extend_for_team, organiser_csv, organiser_csv_part, organiser_list,
    organiser_page, review_proof, OrganiserTeam, ProofVerdict, TeamChunk, TeamFilter, TeamList,
    TeamListHead, TeamRow,
};
pub use pages::{mine, page, MyTeam, MyTeams, TeamPage};
pub use register::{register, registration, NewTeam, RegisterForm};

use chrono::NaiveDateTime;
use serde_json::{json, Value as Json};

use crate::db::DbConn;
use crate::domain::team::MemberRole;
use crate::i18n::Lang;
use crate::service::{mail, Error, Result};
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
/// Tells the captain of `b` that `member` joined (as `role`) or left, in
/// the portal and by e-mail, in the captain's language; in the caller's
/// transaction.
fn tell_captain(
    conn: &mut DbConn,
    p: &crate::service::Portal,
    b: &TeamBundle,
    member: i32,
    role: MemberRole,
    joined: bool,
    at: NaiveDateTime,
) -> Result<()> {
    let Some(captain) = b.members.iter().find(|m| m.user_id == b.team.captain_id) else {
        return Ok(());
    };
    if captain.user_id == member {
        return Ok(());
    }
    let name = store::users::find(conn, member)?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let page = format!("/teams/{}", b.team.id);
    mail::notify(
        conn,
        p,
        &captain.email,
        Lang::default(),
        "team-member",
        "emails/team_member",
        if joined {
            "mail-team-joined-subject"
        } else {
            "mail-team-left-subject"
        },
        json!({
            "name": captain.display_name, "member": name, "team": b.team.name,
            "role": mail::message(role.message_id()), "joined": joined,
            "link": p.config.absolute_url(&page),
        }),
        &page,
        at,
    )?;
    Ok(())
}

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
