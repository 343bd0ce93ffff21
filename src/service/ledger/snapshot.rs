//! The ledger's lines as this replica last counted them, kept in a
//! `ReplicaCache` (triggers raise its counter on every write to what the
//! ledger counts).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::db::DbConn;
use crate::service::replica_cache::ReplicaCache;
use crate::service::Result;
use crate::store::{
    self,
    usage::{DatasetHead, LedgerCounts},
};

/// Which lines of the ledger to read.
#[derive(Debug, Clone, Default)]
pub struct LedgerFilter {
    /// Only datasets of these publishers (`None`: every publisher; an empty
    /// list: none).
    pub publishers: Option<Vec<String>>,
    /// Only this contest year. Without it, datasets released on request
    /// that no submitted entry declares yet have a line of their own, with
    /// no year.
    pub year: Option<i32>,
}

/// One line of the ledger as shown: a dataset in one contest year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerLine {
    /// The dataset's row, catalogue id, title and publisher.
    pub dataset: DatasetHead,
    pub counts: LedgerCounts,
}

/// A line as counted, its dataset's words left in the catalogue.
#[derive(Debug, Clone, Copy)]
struct Count {
    dataset_row: i32,
    /// Index into `Tally::publishers`.
    publisher: u32,
    counts: LedgerCounts,
}

/// Every line of the ledger, in its order.
pub struct Tally {
    lines: Vec<Count>,
    publishers: Vec<String>,
}

/// Lines of a dataset's heads fetched at a time for a download.
const HEADS_AT_ONCE: usize = 500;

impl Tally {
    fn count(conn: &mut DbConn) -> Result<Tally> {
        let mut lines = Vec::new();
        let mut publishers: Vec<String> = Vec::new();
        let mut seen: HashMap<String, u32> = HashMap::new();
        store::usage::each_count(conn, |c| {
            let publisher = match seen.get(&c.publisher) {
                Some(i) => *i,
                None => {
                    let i = publishers.len() as u32;
                    seen.insert(c.publisher.clone(), i);
                    publishers.push(c.publisher);
                    i
                }
            };
            lines.push(Count {
                dataset_row: c.dataset_row,
                publisher,
                counts: c.counts,
            });
            Ok::<(), crate::service::Error>(())
        })?;
        lines.shrink_to_fit();
        Ok(Tally { lines, publishers })
    }

    /// The lines `f` selects, in the ledger's order.
    fn selected<'a>(&'a self, f: &LedgerFilter) -> impl Iterator<Item = &'a Count> + 'a {
        let publishers: Option<HashSet<u32>> = f.publishers.as_ref().map(|names| {
            self.publishers
                .iter()
                .enumerate()
                .filter(|(_, p)| names.contains(p))
                .map(|(i, _)| i as u32)
                .collect()
        });
        let year = f.year;
        self.lines.iter().filter(move |l| {
            publishers
                .as_ref()
                .is_none_or(|ps| ps.contains(&l.publisher))
                && (year.is_none() || l.counts.year == year)
        })
    }

    /// How many lines `f` selects.
    pub fn total(&self, f: &LedgerFilter) -> i64 {
        self.selected(f).count() as i64
    }

    /// The lines `f` selects from the `skip`th on, at most `take` of them,
    /// with their datasets' ids, titles and publishers; and how many lines
    /// `f` selects in all.
    pub fn page(
        &self,
        conn: &mut DbConn,
        f: &LedgerFilter,
        skip: usize,
        take: usize,
    ) -> Result<(Vec<LedgerLine>, i64)> {
        let mut total = 0usize;
        let mut picked = Vec::new();
        for l in self.selected(f) {
            if total >= skip && picked.len() < take {
                picked.push(*l);
            }
            total += 1;
        }
        Ok((shown(conn, &picked)?, total as i64))
    }

    /// Every line `f` selects, in order, each given to `each` with its
    /// dataset's words (read from the catalogue a few hundred at a time).
    pub fn each_line<E: From<crate::service::Error>>(
        &self,
        conn: &mut DbConn,
        f: &LedgerFilter,
        mut each: impl FnMut(LedgerLine) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut batch = Vec::with_capacity(HEADS_AT_ONCE);
        let mut lines = self.selected(f).peekable();
        while lines.peek().is_some() {
            batch.clear();
            batch.extend(lines.by_ref().take(HEADS_AT_ONCE).copied());
            for line in shown(conn, &batch)? {
                each(line)?;
            }
        }
        Ok(())
    }
}

/// `lines` with their datasets' words, in the same order.
fn shown(conn: &mut DbConn, lines: &[Count]) -> Result<Vec<LedgerLine>> {
    let rows: Vec<i32> = lines.iter().map(|l| l.dataset_row).collect();
    let heads: HashMap<i32, DatasetHead> = store::usage::dataset_heads(conn, &rows)?
        .into_iter()
        .map(|h| (h.dataset_row, h))
        .collect();
    Ok(lines
        .iter()
        .filter_map(|l| {
            Some(LedgerLine {
                dataset: heads.get(&l.dataset_row)?.clone(),
                counts: l.counts,
            })
        })
        .collect())
}

/// This replica's ledger: the last lines counted, and one count at a time.
#[derive(Default)]
pub struct Snapshot(ReplicaCache<(), Tally>);

impl Snapshot {
    /// The ledger as of now: the lines last counted when nothing they count
    /// has changed since, else counted afresh (and kept).
    pub fn current(&self, conn: &mut DbConn) -> Result<Arc<Tally>> {
        self.0.current(conn, (), Tally::count)
    }
}
