//! The organiser's side of a sharing session: scheduling it and its slots,
//! inviting winning teams and moving them, the agenda for the units, and
//! the action items recorded after it.

use chrono::NaiveDateTime;
use serde_json::json;

use super::{
    invitation_data, invitation_path, session_of, slot_time, tell_team, view, views, SessionView,
    Winner, KIND_AGENDA, KIND_INVITATION,
};
use crate::db::DbConn;
use crate::domain::sharing::{self as rules, ActionForm, SessionForm, SlotForm};
use crate::i18n::Lang;
use crate::service::gates::sharing as gate;
use crate::service::{audit, mail, now, today, Error, Person, Portal, Result};
use crate::store::contests::Contest;
use crate::store::sharing::{Invitation, NewInvitation, Session, Slot};
use crate::store::units::Unit;
use crate::store::{self};

/// A contest's sessions, for the organiser's list.
pub struct SessionsPage {
    pub contest: Contest,
    pub sessions: Vec<SessionView>,
    /// How many winning teams the published results have.
    pub winners: usize,
}

fn contest(conn: &mut crate::db::DbConn, id: i32) -> Result<Contest> {
    store::contests::find(conn, id)?.ok_or(Error::NotFound)
}

pub fn sessions(p: &Portal, who: &Person, contest_id: i32) -> Result<SessionsPage> {
    gate::organiser(who)?;
    p.read(|conn| {
        let c = contest(conn, contest_id)?;
        let sessions = store::sharing::sessions_of(conn, c.id)?;
        Ok(SessionsPage {
            sessions: views(conn, &c, sessions, today())?,
            winners: super::winners(conn, &c)?.len(),
            contest: c,
        })
    })
}

/// One session as its organiser sees it.
pub struct SessionPage {
    pub contest: Contest,
    pub view: SessionView,
    /// Winning teams not yet invited to this session.
    pub to_invite: Vec<Winner>,
    /// Every winning team (names and entries for the invitations).
    pub winners: Vec<Winner>,
    /// Active business units (owners of action items).
    pub units: Vec<Unit>,
    /// Action items may be recorded (the session's day has come).
    pub actions_open: bool,
    /// The session's day has passed.
    pub over: bool,
    /// The agenda as it is now has been sent.
    pub agenda_current: bool,
    /// Business units registered through their challenges (issue 20).
    pub registrations: Vec<crate::store::challenge_outcomes::Registration>,
}

pub fn session(p: &Portal, who: &Person, contest_id: i32, id: i32) -> Result<SessionPage> {
    gate::organiser(who)?;
    p.read(|conn| {
        let c = contest(conn, contest_id)?;
        let s = session_of(conn, contest_id, id)?;
        let day = today();
        let (actions_open, over) = (
            rules::actions_open(s.held_on, day),
            rules::session_over(s.held_on, day),
        );
        let agenda_current = s.agenda_version == s.version;
        let registrations = crate::service::challenges::outcome::registrations_for(conn, s.id)?;
        let v = view(conn, &c, s, day)?;
        let winners = super::winners(conn, &c)?;
        let invited: Vec<i32> = v.invitations().map(|(_, i)| i.team_id).collect();
        Ok(SessionPage {
            to_invite: winners
                .iter()
                .filter(|w| !invited.contains(&w.team_id))
                .cloned()
                .collect(),
            winners,
            units: store::units::list(conn)?
                .into_iter()
                .filter(|u| u.active)
                .collect(),
            actions_open,
            over,
            agenda_current,
            registrations,
            view: v,
            contest: c,
        })
    })
}

/// Schedules a session of the contest; one a day per contest (a second, or
/// two at once, is refused beside the date: 409).
pub fn create_session(p: &Portal, who: &Person, contest_id: i32, f: &SessionForm) -> Result<i32> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let c = contest(conn, contest_id)?;
        let s = rules::session(f)?;
        let taken = Error::Taken {
            field: "held_on",
            message: "error-sharing-session-taken",
        };
        if store::sharing::sessions_of(conn, c.id)?
            .iter()
            .any(|x| x.held_on == s.held_on)
        {
            return Err(taken);
        }
        let at = now();
        let id = store::sharing::create_session(conn, c.id, &s, who.id, at).map_err(|e| {
            match Error::from(e) {
                Error::Stale(_) => Error::Taken {
                    field: "held_on",
                    message: "error-sharing-session-taken",
                },
                other => other,
            }
        })?;
        audit(
            conn,
            who,
            "sharing.schedule",
            "sharing_session",
            id,
            json!({ "contest_id": c.id, "held_on": s.held_on, "starts_at": s.starts_at, "place": s.place }),
        )?;
        Ok(id)
    })
}

/// Changes a session's date, time, place or note.
pub fn update_session(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    id: i32,
    f: &SessionForm,
) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let old = session_of(conn, contest_id, id)?;
        let s = rules::session(f)?;
        if store::sharing::sessions_of(conn, contest_id)?
            .iter()
            .any(|x| x.id != id && x.held_on == s.held_on)
        {
            return Err(Error::Taken {
                field: "held_on",
                message: "error-sharing-session-taken",
            });
        }
        let moved =
            old.held_on != s.held_on || old.starts_at != s.starts_at || old.place != s.place;
        if moved && rules::session_over(old.held_on, today()) {
            return Err(Error::WrongState("error-sharing-over"));
        }
        let at = now();
        store::sharing::update_session(conn, id, &s, at)?;
        audit(
            conn,
            who,
            "sharing.edit",
            "sharing_session",
            id,
            json!({
                "from": { "held_on": old.held_on, "starts_at": old.starts_at, "place": old.place },
                "to": { "held_on": s.held_on, "starts_at": s.starts_at, "place": s.place },
            }),
        )?;
        if moved {
            // A new day, time or place is asked again of every invited team
            // (a confirmation was for the old one), and each is told.
            let c = contest(conn, contest_id)?;
            let session = session_of(conn, contest_id, id)?;
            let slots = store::sharing::slots_of(conn, id)?;
            for inv in store::sharing::invitations_of(conn, &[id])? {
                let Some(slot) = slots.iter().find(|x| x.id == inv.slot_id) else {
                    continue;
                };
                if inv.state == rules::InvitationState::Confirmed {
                    store::sharing::move_to(
                        conn,
                        inv.id,
                        slot.id,
                        rules::InvitationState::Invited,
                        at,
                    )?;
                }
                tell_moved(conn, p, (&c, &session, slot), &inv, false, at)?;
            }
        }
        Ok(())
    })
}

/// Adds a slot to a session: it ends after it starts and overlaps no other
/// (the same start twice at once: one slot, the other 409).
pub fn add_slot(p: &Portal, who: &Person, contest_id: i32, id: i32, f: &SlotForm) -> Result<i32> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        session_of(conn, contest_id, id)?;
        let others: Vec<(String, String)> = store::sharing::slots_of(conn, id)?
            .into_iter()
            .map(|s| (s.starts, s.ends))
            .collect();
        let slot = rules::slot(f, &others)?;
        let slot_id = store::sharing::add_slot(conn, id, &slot).map_err(|e| match Error::from(e) {
            Error::Stale(_) => Error::Taken {
                field: "slot_starts",
                message: "error-sharing-slot-overlap",
            },
            other => other,
        })?;
        store::sharing::bump(conn, id, now())?;
        audit(
            conn,
            who,
            "sharing.slot.add",
            "sharing_session",
            id,
            json!({ "slot_id": slot_id, "starts": slot.starts, "ends": slot.ends, "label": slot.label }),
        )?;
        Ok(slot_id)
    })
}

/// Removes a slot that holds no team.
pub fn remove_slot(p: &Portal, who: &Person, contest_id: i32, id: i32, slot_id: i32) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        session_of(conn, contest_id, id)?;
        let slot = store::sharing::slots_of(conn, id)?
            .into_iter()
            .find(|s| s.id == slot_id)
            .ok_or(Error::NotFound)?;
        if store::sharing::invitations_of(conn, &[id])?
            .iter()
            .any(|i| i.slot_id == slot_id)
        {
            return Err(Error::WrongState("error-sharing-slot-in-use"));
        }
        if !store::sharing::delete_slot(conn, slot_id)? {
            return Err(Error::Stale("error-conflict-retry"));
        }
        store::sharing::bump(conn, id, now())?;
        audit(
            conn,
            who,
            "sharing.slot.remove",
            "sharing_session",
            id,
            json!({ "slot_id": slot_id, "starts": slot.starts, "ends": slot.ends }),
        )
    })
}

/// Which free slot of the session `raw` names, or the field's refusal.
fn free_slot(
    conn: &mut crate::db::DbConn,
    session_id: i32,
    field: &'static str,
    raw: &str,
) -> Result<crate::store::sharing::Slot> {
    let id = raw
        .trim()
        .parse::<i32>()
        .map_err(|_| Error::field(field, "error-required"))?;
    let slot = store::sharing::slots_of(conn, session_id)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(Error::field(field, "error-sharing-slot-taken"))?;
    if store::sharing::invitations_of(conn, &[session_id])?
        .iter()
        .any(|i| i.slot_id == id)
    {
        return Err(Error::field(field, "error-sharing-slot-taken"));
    }
    Ok(slot)
}

/// Invites a winning team of the contest's published results to a free slot,
/// once per session (a second invitation, even two at once: 409); every
/// member of the team is told.
pub fn invite(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    id: i32,
    team: &str,
    slot: &str,
) -> Result<i32> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let c = contest(conn, contest_id)?;
        let s = session_of(conn, contest_id, id)?;
        if rules::session_over(s.held_on, today()) {
            return Err(Error::WrongState("error-sharing-over"));
        }
        let team_id = team
            .trim()
            .parse::<i32>()
            .map_err(|_| Error::field("team", "error-required"))?;
        rules::may_invite(&super::candidate(conn, &c, team_id)?)
            .map_err(|m| Error::field("team", m))?;
        let already = Error::Taken {
            field: "team",
            message: "error-sharing-already-invited",
        };
        if store::sharing::invitations_of(conn, &[id])?
            .iter()
            .any(|i| i.team_id == team_id)
        {
            return Err(already);
        }
        let slot = free_slot(conn, id, "slot", slot)?;
        let at = now();
        let inv = store::sharing::invite(
            conn,
            &NewInvitation {
                session_id: id,
                team_id,
                slot_id: slot.id,
                by: who.id,
                at,
            },
        )?;
        store::sharing::bump(conn, id, at)?;
        audit(
            conn,
            who,
            "sharing.invite",
            "sharing_session",
            id,
            json!({ "invitation_id": inv, "team_id": team_id, "slot_id": slot.id }),
        )?;
        let path = invitation_path(team_id, inv);
        let mut data = invitation_data(p, &c, &s, &slot, &path);
        data["moved"] = json!(false);
        tell_team(
            conn,
            p,
            team_id,
            KIND_INVITATION,
            "emails/sharing_invitation",
            "mail-sharing-invitation-subject",
            &data,
            &path,
            at,
        )?;
        Ok(inv)
    })
}

/// Moves an invited team to another free slot of the session: to the one it
/// asked for, it stands confirmed; to any other, it is asked again. The
/// team is told.
pub fn move_team(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    id: i32,
    invitation_id: i32,
    slot: &str,
) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let c = contest(conn, contest_id)?;
        let s = session_of(conn, contest_id, id)?;
        let inv = store::sharing::find_invitation(conn, invitation_id)?
            .filter(|i| i.session_id == id)
            .ok_or(Error::NotFound)?;
        if rules::session_over(s.held_on, today()) {
            return Err(Error::WrongState("error-sharing-over"));
        }
        let to = free_slot(conn, id, "form", slot)?;
        let state = rules::after_move(to.id, inv.preferred_slot_id);
        let at = now();
        store::sharing::move_to(conn, inv.id, to.id, state, at).map_err(|e| match Error::from(e) {
            Error::Stale(_) => Error::field("form", "error-sharing-slot-taken"),
            other => other,
        })?;
        store::sharing::bump(conn, id, at)?;
        audit(
            conn,
            who,
            "sharing.move",
            "sharing_session",
            id,
            json!({ "invitation_id": inv.id, "team_id": inv.team_id, "from": inv.slot_id, "to": to.id, "state": state.as_str() }),
        )?;
        let confirmed = state == rules::InvitationState::Confirmed;
        tell_moved(conn, p, (&c, &s, &to), &inv, confirmed, at)
    })
}

/// Sends the session's agenda (date, place, slots with teams and entry
/// titles) to the reviewers of every active business unit, each in their
/// language; unchanged since it was last sent, it is not sent again (409).
/// Returns how many people were told.
pub fn send_agenda(p: &Portal, who: &Person, contest_id: i32, id: i32) -> Result<usize> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let c = contest(conn, contest_id)?;
        let s = session_of(conn, contest_id, id)?;
        let at = now();
        let v = view(conn, &c, s.clone(), today())?;
        if v.invitations().next().is_none() {
            return Err(Error::WrongState("error-sharing-agenda-empty"));
        }
        if !store::sharing::mark_agenda_sent(conn, id, at)? {
            return Err(Error::WrongState("error-sharing-agenda-sent"));
        }
        let path = format!("/sharing/{id}");
        let lines: Vec<_> = v
            .invitations()
            .map(|(l, _)| {
                json!({
                    "time": slot_time(&l.slot), "label": l.slot.label,
                    "team": l.team, "titles": l.entries.join("、"),
                })
            })
            .collect();
        let data = json!({
            "contest": mail::in_langs(&c.title, &c.title_en),
            "year": c.year,
            "date": s.held_on.format("%Y-%m-%d").to_string(),
            "starts_at": s.starts_at, "place": s.place, "note": s.note,
            "slots": lines,
            "link": p.config.absolute_url(&path),
        });
        let mut told = 0;
        for unit in store::units::list(conn)?.into_iter().filter(|u| u.active) {
            for (_, email, locale) in store::requests::unit_reviewers(conn, unit.id)? {
                mail::notify(
                    conn,
                    p,
                    &email,
                    Lang::from_code(&locale).unwrap_or_default(),
                    KIND_AGENDA,
                    "emails/sharing_agenda",
                    "mail-sharing-agenda-subject",
                    data.clone(),
                    &path,
                    at,
                )?;
                told += 1;
            }
        }
        audit(
            conn,
            who,
            "sharing.agenda",
            "sharing_session",
            id,
            json!({ "version": s.version, "told": told }),
        )?;
        Ok(told)
    })
}

/// Records an action item of a session (from its day on) for a business
/// unit, with a due date; the same item twice (even at once) is one item
/// and a 409.
pub fn add_action(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    id: i32,
    f: &ActionForm,
) -> Result<i32> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let s = session_of(conn, contest_id, id)?;
        if !rules::actions_open(s.held_on, today()) {
            return Err(Error::WrongState("error-sharing-actions-before"));
        }
        let units: Vec<i32> = store::units::list(conn)?
            .into_iter()
            .filter(|u| u.active)
            .map(|u| u.id)
            .collect();
        let a = rules::action(f, &units, s.held_on)?;
        let taken = || Error::Taken {
            field: "description",
            message: "error-sharing-action-taken",
        };
        if store::sharing::actions_of(conn, &[id])?
            .iter()
            .any(|x| x.owner_unit_id == a.owner_unit_id && x.description == a.description)
        {
            return Err(taken());
        }
        let action_id = store::sharing::add_action(conn, id, &a, who.id, now()).map_err(|e| {
            match Error::from(e) {
                Error::Stale(_) => taken(),
                other => other,
            }
        })?;
        audit(
            conn,
            who,
            "sharing.action.add",
            "sharing_session",
            id,
            json!({ "action_id": action_id, "unit_id": a.owner_unit_id, "due_on": a.due_on, "description": a.description }),
        )?;
        Ok(action_id)
    })
}

/// Marks an action item done (once: a second mark is a 409); it leaves the
/// next pack.
pub fn mark_done(p: &Portal, who: &Person, contest_id: i32, id: i32, action_id: i32) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        session_of(conn, contest_id, id)?;
        store::sharing::find_action(conn, action_id)?
            .filter(|a| a.session_id == id)
            .ok_or(Error::NotFound)?;
        if !store::sharing::mark_done(conn, action_id, who.id, now())? {
            return Err(Error::Stale("error-sharing-action-done"));
        }
        audit(
            conn,
            who,
            "sharing.action.done",
            "sharing_session",
            id,
            json!({ "action_id": action_id }),
        )
    })
}

/// The sessions whose agenda was sent, for business units (and organisers).
pub fn agendas(p: &Portal, who: &Person) -> Result<Vec<(Session, Contest)>> {
    gate::agenda_reader(who)?;
    p.read(|conn| {
        let mut out = Vec::new();
        for s in store::sharing::with_agenda(conn)? {
            if let Some(c) = store::contests::find(conn, s.contest_id)? {
                out.push((s, c));
            }
        }
        Ok(out)
    })
}

/// A session's agenda: units read it once it was sent, organisers always.
pub fn agenda(p: &Portal, who: &Person, id: i32) -> Result<(Contest, SessionView)> {
    gate::agenda_reader(who)?;
    p.read(|conn| {
        let s = store::sharing::find_session(conn, id)?.ok_or(Error::NotFound)?;
        if s.agenda_sent_at.is_none() && !who.organises() {
            return Err(Error::NotFound);
        }
        let c = contest(conn, s.contest_id)?;
        let v = view(conn, &c, s, today())?;
        Ok((c, v))
    })
}

/// Tells an invited team its slot, day, time or place changed (and whether
/// it counts as confirmed).
fn tell_moved(
    conn: &mut DbConn,
    p: &Portal,
    (c, s, slot): (&Contest, &Session, &Slot),
    inv: &Invitation,
    confirmed: bool,
    at: NaiveDateTime,
) -> Result<()> {
    let path = invitation_path(inv.team_id, inv.id);
    let mut data = invitation_data(p, c, s, slot, &path);
    data["moved"] = json!(true);
    data["confirmed"] = json!(confirmed);
    tell_team(
        conn,
        p,
        inv.team_id,
        KIND_INVITATION,
        "emails/sharing_invitation",
        "mail-sharing-moved-subject",
        &data,
        &path,
        at,
    )?;
    Ok(())
}
