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
use crate::db::{is_postgres, DbConn};
use crate::domain::data_request::State;
use crate::store::PageRequest;

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

/// Which lines of the ledger to read.
#[derive(Debug, Clone, Default)]
pub struct LedgerFilter {
    /// Only datasets of these publishers (`None`: every publisher; an empty
    /// list: none).
    pub publishers: Option<Vec<String>>,
    /// Only this contest year. Without it, datasets released on request
    /// that no submitted entry declares yet have a line of their own, with
    /// no year.
    pub year: Option<i32>,
}

/// One line of the ledger: a dataset in one contest year.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct LedgerLine {
    #[diesel(sql_type = Integer)]
    pub dataset_row: i32,
    #[diesel(sql_type = Text)]
    pub source_id: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub publisher: String,
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

/// The ledger's lines in SQL, as common table expressions: `released`
/// (each dataset id a request was answered "published" with, and the first
/// such request) and `lines` (dataset row, year and counts), with the
/// publishers they bind. The lines are the datasets declared by submitted
/// entries, grouped by dataset row and contest year (integers only: titles
/// and publishers are joined to the lines of one page), then (without a
/// year) the datasets released on request that no submitted entry declares.
/// A publisher filter applies before the grouping, so a unit's page groups
/// only its own datasets' declarations.
fn ledger_sql(pg: bool, f: &LedgerFilter) -> (String, Vec<String>) {
    let mut binds: Vec<String> = Vec::new();
    // "d.publisher IN (…)", its names bound (once for each use).
    let of_publishers = |binds: &mut Vec<String>| {
        f.publishers.as_ref().map(|list| {
            let marks: Vec<String> = list
                .iter()
                .map(|p| {
                    binds.push(p.clone());
                    if pg {
                        format!("${}", binds.len())
                    } else {
                        "?".to_string()
                    }
                })
                .collect();
            format!("d.publisher IN ({})", marks.join(", "))
        })
    };
    let published = State::Published.as_str();
    let year = f
        .year
        .map(|y| format!(" AND c.year = {y}"))
        .unwrap_or_default();
    let declared = match of_publishers(&mut binds) {
        Some(of) => format!(" JOIN datasets d ON d.id = ed.dataset_id WHERE {of}"),
        None => String::new(),
    };
    let mut sql = format!(
        "WITH released AS (SELECT dataset_id AS source_id, MIN(id) AS request_id \
           FROM data_requests WHERE state = '{published}' AND dataset_id IS NOT NULL \
           GROUP BY dataset_id), \
         lines AS (SELECT x.dataset_id AS dataset_row, c.year AS year, COUNT(*) AS entries, \
           SUM(x.depth) AS depth_sum, \
           SUM(CASE WHEN t.results_published_at IS NOT NULL AND fi.entry_id IS NOT NULL THEN 1 ELSE 0 END) AS finalists, \
           SUM(CASE WHEN t.results_published_at IS NOT NULL AND aw.entry_id IS NOT NULL THEN 1 ELSE 0 END) AS winners \
         FROM (SELECT ed.entry_id AS entry_id, ed.dataset_id AS dataset_id, MAX(ed.depth) AS depth \
               FROM entry_datasets ed{declared} GROUP BY ed.entry_id, ed.dataset_id) x \
         JOIN entries e ON e.id = x.entry_id \
         JOIN contests c ON c.id = e.contest_id \
         JOIN tracks t ON t.id = e.track_id \
         {OUTCOMES} \
         WHERE e.submitted_at IS NOT NULL{year} \
         GROUP BY x.dataset_id, c.year"
    );
    if f.year.is_none() {
        sql.push_str(&format!(
            " UNION ALL \
             SELECT d.id, CAST(NULL AS INTEGER), 0, 0, 0, 0 \
             FROM released r JOIN datasets d ON d.source_id = r.source_id \
             WHERE NOT EXISTS (SELECT 1 FROM entry_datasets ed JOIN entries e ON e.id = ed.entry_id \
                               WHERE ed.dataset_id = d.id AND e.submitted_at IS NOT NULL){}",
            of_publishers(&mut binds)
                .map(|of| format!(" AND {of}"))
                .unwrap_or_default()
        ));
    }
    sql.push(')');
    (sql, binds)
}

/// The ledger's order: newest year first (lines without a year last), the
/// most declared first, then in catalogue order.
fn order(of: &str) -> String {
    format!("COALESCE({of}.year, 0) DESC, {of}.entries DESC, {of}.dataset_row")
}

/// A ledger line with the number of lines in all.
#[derive(QueryableByName)]
struct Counted {
    #[diesel(embed)]
    line: LedgerLine,
    #[diesel(sql_type = BigInt)]
    total: i64,
}

/// The query of the ledger's lines (one page of them, or all), each with
/// the number of lines in all, after the common table expressions `with`.
fn lines_sql(with: &str, page: Option<PageRequest>) -> String {
    let limit = page
        .map(|p| format!(" LIMIT {} OFFSET {}", p.per_page, p.offset()))
        .unwrap_or_default();
    format!(
        "{with}, page AS (SELECT l.*, COUNT(*) OVER () AS total FROM lines l \
           ORDER BY {}{limit}) \
         SELECT d.id AS dataset_row, d.source_id AS source_id, d.title AS title, \
           d.publisher AS publisher, p.year AS year, p.entries AS entries, \
           p.depth_sum AS depth_sum, p.finalists AS finalists, p.winners AS winners, \
           r.request_id AS request_id, p.total AS total \
         FROM page p JOIN datasets d ON d.id = p.dataset_row \
         LEFT JOIN released r ON r.source_id = d.source_id \
         ORDER BY {}",
        order("l"),
        order("p")
    )
}

/// Every line of the ledger for `f`, in its order, each given to `each` as
/// it is read (a download: the lines are never all in memory at once).
pub fn each_line<E: From<diesel::result::Error>>(
    conn: &mut DbConn,
    f: &LedgerFilter,
    mut each: impl FnMut(LedgerLine) -> Result<(), E>,
) -> Result<(), E> {
    if f.publishers.as_ref().is_some_and(Vec::is_empty) {
        return Ok(());
    }
    let (with, binds) = ledger_sql(is_postgres(conn), f);
    let mut q = diesel::sql_query(lines_sql(&with, None)).into_boxed();
    for b in &binds {
        q = q.bind::<Text, _>(b.clone());
    }
    for row in q.load_iter::<Counted, diesel::connection::DefaultLoadingMode>(conn)? {
        each(row?.line)?;
    }
    Ok(())
}

/// The ledger's lines for `f` in its order (see [`order`]), one page of
/// them or all (for a download), and how many lines there are in all. One
/// query: the lines are grouped once, counted in the same pass, and only
/// the page's lines are joined to their datasets.
pub fn ledger(
    conn: &mut DbConn,
    f: &LedgerFilter,
    page: Option<PageRequest>,
) -> QueryResult<(Vec<LedgerLine>, i64)> {
    if f.publishers.as_ref().is_some_and(Vec::is_empty) {
        return Ok((Vec::new(), 0));
    }
    let (with, binds) = ledger_sql(is_postgres(conn), f);
    let mut q = diesel::sql_query(lines_sql(&with, page)).into_boxed();
    for b in &binds {
        q = q.bind::<Text, _>(b.clone());
    }
    let rows: Vec<Counted> = q.load(conn)?;
    let total = match rows.first() {
        Some(r) => r.total,
        // A page past the end: count the lines on their own.
        None if page.is_some_and(|p| p.page > 1) => {
            #[derive(QueryableByName)]
            struct Count {
                #[diesel(sql_type = BigInt)]
                n: i64,
            }
            let mut q =
                diesel::sql_query(format!("{with} SELECT COUNT(*) AS n FROM lines")).into_boxed();
            for b in binds {
                q = q.bind::<Text, _>(b);
            }
            let counted: Vec<Count> = q.load(conn)?;
            counted.first().map_or(0, |c| c.n)
        }
        None => 0,
    };
    Ok((rows.into_iter().map(|r| r.line).collect(), total))
}

/// The years of the contests, newest first (the ledger's year filter).
pub fn contest_years(conn: &mut DbConn) -> QueryResult<Vec<i32>> {
    contests::table
        .select(contests::year)
        .distinct()
        .order(contests::year.desc())
        .load(conn)
}
