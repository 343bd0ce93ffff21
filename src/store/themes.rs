//! Issue 15, themes: a dataset's themes, the catalogue datasets recommended
//! for a track, and the stored format flag the catalogue search filters by.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    contests, dataset_resources, dataset_themes, datasets, track_datasets, tracks,
};
use crate::db::DbConn;
use crate::domain::themes::{FormatFlag, Theme};

super::text_column!(ThemeColumn, Theme);
super::text_column!(FormatFlagColumn, FormatFlag);

/// `eq_any` lists are cut into pieces this long (SQLite binds at most
/// 32,766 values; a short list also keeps each statement cheap).
const CHUNK: usize = 500;

/// The themes of these datasets, as (dataset id, theme), each dataset's in
/// the national list's order.
pub fn themes_of(conn: &mut DbConn, dataset_ids: &[i32]) -> QueryResult<Vec<(i32, Theme)>> {
    let mut out = Vec::new();
    for ids in dataset_ids.chunks(CHUNK) {
        out.extend(
            dataset_themes::table
                .filter(dataset_themes::dataset_id.eq_any(ids))
                .select((dataset_themes::dataset_id, dataset_themes::theme))
                .load::<(i32, Theme)>(conn)?,
        );
    }
    out.sort();
    Ok(out)
}

/// Gives the dataset exactly these themes.
pub fn set_themes(
    conn: &mut DbConn,
    dataset_id: i32,
    themes: &[Theme],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let gone: Vec<Theme> = themes_of(conn, &[dataset_id])?
        .into_iter()
        .map(|(_, t)| t)
        .filter(|t| !themes.contains(t))
        .collect();
    if !gone.is_empty() {
        diesel::delete(
            dataset_themes::table
                .filter(dataset_themes::dataset_id.eq(dataset_id))
                .filter(dataset_themes::theme.eq_any(gone)),
        )
        .execute(conn)?;
    }
    add_themes(conn, dataset_id, themes, now)?;
    Ok(())
}

/// Adds the themes the dataset does not have yet; returns how many.
pub fn add_themes(
    conn: &mut DbConn,
    dataset_id: i32,
    themes: &[Theme],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let has: Vec<Theme> = themes_of(conn, &[dataset_id])?
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let mut added = 0;
    for theme in themes.iter().filter(|t| !has.contains(t)) {
        added += diesel::insert_into(dataset_themes::table)
            .values((
                dataset_themes::dataset_id.eq(dataset_id),
                dataset_themes::theme.eq(*theme),
                dataset_themes::tagged_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(added)
}

/// A track with what a recommendation needs to know of its contest.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tracks)]
pub struct TrackChoice {
    #[diesel(column_name = id)]
    pub track_id: i32,
    pub name: String,
    pub name_en: String,
    #[diesel(select_expression = contests::id)]
    pub contest_id: i32,
    #[diesel(select_expression = contests::year)]
    pub year: i32,
    #[diesel(select_expression = contests::title)]
    pub contest_title: String,
    #[diesel(select_expression = contests::title_en)]
    pub contest_title_en: String,
    #[diesel(select_expression = contests::published)]
    pub published: bool,
    #[diesel(select_expression = contests::results_at)]
    pub results_at: Option<NaiveDateTime>,
}

/// Every track with its contest, newest contest first (a handful a year).
pub fn track_choices(conn: &mut DbConn) -> QueryResult<Vec<TrackChoice>> {
    tracks::table
        .inner_join(contests::table)
        .order((contests::year.desc(), tracks::position, tracks::id))
        .select(TrackChoice::as_select())
        .load(conn)
}

/// The tracks (with their contests) that recommend this dataset.
pub fn tracks_recommending(conn: &mut DbConn, dataset_id: i32) -> QueryResult<Vec<TrackChoice>> {
    track_datasets::table
        .inner_join(tracks::table.inner_join(contests::table))
        .filter(track_datasets::dataset_id.eq(dataset_id))
        .order((contests::year.desc(), tracks::position, tracks::id))
        .select(TrackChoice::as_select())
        .load(conn)
}

/// Makes the dataset recommended for exactly `chosen` among the tracks
/// `among` (those the form offered); other tracks are left as they are.
pub fn set_recommendations(
    conn: &mut DbConn,
    dataset_id: i32,
    among: &[i32],
    chosen: &[i32],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let gone: Vec<i32> = among
        .iter()
        .filter(|t| !chosen.contains(t))
        .copied()
        .collect();
    if !gone.is_empty() {
        diesel::delete(
            track_datasets::table
                .filter(track_datasets::dataset_id.eq(dataset_id))
                .filter(track_datasets::track_id.eq_any(gone)),
        )
        .execute(conn)?;
    }
    for track in chosen {
        recommend(conn, *track, dataset_id, now)?;
    }
    Ok(())
}

/// Recommends the dataset for the track; false when it already was.
pub fn recommend(
    conn: &mut DbConn,
    track_id: i32,
    dataset_id: i32,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let has: i64 = track_datasets::table
        .filter(track_datasets::track_id.eq(track_id))
        .filter(track_datasets::dataset_id.eq(dataset_id))
        .count()
        .get_result(conn)?;
    if has > 0 {
        return Ok(false);
    }
    diesel::insert_into(track_datasets::table)
        .values((
            track_datasets::track_id.eq(track_id),
            track_datasets::dataset_id.eq(dataset_id),
            track_datasets::tagged_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// A catalogue dataset recommended for a track, as its page lists it.
#[derive(Debug, Clone, Queryable)]
pub struct Recommended {
    pub source_id: String,
    pub title: String,
    pub publisher: String,
}

/// The catalogue datasets recommended for the track, by title.
pub fn recommended_for(conn: &mut DbConn, track_id: i32) -> QueryResult<Vec<Recommended>> {
    track_datasets::table
        .inner_join(datasets::table)
        .filter(track_datasets::track_id.eq(track_id))
        .order((datasets::title, datasets::id))
        .select((datasets::source_id, datasets::title, datasets::publisher))
        .load(conn)
}

/// The local ids of the datasets with these data.gov.tw ids (those kept).
pub fn ids_of(conn: &mut DbConn, source_ids: &[String]) -> QueryResult<HashMap<String, i32>> {
    let mut out = HashMap::new();
    for chunk in source_ids.chunks(CHUNK) {
        out.extend(
            datasets::table
                .filter(datasets::source_id.eq_any(chunk))
                .select((datasets::source_id, datasets::id))
                .load::<(String, i32)>(conn)?,
        );
    }
    Ok(out)
}

/// Up to `limit` datasets whose format flag was never computed.
pub fn without_format_flag(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<i32>> {
    datasets::table
        .filter(datasets::format_flag.is_null())
        .order(datasets::id)
        .limit(limit)
        .select(datasets::id)
        .load(conn)
}

/// The formats of these datasets' resources, one per resource in order,
/// as `domain::fitness::flags` takes them.
pub fn resource_formats(
    conn: &mut DbConn,
    dataset_ids: &[i32],
) -> QueryResult<HashMap<i32, Vec<String>>> {
    let mut out: HashMap<i32, Vec<String>> = HashMap::new();
    for ids in dataset_ids.chunks(CHUNK) {
        let rows: Vec<(i32, String)> = dataset_resources::table
            .filter(dataset_resources::dataset_id.eq_any(ids))
            .order((dataset_resources::dataset_id, dataset_resources::position))
            .select((dataset_resources::dataset_id, dataset_resources::format))
            .load(conn)?;
        for (id, format) in rows {
            out.entry(id).or_default().push(format);
        }
    }
    Ok(out)
}

pub fn set_format_flag(conn: &mut DbConn, ids: &[i32], flag: FormatFlag) -> QueryResult<usize> {
    let mut n = 0;
    for chunk in ids.chunks(CHUNK) {
        n += diesel::update(datasets::table.filter(datasets::id.eq_any(chunk)))
            .set(datasets::format_flag.eq(flag))
            .execute(conn)?;
    }
    Ok(n)
}

/// The data.gov.tw ids of the first `n` datasets kept (for an example).
pub fn first_source_ids(conn: &mut DbConn, n: i64) -> QueryResult<Vec<String>> {
    datasets::table
        .order(datasets::id)
        .limit(n)
        .select(datasets::source_id)
        .load(conn)
}
