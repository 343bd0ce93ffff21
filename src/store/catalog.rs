//! The local catalogue of open datasets and the record of sync runs.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{contains_pattern, PageRequest, Paged};
use crate::db::schema::{dataset_resources, dataset_themes, datasets, sync_runs};
use crate::db::DbConn;
use crate::domain::catalog::{DatasetRecord, Source, SyncSource};
use crate::domain::themes::{FormatFlag, Theme};

super::text_column!(SourceColumn, Source);
super::text_column!(SyncSourceColumn, SyncSource);

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = datasets)]
pub struct Dataset {
    pub id: i32,
    pub source: Source,
    pub source_id: String,
    pub title: String,
    pub publisher: String,
    pub publisher_oid: String,
    pub description: String,
    pub fields: String,
    pub formats: String,
    pub update_frequency: String,
    pub license: String,
    pub published_at: Option<NaiveDateTime>,
    pub modified_at: Option<NaiveDateTime>,
    #[serde(skip)]
    pub search_text: String,
    #[serde(skip)]
    pub content_hash: String,
    pub synced_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When the catalogue answered that it no longer has this dataset.
    pub gone_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = dataset_resources)]
pub struct ResourceRow {
    pub id: i32,
    pub dataset_id: i32,
    pub position: i32,
    pub format: String,
    pub url: String,
    pub description: String,
    pub fields: String,
}

/// What storing a record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
}

/// Inserts or updates one dataset with its resources (call inside a
/// transaction: a failure leaves the old row as it was).
pub fn upsert(conn: &mut DbConn, r: &DatasetRecord, now: NaiveDateTime) -> QueryResult<Outcome> {
    let hash = r.content_hash();
    let existing: Option<(i32, String)> = datasets::table
        .filter(datasets::source_id.eq(&r.source_id))
        .select((datasets::id, datasets::content_hash))
        .first(conn)
        .optional()?;
    let fields = r.fields.join("、");
    let formats = r.formats().join(";");
    // The search's format filter (issue 15, themes): one flag per resource format.
    let resource_formats: Vec<&str> = r.resources.iter().map(|x| x.format.as_str()).collect();
    let values = (
        datasets::source.eq(r.source),
        datasets::title.eq(&r.title),
        datasets::publisher.eq(&r.publisher),
        datasets::publisher_oid.eq(&r.publisher_oid),
        datasets::description.eq(&r.description),
        datasets::fields.eq(&fields),
        datasets::formats.eq(&formats),
        datasets::update_frequency.eq(&r.update_frequency),
        datasets::license.eq(&r.license),
        datasets::published_at.eq(r.published_at),
        datasets::modified_at.eq(r.modified_at),
        datasets::search_text.eq(r.search_text()),
        datasets::content_hash.eq(&hash),
        datasets::format_flag.eq(FormatFlag::of_resources(&resource_formats)),
    );
    let (id, outcome) = match existing {
        Some((id, old)) if old == hash => {
            diesel::update(datasets::table.find(id))
                .set((
                    datasets::synced_at.eq(now),
                    datasets::gone_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
            return Ok(Outcome::Unchanged);
        }
        Some((id, _)) => {
            diesel::update(datasets::table.find(id))
                .set((
                    values,
                    datasets::synced_at.eq(now),
                    datasets::updated_at.eq(now),
                    datasets::gone_at.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
            (id, Outcome::Updated)
        }
        None => {
            diesel::insert_into(datasets::table)
                .values((
                    values,
                    datasets::source_id.eq(&r.source_id),
                    datasets::synced_at.eq(now),
                    datasets::created_at.eq(now),
                    datasets::updated_at.eq(now),
                ))
                .execute(conn)?;
            let id = datasets::table
                .filter(datasets::source_id.eq(&r.source_id))
                .select(datasets::id)
                .first(conn)?;
            (id, Outcome::New)
        }
    };
    diesel::delete(dataset_resources::table.filter(dataset_resources::dataset_id.eq(id)))
        .execute(conn)?;
    for (i, res) in r.resources.iter().enumerate() {
        diesel::insert_into(dataset_resources::table)
            .values((
                dataset_resources::dataset_id.eq(id),
                dataset_resources::position.eq(i as i32 + 1),
                dataset_resources::format.eq(&res.format),
                dataset_resources::url.eq(&res.url),
                dataset_resources::description.eq(&res.description),
                dataset_resources::fields.eq(&res.fields),
            ))
            .execute(conn)?;
    }
    Ok(outcome)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    datasets::table.count().get_result(conn)
}

/// The data.gov.tw ids of every dataset kept, in order.
pub fn source_ids(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    datasets::table
        .select(datasets::source_id)
        .order(datasets::source_id)
        .load(conn)
}

pub fn find_by_source_id(conn: &mut DbConn, source_id: &str) -> QueryResult<Option<Dataset>> {
    datasets::table
        .filter(datasets::source_id.eq(source_id.trim()))
        .select(Dataset::as_select())
        .first(conn)
        .optional()
}

/// (row, data.gov.tw id) of the datasets with these ids, in pieces of 500.
pub fn rows_of(conn: &mut DbConn, source_ids: &[String]) -> QueryResult<Vec<(i32, String)>> {
    let mut out = Vec::new();
    for ids in source_ids.chunks(500) {
        out.extend(
            datasets::table
                .filter(datasets::source_id.eq_any(ids))
                .select((datasets::id, datasets::source_id))
                .load::<(i32, String)>(conn)?,
        );
    }
    Ok(out)
}

pub fn find_many(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Dataset>> {
    datasets::table
        .filter(datasets::id.eq_any(ids))
        .select(Dataset::as_select())
        .load(conn)
}

pub fn resources(conn: &mut DbConn, dataset_id: i32) -> QueryResult<Vec<ResourceRow>> {
    dataset_resources::table
        .filter(dataset_resources::dataset_id.eq(dataset_id))
        .order(dataset_resources::position)
        .select(ResourceRow::as_select())
        .load(conn)
}

#[derive(Debug, Default, Clone)]
pub struct Search {
    pub q: String,
    pub publisher: String,
    pub format: String,
    /// Only datasets with this theme (issue 15).
    pub theme: Option<Theme>,
    /// Only datasets with this format flag (issue 15).
    pub flag: Option<FormatFlag>,
}

/// Counting matches stops here: "1,000 or more" is all a person needs to
/// know, and an exact count of a broad word would read thousands of rows.
pub const COUNT_CAP: i64 = 1000;

/// Keyword (any substring, also Chinese), publisher, format, theme and
/// format-flag search. The theme is a semi-join on `dataset_themes`'s
/// (theme, dataset) index and the flag a column with its own index
/// (migration 2026-11-27-000500), so filters never read the whole catalogue.
///
/// Without keywords: the whole catalogue (or a publisher's, a format's) by
/// title, counted exactly. With keywords: the newest datasets first, counted
/// up to [`COUNT_CAP`] (`total` is then `COUNT_CAP + 1`), so a broad word
/// costs no more than a narrow one: the trigram index (FTS5 on SQLite,
/// pg_trgm on PostgreSQL; migration 000013) hands the matches over in id
/// order and reading stops once the page is full.
pub fn search(conn: &mut DbConn, s: &Search, page: PageRequest) -> QueryResult<Paged<Dataset>> {
    let words: Vec<String> =
        s.q.split_whitespace()
            .take(8)
            .map(str::to_lowercase)
            .collect();
    let publisher = s.publisher.trim().to_string();
    let format = s.format.trim().to_uppercase();
    let filtered = || {
        let mut q = datasets::table.into_boxed();
        for word in &words {
            q = q.filter(
                datasets::search_text
                    .like(contains_pattern(word))
                    .escape('\\'),
            );
        }
        if !publisher.is_empty() {
            q = q.filter(datasets::publisher.eq(publisher.clone()));
        }
        if !format.is_empty() {
            q = q.filter(
                datasets::formats
                    .like(contains_pattern(&format))
                    .escape('\\'),
            );
        }
        if let Some(theme) = s.theme {
            q = q.filter(
                datasets::id.eq_any(
                    dataset_themes::table
                        .filter(dataset_themes::theme.eq(theme))
                        .select(dataset_themes::dataset_id),
                ),
            );
        }
        if let Some(flag) = s.flag {
            q = q.filter(datasets::format_flag.eq(flag));
        }
        q
    };
    if words.is_empty() {
        let total = filtered().count().get_result(conn)?;
        let items = filtered()
            .order((datasets::title, datasets::id))
            .limit(page.per_page)
            .offset(page.offset())
            .select(Dataset::as_select())
            .load(conn)?;
        return Ok(Paged {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        });
    }
    // Keyword results end at the cap: a page past it shows the last one.
    let last = (COUNT_CAP + page.per_page - 1) / page.per_page;
    let page = PageRequest {
        page: page.page.min(last),
        ..page
    };
    let (ids, total) = if crate::db::is_postgres(conn) {
        let total = filtered()
            .select(datasets::id)
            .limit(COUNT_CAP + 1)
            .load::<i32>(conn)?
            .len() as i64;
        let ids = filtered()
            .select(datasets::id)
            .order(datasets::id.desc())
            .limit(page.per_page)
            .offset(page.offset())
            .load::<i32>(conn)?;
        (ids, total)
    } else {
        fts_search(conn, &words, (&publisher, &format), (s.theme, s.flag), page)?
    };
    let mut items = datasets::table
        .filter(datasets::id.eq_any(&ids))
        .select(Dataset::as_select())
        .load::<Dataset>(conn)?;
    items.sort_by_key(|d| std::cmp::Reverse(d.id));
    Ok(Paged {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// SQLite: the page's dataset ids, newest first, and the capped count, read
/// from the FTS5 trigram index in rowid order so that reading stops early.
fn fts_search(
    conn: &mut DbConn,
    words: &[String],
    (publisher, format): (&str, &str),
    (theme, flag): (Option<Theme>, Option<FormatFlag>),
    page: PageRequest,
) -> QueryResult<(Vec<i32>, i64)> {
    use diesel::sql_types::{BigInt, Integer, Text};
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = Integer)]
        id: i32,
    }
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    // The index answers LIKE by itself (case-insensitive, as SQLite's LIKE);
    // a word with % _ or \ is also checked literally, as the index has no
    // ESCAPE.
    let mut sql = String::from("FROM datasets_fts f JOIN datasets d ON d.id = f.rowid WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    for word in words {
        sql.push_str(" AND f.search_text LIKE ?");
        binds.push(format!("%{word}%"));
        if word.contains(['%', '_', '\\']) {
            sql.push_str(" AND d.search_text LIKE ? ESCAPE '\\'");
            binds.push(contains_pattern(word));
        }
    }
    if !publisher.is_empty() {
        sql.push_str(" AND d.publisher = ?");
        binds.push(publisher.to_string());
    }
    if !format.is_empty() {
        sql.push_str(" AND d.formats LIKE ? ESCAPE '\\'");
        binds.push(contains_pattern(format));
    }
    if let Some(theme) = theme {
        sql.push_str(" AND d.id IN (SELECT t.dataset_id FROM dataset_themes t WHERE t.theme = ?)");
        binds.push(theme.as_str().to_string());
    }
    if let Some(flag) = flag {
        sql.push_str(" AND d.format_flag = ?");
        binds.push(flag.as_str().to_string());
    }
    let mut page_query = diesel::sql_query(format!(
        "SELECT d.id AS id {sql} ORDER BY f.rowid DESC LIMIT {} OFFSET {}",
        page.per_page,
        page.offset()
    ))
    .into_boxed();
    let mut count_query = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM (SELECT 1 {sql} LIMIT {})",
        COUNT_CAP + 1
    ))
    .into_boxed();
    for b in &binds {
        page_query = page_query.bind::<Text, _>(b.clone());
        count_query = count_query.bind::<Text, _>(b.clone());
    }
    let ids: Vec<Id> = page_query.load(conn)?;
    let counted: Vec<Count> = count_query.load(conn)?;
    Ok((
        ids.into_iter().map(|r| r.id).collect(),
        counted.first().map(|c| c.n).unwrap_or(0),
    ))
}

/// Publishers with their dataset counts, for the search filter: kept by
/// triggers in `dataset_publishers` (migration 000014), so a search does not
/// count the whole catalogue.
pub fn publishers(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    use crate::db::schema::dataset_publishers;
    let rows: Vec<(String, i32)> = dataset_publishers::table
        .filter(dataset_publishers::datasets.gt(0))
        .order(dataset_publishers::publisher)
        .select((dataset_publishers::publisher, dataset_publishers::datasets))
        .load(conn)?;
    Ok(rows.into_iter().map(|(p, n)| (p, i64::from(n))).collect())
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = sync_runs)]
pub struct SyncRun {
    pub id: i32,
    pub source: SyncSource,
    pub since: String,
    pub started_by: Option<i32>,
    pub started_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    pub new_count: i32,
    pub updated_count: i32,
    pub unchanged_count: i32,
    pub failed_count: i32,
    pub errors: String,
    pub cards_read: i32,
    pub cards_failed: i32,
    pub gone_count: i32,
}

pub fn start_run(
    conn: &mut DbConn,
    source: SyncSource,
    since: &str,
    by: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(sync_runs::table)
        .values((
            sync_runs::source.eq(source),
            sync_runs::since.eq(since),
            sync_runs::started_by.eq(by),
            sync_runs::started_at.eq(now),
            sync_runs::errors.eq("[]"),
        ))
        .execute(conn)?;
    sync_runs::table
        .filter(sync_runs::source.eq(source))
        .filter(sync_runs::started_at.eq(now))
        .order(sync_runs::id.desc())
        .select(sync_runs::id)
        .first(conn)
}

pub fn finish_run(
    conn: &mut DbConn,
    id: i32,
    counts: (i32, i32, i32, i32),
    errors: &[String],
    now: NaiveDateTime,
) -> QueryResult<()> {
    let errors: Vec<&String> = errors.iter().take(200).collect();
    diesel::update(sync_runs::table.find(id))
        .set((
            sync_runs::finished_at.eq(Some(now)),
            sync_runs::new_count.eq(counts.0),
            sync_runs::updated_count.eq(counts.1),
            sync_runs::unchanged_count.eq(counts.2),
            sync_runs::failed_count.eq(counts.3),
            sync_runs::errors.eq(serde_json::to_string(&errors).unwrap_or_else(|_| "[]".into())),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records what a run's card refresh did and how many datasets it found gone.
pub fn record_cards(
    conn: &mut DbConn,
    id: i32,
    read: i32,
    failed: i32,
    gone: i32,
) -> QueryResult<()> {
    diesel::update(sync_runs::table.find(id))
        .set((
            sync_runs::cards_read.eq(read),
            sync_runs::cards_failed.eq(failed),
            sync_runs::gone_count.eq(gone),
        ))
        .execute(conn)?;
    Ok(())
}

/// When the last finished run of a source started.
pub fn last_finished(conn: &mut DbConn, source: SyncSource) -> QueryResult<Option<NaiveDateTime>> {
    sync_runs::table
        .filter(sync_runs::source.eq(source))
        .filter(sync_runs::finished_at.is_not_null())
        .order(sync_runs::started_at.desc())
        .select(sync_runs::started_at)
        .first(conn)
        .optional()
}

pub fn runs(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<SyncRun>> {
    sync_runs::table
        .order(sync_runs::id.desc())
        .limit(limit)
        .select(SyncRun::as_select())
        .load(conn)
}

/// Datasets whose title contains any of these pieces (for suggestions).
pub fn title_contains_any(
    conn: &mut DbConn,
    pieces: &[String],
    limit: i64,
) -> QueryResult<Vec<Dataset>> {
    if pieces.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = datasets::table.into_boxed();
    for p in pieces {
        q = q.or_filter(datasets::title.like(contains_pattern(p)).escape('\\'));
    }
    q.order(datasets::id)
        .limit(limit)
        .select(Dataset::as_select())
        .load(conn)
}
