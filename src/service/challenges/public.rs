//! What everyone sees of a published challenge: its own page, and the list
//! on its track's page. A challenge that is not published does not exist
//! for the public (404), nor does one of a contest they may not see.

use std::collections::HashMap;

use super::{load, picked, placed, Picked, Placed};
use crate::db::DbConn;
use crate::service::gates::challenges as gate;
use crate::service::gates::contests as contest_gate;
use crate::service::{Person, Portal, Result};
use crate::store::challenges::{Challenge, Recommended};
use crate::store::units::Unit;
use crate::store::{self};

/// A published challenge's page.
pub struct PublicPage {
    pub placed: Placed,
    pub datasets: Vec<Picked>,
}

pub fn public_page(p: &Portal, viewer: Option<&Person>, id: i32) -> Result<PublicPage> {
    p.read(|conn| {
        let c = load(conn, id)?;
        gate::public(&c)?;
        let placed = placed(conn, c)?;
        contest_gate::may_see(viewer, &placed.contest)?;
        let ids = store::challenges::dataset_ids(conn, id)?;
        let (datasets, _) = picked(conn, &ids)?;
        Ok(PublicPage { placed, datasets })
    })
}

/// A published challenge as its track's page lists it.
#[derive(Debug, Clone)]
pub struct Listed {
    pub challenge: Challenge,
    pub unit: Unit,
    /// Its recommended datasets (id, data.gov.tw id, title, publisher), in its order.
    pub datasets: Vec<ListedDataset>,
}

#[derive(Debug, Clone)]
pub struct ListedDataset {
    pub source_id: String,
    pub title: String,
    pub publisher: String,
}

/// The published challenges of a track with their units and datasets, in
/// a few queries (a step of the track page's use case).
pub fn listed_for_track(conn: &mut DbConn, track_id: i32) -> Result<Vec<Listed>> {
    let list = store::challenges::published_of_track(conn, track_id)?;
    if list.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = list.iter().map(|c| c.id).collect();
    let recommended: Vec<Recommended> = store::challenges::recommended(conn, &ids)?;
    let units: HashMap<i32, Unit> = store::units::list(conn)?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(list
        .into_iter()
        .filter_map(|c| {
            let unit = units.get(&c.unit_id)?.clone();
            let datasets = recommended
                .iter()
                .filter(|r| r.challenge_id == c.id)
                .map(|r| ListedDataset {
                    source_id: r.source_id.clone(),
                    title: r.title.clone(),
                    publisher: r.publisher.clone(),
                })
                .collect();
            Some(Listed {
                challenge: c,
                unit,
                datasets,
            })
        })
        .collect())
}

/// The published challenges of a track, for pages that read them on their
/// own (the entry form, say).
pub fn of_track(p: &Portal, track_id: i32) -> Result<Vec<Listed>> {
    p.read(|conn| listed_for_track(conn, track_id))
}
