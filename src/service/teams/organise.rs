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

/// A contest's teams as filtered, with its tracks.
pub struct TeamRows {
    pub contest: Contest,
    pub tracks: Vec<Track>,
    pub rows: Vec<TeamRow>,
    /// Teams that have not withdrawn, whatever the filter.
    pub total_teams: usize,
    /// What was wrong with the search words (then they are left out).
    pub errors: FieldErrors,
}

/// One page of the organisers' list.
pub struct TeamList {
    pub rows: TeamRows,
    pub page: Paged<TeamRow>,
}

fn rows(conn: &mut DbConn, contest_id: i32, mut f: TeamFilter) -> Result<TeamRows> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    let tracks = store::contests::tracks_of(conn, contest_id)?;
    let teams = store::teams::of_contest(conn, contest_id)?;
    let ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
    let members = store::teams::members(conn, &ids)?;
    let links = store::teams::track_ids(conn, &ids)?;
    let mut errors = FieldErrors::default();
    for (field, value) in [("q", &mut f.q), ("school", &mut f.school)] {
        if let Some(m) = text::refusal(value, Kind::Line) {
            errors.push(field, m);
            value.clear();
        }
    }
    let all: Vec<TeamRow> = teams
        .into_iter()
        .map(|t| {
            let team_members: Vec<Member> = members
                .iter()
                .filter(|m| m.team_id == t.id)
                .cloned()
                .collect();
            let track_ids: Vec<i32> = links
                .iter()
                .filter(|(tid, _)| *tid == t.id)
                .map(|(_, tr)| *tr)
                .collect();
            let chosen: Vec<&Track> = tracks
                .iter()
                .filter(|tr| track_ids.contains(&tr.id))
                .collect();
            let facts = facts_of(&team_members, track_ids.len());
            TeamRow {
                rules_met: !chosen.is_empty()
                    && chosen
                        .iter()
                        .all(|tr| team::all_met(&team::check(&tr.rules(), &facts))),
                proof_missing: chosen.iter().any(|tr| tr.proof_required)
                    && facts.students.iter().any(|s| !s.proof_ok),
                cross_school: team::is_cross_school(&facts.students),
                cross_department: team::is_cross_department(&facts.students),
                flagged_school: team_members.iter().any(Member::school_flagged),
                members: team_members,
                track_ids,
                team: t,
            }
        })
        .collect();
    let total_teams = all.iter().filter(|r| !r.team.withdrawn).count();
    Ok(TeamRows {
        rows: all.into_iter().filter(|r| wanted(r, &f)).collect(),
        contest,
        tracks,
        total_teams,
        errors,
    })
}

fn yes_no(filter: &str, value: bool) -> bool {
    match filter {
        "yes" => value,
        "no" => !value,
        _ => true,
    }
}

/// Whether a team passes the filter; words match names, e-mail addresses
/// and schools without regard to case and spaces.
fn wanted(r: &TeamRow, f: &TeamFilter) -> bool {
    let q = team::normalise(&f.q);
    let school = team::normalise(&f.school);
    let has =
        |v: Option<&str>, words: &str| v.map(team::normalise).is_some_and(|s| s.contains(words));
    (f.withdrawn == "yes" || !r.team.withdrawn)
        && f.track
            .parse::<i32>()
            .map(|id| r.track_ids.contains(&id))
            .unwrap_or(true)
        && yes_no(&f.cross_school, r.cross_school)
        && yes_no(&f.cross_department, r.cross_department)
        && yes_no(&f.rules, r.rules_met)
        && yes_no(&f.proof, r.proof_missing)
        && (school.is_empty()
            || r.members
                .iter()
                .any(|m| has(m.school_name.as_deref(), &school)))
        && (q.is_empty()
            || team::normalise(&r.team.name).contains(&q)
            || r.members.iter().any(|m| {
                has(Some(m.display_name.as_str()), &q)
                    || has(m.real_name.as_deref(), &q)
                    || m.email.contains(&q)
            }))
}

/// The organisers' list of a contest's teams, 25 a page.
pub fn organiser_list(
    p: &Portal,
    who: &Person,
    contest_id: i32,
    f: TeamFilter,
) -> Result<TeamList> {
    gate::organiser(who)?;
    let page = PageRequest::new(f.page, 25);
    p.read(|conn| {
        let mut rows = rows(conn, contest_id, f)?;
        let total = rows.rows.len() as i64;
        let items: Vec<TeamRow> = rows
            .rows
            .drain(..)
            .skip(page.offset() as usize)
            .take(page.per_page as usize)
            .collect();
        Ok(TeamList {
            rows,
            page: Paged {
                items,
                total,
                page: page.page,
                per_page: page.per_page,
            },
        })
    })
}

/// Every team the filter lets through, for the CSV export.
pub fn organiser_csv(p: &Portal, who: &Person, contest_id: i32, f: TeamFilter) -> Result<TeamRows> {
    gate::organiser(who)?;
    p.read(|conn| rows(conn, contest_id, f))
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
