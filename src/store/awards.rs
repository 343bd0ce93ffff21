//! Awards given from a track's prize table, and publishing the results.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{awards, tracks};
use crate::db::DbConn;

/// (entry id, prize id) of a track's awards.
pub fn of_track(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<(i32, i32)>> {
    awards::table
        .filter(awards::track_id.eq(track_id))
        .order(awards::id)
        .select((awards::entry_id, awards::prize_id))
        .load(conn)
}

/// Replaces a track's awards.
pub fn replace(
    conn: &mut DbConn,
    track_id: i32,
    given: &[(i32, i32)],
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(awards::table.filter(awards::track_id.eq(track_id))).execute(conn)?;
    for (entry, prize) in given {
        diesel::insert_into(awards::table)
            .values((
                awards::track_id.eq(track_id),
                awards::entry_id.eq(entry),
                awards::prize_id.eq(prize),
                awards::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn published_at(conn: &mut DbConn, track_id: i32) -> QueryResult<Option<NaiveDateTime>> {
    tracks::table
        .find(track_id)
        .select(tracks::results_published_at)
        .first(conn)
}

/// Publishes (`Some`) or withdraws (`None`) a track's results.
pub fn set_published(
    conn: &mut DbConn,
    track_id: i32,
    at: Option<NaiveDateTime>,
) -> QueryResult<bool> {
    Ok(diesel::update(tracks::table.find(track_id))
        .set(tracks::results_published_at.eq(at))
        .execute(conn)?
        == 1)
}

/// Entry ids that won something in a published track (for "used by winners").
pub fn published_winner_entries(conn: &mut DbConn) -> QueryResult<Vec<i32>> {
    awards::table
        .inner_join(tracks::table.on(tracks::id.eq(awards::track_id)))
        .filter(tracks::results_published_at.is_not_null())
        .select(awards::entry_id)
        .load(conn)
}
