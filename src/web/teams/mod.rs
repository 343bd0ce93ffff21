//! Team pages: my teams, registering a team, the team page with every rule
//! explained, invite links for students and advisors, joining by link, and
//! the captain's changes while registration is open.

mod join;
mod mine;
mod register;
mod team;

use actix_web::web;
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::names::{contest_title, track_name};
use crate::domain::timeline::roc_year;
use crate::i18n::{t_args, Lang};
use crate::service::teams::{Joining, TeamPage};
use crate::store::teams::{Event, Member};
use crate::templates::format_taipei;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/teams", web::get().to(mine::my_teams))
        .route("/contests/{year}/register", web::get().to(register::form))
        .route(
            "/contests/{year}/register",
            web::post().to(register::register),
        )
        .route("/teams/{id}", web::get().to(team::show))
        .route("/teams/{id}/rename", web::post().to(team::rename))
        .route("/teams/{id}/tracks", web::post().to(team::change_tracks))
        .route(
            "/teams/{id}/members/{uid}/remove",
            web::post().to(team::remove_member),
        )
        .route("/teams/{id}/captain", web::post().to(team::hand_over))
        .route("/teams/{id}/leave", web::post().to(team::leave))
        .route("/teams/{id}/withdraw", web::post().to(team::withdraw))
        .route(
            "/teams/{id}/invites/email",
            web::post().to(team::invite_by_email),
        )
        .route(
            "/teams/{id}/invites/regenerate",
            web::post().to(team::regenerate_invites),
        )
        .route("/join/{token}", web::get().to(join::page))
        .route("/join/{token}", web::post().to(join::join));
}

/// The values of every `track` field of a form (check boxes repeat the name).
fn chosen_tracks(pairs: &[(String, String)]) -> Result<Vec<i32>, AppError> {
    pairs
        .iter()
        .filter(|(k, _)| k == "track")
        .map(|(_, v)| v.trim().parse().map_err(|_| AppError::BadRequest))
        .collect()
}

/// Goes on with `then` when registering or joining may go on; else sends
/// the person where they must go instead — their team (`in_team` says why)
/// or their profile first, coming back here after.
fn ready_or_elsewhere<T>(
    ctx: &Ctx,
    j: Joining<T>,
    in_team: &str,
    then: impl FnOnce(T) -> AppResult,
) -> AppResult {
    match j {
        Joining::Ready(v) => then(v),
        Joining::InTeam(id) => Ok(redirect_with_flash(
            ctx,
            &format!("/teams/{id}"),
            "info",
            in_team,
        )),
        Joining::NeedsProfile => Ok(profile_first(ctx)),
    }
}

/// To the profile first, coming back to this page after it.
pub(crate) fn profile_first(ctx: &Ctx) -> actix_web::HttpResponse {
    redirect_with_flash(
        ctx,
        &format!(
            "/profile?next={}",
            url::form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect::<String>()
        ),
        "info",
        "flash-profile-needed",
    )
}

/// The sentence for where a member's enrolment proof stands; student status
/// verified by a university sign-in needs none.
pub(crate) fn proof_id(m: &Member) -> Option<String> {
    if m.student_verified.unwrap_or(false) {
        return Some("proof-university".to_string());
    }
    m.proof_status.as_ref().map(|s| format!("proof-{s}"))
}

fn member_json(m: &Member, captain_id: i32) -> Json {
    json!({
        "user_id": m.user_id,
        "name": m.real_name.clone().unwrap_or_else(|| m.display_name.clone()),
        "school": m.school_name,
        "school_flagged": m.school_flagged(),
        "department": m.department,
        "proof_id": proof_id(m),
        "captain": m.user_id == captain_id,
    })
}

/// A team's history as its pages list it.
fn history_json(events: &[Event]) -> Json {
    json!(events
        .iter()
        .map(|e| json!({
            "when": format_taipei(&e.created_at), "who": e.actor_name,
            "action_id": format!("event-{}", e.action.replace(['.', '_'], "-")),
        }))
        .collect::<Vec<_>>())
}

/// Everything the team's pages show about it (the team page, the
/// invitation, the organisers' page): members, each chosen track's rules
/// checked and explained in the page's language, and what the viewer may do.
pub(crate) fn team_view(ctx: &Ctx, p: &TeamPage) -> Json {
    let lang: Lang = ctx.lang;
    let b = &p.bundle;
    let checks: Vec<(Json, bool)> = b
        .rule_checks()
        .into_iter()
        .map(|(t, checks)| {
            let met = crate::domain::team::all_met(&checks);
            let json = json!({
                "track": track_name(lang, t),
                "met": met,
                "checks": checks.iter().map(|c| json!({
                    "met": c.met,
                    "text": t_args(lang, c.message, &[("min", c.min.into()), ("max", c.max.into()), ("count", c.count.into())]),
                })).collect::<Vec<_>>(),
            });
            (json, met)
        })
        .collect();
    let all_met = checks.iter().all(|(_, met)| *met);
    let list = |students: bool| -> Vec<Json> {
        b.members
            .iter()
            .filter(|m| m.role.listed_as_student() == students)
            .map(|m| member_json(m, b.team.captain_id))
            .collect()
    };
    let (students, advisors) = (list(true), list(false));
    let is_member = p.is_member();
    let full = crate::domain::finder::team_full(
        b.tracks().iter().map(|t| t.max_students),
        b.facts().students.len(),
    );
    json!({
        "team": {
            "id": b.team.id, "name": b.team.name, "version": b.team.version, "withdrawn": b.team.withdrawn,
            "cross_school": b.cross_school(),
            "cross_department": b.cross_department(),
            "all_met": all_met,
        },
        "contest": { "year": b.contest.year, "roc_year": roc_year(b.contest.year), "title": contest_title(lang, &b.contest) },
        "tracks": b.tracks().iter().map(|t| json!({ "id": t.id, "name": track_name(lang, t) })).collect::<Vec<_>>(),
        "track_options": b.all_tracks.iter().map(|t| json!({ "id": t.id, "name": track_name(lang, t), "checked": b.track_ids.contains(&t.id) })).collect::<Vec<_>>(),
        "checks": checks.into_iter().map(|(j, _)| j).collect::<Vec<_>>(),
        "student_count": students.len(),
        "students": students,
        "advisors": advisors,
        "is_captain": p.is_captain(),
        "is_member": is_member,
        "open": p.open,
        "deadline": b.registration_deadline().map(|d| format_taipei(&d)),
        "invites": (is_member && p.open).then(|| json!({
            "member": ctx.state.config.absolute_url(&format!("/join/{}", b.team.member_token)),
            "advisor": ctx.state.config.absolute_url(&format!("/join/{}", b.team.advisor_token)),
        })),
        "history": history_json(&p.events),
        // issue 17: invitations to the winners' sharing sessions.
        "sharing": p.sharing.iter().map(|i| json!({
            "link": crate::service::sharing::invitation_path(b.team.id, i.invitation.id),
            "held_on": i.session.held_on.to_string(),
            "time": crate::service::sharing::slot_time(&i.slot),
            "place": i.session.place,
            "state_id": i.invitation.state.message_id(),
        })).collect::<Vec<_>>(),
        // Where a member of a team with a free seat finds teammates.
        "finder": (is_member && p.open && !full && b.contest.published)
            .then(|| format!("/contests/{}/finder", b.contest.year)),
        "errors": {},
    })
}
