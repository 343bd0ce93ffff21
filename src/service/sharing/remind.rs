//! Reminding the teams that have not answered their invitation: by the
//! organiser's button, and by the reminders job in the days before the
//! session; each team at most once a day, claimed in the database first.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::json;

use super::{day_starts, invitation_data, invitation_path, session_of, tell_team, KIND_REMINDER};
use crate::db::{self, DbConn};
use crate::domain::sharing::{self as rules, InvitationState};
use crate::service::gates::sharing as gate;
use crate::service::{audit, now, today, Error, Person, Portal, Result};
use crate::store::sharing::Session;
use crate::store::{self};

/// Reminds the members of every team of `session` that has not answered and
/// was not reminded since `since` (a UTC instant) nor, when `invited_before`
/// is given, invited since then (its invitation is still fresh); each claimed
/// first, so two replicas at once remind a team once. Returns the teams
/// reminded.
fn remind_session(
    conn: &mut DbConn,
    p: &Portal,
    session: &Session,
    since: NaiveDateTime,
    invited_before: Option<NaiveDateTime>,
    at: NaiveDateTime,
) -> Result<Vec<i32>> {
    let contest = store::contests::find(conn, session.contest_id)?.ok_or(Error::NotFound)?;
    let slots = store::sharing::slots_of(conn, session.id)?;
    let invitations = store::sharing::invitations_of(conn, &[session.id])?;
    let team_ids: Vec<i32> = invitations.iter().map(|i| i.team_id).collect();
    // A team withdrawn since it was invited is not reminded.
    let withdrawn: Vec<i32> = store::sharing::teams_of(conn, &team_ids)?
        .into_iter()
        .filter(|(_, _, _, withdrawn)| *withdrawn)
        .map(|(id, ..)| id)
        .collect();
    let mut reminded = Vec::new();
    for i in invitations
        .into_iter()
        .filter(|i| i.state == InvitationState::Invited)
        .filter(|i| !withdrawn.contains(&i.team_id))
        .filter(|i| invited_before.is_none_or(|b| i.invited_at < b))
    {
        if !store::sharing::claim_reminder(conn, i.id, since, at)? {
            continue;
        }
        let Some(slot) = slots.iter().find(|s| s.id == i.slot_id) else {
            continue;
        };
        let path = invitation_path(i.team_id, i.id);
        let data = invitation_data(p, &contest, session, slot, &path);
        tell_team(
            conn,
            p,
            i.team_id,
            KIND_REMINDER,
            "emails/sharing_reminder",
            "mail-sharing-reminder-subject",
            &data,
            &path,
            at,
        )?;
        reminded.push(i.team_id);
    }
    Ok(reminded)
}

/// The organiser's "remind the unconfirmed": the members of the teams that
/// have not answered are reminded, each team at most once a day (nobody left
/// to remind today: 409). Returns how many teams were reminded.
pub fn remind(p: &Portal, who: &Person, contest_id: i32, id: i32) -> Result<usize> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let s = session_of(conn, contest_id, id)?;
        let day = today();
        if rules::session_over(s.held_on, day) {
            return Err(Error::WrongState("error-sharing-over"));
        }
        let at = now();
        let teams = remind_session(conn, p, &s, day_starts(day), None, at)?;
        if teams.is_empty() {
            return Err(Error::WrongState("error-sharing-nobody-to-remind"));
        }
        audit(
            conn,
            who,
            "sharing.remind",
            "sharing_session",
            id,
            json!({ "teams": teams }),
        )?;
        Ok(teams.len())
    })
}

/// The reminders job: the unanswered teams of sessions held in the next
/// `REMIND_DAYS_BEFORE` days are reminded once in those days (a team the
/// organiser reminded in them is left alone). Every replica may run it;
/// each team is claimed first. Returns how many teams were reminded.
pub fn remind_before(p: &Portal, today: NaiveDate) -> Result<usize> {
    let mut conn = p.conn()?;
    let sessions = store::sharing::held_between(
        &mut conn,
        today + Duration::days(1),
        today + Duration::days(rules::REMIND_DAYS_BEFORE),
    )?;
    let mut n = 0;
    for s in sessions {
        let Some(from) = rules::automatic_reminder_since(s.held_on, today) else {
            continue;
        };
        n += db::transaction(&mut conn, |conn| -> Result<usize> {
            Ok(remind_session(conn, p, &s, day_starts(from), Some(day_starts(from)), now())?.len())
        })?;
    }
    Ok(n)
}
