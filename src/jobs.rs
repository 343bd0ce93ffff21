//! Background loops that call services on a timer: the mail outbox, the
//! housekeeping, deadline reminders, the catalogue sync and the calendar
//! check. Each claims its item or takes a lease in the database first, so
//! several replicas never do the same work twice, and each stops taking
//! work when its replica is told to stop (see [`Workers::stop`]).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;
use tokio::task::JoinHandle;

use crate::integrations::mailer::Mailer;
use crate::service::{self, Portal};

/// The background loops of one replica, and the word that tells them to stop.
#[derive(Clone, Default)]
pub struct Workers {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    stopping: AtomicBool,
    wake: Notify,
    running: Mutex<Vec<(&'static str, JoinHandle<()>)>>,
    holder: std::sync::OnceLock<String>,
}

impl Workers {
    pub fn new() -> Workers {
        Workers::default()
    }

    /// This replica's name on the leases its loops take (process id and a
    /// random part, so a restarted process is a new holder).
    pub fn holder(&self) -> String {
        self.inner
            .holder
            .get_or_init(|| format!("{}-{}", std::process::id(), crate::security::random_token()))
            .clone()
    }

    /// Gives up every lease this replica holds, so another replica takes
    /// the scheduled work at once instead of when the lease runs out.
    pub async fn release_leases(&self, portal: &Portal) {
        let holder = self.holder();
        match portal
            .blocking(move |p| service::housekeeping::release_leases(p, &holder))
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(leases = n, "leases released"),
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "leases not released; they expire"),
        }
    }

    /// Whether the replica is stopping: loops take no new item.
    pub fn stopping(&self) -> bool {
        self.inner.stopping.load(Ordering::SeqCst)
    }

    async fn stopped(&self) {
        loop {
            // Made before the check, so a stop between the two still wakes it.
            let woken = self.inner.wake.notified();
            if self.stopping() {
                return;
            }
            woken.await;
        }
    }

    /// Waits `every`; false when the replica is told to stop first.
    async fn pause(&self, every: Duration) -> bool {
        tokio::select! {
            _ = actix_web::rt::time::sleep(every) => !self.stopping(),
            _ = self.stopped() => false,
        }
    }

    fn start(&self, name: &'static str, work: impl std::future::Future<Output = ()> + 'static) {
        let handle = actix_web::rt::spawn(work);
        if let Ok(mut running) = self.inner.running.lock() {
            running.push((name, handle));
        }
    }

    /// Tells every loop to take no new item, and waits up to `grace` for
    /// each to finish the one it holds (a mail being sent is sent and
    /// marked sent; a reminder run ends). Returns the loops still busy at
    /// the end: their claims expire as after a crash (the leases are given
    /// up by [`Workers::release_leases`]).
    pub async fn stop(&self, grace: Duration) -> Vec<&'static str> {
        self.inner.stopping.store(true, Ordering::SeqCst);
        self.inner.wake.notify_waiters();
        let until = Instant::now() + grace;
        let running = match self.inner.running.lock() {
            Ok(mut running) => std::mem::take(&mut *running),
            Err(_) => Vec::new(),
        };
        let mut busy = Vec::new();
        for (name, handle) in running {
            let left = until.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, handle).await {
                Ok(_) => tracing::info!(worker = name, "background worker stopped"),
                Err(_) => {
                    tracing::warn!(
                        worker = name,
                        "background worker still busy at the end of the grace period"
                    );
                    busy.push(name);
                }
            }
        }
        busy
    }
}

/// Starts the loops on the actix runtime: the mail outbox (when SMTP is set)
/// and the housekeeping.
pub fn spawn(workers: &Workers, portal: Portal, mailer: Option<Arc<Mailer>>, mail_every: Duration) {
    let holder = workers.holder();
    if let Some(mailer) = mailer {
        let portal = portal.clone();
        let w = workers.clone();
        workers.start("mail outbox", async move {
            let mut recorded: Option<std::time::Instant> = None;
            while !w.stopping() {
                let (m, going) = (mailer.clone(), w.clone());
                let batch = portal
                    .blocking(move |p| {
                        service::mail::deliver_due_while(p, &m, || !going.stopping())
                    })
                    .await;
                let passed = batch.is_ok();
                let full = match batch {
                    Ok((s, f)) if s + f > 0 => {
                        tracing::info!(sent = s, failed = f, "mail outbox");
                        s + f >= service::mail::BATCH
                    }
                    Err(e) => {
                        tracing::error!(error = %format!("{e:#}"), "mail worker");
                        false
                    }
                    _ => false,
                };
                // At most once a minute: /readyz wants a pass within minutes.
                if passed && recorded.is_none_or(|t| t.elapsed() >= Duration::from_secs(60)) {
                    succeeded(&portal, service::observe::OUTBOX_JOB).await;
                    recorded = Some(std::time::Instant::now());
                }
                // A full batch means more is due: go on without waiting.
                if !full && !w.pause(mail_every).await {
                    break;
                }
            }
        });
    }
    let w = workers.clone();
    workers.start("housekeeping", async move {
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
            if !w.pause(Duration::from_secs(3600)).await {
                break;
            }
        }
    });
}

/// The scheduled catalogue sync: every `every`, the replica holding the
/// lease syncs from MOL's service (changes since the last day or two).
pub fn spawn_catalog_sync(workers: &Workers, portal: Portal, every: Duration) {
    let holder = workers.holder();
    let w = workers.clone();
    workers.start("catalogue sync", async move {
        while w.pause(every).await {
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
pub fn spawn_calendar_check(workers: &Workers, portal: Portal, url: String) {
    let holder = workers.holder();
    let w = workers.clone();
    workers.start("calendar check", async move {
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
            if !w.pause(Duration::from_secs(24 * 3600)).await {
                break;
            }
        }
    });
}

/// Every hour, reminds business units of data requests coming due, and teams
/// of their unanswered sharing-session invitations. Every replica runs it;
/// each reminder is claimed in the database first.
pub fn spawn_request_reminders(workers: &Workers, portal: Portal) {
    let w = workers.clone();
    workers.start("reminders", async move {
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
            if !w.pause(Duration::from_secs(3600)).await {
                break;
            }
        }
    });
}

/// Every `every`, reads the public pages' change counters, so pages this
/// replica cached are dropped once another replica changes what they show.
/// A failure is logged once until the counters can be read again.
pub fn spawn_change_poll(workers: &Workers, portal: Portal, every: Duration) {
    let w = workers.clone();
    workers.start("change poll", async move {
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
            if !w.pause(every).await {
                break;
            }
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
