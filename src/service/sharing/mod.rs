//! Winners' sharing sessions (issue 17): the organiser schedules a session
//! with slots and invites winning teams of the contest's published results,
//! teams confirm or ask for another slot, the unconfirmed are reminded, the
//! business units get the agenda, and the action items recorded after the
//! session are carried into the advisory-group pack until done.

mod organise;
mod pack;
mod remind;
mod team;

pub use organise::*;
pub use pack::*;
pub use remind::*;
pub use team::*;

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::{json, Value as Json};

use crate::db::DbConn;
use crate::domain::sharing::Candidate;
use crate::i18n::Lang;
use crate::service::{mail, Error, Portal, Result};
use crate::store::contests::{Contest, Prize, Track};
use crate::store::sharing::{Action, Invitation, Session, Slot};
use crate::store::units::Unit;
use crate::store::{self};

/// Notification kinds of the sharing sessions.
pub const KIND_INVITATION: &str = "sharing-invitation";
pub const KIND_REMINDER: &str = "sharing-reminder";
pub const KIND_ANSWER: &str = "sharing-answer";
pub const KIND_AGENDA: &str = "sharing-agenda";

/// An entry that won a prize in a track whose results are published.
#[derive(Debug, Clone)]
pub struct WonEntry {
    pub title: String,
    pub track: Track,
    pub prize: Option<Prize>,
}

/// A winning team of the contest's published results.
#[derive(Debug, Clone)]
pub struct Winner {
    pub team_id: i32,
    pub name: String,
    pub entries: Vec<WonEntry>,
}

/// One slot of a session with the team in it, if any.
#[derive(Debug, Clone)]
pub struct SlotLine {
    pub slot: Slot,
    pub invitation: Option<Invitation>,
    /// The team's name, and the titles of its winning entries.
    pub team: Option<String>,
    pub entries: Vec<String>,
}

/// An action item with its unit.
#[derive(Debug, Clone)]
pub struct ActionLine {
    pub action: Action,
    pub unit: Option<Unit>,
    /// The year of the contest whose session recorded it, and the session's date.
    pub year: i32,
    pub held_on: NaiveDate,
    pub overdue: bool,
}

/// A session with its slots (each with its team) and action items.
#[derive(Debug, Clone)]
pub struct SessionView {
    pub session: Session,
    pub slots: Vec<SlotLine>,
    pub actions: Vec<ActionLine>,
}

impl SessionView {
    /// The slot of `id`.
    pub fn slot(&self, id: i32) -> Option<&Slot> {
        self.slots.iter().map(|l| &l.slot).find(|s| s.id == id)
    }

    /// Slots holding no team.
    pub fn free_slots(&self) -> Vec<&Slot> {
        self.slots
            .iter()
            .filter(|l| l.invitation.is_none())
            .map(|l| &l.slot)
            .collect()
    }

    pub fn invitations(&self) -> impl Iterator<Item = (&SlotLine, &Invitation)> {
        self.slots
            .iter()
            .filter_map(|l| l.invitation.as_ref().map(|i| (l, i)))
    }
}

/// The UTC instant at which Taiwan's day `d` starts.
pub(crate) fn day_starts(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN) - Duration::hours(8)
}

/// "10:00–10:20".
pub fn slot_time(s: &Slot) -> String {
    format!("{}–{}", s.starts, s.ends)
}

/// The winning teams of the contest's published results (withdrawn teams
/// left out), in track order.
pub(crate) fn winners(conn: &mut DbConn, contest: &Contest) -> Result<Vec<Winner>> {
    if !contest.published {
        return Ok(Vec::new());
    }
    let awards: Vec<_> = store::sharing::awards_of_contest(conn, contest.id)?
        .into_iter()
        .filter(|a| a.4)
        .collect();
    let team_ids: Vec<i32> = awards.iter().map(|a| a.0).collect();
    let teams = store::sharing::teams_of(conn, &team_ids)?;
    let tracks = store::contests::tracks_of(conn, contest.id)?;
    let track_ids: Vec<i32> = tracks.iter().map(|t| t.id).collect();
    let prizes = store::contests::prizes_of(conn, &track_ids)?;
    let mut out: Vec<Winner> = Vec::new();
    for (team_id, track_id, title, prize_id, _) in awards {
        let Some((_, _, name, withdrawn)) = teams.iter().find(|t| t.0 == team_id) else {
            continue;
        };
        let Some(track) = tracks.iter().find(|t| t.id == track_id) else {
            continue;
        };
        if *withdrawn {
            continue;
        }
        let won = WonEntry {
            title,
            track: track.clone(),
            prize: prizes.iter().find(|p| p.id == prize_id).cloned(),
        };
        match out.iter_mut().find(|w| w.team_id == team_id) {
            Some(w) => w.entries.push(won),
            None => out.push(Winner {
                team_id,
                name: name.clone(),
                entries: vec![won],
            }),
        }
    }
    Ok(out)
}

/// What decides whether team `team_id` may be invited to `contest`'s session.
pub(crate) fn candidate(conn: &mut DbConn, contest: &Contest, team_id: i32) -> Result<Candidate> {
    let Some(team) = store::teams::find(conn, team_id)? else {
        return Ok(Candidate::default());
    };
    let awards = store::sharing::awards_of_contest(conn, contest.id)?;
    let tracks = store::contests::tracks_of(conn, contest.id)?;
    let theirs: Vec<i32> = store::teams::track_ids(conn, &[team_id])?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    Ok(Candidate {
        same_contest: team.contest_id == contest.id,
        withdrawn: team.withdrawn,
        contest_published: contest.published,
        won_published: awards.iter().any(|a| a.0 == team_id && a.4),
        results_pending: tracks
            .iter()
            .any(|t| theirs.contains(&t.id) && t.results_published_at.is_none()),
    })
}

/// The session `id` of contest `contest_id` (404 for another contest's).
pub(crate) fn session_of(conn: &mut DbConn, contest_id: i32, id: i32) -> Result<Session> {
    store::sharing::find_session(conn, id)?
        .filter(|s| s.contest_id == contest_id)
        .ok_or(Error::NotFound)
}

/// The sessions' slots with their teams, and their action items.
pub(crate) fn views(
    conn: &mut DbConn,
    contest: &Contest,
    sessions: Vec<Session>,
    today: NaiveDate,
) -> Result<Vec<SessionView>> {
    let ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let slots = store::sharing::slots_of_many(conn, &ids)?;
    let invitations = store::sharing::invitations_of(conn, &ids)?;
    let actions = store::sharing::actions_of(conn, &ids)?;
    let units = store::units::list(conn)?;
    let team_ids: Vec<i32> = invitations.iter().map(|i| i.team_id).collect();
    let names: BTreeMap<i32, String> = store::teams::names(conn, &team_ids)?.into_iter().collect();
    let won = winners(conn, contest)?;
    Ok(sessions
        .into_iter()
        .map(|session| {
            let lines = slots
                .iter()
                .filter(|s| s.session_id == session.id)
                .map(|slot| {
                    let invitation = invitations.iter().find(|i| i.slot_id == slot.id).cloned();
                    let team = invitation
                        .as_ref()
                        .and_then(|i| names.get(&i.team_id).cloned());
                    let entries = invitation
                        .as_ref()
                        .and_then(|i| won.iter().find(|w| w.team_id == i.team_id))
                        .map(|w| w.entries.iter().map(|e| e.title.clone()).collect())
                        .unwrap_or_default();
                    SlotLine {
                        slot: slot.clone(),
                        invitation,
                        team,
                        entries,
                    }
                })
                .collect();
            let actions = actions
                .iter()
                .filter(|a| a.session_id == session.id)
                .map(|a| ActionLine {
                    unit: units.iter().find(|u| u.id == a.owner_unit_id).cloned(),
                    year: contest.year,
                    held_on: session.held_on,
                    overdue: crate::domain::sharing::overdue(a.due_on, a.done_at.is_some(), today),
                    action: a.clone(),
                })
                .collect();
            SessionView {
                session,
                slots: lines,
                actions,
            }
        })
        .collect())
}

/// The view of one session.
pub(crate) fn view(
    conn: &mut DbConn,
    contest: &Contest,
    session: Session,
    today: NaiveDate,
) -> Result<SessionView> {
    views(conn, contest, vec![session], today)?
        .pop()
        .ok_or(Error::NotFound)
}

/// The current members of team `team_id` (former students left out).
pub(crate) fn members(conn: &mut DbConn, team_id: i32) -> Result<Vec<store::teams::Member>> {
    Ok(store::teams::members(conn, &[team_id])?
        .into_iter()
        .filter(|m| m.role != crate::domain::team::MemberRole::FormerStudent)
        .collect())
}

/// The language stored for the account of `user_id`.
pub(crate) fn lang_of(conn: &mut DbConn, user_id: i32) -> Result<Lang> {
    Ok(store::users::find(conn, user_id)?
        .and_then(|u| Lang::from_code(&u.locale))
        .unwrap_or_default())
}

/// What an invitation's notifications say: the contest, the session and the slot.
pub(crate) fn invitation_data(
    p: &Portal,
    contest: &Contest,
    session: &Session,
    slot: &Slot,
    path: &str,
) -> Json {
    json!({
        "contest": mail::in_langs(&contest.title, &contest.title_en),
        "year": contest.year,
        "date": session.held_on.format("%Y-%m-%d").to_string(),
        "time": slot_time(slot),
        "label": slot.label,
        "place": session.place,
        "note": session.note,
        "link": p.config.absolute_url(path),
    })
}

/// Tells every current member of team `team_id` about its invitation
/// (`kind`, `template`, `subject`), each in their language.
#[allow(clippy::too_many_arguments)]
pub(crate) fn tell_team(
    conn: &mut DbConn,
    p: &Portal,
    team_id: i32,
    kind: &str,
    template: &str,
    subject: &str,
    data: &Json,
    path: &str,
    at: NaiveDateTime,
) -> Result<usize> {
    let people = members(conn, team_id)?;
    for m in &people {
        let mut d = data.clone();
        d["name"] = json!(m.display_name);
        let lang = lang_of(conn, m.user_id)?;
        mail::notify(
            conn, p, &m.email, lang, kind, template, subject, d, path, at,
        )?;
    }
    Ok(people.len())
}

/// The path of a team's invitation page.
pub fn invitation_path(team_id: i32, invitation_id: i32) -> String {
    format!("/teams/{team_id}/sharing/{invitation_id}")
}

/// The path of a session's organiser page.
pub fn session_path(contest_id: i32, session_id: i32) -> String {
    format!("/organise/contests/{contest_id}/sharing/{session_id}")
}
