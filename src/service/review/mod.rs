//! The eligibility review (資格審查): the reviewers' overview and queue per
//! track, one entry's review page with its proposal, decisions (a
//! reviewer's, or an organiser's change with its reason), the second
//! reviewer's confirmation, the organisers' summary, and the reason codes.

mod decide;
mod page;
mod queue;
mod reasons;
mod summary;

pub use decide::{confirm_second, decide, Decided, DecisionForm};
pub use page::{page, proposal, Review};
pub use queue::{overview, queue, Queue, QueueRow, TrackLine};
pub use reasons::{add_reason, reasons, set_reason_active, ReasonForm};
pub(crate) use summary::summary_of;
pub use summary::{summary, summary_with_lines, Summary, SummaryLine, Totals, TrackSummary};

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use serde_json::json;

use crate::db::DbConn;
use crate::domain::eligibility::{Outcome, ReviewState};
use crate::i18n::Lang;
use crate::service::entries::{kept_prechecks, team_deadline, Prechecked};
use crate::service::{mail, Error, Portal, Result};
use crate::store::eligibility::DecisionRow;
use crate::store::teams::{Member, Team};
use crate::store::{self, contests::Contest, contests::Track, entries::Entry, review};

/// One entry under review with its track, contest and team.
struct Context {
    entry: Entry,
    track: Track,
    contest: Contest,
    team: Team,
    /// The team's members, who may not review it.
    members: Vec<Member>,
    /// The team's own extension still runs: the entry may still change.
    still_open: bool,
}

impl Context {
    fn member_ids(&self) -> Vec<i32> {
        self.members.iter().map(|m| m.user_id).collect()
    }
}

fn context(conn: &mut DbConn, entry_id: i32, at: NaiveDateTime) -> Result<Context> {
    let entry = store::entries::find_by_id(conn, entry_id)?.ok_or(Error::NotFound)?;
    let track = store::contests::find_track(conn, entry.track_id)?.ok_or(Error::NotFound)?;
    let contest = store::contests::find(conn, entry.contest_id)?.ok_or(Error::NotFound)?;
    let team = store::teams::find(conn, entry.team_id)?.ok_or(Error::NotFound)?;
    let members = store::teams::members(conn, &[team.id])?;
    let extensions = store::teams::extensions(conn, &[team.id])?;
    let deadline = team_deadline(contest.submission_deadline_at, &track, &extensions, team.id);
    Ok(Context {
        still_open: still_open(deadline, at),
        entry,
        track,
        contest,
        team,
        members,
    })
}

/// Whether a team's entry may still change at `at` although its track's
/// review is open: its own extension runs (`deadline` is the team's).
fn still_open(deadline: Option<NaiveDateTime>, at: NaiveDateTime) -> bool {
    deadline.is_some_and(|d| at < d)
}

/// An entry in a track's review and where it stands (without its pre-check).
pub(crate) struct Standing {
    pub id: i32,
    pub decision: Option<DecisionRow>,
    pub state: ReviewState,
}

/// Where the entries of some of a contest's tracks stand, counted at `from`
/// (`store::review::counts`) and so until `until` (the next deadline,
/// extension or revision due), or until something counted is written.
#[derive(Debug)]
pub struct StateCounts {
    pub counts: Vec<review::Count>,
    span: Span,
}

/// How long where a scope's entries stand, found at `from`, holds with
/// nothing written: until `until`, the first moment after `from` when an
/// entry may change where it stands (a deadline of its contest or tracks,
/// a team's extension running out or a revision falling due).
#[derive(Debug, Clone, Copy)]
struct Span {
    from: NaiveDateTime,
    until: Option<NaiveDateTime>,
}

impl Span {
    /// The span of the scope from its `at`.
    fn of(conn: &mut DbConn, s: &review::Scope) -> Result<Span> {
        let deadlines = s
            .contest
            .submission_deadline_at
            .into_iter()
            .chain(s.tracks.iter().filter_map(|t| t.submission_deadline_at))
            .filter(|d| *d > s.at);
        Ok(Span {
            from: s.at,
            until: deadlines
                .chain(review::next_change_after(conn, s.at)?)
                .min(),
        })
    }

    /// Whether what was found holds at `at`.
    fn holds_at(&self, at: NaiveDateTime) -> bool {
        self.from <= at && self.until.is_none_or(|until| at < until)
    }
}

/// The counts of `store::review::counts` for these tracks of contest
/// `contest_id` at `at`, as this replica kept them (`Portal::review_counts`;
/// triggers raise the dashboard's counter on every write they count) or
/// counted afresh.
pub(crate) fn state_counts(
    p: &Portal,
    conn: &mut DbConn,
    contest_id: i32,
    track_ids: &[i32],
    at: NaiveDateTime,
) -> Result<Arc<StateCounts>> {
    let key = (contest_id, track_ids.to_vec());
    p.review_counts.current_while(
        conn,
        key,
        |c| c.span.holds_at(at),
        |conn| {
            // Read here, after the counter, as everything counted must be.
            let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
            let tracks: Vec<Track> = store::contests::tracks_of(conn, contest_id)?
                .into_iter()
                .filter(|t| track_ids.contains(&t.id))
                .collect();
            let scope = review::Scope {
                contest: &contest,
                tracks: &tracks,
                at,
            };
            let counts = review::counts(conn, &scope)?;
            Ok(StateCounts {
                counts,
                span: Span::of(conn, &scope)?,
            })
        },
    )
}

/// The entries of a track's review whose pre-check fails, each with where
/// it stands, in id order: they hold over `span`, or until something they
/// are found from is written.
#[derive(Debug)]
pub struct FailingEntries {
    pub lines: Vec<(i32, ReviewState)>,
    span: Span,
}

/// The entries of track `track_id` (of contest `contest_id`) shown under
/// the queue's "pre-check failing" filter at `at`, as this replica kept
/// them (`Portal::precheck_failing`) or found afresh: where every entry of
/// the track stands, and whether each passed its pre-check (itself kept per
/// entry and version). The list holds no versions: a submitted entry's new
/// version moves the counter (migration `2026-12-06-000100`).
pub(crate) fn failing_entries(
    p: &Portal,
    conn: &mut DbConn,
    contest_id: i32,
    track_id: i32,
    at: NaiveDateTime,
) -> Result<Arc<FailingEntries>> {
    p.precheck_failing.current_while(
        conn,
        track_id,
        |f| f.span.holds_at(at),
        |conn| {
            // Read here, after the counter, as everything found must be.
            let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
            let track = store::contests::find_track(conn, track_id)?
                .filter(|t| t.contest_id == contest_id)
                .ok_or(Error::NotFound)?;
            let scope = one_track(&contest, &track, at);
            let all = review::entry_states(conn, &scope)?;
            let versions: Vec<(i32, i32)> = all.iter().map(|l| (l.id, l.version)).collect();
            let passed = crate::service::entries::prechecks_passed_by_version(
                p,
                conn,
                std::slice::from_ref(&track),
                &versions,
            )?;
            let lines = all
                .iter()
                .zip(passed)
                .filter(|(l, ok)| l.state.shown_under(PRECHECK_FAILING, *ok))
                .map(|(l, _)| (l.id, l.state))
                .collect();
            Ok(FailingEntries {
                lines,
                span: Span::of(conn, &scope)?,
            })
        },
    )
}

/// The queue's filter that needs every entry's pre-check.
pub(crate) const PRECHECK_FAILING: &str = "precheck-failing";

/// The scope of `store::review` for one track of `contest` at `at`.
fn one_track<'a>(contest: &'a Contest, track: &'a Track, at: NaiveDateTime) -> review::Scope<'a> {
    review::Scope {
        contest,
        tracks: std::slice::from_ref(track),
        at,
    }
}

/// These entries of the review (where each stands, decided in the
/// database: `store::review`) with their current decisions, read for
/// these entries only.
fn standings_of(conn: &mut DbConn, lines: Vec<(i32, ReviewState)>) -> Result<Vec<Standing>> {
    let ids: Vec<i32> = lines.iter().map(|l| l.0).collect();
    let mut decisions: HashMap<i32, DecisionRow> = store::eligibility::current_many(conn, &ids)?
        .into_iter()
        .map(|d| (d.entry_id, d))
        .collect();
    Ok(lines
        .into_iter()
        .map(|(id, state)| Standing {
            id,
            decision: decisions.remove(&id),
            state,
        })
        .collect())
}

/// These entries of `track` with their team's name and pre-check (read
/// for these entries only, grouped by key).
fn rows_for(
    p: &Portal,
    conn: &mut DbConn,
    track: &Track,
    standings: Vec<Standing>,
) -> Result<Vec<QueueRow>> {
    let ids: Vec<i32> = standings.iter().map(|s| s.id).collect();
    let entries = store::entries::find_many(conn, &ids)?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let names: HashMap<i32, String> = store::teams::names(conn, &team_ids)?.into_iter().collect();
    let checks = kept_prechecks(p, conn, std::slice::from_ref(track), &entries)?;
    let mut found: HashMap<i32, (Entry, Arc<Prechecked>)> = entries
        .into_iter()
        .zip(checks)
        .map(|(e, c)| (e.id, (e, c)))
        .collect();
    Ok(standings
        .into_iter()
        .filter_map(|s| {
            let (entry, precheck) = found.remove(&s.id)?;
            Some(QueueRow {
                team: names.get(&entry.team_id).cloned().unwrap_or_default(),
                state: s.state,
                precheck,
                decision: s.decision,
                entry,
            })
        })
        .collect())
}

/// Tells the team its result, each member in their own language, in the
/// caller's transaction.
fn notify_team(
    conn: &mut DbConn,
    p: &Portal,
    entry: &Entry,
    outcome: Outcome,
    at: NaiveDateTime,
) -> Result<()> {
    let members = store::teams::members(conn, &[entry.team_id])?;
    let path = format!("/teams/{}/entries/{}", entry.team_id, entry.track_id);
    let link = p.config.absolute_url(&path);
    for m in members
        .iter()
        .filter(|m| m.role != store::teams::FORMER_STUDENT)
    {
        let locale = store::users::find(conn, m.user_id)?
            .map(|u| u.locale)
            .unwrap_or_default();
        let lang = Lang::from_code(&locale).unwrap_or_default();
        mail::notify(
            conn,
            p,
            &m.email,
            lang,
            "eligibility-result",
            "emails/eligibility",
            "mail-eligibility-subject",
            json!({
                "name": m.display_name, "title": entry.title, "link": link,
                "outcome": mail::message(format!("outcome-{}", outcome.as_str())),
            }),
            &path,
            at,
        )?;
    }
    store::teams::record_event(
        conn,
        entry.team_id,
        None,
        "entry.eligibility",
        json!({ "outcome": outcome.as_str() }),
        at,
    )?;
    Ok(())
}
