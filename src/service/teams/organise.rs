//! The organisers' side of teams: the filtered list and its export, one
//! team's page with its members' proofs, checks of enrolment proofs and
//! hand-typed schools, and deadline extensions for one team.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::json;

use super::{facts_of, history, TeamBundle, TeamPage};
use crate::db::DbConn;
use crate::domain::team;
use crate::domain::text::{self, Kind};
use crate::domain::timeline::{check_extension, Deadlines, ExtensionForm};
use crate::domain::FieldErrors;
use crate::service::gates::teams as gate;
use crate::service::{audit, now, Error, Person, Portal, Result};
use crate::store::{self, contests::Contest, contests::Track, teams::Member, teams::Team};
use crate::store::{PageRequest, Paged};

/// What the organisers' team list is filtered by ("yes"/"no"/"" for the flags).
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct TeamFilter {
    pub track: String,
    pub q: String,
    pub school: String,
    pub cross_school: String,
    pub cross_department: String,
    pub rules: String,
    pub proof: String,
    pub withdrawn: String,
    pub page: Option<i64>,
}

/// One team as the organisers' list and export see it.
pub struct TeamRow {
    pub team: Team,
    pub track_ids: Vec<i32>,
    pub members: Vec<Member>,
    pub cross_school: bool,
    pub cross_department: bool,
    /// Every chosen track's rules are met (and there is a track).
    pub rules_met: bool,
    /// A chosen track needs enrolment proofs and a student's is missing.
    pub proof_missing: bool,
    /// A member's school was typed by hand and is not confirmed yet.
    pub flagged_school: bool,
}

impl TeamRow {
    /// The members in `role`'s list (former students with the students).
    pub fn people(&self, advisors: bool) -> Vec<&Member> {
        self.members
            .iter()
            .filter(|m| m.role.listed_as_student() != advisors)
            .collect()
    }

    /// The schools of its students, each once, in name order.
    pub fn schools(&self) -> Vec<String> {
        let mut s: Vec<String> = self
            .members
            .iter()
            .filter(|m| m.role == team::MemberRole::Student)
            .filter_map(|m| m.school_name.clone())
            .collect();
        s.sort();
        s.dedup();
        s
    }
}

/// The contest and its tracks, with the filter as it will be applied.
pub struct TeamListHead {
    pub contest: Contest,
    pub tracks: Vec<Track>,
    /// Teams that have not withdrawn, whatever the filter.
    pub total_teams: i64,
    /// What was wrong with the search words (then they are left out).
    pub errors: FieldErrors,
}

/// One page of the organisers' list.
pub struct TeamList {
    pub head: TeamListHead,
    pub page: Paged<TeamRow>,
}

/// A part of the organisers' export, and where the next part starts.
pub struct TeamChunk {
    pub rows: Vec<TeamRow>,
    /// The last team looked at, when there may be more.
    pub next: Option<i32>,
}

/// The filter with refused words left out (and why), in the form the store
/// filters by (the flags the members decide as stored by `flags`).
struct Checked {
    store: store::teams::ListFilter,
    errors: FieldErrors,
}

impl Checked {
    fn of(mut f: TeamFilter) -> Checked {
        let mut errors = FieldErrors::default();
        for (field, value) in [("q", &mut f.q), ("school", &mut f.school)] {
            if let Some(m) = text::refusal(value, Kind::Line) {
                errors.push(field, m);
                value.clear();
            }
        }
        let store = store::teams::ListFilter {
            track: f.track.parse().ok(),
            words: team::normalise(&f.q),
            school: team::normalise(&f.school),
            withdrawn: f.withdrawn == "yes",
            rules_met: yes_no(&f.rules),
            proof_missing: yes_no(&f.proof),
            cross_school: yes_no(&f.cross_school),
            cross_department: yes_no(&f.cross_department),
        };
        Checked { store, errors }
    }
}

/// A flag filter's value: "yes", "no", or anything else for either.
fn yes_no(filter: &str) -> Option<bool> {
    match filter {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// A team as the list shows it: the team rules of its tracks
/// (`domain::team`) applied to its members.
fn row_of(team: Team, members: Vec<Member>, track_ids: Vec<i32>, tracks: &[Track]) -> TeamRow {
    let chosen: Vec<&Track> = tracks
        .iter()
        .filter(|tr| track_ids.contains(&tr.id))
        .collect();
    let facts = facts_of(&members, track_ids.len());
    TeamRow {
        rules_met: !chosen.is_empty()
            && chosen
                .iter()
                .all(|tr| team::all_met(&team::check(&tr.rules(), &facts))),
        proof_missing: chosen.iter().any(|tr| tr.proof_required)
            && facts.students.iter().any(|s| !s.proof_ok),
        cross_school: team::is_cross_school(&facts.students),
        cross_department: team::is_cross_department(&facts.students),
        flagged_school: members.iter().any(Member::school_flagged),
        members,
        track_ids,
        team,
    }
}

/// The rows of these teams, their members and tracks read in two queries
/// and grouped by team.
pub(super) fn rows_of(
    conn: &mut DbConn,
    teams: Vec<Team>,
    tracks: &[Track],
) -> Result<Vec<TeamRow>> {
    let ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let mut members = group(store::teams::members(conn, &ids)?, |m| m.team_id);
    let mut links = group(store::teams::track_ids(conn, &ids)?, |l| l.0);
    Ok(teams
        .into_iter()
        .map(|t| {
            let m = members.remove(&t.id).unwrap_or_default();
            let l = links.remove(&t.id).unwrap_or_default();
            row_of(t, m, l.into_iter().map(|(_, tr)| tr).collect(), tracks)
        })
        .collect())
}

fn group<T>(items: Vec<T>, key: impl Fn(&T) -> i32) -> HashMap<i32, Vec<T>> {
    let mut by: HashMap<i32, Vec<T>> = HashMap::new();
    for i in items {
        by.entry(key(&i)).or_default().push(i);
    }
    by
}

fn head(conn: &mut DbConn, contest_id: i32, errors: FieldErrors) -> Result<TeamListHead> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    Ok(TeamListHead {
        tracks: store::contests::tracks_of(conn, contest_id)?,
        total_teams: store::teams::active_count(conn, contest_id)?,
        contest,
        errors,
    })
}

/// The organisers' list of a contest's teams, 25 a page, filtered, counted
/// and paged in the database (the members' flags as `flags` stores them).
pub fn organiser_list(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    f: TeamFilter,
) -> Result<TeamList> {
    gate::organiser(who)?;
    let page = PageRequest::new(f.page, 25);
    let c = Checked::of(f);
    p.read(|conn| {
        let head = head(conn, contest_id, c.errors.clone())?;
        let total = store::teams::count_listed(conn, contest_id, &c.store)?;
        let teams =
            store::teams::page_listed(conn, contest_id, &c.store, page.offset(), page.per_page)?;
        Ok(TeamList {
            page: Paged {
                items: rows_of(conn, teams, &head.tracks)?,
                total,
                page: page.page,
                per_page: page.per_page,
            },
            head,
        })
    })
}

/// How many teams the export reads at a time.
const CHUNK: i64 = 500;

/// The contest and its tracks for the export (whose rows come a part at a
/// time from [`organiser_csv_part`]).
pub fn organiser_csv(p: &Portal, who: &Person, contest_id: i32) -> Result<TeamListHead> {
    gate::organiser(who)?;
    p.read(|conn| head(conn, contest_id, FieldErrors::default()))
}

/// The teams the filter lets through among the next few hundred registered
/// after team `after`, for the export.
pub fn organiser_csv_part(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    f: TeamFilter,
    after: i32,
) -> Result<TeamChunk> {
    gate::organiser(who)?;
    let c = Checked::of(f);
    p.read(|conn| {
        let tracks = store::contests::tracks_of(conn, contest_id)?;
        let teams = store::teams::listed_after(conn, contest_id, &c.store, after, CHUNK)?;
        let next = (teams.len() as i64 == CHUNK)
            .then(|| teams.last().map(|t| t.id))
            .flatten();
        Ok(TeamChunk {
            rows: rows_of(conn, teams, &tracks)?,
            next,
        })
    })
}

/// A team's organiser page: the team page with its history, and each
/// member's enrolment proof file.
pub struct OrganiserTeam {
    pub page: TeamPage,
    pub proof_files: HashMap<i32, i32>,
}

pub fn organiser_page(p: &Portal, who: &Person, team_id: i32) -> Result<OrganiserTeam> {
    gate::organiser(who)?;
    p.read(|conn| {
        let bundle = TeamBundle::load(conn, team_id)?;
        let ids: Vec<i32> = bundle.members.iter().map(|m| m.user_id).collect();
        let proof_files = store::profiles::find_many(conn, &ids)?
            .into_iter()
            .filter_map(|r| r.proof_file_id.map(|f| (r.user_id, f)))
            .collect();
        Ok(OrganiserTeam {
            page: TeamPage {
                open: bundle.registration_open(now()),
                events: store::teams::events(conn, team_id)?,
                viewer: who.id,
                bundle,
                sharing: Vec::new(),
            },
            proof_files,
        })
    })
}

/// An organiser's verdict on an enrolment proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofVerdict {
    Verified,
    Rejected,
}

impl ProofVerdict {
    pub fn parse(s: &str) -> Option<ProofVerdict> {
        match s {
            "verified" => Some(ProofVerdict::Verified),
            "rejected" => Some(ProofVerdict::Rejected),
            _ => None,
        }
    }

    fn stored(self) -> &'static str {
        match self {
            ProofVerdict::Verified => store::profiles::PROOF_VERIFIED,
            ProofVerdict::Rejected => store::profiles::PROOF_REJECTED,
        }
    }
}

/// Accepts or rejects the enrolment proof of `user_id`, a member of
/// `team_id` (checks happen from the team's page); audited.
pub fn review_proof(
    p: &Portal,
    who: &Person,
    team_id: i32,
    user_id: i32,
    verdict: ProofVerdict,
) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let b = TeamBundle::load(conn, team_id)?;
        gate::member_of(&b, user_id)?;
        if !store::profiles::check_proof(conn, user_id, verdict.stored(), who.id, now())? {
            return Err(Error::NotFound);
        }
        super::flags::refresh_for_user(conn, user_id)?;
        audit(
            conn,
            who,
            "profile.proof_check",
            "user",
            user_id,
            json!({ "status": verdict.stored(), "team_id": team_id }),
        )
    })
}

/// Confirms the hand-typed school of `user_id`, a member of `team_id`; audited.
pub fn confirm_school(p: &Portal, who: &Person, team_id: i32, user_id: i32) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let b = TeamBundle::load(conn, team_id)?;
        gate::member_of(&b, user_id)?;
        if !store::profiles::mark_school_checked(conn, user_id)? {
            return Err(Error::NotFound);
        }
        audit(
            conn,
            who,
            "profile.school_check",
            "user",
            user_id,
            json!({ "team_id": team_id }),
        )
    })
}

/// Extends a deadline for one team, with the reason in its history and the
/// audit log.
pub fn extend_for_team(p: &Portal, who: &Person, team_id: i32, form: &ExtensionForm) -> Result<()> {
    gate::organiser(who)?;
    p.transaction(|conn| {
        let b = TeamBundle::load(conn, team_id)?;
        let e = form.parse()?;
        let current = Deadlines {
            registration: b.registration_deadline(),
            submission: b.submission_deadline(),
        };
        check_extension(&e, current, &b.contest.timeline())?;
        let at = now();
        store::teams::add_extension(
            conn,
            team_id,
            e.deadline.as_str(),
            e.until,
            &e.reason,
            who.id,
            at,
        )?;
        let details = json!({ "deadline": e.deadline, "until": e.until, "reason": e.reason });
        history(conn, team_id, who.id, "team.extension", details.clone(), at)?;
        audit(conn, who, "team.extend_deadline", "team", team_id, details)
    })
}
