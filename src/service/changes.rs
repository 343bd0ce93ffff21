//! What the anonymous public pages are made of changes in four areas, each
//! with a counter in the database: a use case marks the areas it changes
//! (`mark`), `Portal::transaction` raises their counters just before it
//! commits and tells this replica at once, and `refresh` (polled by every
//! replica) learns the other replicas' changes.

use std::cell::RefCell;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use crate::db::DbConn;
use crate::service::{Portal, Result};
use crate::store;

/// An area of what the public pages show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    /// Contests, tracks, prizes, units, finalists and published results.
    Contests,
    /// Data requests: filing, actions, due dates, comments, followers.
    Requests,
    /// The catalogue: datasets, their cards, themes and recommendations.
    Catalog,
    /// Which submitted entries declare which datasets.
    Usage,
}

impl Area {
    pub const ALL: [Area; 4] = [Area::Contests, Area::Requests, Area::Catalog, Area::Usage];

    pub fn as_str(self) -> &'static str {
        match self {
            Area::Contests => "contests",
            Area::Requests => "requests",
            Area::Catalog => "catalog",
            Area::Usage => "usage",
        }
    }

    fn parse(s: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.as_str() == s)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The counters this replica knows, and when it last read them all.
#[derive(Debug, Default)]
pub struct Generations {
    values: [AtomicI64; 4],
    /// Milliseconds since the Unix epoch of the last successful `refresh`.
    read_at: AtomicI64,
    /// Transactions committed by this replica, whatever they changed (what
    /// a signed-in person's header shows may have changed with any of them).
    writes: AtomicU64,
}

impl Generations {
    /// The counter of `area` as this replica knows it.
    pub fn get(&self, area: Area) -> i64 {
        self.values[area.index()].load(Ordering::Acquire)
    }

    /// Takes in counters read from the database; a counter never goes back
    /// (a slower read may arrive after this replica's own commit).
    fn saw(&self, read: &[(String, i64)]) {
        for (name, generation) in read {
            if let Some(area) = Area::parse(name) {
                self.values[area.index()].fetch_max(*generation, Ordering::AcqRel);
            }
        }
    }

    /// How many transactions this replica has committed.
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    /// Whether every counter was read within the last `ms` milliseconds; a
    /// replica that cannot read them must not trust what it rendered.
    pub fn read_within(&self, ms: i64) -> bool {
        let at = self.read_at.load(Ordering::Acquire);
        at > 0 && chrono::Utc::now().timestamp_millis() - at <= ms
    }

    /// `area`'s counter, if every counter was read within the last three
    /// polls of `poll_ms` (at least 500 ms): what was read or rendered under
    /// it may be kept only then, and a replica whose poller stalls reads
    /// afresh instead.
    pub fn trusted(&self, area: Area, poll_ms: u64) -> Option<i64> {
        self.read_within(trust_ms(poll_ms)).then(|| self.get(area))
    }
}

/// How old (milliseconds) the counters may be for what was kept under them
/// to be used: three polls of `poll_ms`, at least 500.
pub fn trust_ms(poll_ms: u64) -> i64 {
    (poll_ms as i64 * 3).max(500)
}

thread_local! {
    /// The areas marked by each transaction open on this thread (innermost last).
    static MARKED: RefCell<Vec<Vec<Area>>> = const { RefCell::new(Vec::new()) };
}

/// Marks `areas` as changed by the transaction running on this thread; their
/// counters are raised when it commits, in `Portal::transaction`.
pub fn mark(areas: &[Area]) {
    MARKED.with(|m| match m.borrow_mut().last_mut() {
        Some(open) => open.extend_from_slice(areas),
        None => tracing::error!(?areas, "public change marked outside a transaction"),
    });
}

/// Whether a transaction of `Portal::transaction` is open on this thread.
pub(crate) fn in_transaction() -> bool {
    MARKED.with(|m| !m.borrow().is_empty())
}

/// Opens a frame for the marks of a transaction about to run on this thread.
pub(super) fn begin() {
    MARKED.with(|m| m.borrow_mut().push(Vec::new()));
}

/// Closes the innermost frame, giving its areas once each in a fixed order
/// (two writers lock the counters in the same order).
pub(super) fn end() -> Vec<Area> {
    let mut areas = MARKED.with(|m| m.borrow_mut().pop()).unwrap_or_default();
    areas.sort();
    areas.dedup();
    areas
}

/// Raises the counters of `areas` in the caller's transaction, as its last
/// writes, and returns their new values.
pub(super) fn raise(conn: &mut DbConn, areas: &[Area]) -> Result<Vec<(String, i64)>> {
    if areas.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<&'static str> = areas.iter().map(|a| a.as_str()).collect();
    Ok(store::public_changes::raise(conn, &names)?)
}

/// Tells this replica the counters its own transaction just committed.
pub(super) fn committed(p: &Portal, raised: &[(String, i64)]) {
    p.changes.writes.fetch_add(1, Ordering::AcqRel);
    p.changes.saw(raised);
}

/// Reads every counter (one small query): how a replica learns what the
/// others changed.
pub fn refresh(p: &Portal) -> Result<()> {
    let read = p.read(|conn| Ok(store::public_changes::all(conn)?))?;
    p.changes.saw(&read);
    p.changes
        .read_at
        .store(chrono::Utc::now().timestamp_millis(), Ordering::Release);
    Ok(())
}
