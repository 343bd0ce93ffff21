//! Clearing out what has expired: sessions, old e-mail tokens, old
//! rate-limit counters, and university sign-ins never finished.

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
        Ok(true)
    })
}
