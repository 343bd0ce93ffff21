//! Keeping the catalogue in step with its sources: syncs from MOL's service
//! and refreshes from data.gov.tw (from the command line, the organisers'
//! page and the scheduled job), imports of the national export CSV, and the
//! bundled snapshot on first run. Every run is on record with its counts
//! and errors.
//!
//! What is kept and what counts as changed are the domain's rules
//! (`DatasetRecord::checked`, `DatasetRecord::content_hash`). Each dataset
//! is stored in its own transaction, so one failure never stops or
//! corrupts the rest of a run.

use chrono::NaiveDate;
use futures_util::StreamExt;
use serde_json::json;

use crate::db::{self, DbConn};
use crate::domain::catalog::{DatasetRecord, Source, SyncSource};
use crate::integrations::catalog::{bundled_snapshot, FetchError};
use crate::service::changes::{self, Area};
use crate::service::gates::office as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, catalog::Outcome, catalog::SyncRun};

/// The lease that keeps two syncs from running at once, whoever starts them.
const SYNC_LEASE: &str = "catalog-sync";

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub run_id: i32,
    pub new: i32,
    pub updated: i32,
    pub unchanged: i32,
    pub failed: i32,
    pub errors: Vec<String>,
    /// Datasets the catalogue answered it no longer has (marked gone).
    pub gone: i32,
    /// What reading the cards of the changed and due datasets did.
    pub cards: super::cards::Refreshed,
}

impl SyncSummary {
    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::New => self.new += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }

    fn fail(&mut self, what: &str, why: impl std::fmt::Display) {
        self.failed += 1;
        self.errors.push(format!("{what}: {why}"));
    }
}

/// What a run reports as it goes (for a progress bar).
pub enum Progress {
    Total(u64),
    Done(String),
}

/// Syncs the datasets of MOL's service (all, or those modified since a
/// date), or refreshes every kept dataset from data.gov.tw. At most
/// `concurrency` requests run at once. From the command line and tests.
pub async fn sync(
    p: &Portal,
    source: Source,
    since: Option<NaiveDate>,
    progress: impl Fn(Progress),
) -> Result<SyncSummary> {
    run(p, source, since, None, progress).await
}

/// An organiser starts a sync from the sync page: it runs in the background
/// and its run appears on the page as it goes. Refused (`flash-sync-busy`)
/// while another sync runs.
pub async fn start_sync(
    p: &Portal,
    who: &Person,
    source: Source,
    since: Option<NaiveDate>,
) -> Result<()> {
    gate::organiser(who)?;
    let run_source = SyncSource::fetching(source).ok_or(Error::Refused("error-sync-source"))?;
    let holder = format!("manual-{}", crate::security::random_token());
    let (h, person) = (holder.clone(), who.clone());
    p.blocking(move |p| {
        p.transaction(|conn| {
            // The same lease as the scheduled sync: never two syncs at once.
            if !store::leases::try_acquire(conn, SYNC_LEASE, &h, now(), chrono::Duration::hours(2))?
            {
                return Err(Error::Refused("flash-sync-busy"));
            }
            audit(
                conn,
                &person,
                "catalog.sync",
                "catalog",
                run_source.as_str(),
                json!({ "since": since }),
            )
        })
    })
    .await?;
    let (portal, by) = (p.clone(), who.id);
    tokio::spawn(async move {
        if let Err(e) = run(&portal, source, since, Some(by), |_| {}).await {
            tracing::error!(error = %format!("{e:#}"), "catalogue sync from the organiser page");
        }
        let released = portal
            .blocking(move |p| {
                p.read(|conn| Ok(store::leases::release(conn, SYNC_LEASE, &holder)?))
            })
            .await;
        if let Err(e) = released {
            tracing::error!(error = %format!("{e:#}"), "releasing the catalogue sync lease");
        }
    });
    Ok(())
}

/// The scheduled sync: in the replica that holds the lease (until `lease`
/// from now), the changes at MOL since the last finished MOL sync (a day of
/// margin), or everything. `None` when another replica holds the lease.
pub async fn scheduled_sync(
    p: &Portal,
    holder: &str,
    lease: chrono::Duration,
) -> Result<Option<SyncSummary>> {
    let holder = holder.to_string();
    let since = p
        .blocking(move |p| {
            p.read(|conn| {
                if !store::leases::try_acquire(conn, SYNC_LEASE, &holder, now(), lease)? {
                    return Ok(None);
                }
                Ok(Some(
                    store::catalog::last_finished(conn, SyncSource::Mol)?
                        .map(|t| (t - chrono::Duration::days(1)).date()),
                ))
            })
        })
        .await?;
    match since {
        Some(since) => Ok(Some(run(p, Source::Mol, since, None, |_| {}).await?)),
        None => Ok(None),
    }
}

async fn run(
    p: &Portal,
    source: Source,
    since: Option<NaiveDate>,
    started_by: Option<i32>,
    progress: impl Fn(Progress),
) -> Result<SyncSummary> {
    let run_source = SyncSource::fetching(source).ok_or(Error::Refused("error-sync-source"))?;
    let since_text = since.map(|d| d.to_string()).unwrap_or_default();
    let mut summary = SyncSummary {
        run_id: p
            .blocking(move |p| {
                p.transaction(|conn| {
                    Ok(store::catalog::start_run(
                        conn,
                        run_source,
                        &since_text,
                        started_by,
                        now(),
                    )?)
                })
            })
            .await?,
        ..Default::default()
    };
    let ids = match run_source {
        SyncSource::Mol => match p.catalog.fetch_ids(since).await {
            Ok(ids) => ids,
            Err(e) => {
                summary.fail("dataset list", e);
                finish(p, &summary, None).await?;
                return Ok(summary);
            }
        },
        _ => {
            p.blocking(|p| p.read(|conn| Ok(store::catalog::source_ids(conn)?)))
                .await?
        }
    };
    progress(Progress::Total(ids.len() as u64));
    let mut changed = Vec::new();
    let mut results = p.catalog.fetch_each(source, ids);
    while let Some((id, fetched)) = results.next().await {
        match fetched {
            Ok(record) => match keep(p, record).await {
                Ok(outcome) => {
                    if outcome != Outcome::Unchanged {
                        changed.push(id.clone());
                    }
                    summary.count(outcome)
                }
                Err(e) => summary.fail(&id, e),
            },
            Err(FetchError::Status(404)) => match gone(p, &id).await {
                Ok(true) => summary.gone += 1,
                // Never kept, or already known to be gone.
                Ok(false) => summary.fail(&id, FetchError::Status(404)),
                Err(e) => summary.fail(&id, e),
            },
            Err(e) => summary.fail(&id, e),
        }
        progress(Progress::Done(id));
    }
    drop(results);
    if p.config.read_cards_in_sync {
        summary.cards = read_cards(p, changed).await?;
    }
    finish(p, &summary, None).await?;
    Ok(summary)
}

/// Cards read by a sync: those of the datasets it changed (at most
/// `CHANGED_CARDS_PER_SYNC`: a first sync of a large catalogue leaves the
/// rest to later syncs, never-read cards first), then up to
/// `DUE_CARDS_PER_SYNC` of those due a read (never read, or not for a week).
const CHANGED_CARDS_PER_SYNC: usize = 500;
const DUE_CARDS_PER_SYNC: usize = 100;
const CARD_AGE_DAYS: i64 = 7;

async fn read_cards(p: &Portal, mut changed: Vec<String>) -> Result<super::cards::Refreshed> {
    use super::cards::{refresh, Which};
    changed.truncate(CHANGED_CARDS_PER_SYNC);
    let mut done = refresh(p, Which::Datasets(changed), |_| {}).await?;
    let due = refresh(
        p,
        Which::Due {
            days: CARD_AGE_DAYS,
            limit: DUE_CARDS_PER_SYNC,
        },
        |_| {},
    )
    .await?;
    done.read += due.read;
    done.failed += due.failed;
    done.errors.extend(due.errors);
    Ok(done)
}

/// The catalogue answered 404 for a kept dataset: it is marked gone (once),
/// and the entries that declare it are on the watch's record, their teams
/// told (`watch::after_gone`). False when the dataset was never kept or was
/// already marked.
async fn gone(p: &Portal, source_id: &str) -> Result<bool> {
    let id = source_id.to_string();
    p.blocking(move |p| {
        p.transaction(|conn| {
            let Some(d) = store::catalog::find_by_source_id(conn, &id)? else {
                return Ok(false);
            };
            let at = now();
            if !store::cards::mark_gone(conn, d.id, at)? {
                return Ok(false);
            }
            changes::mark(&[Area::Catalog]);
            super::watch::after_gone(conn, p, &d, at)?;
            Ok(true)
        })
    })
    .await
}

/// Stores parsed records of the national export CSV as one recorded run,
/// with the rows that could not be read as its first errors. Audited.
pub async fn import_records(
    p: &Portal,
    records: Vec<DatasetRecord>,
    errors: Vec<String>,
    progress: impl Fn(Progress),
) -> Result<SyncSummary> {
    let mut summary = SyncSummary {
        run_id: p
            .blocking(|p| {
                p.transaction(|conn| {
                    Ok(store::catalog::start_run(
                        conn,
                        SyncSource::Csv,
                        "",
                        None,
                        now(),
                    )?)
                })
            })
            .await?,
        failed: errors.len() as i32,
        errors,
        ..Default::default()
    };
    progress(Progress::Total(records.len() as u64));
    for r in records {
        let id = r.source_id.clone();
        match keep(p, r).await {
            Ok(o) => summary.count(o),
            Err(e) => summary.fail(&id, e),
        }
        progress(Progress::Done(id));
    }
    finish(p, &summary, Some("catalog.import")).await?;
    Ok(summary)
}

/// Stores one record in its own transaction.
async fn keep(p: &Portal, record: DatasetRecord) -> Result<Outcome> {
    p.blocking(move |p| p.transaction(|conn| super::keep_record(conn, &record, now())))
        .await
}

/// Records the end of a run with its counts; with `audited`, also the audit
/// row (made by the system: the command line has no signed-in person).
async fn finish(p: &Portal, summary: &SyncSummary, audited: Option<&'static str>) -> Result<()> {
    let s = summary.clone();
    p.blocking(move |p| {
        p.transaction(|conn| {
            store::catalog::finish_run(
                conn,
                s.run_id,
                (s.new, s.updated, s.unchanged, s.failed),
                &s.errors,
                now(),
            )?;
            store::catalog::record_cards(
                conn,
                s.run_id,
                s.cards.read as i32,
                s.cards.failed as i32,
                s.gone,
            )?;
            if let Some(action) = audited {
                system_audit(conn, action, s.run_id, &s)?;
            }
            Ok(())
        })
    })
    .await
}

fn system_audit(conn: &mut DbConn, action: &str, run: i32, s: &SyncSummary) -> Result<()> {
    store::audit::record(
        conn,
        store::audit::Entry {
            actor_id: None,
            action,
            object_type: "sync_run",
            object_id: Some(run.to_string()),
            details: json!({
                "new": s.new, "updated": s.updated, "unchanged": s.unchanged, "failed": s.failed,
            }),
            ip: None,
        },
        now(),
    )?;
    Ok(())
}

/// Loads the bundled snapshot into an empty catalogue (first run, demo).
/// Returns how many datasets it loaded (none when the catalogue has some).
pub fn load_snapshot_if_empty(conn: &mut DbConn) -> Result<usize> {
    let records = bundled_snapshot();
    let n = records.len();
    let loaded = db::transaction(conn, |conn| -> Result<bool> {
        if store::catalog::count(conn)? > 0 {
            return Ok(false);
        }
        let at = now();
        let run = store::catalog::start_run(conn, SyncSource::Snapshot, "", None, at)?;
        for r in &records {
            store::catalog::upsert(conn, r, at)?;
        }
        store::catalog::finish_run(conn, run, (n as i32, 0, 0, 0), &[], at)?;
        Ok(true)
    });
    match loaded {
        Ok(true) => Ok(n),
        Ok(false) => Ok(0),
        // Another replica starting at the same moment loaded it.
        Err(Error::Stale(_)) => Ok(0),
        Err(e) => Err(e),
    }
}

/// The organisers' sync page: the latest runs and the catalogue's size.
pub struct Runs {
    pub runs: Vec<SyncRun>,
    pub total: i64,
}

pub fn runs(p: &Portal, who: &Person) -> Result<Runs> {
    gate::organiser(who)?;
    p.read(|conn| {
        Ok(Runs {
            runs: store::catalog::runs(conn, 50)?,
            total: store::catalog::count(conn)?,
        })
    })
}
