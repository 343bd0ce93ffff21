//! The captain's changes while registration is open for the team — rename,
//! tracks, removing a member, handing over, withdrawing, new invite links —
//! and a member leaving. Each is one transaction that takes the team's
//! version first, so two changes at once give one result and a 409.

use serde_json::{json, Value as Json};

use super::{distinct, flags, history, take, tell_captain, unique_means, TeamBundle};
use crate::db::DbConn;
use crate::domain::account::Email;
use crate::domain::team::{self, MemberRole, TeamName, TrackRules};
use crate::domain::throttle;
use crate::domain::timeline::open_tracks;
use crate::i18n::{t, track_name, Lang};
use crate::security;
use crate::service::changes::{self, Area};
use crate::service::gates::teams as gate;
use crate::service::{judging, mail, now, Error, Person, Portal, Result};
use crate::store;

/// Runs the captain's `change` on team `team_id` and writes it to the
/// team's history as `action` with the details `change` returns.
fn as_captain(
    p: &Portal,
    who: &Person,
    team_id: i32,
    action: &str,
    change: impl FnOnce(&mut DbConn, &TeamBundle) -> Result<Json>,
) -> Result<()> {
    p.transaction(|conn| {
        let at = now();
        let b = TeamBundle::load(conn, team_id)?;
        gate::captain_while_open(who, &b, at)?;
        take(conn, &b, at)?;
        let details = change(conn, &b)?;
        history(conn, team_id, who.id, action, details, at)
    })
}

/// Renames the team; the name must be free in the contest (409 beside it).
pub fn rename(p: &Portal, who: &Person, team_id: i32, name: &str) -> Result<()> {
    as_captain(p, who, team_id, "team.rename", |conn, b| {
        let name = TeamName::parse(name).map_err(|e| Error::field(e.field, e.message))?;
        let taken = Error::Taken {
            field: "name",
            message: "error-team-name-taken",
        };
        if store::teams::name_taken(conn, b.team.contest_id, name.as_str(), Some(b.team.id))? {
            return Err(taken);
        }
        store::teams::rename(conn, b.team.id, name.as_str()).map_err(|e| unique_means(e, taken))?;
        // Team names show on the results and on the request board.
        changes::mark(&[Area::Contests, Area::Requests]);
        Ok(json!({ "name": name.as_str() }))
    })
}

/// Changes the team's tracks: each one it is not in yet must be open now,
/// within the strictest track's limit, and the team as it is must fit every
/// chosen track's size and school rules.
pub fn set_tracks(p: &Portal, who: &Person, team_id: i32, tracks: &[i32]) -> Result<()> {
    let tracks = distinct(tracks);
    as_captain(p, who, team_id, "team.tracks", |conn, b| {
        let c = &b.contest;
        let open = open_tracks(
            c.registration_opens_at,
            c.registration_closes_at,
            b.all_tracks
                .iter()
                .map(|t| (t.id, t.registration_closes_at)),
            now(),
        );
        let offered: Vec<(i32, TrackRules)> = b
            .all_tracks
            .iter()
            .filter(|t| b.track_ids.contains(&t.id) || open.contains(&t.id))
            .map(|t| (t.id, t.rules()))
            .collect();
        team::track_choice(&tracks, &offered).map_err(|m| Error::field("form", m))?;
        let rules: Vec<TrackRules> = offered
            .iter()
            .filter(|(id, _)| tracks.contains(id))
            .map(|(_, r)| *r)
            .collect();
        if let Some(m) = team::composition_problem(&rules, &b.facts()) {
            return Err(Error::field("form", m));
        }
        store::teams::set_tracks(conn, b.team.id, &tracks)?;
        flags::refresh(conn, &[b.team.id])?;
        Ok(json!({ "tracks": tracks }))
    })
}

/// Removes a member or advisor (not the captain).
pub fn remove_member(p: &Portal, who: &Person, team_id: i32, user_id: i32) -> Result<()> {
    as_captain(p, who, team_id, "team.remove_member", |conn, b| {
        if user_id == b.team.captain_id {
            return Err(Error::field("form", "error-captain-cannot-leave"));
        }
        if !store::teams::remove_member(conn, b.team.id, user_id)? {
            return Err(Error::NotFound);
        }
        flags::refresh(conn, &[b.team.id])?;
        Ok(json!({ "user_id": user_id }))
    })
}

/// Hands the captaincy to another student of the team.
pub fn hand_over(p: &Portal, who: &Person, team_id: i32, user_id: i32) -> Result<()> {
    as_captain(p, who, team_id, "team.captain", |conn, b| {
        if b.member_role(user_id) != Some(MemberRole::Student) {
            return Err(Error::field("form", "error-captain-must-be-student"));
        }
        store::teams::set_captain(conn, b.team.id, user_id)?;
        Ok(json!({ "user_id": user_id }))
    })
}

/// Withdraws the team: its students stay on record and are free to join or
/// register another team of the contest.
pub fn withdraw(p: &Portal, who: &Person, team_id: i32) -> Result<()> {
    as_captain(p, who, team_id, "team.withdraw", |conn, b| {
        store::teams::withdraw(conn, b.team.id)?;
        flags::refresh(conn, &[b.team.id])?;
        changes::mark(&[Area::Contests, Area::Requests]);
        // A withdrawn team's entries leave the rankings.
        judging::refresh_team(conn, b.team.id)?;
        Ok(json!({}))
    })
}

/// New invite links; the old ones stop working.
pub fn regenerate_invites(p: &Portal, who: &Person, team_id: i32) -> Result<()> {
    as_captain(p, who, team_id, "team.invites", |conn, b| {
        store::teams::set_tokens(
            conn,
            b.team.id,
            &security::random_token(),
            &security::random_token(),
        )?;
        Ok(json!({}))
    })
}

/// Invites to the team by e-mail: the captain sends `email` the invite link
/// for `role` (a student or an advisor), with the team, its tracks and the
/// captain's name, written in the address's account language (`lang`, the
/// captain's, when it has none). At most `INVITE_MAILS` a team per hour;
/// each one is in the team's history.
pub fn invite_by_email(
    p: &Portal,
    who: &Person,
    team_id: i32,
    email: &str,
    role: MemberRole,
    lang: Lang,
) -> Result<()> {
    let email = Email::parse(email).map_err(|e| Error::field("invite_email", e.message))?;
    as_captain(p, who, team_id, "team.invite_email", |conn, b| {
        let at = now();
        let already = b.members.iter().any(|m| {
            m.role != MemberRole::FormerStudent && m.email.eq_ignore_ascii_case(email.as_str())
        });
        if already {
            return Err(Error::field("invite_email", "error-invite-already-member"));
        }
        if !store::throttle::attempt(conn, &throttle::TEAM_INVITE_MAILS, &team_id.to_string(), at)?
        {
            return Err(Error::TooMany("error-rate-limited"));
        }
        let token = match role {
            MemberRole::Advisor => &b.team.advisor_token,
            _ => &b.team.member_token,
        };
        let lang = store::users::find_by_email(conn, email.as_str())?
            .and_then(|u| Lang::from_code(&u.locale))
            .unwrap_or(lang);
        let captain = b
            .members
            .iter()
            .find(|m| m.user_id == b.team.captain_id)
            .map(|m| m.display_name.clone())
            .unwrap_or_default();
        let tracks: Vec<String> = b.tracks().iter().map(|t| track_name(lang, t)).collect();
        mail::queue(
            conn,
            p,
            email.as_str(),
            lang,
            "team-invitation",
            "emails/team_invitation",
            "mail-team-invite-subject",
            json!({
                "captain": captain, "team": b.team.name, "tracks": tracks.join(if lang == Lang::En { ", " } else { "、" }),
                "role": t(lang, role.message_id()),
                "link": p.config.absolute_url(&format!("/join/{token}")),
            }),
            at,
        )?;
        Ok(json!({ "email": email.as_str(), "role": role.as_str() }))
    })
}

/// A member who is not the captain leaves, while registration is open.
pub fn leave(p: &Portal, who: &Person, team_id: i32) -> Result<()> {
    p.transaction(|conn| {
        let at = now();
        let b = TeamBundle::load(conn, team_id)?;
        gate::leaving_member(who, &b, at)?;
        take(conn, &b, at)?;
        store::teams::remove_member(conn, team_id, who.id)?;
        flags::refresh(conn, &[team_id])?;
        let role = b.member_role(who.id).unwrap_or(MemberRole::Student);
        tell_captain(conn, p, &b, who.id, role, false, at)?;
        history(conn, team_id, who.id, "team.leave", json!({}), at)
    })
}
