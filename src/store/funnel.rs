//! A contest's funnel, counted in the database: teams registered → entries
//! submitted → eligible → finalists → winners.

use diesel::prelude::*;

use crate::db::schema::{awards, eligibility_decisions, entries, finalists, teams, tracks};
use crate::db::DbConn;
use crate::domain::eligibility::Outcome;

/// (teams, submitted, eligible, finalists, winners) of a contest: teams
/// not withdrawn, then entries (an entry has one current decision, is a
/// finalist and wins at most once).
pub fn of_contest(conn: &mut DbConn, contest_id: i32) -> QueryResult<[i64; 5]> {
    let teams: i64 = teams::table
        .filter(teams::contest_id.eq(contest_id))
        .filter(teams::withdrawn.eq(false))
        .count()
        .get_result(conn)?;
    let submitted: i64 = entries::table
        .filter(entries::contest_id.eq(contest_id))
        .filter(entries::submitted_at.is_not_null())
        .count()
        .get_result(conn)?;
    let eligible: i64 = eligibility_decisions::table
        .inner_join(entries::table.on(entries::id.eq(eligibility_decisions::entry_id)))
        .filter(entries::contest_id.eq(contest_id))
        .filter(eligibility_decisions::is_current.eq(true))
        .filter(eligibility_decisions::outcome.eq(Outcome::Pass))
        .count()
        .get_result(conn)?;
    let finalists: i64 = finalists::table
        .inner_join(tracks::table.on(tracks::id.eq(finalists::track_id)))
        .filter(tracks::contest_id.eq(contest_id))
        .count()
        .get_result(conn)?;
    let winners: i64 = awards::table
        .inner_join(tracks::table.on(tracks::id.eq(awards::track_id)))
        .filter(tracks::contest_id.eq(contest_id))
        .count()
        .get_result(conn)?;
    Ok([teams, submitted, eligible, finalists, winners])
}
