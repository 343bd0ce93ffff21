//! The list flags a team's members decide, stored per team so the organisers' list filters by them in SQL.

use diesel::prelude::*;

use crate::db::schema::{team_flags, team_members, team_tracks, teams};
use crate::db::DbConn;

/// What `service::teams::flags` computed for one team.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Insertable)]
#[diesel(table_name = team_flags)]
pub struct Flags {
    pub team_id: i32,
    pub contest_id: i32,
    pub rules_met: bool,
    pub proof_missing: bool,
    pub cross_school: bool,
    pub cross_department: bool,
    /// Its members' schools, each `domain::team::normalise`d, one a line.
    pub schools: String,
}

/// Replaces the stored flags of the teams given.
pub fn write(conn: &mut DbConn, rows: &[Flags]) -> QueryResult<()> {
    let ids: Vec<i32> = rows.iter().map(|r| r.team_id).collect();
    for part in ids.chunks(500) {
        diesel::delete(team_flags::table.filter(team_flags::team_id.eq_any(part))).execute(conn)?;
    }
    // Several rows a statement: the first start after the upgrade fills
    // every team of a full-size contest.
    for part in rows.chunks(500) {
        let insert = diesel::insert_into(team_flags::table).values(part);
        match conn {
            DbConn::Sqlite(c) => insert.execute(c)?,
            DbConn::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// The stored flags of these teams.
pub fn of_teams(conn: &mut DbConn, team_ids: &[i32]) -> QueryResult<Vec<Flags>> {
    team_flags::table
        .filter(team_flags::team_id.eq_any(team_ids))
        .order(team_flags::team_id)
        .select((
            team_flags::team_id,
            team_flags::contest_id,
            team_flags::rules_met,
            team_flags::proof_missing,
            team_flags::cross_school,
            team_flags::cross_department,
            team_flags::schools,
        ))
        .load(conn)
}

/// Up to `limit` teams with no stored flags yet (made before the flags
/// were stored, or straight in the database), in id order.
pub fn missing(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<i32>> {
    teams::table
        .left_join(team_flags::table)
        .filter(team_flags::team_id.nullable().is_null())
        .order(teams::id)
        .limit(limit)
        .select(teams::id)
        .load(conn)
}

/// Brings what the query planner knows of the stored flags up to date after
/// many were written at once (outside a transaction): their statistics, and
/// on PostgreSQL the school search's trigram index, whose entries a bulk
/// write leaves in a pending list that every search would read in full.
pub fn tidy_after_backfill(conn: &mut DbConn) -> QueryResult<()> {
    let sql = if crate::db::is_postgres(conn) {
        "VACUUM ANALYZE team_flags"
    } else {
        "ANALYZE team_flags"
    };
    diesel::sql_query(sql).execute(conn)?;
    Ok(())
}

/// The teams a person is a member of (any role, any contest).
pub fn teams_of_user(conn: &mut DbConn, user_id: i32) -> QueryResult<Vec<i32>> {
    team_members::table
        .filter(team_members::user_id.eq(user_id))
        .select(team_members::team_id)
        .distinct()
        .load(conn)
}

/// The teams that chose a track.
pub fn teams_of_track(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<i32>> {
    team_tracks::table
        .filter(team_tracks::track_id.eq(track_id))
        .select(team_tracks::team_id)
        .load(conn)
}
