//! Open-data consults: one per entry (the unique key `consults_once_per_entry`),
//! asked by a team and answered once by a reviewer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{consults, users};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consults)]
pub struct ConsultRow {
    pub id: i32,
    pub entry_id: i32,
    pub asked_by: Option<i32>,
    pub question: String,
    /// The entry's version when the team asked.
    pub entry_version: i32,
    pub asked_at: NaiveDateTime,
    pub answered_by: Option<i32>,
    pub answer: String,
    /// JSON list of reason codes the answer says the entry risks.
    pub reasons: String,
    pub answered_at: Option<NaiveDateTime>,
}

impl ConsultRow {
    pub fn reason_list(&self) -> Vec<String> {
        serde_json::from_str(&self.reasons).unwrap_or_default()
    }

    pub fn answered(&self) -> bool {
        self.answered_at.is_some()
    }
}

/// A consult to record.
pub struct NewConsult<'a> {
    pub entry_id: i32,
    pub asked_by: i32,
    pub question: &'a str,
    pub entry_version: i32,
    pub at: NaiveDateTime,
}

/// Records a consult; a second one for the same entry is a unique violation.
pub fn ask(conn: &mut DbConn, c: &NewConsult) -> QueryResult<i32> {
    diesel::insert_into(consults::table)
        .values((
            consults::entry_id.eq(c.entry_id),
            consults::asked_by.eq(c.asked_by),
            consults::question.eq(c.question),
            consults::entry_version.eq(c.entry_version),
            consults::asked_at.eq(c.at),
        ))
        .returning(consults::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<ConsultRow>> {
    consults::table
        .find(id)
        .select(ConsultRow::as_select())
        .first(conn)
        .optional()
}

pub fn of_entry(conn: &mut DbConn, entry_id: i32) -> QueryResult<Option<ConsultRow>> {
    consults::table
        .filter(consults::entry_id.eq(entry_id))
        .select(ConsultRow::as_select())
        .first(conn)
        .optional()
}

/// Consults waiting for an answer, oldest first.
pub fn open(conn: &mut DbConn) -> QueryResult<Vec<ConsultRow>> {
    consults::table
        .filter(consults::answered_at.is_null())
        .order((consults::asked_at, consults::id))
        .select(ConsultRow::as_select())
        .load(conn)
}

/// The `limit` consults answered last, newest first.
pub fn answered(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<ConsultRow>> {
    consults::table
        .filter(consults::answered_at.is_not_null())
        .order((consults::answered_at.desc(), consults::id.desc()))
        .limit(limit)
        .select(ConsultRow::as_select())
        .load(conn)
}

/// Records the answer of consult `id` unless it has one; whether it did.
pub fn answer(
    conn: &mut DbConn,
    id: i32,
    by: i32,
    message: &str,
    reasons: &[String],
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let reasons = serde_json::to_string(reasons).unwrap_or_else(|_| "[]".into());
    Ok(diesel::update(
        consults::table
            .filter(consults::id.eq(id))
            .filter(consults::answered_at.is_null()),
    )
    .set((
        consults::answered_by.eq(by),
        consults::answer.eq(message),
        consults::reasons.eq(reasons),
        consults::answered_at.eq(at),
    ))
    .execute(conn)?
        == 1)
}

/// Which of `entry_ids` have an answered consult.
pub fn answered_entries(conn: &mut DbConn, entry_ids: &[i32]) -> QueryResult<Vec<i32>> {
    consults::table
        .filter(consults::entry_id.eq_any(entry_ids))
        .filter(consults::answered_at.is_not_null())
        .select(consults::entry_id)
        .load(conn)
}

/// The display name of user `id`, if any.
pub fn name_of(conn: &mut DbConn, id: Option<i32>) -> QueryResult<Option<String>> {
    match id {
        Some(id) => users::table
            .find(id)
            .select(users::display_name)
            .first(conn)
            .optional(),
        None => Ok(None),
    }
}
