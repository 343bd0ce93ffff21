//! Job leases: a background job runs only in the replica that holds its lease.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::job_leases;
use crate::db::DbConn;

/// Takes or renews the lease `name` for `holder` until `now + ttl`. Returns
/// false when another holder's lease is still valid.
pub fn try_acquire(
    conn: &mut DbConn,
    name: &str,
    holder: &str,
    now: NaiveDateTime,
    ttl: Duration,
) -> QueryResult<bool> {
    let renewed = diesel::update(
        job_leases::table.filter(job_leases::name.eq(name)).filter(
            job_leases::holder
                .eq(holder)
                .or(job_leases::expires_at.lt(now)),
        ),
    )
    .set((
        job_leases::holder.eq(holder),
        job_leases::expires_at.eq(now + ttl),
    ))
    .execute(conn)?;
    if renewed == 1 {
        return Ok(true);
    }
    let exists: i64 = job_leases::table
        .filter(job_leases::name.eq(name))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    match diesel::insert_into(job_leases::table)
        .values((
            job_leases::name.eq(name),
            job_leases::holder.eq(holder),
            job_leases::expires_at.eq(now + ttl),
        ))
        .execute(conn)
    {
        Ok(_) => Ok(true),
        Err(e) if super::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

pub fn release(conn: &mut DbConn, name: &str, holder: &str) -> QueryResult<()> {
    diesel::delete(
        job_leases::table
            .filter(job_leases::name.eq(name))
            .filter(job_leases::holder.eq(holder)),
    )
    .execute(conn)?;
    Ok(())
}

/// Deletes every lease of `holder`; gives how many there were.
pub fn release_held_by(conn: &mut DbConn, holder: &str) -> QueryResult<usize> {
    diesel::delete(job_leases::table.filter(job_leases::holder.eq(holder))).execute(conn)
}
