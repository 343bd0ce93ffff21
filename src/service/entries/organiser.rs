//! The organisers' list of a contest's entries (page and CSV).

use super::{of_entries, Prechecked};
use crate::service::gates::entries as gate;
use crate::service::{Error, Person, Portal, Result};
use crate::store::{self, contests::Contest, contests::Track, entries::Entry};

/// One entry as the organisers' list shows it.
pub struct ListedEntry {
    pub entry: Entry,
    pub team: String,
    pub precheck: Prechecked,
}

/// A contest's entries, optionally of one track.
pub struct EntryList {
    pub contest: Contest,
    pub tracks: Vec<Track>,
    pub rows: Vec<ListedEntry>,
}

impl EntryList {
    pub fn track(&self, id: i32) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }
}

/// The entries of contest `contest_id` (of one track when `track` is given),
/// each with its pre-check, for organisers.
pub fn organiser_list(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    track: Option<i32>,
) -> Result<EntryList> {
    gate::organiser(who)?;
    p.read(|conn| {
        let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
        let tracks = store::contests::tracks_of(conn, contest_id)?;
        let entries = store::entries::of_contest(conn, contest_id, track)?;
        let teams =
            store::teams::names(conn, &entries.iter().map(|e| e.team_id).collect::<Vec<_>>())?;
        let checks = of_entries(conn, &tracks, &entries)?;
        let rows = entries
            .into_iter()
            .zip(checks)
            .map(|(entry, precheck)| ListedEntry {
                team: teams
                    .iter()
                    .find(|(id, _)| *id == entry.team_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default(),
                entry,
                precheck,
            })
            .collect();
        Ok(EntryList {
            contest,
            tracks,
            rows,
        })
    })
}
