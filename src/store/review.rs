//! Where each entry stands in the eligibility review, decided in SQL: the
//! rule of `domain::eligibility::ReviewState::of` (with the team's deadline of
//! `domain::entry::submission_deadline`) as one `CASE`, so that the queue
//! counts and pages, and the summary counts, in the database instead of
//! reading every entry of a track. `tests/review_states.rs` holds it to the
//! rule in Rust after random changes, on both databases.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};

use crate::db::{is_postgres, DbConn};
use crate::domain::eligibility::ReviewState;
use crate::domain::entry::Status;
use crate::store::contests::{Contest, Track};

super::text_column!(ReviewStateColumn, ReviewState);

/// Which entries of the review a query reads, and when.
pub struct Scope<'a> {
    pub contest: &'a Contest,
    /// The tracks read (those of the contest asked for).
    pub tracks: &'a [Track],
    pub at: NaiveDateTime,
}

impl Scope<'_> {
    /// Tracks whose own deadline (the contest's, or the track's later one)
    /// has not passed: each of their entries may still change.
    fn open_tracks(&self) -> Vec<i32> {
        let Some(contest) = self.contest.submission_deadline_at else {
            return Vec::new();
        };
        self.tracks
            .iter()
            .filter(|t| self.at < contest || t.submission_deadline_at.is_some_and(|d| self.at < d))
            .map(|t| t.id)
            .collect()
    }

    /// `FROM …` the submitted entries of the scope's tracks whose teams have
    /// not withdrawn (`e`, team `t`, current decision `d`), and the state of
    /// each as `state`, with the two bound timestamps it needs.
    fn sql(&self, conn: &DbConn) -> (String, String) {
        let pg = is_postgres(conn);
        let ph = |n: usize| if pg { format!("${n}") } else { "?".into() };
        let tracks = ids(self.tracks.iter().map(|t| t.id));
        // No contest deadline: no team's deadline either, nobody still open.
        let has_deadline = if self.contest.submission_deadline_at.is_some() {
            "TRUE"
        } else {
            "FALSE"
        };
        let open = self.open_tracks();
        let whole_track = if open.is_empty() {
            String::new()
        } else {
            format!("e.track_id IN ({}) OR ", ids(open.into_iter()))
        };
        let state = format!(
            "CASE \
               WHEN {has_deadline} AND ({whole_track}EXISTS (SELECT 1 FROM team_extensions x \
                 WHERE x.team_id = e.team_id AND x.deadline = 'submission' AND x.until_at > {at1})) \
                 THEN 'still-open' \
               WHEN d.id IS NULL THEN 'undecided' \
               WHEN e.submitted_version > d.entry_version THEN 'resubmitted' \
               WHEN d.needs_confirmation = TRUE AND d.confirmed_by IS NULL \
                 THEN 'awaiting-confirmation' \
               WHEN d.outcome = 'revision' AND d.revision_due_at <= {at2} THEN 'revision-expired' \
               ELSE d.outcome END",
            at1 = ph(1),
            at2 = ph(2),
        );
        let from = format!(
            "FROM entries e JOIN teams t ON t.id = e.team_id \
             LEFT JOIN eligibility_decisions d ON d.entry_id = e.id AND d.is_current = TRUE \
             WHERE e.track_id IN ({tracks}) AND e.status = '{submitted}' AND t.withdrawn = FALSE",
            submitted = Status::Submitted.as_str(),
        );
        (from, state)
    }
}

/// A list of ids for `IN (…)` (never empty: no id is 0).
fn ids(ids: impl Iterator<Item = i32>) -> String {
    let list: Vec<String> = ids.map(|i| i.to_string()).collect();
    if list.is_empty() {
        "0".into()
    } else {
        list.join(", ")
    }
}

/// `IN (…)` over state names (the domain's, never typed by anyone).
fn states_sql(states: &[ReviewState]) -> String {
    let names: Vec<String> = states.iter().map(|s| format!("'{}'", s.as_str())).collect();
    if names.is_empty() {
        "''".into()
    } else {
        names.join(", ")
    }
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = Integer)]
    track_id: i32,
    #[diesel(sql_type = Text)]
    state: ReviewState,
    #[diesel(sql_type = Integer)]
    consulted: i32,
    #[diesel(sql_type = Nullable<Text>)]
    reasons: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Entries of the scope counted in one grouped pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub track_id: i32,
    pub state: ReviewState,
    /// Their consult was answered.
    pub consulted: bool,
    /// The failed entries' reason codes as stored (`None` for other states).
    pub failed_for: Option<String>,
    pub n: i64,
}

/// How many entries of the scope stand in each state, per track, whether
/// their consult was answered, and (for those standing failed) the reasons
/// of their decision as stored, in one grouped pass.
pub fn counts(conn: &mut DbConn, s: &Scope) -> QueryResult<Vec<Count>> {
    let (from, state) = s.sql(conn);
    let rows: Vec<Counted> = diesel::sql_query(format!(
        "SELECT q.track_id AS track_id, q.state AS state, q.consulted AS consulted, \
           CASE WHEN q.state = '{fail}' THEN q.reasons END AS reasons, COUNT(*) AS n \
         FROM (SELECT e.track_id AS track_id, d.reasons AS reasons, {state} AS state, \
             CASE WHEN EXISTS (SELECT 1 FROM consults c \
               WHERE c.entry_id = e.id AND c.answered_at IS NOT NULL) THEN 1 ELSE 0 END \
               AS consulted \
           {from}) q \
         GROUP BY q.track_id, q.state, q.consulted, CASE WHEN q.state = '{fail}' THEN q.reasons END",
        fail = ReviewState::Fail.as_str(),
    ))
    .bind::<Timestamp, _>(s.at)
    .bind::<Timestamp, _>(s.at)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Count {
            track_id: r.track_id,
            state: r.state,
            consulted: r.consulted != 0,
            failed_for: r.reasons,
            n: r.n,
        })
        .collect())
}

/// One entry of the review with where it stands.
#[derive(Debug, Clone, QueryableByName)]
pub struct Line {
    #[diesel(sql_type = Integer)]
    pub id: i32,
    #[diesel(sql_type = Integer)]
    pub track_id: i32,
    #[diesel(sql_type = Text)]
    pub team: String,
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = Text)]
    pub state: ReviewState,
    /// The current decision's reason codes as stored (none undecided).
    #[diesel(sql_type = Nullable<Text>)]
    pub reasons: Option<String>,
}

/// The scope's entries standing in one of `states` (all when `None`), in
/// id order, `limit` of them from `offset` (all when `None`).
pub fn lines(
    conn: &mut DbConn,
    s: &Scope,
    states: Option<&[ReviewState]>,
    page: Option<(i64, i64)>,
) -> QueryResult<Vec<Line>> {
    let (from, state) = s.sql(conn);
    let wanted = match states {
        Some(list) => format!("WHERE q.state IN ({})", states_sql(list)),
        None => String::new(),
    };
    let page = match page {
        Some((offset, limit)) => format!(" LIMIT {} OFFSET {}", limit.max(0), offset.max(0)),
        None => String::new(),
    };
    diesel::sql_query(format!(
        "SELECT q.id AS id, q.track_id AS track_id, q.team AS team, q.title AS title, \
           q.state AS state, q.reasons AS reasons \
         FROM (SELECT e.id AS id, e.track_id AS track_id, t.name AS team, e.title AS title, \
             d.reasons AS reasons, {state} AS state {from}) q \
         {wanted} ORDER BY q.id{page}"
    ))
    .bind::<Timestamp, _>(s.at)
    .bind::<Timestamp, _>(s.at)
    .load(conn)
}

/// Where an entry of the review stands, with its version: what the
/// queue's "pre-check failing" filter reads of every entry.
#[derive(Debug, Clone, QueryableByName)]
pub struct EntryState {
    #[diesel(sql_type = Integer)]
    pub id: i32,
    #[diesel(sql_type = Integer)]
    pub version: i32,
    #[diesel(sql_type = Text)]
    pub state: ReviewState,
}

/// Every entry of the scope with where it stands, in id order.
pub fn entry_states(conn: &mut DbConn, s: &Scope) -> QueryResult<Vec<EntryState>> {
    let (from, state) = s.sql(conn);
    diesel::sql_query(format!(
        "SELECT q.id AS id, q.version AS version, q.state AS state \
         FROM (SELECT e.id AS id, e.version AS version, {state} AS state {from}) q \
         ORDER BY q.id"
    ))
    .bind::<Timestamp, _>(s.at)
    .bind::<Timestamp, _>(s.at)
    .load(conn)
}

/// The first moment after `at` when an entry may change where it stands
/// with nothing written: a team's submission extension running out, or a
/// revision falling due (of any contest: an earlier moment than needed only
/// means an earlier count). The deadlines of contests and tracks are the
/// caller's to add.
pub fn next_change_after(
    conn: &mut DbConn,
    at: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    use crate::db::schema::{eligibility_decisions as d, team_extensions as x};
    use diesel::dsl::min;
    let extension: Option<NaiveDateTime> = x::table
        .filter(x::deadline.eq(crate::domain::timeline::Deadline::Submission.as_str()))
        .filter(x::until_at.gt(at))
        .select(min(x::until_at))
        .first(conn)?;
    let revision: Option<NaiveDateTime> = d::table
        .filter(d::is_current.eq(true))
        .filter(d::outcome.eq(crate::domain::eligibility::Outcome::Revision.as_str()))
        .filter(d::revision_due_at.gt(at))
        .select(min(d::revision_due_at))
        .first(conn)?;
    Ok(extension.into_iter().chain(revision).min())
}
