//! Datasets' fitness cards: reading each dataset's first machine-readable resource (during syncs, from the command line and on demand) and what the last read found.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use futures_util::StreamExt;
use serde::Serialize;

use super::Progress;
use crate::db::DbConn;
use crate::domain::entry::DatasetFitness;
use crate::domain::fitness::{self, Flags};
use crate::integrations::resource::{self, Limits, Problem};
use crate::service::changes::{self, Area};
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::{self, cards::CardRow, cards::Due, catalog::Dataset};

/// Which cards a refresh reads.
#[derive(Debug, Clone)]
pub enum Which {
    /// Cards never read or last checked more than `days` ago, at most `limit`
    /// of them (those entries declare first).
    Due { days: i64, limit: usize },
    /// These datasets (data.gov.tw ids), whenever they were last read.
    Datasets(Vec<String>),
    /// Every dataset still in the catalogue.
    All,
}

/// What a refresh did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// Cards whose columns and rows were read.
    pub read: usize,
    /// Cards whose resource could not be read (the reason is on the card).
    pub failed: usize,
    /// "id: reason" for each failure and each card that could not be stored.
    pub errors: Vec<String>,
}

/// Datasets are read in batches of this many, so a refresh of the whole
/// catalogue never holds more than a batch in memory.
const BATCH: usize = 200;

/// Reads the cards of `which`, at most the catalogue's concurrency at once,
/// each within the configured byte and time limits; temporary failures
/// (no answer, 5xx, 429) are retried with the catalogue's backoff. Each card
/// is stored in its own transaction; a failed read keeps the card's columns
/// and rows and records why.
pub async fn refresh(p: &Portal, which: Which, progress: impl Fn(Progress)) -> Result<Refreshed> {
    let limits = p.config.resources.clone();
    let client = resource::client(&limits)
        .map_err(|e| Error::Internal(anyhow::anyhow!("building the resource client: {e}")))?;
    let started = now();
    let mut done = Refreshed::default();
    let mut seen: HashSet<i32> = HashSet::new();
    let (cutoff, mut left, mut explicit) = match which {
        Which::Due { days, limit } => (started - chrono::Duration::days(days), limit, None),
        Which::All => (started + chrono::Duration::seconds(1), usize::MAX, None),
        Which::Datasets(ids) => (started, ids.len(), Some(ids)),
    };
    let total = match &explicit {
        Some(ids) => ids.len(),
        None => {
            let live = p
                .blocking(|p| p.read(|conn| Ok(store::cards::count_live(conn)?)))
                .await?;
            left.min(usize::try_from(live).unwrap_or(0))
        }
    };
    progress(Progress::Total(total as u64));
    while left > 0 {
        let batch: Vec<Due> = match explicit.take() {
            Some(ids) => {
                // The named datasets are one batch; none is read twice.
                left = 0;
                p.blocking(move |p| p.read(|conn| Ok(store::cards::by_source_ids(conn, &ids)?)))
                    .await?
            }
            None => {
                let n = left.min(BATCH) as i64;
                p.blocking(move |p| p.read(|conn| Ok(store::cards::due(conn, cutoff, n)?)))
                    .await?
            }
        }
        .into_iter()
        .filter(|d| seen.insert(d.dataset_id))
        .collect();
        if batch.is_empty() {
            break;
        }
        left = left.saturating_sub(batch.len());
        let mut reads = futures_util::stream::iter(batch)
            .map(|due| {
                let (client, limits) = (&client, &limits);
                async move {
                    let read = read_with_retries(p, client, limits, &due).await;
                    (due, read)
                }
            })
            .buffer_unordered(p.catalog.cfg.concurrency.max(1));
        while let Some((due, read)) = reads.next().await {
            let id = due.source_id.clone();
            let why = read.as_ref().err().map(|(_, problem)| problem.to_string());
            match store_read(p, due.dataset_id, read).await {
                Ok(()) => match why {
                    None => done.read += 1,
                    Some(why) => {
                        done.failed += 1;
                        done.errors.push(format!("{id}: {why}"));
                    }
                },
                Err(e) => {
                    done.failed += 1;
                    done.errors.push(format!("{id}: not stored ({e})"));
                }
            }
            progress(Progress::Done(id));
        }
    }
    Ok(done)
}

/// What reading one dataset found: its sample, or the reason and the status
/// the server gave.
type ReadResult = std::result::Result<(String, fitness::Sample), (String, Problem)>;

async fn read_with_retries(
    p: &Portal,
    client: &reqwest::Client,
    limits: &Limits,
    due: &Due,
) -> ReadResult {
    let formats: Vec<&str> = due.resources.iter().map(|(f, _)| f.as_str()).collect();
    let Some(i) = fitness::first_readable(&formats) else {
        let flags = fitness::flags(&formats);
        let url = due
            .resources
            .first()
            .map(|(_, u)| u.clone())
            .unwrap_or_default();
        let unreadable = if flags.compressed_only {
            Problem::Unreadable(fitness::Unreadable::Compressed)
        } else if flags.document_only {
            Problem::Unreadable(fitness::Unreadable::DocumentOnly)
        } else {
            Problem::NoReadableResource
        };
        return Err((url, unreadable));
    };
    let (format, url) = &due.resources[i];
    let mut pause = p.catalog.cfg.backoff;
    let mut attempt = 0;
    loop {
        match resource::sample(client, url, format, limits).await {
            Ok(sample) => return Ok((url.clone(), sample)),
            Err(problem) if problem.is_temporary() && attempt < p.catalog.cfg.retries => {
                tracing::debug!(url, %problem, attempt, "retrying a resource");
                tokio::time::sleep(pause).await;
                pause = pause
                    .saturating_mul(2)
                    .min(std::time::Duration::from_secs(30));
                attempt += 1;
            }
            Err(problem) => return Err((url.clone(), problem)),
        }
    }
}

/// Stores one read in its own transaction, with what the watch makes of a
/// change of columns (`watch::after_read`).
async fn store_read(p: &Portal, dataset_id: i32, read: ReadResult) -> Result<()> {
    p.blocking(move |p| {
        p.transaction(|conn| {
            let at = now();
            changes::mark(&[Area::Catalog]);
            match &read {
                Ok((url, sample)) => {
                    let read_before = store::cards::find(conn, dataset_id)?.and_then(|c| c.read_at);
                    let before = store::cards::save_read(
                        conn,
                        dataset_id,
                        &store::cards::Read {
                            url,
                            format: sample.format.as_str(),
                            encoding: sample.encoding.as_str(),
                            columns: &sample.columns,
                            rows: &sample.rows,
                            status: Some(200),
                        },
                        at,
                    )?;
                    // A declared field that disappeared: the watch records it
                    // and tells the teams, with this read.
                    super::watch::after_read(
                        conn,
                        p,
                        dataset_id,
                        (&before, &sample.columns),
                        read_before,
                        at,
                    )?;
                }
                Err((url, problem)) => store::cards::save_failure(
                    conn,
                    dataset_id,
                    &store::cards::Failure {
                        url,
                        problem: problem.message_id(),
                        detail: &problem.to_string(),
                        status: problem.status(),
                    },
                    at,
                )?,
            }
            Ok(())
        })
    })
    .await
}

/// A signed-in person asks for a dataset's card to be read again now (at
/// most [`fitness`]'s per-account limit an hour). Returns the card as it
/// then stands.
pub async fn read_now(p: &Portal, who: &Person, source_id: &str) -> Result<Card> {
    let id = source_id.to_string();
    let key = who.id.to_string();
    let known = id.clone();
    p.blocking(move |p| {
        p.transaction(|conn| {
            store::catalog::find_by_source_id(conn, &known)?.ok_or(Error::NotFound)?;
            if !store::throttle::attempt(
                conn,
                &crate::domain::throttle::CARD_READS_PER_ACCOUNT,
                &key,
                now(),
            )? {
                return Err(Error::TooMany("error-card-read-throttled"));
            }
            Ok(())
        })
    })
    .await?;
    refresh(p, Which::Datasets(vec![id.clone()]), |_| {}).await?;
    p.blocking(move |p| {
        p.read(|conn| {
            let d = store::catalog::find_by_source_id(conn, &id)?.ok_or(Error::NotFound)?;
            Ok(card_of(&d, store::cards::find(conn, d.id)?, now()))
        })
    })
    .await
}

/// A dataset's fitness card as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// The real columns last read (empty before a first successful read).
    pub columns: Vec<String>,
    /// Up to five rows last read.
    pub rows: Vec<Vec<String>>,
    /// The format and encoding the rows were read in ("CSV", "Big5" …).
    pub format: String,
    pub encoding: String,
    /// The resource the card reads.
    pub resource_url: String,
    /// When the columns were last read, and when a read was last tried.
    pub read_at: Option<NaiveDateTime>,
    pub checked_at: Option<NaiveDateTime>,
    /// The last HTTP status of the resource's link (none: no answer).
    pub link_status: Option<i32>,
    /// The Fluent message id of why the last read failed (none: it worked).
    pub problem: Option<String>,
    /// The server did not answer, or answered with an error status.
    pub link_broken: bool,
    /// The dataset's resource formats, in catalogue order.
    pub formats: Vec<String>,
    pub compressed_only: bool,
    pub document_only: bool,
    pub machine_readable: bool,
    /// Last updated longer ago than its stated frequency allows (none: no
    /// regular frequency or no date to tell).
    pub stale: Option<bool>,
    /// The catalogue no longer has the dataset.
    pub gone_at: Option<NaiveDateTime>,
}

impl Card {
    /// What the entry pre-check needs of this card.
    pub fn fitness(&self) -> DatasetFitness {
        DatasetFitness {
            columns: self.columns.clone(),
            compressed_only: self.compressed_only,
            document_only: self.document_only,
            link_broken: self.link_broken,
            gone: self.gone_at.is_some(),
        }
    }
}

/// The card of `dataset` from its stored read (if any), judged at `now`.
pub fn card_of(dataset: &Dataset, row: Option<CardRow>, now: NaiveDateTime) -> Card {
    let formats: Vec<String> = dataset
        .formats
        .split(';')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    let format_refs: Vec<&str> = formats.iter().map(String::as_str).collect();
    let Flags {
        compressed_only,
        document_only,
        machine_readable,
    } = fitness::flags(&format_refs);
    let stale = fitness::stale(&dataset.update_frequency, dataset.modified_at, now);
    let (columns, rows) = row
        .as_ref()
        .map(|r| (r.columns(), r.rows()))
        .unwrap_or_default();
    let problem = row
        .as_ref()
        .map(|r| r.problem.clone())
        .filter(|p| !p.is_empty());
    Card {
        columns,
        rows,
        format: row
            .as_ref()
            .map(|r| r.resource_format.clone())
            .unwrap_or_default(),
        encoding: row.as_ref().map(|r| r.encoding.clone()).unwrap_or_default(),
        resource_url: row
            .as_ref()
            .map(|r| r.resource_url.clone())
            .unwrap_or_default(),
        read_at: row.as_ref().and_then(|r| r.read_at),
        checked_at: row.as_ref().map(|r| r.checked_at),
        link_status: row.as_ref().and_then(|r| r.link_status),
        link_broken: problem.as_deref().is_some_and(fitness::link_broken),
        problem,
        formats,
        compressed_only,
        document_only,
        machine_readable,
        stale,
        gone_at: dataset.gone_at,
    }
}

/// The cards of `datasets`, by dataset id, in one query.
pub fn cards_of(conn: &mut DbConn, datasets: &[Dataset]) -> Result<HashMap<i32, Card>> {
    let ids: Vec<i32> = datasets.iter().map(|d| d.id).collect();
    let mut rows = store::cards::find_many(conn, &ids)?;
    let at = now();
    Ok(datasets
        .iter()
        .map(|d| (d.id, card_of(d, rows.remove(&d.id), at)))
        .collect())
}
