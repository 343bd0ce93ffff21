//! The watch on what entries depend on: changes upstream of declared datasets, each recorded once with the entries it touched, and who depends on a dataset.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{PageRequest, Paged};
use crate::db::schema::{
    contests, data_requests, dataset_change_entries, dataset_changes, datasets, entries,
    entry_datasets, teams, tracks,
};
use crate::db::DbConn;
use crate::domain::data_request::State as RequestState;
use crate::domain::entry::Status;
use crate::domain::watch::ChangeKind;

super::text_column!(KindColumn, ChangeKind);

/// A change to record.
pub struct NewChange<'a> {
    pub dataset_id: i32,
    pub kind: ChangeKind,
    pub key: &'a str,
    pub before: &'a [String],
    pub after: &'a [String],
    pub at: NaiveDateTime,
}

/// Records a change; its id, or `None` when the same change (dataset and
/// key) is on record already — then nothing is written. Inside a caller's
/// transaction the insert runs in a savepoint, so a replica that recorded
/// the same change a moment earlier leaves the caller's work standing.
pub fn record_change(conn: &mut DbConn, c: &NewChange) -> QueryResult<Option<i32>> {
    let json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let (before, after) = (json(c.before), json(c.after));
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(dataset_changes::table)
            .values((
                dataset_changes::dataset_id.eq(c.dataset_id),
                dataset_changes::kind.eq(c.kind),
                dataset_changes::change_key.eq(c.key),
                dataset_changes::columns_before.eq(&before),
                dataset_changes::columns_after.eq(&after),
                dataset_changes::seen_at.eq(c.at),
            ))
            .returning(dataset_changes::id)
            .get_result::<i32>(conn)
    });
    match inserted {
        Ok(id) => Ok(Some(id)),
        Err(e) if super::is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Records that change `change_id` touched entry `entry_id`, which lost
/// the declared fields `lost` (none when the dataset is gone).
pub fn add_entry(
    conn: &mut DbConn,
    change_id: i32,
    entry_id: i32,
    lost: &[String],
) -> QueryResult<()> {
    diesel::insert_into(dataset_change_entries::table)
        .values((
            dataset_change_entries::change_id.eq(change_id),
            dataset_change_entries::entry_id.eq(entry_id),
            dataset_change_entries::lost_fields
                .eq(serde_json::to_string(lost).unwrap_or_else(|_| "[]".into())),
        ))
        .execute(conn)?;
    Ok(())
}

fn fields_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

/// A recorded change as an entry's pages show it.
#[derive(Debug, Clone)]
pub struct EntryAlert {
    /// The dataset's data.gov.tw id and title.
    pub dataset: String,
    pub title: String,
    pub kind: ChangeKind,
    pub lost_fields: Vec<String>,
    pub at: NaiveDateTime,
}

/// The changes recorded against entry `entry_id`, oldest first; a dataset's
/// going is left out once the catalogue has it again.
pub fn of_entry(conn: &mut DbConn, entry_id: i32) -> QueryResult<Vec<EntryAlert>> {
    type Row = (
        String,
        String,
        ChangeKind,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    let rows: Vec<Row> = dataset_change_entries::table
        .inner_join(dataset_changes::table.inner_join(datasets::table))
        .filter(dataset_change_entries::entry_id.eq(entry_id))
        .order((dataset_changes::seen_at, dataset_changes::id))
        .select((
            datasets::source_id,
            datasets::title,
            dataset_changes::kind,
            dataset_change_entries::lost_fields,
            dataset_changes::seen_at,
            datasets::gone_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, kind, _, _, gone_at)| *kind != ChangeKind::Gone || gone_at.is_some())
        .map(|(dataset, title, kind, lost, at, _)| EntryAlert {
            dataset,
            title,
            kind,
            lost_fields: fields_of(&lost),
            at,
        })
        .collect())
}

/// The datasets entry `entry_id` declares that the catalogue marked gone:
/// data.gov.tw id, title and when.
pub fn gone_declared(
    conn: &mut DbConn,
    entry_id: i32,
) -> QueryResult<Vec<(String, String, NaiveDateTime)>> {
    let rows: Vec<(String, String, Option<NaiveDateTime>)> = entry_datasets::table
        .inner_join(datasets::table)
        .filter(entry_datasets::entry_id.eq(entry_id))
        .filter(datasets::gone_at.is_not_null())
        .select((datasets::source_id, datasets::title, datasets::gone_at))
        .distinct()
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, title, at)| Some((id, title, at?)))
        .collect())
}

/// A recorded change as the organisers' list shows it.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    pub id: i32,
    pub dataset: String,
    pub title: String,
    pub publisher: String,
    pub kind: ChangeKind,
    pub at: NaiveDateTime,
}

/// The recorded changes, newest first, a page at a time; with a contest,
/// only those that touched its entries.
pub fn list(
    conn: &mut DbConn,
    contest_id: Option<i32>,
    page: PageRequest,
) -> QueryResult<Paged<ChangeRow>> {
    let filtered = || {
        let mut q = dataset_changes::table
            .inner_join(datasets::table)
            .into_boxed();
        if let Some(c) = contest_id {
            q = q.filter(
                dataset_changes::id.eq_any(
                    dataset_change_entries::table
                        .inner_join(entries::table)
                        .filter(entries::contest_id.eq(c))
                        .select(dataset_change_entries::change_id),
                ),
            );
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<(i32, String, String, String, ChangeKind, NaiveDateTime)> = filtered()
        .order((dataset_changes::seen_at.desc(), dataset_changes::id.desc()))
        .offset(page.offset())
        .limit(page.per_page)
        .select((
            dataset_changes::id,
            datasets::source_id,
            datasets::title,
            datasets::publisher,
            dataset_changes::kind,
            dataset_changes::seen_at,
        ))
        .load(conn)?;
    Ok(Paged {
        items: rows
            .into_iter()
            .map(|(id, dataset, title, publisher, kind, at)| ChangeRow {
                id,
                dataset,
                title,
                publisher,
                kind,
                at,
            })
            .collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// An entry a change touched, as the organisers' list names it.
#[derive(Debug, Clone)]
pub struct Touched {
    pub entry_id: i32,
    pub team_id: i32,
    pub team: String,
    pub track_id: i32,
    pub track: String,
    pub track_en: String,
    pub year: i32,
    pub title: String,
    pub lost_fields: Vec<String>,
}

/// The entries each of `change_ids` touched (only those of contest
/// `contest_id` when given), by change.
pub fn touched(
    conn: &mut DbConn,
    change_ids: &[i32],
    contest_id: Option<i32>,
) -> QueryResult<BTreeMap<i32, Vec<Touched>>> {
    type Row = (
        i32,
        i32,
        i32,
        String,
        i32,
        String,
        String,
        i32,
        String,
        String,
    );
    let mut q = dataset_change_entries::table
        .inner_join(
            entries::table
                .inner_join(teams::table)
                .inner_join(tracks::table.inner_join(contests::table)),
        )
        .filter(dataset_change_entries::change_id.eq_any(change_ids))
        .into_boxed();
    if let Some(c) = contest_id {
        q = q.filter(entries::contest_id.eq(c));
    }
    let rows: Vec<Row> = q
        .order((
            dataset_change_entries::change_id,
            contests::year.desc(),
            tracks::position,
            teams::name,
        ))
        .select((
            dataset_change_entries::change_id,
            entries::id,
            teams::id,
            teams::name,
            tracks::id,
            tracks::name,
            tracks::name_en,
            contests::year,
            entries::title,
            dataset_change_entries::lost_fields,
        ))
        .load(conn)?;
    let mut out: BTreeMap<i32, Vec<Touched>> = BTreeMap::new();
    for (change, entry_id, team_id, team, track_id, track, track_en, year, title, lost) in rows {
        out.entry(change).or_default().push(Touched {
            entry_id,
            team_id,
            team,
            track_id,
            track,
            track_en,
            year,
            title,
            lost_fields: fields_of(&lost),
        });
    }
    Ok(out)
}

/// An entry of a team still in its contest that declares a dataset: what
/// the watch tells its team about, and what the dataset's publisher may see
/// of it.
#[derive(Debug, Clone)]
pub struct Dependent {
    pub entry_id: i32,
    pub team_id: i32,
    pub year: i32,
    pub track_id: i32,
    pub track: String,
    pub track_en: String,
    pub team: String,
    pub title: String,
    pub status: Status,
    /// The fields it says it uses (of every row declaring the dataset).
    pub fields_used: String,
}

/// The entries of teams that have not withdrawn that declare dataset
/// `dataset_id`: newest contest first, then by track and team name.
pub fn dependents(conn: &mut DbConn, dataset_id: i32) -> QueryResult<Vec<Dependent>> {
    type Row = (
        i32,
        i32,
        i32,
        i32,
        String,
        String,
        String,
        String,
        Status,
        String,
    );
    let rows: Vec<Row> = entry_datasets::table
        .inner_join(
            entries::table
                .inner_join(teams::table)
                .inner_join(tracks::table.inner_join(contests::table)),
        )
        .filter(entry_datasets::dataset_id.eq(dataset_id))
        .filter(teams::withdrawn.eq(false))
        .order((
            contests::year.desc(),
            tracks::position,
            teams::name,
            entries::id,
            entry_datasets::position,
        ))
        .select((
            entries::id,
            teams::id,
            contests::year,
            tracks::id,
            tracks::name,
            tracks::name_en,
            teams::name,
            entries::title,
            entries::status,
            entry_datasets::fields_used,
        ))
        .load(conn)?;
    let mut out: Vec<Dependent> = Vec::new();
    for (entry_id, team_id, year, track_id, track, track_en, team, title, status, fields) in rows {
        match out.last_mut() {
            Some(d) if d.entry_id == entry_id => {
                d.fields_used.push('、');
                d.fields_used.push_str(&fields);
            }
            _ => out.push(Dependent {
                entry_id,
                team_id,
                year,
                track_id,
                track,
                track_en,
                team,
                title,
                status,
                fields_used: fields,
            }),
        }
    }
    Ok(out)
}

/// Data requests (not withdrawn) that released dataset `source_id` (or
/// answered that it is open already), or that are for one of `entry_ids`:
/// id, title and state, newest first.
pub fn requests_for(
    conn: &mut DbConn,
    source_id: &str,
    entry_ids: &[i32],
) -> QueryResult<Vec<(i32, String, RequestState)>> {
    let mut out: Vec<(i32, String, RequestState)> = Vec::new();
    let open = || {
        data_requests::table
            .filter(data_requests::state.ne(RequestState::Withdrawn))
            .select((
                data_requests::id,
                data_requests::title,
                data_requests::state,
            ))
            .into_boxed()
    };
    let mut found = open()
        .filter(data_requests::dataset_id.eq(source_id))
        .load(conn)?;
    for chunk in entry_ids.chunks(500) {
        found.extend(
            open()
                .filter(data_requests::entry_id.eq_any(chunk))
                .load::<(i32, String, RequestState)>(conn)?,
        );
    }
    for r in found {
        if !out.iter().any(|o| o.0 == r.0) {
            out.push(r);
        }
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.0));
    Ok(out)
}
