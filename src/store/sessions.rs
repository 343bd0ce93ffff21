//! Signed-in sessions, kept in the database so every replica sees them and
//! they can be revoked (sign out everywhere, password change).

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::users::User;
use crate::db::schema::{sessions, users};
use crate::db::DbConn;

/// How long a session lives without use.
pub const IDLE_LIFETIME: Duration = Duration::days(14);
/// However active, a session ends this long after sign-in (the cookie lives
/// as long; the database decides which comes first).
pub const ABSOLUTE_LIFETIME: Duration = Duration::days(30);
/// Writes to `last_seen_at` are spaced out so page views stay read-only.
const TOUCH_EVERY: Duration = Duration::minutes(5);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: i32,
    pub token_hash: String,
    pub user_id: i32,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

pub fn create(
    conn: &mut DbConn,
    token_hash: &str,
    user_id: i32,
    user_agent: Option<&str>,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::user_id.eq(user_id),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(now + IDLE_LIFETIME),
            sessions::user_agent.eq(user_agent.map(|s| s.chars().take(300).collect::<String>())),
            sessions::ip.eq(ip),
        ))
        .execute(conn)?;
    Ok(())
}

/// The live session for a token digest and its (enabled) user, extending the
/// session's life when it was last seen a while ago.
pub fn resume(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(Session, User)>> {
    let found: Option<(Session, User)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::created_at.gt(now - ABSOLUTE_LIFETIME))
        .filter(users::disabled.eq(false))
        .select((Session::as_select(), User::as_select()))
        .first(conn)
        .optional()?;
    if let Some((s, _)) = &found {
        if now - s.last_seen_at > TOUCH_EVERY {
            diesel::update(sessions::table.find(s.id))
                .set((
                    sessions::last_seen_at.eq(now),
                    sessions::expires_at.eq(now + IDLE_LIFETIME),
                ))
                .execute(conn)?;
        }
    }
    Ok(found)
}

pub fn delete(conn: &mut DbConn, token_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)?;
    Ok(())
}

/// Ends every session of a user except, optionally, the one in use.
pub fn delete_for_user(conn: &mut DbConn, user_id: i32, keep: Option<&str>) -> QueryResult<usize> {
    match keep {
        Some(k) => diesel::delete(
            sessions::table
                .filter(sessions::user_id.eq(user_id))
                .filter(sessions::token_hash.ne(k)),
        )
        .execute(conn),
        None => diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn),
    }
}

pub fn count_for_user(conn: &mut DbConn, user_id: i32, now: NaiveDateTime) -> QueryResult<i64> {
    sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::expires_at.gt(now))
        .count()
        .get_result(conn)
}

pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}
