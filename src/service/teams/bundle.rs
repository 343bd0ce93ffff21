//! A team as its pages and rules see it: the team, its contest and tracks,
//! members and deadline extensions, loaded in a few queries.

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::domain::team::{self, MemberFacts, MemberRole, RuleCheck, SchoolKey, TeamFacts};
use crate::domain::timeline::{effective_deadline, registration_open, Deadline};
use crate::service::{Error, Result};
use crate::store::{self, contests::Contest, contests::Track, teams::Member, teams::Team};

/// A team with everything its pages and rules need, loaded in a few queries.
pub struct TeamBundle {
    pub team: Team,
    pub contest: Contest,
    pub all_tracks: Vec<Track>,
    pub track_ids: Vec<i32>,
    pub members: Vec<Member>,
    pub extensions: Vec<store::teams::Extension>,
}

impl TeamBundle {
    pub fn load(conn: &mut DbConn, team_id: i32) -> Result<TeamBundle> {
        let team = store::teams::find(conn, team_id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, team.contest_id)?.ok_or(Error::NotFound)?;
        let all_tracks = store::contests::tracks_of(conn, contest.id)?;
        let track_ids = store::teams::track_ids(conn, &[team_id])?
            .into_iter()
            .map(|(_, t)| t)
            .collect();
        let members = store::teams::members(conn, &[team_id])?;
        let extensions = store::teams::extensions(conn, &[team_id])?;
        Ok(TeamBundle {
            team,
            contest,
            all_tracks,
            track_ids,
            members,
            extensions,
        })
    }

    pub fn tracks(&self) -> Vec<&Track> {
        self.all_tracks
            .iter()
            .filter(|t| self.track_ids.contains(&t.id))
            .collect()
    }

    /// The stored name of `user_id`'s role in the team ("student" …).
    pub fn role_of(&self, user_id: i32) -> Option<&str> {
        self.member_role(user_id).map(MemberRole::as_str)
    }

    /// What `user_id` is in the team, if anything.
    pub fn member_role(&self, user_id: i32) -> Option<MemberRole> {
        self.members
            .iter()
            .find(|m| m.user_id == user_id)
            .map(|m| m.role)
    }

    /// When registration closes for this team: the contest's date, moved by
    /// its tracks' extensions and its own.
    pub fn registration_deadline(&self) -> Option<NaiveDateTime> {
        let track_ext = self.tracks().into_iter().map(|t| t.registration_closes_at);
        let team_ext = self
            .extensions
            .iter()
            .filter(|e| e.deadline == Deadline::Registration)
            .map(|e| Some(e.until_at));
        effective_deadline(
            self.contest.registration_closes_at,
            track_ext.chain(team_ext),
        )
    }

    /// When entries are due for this team: the latest of its tracks'
    /// submission deadlines, each moved by the team's own extensions.
    pub fn submission_deadline(&self) -> Option<NaiveDateTime> {
        let team_ext: Vec<NaiveDateTime> = self
            .extensions
            .iter()
            .filter(|e| e.deadline == Deadline::Submission)
            .map(|e| e.until_at)
            .collect();
        self.tracks()
            .into_iter()
            .filter_map(|t| {
                crate::domain::entry::submission_deadline(
                    self.contest.submission_deadline_at,
                    t.submission_deadline_at,
                    team_ext.iter().copied(),
                )
            })
            .max()
            .or(self.contest.submission_deadline_at)
    }

    pub fn registration_open(&self, at: NaiveDateTime) -> bool {
        !self.team.withdrawn
            && registration_open(
                self.contest.registration_opens_at,
                self.registration_deadline(),
                at,
            )
    }

    pub fn facts(&self) -> TeamFacts {
        facts_of(&self.members, self.track_ids.len())
    }

    /// Its students are from two or more schools.
    pub fn cross_school(&self) -> bool {
        team::is_cross_school(&self.facts().students)
    }

    /// Its students are from two or more departments.
    pub fn cross_department(&self) -> bool {
        team::is_cross_department(&self.facts().students)
    }

    /// Each chosen track's rules, checked against the team.
    pub fn rule_checks(&self) -> Vec<(&Track, Vec<RuleCheck>)> {
        let facts = self.facts();
        self.tracks()
            .into_iter()
            .map(|t| (t, team::check(&t.rules(), &facts)))
            .collect()
    }
}

pub fn facts_of(members: &[Member], track_count: usize) -> TeamFacts {
    let fact = |m: &Member| MemberFacts {
        school: SchoolKey::new(
            m.school_code.as_deref(),
            m.school_name.as_deref().unwrap_or(""),
        ),
        department: m.department.clone().unwrap_or_default(),
        proof_ok: m.proof_ok(),
    };
    TeamFacts {
        students: members
            .iter()
            .filter(|m| m.role == MemberRole::Student)
            .map(fact)
            .collect(),
        advisors: members
            .iter()
            .filter(|m| m.role == MemberRole::Advisor)
            .map(fact)
            .collect(),
        track_count,
    }
}
