//! Finding datasets by their data.gov.tw id, looking up on data.gov.tw the
//! ones the local catalogue does not know yet.

use std::collections::HashMap;
use std::time::Duration;

use crate::domain::catalog::{valid_id, DatasetRecord, Source};
use crate::service::changes::{self, Area};
use crate::service::{now, Person, Portal, Result};
use crate::store;

/// How long a save or a page waits for data.gov.tw in all.
const LOOKUP_DEADLINE: Duration = Duration::from_secs(25);

/// The local catalogue ids of the datasets `ids` (data.gov.tw ids) that are
/// known. Ids the catalogue does not know yet are looked up on data.gov.tw —
/// at most `max` in one go, all at once within 25 seconds, and only while
/// `who` has look-ups left this hour (each costs the ministry's API a
/// request) — and what is found is kept in the catalogue.
pub async fn known_or_fetched(
    p: &Portal,
    who: Option<&Person>,
    ids: &[String],
    max: usize,
) -> Result<HashMap<String, i32>> {
    known_or_fetched_in(p, who, ids, max).await
}

/// The steps of [`known_or_fetched`], shared with the dataset page.
pub(super) async fn known_or_fetched_in(
    p: &Portal,
    who: Option<&Person>,
    ids: &[String],
    max: usize,
) -> Result<HashMap<String, i32>> {
    let ids: Vec<String> = ids.iter().filter(|id| valid_id(id)).cloned().collect();
    let wanted = ids.clone();
    let mut found = p
        .blocking(move |p| p.read(|conn| local(conn, &wanted)))
        .await?;
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !found.contains_key(*id))
        .cloned()
        .collect();
    let Some(who) = who else {
        return Ok(found);
    };
    if missing.is_empty() || missing.len() > max {
        return Ok(found);
    }
    let key = who.id.to_string();
    let allowed = p
        .blocking(move |p| {
            p.transaction(|conn| {
                Ok(store::throttle::attempt(
                    conn,
                    &crate::domain::throttle::DATASET_LOOKUP_PER_ACCOUNT,
                    &key,
                    now(),
                )?)
            })
        })
        .await?;
    if !allowed {
        return Ok(found);
    }
    let fetches = missing
        .iter()
        .map(|id| p.catalog.fetch(Source::DataGov, id));
    let records: Vec<DatasetRecord> = match tokio::time::timeout(
        LOOKUP_DEADLINE,
        futures_util::future::join_all(fetches),
    )
    .await
    {
        Ok(results) => results
            .into_iter()
            .zip(&missing)
            .filter_map(|(r, id)| match r {
                Ok(record) => Some(record),
                Err(e) => {
                    tracing::info!(id = %id, error = %e, "live dataset lookup failed");
                    None
                }
            })
            .collect(),
        Err(_) => {
            tracing::info!(count = missing.len(), "live dataset lookups timed out");
            Vec::new()
        }
    };
    if records.is_empty() {
        return Ok(found);
    }
    let kept = p
        .blocking(move |p| {
            p.transaction(|conn| {
                let at = now();
                for r in &records {
                    super::keep_record(conn, r, at)?;
                }
                changes::mark(&[Area::Catalog]);
                local(conn, &missing)
            })
        })
        .await?;
    found.extend(kept);
    Ok(found)
}

fn local(conn: &mut crate::db::DbConn, ids: &[String]) -> Result<HashMap<String, i32>> {
    let mut found = HashMap::new();
    for id in ids {
        if let Some(d) = store::catalog::find_by_source_id(conn, id)? {
            found.insert(id.clone(), d.id);
        }
    }
    Ok(found)
}
