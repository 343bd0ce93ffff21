//! Single-use, expiring e-mail tokens (verification and password reset),
//! stored as digests.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::email_tokens;
use crate::db::DbConn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify",
            Purpose::ResetPassword => "reset",
        }
    }

    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail => Duration::days(3),
            Purpose::ResetPassword => Duration::hours(1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Expired,
    AlreadyUsed,
}

pub fn create(
    conn: &mut DbConn,
    user_id: i32,
    purpose: Purpose,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(email_tokens::table)
        .values((
            email_tokens::user_id.eq(user_id),
            email_tokens::purpose.eq(purpose.as_str()),
            email_tokens::token_hash.eq(token_hash),
            email_tokens::created_at.eq(now),
            email_tokens::expires_at.eq(now + purpose.lifetime()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Checks a token without using it up (so a reset form can be shown first).
pub fn peek(
    conn: &mut DbConn,
    purpose: Purpose,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<i32, TokenProblem>> {
    let row: Option<(i32, NaiveDateTime, Option<NaiveDateTime>)> = email_tokens::table
        .filter(email_tokens::token_hash.eq(token_hash))
        .filter(email_tokens::purpose.eq(purpose.as_str()))
        .select((
            email_tokens::user_id,
            email_tokens::expires_at,
            email_tokens::used_at,
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        None => Err(TokenProblem::Unknown),
        Some((_, _, Some(_))) => Err(TokenProblem::AlreadyUsed),
        Some((_, expires, None)) if expires <= now => Err(TokenProblem::Expired),
        Some((user_id, _, None)) => Ok(user_id),
    })
}

/// Uses a token up. The conditional update makes it single-use even when two
/// requests race; the loser is told it was already used.
pub fn consume(
    conn: &mut DbConn,
    purpose: Purpose,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<i32, TokenProblem>> {
    let checked = peek(conn, purpose, token_hash, now)?;
    let user_id = match checked {
        Ok(id) => id,
        Err(p) => return Ok(Err(p)),
    };
    let n = diesel::update(
        email_tokens::table
            .filter(email_tokens::token_hash.eq(token_hash))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    if n == 0 {
        return Ok(Err(TokenProblem::AlreadyUsed));
    }
    // Any other outstanding token for the same purpose is void now.
    void_for_user(conn, user_id, purpose, now)?;
    Ok(Ok(user_id))
}

/// Uses up every outstanding token of `purpose` for a user.
pub fn void_for_user(
    conn: &mut DbConn,
    user_id: i32,
    purpose: Purpose,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(user_id))
            .filter(email_tokens::purpose.eq(purpose.as_str()))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now)))
    .execute(conn)
}

pub fn purge_old(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(email_tokens::table.filter(email_tokens::expires_at.lt(before))).execute(conn)
}
