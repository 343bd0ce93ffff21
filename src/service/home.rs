//! A signed-in person's own work, first on the home page: one block per
//! role they hold (a student's next step and its deadline, an advisor's
//! entries awaiting endorsement, a reviewer's queue per track, a judge's
//! scored n of m, a unit's requests waiting, due soon and overdue, an
//! organiser's requests to route, overdue answers, judges behind and
//! results ready to publish).

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::domain::data_request::State;
use crate::domain::entry::submission_deadline;
use crate::domain::finder::team_full;
use crate::domain::home::{due_soon, invitation_first, student_step, EntryStanding, StudentStep};
use crate::domain::judging::{Round, ScoreStatus};
use crate::domain::role::Role;
use crate::domain::team::MemberRole;
use crate::domain::timeline::Deadline;
use crate::service::{now, today, Person, Portal, Result};
use crate::store::contests::{Contest, Track};
use crate::store::requests::Filter;
use crate::store::{self, PageRequest};

/// A student's next step, with where to take it and by when.
pub struct StudentBlock {
    pub step: StudentStep,
    pub link: String,
    pub deadline: Option<NaiveDateTime>,
    /// The teammate finder, for a student with a profile whose team is not
    /// full (or who has none) while registration is open.
    pub finder: Option<String>,
}

/// A team an advisor advises, with its entries they have not endorsed.
pub struct AdvisedTeam {
    pub team_id: i32,
    pub name: String,
    /// (track, entry title) of entries awaiting this advisor's endorsement.
    pub awaiting: Vec<(Track, String)>,
}

/// A judge's progress in one track and round.
pub struct JudgeBlock {
    pub track: Track,
    pub scored: usize,
    pub assigned: usize,
    pub due: Option<NaiveDateTime>,
}

pub struct UnitBlock {
    pub waiting: i64,
    pub due_soon: usize,
    pub overdue: i64,
}

pub struct OrganiserBlock {
    pub to_route: i64,
    pub overdue: i64,
    pub judges_behind: i64,
    /// Tracks with awards saved and results not yet published.
    pub ready: Vec<Track>,
}

/// Everything a person's home shows of their own work.
#[derive(Default)]
pub struct Work {
    pub student: Option<StudentBlock>,
    pub advisor: Vec<AdvisedTeam>,
    /// Entries waiting for an eligibility decision, per track.
    pub reviewer: Option<Vec<(Track, usize)>>,
    /// A judge's progress per track and round (empty: nothing assigned yet).
    pub judge: Option<Vec<JudgeBlock>>,
    pub unit: Option<UnitBlock>,
    pub organiser: Option<OrganiserBlock>,
}

/// Whether a person is staff only (no student block for them).
fn staff(who: &Person) -> bool {
    [
        Role::Reviewer,
        Role::Judge,
        Role::UnitReviewer,
        Role::Organiser,
        Role::Admin,
    ]
    .iter()
    .any(|r| who.has(*r))
}

/// The person's own work in the current contest (`current`).
pub(crate) fn work(
    p: &Portal,
    conn: &mut DbConn,
    who: &Person,
    current: Option<&(Contest, Vec<Track>)>,
) -> Result<Work> {
    let mut w = Work::default();
    let mine = store::teams::teams_of_user(conn, who.id)?;
    let advises: Vec<_> = mine
        .iter()
        .filter(|(t, r)| *r == MemberRole::Advisor && !t.withdrawn)
        .map(|(t, _)| t.clone())
        .collect();
    let profile = store::profiles::find(conn, who.id)?;
    let is_student = profile.as_ref().is_some_and(|p| p.kind == "student")
        || mine.iter().any(|(_, r)| *r == MemberRole::Student);
    // The contest's counts, read once for the reviewer's and organiser's blocks.
    let counts = match current {
        Some((contest, _)) if who.has(Role::Reviewer) || who.organises() => {
            Some(ContestCounts::current(p, conn, contest.id)?)
        }
        _ => None,
    };
    if let Some((contest, tracks)) = current {
        if is_student || (profile.is_none() && advises.is_empty() && !staff(who)) {
            let team = mine
                .iter()
                .find(|(t, r)| {
                    *r == MemberRole::Student && t.contest_id == contest.id && !t.withdrawn
                })
                .map(|(t, _)| t);
            let mut block = student(conn, team, profile.is_some(), contest, tracks)?;
            // issue 17: an invitation to the winners' sharing session waits.
            let waiting = crate::service::sharing::waiting_for(conn, who.id, today())?;
            let step = invitation_first(block.step, waiting.is_some());
            if let (StudentStep::Sharing, Some((team, invitation))) = (step, waiting) {
                block.step = step;
                block.link = crate::service::sharing::invitation_path(team, invitation);
                block.deadline = None;
            }
            w.student = Some(block);
        }
        for team in advises.iter().filter(|t| t.contest_id == contest.id) {
            w.advisor.push(advised(conn, who, team, tracks)?);
        }
        if let Some(counts) = &counts {
            w.reviewer = Some(review_queue(counts, tracks));
        }
    }
    if who.has(Role::Judge) || store::judges::invited(conn, who.id)? {
        w.judge = Some(judging(p, conn, who.id)?);
    }
    let units = who.units();
    if !units.is_empty() {
        w.unit = Some(unit(conn, &units)?);
    }
    if who.organises() {
        let judges_behind = counts.as_ref().map_or(0, |c| c.judges_behind);
        w.organiser = Some(organiser(conn, current, judges_behind)?);
    }
    Ok(w)
}

/// The next step of a student whose team in `contest` is `team`, if any.
fn student(
    conn: &mut DbConn,
    team: Option<&store::teams::Team>,
    has_profile: bool,
    contest: &Contest,
    tracks: &[Track],
) -> Result<StudentBlock> {
    let registration = contest.timeline_for(tracks).registration_closes;
    let open = !crate::service::contests::open_now(contest, tracks, now()).is_empty();
    let finder = format!("/contests/{}/finder", contest.year);
    let Some(team) = team else {
        let (step, _) = student_step(has_profile, false, &[]);
        let link = match step {
            StudentStep::Profile => "/profile".to_string(),
            _ => format!("/contests/{}", contest.year),
        };
        return Ok(StudentBlock {
            step,
            link,
            deadline: registration,
            finder: (has_profile && open).then_some(finder),
        });
    };
    // The team's tracks with where its entry in each stands, in one query.
    let rows = store::entries::standings_of_team(conn, team.id)?;
    let mut standings = Vec::new();
    let mut theirs = Vec::new();
    let mut revision_due = None;
    for track in tracks {
        let Some((_, status, outcome, due)) = rows.iter().find(|r| r.0 == track.id) else {
            continue;
        };
        let standing = EntryStanding::of(*status, track.results_published_at.is_some(), *outcome);
        if standing == EntryStanding::Revision && revision_due.is_none() {
            revision_due = *due;
        }
        standings.push(standing);
        theirs.push(track);
    }
    // Whether the team has room is asked only while registration is open.
    let full = !open
        || team_full(
            theirs.iter().map(|t| t.max_students),
            store::teams::student_count(conn, team.id)? as usize,
        );
    let (step, about) = student_step(has_profile, true, &standings);
    let (link, deadline) = match (step, about.map(|i| theirs[i])) {
        (StudentStep::Profile, _) => ("/profile".to_string(), None),
        (StudentStep::Entry | StudentStep::Submit, Some(t)) => {
            // The team's own extensions are read only when the step has a
            // submission deadline to show.
            let extensions: Vec<NaiveDateTime> = store::teams::extensions(conn, &[team.id])?
                .into_iter()
                .filter(|e| e.deadline == Deadline::Submission)
                .map(|e| e.until_at)
                .collect();
            (
                format!("/teams/{}/entries/{}", team.id, t.id),
                submission_deadline(
                    contest.submission_deadline_at,
                    t.submission_deadline_at,
                    extensions,
                ),
            )
        }
        (StudentStep::Revise, Some(t)) => {
            (format!("/teams/{}/entries/{}", team.id, t.id), revision_due)
        }
        (_, Some(t)) => (format!("/teams/{}/entries/{}", team.id, t.id), None),
        (_, None) => (format!("/teams/{}", team.id), None),
    };
    Ok(StudentBlock {
        step,
        link,
        deadline,
        finder: (open && !full).then_some(finder),
    })
}

fn advised(
    conn: &mut DbConn,
    who: &Person,
    team: &store::teams::Team,
    tracks: &[Track],
) -> Result<AdvisedTeam> {
    let mut waiting = store::entries::not_endorsed_by(conn, team.id, who.id)?;
    let mut awaiting = Vec::new();
    for track in tracks {
        if let Some(i) = waiting.iter().position(|(t, _)| *t == track.id) {
            awaiting.push((track.clone(), waiting.swap_remove(i).1));
        }
    }
    Ok(AdvisedTeam {
        team_id: team.id,
        name: team.name.clone(),
        awaiting,
    })
}

/// Submitted entries without a decision, per track (counted in the
/// database).
/// What the reviewers' and organisers' homes count over a whole contest,
/// kept per replica in `Portal::contest_counts` while nothing it counts
/// changes (triggers raise the dashboard's counter on every write to it).
#[derive(Debug, PartialEq, Eq)]
pub struct ContestCounts {
    /// Track → submitted entries of teams still in with no current decision.
    pub undecided: BTreeMap<i32, i64>,
    /// Judges with an assigned entry they have not submitted a score for.
    pub judges_behind: i64,
}

impl ContestCounts {
    /// Contest `contest_id`'s counts as of now, kept or counted afresh.
    pub fn current(p: &Portal, conn: &mut DbConn, contest_id: i32) -> Result<Arc<ContestCounts>> {
        p.contest_counts
            .current(conn, contest_id, |c| ContestCounts::count(c, contest_id))
    }

    /// Counts them afresh.
    pub fn count(conn: &mut DbConn, contest_id: i32) -> Result<ContestCounts> {
        Ok(ContestCounts {
            undecided: store::eligibility::undecided_per_track(conn, contest_id)?
                .into_iter()
                .collect(),
            judges_behind: store::scores::judges_behind(conn, contest_id)?,
        })
    }
}

fn review_queue(counts: &ContestCounts, tracks: &[Track]) -> Vec<(Track, usize)> {
    tracks
        .iter()
        .map(|t| {
            let waiting = counts.undecided.get(&t.id).copied().unwrap_or(0);
            (t.clone(), waiting as usize)
        })
        .collect()
}

fn judging(p: &Portal, conn: &mut DbConn, me: i32) -> Result<Vec<JudgeBlock>> {
    let mut by_track: BTreeMap<(i32, Round), JudgeBlock> = BTreeMap::new();
    for l in crate::service::judging::judge_lines(p, conn, me)? {
        let b = by_track.entry((l.track.id, l.round)).or_insert(JudgeBlock {
            track: l.track.clone(),
            scored: 0,
            assigned: 0,
            due: l.due,
        });
        b.assigned += 1;
        if l.status == Some(ScoreStatus::Submitted) {
            b.scored += 1;
        }
    }
    Ok(by_track.into_values().collect())
}

fn count(conn: &mut DbConn, f: Filter) -> Result<i64> {
    Ok(store::requests::list(conn, &f, PageRequest::new(Some(1), 1))?.total)
}

fn unit(conn: &mut DbConn, units: &[i32]) -> Result<UnitBlock> {
    let day = today();
    let mut b = UnitBlock {
        waiting: 0,
        due_soon: 0,
        overdue: 0,
    };
    for u in units {
        let routed = Filter {
            unit_id: Some(*u),
            only_states: vec![State::Routed],
            by_due: true,
            ..Default::default()
        };
        let page = store::requests::list(conn, &routed, PageRequest::new(Some(1), 100))?;
        b.waiting += page.total;
        b.due_soon += page
            .items
            .iter()
            .filter(|r| due_soon(r.due_on, day))
            .count();
        b.overdue += count(
            conn,
            Filter {
                unit_id: Some(*u),
                overdue_on: Some(day),
                ..Default::default()
            },
        )?;
    }
    Ok(b)
}

fn organiser(
    conn: &mut DbConn,
    current: Option<&(Contest, Vec<Track>)>,
    judges_behind: i64,
) -> Result<OrganiserBlock> {
    let day = today();
    let to_route = count(
        conn,
        Filter {
            only_states: vec![State::Submitted],
            ..Default::default()
        },
    )?;
    let overdue = count(
        conn,
        Filter {
            overdue_on: Some(day),
            ..Default::default()
        },
    )?;
    let mut ready = Vec::new();
    if let Some((_, tracks)) = current {
        for t in tracks.iter().filter(|t| t.results_published_at.is_none()) {
            if !store::awards::of_track(conn, t.id)?.is_empty() {
                ready.push(t.clone());
            }
        }
    }
    Ok(OrganiserBlock {
        to_route,
        overdue,
        judges_behind,
        ready,
    })
}
