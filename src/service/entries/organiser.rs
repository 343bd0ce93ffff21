//! The organisers' list of a contest's entries: a page of it, and the CSV a
//! few hundred entries at a time.

use std::collections::HashMap;
use std::sync::Arc;

use super::{kept_prechecks, of_entries, Prechecked};
use crate::db::DbConn;
use crate::service::gates::entries as gate;
use crate::service::{Error, Person, Portal, Result};
use crate::store::{self, contests::Contest, contests::Track, entries::Entry};
use crate::store::{PageRequest, Paged};

/// Entries on one page of the list.
const PER_PAGE: i64 = 50;
/// Entries read for each part of the CSV: each part holds its entries'
/// declared datasets and their fitness cards (a few MiB for 500 entries, and
/// several downloads may run at once).
const CHUNK: i64 = 100;

/// One entry as the organisers' list shows it.
pub struct ListedEntry {
    pub entry: Entry,
    pub team: String,
    pub precheck: Arc<Prechecked>,
}

/// A contest and its tracks, the head of the list and of its CSV.
pub struct EntryListHead {
    pub contest: Contest,
    pub tracks: Vec<Track>,
}

impl EntryListHead {
    pub fn track(&self, id: i32) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }
}

/// One page of a contest's entries, optionally of one track.
pub struct EntryList {
    pub head: EntryListHead,
    pub page: Paged<ListedEntry>,
}

/// One part of the CSV, and the entry id the next part starts after.
pub struct EntryChunk {
    pub rows: Vec<ListedEntry>,
    pub next: Option<i32>,
}

fn head(conn: &mut DbConn, contest_id: i32) -> Result<EntryListHead> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    let tracks = store::contests::tracks_of(conn, contest_id)?;
    Ok(EntryListHead { contest, tracks })
}

/// `entries` with their teams' names and `checks`, in the same order.
fn listed(
    conn: &mut DbConn,
    entries: Vec<Entry>,
    checks: Vec<Arc<Prechecked>>,
) -> Result<Vec<ListedEntry>> {
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let names: HashMap<i32, String> = store::teams::names(conn, &team_ids)?.into_iter().collect();
    Ok(entries
        .into_iter()
        .zip(checks)
        .map(|(entry, precheck)| ListedEntry {
            team: names.get(&entry.team_id).cloned().unwrap_or_default(),
            entry,
            precheck,
        })
        .collect())
}

/// Page `page` of the entries of contest `contest_id` (of one track when
/// `track` is given), each with its pre-check, for organisers.
pub fn organiser_list(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    track: Option<i32>,
    page: Option<i64>,
) -> Result<EntryList> {
    gate::organiser(who)?;
    let page = PageRequest::new(page, PER_PAGE);
    p.read(|conn| {
        let head = head(conn, contest_id)?;
        let total = store::entries::count_of_contest(conn, contest_id, track)?;
        let entries =
            store::entries::page_of_contest(conn, contest_id, track, page.offset(), page.per_page)?;
        let checks = kept_prechecks(p, conn, &head.tracks, &entries)?;
        let items = listed(conn, entries, checks)?;
        Ok(EntryList {
            head,
            page: Paged {
                items,
                total,
                page: page.page,
                per_page: page.per_page,
            },
        })
    })
}

/// The contest and its tracks, for the head of the CSV (404 when there is
/// no such contest).
pub fn organiser_csv(p: &Portal, who: &Person, contest_id: i32) -> Result<EntryListHead> {
    gate::organiser(who)?;
    p.read(|conn| head(conn, contest_id))
}

/// The next few hundred entries after entry `after`, for the CSV.
pub fn organiser_csv_part(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    track: Option<i32>,
    after: i32,
) -> Result<EntryChunk> {
    gate::organiser(who)?;
    p.read(|conn| {
        let tracks = store::contests::tracks_of(conn, contest_id)?;
        let entries = store::entries::of_contest_after(conn, contest_id, track, after, CHUNK)?;
        let next = (entries.len() as i64 == CHUNK)
            .then(|| entries.last().map(|e| e.id))
            .flatten();
        // Run afresh: a download would fill the replica's kept pre-checks.
        let checks = of_entries(conn, &tracks, &entries)?
            .into_iter()
            .map(Arc::new)
            .collect();
        Ok(EntryChunk {
            rows: listed(conn, entries, checks)?,
            next,
        })
    })
}
