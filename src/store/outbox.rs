//! The durable mail outbox: mail is written in the same transaction as the
//! change that caused it, and a worker sends it later with retries.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{PageRequest, Paged};
use crate::db::schema::mail_outbox;
use crate::db::DbConn;

/// After this many failed attempts a message is given up and shown to admins.
pub const MAX_ATTEMPTS: i32 = 8;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = mail_outbox)]
pub struct Mail {
    pub id: i32,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub kind: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

pub fn enqueue(
    conn: &mut DbConn,
    to: &str,
    subject: &str,
    body: &str,
    kind: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::to_addr.eq(to),
            mail_outbox::subject.eq(subject),
            mail_outbox::body_text.eq(body),
            mail_outbox::kind.eq(kind),
            mail_outbox::created_at.eq(now),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Claims up to `limit` due messages until `now + lease`. A claim is a
/// conditional update, so two workers never send the same message.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> QueryResult<Vec<Mail>> {
    let candidates: Vec<i32> = mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .filter(mail_outbox::failed_at.is_null())
        .filter(mail_outbox::next_attempt_at.le(now))
        .filter(
            mail_outbox::locked_until
                .is_null()
                .or(mail_outbox::locked_until.lt(now)),
        )
        .order(mail_outbox::id)
        .limit(limit)
        .select(mail_outbox::id)
        .load(conn)?;
    let mut claimed = Vec::new();
    for id in candidates {
        let n = diesel::update(
            mail_outbox::table
                .find(id)
                .filter(mail_outbox::sent_at.is_null())
                .filter(
                    mail_outbox::locked_until
                        .is_null()
                        .or(mail_outbox::locked_until.lt(now)),
                ),
        )
        .set(mail_outbox::locked_until.eq(Some(now + lease)))
        .execute(conn)?;
        if n == 1 {
            claimed.push(
                mail_outbox::table
                    .find(id)
                    .select(Mail::as_select())
                    .first(conn)?,
            );
        }
    }
    Ok(claimed)
}

pub fn mark_sent(conn: &mut DbConn, id: i32, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(mail_outbox::table.find(id))
        .set((
            mail_outbox::sent_at.eq(Some(now)),
            mail_outbox::locked_until.eq(None::<NaiveDateTime>),
            mail_outbox::attempts.eq(mail_outbox::attempts + 1),
            mail_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Backoff after the n-th failure: 1, 2, 4 … minutes, at most 4 hours.
pub fn retry_delay(attempts: i32) -> Duration {
    let minutes = 1i64 << attempts.clamp(0, 8);
    Duration::minutes(minutes.min(240))
}

pub fn mark_failed(
    conn: &mut DbConn,
    mail: &Mail,
    error: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let attempts = mail.attempts + 1;
    let error: String = error.chars().take(1000).collect();
    let give_up = attempts >= MAX_ATTEMPTS;
    diesel::update(mail_outbox::table.find(mail.id))
        .set((
            mail_outbox::attempts.eq(attempts),
            mail_outbox::locked_until.eq(None::<NaiveDateTime>),
            mail_outbox::last_error.eq(Some(error)),
            mail_outbox::next_attempt_at.eq(now + retry_delay(attempts - 1)),
            mail_outbox::failed_at.eq(if give_up { Some(now) } else { None }),
        ))
        .execute(conn)?;
    Ok(())
}

/// Puts a given-up message back in the queue.
pub fn retry_now(conn: &mut DbConn, id: i32, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        mail_outbox::table
            .find(id)
            .filter(mail_outbox::sent_at.is_null()),
    )
    .set((
        mail_outbox::failed_at.eq(None::<NaiveDateTime>),
        mail_outbox::attempts.eq(0),
        mail_outbox::next_attempt_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Option<Mail>> {
    mail_outbox::table
        .find(id)
        .select(Mail::as_select())
        .first(conn)
        .optional()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    All,
    Pending,
    Sent,
    Failed,
}

pub fn list(
    conn: &mut DbConn,
    state: State,
    to: Option<&str>,
    page: PageRequest,
) -> QueryResult<Paged<Mail>> {
    let filtered = || {
        let mut q = mail_outbox::table.into_boxed();
        match state {
            State::All => {}
            State::Pending => {
                q = q
                    .filter(mail_outbox::sent_at.is_null())
                    .filter(mail_outbox::failed_at.is_null())
            }
            State::Sent => q = q.filter(mail_outbox::sent_at.is_not_null()),
            State::Failed => q = q.filter(mail_outbox::failed_at.is_not_null()),
        }
        if let Some(t) = to.map(str::trim).filter(|t| !t.is_empty()) {
            q = q.filter(mail_outbox::to_addr.eq(t.to_lowercase()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .order(mail_outbox::id.desc())
        .limit(page.per_page)
        .offset(page.offset())
        .select(Mail::as_select())
        .load(conn)?;
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}
