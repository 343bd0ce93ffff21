//! When each background job last finished a pass without error, and the
//! figures `/metrics` reads from the database at scrape time.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

use crate::db::schema::{data_requests, job_runs, mail_outbox};
use crate::db::DbConn;
use crate::domain::data_request::State;

/// Records that job `name` finished a pass at `now`.
pub fn succeeded(conn: &mut DbConn, name: &str, now: NaiveDateTime) -> QueryResult<()> {
    let updated = diesel::update(job_runs::table.find(name))
        .set(job_runs::succeeded_at.eq(now))
        .execute(conn)?;
    if updated == 0 {
        match diesel::insert_into(job_runs::table)
            .values((job_runs::name.eq(name), job_runs::succeeded_at.eq(now)))
            .execute(conn)
        {
            // Another replica inserted it first: its time is as good as ours.
            Err(e) if super::is_unique_violation(&e) => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// Every job that has succeeded once, with its last success.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    job_runs::table
        .select((job_runs::name, job_runs::succeeded_at))
        .order(job_runs::name)
        .load(conn)
}

/// When job `name` last succeeded.
pub fn last(conn: &mut DbConn, name: &str) -> QueryResult<Option<NaiveDateTime>> {
    job_runs::table
        .find(name)
        .select(job_runs::succeeded_at)
        .first(conn)
        .optional()
}

/// Mail neither sent nor given up on: how many, and the oldest one's time.
pub fn unsent_mail(conn: &mut DbConn) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .filter(mail_outbox::failed_at.is_null())
        .select((count_star(), min(mail_outbox::created_at)))
        .first(conn)
}

/// Data requests with a business unit whose answer was due before `today`
/// (the same rule as the organisers' "overdue" list).
pub fn requests_overdue(conn: &mut DbConn, today: NaiveDate) -> QueryResult<i64> {
    data_requests::table
        .filter(data_requests::state.eq(State::Routed))
        .filter(data_requests::due_on.lt(today))
        .count()
        .get_result(conn)
}
