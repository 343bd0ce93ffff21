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
pub use summary::{summary, Summary, SummaryLine, Totals, TrackSummary};

use chrono::NaiveDateTime;
use serde_json::json;

use crate::db::DbConn;
use crate::domain::eligibility::{Outcome, ReviewState};
use crate::domain::entry::Status;
use crate::i18n::Lang;
use crate::service::entries::{of_entries, team_deadline};
use crate::service::{mail, Error, Portal, Result};
use crate::store::teams::{Member, Team};
use crate::store::{self, contests::Contest, contests::Track, entries::Entry};

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

/// The submitted entries of a track whose teams have not withdrawn, each
/// with its team's name, where it stands and its pre-check.
fn queue_rows(
    conn: &mut DbConn,
    contest: &Contest,
    track: &Track,
    at: NaiveDateTime,
) -> Result<Vec<QueueRow>> {
    let teams = store::teams::of_contest(conn, contest.id)?;
    let entries: Vec<Entry> = store::entries::of_contest(conn, contest.id, Some(track.id))?
        .into_iter()
        .filter(|e| e.status == Status::Submitted)
        .filter(|e| teams.iter().any(|t| t.id == e.team_id && !t.withdrawn))
        .collect();
    let ids: Vec<i32> = entries.iter().map(|e| e.id).collect();
    let decisions = store::eligibility::current_many(conn, &ids)?;
    let team_ids: Vec<i32> = entries.iter().map(|e| e.team_id).collect();
    let extensions = store::teams::extensions(conn, &team_ids)?;
    let checks = of_entries(conn, std::slice::from_ref(track), &entries)?;
    Ok(entries
        .into_iter()
        .zip(checks)
        .map(|(e, precheck)| {
            let decision = decisions.iter().find(|d| d.entry_id == e.id).cloned();
            let deadline = team_deadline(
                contest.submission_deadline_at,
                track,
                &extensions,
                e.team_id,
            );
            let state = ReviewState::of(
                decision.as_ref().map(|d| d.current()).as_ref(),
                e.submitted_version,
                still_open(deadline, at),
                at,
            );
            QueueRow {
                team: teams
                    .iter()
                    .find(|t| t.id == e.team_id)
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
                state,
                precheck,
                decision,
                entry: e,
            }
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
