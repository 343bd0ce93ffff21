//! The challenge (出題) an entry answers: which ones its form offers, whether
//! a choice may be saved, what the pre-check advises about the challenge's
//! recommended datasets, and the chosen challenge as the entry's pages show
//! it (the team's, the reviewer's and the judge's).

use std::collections::HashMap;

use crate::db::DbConn;
use crate::domain::challenge::missing_recommended;
use crate::domain::challenge_outcome::choosable;
use crate::domain::entry::EntryContent;
use crate::service::Result;
use crate::store::challenges::Challenge;
use crate::store::units::Unit;
use crate::store::{self, entries::Entry};

/// A chosen challenge as an entry's page shows it.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub challenge: Challenge,
    pub unit: Option<Unit>,
    /// Its recommended datasets: (catalogue id, title, declared by the entry).
    pub recommended: Vec<(String, String, bool)>,
}

/// The challenges an entry of `track_id` may choose: the track's published
/// ones, and the one it answers already if that was withdrawn since.
pub(crate) fn choices(
    conn: &mut DbConn,
    track_id: i32,
    current: Option<i32>,
) -> Result<Vec<Challenge>> {
    let mut out = store::challenges::published_of_track(conn, track_id)?;
    if let Some(id) = current.filter(|id| !out.iter().any(|c| c.id == *id)) {
        if let Some(c) = store::challenges::find(conn, id)? {
            if c.track_id == track_id && choosable(c.state, c.track_id, track_id, true).is_ok() {
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// Whether the entry of `track_id` may save `chosen` as its challenge
/// (`before`: the one it answers now); the Fluent id of why not.
pub(crate) fn check_choice(
    conn: &mut DbConn,
    track_id: i32,
    before: Option<i32>,
    chosen: Option<i32>,
) -> Result<Option<&'static str>> {
    let Some(id) = chosen else {
        return Ok(None);
    };
    Ok(match store::challenges::find(conn, id)? {
        // Unknown: as good as not published (nothing about it is told).
        None => Some("error-entry-challenge-not-published"),
        Some(c) => choosable(c.state, c.track_id, track_id, before == Some(id)).err(),
    })
}

/// The recommended datasets of a challenge the entry does not declare, by
/// catalogue id, in the challenge's order (`None` without a challenge).
pub(crate) fn missing(conn: &mut DbConn, content: &EntryContent) -> Result<Option<Vec<String>>> {
    let Some(id) = content.challenge_id else {
        return Ok(None);
    };
    let rows = store::challenges::recommended(conn, &[id])?;
    Ok(Some(missing_of(&rows, content)))
}

/// `missing` over recommended datasets read already (one challenge's).
pub(crate) fn missing_of(
    rows: &[store::challenges::Recommended],
    content: &EntryContent,
) -> Vec<String> {
    let recommended: Vec<i32> = rows.iter().map(|r| r.dataset_id).collect();
    let declared: Vec<i32> = rows
        .iter()
        .filter(|r| content.datasets.iter().any(|d| d.dataset_id == r.source_id))
        .map(|r| r.dataset_id)
        .collect();
    let missing = missing_recommended(&recommended, &declared);
    rows.iter()
        .filter(|r| missing.contains(&r.dataset_id))
        .map(|r| r.source_id.clone())
        .collect()
}

/// The recommended datasets of the challenges of these entries, read at
/// once and grouped by challenge (the pre-check over many entries).
pub(crate) fn recommended_by_challenge(
    conn: &mut DbConn,
    entries: &[Entry],
) -> Result<HashMap<i32, Vec<store::challenges::Recommended>>> {
    let mut ids: Vec<i32> = entries.iter().filter_map(|e| e.challenge_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut by_challenge: HashMap<i32, Vec<_>> = HashMap::new();
    for r in store::challenges::recommended(conn, &ids)? {
        by_challenge.entry(r.challenge_id).or_default().push(r);
    }
    Ok(by_challenge)
}

/// The challenge an entry answers (`challenge_id`), with its unit and
/// recommended datasets, each marked declared or not (`declared`: the
/// catalogue ids the entry declares).
pub(crate) fn chosen(
    conn: &mut DbConn,
    challenge_id: Option<i32>,
    declared: &[&str],
) -> Result<Option<Chosen>> {
    let Some(id) = challenge_id else {
        return Ok(None);
    };
    let Some(challenge) = store::challenges::find(conn, id)? else {
        return Ok(None);
    };
    let unit = store::units::find(conn, challenge.unit_id)?;
    let recommended = store::challenges::recommended(conn, &[id])?
        .into_iter()
        .map(|r| {
            let is_declared = declared.contains(&r.source_id.as_str());
            (r.source_id, r.title, is_declared)
        })
        .collect();
    Ok(Some(Chosen {
        challenge,
        unit,
        recommended,
    }))
}
