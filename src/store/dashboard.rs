//! A contest's dashboard counted in grouped SQL: a few rows per track,
//! school, outcome, dataset, theme or judge, never a row per team member.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Text};

use crate::db::schema::teams;
use crate::db::DbConn;
use crate::store::scores::SUBMITTED;
use crate::store::teams::STUDENT;

/// When each team of contest `contest_id` still in it registered.
pub fn registered_at(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<NaiveDateTime>> {
    teams::table
        .filter(teams::contest_id.eq(contest_id))
        .filter(teams::withdrawn.eq(false))
        .select(teams::created_at)
        .load(conn)
}

/// The students of the teams of contest `contest_id` still in it, with
/// their profiles' school and department (a student without a profile has
/// neither).
fn students(contest_id: i32) -> String {
    format!(
        "SELECT tm.team_id AS team_id, p.school_name AS school, p.department AS department \
         FROM team_members tm \
         JOIN teams t ON t.id = tm.team_id \
         LEFT JOIN profiles p ON p.user_id = tm.user_id \
         WHERE tm.contest_id = {contest_id} AND tm.member_role = '{STUDENT}' \
           AND t.withdrawn = FALSE"
    )
}

#[derive(QueryableByName)]
struct Crossing {
    #[diesel(sql_type = BigInt)]
    schools: i64,
    #[diesel(sql_type = BigInt)]
    departments: i64,
}

/// Teams of contest `contest_id` whose students study at more than one
/// school (blank school names left out), and those whose students are in
/// more than one department (a (school, department) pair each, so the same
/// department name at two schools counts as two), in one grouped pass:
/// `domain::dashboard::TeamSchools` in SQL. The pair is joined with a unit
/// separator, a character no stored name may hold.
pub fn crossing(conn: &mut DbConn, contest_id: i32) -> QueryResult<(i64, i64)> {
    let rows: Vec<Crossing> = diesel::sql_query(format!(
        "SELECT COALESCE(SUM(CASE WHEN x.schools > 1 THEN 1 ELSE 0 END), 0) AS schools, \
           COALESCE(SUM(CASE WHEN x.departments > 1 THEN 1 ELSE 0 END), 0) AS departments \
         FROM (SELECT s.team_id, \
             COUNT(DISTINCT CASE WHEN TRIM(s.school) <> '' THEN s.school END) AS schools, \
             COUNT(DISTINCT s.school || '\u{1f}' || s.department) AS departments \
           FROM ({}) s GROUP BY s.team_id) x",
        students(contest_id)
    ))
    .load(conn)?;
    Ok(rows.first().map_or((0, 0), |r| (r.schools, r.departments)))
}

#[derive(QueryableByName)]
struct Named {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Text compared byte by byte in `ORDER BY`, as Rust orders strings (the
/// `domain::dashboard::rank_counts` order), on either database.
fn bytewise(conn: &DbConn) -> &'static str {
    if crate::db::is_postgres(conn) {
        " COLLATE \"C\""
    } else {
        ""
    }
}

/// The `top` schools (not blank) with the most teams of contest
/// `contest_id` still in it that have a student there, with those counts,
/// most first, then by name.
pub fn schools(conn: &mut DbConn, contest_id: i32, top: i64) -> QueryResult<Vec<(String, i64)>> {
    let c = bytewise(conn);
    let rows: Vec<Named> = diesel::sql_query(format!(
        "SELECT s.school AS name, COUNT(DISTINCT s.team_id) AS n FROM ({}) s \
         WHERE TRIM(s.school) <> '' GROUP BY s.school ORDER BY n DESC, s.school{c} LIMIT {top}",
        students(contest_id)
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.name, r.n)).collect())
}

#[derive(QueryableByName)]
struct PerTrack {
    #[diesel(sql_type = Integer)]
    track_id: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    m: i64,
}

/// Per track: the teams of contest `contest_id` still in it that chose it.
pub fn teams_per_track(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<(i32, i64)>> {
    let rows: Vec<PerTrack> = diesel::sql_query(format!(
        "SELECT tt.track_id AS track_id, COUNT(*) AS n, CAST(0 AS BIGINT) AS m FROM team_tracks tt \
         JOIN teams t ON t.id = tt.team_id \
         WHERE t.contest_id = {contest_id} AND t.withdrawn = FALSE GROUP BY tt.track_id"
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.track_id, r.n)).collect())
}

/// Per track: the entries of contest `contest_id` (withdrawn teams' too),
/// and how many of them are submitted.
pub fn entries_per_track(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<(i32, i64, i64)>> {
    let rows: Vec<PerTrack> = diesel::sql_query(format!(
        "SELECT track_id, COUNT(*) AS n, \
           SUM(CASE WHEN submitted_at IS NOT NULL THEN 1 ELSE 0 END) AS m \
         FROM entries WHERE contest_id = {contest_id} GROUP BY track_id"
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.track_id, r.n, r.m)).collect())
}

#[derive(QueryableByName)]
struct Outcome {
    #[diesel(sql_type = Text)]
    outcome: String,
    #[diesel(sql_type = Text)]
    reasons: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The current eligibility decisions on the submitted entries of contest
/// `contest_id`: (outcome, reasons as stored, how many decisions say so).
pub fn outcomes(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<(String, String, i64)>> {
    let rows: Vec<Outcome> = diesel::sql_query(format!(
        "SELECT d.outcome AS outcome, d.reasons AS reasons, COUNT(*) AS n \
         FROM eligibility_decisions d JOIN entries e ON e.id = d.entry_id \
         WHERE e.contest_id = {contest_id} AND e.submitted_at IS NOT NULL \
           AND d.is_current = TRUE \
         GROUP BY d.outcome, d.reasons"
    ))
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.outcome, r.reasons, r.n))
        .collect())
}

/// The datasets declared by the submitted entries of contest `contest_id`,
/// joined as `d`, with `ed` the declaration and `e` the entry.
fn declared(contest_id: i32) -> String {
    format!(
        "FROM entry_datasets ed \
         JOIN datasets d ON d.id = ed.dataset_id \
         JOIN entries e ON e.id = ed.entry_id \
         WHERE e.contest_id = {contest_id} AND e.submitted_at IS NOT NULL"
    )
}

#[derive(QueryableByName)]
struct Used {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = BigInt)]
    sets: i64,
    #[diesel(sql_type = BigInt)]
    entries: i64,
}

/// The `top` datasets declared by the most submitted entries of contest
/// `contest_id`: (dataset id, title, entries declaring it), most first, then
/// by id and title. Counted per declared dataset before any title is read.
pub fn datasets(
    conn: &mut DbConn,
    contest_id: i32,
    top: i64,
) -> QueryResult<Vec<(String, String, i64)>> {
    let c = bytewise(conn);
    let rows: Vec<Used> = diesel::sql_query(format!(
        "SELECT d.source_id AS key, d.title AS title, CAST(1 AS BIGINT) AS sets, \
           x.entries AS entries \
         FROM (SELECT ed.dataset_id AS dataset_id, COUNT(DISTINCT ed.entry_id) AS entries \
           FROM entry_datasets ed JOIN entries e ON e.id = ed.entry_id \
           WHERE e.contest_id = {contest_id} AND e.submitted_at IS NOT NULL \
           GROUP BY ed.dataset_id) x \
         JOIN datasets d ON d.id = x.dataset_id \
         ORDER BY x.entries DESC, d.source_id{c}, d.title{c} LIMIT {top}"
    ))
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.key, r.title, r.entries))
        .collect())
}

/// Each publisher of a dataset declared by a submitted entry of contest
/// `contest_id`: (publisher, its datasets declared, entries declaring one).
pub fn publishers(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<(String, i64, i64)>> {
    let rows: Vec<Used> = diesel::sql_query(format!(
        "SELECT d.publisher AS key, '' AS title, COUNT(DISTINCT d.source_id) AS sets, \
           COUNT(DISTINCT ed.entry_id) AS entries {} GROUP BY d.publisher",
        declared(contest_id)
    ))
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.key, r.sets, r.entries))
        .collect())
}

/// Each high-application-value theme (as stored) of a dataset declared by
/// a submitted entry of contest `contest_id`: (theme, its datasets
/// declared, entries declaring one).
pub fn themes(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<(String, i64, i64)>> {
    let rows: Vec<Used> = diesel::sql_query(format!(
        "SELECT th.theme AS key, '' AS title, COUNT(DISTINCT d.source_id) AS sets, \
           COUNT(DISTINCT ed.entry_id) AS entries \
         FROM entry_datasets ed \
         JOIN datasets d ON d.id = ed.dataset_id \
         JOIN entries e ON e.id = ed.entry_id \
         JOIN dataset_themes th ON th.dataset_id = d.id \
         WHERE e.contest_id = {contest_id} AND e.submitted_at IS NOT NULL \
         GROUP BY th.theme"
    ))
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.key, r.sets, r.entries))
        .collect())
}

#[derive(QueryableByName)]
struct Judged {
    #[diesel(sql_type = Text)]
    round: String,
    #[diesel(sql_type = Integer)]
    user_id: i32,
    #[diesel(sql_type = BigInt)]
    assigned: i64,
    #[diesel(sql_type = BigInt)]
    submitted: i64,
}

/// Per round and judge, the entries of contest `contest_id` assigned to
/// them and how many of those they have submitted a score for.
pub fn judging(conn: &mut DbConn, contest_id: i32) -> QueryResult<Vec<(String, i32, i64, i64)>> {
    let submitted = SUBMITTED.as_str();
    let rows: Vec<Judged> = diesel::sql_query(format!(
        "SELECT a.round AS round, a.user_id AS user_id, COUNT(*) AS assigned, \
           COUNT(s.id) AS submitted \
         FROM judge_assignments a JOIN entries e ON e.id = a.entry_id \
         LEFT JOIN scores s ON s.entry_id = a.entry_id AND s.user_id = a.user_id \
           AND s.round = a.round AND s.status = '{submitted}' \
         WHERE e.contest_id = {contest_id} \
         GROUP BY a.round, a.user_id"
    ))
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.round, r.user_id, r.assigned, r.submitted))
        .collect())
}

/// The dashboard's change counter: raised by triggers on every write to a
/// table the dashboard counts (migration `2026-12-02-000500`), on every
/// replica's writes alike.
pub fn generation(conn: &mut DbConn) -> QueryResult<i64> {
    use crate::db::schema::dashboard_changes as dc;
    dc::table
        .filter(dc::id.eq(1))
        .select(dc::generation)
        .first(conn)
}

/// The stored snapshot of contest `contest_id`'s dashboard in `lang`, if
/// it was counted at `generation` of the counter.
pub fn snapshot(
    conn: &mut DbConn,
    contest_id: i32,
    lang: &str,
    generation: i64,
) -> QueryResult<Option<String>> {
    use crate::db::schema::dashboard_snapshots as ds;
    ds::table
        .filter(ds::contest_id.eq(contest_id))
        .filter(ds::lang.eq(lang))
        .filter(ds::generation.eq(generation))
        .select(ds::figures)
        .first(conn)
        .optional()
}

/// Stores a snapshot counted at `generation`, over an older one or one of
/// the same count (never over a newer one another replica stored meanwhile). One statement, so it
/// needs no transaction of its own.
pub fn store_snapshot(
    conn: &mut DbConn,
    contest_id: i32,
    lang: &str,
    generation: i64,
    figures: &str,
    made_at: NaiveDateTime,
) -> QueryResult<()> {
    use diesel::sql_types::Timestamp;
    // The `WHERE` of an upsert is written out: diesel's builder has none.
    let sql = |p: [&str; 5]| {
        format!(
            "INSERT INTO dashboard_snapshots (contest_id, lang, generation, figures, made_at) \
             VALUES ({}, {}, {}, {}, {}) ON CONFLICT (contest_id, lang) DO UPDATE SET \
             generation = excluded.generation, figures = excluded.figures, \
             made_at = excluded.made_at \
             WHERE dashboard_snapshots.generation <= excluded.generation",
            p[0], p[1], p[2], p[3], p[4]
        )
    };
    macro_rules! upsert {
        ($c:expr, $sql:expr) => {
            diesel::sql_query($sql)
                .bind::<Integer, _>(contest_id)
                .bind::<Text, _>(lang)
                .bind::<BigInt, _>(generation)
                .bind::<Text, _>(figures)
                .bind::<Timestamp, _>(made_at)
                .execute($c)
        };
    }
    match conn {
        DbConn::Sqlite(c) => upsert!(c, sql(["?"; 5]))?,
        DbConn::Postgres(c) => upsert!(c, sql(["$1", "$2", "$3", "$4", "$5"]))?,
    };
    Ok(())
}
