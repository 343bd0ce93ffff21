//! Clearing out what has expired (sessions, old e-mail tokens, old rate-limit
//! counters, university sign-ins never finished), keeping the query planner's
//! statistics up to date, and a stopping replica's leases.

use crate::service::{now, Portal, Result};
use crate::store;

/// Deletes what has expired, in the replica that holds the housekeeping
/// lease (`holder` names this one); false when another replica holds it.
pub fn run(p: &Portal, holder: &str) -> Result<bool> {
    p.read(|conn| {
        let at = now();
        if !store::leases::try_acquire(
            conn,
            "housekeeping",
            holder,
            at,
            chrono::Duration::minutes(30),
        )? {
            return Ok(false);
        }
        store::sessions::purge_expired(conn, at)?;
        store::tokens::purge_old(conn, at - chrono::Duration::days(30))?;
        store::throttle::purge_old(conn, at - chrono::Duration::days(1))?;
        store::identities::purge_expired(conn, at)?;
        // A SQLite database never analysed plans without statistics (and
        // with `SQLITE_ENABLE_QPSG` keeps the plan it first chose).
        crate::db::refresh_statistics(conn)?;
        Ok(true)
    })
}

/// Gives up every job lease `holder` (a replica that is stopping) holds, so
/// another replica runs the scheduled work at its next turn instead of when
/// the lease runs out; gives how many there were.
pub fn release_leases(p: &Portal, holder: &str) -> Result<usize> {
    p.read(|conn| Ok(store::leases::release_held_by(conn, holder)?))
}
