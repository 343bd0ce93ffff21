//! What came of challenges (出題), counted in the database: the entries and
//! data requests that name one, how far those entries went, the units'
//! registrations for the winners' sharing session, and the look-ups the
//! pages that show a chosen challenge need. Every count is grouped by
//! challenge in SQL, never a query per entry.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::count_star;
use diesel::prelude::*;

use crate::db::schema::{
    awards, business_units, challenge_sharing, challenges, data_requests, eligibility_decisions,
    entries, finalists, sharing_sessions, teams, tracks, users,
};
use crate::db::DbConn;
use crate::domain::challenge::ChallengeState;
use crate::domain::challenge_outcome::Counts;
use crate::domain::eligibility::Outcome;
use crate::domain::entry::Status;

use super::challenges::Challenge;

/// Challenges by id (any state), in id order.
pub fn find_many(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Challenge>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    challenges::table
        .filter(challenges::id.eq_any(ids))
        .order(challenges::id)
        .select(Challenge::as_select())
        .load(conn)
}

/// Published challenges of published contests (optionally only those
/// whose results day has not passed at `open_at`), newest contest first:
/// what a data request may name.
pub fn published_of_open_contests(
    conn: &mut DbConn,
    open_at: NaiveDateTime,
) -> QueryResult<Vec<Challenge>> {
    use crate::db::schema::contests;
    challenges::table
        .inner_join(contests::table)
        .filter(challenges::state.eq(ChallengeState::Published))
        .filter(contests::published.eq(true))
        .filter(
            contests::results_at
                .is_null()
                .or(contests::results_at.gt(open_at)),
        )
        .order((contests::year.desc(), challenges::id))
        .select(Challenge::as_select())
        .load(conn)
}

/// Which challenges to count: some by id, or all of a contest's.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    Ids(&'a [i32]),
    Contest(i32),
}

/// What came of each challenge among `which` (published or not), counted
/// in grouped SQL; winners only for tracks whose results are published.
/// Challenges nothing answered are absent (count zero).
pub fn counts(conn: &mut DbConn, which: Which) -> QueryResult<HashMap<i32, Counts>> {
    let ids: Vec<i32> = match which {
        Which::Ids(ids) => ids.to_vec(),
        Which::Contest(c) => challenges::table
            .filter(challenges::contest_id.eq(c))
            .select(challenges::id)
            .load(conn)?,
    };
    let mut out: HashMap<i32, Counts> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let answering = || {
        entries::table
            .inner_join(teams::table)
            .filter(entries::challenge_id.eq_any(ids.clone()))
            .filter(teams::withdrawn.eq(false))
    };
    let teams_chose: Vec<(Option<i32>, i64)> = answering()
        .group_by(entries::challenge_id)
        .select((entries::challenge_id, count_star()))
        .load(conn)?;
    let submitted: Vec<(Option<i32>, i64)> = answering()
        .filter(entries::status.eq(Status::Submitted))
        .group_by(entries::challenge_id)
        .select((entries::challenge_id, count_star()))
        .load(conn)?;
    let eligible: Vec<(Option<i32>, i64)> = answering()
        .inner_join(
            eligibility_decisions::table.on(eligibility_decisions::entry_id.eq(entries::id)),
        )
        .filter(entries::status.eq(Status::Submitted))
        .filter(eligibility_decisions::is_current.eq(true))
        .filter(eligibility_decisions::outcome.eq(Outcome::Pass))
        .group_by(entries::challenge_id)
        .select((entries::challenge_id, count_star()))
        .load(conn)?;
    let finalist: Vec<(Option<i32>, i64)> = answering()
        .inner_join(finalists::table.on(finalists::entry_id.eq(entries::id)))
        .group_by(entries::challenge_id)
        .select((entries::challenge_id, count_star()))
        .load(conn)?;
    let won: Vec<(Option<i32>, i64)> = answering()
        .inner_join(awards::table.on(awards::entry_id.eq(entries::id)))
        .inner_join(tracks::table.on(tracks::id.eq(awards::track_id)))
        .filter(tracks::results_published_at.is_not_null())
        .group_by(entries::challenge_id)
        .select((entries::challenge_id, count_star()))
        .load(conn)?;
    let requested: Vec<(Option<i32>, i64)> = data_requests::table
        .filter(data_requests::challenge_id.eq_any(ids.clone()))
        .group_by(data_requests::challenge_id)
        .select((data_requests::challenge_id, count_star()))
        .load(conn)?;
    // Whether each challenge's track has published results.
    let published: Vec<(i32, Option<NaiveDateTime>)> = challenges::table
        .inner_join(tracks::table)
        .filter(challenges::id.eq_any(ids.clone()))
        .select((challenges::id, tracks::results_published_at))
        .load(conn)?;
    for (id, at) in published {
        out.entry(id).or_default().winners = at.map(|_| 0);
    }
    let mut add = |rows: Vec<(Option<i32>, i64)>, set: fn(&mut Counts, i64)| {
        for (id, n) in rows {
            if let Some(id) = id {
                set(out.entry(id).or_default(), n);
            }
        }
    };
    add(teams_chose, |c, n| c.teams = n);
    add(submitted, |c, n| c.submitted = n);
    add(eligible, |c, n| c.eligible = n);
    add(finalist, |c, n| c.finalists = n);
    add(won, |c, n| {
        if c.winners.is_some() {
            c.winners = Some(n)
        }
    });
    add(requested, |c, n| c.requests = n);
    Ok(out)
}

/// An entry that answers a challenge and passed the eligibility review.
#[derive(Debug, Clone, Queryable)]
pub struct EligibleEntry {
    pub challenge_id: Option<i32>,
    pub entry_id: i32,
    pub team: String,
    pub title: String,
    pub contest_year: i32,
    pub track_id: i32,
    pub results_published_at: Option<NaiveDateTime>,
}

/// The submitted entries of teams still in the contest that answer these
/// challenges and passed the eligibility review, by challenge then team.
pub fn eligible_entries(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<EligibleEntry>> {
    use crate::db::schema::contests;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    entries::table
        .inner_join(teams::table)
        .inner_join(tracks::table.on(tracks::id.eq(entries::track_id)))
        .inner_join(contests::table.on(contests::id.eq(entries::contest_id)))
        .inner_join(
            eligibility_decisions::table.on(eligibility_decisions::entry_id.eq(entries::id)),
        )
        .filter(entries::challenge_id.eq_any(ids))
        .filter(teams::withdrawn.eq(false))
        .filter(entries::status.eq(Status::Submitted))
        .filter(eligibility_decisions::is_current.eq(true))
        .filter(eligibility_decisions::outcome.eq(Outcome::Pass))
        .order((entries::challenge_id, teams::name, entries::id))
        .select((
            entries::challenge_id,
            entries::id,
            teams::name,
            entries::title,
            contests::year,
            entries::track_id,
            tracks::results_published_at,
        ))
        .load(conn)
}

/// A published winner that answers a challenge: (challenge, entry, team, title).
pub type WinnerRow = (Option<i32>, i32, String, String);

/// The published winners answering these challenges, by challenge then team.
pub fn winners_of(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<WinnerRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    entries::table
        .inner_join(teams::table)
        .inner_join(awards::table.on(awards::entry_id.eq(entries::id)))
        .inner_join(tracks::table.on(tracks::id.eq(awards::track_id)))
        .filter(entries::challenge_id.eq_any(ids))
        .filter(teams::withdrawn.eq(false))
        .filter(tracks::results_published_at.is_not_null())
        .order((entries::challenge_id, teams::name, entries::id))
        .select((
            entries::challenge_id,
            entries::id,
            teams::name,
            entries::title,
        ))
        .load(conn)
}

/// A contest's challenges in `states`, with their units, by track then id.
pub fn of_contests(
    conn: &mut DbConn,
    contest_ids: &[i32],
    states: &[ChallengeState],
) -> QueryResult<Vec<Challenge>> {
    if contest_ids.is_empty() {
        return Ok(Vec::new());
    }
    challenges::table
        .filter(challenges::contest_id.eq_any(contest_ids))
        .filter(challenges::state.eq_any(states.to_vec()))
        .order((challenges::contest_id, challenges::track_id, challenges::id))
        .select(Challenge::as_select())
        .load(conn)
}

/// How many of a contest's challenges are published now.
pub fn published_count(conn: &mut DbConn, contest_id: i32) -> QueryResult<i64> {
    challenges::table
        .filter(challenges::contest_id.eq(contest_id))
        .filter(challenges::state.eq(ChallengeState::Published))
        .count()
        .get_result(conn)
}

/// A contest's entries that answer a challenge, by how far they went:
/// (answering, submitted, eligible, finalists, winners of published
/// results), teams not withdrawn, in grouped SQL.
pub fn contest_totals(conn: &mut DbConn, contest_id: i32) -> QueryResult<[i64; 5]> {
    let counted = counts(conn, Which::Contest(contest_id))?;
    let mut out = [0i64; 5];
    for c in counted.values() {
        out[0] += c.teams;
        out[1] += c.submitted;
        out[2] += c.eligible;
        out[3] += c.finalists;
        out[4] += c.winners.unwrap_or(0);
    }
    Ok(out)
}

/// A unit's registration for a sharing session.
#[derive(Debug, Clone, Queryable)]
pub struct Registration {
    pub id: i32,
    pub challenge_id: i32,
    pub session_id: i32,
    pub attendees: i32,
    pub note: String,
    pub registered_at: NaiveDateTime,
    /// Who registered (their display name), if the account still exists.
    pub registered_by: Option<String>,
    pub title_zh: String,
    pub title_en: String,
    pub unit_zh: String,
    pub unit_en: String,
}

/// Records a registration; an error from the unique key
/// `challenge_sharing_once` when the challenge is registered already.
pub fn register(
    conn: &mut DbConn,
    challenge_id: i32,
    session_id: i32,
    attendees: i32,
    note: &str,
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(challenge_sharing::table)
        .values((
            challenge_sharing::challenge_id.eq(challenge_id),
            challenge_sharing::session_id.eq(session_id),
            challenge_sharing::attendees.eq(attendees),
            challenge_sharing::note.eq(note),
            challenge_sharing::registered_by.eq(by),
            challenge_sharing::registered_at.eq(at),
        ))
        .returning(challenge_sharing::id)
        .get_result(conn)
}

/// Registrations for these sessions or of these challenges, by session
/// then time.
pub fn registrations(
    conn: &mut DbConn,
    session_ids: &[i32],
    challenge_ids: &[i32],
) -> QueryResult<Vec<Registration>> {
    if session_ids.is_empty() && challenge_ids.is_empty() {
        return Ok(Vec::new());
    }
    challenge_sharing::table
        .inner_join(challenges::table.inner_join(business_units::table))
        .inner_join(sharing_sessions::table)
        .left_join(users::table.on(users::id.nullable().eq(challenge_sharing::registered_by)))
        .filter(
            challenge_sharing::session_id
                .eq_any(session_ids)
                .or(challenge_sharing::challenge_id.eq_any(challenge_ids)),
        )
        .order((challenge_sharing::session_id, challenge_sharing::id))
        .select((
            challenge_sharing::id,
            challenge_sharing::challenge_id,
            challenge_sharing::session_id,
            challenge_sharing::attendees,
            challenge_sharing::note,
            challenge_sharing::registered_at,
            users::display_name.nullable(),
            challenges::title_zh,
            challenges::title_en,
            business_units::name_zh,
            business_units::name_en,
        ))
        .load(conn)
}
