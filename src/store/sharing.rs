//! Winners' sharing sessions, their slots, invitations and action items.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    awards, contests, entries, sharing_actions, sharing_invitations, sharing_sessions,
    sharing_slots, team_members, teams, tracks,
};
use crate::db::DbConn;
use crate::domain::sharing::{ActionInput, InvitationState, SessionInput, SlotInput};

super::text_column!(InvitationStateColumn, InvitationState);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sharing_sessions)]
pub struct Session {
    pub id: i32,
    pub contest_id: i32,
    pub held_on: NaiveDate,
    /// "HH:MM", Taiwan time.
    pub starts_at: String,
    pub place: String,
    pub note: String,
    /// Bumped by every change the agenda shows.
    pub version: i32,
    /// The version last sent to the units as the agenda (0: never).
    pub agenda_version: i32,
    pub agenda_sent_at: Option<NaiveDateTime>,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sharing_slots)]
pub struct Slot {
    pub id: i32,
    pub session_id: i32,
    pub starts: String,
    pub ends: String,
    pub label: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sharing_invitations)]
pub struct Invitation {
    pub id: i32,
    pub session_id: i32,
    pub team_id: i32,
    pub slot_id: i32,
    pub state: InvitationState,
    pub message: String,
    pub preferred_slot_id: Option<i32>,
    pub invited_by: Option<i32>,
    pub invited_at: NaiveDateTime,
    pub answered_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sharing_actions)]
pub struct Action {
    pub id: i32,
    pub session_id: i32,
    pub description: String,
    pub owner_unit_id: i32,
    pub due_on: NaiveDate,
    pub done_at: Option<NaiveDateTime>,
    pub done_by: Option<i32>,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

// Sessions.

pub fn create_session(
    conn: &mut DbConn,
    contest_id: i32,
    s: &SessionInput,
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(sharing_sessions::table)
        .values((
            sharing_sessions::contest_id.eq(contest_id),
            sharing_sessions::held_on.eq(s.held_on),
            sharing_sessions::starts_at.eq(&s.starts_at),
            sharing_sessions::place.eq(&s.place),
            sharing_sessions::note.eq(&s.note),
            sharing_sessions::created_by.eq(by),
            sharing_sessions::created_at.eq(at),
            sharing_sessions::updated_at.eq(at),
        ))
        .returning(sharing_sessions::id)
        .get_result(conn)
}

pub fn update_session(
    conn: &mut DbConn,
    id: i32,
    s: &SessionInput,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    Ok(diesel::update(sharing_sessions::table.find(id))
        .set((
            sharing_sessions::held_on.eq(s.held_on),
            sharing_sessions::starts_at.eq(&s.starts_at),
            sharing_sessions::place.eq(&s.place),
            sharing_sessions::note.eq(&s.note),
            sharing_sessions::version.eq(sharing_sessions::version + 1),
            sharing_sessions::updated_at.eq(at),
        ))
        .execute(conn)?
        == 1)
}

/// Marks a change the agenda shows.
pub fn bump(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(sharing_sessions::table.find(id))
        .set((
            sharing_sessions::version.eq(sharing_sessions::version + 1),
            sharing_sessions::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find_session(conn: &mut DbConn, id: i32) -> QueryResult<Option<Session>> {
    sharing_sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)
        .optional()
}

/// A contest's sessions, by date.
pub fn sessions_of(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<Session>> {
    sharing_sessions::table
        .filter(sharing_sessions::contest_id.eq(contest_id))
        .order((sharing_sessions::held_on, sharing_sessions::id))
        .select(Session::as_select())
        .load(conn)
}

/// Sessions whose agenda was sent to the units, newest first.
pub fn with_agenda(conn: &mut DbConn) -> QueryResult<Vec<Session>> {
    sharing_sessions::table
        .filter(sharing_sessions::agenda_sent_at.is_not_null())
        .order((sharing_sessions::held_on.desc(), sharing_sessions::id))
        .select(Session::as_select())
        .load(conn)
}

/// Sessions held from `from` to `to` (Taiwan dates, both included).
pub fn held_between(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<Session>> {
    sharing_sessions::table
        .filter(sharing_sessions::held_on.ge(from))
        .filter(sharing_sessions::held_on.le(to))
        .order(sharing_sessions::id)
        .select(Session::as_select())
        .load(conn)
}

/// Records the agenda as sent, unless this version was sent already
/// (a second click, or another replica at the same moment): whether it did.
pub fn mark_agenda_sent(conn: &mut DbConn, id: i32, at: NaiveDateTime) -> QueryResult<bool> {
    Ok(diesel::update(
        sharing_sessions::table
            .find(id)
            .filter(sharing_sessions::agenda_version.ne(sharing_sessions::version)),
    )
    .set((
        sharing_sessions::agenda_version.eq(sharing_sessions::version),
        sharing_sessions::agenda_sent_at.eq(at),
    ))
    .execute(conn)?
        == 1)
}

// Slots.

pub fn slots_of(conn: &mut DbConn, session_id: i32) -> QueryResult<Vec<Slot>> {
    sharing_slots::table
        .filter(sharing_slots::session_id.eq(session_id))
        .order((sharing_slots::starts, sharing_slots::id))
        .select(Slot::as_select())
        .load(conn)
}

pub fn slots_of_many(conn: &mut DbConn, session_ids: &[i32]) -> QueryResult<Vec<Slot>> {
    sharing_slots::table
        .filter(sharing_slots::session_id.eq_any(session_ids))
        .order((sharing_slots::starts, sharing_slots::id))
        .select(Slot::as_select())
        .load(conn)
}

/// Adds a slot; a second one at the same start is a unique violation.
pub fn add_slot(conn: &mut DbConn, session_id: i32, s: &SlotInput) -> QueryResult<i32> {
    diesel::insert_into(sharing_slots::table)
        .values((
            sharing_slots::session_id.eq(session_id),
            sharing_slots::starts.eq(&s.starts),
            sharing_slots::ends.eq(&s.ends),
            sharing_slots::label.eq(&s.label),
        ))
        .returning(sharing_slots::id)
        .get_result(conn)
}

pub fn delete_slot(conn: &mut DbConn, id: i32) -> QueryResult<bool> {
    Ok(diesel::delete(sharing_slots::table.find(id)).execute(conn)? == 1)
}

// Invitations.

pub struct NewInvitation {
    pub session_id: i32,
    pub team_id: i32,
    pub slot_id: i32,
    pub by: i32,
    pub at: NaiveDateTime,
}

/// Invites a team; a second invitation of the team, or a second team in
/// the slot, is a unique violation.
pub fn invite(conn: &mut DbConn, i: &NewInvitation) -> QueryResult<i32> {
    diesel::insert_into(sharing_invitations::table)
        .values((
            sharing_invitations::session_id.eq(i.session_id),
            sharing_invitations::team_id.eq(i.team_id),
            sharing_invitations::slot_id.eq(i.slot_id),
            sharing_invitations::state.eq(InvitationState::Invited),
            sharing_invitations::invited_by.eq(i.by),
            sharing_invitations::invited_at.eq(i.at),
        ))
        .returning(sharing_invitations::id)
        .get_result(conn)
}

pub fn find_invitation(conn: &mut DbConn, id: i32) -> QueryResult<Option<Invitation>> {
    sharing_invitations::table
        .find(id)
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

pub fn invitations_of(conn: &mut DbConn, session_ids: &[i32]) -> QueryResult<Vec<Invitation>> {
    sharing_invitations::table
        .filter(sharing_invitations::session_id.eq_any(session_ids))
        .order(sharing_invitations::id)
        .select(Invitation::as_select())
        .load(conn)
}

/// A team's invitations, newest session first.
pub fn invitations_of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<Invitation>> {
    sharing_invitations::table
        .filter(sharing_invitations::team_id.eq(team_id))
        .order(sharing_invitations::id.desc())
        .select(Invitation::as_select())
        .load(conn)
}

/// The unanswered invitations of the teams `user_id` is a member of (former
/// students left out) to sessions held on `today` or later, with the team.
pub fn waiting_for_user(
    conn: &mut DbConn,
    user_id: i32,
    today: NaiveDate,
) -> QueryResult<Vec<Invitation>> {
    sharing_invitations::table
        .inner_join(
            sharing_sessions::table.on(sharing_sessions::id.eq(sharing_invitations::session_id)),
        )
        .inner_join(team_members::table.on(team_members::team_id.eq(sharing_invitations::team_id)))
        .filter(team_members::user_id.eq(user_id))
        .filter(team_members::member_role.ne(super::teams::FORMER_STUDENT))
        .filter(sharing_invitations::state.eq(InvitationState::Invited))
        .filter(sharing_sessions::held_on.ge(today))
        .order(sharing_sessions::held_on)
        .select(Invitation::as_select())
        .load(conn)
}

/// Moves an invitation to slot `slot_id` in `state`, the team's request cleared.
pub fn move_to(
    conn: &mut DbConn,
    id: i32,
    slot_id: i32,
    state: InvitationState,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let answered = (state == InvitationState::Confirmed).then_some(at);
    Ok(diesel::update(sharing_invitations::table.find(id))
        .set((
            sharing_invitations::slot_id.eq(slot_id),
            sharing_invitations::state.eq(state),
            sharing_invitations::preferred_slot_id.eq(None::<i32>),
            sharing_invitations::answered_at.eq(answered),
        ))
        .execute(conn)?
        == 1)
}

/// Records a team's answer if the invitation is still in state `from`
/// (someone answering at the same moment makes this one stale): whether it did.
pub fn answer(
    conn: &mut DbConn,
    id: i32,
    from: InvitationState,
    to: InvitationState,
    message: &str,
    preferred: Option<i32>,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    Ok(diesel::update(
        sharing_invitations::table
            .find(id)
            .filter(sharing_invitations::state.eq(from)),
    )
    .set((
        sharing_invitations::state.eq(to),
        sharing_invitations::message.eq(message),
        sharing_invitations::preferred_slot_id.eq(preferred),
        sharing_invitations::answered_at.eq(at),
    ))
    .execute(conn)?
        == 1)
}

/// Claims the reminder of an unanswered invitation not reminded since
/// `since` (a UTC instant): whether this call claimed it. Two replicas
/// claiming at once remind the team once.
pub fn claim_reminder(
    conn: &mut DbConn,
    id: i32,
    since: NaiveDateTime,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    Ok(diesel::update(
        sharing_invitations::table
            .find(id)
            .filter(sharing_invitations::state.eq(InvitationState::Invited))
            .filter(
                sharing_invitations::reminded_at
                    .is_null()
                    .or(sharing_invitations::reminded_at.lt(since)),
            ),
    )
    .set(sharing_invitations::reminded_at.eq(at))
    .execute(conn)?
        == 1)
}

// Winners.

/// One awarded entry of a contest: (team, track, entry title, prize id,
/// whether the track's results are published).
pub type Award = (i32, i32, String, i32, bool);

/// The awards of the contest's tracks, with the entry's team and title.
pub fn awards_of_contest(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<Award>> {
    let rows: Vec<(i32, i32, String, i32, Option<NaiveDateTime>)> = awards::table
        .inner_join(entries::table.on(entries::id.eq(awards::entry_id)))
        .inner_join(tracks::table.on(tracks::id.eq(awards::track_id)))
        .filter(tracks::contest_id.eq(contest_id))
        .order((tracks::position, awards::id))
        .select((
            entries::team_id,
            tracks::id,
            entries::title,
            awards::prize_id,
            tracks::results_published_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(team, track, title, prize, at)| (team, track, title, prize, at.is_some()))
        .collect())
}

/// The contest of each of `team_ids`, and whether it was withdrawn.
pub fn teams_of(conn: &mut DbConn, team_ids: &[i32]) -> QueryResult<Vec<(i32, i32, String, bool)>> {
    teams::table
        .filter(teams::id.eq_any(team_ids))
        .select((teams::id, teams::contest_id, teams::name, teams::withdrawn))
        .load(conn)
}

// Action items.

pub fn add_action(
    conn: &mut DbConn,
    session_id: i32,
    a: &ActionInput,
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(sharing_actions::table)
        .values((
            sharing_actions::session_id.eq(session_id),
            sharing_actions::description.eq(&a.description),
            sharing_actions::owner_unit_id.eq(a.owner_unit_id),
            sharing_actions::due_on.eq(a.due_on),
            sharing_actions::created_by.eq(by),
            sharing_actions::created_at.eq(at),
        ))
        .returning(sharing_actions::id)
        .get_result(conn)
}

pub fn find_action(conn: &mut DbConn, id: i32) -> QueryResult<Option<Action>> {
    sharing_actions::table
        .find(id)
        .select(Action::as_select())
        .first(conn)
        .optional()
}

pub fn actions_of(conn: &mut DbConn, session_ids: &[i32]) -> QueryResult<Vec<Action>> {
    sharing_actions::table
        .filter(sharing_actions::session_id.eq_any(session_ids))
        .order((sharing_actions::due_on, sharing_actions::id))
        .select(Action::as_select())
        .load(conn)
}

/// Marks an action item done unless it is: whether it did.
pub fn mark_done(conn: &mut DbConn, id: i32, by: i32, at: NaiveDateTime) -> QueryResult<bool> {
    Ok(diesel::update(
        sharing_actions::table
            .find(id)
            .filter(sharing_actions::done_at.is_null()),
    )
    .set((
        sharing_actions::done_at.eq(at),
        sharing_actions::done_by.eq(by),
    ))
    .execute(conn)?
        == 1)
}

/// Action items not done from sessions of contests up to `year`, with the
/// year and the session's date, oldest due first.
pub fn open_actions_up_to(
    conn: &mut DbConn,
    year: i32,
) -> QueryResult<Vec<(Action, i32, NaiveDate)>> {
    sharing_actions::table
        .inner_join(
            sharing_sessions::table.on(sharing_sessions::id.eq(sharing_actions::session_id)),
        )
        .inner_join(contests::table.on(contests::id.eq(sharing_sessions::contest_id)))
        .filter(sharing_actions::done_at.is_null())
        .filter(contests::year.le(year))
        .order((sharing_actions::due_on, sharing_actions::id))
        .select((
            Action::as_select(),
            contests::year,
            sharing_sessions::held_on,
        ))
        .load(conn)
}
