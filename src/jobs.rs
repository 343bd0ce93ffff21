//! Background loops that call services on a timer: the mail outbox, the
//! housekeeping, deadline reminders, the catalogue sync and the calendar
//! check. Each claims its item or takes a lease in the database first, so
//! several replicas never do the same work twice.

use std::sync::Arc;
use std::time::Duration;

use crate::integrations::mailer::Mailer;
use crate::service::{self, Portal};

/// Starts the loops on the actix runtime; they stop with the process.
pub fn spawn(portal: Portal, mailer: Option<Arc<Mailer>>, mail_every: Duration) {
    let holder = format!("{}-{}", std::process::id(), crate::security::random_token());
    if let Some(mailer) = mailer {
        let portal = portal.clone();
        actix_web::rt::spawn(async move {
            let mut recorded: Option<std::time::Instant> = None;
            loop {
                let m = mailer.clone();
                let pass = portal
                    .blocking(move |p| service::mail::deliver_due(p, &m))
                    .await;
                match pass {
                    Ok((s, f)) if s + f > 0 => {
                        tracing::info!(sent = s, failed = f, "mail outbox")
                    }
                    Err(ref e) => tracing::error!(error = %format!("{e:#}"), "mail worker"),
                    _ => {}
                }
                // At most once a minute: /readyz wants a pass within minutes.
                if pass.is_ok() && recorded.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
                    succeeded(&portal, service::observe::OUTBOX_JOB).await;
                    recorded = Some(std::time::Instant::now());
                }
                actix_web::rt::time::sleep(mail_every).await;
            }
        });
    }
    actix_web::rt::spawn(async move {
        loop {
            let h = holder.clone();
            match portal
                .blocking(move |p| service::housekeeping::run(p, &h))
                .await
            {
                Ok(true) => succeeded(&portal, "housekeeping").await,
                Ok(false) => {}
                Err(e) => tracing::error!(error = %format!("{e:#}"), "housekeeping"),
            }
            actix_web::rt::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

/// The scheduled catalogue sync: every `every`, the replica holding the
/// lease syncs from MOL's service (changes since the last day or two).
pub fn spawn_catalog_sync(portal: crate::service::Portal, every: Duration) {
    let holder = format!("{}-{}", std::process::id(), crate::security::random_token());
    actix_web::rt::spawn(async move {
        loop {
            actix_web::rt::time::sleep(every).await;
            let lease = chrono::Duration::seconds(every.as_secs() as i64);
            match crate::service::catalog::scheduled_sync(&portal, &holder, lease).await {
                Ok(Some(s)) => {
                    tracing::info!(
                        new = s.new,
                        updated = s.updated,
                        failed = s.failed,
                        "scheduled catalogue sync"
                    );
                    succeeded(&portal, "catalog_sync").await;
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %format!("{e:#}"), "scheduled catalogue sync"),
            }
        }
    });
}

/// Once a day, the replica holding the lease checks CALENDAR_URL, so a
/// re-issued calendar replaces the old one without anyone re-importing it.
pub fn spawn_calendar_check(portal: crate::service::Portal, url: String) {
    let holder = format!("{}-{}", std::process::id(), crate::security::random_token());
    actix_web::rt::spawn(async move {
        loop {
            match crate::service::calendar::scheduled_check(&portal, &holder, &url).await {
                Ok(Some(years)) => {
                    if !years.is_empty() {
                        tracing::info!(?years, "office calendar updated")
                    }
                    succeeded(&portal, "calendar_check").await;
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %format!("{e:#}"), "office calendar check"),
            }
            actix_web::rt::time::sleep(Duration::from_secs(24 * 3600)).await;
        }
    });
}

/// Every hour, reminds business units of data requests coming due, and teams
/// of their unanswered sharing-session invitations. Every replica runs it;
/// each reminder is claimed in the database first.
pub fn spawn_request_reminders(portal: crate::service::Portal) {
    actix_web::rt::spawn(async move {
        loop {
            let today = crate::service::today();
            match portal
                .blocking(move |p| crate::service::requests::remind_due(p, today))
                .await
            {
                Ok(n) => {
                    if n > 0 {
                        tracing::info!(requests = n, "data request reminders")
                    }
                    succeeded(&portal, "request_reminders").await;
                }
                Err(e) => tracing::error!(error = %format!("{e:#}"), "data request reminders"),
            }
            // issue 17: unanswered sharing-session invitations, in the days
            // before the session (each team claimed first).
            match portal
                .blocking(move |p| crate::service::sharing::remind_before(p, today))
                .await
            {
                Ok(n) if n > 0 => tracing::info!(teams = n, "sharing session reminders"),
                Err(e) => tracing::error!(error = %format!("{e:#}"), "sharing session reminders"),
                _ => {}
            }
            actix_web::rt::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

/// Every `every`, reads the public pages' change counters, so pages this
/// replica cached are dropped once another replica changes what they show.
/// A failure is logged once until the counters can be read again.
pub fn spawn_change_poll(portal: Portal, every: Duration) {
    actix_web::rt::spawn(async move {
        let mut failing = false;
        loop {
            match portal.blocking(service::changes::refresh).await {
                Ok(()) if failing => {
                    failing = false;
                    tracing::info!("public change counters readable again");
                }
                Err(e) if !failing => {
                    failing = true;
                    tracing::error!(error = %format!("{e:#}"), "public change counters");
                }
                _ => {}
            }
            actix_web::rt::time::sleep(every).await;
        }
    });
}

/// Records a job's pass without error (issue 19: `/metrics` and `/readyz`
/// read it); failing to record it is only logged.
async fn succeeded(portal: &Portal, name: &'static str) {
    if let Err(e) = portal
        .blocking(move |p| service::observe::job_succeeded(p, name))
        .await
    {
        tracing::warn!(job = name, error = %format!("{e:#}"), "job success not recorded");
    }
}
