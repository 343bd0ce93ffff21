//! Judging rubrics per track and round, with their criteria and lock.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{rubric_criteria, rubrics};
use crate::db::DbConn;
use crate::domain::judging::{CriterionKind, QuantityScale, Round};

pub use crate::domain::judging::{default_criteria, CriterionInput};

super::text_column!(KindColumn, CriterionKind);

/// The rounds, in order (each has its own rubric).
pub const ROUNDS: [Round; 2] = Round::ALL;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = rubrics)]
pub struct Rubric {
    pub id: i32,
    pub track_id: i32,
    pub round: Round,
    pub quantity_scale: String,
    pub locked_at: Option<NaiveDateTime>,
    pub locked_by: Option<i32>,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = rubric_criteria)]
pub struct CriterionRow {
    pub id: i32,
    pub rubric_id: i32,
    pub position: i32,
    pub kind: CriterionKind,
    pub name_zh: String,
    pub name_en: String,
    pub description_zh: String,
    pub description_en: String,
    pub weight: f64,
    pub min_score: f64,
    pub max_score: f64,
}

impl From<&CriterionRow> for CriterionInput {
    fn from(r: &CriterionRow) -> Self {
        CriterionInput {
            kind: r.kind,
            name_zh: r.name_zh.clone(),
            name_en: r.name_en.clone(),
            description_zh: r.description_zh.clone(),
            description_en: r.description_en.clone(),
            weight: r.weight,
            min_score: r.min_score,
            max_score: r.max_score,
        }
    }
}

pub fn find(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
) -> QueryResult<Option<(Rubric, Vec<CriterionRow>)>> {
    let Some(r) = rubrics::table
        .filter(rubrics::track_id.eq(track_id))
        .filter(rubrics::round.eq(round))
        .select(Rubric::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let criteria = rubric_criteria::table
        .filter(rubric_criteria::rubric_id.eq(r.id))
        .order(rubric_criteria::position)
        .select(CriterionRow::as_select())
        .load(conn)?;
    Ok(Some((r, criteria)))
}

#[derive(Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved(i32),
    Locked,
    /// Someone saved since the form was opened.
    Stale,
}

/// Replaces a rubric's scale and criteria (creating the rubric on first save)
/// unless it is locked or changed since `expected_version`. Call inside a
/// transaction.
pub fn save(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    expected_version: i32,
    scale: &QuantityScale,
    criteria: &[CriterionInput],
    at: NaiveDateTime,
) -> QueryResult<SaveOutcome> {
    let existing = find(conn, track_id, round)?;
    let id = match existing {
        Some((r, _)) if r.locked_at.is_some() => return Ok(SaveOutcome::Locked),
        Some((r, _)) if r.version != expected_version => return Ok(SaveOutcome::Stale),
        Some((r, _)) => {
            let n = diesel::update(
                rubrics::table
                    .find(r.id)
                    .filter(rubrics::version.eq(expected_version))
                    .filter(rubrics::locked_at.is_null()),
            )
            .set((
                rubrics::quantity_scale.eq(scale.describe()),
                rubrics::version.eq(expected_version + 1),
                rubrics::updated_at.eq(at),
            ))
            .execute(conn)?;
            if n != 1 {
                return Ok(SaveOutcome::Stale);
            }
            diesel::delete(rubric_criteria::table.filter(rubric_criteria::rubric_id.eq(r.id)))
                .execute(conn)?;
            r.id
        }
        None if expected_version != 0 => return Ok(SaveOutcome::Stale),
        None => {
            diesel::insert_into(rubrics::table)
                .values((
                    rubrics::track_id.eq(track_id),
                    rubrics::round.eq(round),
                    rubrics::quantity_scale.eq(scale.describe()),
                    rubrics::version.eq(1),
                    rubrics::updated_at.eq(at),
                ))
                .execute(conn)?;
            rubrics::table
                .filter(rubrics::track_id.eq(track_id))
                .filter(rubrics::round.eq(round))
                .select(rubrics::id)
                .first(conn)?
        }
    };
    for (i, c) in criteria.iter().enumerate() {
        diesel::insert_into(rubric_criteria::table)
            .values((
                rubric_criteria::rubric_id.eq(id),
                rubric_criteria::position.eq(i as i32 + 1),
                rubric_criteria::kind.eq(c.kind),
                rubric_criteria::name_zh.eq(&c.name_zh),
                rubric_criteria::name_en.eq(&c.name_en),
                rubric_criteria::description_zh.eq(&c.description_zh),
                rubric_criteria::description_en.eq(&c.description_en),
                rubric_criteria::weight.eq(c.weight),
                rubric_criteria::min_score.eq(c.min_score),
                rubric_criteria::max_score.eq(c.max_score),
            ))
            .execute(conn)?;
    }
    Ok(SaveOutcome::Saved(id))
}

/// Locks (`Some(actor)`) or unlocks (`None`) a rubric; false if it was
/// already in that state.
pub fn set_lock(
    conn: &mut DbConn,
    rubric_id: i32,
    by: Option<i32>,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let q = rubrics::table.find(rubric_id);
    let n = match by {
        Some(actor) => diesel::update(q.filter(rubrics::locked_at.is_null()))
            .set((
                rubrics::locked_at.eq(Some(at)),
                rubrics::locked_by.eq(Some(actor)),
                rubrics::updated_at.eq(at),
            ))
            .execute(conn)?,
        None => diesel::update(q.filter(rubrics::locked_at.is_not_null()))
            .set((
                rubrics::locked_at.eq(None::<NaiveDateTime>),
                rubrics::locked_by.eq(None::<i32>),
                rubrics::updated_at.eq(at),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}
