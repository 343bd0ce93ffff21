//! The organisers' judging board of a track and round, read a page at a
//! time: the entries judged in the round (those that passed the eligibility
//! review; in the finals, those advanced) counted and paged in SQL, each
//! judge's load and submitted scores counted in grouped SQL, and only the
//! team members who may conflict with a judge of the panel.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text};

use crate::db::{is_postgres, DbConn};
use crate::domain::eligibility::Outcome;
use crate::domain::entry::Status;
use crate::domain::judging::Round;
use crate::store::judges::ConflictNote;
use crate::store::scores::SUBMITTED;
use crate::store::teams::FORMER_STUDENT;

/// `SELECT e.id, e.team_id` of the entries judged in `round` of track
/// `track_id`: submitted, the team still in, the current decision a pass
/// (in the finals: and among the track's finalists). The rule of
/// `service::judging::Board::load`, in SQL.
fn in_round(track_id: i32, round: Round) -> String {
    let finals = if round == Round::Finals {
        format!(" AND e.id IN (SELECT f.entry_id FROM finalists f WHERE f.track_id = {track_id})")
    } else {
        String::new()
    };
    format!(
        "SELECT e.id AS id, e.team_id AS team_id FROM entries e \
         JOIN teams t ON t.id = e.team_id \
         JOIN eligibility_decisions d ON d.entry_id = e.id AND d.is_current = TRUE \
         WHERE e.track_id = {track_id} AND e.status = '{submitted}' AND t.withdrawn = FALSE \
           AND d.outcome = '{pass}'{finals}",
        submitted = Status::Submitted.as_str(),
        pass = Outcome::Pass.as_str(),
    )
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many entries are judged in the round.
pub fn count(conn: &mut DbConn, track_id: i32, round: Round) -> QueryResult<i64> {
    let rows: Vec<Count> = diesel::sql_query(format!(
        "SELECT COUNT(*) AS n FROM ({}) r",
        in_round(track_id, round)
    ))
    .load(conn)?;
    Ok(rows.first().map_or(0, |r| r.n))
}

#[derive(QueryableByName)]
struct Pair {
    #[diesel(sql_type = Integer)]
    id: i32,
    #[diesel(sql_type = Integer)]
    team_id: i32,
}

/// The round's entries in id order, `limit` of them from `offset` (all of
/// them when `None`), as (entry, team).
pub fn entry_ids(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    page: Option<(i64, i64)>,
) -> QueryResult<Vec<(i32, i32)>> {
    let page = match page {
        Some((offset, limit)) => format!(" LIMIT {} OFFSET {}", limit.max(0), offset.max(0)),
        None => String::new(),
    };
    let rows: Vec<Pair> =
        diesel::sql_query(format!("{} ORDER BY e.id{page}", in_round(track_id, round)))
            .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.id, r.team_id)).collect())
}

/// The round's entries of these teams, as (entry, team).
pub fn entries_of_teams(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    team_ids: &[i32],
) -> QueryResult<Vec<(i32, i32)>> {
    if team_ids.is_empty() {
        return Ok(Vec::new());
    }
    let teams: Vec<String> = team_ids.iter().map(|t| t.to_string()).collect();
    let rows: Vec<Pair> = diesel::sql_query(format!(
        "{} AND e.team_id IN ({}) ORDER BY e.id",
        in_round(track_id, round),
        teams.join(", ")
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.id, r.team_id)).collect())
}

#[derive(QueryableByName)]
struct PerJudge {
    #[diesel(sql_type = Integer)]
    user_id: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = BigInt)]
    m: i64,
}

/// Per judge: how many of the round's entries they are given, and for how
/// many of those they submitted a score, as (judge, given, submitted), in
/// one grouped pass over the round's assignments.
pub fn progress(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
) -> QueryResult<Vec<(i32, i64, i64)>> {
    let rows: Vec<PerJudge> = diesel::sql_query(format!(
        "SELECT a.user_id AS user_id, COUNT(*) AS n, \
           COALESCE(SUM(CASE WHEN s.id IS NOT NULL THEN 1 ELSE 0 END), 0) AS m \
         FROM judge_assignments a \
         LEFT JOIN scores s ON s.entry_id = a.entry_id AND s.user_id = a.user_id \
           AND s.round = a.round AND s.status = '{submitted}' \
         WHERE a.round = '{round}' AND a.entry_id IN (SELECT r.id FROM ({}) r) \
         GROUP BY a.user_id",
        in_round(track_id, round),
        round = round.as_str(),
        submitted = SUBMITTED.as_str(),
    ))
    .load(conn)?;
    Ok(rows.into_iter().map(|r| (r.user_id, r.n, r.m)).collect())
}

/// A team member as conflict detection sees them.
#[derive(Debug, Clone, QueryableByName)]
pub struct Candidate {
    #[diesel(sql_type = Integer)]
    pub team_id: i32,
    #[diesel(sql_type = Integer)]
    pub user_id: i32,
    #[diesel(sql_type = Text)]
    pub email: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub school_code: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub school_name: Option<String>,
}

/// What a judge may share with a member: the school codes of the panel,
/// whether a judge typed a school name (no code), and the institutional
/// mail domains of the panel.
#[derive(Debug, Clone, Default)]
pub struct Sought {
    pub codes: Vec<String>,
    pub typed: bool,
    pub domains: Vec<String>,
}

/// The members (not former students) of the round's teams who may share a
/// school or a mail domain with a judge: a member with one of the `codes`,
/// any member without a code but with a school name when a judge `typed`
/// one, and any member whose address contains one of the `domains`. A
/// superset of the conflicts (the domain's rule decides them over it),
/// usually a few rows rather than every member of the track.
pub fn candidates(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    sought: &Sought,
) -> QueryResult<Vec<Candidate>> {
    let pg = is_postgres(conn);
    let mut binds: Vec<String> = Vec::new();
    let mut ph = |value: String| {
        binds.push(value);
        if pg {
            format!("${}", binds.len())
        } else {
            "?".to_string()
        }
    };
    let mut any = Vec::new();
    if !sought.codes.is_empty() {
        let list: Vec<String> = sought.codes.iter().map(|c| ph(c.clone())).collect();
        any.push(format!("p.school_code IN ({})", list.join(", ")));
    }
    if sought.typed {
        any.push("((p.school_code IS NULL OR p.school_code = '') AND p.school_name <> '')".into());
    }
    for d in &sought.domains {
        let p = ph(super::contains_pattern(d));
        any.push(format!("LOWER(u.email) LIKE {p} ESCAPE '\\'"));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT tm.team_id AS team_id, tm.user_id AS user_id, u.email AS email, \
           p.school_code AS school_code, p.school_name AS school_name \
         FROM team_members tm JOIN users u ON u.id = tm.user_id \
         LEFT JOIN profiles p ON p.user_id = tm.user_id \
         WHERE tm.member_role <> '{FORMER_STUDENT}' \
           AND tm.team_id IN (SELECT r.team_id FROM ({}) r) AND ({}) \
         ORDER BY tm.team_id, tm.id",
        in_round(track_id, round),
        any.join(" OR ")
    );
    let mut q = diesel::sql_query(sql).into_boxed();
    for b in binds {
        q = q.bind::<Text, _>(b);
    }
    q.load(conn)
}

/// The stored notes of these judges, about any team: a judge has a few, and
/// the caller keeps those about the round's teams (matching the round's
/// entries by team), so the round is not worked out here again.
pub fn notes(conn: &mut DbConn, judges: &[i32]) -> QueryResult<Vec<ConflictNote>> {
    use crate::db::schema::judge_conflict_notes as n;
    if judges.is_empty() {
        return Ok(Vec::new());
    }
    n::table
        .filter(n::user_id.eq_any(judges))
        .order(n::id)
        .select(ConflictNote::as_select())
        .load(conn)
}
