//! How datasets have been used, counted in grouped SQL: per contest year,
//! the submitted entries that declare a dataset, the finalists and winners
//! among them (only of tracks whose results are published), and whether a
//! data request had the dataset released. One dataset's public page and
//! the impact ledger read these; neither runs a query per entry.
//!
//! An entry that declares the same dataset twice counts once (with the
//! deeper of its two declared uses).

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use crate::db::schema::{awards, contests, entries, entry_datasets, track_prizes, tracks};
use crate::db::DbConn;
use crate::domain::data_request::State;

/// One contest year of a dataset's use, as the public may know it.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct YearUsage {
    #[diesel(sql_type = Integer)]
    pub year: i32,
    /// Submitted entries declaring it.
    #[diesel(sql_type = BigInt)]
    pub entries: i64,
    /// Of them, finalists of a track whose results are published.
    #[diesel(sql_type = BigInt)]
    pub finalists: i64,
    /// Of them, winners of a track whose results are published.
    #[diesel(sql_type = BigInt)]
    pub winners: i64,
}

/// Per published contest year, newest first: the submitted entries that
/// declare dataset row `dataset_row`, and the finalists and winners among
/// them once their track's results are published.
pub fn public_usage(conn: &mut DbConn, dataset_row: i32) -> QueryResult<Vec<YearUsage>> {
    diesel::sql_query(format!(
        "SELECT c.year AS year, COUNT(*) AS entries, \
           SUM(CASE WHEN t.results_published_at IS NOT NULL AND fi.entry_id IS NOT NULL THEN 1 ELSE 0 END) AS finalists, \
           SUM(CASE WHEN t.results_published_at IS NOT NULL AND aw.entry_id IS NOT NULL THEN 1 ELSE 0 END) AS winners \
         FROM (SELECT DISTINCT entry_id FROM entry_datasets WHERE dataset_id = {dataset_row}) x \
         JOIN entries e ON e.id = x.entry_id \
         JOIN contests c ON c.id = e.contest_id \
         JOIN tracks t ON t.id = e.track_id \
         {OUTCOMES} \
         WHERE e.submitted_at IS NOT NULL AND c.published = TRUE \
         GROUP BY c.year ORDER BY c.year DESC"
    ))
    .load(conn)
}

/// Finalists and winners of every entry, once each, to be left-joined.
const OUTCOMES: &str =
    "LEFT JOIN (SELECT DISTINCT entry_id FROM finalists) fi ON fi.entry_id = e.id \
     LEFT JOIN (SELECT DISTINCT entry_id FROM awards) aw ON aw.entry_id = e.id";

/// A published winning entry that declares a dataset, with its award.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Winner {
    pub entry_id: i32,
    pub title: String,
    pub year: i32,
    pub track_id: i32,
    pub prize: String,
    pub prize_en: String,
}

/// The winners (of published results, in published contests) whose entry
/// declares dataset row `dataset_row`: newest year first, then by prize.
pub fn public_winners(conn: &mut DbConn, dataset_row: i32) -> QueryResult<Vec<Winner>> {
    entries::table
        .inner_join(awards::table.on(awards::entry_id.eq(entries::id)))
        .inner_join(tracks::table.on(tracks::id.eq(awards::track_id)))
        .inner_join(contests::table.on(contests::id.eq(tracks::contest_id)))
        .inner_join(track_prizes::table.on(track_prizes::id.eq(awards::prize_id)))
        .filter(tracks::results_published_at.is_not_null())
        .filter(contests::published.eq(true))
        .filter(entries::submitted_at.is_not_null())
        .filter(
            entries::id.eq_any(
                entry_datasets::table
                    .filter(entry_datasets::dataset_id.eq(dataset_row))
                    .select(entry_datasets::entry_id),
            ),
        )
        .order((
            contests::year.desc(),
            tracks::position,
            track_prizes::position,
            entries::id,
        ))
        .select((
            entries::id,
            entries::title,
            contests::year,
            entries::track_id,
            track_prizes::rank_label,
            track_prizes::rank_label_en,
        ))
        .load(conn)
}

/// What the ledger counts of a dataset in one contest year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct LedgerCounts {
    /// None: released on request, not declared by any submitted entry yet.
    #[diesel(sql_type = Nullable<Integer>)]
    pub year: Option<i32>,
    /// Submitted entries of that year declaring it.
    #[diesel(sql_type = BigInt)]
    pub entries: i64,
    /// Their declared depths of use (1–4) added up.
    #[diesel(sql_type = BigInt)]
    pub depth_sum: i64,
    /// Finalists and winners among them, of published results only.
    #[diesel(sql_type = BigInt)]
    pub finalists: i64,
    #[diesel(sql_type = BigInt)]
    pub winners: i64,
    /// The (first) data request answered by releasing it.
    #[diesel(sql_type = Nullable<Integer>)]
    pub request_id: Option<i32>,
}

/// One line of the ledger as counted: a dataset (by row and publisher) in
/// one contest year.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct LedgerCount {
    #[diesel(sql_type = Integer)]
    pub dataset_row: i32,
    #[diesel(sql_type = Text)]
    pub publisher: String,
    #[diesel(embed)]
    pub counts: LedgerCounts,
}

/// Every line of the ledger, counted afresh in one grouped query and given
/// to `each` as it is read, in the ledger's order: newest year first (lines
/// without a year last), the most declared first, then in catalogue order.
///
/// The lines are the datasets declared by submitted entries, grouped by
/// dataset row and contest year, then (without a year) the datasets
/// released on request (a request answered "published" with their id; the
/// first such request is named) that no submitted entry declares.
pub fn each_count<E: From<diesel::result::Error>>(
    conn: &mut DbConn,
    mut each: impl FnMut(LedgerCount) -> Result<(), E>,
) -> Result<(), E> {
    let published = State::Published.as_str();
    let sql = format!(
        "WITH released AS (SELECT dataset_id AS source_id, MIN(id) AS request_id \
           FROM data_requests WHERE state = '{published}' AND dataset_id IS NOT NULL \
           GROUP BY dataset_id), \
         lines AS (SELECT x.dataset_id AS dataset_row, c.year AS year, COUNT(*) AS entries, \
           SUM(x.depth) AS depth_sum, \
           SUM(CASE WHEN t.results_published_at IS NOT NULL AND fi.entry_id IS NOT NULL THEN 1 ELSE 0 END) AS finalists, \
           SUM(CASE WHEN t.results_published_at IS NOT NULL AND aw.entry_id IS NOT NULL THEN 1 ELSE 0 END) AS winners \
         FROM (SELECT ed.entry_id AS entry_id, ed.dataset_id AS dataset_id, MAX(ed.depth) AS depth \
               FROM entry_datasets ed GROUP BY ed.entry_id, ed.dataset_id) x \
         JOIN entries e ON e.id = x.entry_id \
         JOIN contests c ON c.id = e.contest_id \
         JOIN tracks t ON t.id = e.track_id \
         {OUTCOMES} \
         WHERE e.submitted_at IS NOT NULL \
         GROUP BY x.dataset_id, c.year \
         UNION ALL \
         SELECT d.id, CAST(NULL AS INTEGER), 0, 0, 0, 0 \
         FROM released r JOIN datasets d ON d.source_id = r.source_id \
         WHERE NOT EXISTS (SELECT 1 FROM entry_datasets ed JOIN entries e ON e.id = ed.entry_id \
                           WHERE ed.dataset_id = d.id AND e.submitted_at IS NOT NULL)) \
         SELECT l.dataset_row AS dataset_row, d.publisher AS publisher, l.year AS year, \
           l.entries AS entries, l.depth_sum AS depth_sum, l.finalists AS finalists, \
           l.winners AS winners, r.request_id AS request_id \
         FROM lines l JOIN datasets d ON d.id = l.dataset_row \
         LEFT JOIN released r ON r.source_id = d.source_id \
         ORDER BY COALESCE(l.year, 0) DESC, l.entries DESC, l.dataset_row"
    );
    for row in diesel::sql_query(sql)
        .load_iter::<LedgerCount, diesel::connection::DefaultLoadingMode>(conn)?
    {
        each(row?)?;
    }
    Ok(())
}

/// What a ledger line shows of its dataset: its catalogue id, title and
/// publisher.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct DatasetHead {
    pub dataset_row: i32,
    pub source_id: String,
    pub title: String,
    pub publisher: String,
}

/// The heads of dataset rows `rows` (any order; a row no longer in the
/// catalogue is left out).
pub fn dataset_heads(conn: &mut DbConn, rows: &[i32]) -> QueryResult<Vec<DatasetHead>> {
    use crate::db::schema::datasets;
    datasets::table
        .filter(datasets::id.eq_any(rows))
        .select((
            datasets::id,
            datasets::source_id,
            datasets::title,
            datasets::publisher,
        ))
        .load(conn)
}

/// The years of the contests, newest first (the ledger's year filter).
pub fn contest_years(conn: &mut DbConn) -> QueryResult<Vec<i32>> {
    contests::table
        .select(contests::year)
        .distinct()
        .order(contests::year.desc())
        .load(conn)
}
