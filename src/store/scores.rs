//! Judges' scores, one per judge, entry and round, with every saved state kept.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{score_history, scores};
use crate::db::DbConn;
use crate::domain::judging::{Round, ScoreSheet, ScoreStatus};

super::text_column!(StatusColumn, ScoreStatus);

pub const DRAFT: ScoreStatus = ScoreStatus::Draft;
pub const SUBMITTED: ScoreStatus = ScoreStatus::Submitted;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = scores)]
pub struct ScoreRow {
    pub id: i32,
    pub entry_id: i32,
    pub user_id: i32,
    pub round: Round,
    pub status: ScoreStatus,
    pub criteria: String,
    pub depth: String,
    pub comment: String,
    pub total: Option<f64>,
    pub version: i32,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub comment_shared: bool,
    pub notes: String,
}

impl ScoreRow {
    /// The sheet as it was saved (criteria and ratings are kept as typed).
    pub fn sheet(&self) -> ScoreSheet {
        ScoreSheet {
            criteria: serde_json::from_str(&self.criteria).unwrap_or_default(),
            depth: serde_json::from_str(&self.depth).unwrap_or_default(),
            comment: self.comment.clone(),
            comment_shared: self.comment_shared,
            notes: serde_json::from_str(&self.notes).unwrap_or_default(),
        }
    }
}

pub fn find(
    conn: &mut DbConn,
    entry_id: i32,
    user_id: i32,
    round: Round,
) -> QueryResult<Option<ScoreRow>> {
    scores::table
        .filter(scores::entry_id.eq(entry_id))
        .filter(scores::user_id.eq(user_id))
        .filter(scores::round.eq(round))
        .select(ScoreRow::as_select())
        .first(conn)
        .optional()
}

pub fn of_entries(
    conn: &mut DbConn,
    entry_ids: &[i32],
    round: Round,
) -> QueryResult<Vec<ScoreRow>> {
    scores::table
        .filter(scores::entry_id.eq_any(entry_ids))
        .filter(scores::round.eq(round))
        .order((scores::entry_id, scores::user_id))
        .select(ScoreRow::as_select())
        .load(conn)
}

/// (entry, judge, total) of the submitted scores of these entries in a
/// round: what a ranking needs, without the criteria and comments.
pub fn submitted_totals(
    conn: &mut DbConn,
    entry_ids: &[i32],
    round: Round,
) -> QueryResult<Vec<(i32, i32, f64)>> {
    let rows: Vec<(i32, i32, Option<f64>)> = scores::table
        .filter(scores::entry_id.eq_any(entry_ids))
        .filter(scores::round.eq(round))
        .filter(scores::status.eq(SUBMITTED))
        .filter(scores::total.is_not_null())
        .order((scores::entry_id, scores::user_id))
        .select((scores::entry_id, scores::user_id, scores::total))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(e, j, t)| Some((e, j, t?)))
        .collect())
}

pub fn of_judge(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<ScoreRow>> {
    scores::table
        .filter(scores::user_id.eq(user_id))
        .select(ScoreRow::as_select())
        .load(conn)
}

pub struct ScoreInput<'a> {
    pub status: ScoreStatus,
    pub criteria: &'a str,
    pub depth: &'a str,
    pub comment: &'a str,
    pub comment_shared: bool,
    /// Comments per criterion, as JSON: position → [text, shared].
    pub notes: &'a str,
    pub total: Option<f64>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved,
    /// Already submitted: final.
    Final,
    /// Saved elsewhere since the form was opened.
    Stale,
}

/// Saves a judge's score if `expected_version` is still current (0 for
/// none yet) and it is not submitted; keeps the state in the history.
#[allow(clippy::too_many_arguments)]
pub fn save(
    conn: &mut DbConn,
    entry_id: i32,
    user_id: i32,
    round: Round,
    expected_version: i32,
    input: &ScoreInput,
    at: NaiveDateTime,
) -> QueryResult<SaveOutcome> {
    let existing = find(conn, entry_id, user_id, round)?;
    let submitted_at = (input.status == SUBMITTED).then_some(at);
    let id = match existing {
        Some(s) if s.status == SUBMITTED => return Ok(SaveOutcome::Final),
        Some(s) if s.version != expected_version => return Ok(SaveOutcome::Stale),
        Some(s) => {
            let n = diesel::update(
                scores::table
                    .find(s.id)
                    .filter(scores::version.eq(expected_version))
                    .filter(scores::status.eq(DRAFT)),
            )
            .set((
                scores::status.eq(input.status),
                scores::criteria.eq(input.criteria),
                scores::depth.eq(input.depth),
                scores::comment.eq(input.comment),
                scores::comment_shared.eq(input.comment_shared),
                scores::notes.eq(input.notes),
                scores::total.eq(input.total),
                scores::version.eq(expected_version + 1),
                scores::updated_at.eq(at),
                scores::submitted_at.eq(submitted_at),
            ))
            .execute(conn)?;
            if n != 1 {
                return Ok(SaveOutcome::Stale);
            }
            s.id
        }
        None if expected_version != 0 => return Ok(SaveOutcome::Stale),
        None => {
            diesel::insert_into(scores::table)
                .values((
                    scores::entry_id.eq(entry_id),
                    scores::user_id.eq(user_id),
                    scores::round.eq(round),
                    scores::status.eq(input.status),
                    scores::criteria.eq(input.criteria),
                    scores::depth.eq(input.depth),
                    scores::comment.eq(input.comment),
                    scores::comment_shared.eq(input.comment_shared),
                    scores::notes.eq(input.notes),
                    scores::total.eq(input.total),
                    scores::version.eq(1),
                    scores::updated_at.eq(at),
                    scores::submitted_at.eq(submitted_at),
                ))
                .execute(conn)?;
            find(conn, entry_id, user_id, round)?
                .ok_or(diesel::result::Error::NotFound)?
                .id
        }
    };
    diesel::insert_into(score_history::table)
        .values((
            score_history::score_id.eq(id),
            score_history::status.eq(input.status),
            score_history::criteria.eq(input.criteria),
            score_history::depth.eq(input.depth),
            score_history::comment.eq(input.comment),
            score_history::total.eq(input.total),
            score_history::changed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(SaveOutcome::Saved)
}

pub fn history_count(conn: &mut DbConn, score_id: i32) -> QueryResult<i64> {
    score_history::table
        .filter(score_history::score_id.eq(score_id))
        .count()
        .get_result(conn)
}

/// How many judges of a contest have an assigned entry they have not
/// submitted a score for yet (any round), counted in the database.
pub fn judges_behind(conn: &mut DbConn, contest_id: i32) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let rows: Vec<Count> = diesel::sql_query(format!(
        "SELECT COUNT(DISTINCT a.user_id) AS n FROM judge_assignments a \
         JOIN entries e ON e.id = a.entry_id \
         WHERE e.contest_id = {contest_id} AND NOT EXISTS (SELECT 1 FROM scores s \
           WHERE s.entry_id = a.entry_id AND s.user_id = a.user_id AND s.round = a.round \
             AND s.status = '{submitted}')",
        submitted = SUBMITTED.as_str(),
    ))
    .load(conn)?;
    Ok(rows.first().map_or(0, |r| r.n))
}
