//! Joining a team by its invite link: students by the member link, faculty
//! by the advisor link, while registration is open for the team, into a free
//! seat, and a student into one team per contest.

use serde_json::json;

use super::register::person_kind;
use super::{history, take, tell_captain, unique_means, Joining, TeamBundle, TeamPage};
use crate::domain::team::{self, MemberFacts, MemberRole, SchoolKey, TrackRules};
use crate::service::gates::teams as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store;

/// An invitation as its page shows it: the team, its tracks, who invites
/// (the captain) and the role it invites to.
pub struct Invitation {
    pub page: TeamPage,
    pub role: MemberRole,
    pub captain: String,
}

/// What the invite link `token` offers `who` (or someone not signed in
/// yet, who signs up or in from it); an unknown link is not found, an
/// expired one refused, and a member is sent to the team.
pub fn invitation(p: &Portal, who: Option<&Person>, token: &str) -> Result<Joining<Invitation>> {
    p.read(|conn| {
        let (team, role) = store::teams::find_by_token(conn, token)?.ok_or(Error::NotFound)?;
        let bundle = TeamBundle::load(conn, team.id)?;
        gate::invitation_open(&bundle, now())?;
        let viewer = who.map(|w| w.id).unwrap_or(0);
        if bundle.member_role(viewer).is_some() {
            return Ok(Joining::InTeam(team.id));
        }
        let captain = bundle
            .members
            .iter()
            .find(|m| m.user_id == bundle.team.captain_id)
            .map(|m| m.display_name.clone())
            .unwrap_or_default();
        Ok(Joining::Ready(Invitation {
            page: TeamPage {
                bundle,
                viewer,
                open: true,
                events: Vec::new(),
                sharing: Vec::new(),
            },
            role,
            captain,
        }))
    })
}

/// Joins the team of invite link `token`; returns the team's id. Two joins
/// for the last seat at once: one takes it, the other is told (409); a
/// student joining two teams at once is in one of them.
pub fn join(p: &Portal, who: &Person, token: &str) -> Result<Joining<i32>> {
    p.transaction(|conn| {
        let at = now();
        let (team, role) = store::teams::find_by_token(conn, token)?.ok_or(Error::NotFound)?;
        let b = TeamBundle::load(conn, team.id)?;
        gate::invitation_open(&b, at)?;
        if b.member_role(who.id).is_some() {
            return Ok(Joining::InTeam(team.id));
        }
        let Some(profile) = store::profiles::find(conn, who.id)? else {
            return Ok(Joining::NeedsProfile);
        };
        team::invite_fits(role, person_kind(&profile.kind)?).map_err(Error::Refused)?;
        let held = match role {
            MemberRole::Student => {
                store::teams::student_team(conn, team.contest_id, who.id)?.is_some() as usize
            }
            _ => 0,
        };
        team::one_team_per_contest(role, held).map_err(Error::Refused)?;
        let rules: Vec<TrackRules> = b.tracks().iter().map(|t| t.rules()).collect();
        let newcomer = MemberFacts {
            school: SchoolKey::new(profile.school_code.as_deref(), &profile.school_name),
            department: profile.department.clone(),
            proof_ok: profile.proof_ok(),
        };
        team::seat_for(role, &rules, &b.facts(), newcomer).map_err(Error::Refused)?;
        // The seat counted above is still free only if nobody joined since.
        take(conn, &b, at)?;
        store::teams::add_member(conn, &b.team, who.id, role, at)
            .map_err(|e| unique_means(e, Error::Stale("error-already-in-team")))?;
        super::flags::refresh(conn, &[team.id])?;
        let action = match role {
            MemberRole::Advisor => "team.advisor_join",
            _ => "team.join",
        };
        history(conn, team.id, who.id, action, json!({}), at)?;
        tell_captain(conn, p, &b, who.id, role, true, at)?;
        Ok(Joining::Ready(team.id))
    })
}
