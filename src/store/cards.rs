//! Datasets' fitness cards: what the last read of each dataset's first machine-readable resource found, and which datasets are due a read.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{dataset_cards, dataset_resources, datasets, entry_datasets};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = dataset_cards)]
pub struct CardRow {
    pub dataset_id: i32,
    pub resource_url: String,
    pub resource_format: String,
    pub encoding: String,
    pub column_names: String,
    pub sample_rows: String,
    pub read_at: Option<NaiveDateTime>,
    pub checked_at: NaiveDateTime,
    pub link_status: Option<i32>,
    pub problem: String,
    pub problem_detail: String,
}

impl CardRow {
    /// The columns last read (none before the first successful read).
    pub fn columns(&self) -> Vec<String> {
        serde_json::from_str(&self.column_names).unwrap_or_default()
    }

    /// The sample rows last read.
    pub fn rows(&self) -> Vec<Vec<String>> {
        serde_json::from_str(&self.sample_rows).unwrap_or_default()
    }
}

/// What one read of a resource found.
pub struct Read<'a> {
    pub url: &'a str,
    pub format: &'a str,
    pub encoding: &'a str,
    pub columns: &'a [String],
    pub rows: &'a [Vec<String>],
    pub status: Option<i32>,
}

/// Why one read found nothing (the card's columns and rows stay as they were).
pub struct Failure<'a> {
    pub url: &'a str,
    /// The Fluent message id of the reason.
    pub problem: &'a str,
    pub detail: &'a str,
    pub status: Option<i32>,
}

pub fn find(conn: &mut DbConn, dataset_id: i32) -> QueryResult<Option<CardRow>> {
    dataset_cards::table
        .find(dataset_id)
        .select(CardRow::as_select())
        .first(conn)
        .optional()
}

/// (entry id, dataset id, fields used) of many entries' declared datasets:
/// what the pre-check compares with the cards' columns.
pub fn field_names(conn: &mut DbConn, entry_ids: &[i32]) -> QueryResult<Vec<(i32, i32, String)>> {
    let mut out = Vec::new();
    for chunk in entry_ids.chunks(500) {
        out.extend(
            entry_datasets::table
                .filter(entry_datasets::entry_id.eq_any(chunk))
                .order((entry_datasets::entry_id, entry_datasets::position))
                .select((
                    entry_datasets::entry_id,
                    entry_datasets::dataset_id,
                    entry_datasets::fields_used,
                ))
                .load::<(i32, i32, String)>(conn)?,
        );
    }
    Ok(out)
}

/// The cards of several datasets at once, by dataset id.
pub fn find_many(conn: &mut DbConn, ids: &[i32]) -> QueryResult<HashMap<i32, CardRow>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        for c in dataset_cards::table
            .filter(dataset_cards::dataset_id.eq_any(chunk))
            .select(CardRow::as_select())
            .load(conn)?
        {
            out.insert(c.dataset_id, c);
        }
    }
    Ok(out)
}

/// Stores a successful read; returns the columns the card had before (empty
/// for a first read), so a caller can tell what disappeared.
pub fn save_read(
    conn: &mut DbConn,
    dataset_id: i32,
    r: &Read,
    at: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let before = find(conn, dataset_id)?
        .map(|c| c.columns())
        .unwrap_or_default();
    let columns = serde_json::to_string(r.columns).unwrap_or_else(|_| "[]".into());
    let rows = serde_json::to_string(r.rows).unwrap_or_else(|_| "[]".into());
    let values = (
        dataset_cards::resource_url.eq(r.url),
        dataset_cards::resource_format.eq(r.format),
        dataset_cards::encoding.eq(r.encoding),
        dataset_cards::column_names.eq(&columns),
        dataset_cards::sample_rows.eq(&rows),
        dataset_cards::read_at.eq(Some(at)),
        dataset_cards::checked_at.eq(at),
        dataset_cards::link_status.eq(r.status),
        dataset_cards::problem.eq(""),
        dataset_cards::problem_detail.eq(""),
    );
    let updated = diesel::update(dataset_cards::table.find(dataset_id))
        .set(values)
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(dataset_cards::table)
            .values((dataset_cards::dataset_id.eq(dataset_id), values))
            .execute(conn)?;
    }
    Ok(before)
}

/// Records why a read failed, keeping what earlier reads found.
pub fn save_failure(
    conn: &mut DbConn,
    dataset_id: i32,
    f: &Failure,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let detail: String = f.detail.chars().take(500).collect();
    let updated = diesel::update(dataset_cards::table.find(dataset_id))
        .set((
            dataset_cards::checked_at.eq(at),
            dataset_cards::link_status.eq(f.status),
            dataset_cards::problem.eq(f.problem),
            dataset_cards::problem_detail.eq(&detail),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(dataset_cards::table)
            .values((
                dataset_cards::dataset_id.eq(dataset_id),
                dataset_cards::resource_url.eq(f.url),
                dataset_cards::checked_at.eq(at),
                dataset_cards::link_status.eq(f.status),
                dataset_cards::problem.eq(f.problem),
                dataset_cards::problem_detail.eq(&detail),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A dataset due a read: its id and its resources' formats and URLs in
/// catalogue order.
pub struct Due {
    pub dataset_id: i32,
    pub source_id: String,
    pub resources: Vec<(String, String)>,
}

/// At most `limit` datasets still in the catalogue whose card was never
/// read or last checked before `checked_before`: those entries declare
/// first, then those never checked, then the longest unchecked.
pub fn due(conn: &mut DbConn, checked_before: NaiveDateTime, limit: i64) -> QueryResult<Vec<Due>> {
    let declared: Vec<i32> = entry_datasets::table
        .select(entry_datasets::dataset_id)
        .distinct()
        .load(conn)?;
    let stale =
        |conn: &mut DbConn, among: Option<&[i32]>, limit: i64| -> QueryResult<Vec<(i32, String)>> {
            let mut q = datasets::table
                .left_join(dataset_cards::table)
                .filter(datasets::gone_at.is_null())
                .filter(
                    dataset_cards::checked_at
                        .is_null()
                        .or(dataset_cards::checked_at.lt(checked_before)),
                )
                .select((datasets::id, datasets::source_id))
                .order((
                    dataset_cards::checked_at.is_not_null(),
                    dataset_cards::checked_at,
                    datasets::id,
                ))
                .limit(limit)
                .into_boxed();
            if let Some(ids) = among {
                q = q.filter(datasets::id.eq_any(ids.to_vec()));
            }
            q.load(conn)
        };
    let mut picked: Vec<(i32, String)> = Vec::new();
    for chunk in declared.chunks(500) {
        if picked.len() as i64 >= limit {
            break;
        }
        picked.extend(stale(conn, Some(chunk), limit - picked.len() as i64)?);
    }
    if (picked.len() as i64) < limit {
        let more = stale(conn, None, limit)?;
        for m in more {
            if picked.len() as i64 >= limit {
                break;
            }
            if !picked.iter().any(|(id, _)| *id == m.0) {
                picked.push(m);
            }
        }
    }
    with_resources(conn, picked)
}

/// The given datasets (by data.gov.tw id, in that order) with their resources.
pub fn by_source_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<Vec<Due>> {
    let mut found: Vec<(i32, String)> = Vec::new();
    for chunk in ids.chunks(500) {
        found.extend(
            datasets::table
                .filter(datasets::source_id.eq_any(chunk))
                .select((datasets::id, datasets::source_id))
                .load::<(i32, String)>(conn)?,
        );
    }
    found.sort_by_key(|(_, s)| ids.iter().position(|i| i == s));
    with_resources(conn, found)
}

fn with_resources(conn: &mut DbConn, picked: Vec<(i32, String)>) -> QueryResult<Vec<Due>> {
    let ids: Vec<i32> = picked.iter().map(|(id, _)| *id).collect();
    let mut resources: HashMap<i32, Vec<(String, String)>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for (d, format, url) in dataset_resources::table
            .filter(dataset_resources::dataset_id.eq_any(chunk))
            .order((dataset_resources::dataset_id, dataset_resources::position))
            .select((
                dataset_resources::dataset_id,
                dataset_resources::format,
                dataset_resources::url,
            ))
            .load::<(i32, String, String)>(conn)?
        {
            resources.entry(d).or_default().push((format, url));
        }
    }
    Ok(picked
        .into_iter()
        .map(|(dataset_id, source_id)| Due {
            resources: resources.remove(&dataset_id).unwrap_or_default(),
            dataset_id,
            source_id,
        })
        .collect())
}

/// Marks a dataset as gone from the catalogue (the first time only); true
/// when this call marked it.
pub fn mark_gone(conn: &mut DbConn, dataset_id: i32, at: NaiveDateTime) -> QueryResult<bool> {
    Ok(diesel::update(
        datasets::table
            .find(dataset_id)
            .filter(datasets::gone_at.is_null()),
    )
    .set(datasets::gone_at.eq(Some(at)))
    .execute(conn)?
        == 1)
}

/// Clears the mark of a dataset the catalogue has again.
pub fn mark_back(conn: &mut DbConn, dataset_id: i32) -> QueryResult<()> {
    diesel::update(datasets::table.find(dataset_id))
        .set(datasets::gone_at.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

/// How many datasets the catalogue still has.
pub fn count_live(conn: &mut DbConn) -> QueryResult<i64> {
    datasets::table
        .filter(datasets::gone_at.is_null())
        .count()
        .get_result(conn)
}
