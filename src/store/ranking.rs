//! The stored ranking of each track's rounds: a line per entry judged in the
//! round and a row per round with its counts, read a page at a time.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{datasets, entries, entry_datasets, ranking_lines, ranking_rounds, teams};
use crate::db::DbConn;
use crate::domain::judging::{RankMethod, Round};
use crate::store::entries::Entry;

/// One entry's line: its place by each method (none: unscored), the figures
/// that explain it, and each judge's (user id, raw, normalised) total as JSON.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = ranking_lines)]
pub struct LineRow {
    pub track_id: i32,
    pub round: Round,
    pub entry_id: i32,
    pub position: i32,
    pub rank_normalised: Option<i32>,
    pub rank_mean: Option<i32>,
    pub rank_median: Option<i32>,
    pub reviews: i32,
    pub mean: f64,
    pub median: f64,
    pub stdev: f64,
    pub min_total: f64,
    pub max_total: f64,
    pub normalised: f64,
    pub disagreement: bool,
    pub quantity: i32,
    pub judges: String,
}

impl LineRow {
    /// Its place by `method`.
    pub fn rank(&self, method: RankMethod) -> Option<i32> {
        match method {
            RankMethod::Normalised => self.rank_normalised,
            RankMethod::Mean => self.rank_mean,
            RankMethod::Median => self.rank_median,
        }
    }

    /// Each judge's (user id, raw total, normalised total).
    pub fn judges(&self) -> Vec<(i32, f64, f64)> {
        serde_json::from_str(&self.judges).unwrap_or_default()
    }
}

/// A round's counts: lines ranked, entries nobody scored, and the judges
/// left unnormalised (a JSON list of user ids).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = ranking_rounds)]
pub struct RoundRow {
    pub track_id: i32,
    pub round: Round,
    pub ranked: i32,
    pub unscored: i32,
    pub flagged_judges: String,
    pub refreshed_at: NaiveDateTime,
}

impl RoundRow {
    pub fn flagged_judges(&self) -> Vec<i32> {
        serde_json::from_str(&self.flagged_judges).unwrap_or_default()
    }
}

/// Takes the round's row for this transaction (made if missing): two
/// rewrites of the same round queue here, the second reading what the first
/// committed.
pub fn claim(conn: &mut DbConn, track_id: i32, round: Round, at: NaiveDateTime) -> QueryResult<()> {
    let row = (
        ranking_rounds::track_id.eq(track_id),
        ranking_rounds::round.eq(round),
        ranking_rounds::ranked.eq(0),
        ranking_rounds::unscored.eq(0),
        ranking_rounds::flagged_judges.eq("[]"),
        ranking_rounds::refreshed_at.eq(at),
    );
    // Made once: a second maker at the same moment waits for the first.
    let insert = diesel::insert_into(ranking_rounds::table).values(row);
    match conn {
        DbConn::Sqlite(c) => insert.on_conflict_do_nothing().execute(c)?,
        DbConn::Postgres(c) => insert.on_conflict_do_nothing().execute(c)?,
    };
    // An UPDATE holds the row until commit (PostgreSQL); SQLite writers
    // queue on the database already.
    diesel::update(ranking_rounds::table.find((track_id, round)))
        .set(ranking_rounds::refreshed_at.eq(at))
        .execute(conn)?;
    Ok(())
}

/// Writes a round's lines and counts in place of the stored ones: lines that
/// did not change stay, so a change that moves little writes little.
pub fn replace(
    conn: &mut DbConn,
    head: (i32, Round),
    lines: &[LineRow],
    ranked: i32,
    flagged_judges: &[i32],
) -> QueryResult<()> {
    let (track_id, round) = head;
    let stored = lines_of(conn, track_id, round)?;
    let wanted: HashMap<i32, &LineRow> = lines.iter().map(|l| (l.entry_id, l)).collect();
    let gone: Vec<i32> = stored
        .iter()
        .filter(|s| wanted.get(&s.entry_id) != Some(s))
        .map(|s| s.entry_id)
        .collect();
    let of_round = ranking_lines::track_id
        .eq(track_id)
        .and(ranking_lines::round.eq(round));
    // Lines stored and unchanged stay, unless most changed (a new score
    // moves every normalised total): then the round is written anew.
    let mut kept: HashSet<i32> = HashSet::new();
    if gone.len() * 2 > stored.len() {
        diesel::delete(ranking_lines::table.filter(of_round)).execute(conn)?;
    } else {
        let gone_set: HashSet<i32> = gone.iter().copied().collect();
        kept = stored
            .iter()
            .map(|s| s.entry_id)
            .filter(|e| !gone_set.contains(e))
            .collect();
        for ids in gone.chunks(500) {
            diesel::delete(
                ranking_lines::table
                    .filter(of_round)
                    .filter(ranking_lines::entry_id.eq_any(ids)),
            )
            .execute(conn)?;
        }
    }
    let new: Vec<&LineRow> = lines
        .iter()
        .filter(|l| !kept.contains(&l.entry_id))
        .collect();
    // 17 columns a line: 500 lines stay well under either database's
    // limit on bound values.
    for chunk in new.chunks(500) {
        let rows: Vec<LineRow> = chunk.iter().map(|l| (*l).clone()).collect();
        // Many rows in one INSERT, which each backend writes its own way.
        let insert = diesel::insert_into(ranking_lines::table).values(&rows);
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Postgres(c) => insert.execute(c)?,
        };
    }
    diesel::update(ranking_rounds::table.find((track_id, round)))
        .set((
            ranking_rounds::ranked.eq(ranked),
            ranking_rounds::unscored.eq(lines.len() as i32 - ranked),
            ranking_rounds::flagged_judges
                .eq(serde_json::to_string(flagged_judges).unwrap_or_else(|_| "[]".into())),
        ))
        .execute(conn)?;
    Ok(())
}

/// A round's counts, if it has been ranked.
pub fn round_of(conn: &mut DbConn, track_id: i32, round: Round) -> QueryResult<Option<RoundRow>> {
    ranking_rounds::table
        .find((track_id, round))
        .select(RoundRow::as_select())
        .first(conn)
        .optional()
}

/// Every line of a round, in the round's order of entries.
pub fn lines_of(conn: &mut DbConn, track_id: i32, round: Round) -> QueryResult<Vec<LineRow>> {
    ranking_lines::table
        .filter(ranking_lines::track_id.eq(track_id))
        .filter(ranking_lines::round.eq(round))
        .order(ranking_lines::position)
        .select(LineRow::as_select())
        .load(conn)
}

/// One page of the ranked lines by `method`, best first, with each line's
/// entry and team name.
pub fn ranked_page(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    method: RankMethod,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<(LineRow, Entry, String)>> {
    let q = ranking_lines::table
        .inner_join(entries::table.inner_join(teams::table))
        .filter(ranking_lines::track_id.eq(track_id))
        .filter(ranking_lines::round.eq(round))
        .select((LineRow::as_select(), Entry::as_select(), teams::name))
        .offset(offset)
        .limit(limit);
    match method {
        RankMethod::Normalised => q
            .filter(ranking_lines::rank_normalised.is_not_null())
            .order(ranking_lines::rank_normalised)
            .load(conn),
        RankMethod::Mean => q
            .filter(ranking_lines::rank_mean.is_not_null())
            .order(ranking_lines::rank_mean)
            .load(conn),
        RankMethod::Median => q
            .filter(ranking_lines::rank_median.is_not_null())
            .order(ranking_lines::rank_median)
            .load(conn),
    }
}

/// One page of the round's entries nobody has scored, in the round's order,
/// with their team's name.
pub fn unscored_page(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<(Entry, String)>> {
    ranking_lines::table
        .inner_join(entries::table.inner_join(teams::table))
        .filter(ranking_lines::track_id.eq(track_id))
        .filter(ranking_lines::round.eq(round))
        .filter(ranking_lines::rank_normalised.is_null())
        .order(ranking_lines::position)
        .select((Entry::as_select(), teams::name))
        .offset(offset)
        .limit(limit)
        .load(conn)
}

/// The stored rounds (track, round) that hold a line of any of these entries.
pub fn rounds_holding(conn: &mut DbConn, entry_ids: &[i32]) -> QueryResult<Vec<(i32, Round)>> {
    ranking_lines::table
        .filter(ranking_lines::entry_id.eq_any(entry_ids))
        .select((ranking_lines::track_id, ranking_lines::round))
        .distinct()
        .load(conn)
}

/// The stored rounds that hold a line of one of a team's entries.
pub fn rounds_of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<(i32, Round)>> {
    ranking_lines::table
        .inner_join(entries::table)
        .filter(entries::team_id.eq(team_id))
        .select((ranking_lines::track_id, ranking_lines::round))
        .distinct()
        .load(conn)
}

/// The stored rounds that hold a line of an entry declaring this catalogue
/// dataset.
pub fn rounds_declaring(conn: &mut DbConn, source_id: &str) -> QueryResult<Vec<(i32, Round)>> {
    ranking_lines::table
        .inner_join(entries::table.inner_join(entry_datasets::table.inner_join(datasets::table)))
        .filter(datasets::source_id.eq(source_id))
        .select((ranking_lines::track_id, ranking_lines::round))
        .distinct()
        .load(conn)
}

/// The stored rounds of a track.
pub fn rounds_of_track(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<(i32, Round)>> {
    ranking_rounds::table
        .filter(ranking_rounds::track_id.eq(track_id))
        .select((ranking_rounds::track_id, ranking_rounds::round))
        .load(conn)
}
