//! Awards given from a track's prize table, and publishing the results.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{awards, entries, team_tracks, teams, tracks};
use crate::db::DbConn;

/// (entry id, prize id) of a track's awards.
pub fn of_track(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<(i32, i32)>> {
    awards::table
        .filter(awards::track_id.eq(track_id))
        .order(awards::id)
        .select((awards::entry_id, awards::prize_id))
        .load(conn)
}

/// (track id, entry id, prize id) of the awards of many tracks at once.
pub fn of_tracks(conn: &mut DbConn, track_ids: &[i32]) -> QueryResult<Vec<(i32, i32, i32)>> {
    awards::table
        .filter(awards::track_id.eq_any(track_ids))
        .order(awards::id)
        .select((awards::track_id, awards::entry_id, awards::prize_id))
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

/// Marks a track's teams as told its results, once: false when they were
/// told already (a second click, or another replica at the same moment,
/// finds the mark set and tells no one again).
pub fn mark_notified(conn: &mut DbConn, track_id: i32, at: NaiveDateTime) -> QueryResult<bool> {
    Ok(diesel::update(
        tracks::table
            .find(track_id)
            .filter(tracks::results_notified_at.is_null()),
    )
    .set(tracks::results_notified_at.eq(at))
    .execute(conn)?
        == 1)
}

/// The teams still in a track (withdrawn ones left out), with their entry
/// in it if they have one: (team, entry).
pub fn teams_of_track(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<(i32, Option<i32>)>> {
    team_tracks::table
        .inner_join(teams::table.on(teams::id.eq(team_tracks::team_id)))
        .left_join(
            entries::table.on(entries::team_id
                .eq(team_tracks::team_id)
                .and(entries::track_id.eq(team_tracks::track_id))),
        )
        .filter(team_tracks::track_id.eq(track_id))
        .filter(teams::withdrawn.eq(false))
        .order(teams::id)
        .select((teams::id, entries::id.nullable()))
        .load(conn)
}
