//! What operators watch: the figures `/metrics` reads from the database,
//! each background job's last success, and whether a replica is ready.

use chrono::{Duration, NaiveDateTime};

use super::{Error, Portal, Result};
use crate::store::job_runs;

/// The outbox worker's name in `job_runs` and on `/metrics`.
pub const OUTBOX_JOB: &str = "mail_outbox";

/// A replica that delivers mail is ready only if an outbox worker finished a
/// pass this recently (it runs every few seconds; five minutes is many
/// missed passes, not one slow SMTP server).
pub fn outbox_recent() -> Duration {
    Duration::minutes(5)
}

/// Figures the same from every replica, read in one go at scrape time.
pub struct Gauges {
    /// Mail neither sent nor given up on.
    pub outbox_unsent: i64,
    /// Age of the oldest such mail, in seconds (0 when there is none).
    pub oldest_unsent_secs: f64,
    /// Data requests past their answer's due date.
    pub requests_overdue: i64,
    /// Each job's last pass without error.
    pub jobs: Vec<(String, NaiveDateTime)>,
}

/// Reads the gauges on one pooled connection: three small queries.
pub fn gauges(portal: &Portal, now: NaiveDateTime) -> Result<Gauges> {
    portal.read(|conn| {
        let (outbox_unsent, oldest) = job_runs::unsent_mail(conn)?;
        Ok(Gauges {
            outbox_unsent,
            oldest_unsent_secs: oldest
                .map(|t| (now - t).num_milliseconds().max(0) as f64 / 1000.0)
                .unwrap_or(0.0),
            requests_overdue: job_runs::requests_overdue(conn, now.date())?,
            jobs: job_runs::all(conn)?,
        })
    })
}

/// Records that background job `name` finished a pass.
pub fn job_succeeded(portal: &Portal, name: &str) -> Result<()> {
    let now = super::now();
    portal.read(|conn| Ok(job_runs::succeeded(conn, name, now)?))
}

/// The readiness check that failed, and a short sentence for the operator.
#[derive(Debug)]
pub struct NotReady {
    pub check: &'static str,
    pub detail: String,
}

fn not_ready(check: &'static str, detail: impl Into<String>) -> NotReady {
    NotReady {
        check,
        detail: detail.into(),
    }
}

/// Ready when the database answers, every migration this build carries is
/// applied, and, if this replica delivers mail (`RUN_JOBS` and SMTP set), an
/// outbox worker finished a pass within [`outbox_recent`].
pub fn readiness(portal: &Portal, now: NaiveDateTime) -> std::result::Result<(), NotReady> {
    let mut conn = portal.conn().map_err(|e| unanswered(describe(e)))?;
    crate::store::ping(&mut conn).map_err(|e| unanswered(e.to_string()))?;
    match crate::db::migration_state::migration_state(&mut conn).map(|m| m.pending.len()) {
        Ok(0) => {}
        Ok(n) => return Err(not_ready("migrations", format!("{n} not applied"))),
        Err(e) => return Err(not_ready("migrations", format!("{e:#}"))),
    }
    if portal.config.run_jobs && portal.config.smtp.is_some() {
        let last = job_runs::last(&mut conn, OUTBOX_JOB).map_err(|e| unanswered(e.to_string()))?;
        match last {
            Some(t) if now - t <= outbox_recent() => {}
            Some(t) => {
                let ago = (now - t).num_seconds();
                return Err(not_ready("outbox", format!("last pass {ago} s ago")));
            }
            None => return Err(not_ready("outbox", "no pass yet")),
        }
    }
    Ok(())
}

/// The cause goes to the log only: `/readyz` answers anyone who asks.
fn unanswered(cause: String) -> NotReady {
    tracing::warn!(error = %cause, "not ready: the database does not answer");
    not_ready("database", "does not answer")
}

fn describe(e: Error) -> String {
    match e {
        Error::Internal(cause) => format!("{cause:#}"),
        other => other.to_string(),
    }
}
