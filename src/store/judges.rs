//! Judge panels (by e-mail), conflict notes and assignments.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{judge_assignments, judge_conflict_notes, judge_panel, users};
use crate::db::DbConn;
use crate::domain::judging::{NoteKind, Round};

super::text_column!(RoundColumn, Round);
super::text_column!(NoteKindColumn, NoteKind);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PanelJudge {
    pub id: i32,
    pub email: String,
    pub max_load: i32,
    pub invited_at: NaiveDateTime,
    /// The verified account with this address, once there is one.
    pub user_id: Option<i32>,
    pub display_name: Option<String>,
}

pub fn panel(conn: &mut DbConn, track_id: i32, round: Round) -> QueryResult<Vec<PanelJudge>> {
    let rows: Vec<(i32, String, i32, NaiveDateTime)> = judge_panel::table
        .filter(judge_panel::track_id.eq(track_id))
        .filter(judge_panel::round.eq(round))
        .order(judge_panel::id)
        .select((
            judge_panel::id,
            judge_panel::email,
            judge_panel::max_load,
            judge_panel::invited_at,
        ))
        .load(conn)?;
    let emails: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let accounts: Vec<(i32, String, String)> = users::table
        .filter(users::email.eq_any(&emails))
        .filter(users::email_verified_at.is_not_null())
        .filter(users::disabled.eq(false))
        .select((users::id, users::email, users::display_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, email, max_load, invited_at)| {
            let account = accounts.iter().find(|a| a.1 == email);
            PanelJudge {
                id,
                max_load,
                invited_at,
                user_id: account.map(|a| a.0),
                display_name: account.map(|a| a.2.clone()),
                email,
            }
        })
        .collect())
}

/// Adds an address to a panel; false if it is already there.
pub fn add(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    email: &str,
    max_load: i32,
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let exists: i64 = judge_panel::table
        .filter(judge_panel::track_id.eq(track_id))
        .filter(judge_panel::round.eq(round))
        .filter(judge_panel::email.eq(email))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    let n = diesel::insert_into(judge_panel::table)
        .values((
            judge_panel::track_id.eq(track_id),
            judge_panel::round.eq(round),
            judge_panel::email.eq(email),
            judge_panel::max_load.eq(max_load),
            judge_panel::invited_by.eq(Some(by)),
            judge_panel::invited_at.eq(at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Removes a judge from a panel; returns the address removed.
pub fn remove(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    panel_id: i32,
) -> QueryResult<Option<String>> {
    let email: Option<String> = judge_panel::table
        .find(panel_id)
        .filter(judge_panel::track_id.eq(track_id))
        .filter(judge_panel::round.eq(round))
        .select(judge_panel::email)
        .first(conn)
        .optional()?;
    if email.is_some() {
        diesel::delete(judge_panel::table.find(panel_id)).execute(conn)?;
    }
    Ok(email)
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = judge_conflict_notes)]
pub struct ConflictNote {
    pub id: i32,
    pub user_id: i32,
    pub team_id: i32,
    pub kind: NoteKind,
    pub note: String,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

pub fn notes(conn: &mut DbConn, team_ids: &[i32]) -> QueryResult<Vec<ConflictNote>> {
    judge_conflict_notes::table
        .filter(judge_conflict_notes::team_id.eq_any(team_ids))
        .select(ConflictNote::as_select())
        .load(conn)
}

/// Records a declared or dismissed conflict; false if it already was.
pub fn add_note(
    conn: &mut DbConn,
    user_id: i32,
    team_id: i32,
    kind: NoteKind,
    note: &str,
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let exists: i64 = judge_conflict_notes::table
        .filter(judge_conflict_notes::user_id.eq(user_id))
        .filter(judge_conflict_notes::team_id.eq(team_id))
        .filter(judge_conflict_notes::kind.eq(kind))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    let n = diesel::insert_into(judge_conflict_notes::table)
        .values((
            judge_conflict_notes::user_id.eq(user_id),
            judge_conflict_notes::team_id.eq(team_id),
            judge_conflict_notes::kind.eq(kind),
            judge_conflict_notes::note.eq(note),
            judge_conflict_notes::created_by.eq(Some(by)),
            judge_conflict_notes::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = judge_assignments)]
pub struct AssignmentRow {
    pub id: i32,
    pub entry_id: i32,
    pub user_id: i32,
    pub round: Round,
    pub manual: bool,
    pub created_at: NaiveDateTime,
}

pub fn assignments(
    conn: &mut DbConn,
    entry_ids: &[i32],
    round: Round,
) -> QueryResult<Vec<AssignmentRow>> {
    judge_assignments::table
        .filter(judge_assignments::entry_id.eq_any(entry_ids))
        .filter(judge_assignments::round.eq(round))
        .order((judge_assignments::entry_id, judge_assignments::user_id))
        .select(AssignmentRow::as_select())
        .load(conn)
}

pub fn of_judge(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<AssignmentRow>> {
    judge_assignments::table
        .filter(judge_assignments::user_id.eq(user_id))
        .order(judge_assignments::entry_id)
        .select(AssignmentRow::as_select())
        .load(conn)
}

pub fn is_assigned_in(
    conn: &mut DbConn,
    user_id: i32,
    entry_id: i32,
    round: Round,
) -> QueryResult<bool> {
    let n: i64 = judge_assignments::table
        .filter(judge_assignments::user_id.eq(user_id))
        .filter(judge_assignments::entry_id.eq(entry_id))
        .filter(judge_assignments::round.eq(round))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Replaces the automatic assignments of these entries (hand-made ones stay).
pub fn replace_automatic(
    conn: &mut DbConn,
    entry_ids: &[i32],
    round: Round,
    pairs: &[(i32, i32)],
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        judge_assignments::table
            .filter(judge_assignments::entry_id.eq_any(entry_ids))
            .filter(judge_assignments::round.eq(round))
            .filter(judge_assignments::manual.eq(false)),
    )
    .execute(conn)?;
    let kept: Vec<(i32, i32)> = judge_assignments::table
        .filter(judge_assignments::entry_id.eq_any(entry_ids))
        .filter(judge_assignments::round.eq(round))
        .select((judge_assignments::entry_id, judge_assignments::user_id))
        .load(conn)?;
    for (entry, judge) in pairs.iter().filter(|p| !kept.contains(p)) {
        diesel::insert_into(judge_assignments::table)
            .values((
                judge_assignments::entry_id.eq(entry),
                judge_assignments::user_id.eq(judge),
                judge_assignments::round.eq(round),
                judge_assignments::manual.eq(false),
                judge_assignments::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Adds one assignment by hand; false if it existed.
pub fn assign_one(
    conn: &mut DbConn,
    entry_id: i32,
    user_id: i32,
    round: Round,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    if is_assigned_in(conn, user_id, entry_id, round)? {
        return Ok(false);
    }
    let n = diesel::insert_into(judge_assignments::table)
        .values((
            judge_assignments::entry_id.eq(entry_id),
            judge_assignments::user_id.eq(user_id),
            judge_assignments::round.eq(round),
            judge_assignments::manual.eq(true),
            judge_assignments::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

pub fn unassign(conn: &mut DbConn, entry_id: i32, user_id: i32, round: Round) -> QueryResult<bool> {
    Ok(diesel::delete(
        judge_assignments::table
            .filter(judge_assignments::entry_id.eq(entry_id))
            .filter(judge_assignments::user_id.eq(user_id))
            .filter(judge_assignments::round.eq(round)),
    )
    .execute(conn)?
        == 1)
}

/// Whether this user's (verified) address is on any judge panel.
pub fn invited(conn: &mut DbConn, user_id: i32) -> QueryResult<bool> {
    let n: i64 = judge_panel::table
        .inner_join(users::table.on(users::email.eq(judge_panel::email)))
        .filter(users::id.eq(user_id))
        .filter(users::email_verified_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
