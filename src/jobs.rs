//! Background loops. The mail worker claims each message with a conditional
//! update, so several replicas can share the outbox without sending twice;
//! housekeeping runs only in the replica that holds its lease.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use crate::db::DbPool;
use crate::integrations::mailer::Mailer;
use crate::store;

/// How long a claimed message stays reserved for one worker.
const CLAIM: chrono::Duration = chrono::Duration::minutes(5);

/// Sends what is due; returns (sent, failed). Without SMTP nothing is sent and
/// mail waits in the outbox, readable by admins and organisers.
pub fn deliver_due(pool: &DbPool, mailer: &Mailer) -> anyhow::Result<(usize, usize)> {
    let mut conn = pool.get()?;
    let (mut sent, mut failed) = (0, 0);
    // One message per claim: a claim lasts far longer than one SMTP exchange
    // (20 s timeout), so a slow server cannot make a claim run out mid-batch
    // and let another replica send the same message again.
    for _ in 0..20 {
        let now = Utc::now().naive_utc();
        let Some(mail) = store::outbox::claim_due(&mut conn, now, CLAIM, 1)?.pop() else {
            break;
        };
        match mailer.send(&mail.to_addr, &mail.subject, &mail.body_text) {
            Ok(()) => {
                store::outbox::mark_sent(&mut conn, mail.id, Utc::now().naive_utc())?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(mail_id = mail.id, error = %e, "sending mail failed; will retry");
                store::outbox::mark_failed(&mut conn, &mail, &e, Utc::now().naive_utc())?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// Deletes expired sessions, old tokens and old rate-limit counters.
pub fn housekeeping(pool: &DbPool, holder: &str) -> anyhow::Result<bool> {
    let mut conn = pool.get()?;
    let now = Utc::now().naive_utc();
    if !store::leases::try_acquire(
        &mut conn,
        "housekeeping",
        holder,
        now,
        chrono::Duration::minutes(30),
    )? {
        return Ok(false);
    }
    store::sessions::purge_expired(&mut conn, now)?;
    store::tokens::purge_old(&mut conn, now - chrono::Duration::days(30))?;
    store::throttle::purge_old(&mut conn, now - chrono::Duration::days(1))?;
    Ok(true)
}

/// Starts the loops on the actix runtime; they stop with the process.
pub fn spawn(pool: DbPool, mailer: Option<Arc<Mailer>>, mail_every: Duration) {
    let holder = format!("{}-{}", std::process::id(), crate::security::random_token());
    if let Some(mailer) = mailer {
        let pool = pool.clone();
        actix_web::rt::spawn(async move {
            loop {
                let (p, m) = (pool.clone(), mailer.clone());
                match actix_web::rt::task::spawn_blocking(move || deliver_due(&p, &m)).await {
                    Ok(Ok((s, f))) if s + f > 0 => {
                        tracing::info!(sent = s, failed = f, "mail outbox")
                    }
                    Ok(Err(e)) => tracing::error!(error = %format!("{e:#}"), "mail worker"),
                    _ => {}
                }
                actix_web::rt::time::sleep(mail_every).await;
            }
        });
    }
    actix_web::rt::spawn(async move {
        loop {
            let (p, h) = (pool.clone(), holder.clone());
            if let Ok(Err(e)) =
                actix_web::rt::task::spawn_blocking(move || housekeeping(&p, &h)).await
            {
                tracing::error!(error = %format!("{e:#}"), "housekeeping");
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
                Ok(Some(s)) => tracing::info!(
                    new = s.new,
                    updated = s.updated,
                    failed = s.failed,
                    "scheduled catalogue sync"
                ),
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
                Ok(Some(years)) if !years.is_empty() => {
                    tracing::info!(?years, "office calendar updated")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %format!("{e:#}"), "office calendar check"),
            }
            actix_web::rt::time::sleep(Duration::from_secs(24 * 3600)).await;
        }
    });
}

/// Every hour, reminds business units of data requests coming due. Every
/// replica runs it; each reminder is claimed in the database first.
pub fn spawn_request_reminders(portal: crate::service::Portal) {
    actix_web::rt::spawn(async move {
        loop {
            let today = crate::service::today();
            match portal
                .blocking(move |p| crate::service::requests::remind_due(p, today))
                .await
            {
                Ok(n) if n > 0 => tracing::info!(requests = n, "data request reminders"),
                Err(e) => tracing::error!(error = %format!("{e:#}"), "data request reminders"),
                _ => {}
            }
            actix_web::rt::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}
