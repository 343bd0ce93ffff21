//! Attempt counters for rate limits, in the database so that every replica
//! counts the same attempts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::throttle_events;
use crate::db::DbConn;
use crate::domain::throttle::Limit;

pub fn recent(
    conn: &mut DbConn,
    limit: &Limit,
    subject: &str,
    now: NaiveDateTime,
) -> QueryResult<i64> {
    throttle_events::table
        .filter(throttle_events::bucket.eq(limit.bucket))
        .filter(throttle_events::subject.eq(subject))
        .filter(throttle_events::created_at.gt(now - limit.window))
        .count()
        .get_result(conn)
}

pub fn record(
    conn: &mut DbConn,
    limit: &Limit,
    subject: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(throttle_events::table)
        .values((
            throttle_events::bucket.eq(limit.bucket),
            throttle_events::subject.eq(subject),
            throttle_events::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Counts this attempt and says whether it is within the limit.
pub fn attempt(
    conn: &mut DbConn,
    limit: &Limit,
    subject: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = recent(conn, limit, subject, now)?;
    if !limit.allows(n) {
        return Ok(false);
    }
    record(conn, limit, subject, now)?;
    Ok(true)
}

/// Records this attempt, then says whether it is within the limit (counting
/// first and recording after would let parallel attempts all pass).
pub fn hit(
    conn: &mut DbConn,
    limit: &Limit,
    subject: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    record(conn, limit, subject, now)?;
    let n = recent(conn, limit, subject, now)?;
    Ok(n <= limit.max)
}

/// Takes back the attempt recorded at `at` (it turned out to be legitimate).
pub fn forget(
    conn: &mut DbConn,
    limit: &Limit,
    subject: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        throttle_events::table
            .filter(throttle_events::bucket.eq(limit.bucket))
            .filter(throttle_events::subject.eq(subject))
            .filter(throttle_events::created_at.eq(at)),
    )
    .execute(conn)?;
    Ok(())
}

pub fn clear(conn: &mut DbConn, limit: &Limit, subject: &str) -> QueryResult<()> {
    diesel::delete(
        throttle_events::table
            .filter(throttle_events::bucket.eq(limit.bucket))
            .filter(throttle_events::subject.eq(subject)),
    )
    .execute(conn)?;
    Ok(())
}

pub fn purge_old(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(throttle_events::table.filter(throttle_events::created_at.lt(before)))
        .execute(conn)
}
