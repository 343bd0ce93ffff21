//! Reason codes and eligibility decisions; every decision is its own row and
//! the latest is marked current.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{eligibility_decisions, reason_codes, users};
use crate::db::DbConn;
use crate::domain::eligibility::{Current, Decision, FixPart, Outcome, Revision};

super::text_column!(OutcomeColumn, Outcome);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = reason_codes)]
pub struct ReasonCode {
    pub id: i32,
    pub code: String,
    pub label_zh: String,
    pub label_en: String,
    pub active: bool,
    pub position: i32,
}

pub fn reason_codes(conn: &mut DbConn) -> QueryResult<Vec<ReasonCode>> {
    reason_codes::table
        .order((reason_codes::position, reason_codes::id))
        .select(ReasonCode::as_select())
        .load(conn)
}

pub fn add_reason_code(conn: &mut DbConn, code: &str, zh: &str, en: &str) -> QueryResult<()> {
    let position: i64 = reason_codes::table.count().get_result(conn)?;
    diesel::insert_into(reason_codes::table)
        .values((
            reason_codes::code.eq(code),
            reason_codes::label_zh.eq(zh),
            reason_codes::label_en.eq(en),
            reason_codes::active.eq(true),
            reason_codes::position.eq(position as i32 + 1),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_reason_active(conn: &mut DbConn, id: i32, active: bool) -> QueryResult<bool> {
    Ok(diesel::update(reason_codes::table.find(id))
        .set(reason_codes::active.eq(active))
        .execute(conn)?
        == 1)
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = eligibility_decisions)]
pub struct DecisionRow {
    pub id: i32,
    pub entry_id: i32,
    pub outcome: Outcome,
    pub reasons: String,
    pub message: String,
    pub fix_parts: String,
    pub revision_due_at: Option<NaiveDateTime>,
    pub entry_version: i32,
    pub decided_by: Option<i32>,
    pub decided_at: NaiveDateTime,
    pub change_reason: String,
    pub confirmed_by: Option<i32>,
    pub confirmed_at: Option<NaiveDateTime>,
    /// Fixed when the decision is made: a failure on a track asking for a second look.
    pub needs_confirmation: bool,
    pub is_current: bool,
}

impl DecisionRow {
    /// Whether the team may see it.
    pub fn visible(&self) -> bool {
        !self.needs_confirmation || self.confirmed_by.is_some()
    }
}

impl DecisionRow {
    pub fn reason_list(&self) -> Vec<String> {
        serde_json::from_str(&self.reasons).unwrap_or_default()
    }

    pub fn fix_list(&self) -> Vec<String> {
        serde_json::from_str(&self.fix_parts).unwrap_or_default()
    }

    /// Where the decision leaves the entry in the review.
    pub fn current(&self) -> Current {
        Current {
            outcome: self.outcome,
            entry_version: self.entry_version,
            awaiting_confirmation: self.needs_confirmation && self.confirmed_by.is_none(),
            revision_due_at: self.revision_due_at,
        }
    }

    /// The revision this decision asks for, if it asks for one.
    pub fn revision(&self) -> Option<Revision> {
        match (self.outcome, self.revision_due_at) {
            (Outcome::Revision, Some(due)) => Some(Revision {
                due,
                parts: self
                    .fix_list()
                    .iter()
                    .filter_map(|p| FixPart::parse(p))
                    .collect(),
            }),
            _ => None,
        }
    }
}

pub fn current(conn: &mut DbConn, entry_id: i32) -> QueryResult<Option<DecisionRow>> {
    eligibility_decisions::table
        .filter(eligibility_decisions::entry_id.eq(entry_id))
        .filter(eligibility_decisions::is_current.eq(true))
        .select(DecisionRow::as_select())
        .first(conn)
        .optional()
}

pub fn current_many(conn: &mut DbConn, entry_ids: &[i32]) -> QueryResult<Vec<DecisionRow>> {
    eligibility_decisions::table
        .filter(eligibility_decisions::entry_id.eq_any(entry_ids))
        .filter(eligibility_decisions::is_current.eq(true))
        .select(DecisionRow::as_select())
        .load(conn)
}

/// Every decision on an entry, newest first, with who made and confirmed it.
pub fn history(
    conn: &mut DbConn,
    entry_id: i32,
) -> QueryResult<Vec<(DecisionRow, Option<String>)>> {
    eligibility_decisions::table
        .left_join(users::table.on(eligibility_decisions::decided_by.eq(users::id.nullable())))
        .filter(eligibility_decisions::entry_id.eq(entry_id))
        .order(eligibility_decisions::id.desc())
        .select((DecisionRow::as_select(), users::display_name.nullable()))
        .load(conn)
}

/// A decision to record.
pub struct NewDecision<'a> {
    pub entry_id: i32,
    pub decision: &'a Decision,
    /// The version of the entry decided on.
    pub entry_version: i32,
    /// A failure that waits for a second reviewer.
    pub needs_confirmation: bool,
    pub by: i32,
    /// Why an organiser changed the decision (empty for a first one).
    pub change_reason: &'a str,
}

/// Records a decision as the entry's current one; the earlier ones stay.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut DbConn,
    entry_id: i32,
    d: &Decision,
    entry_version: i32,
    needs_confirmation: bool,
    by: i32,
    change_reason: &str,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::update(
        eligibility_decisions::table.filter(eligibility_decisions::entry_id.eq(entry_id)),
    )
    .set(eligibility_decisions::is_current.eq(false))
    .execute(conn)?;
    insert_current(
        conn,
        &NewDecision {
            entry_id,
            decision: d,
            entry_version,
            needs_confirmation,
            by,
            change_reason,
        },
        now,
    )
}

/// Records a decision as the entry's current one in place of `replacing`,
/// the current decision its maker saw (none for a first decision); the
/// earlier ones stay. `None`, and nothing changed by this call, when
/// `replacing` is no longer the current one: someone decided meanwhile (the
/// caller rolls back). A decision made at the very same moment collides on
/// the one-current-decision index instead.
pub fn record_replacing(
    conn: &mut DbConn,
    replacing: Option<i32>,
    d: &NewDecision,
    now: NaiveDateTime,
) -> QueryResult<Option<i32>> {
    let current = eligibility_decisions::table
        .filter(eligibility_decisions::entry_id.eq(d.entry_id))
        .filter(eligibility_decisions::is_current.eq(true));
    let demoted = match replacing {
        Some(id) => diesel::update(current.filter(eligibility_decisions::id.eq(id)))
            .set(eligibility_decisions::is_current.eq(false))
            .execute(conn)?,
        None => diesel::update(current)
            .set(eligibility_decisions::is_current.eq(false))
            .execute(conn)?,
    };
    if demoted != usize::from(replacing.is_some()) {
        return Ok(None);
    }
    insert_current(conn, d, now).map(Some)
}

fn insert_current(conn: &mut DbConn, n: &NewDecision, now: NaiveDateTime) -> QueryResult<i32> {
    let d = n.decision;
    let parts: Vec<&str> = d.fix_parts.iter().map(|p| p.as_str()).collect();
    diesel::insert_into(eligibility_decisions::table)
        .values((
            eligibility_decisions::entry_id.eq(n.entry_id),
            eligibility_decisions::outcome.eq(d.outcome),
            eligibility_decisions::reasons
                .eq(serde_json::to_string(&d.reasons).unwrap_or_else(|_| "[]".into())),
            eligibility_decisions::message.eq(&d.message),
            eligibility_decisions::fix_parts
                .eq(serde_json::to_string(&parts).unwrap_or_else(|_| "[]".into())),
            eligibility_decisions::revision_due_at.eq(d.revision_due_at),
            eligibility_decisions::entry_version.eq(n.entry_version),
            eligibility_decisions::decided_by.eq(Some(n.by)),
            eligibility_decisions::decided_at.eq(now),
            eligibility_decisions::change_reason.eq(n.change_reason),
            eligibility_decisions::needs_confirmation.eq(n.needs_confirmation),
            eligibility_decisions::is_current.eq(true),
        ))
        .execute(conn)?;
    eligibility_decisions::table
        .filter(eligibility_decisions::entry_id.eq(n.entry_id))
        .filter(eligibility_decisions::is_current.eq(true))
        .select(eligibility_decisions::id)
        .first(conn)
}

/// A second reviewer confirms a current decision; not the one who made it.
pub fn confirm(
    conn: &mut DbConn,
    decision_id: i32,
    by: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        eligibility_decisions::table
            .find(decision_id)
            .filter(eligibility_decisions::is_current.eq(true))
            .filter(eligibility_decisions::confirmed_by.is_null())
            .filter(eligibility_decisions::needs_confirmation.eq(true))
            .filter(
                eligibility_decisions::decided_by
                    .ne(Some(by))
                    .or(eligibility_decisions::decided_by.is_null()),
            ),
    )
    .set((
        eligibility_decisions::confirmed_by.eq(Some(by)),
        eligibility_decisions::confirmed_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Entries of a track that passed the eligibility review: the only ones
/// judging may take.
pub fn passed_entry_ids(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<i32>> {
    passed_among(conn, track_id, None)
}

/// The same, among some entries only (a judge's own): a few rows, not the track.
pub fn passed_among(
    conn: &mut DbConn,
    track_id: i32,
    only: Option<&[i32]>,
) -> QueryResult<Vec<i32>> {
    use crate::db::schema::{entries, teams};
    let mut q = eligibility_decisions::table
        .inner_join(entries::table.inner_join(teams::table))
        .into_boxed();
    if let Some(ids) = only {
        q = q.filter(entries::id.eq_any(ids));
    }
    q.filter(entries::track_id.eq(track_id))
        .filter(entries::status.eq(crate::domain::entry::Status::Submitted))
        .filter(teams::withdrawn.eq(false))
        .filter(eligibility_decisions::is_current.eq(true))
        .filter(eligibility_decisions::outcome.eq(Outcome::Pass))
        .select(entries::id)
        .order(entries::id)
        .load(conn)
}

/// Per track of contest `contest_id`, how many submitted entries of teams
/// still in the contest have no current decision (the reviewers' home).
pub fn undecided_per_track(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<(i32, i64)>> {
    use crate::db::schema::{entries, teams};
    use diesel::dsl::{count_star, exists, not};
    entries::table
        .inner_join(teams::table)
        .filter(entries::contest_id.eq(contest_id))
        .filter(entries::status.eq(crate::domain::entry::Status::Submitted))
        .filter(teams::withdrawn.eq(false))
        .filter(not(exists(
            eligibility_decisions::table
                .filter(eligibility_decisions::entry_id.eq(entries::id))
                .filter(eligibility_decisions::is_current.eq(true)),
        )))
        .group_by(entries::track_id)
        .select((entries::track_id, count_star()))
        .load(conn)
}
