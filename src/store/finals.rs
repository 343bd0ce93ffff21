//! Finalists advanced from the preliminary ranking, and how each track's
//! judging rounds run.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{finalists, judging_settings};
use crate::db::DbConn;
use crate::domain::judging::{RankMethod, Round};

/// How one round of a track's judging runs (the domain's type).
pub use crate::domain::judging::RoundSettings as Settings;

super::text_column!(MethodColumn, RankMethod);

/// Entry ids of a track's finalists, with their preliminary rank, in that order.
pub fn of_track(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<(i32, Option<i32>)>> {
    finalists::table
        .filter(finalists::track_id.eq(track_id))
        .order((finalists::preliminary_rank.asc(), finalists::id.asc()))
        .select((finalists::entry_id, finalists::preliminary_rank))
        .load(conn)
}

/// Replaces a track's finalists.
pub fn replace(
    conn: &mut DbConn,
    track_id: i32,
    chosen: &[(i32, Option<i32>)],
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(finalists::table.filter(finalists::track_id.eq(track_id))).execute(conn)?;
    for (entry, rank) in chosen {
        add(conn, track_id, *entry, *rank, by, at)?;
    }
    Ok(())
}

/// Advances one entry; false if it already was.
pub fn add(
    conn: &mut DbConn,
    track_id: i32,
    entry_id: i32,
    rank: Option<i32>,
    by: i32,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let exists: i64 = finalists::table
        .filter(finalists::entry_id.eq(entry_id))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(finalists::table)
        .values((
            finalists::track_id.eq(track_id),
            finalists::entry_id.eq(entry_id),
            finalists::preliminary_rank.eq(rank),
            finalists::advanced_by.eq(Some(by)),
            finalists::advanced_at.eq(at),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Takes one entry out of the finals; false if it was not in them.
pub fn remove(conn: &mut DbConn, track_id: i32, entry_id: i32) -> QueryResult<bool> {
    Ok(diesel::delete(
        finalists::table
            .filter(finalists::track_id.eq(track_id))
            .filter(finalists::entry_id.eq(entry_id)),
    )
    .execute(conn)?
        == 1)
}

pub fn settings(conn: &mut DbConn, track_id: i32, round: Round) -> QueryResult<Settings> {
    let row: Option<(bool, bool, RankMethod, f64)> = judging_settings::table
        .filter(judging_settings::track_id.eq(track_id))
        .filter(judging_settings::round.eq(round))
        .select((
            judging_settings::anonymous,
            judging_settings::show_others,
            judging_settings::rank_method,
            judging_settings::disagreement,
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((anonymous, show_others, rank_method, disagreement)) => Settings {
            anonymous,
            show_others,
            rank_method,
            disagreement,
        },
        None => Settings::default_for(round),
    })
}

/// Stores a round's settings (call inside a transaction).
pub fn save_settings(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    s: &Settings,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let target = judging_settings::table
        .filter(judging_settings::track_id.eq(track_id))
        .filter(judging_settings::round.eq(round));
    let values = (
        judging_settings::anonymous.eq(s.anonymous),
        judging_settings::show_others.eq(s.show_others),
        judging_settings::rank_method.eq(s.rank_method),
        judging_settings::disagreement.eq(s.disagreement),
        judging_settings::updated_at.eq(at),
    );
    if diesel::update(target).set(values).execute(conn)? == 0 {
        diesel::insert_into(judging_settings::table)
            .values((
                judging_settings::track_id.eq(track_id),
                judging_settings::round.eq(round),
                values,
            ))
            .execute(conn)?;
    }
    Ok(())
}
