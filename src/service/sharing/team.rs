//! The team's side of a sharing session: its invitation, which a member
//! confirms or answers by asking for another slot; the organiser is told.

use chrono::NaiveDate;
use serde_json::json;

use super::{lang_of, members, session_path, slot_time, KIND_ANSWER};
use crate::db::DbConn;
use crate::domain::sharing::{self as rules, Answer, AskForm};
use crate::service::gates::sharing as gate;
use crate::service::{mail, now, today, Error, Person, Portal, Result};
use crate::store::contests::Contest;
use crate::store::sharing::{Invitation, Session, Slot};
use crate::store::teams::Team;
use crate::store::{self};

/// A team's invitation with its session and slot.
#[derive(Debug, Clone)]
pub struct TeamInvitation {
    pub invitation: Invitation,
    pub session: Session,
    pub slot: Slot,
}

/// The invitations of team `team_id`, newest session first, for its page.
pub fn of_team(conn: &mut DbConn, team_id: i32) -> Result<Vec<TeamInvitation>> {
    let mut out = Vec::new();
    for i in store::sharing::invitations_of_team(conn, team_id)? {
        let Some(session) = store::sharing::find_session(conn, i.session_id)? else {
            continue;
        };
        let Some(slot) = store::sharing::slots_of(conn, session.id)?
            .into_iter()
            .find(|s| s.id == i.slot_id)
        else {
            continue;
        };
        out.push(TeamInvitation {
            invitation: i,
            session,
            slot,
        });
    }
    Ok(out)
}

/// The first invitation waiting for an answer from a team of `user_id`, to
/// a session not yet past, as (team, invitation), for the home page.
pub fn waiting_for(
    conn: &mut DbConn,
    user_id: i32,
    today: NaiveDate,
) -> Result<Option<(i32, i32)>> {
    Ok(store::sharing::waiting_for_user(conn, user_id, today)?
        .first()
        .map(|i| (i.team_id, i.id)))
}

/// An invitation as its team reads it.
pub struct InvitationPage {
    pub team: Team,
    pub contest: Contest,
    pub invitation: TeamInvitation,
    /// Slots of the session holding no team (to ask for).
    pub free: Vec<Slot>,
    /// The slot the team asked for, if any.
    pub preferred: Option<Slot>,
    /// The viewer is a member who may answer now.
    pub can_answer: bool,
    /// The session's day has passed.
    pub over: bool,
}

struct InvitationOfTeam {
    team: Team,
    contest: Contest,
    invitation: Invitation,
    session: Session,
    slots: Vec<Slot>,
    taken: Vec<i32>,
    members: Vec<i32>,
}

fn load(conn: &mut DbConn, team_id: i32, id: i32) -> Result<InvitationOfTeam> {
    let invitation = store::sharing::find_invitation(conn, id)?
        .filter(|i| i.team_id == team_id)
        .ok_or(Error::NotFound)?;
    let team = store::teams::find(conn, team_id)?.ok_or(Error::NotFound)?;
    let session =
        store::sharing::find_session(conn, invitation.session_id)?.ok_or(Error::NotFound)?;
    let contest = store::contests::find(conn, session.contest_id)?.ok_or(Error::NotFound)?;
    let slots = store::sharing::slots_of(conn, session.id)?;
    let taken = store::sharing::invitations_of(conn, &[session.id])?
        .iter()
        .map(|i| i.slot_id)
        .collect();
    let members = members(conn, team_id)?.iter().map(|m| m.user_id).collect();
    Ok(InvitationOfTeam {
        team,
        contest,
        invitation,
        session,
        slots,
        taken,
        members,
    })
}

/// Team `team_id`'s invitation `id`, for its members and organisers.
pub fn invitation(p: &Portal, who: &Person, team_id: i32, id: i32) -> Result<InvitationPage> {
    p.read(|conn| {
        let l = load(conn, team_id, id)?;
        gate::may_read(who, &l.members)?;
        let over = rules::session_over(l.session.held_on, today());
        let slot = l
            .slots
            .iter()
            .find(|s| s.id == l.invitation.slot_id)
            .cloned()
            .ok_or(Error::NotFound)?;
        Ok(InvitationPage {
            can_answer: !over && gate::team_member(who, &l.members).is_ok(),
            over,
            free: l
                .slots
                .iter()
                .filter(|s| !l.taken.contains(&s.id))
                .cloned()
                .collect(),
            preferred: l
                .invitation
                .preferred_slot_id
                .and_then(|id| l.slots.iter().find(|s| s.id == id).cloned()),
            invitation: TeamInvitation {
                invitation: l.invitation,
                session: l.session,
                slot,
            },
            team: l.team,
            contest: l.contest,
        })
    })
}

/// A member confirms the team's slot (once; two at once: one, the other 409).
pub fn confirm(p: &Portal, who: &Person, team_id: i32, id: i32) -> Result<()> {
    reply(p, who, team_id, id, Answer::Confirm, &AskForm::default())
}

/// A member asks for another slot: a free one, or in a message.
pub fn ask_another_slot(
    p: &Portal,
    who: &Person,
    team_id: i32,
    id: i32,
    f: &AskForm,
) -> Result<()> {
    reply(p, who, team_id, id, Answer::AskAnotherSlot, f)
}

fn reply(p: &Portal, who: &Person, team_id: i32, id: i32, a: Answer, f: &AskForm) -> Result<()> {
    p.transaction(|conn| {
        let l = load(conn, team_id, id)?;
        gate::team_member(who, &l.members)?;
        if rules::session_over(l.session.held_on, today()) {
            return Err(Error::WrongState("error-sharing-over"));
        }
        let to = rules::answer(l.invitation.state, a).map_err(Error::WrongState)?;
        let (message, preferred) = match a {
            Answer::Confirm => (l.invitation.message.clone(), None),
            Answer::AskAnotherSlot => {
                let free: Vec<i32> = l
                    .slots
                    .iter()
                    .filter(|s| !l.taken.contains(&s.id))
                    .map(|s| s.id)
                    .collect();
                let ask = rules::ask(f, &free)?;
                (ask.message, ask.preferred_slot)
            }
        };
        let at = now();
        if !store::sharing::answer(conn, id, l.invitation.state, to, &message, preferred, at)? {
            return Err(Error::Stale("error-conflict-retry"));
        }
        store::sharing::bump(conn, l.session.id, at)?;
        store::teams::record_event(
            conn,
            team_id,
            Some(who.id),
            match a {
                Answer::Confirm => "sharing.confirm",
                Answer::AskAnotherSlot => "sharing.ask",
            },
            json!({ "invitation_id": id, "preferred_slot": preferred }),
            at,
        )?;
        // The organiser who invited the team (or who scheduled the session) is told.
        let Some(organiser) = l.invitation.invited_by.or(l.session.created_by) else {
            return Ok(());
        };
        let Some(user) = store::users::find(conn, organiser)? else {
            return Ok(());
        };
        let slot = |id: Option<i32>| {
            id.and_then(|id| l.slots.iter().find(|s| s.id == id))
                .map(slot_time)
        };
        let path = session_path(l.contest.id, l.session.id);
        let lang = lang_of(conn, user.id)?;
        mail::notify(
            conn,
            p,
            &user.email,
            lang,
            KIND_ANSWER,
            "emails/sharing_answer",
            "mail-sharing-answer-subject",
            json!({
                "name": user.display_name,
                "team": l.team.name,
                "date": l.session.held_on.format("%Y-%m-%d").to_string(),
                "slot": slot(Some(l.invitation.slot_id)),
                "confirmed": a == Answer::Confirm,
                "preferred": slot(preferred),
                "message": message,
                "link": p.config.absolute_url(&path),
            }),
            &path,
            at,
        )?;
        Ok(())
    })
}
