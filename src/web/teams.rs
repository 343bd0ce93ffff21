//! Teams: registration, the team page with rules explained, invites for
//! members and advisors, and the captain's changes while registration is open.

use actix_web::http::StatusCode;
use actix_web::web;
use chrono::NaiveDateTime;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::ctx::{redirect, redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::names::{contest_title, track_name};
use super::now;
use crate::db::{self, DbConn};
use crate::domain::role::Role;
use crate::domain::team::{self, MemberFacts, SchoolKey, TeamFacts, TeamName};
use crate::domain::timeline::{effective_deadline, registration_open, roc_year};
use crate::i18n::{t_args, Lang};
use crate::security;
use crate::service::teams::TeamBundle;
use crate::store::{self, contests::Contest, contests::Track, teams::Member, teams::Team};
use crate::templates::format_taipei;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/teams", web::get().to(my_teams))
        .route("/contests/{year}/register", web::get().to(register_page))
        .route("/contests/{year}/register", web::post().to(register))
        .route("/teams/{id}", web::get().to(team_page))
        .route("/teams/{id}/rename", web::post().to(rename))
        .route("/teams/{id}/tracks", web::post().to(change_tracks))
        .route(
            "/teams/{id}/members/{uid}/remove",
            web::post().to(remove_member),
        )
        .route("/teams/{id}/captain", web::post().to(hand_over))
        .route("/teams/{id}/leave", web::post().to(leave))
        .route("/teams/{id}/withdraw", web::post().to(withdraw))
        .route(
            "/teams/{id}/invites/regenerate",
            web::post().to(regenerate_invites),
        )
        .route("/join/{token}", web::get().to(join_page))
        .route("/join/{token}", web::post().to(join));
}

/// Each chosen track's rules, checked, as sentences in the page's language.
pub fn rule_checks(lang: Lang, tracks: &[&Track], facts: &TeamFacts) -> (Vec<Json>, bool) {
    let mut all_met = true;
    let per_track = tracks
        .iter()
        .map(|t| {
            let checks = team::check(&t.rules(), facts);
            all_met &= team::all_met(&checks);
            json!({
                "track": track_name(lang, t),
                "met": team::all_met(&checks),
                "checks": checks.iter().map(|c| json!({
                    "met": c.met,
                    "text": t_args(lang, c.message, &[("min", c.min.into()), ("max", c.max.into()), ("count", c.count.into())]),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    (per_track, all_met)
}

fn member_json(m: &Member, captain_id: i32) -> Json {
    json!({
        "user_id": m.user_id,
        "name": m.real_name.clone().unwrap_or_else(|| m.display_name.clone()),
        "school": m.school_name,
        "school_flagged": m.school_code.is_none() && !m.school_checked.unwrap_or(false),
        "department": m.department,
        "proof_id": m.proof_status.as_ref().map(|s| format!("proof-{s}")),
        "captain": m.user_id == captain_id,
    })
}

async fn load(ctx: &Ctx, team_id: i32) -> Result<TeamBundle, AppError> {
    ctx.state
        .db(move |conn| Ok(TeamBundle::load(conn, team_id)?))
        .await
}

/// Members and organisers see a team; anyone else gets 404.
fn can_view(ctx: &Ctx, b: &TeamBundle) -> Result<(), AppError> {
    let u = ctx.user()?;
    if b.role_of(u.id).is_some() || u.has(Role::Organiser) || u.has(Role::Admin) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The captain, while registration is open for this team.
fn captain_while_open(ctx: &Ctx, b: &TeamBundle) -> Result<i32, AppError> {
    let u = ctx.user()?;
    if b.role_of(u.id).is_none() {
        return Err(AppError::NotFound);
    }
    if b.team.captain_id != u.id {
        return Err(AppError::Forbidden);
    }
    if !b.registration_open(now()) {
        return Err(AppError::Refused("error-registration-closed"));
    }
    Ok(u.id)
}

fn history(
    conn: &mut DbConn,
    team_id: i32,
    actor: i32,
    action: &str,
    details: Json,
) -> Result<(), AppError> {
    store::teams::record_event(conn, team_id, Some(actor), action, details, now())?;
    Ok(())
}

// ---------------------------------------------------------------- my teams

async fn my_teams(ctx: Ctx) -> AppResult {
    let uid = ctx.user()?.id;
    let (mine, current) = ctx
        .state
        .db(move |conn| {
            let mine = store::teams::teams_of_user(conn, uid)?;
            let mut rows = Vec::new();
            for (team, role) in mine {
                let contest = store::contests::find(conn, team.contest_id)?;
                rows.push((team, role, contest));
            }
            let current = match store::contests::current(conn)? {
                Some(c) => {
                    let tracks = store::contests::tracks_of(conn, c.id)?;
                    Some((c, tracks))
                }
                None => None,
            };
            Ok((rows, current))
        })
        .await?;
    let lang = ctx.lang;
    let t = now();
    ctx.render("teams/mine", json!({
        "rows": mine.iter().map(|(team, role, contest)| json!({
            "id": team.id, "name": team.name, "withdrawn": team.withdrawn,
            "role_id": if role == store::teams::ADVISOR { "team-role-advisor" } else { "team-role-student" },
            "contest": contest.as_ref().map(|c| format!("{} {}", c.year, contest_title(lang, c))),
        })).collect::<Vec<_>>(),
        "current": current.as_ref().map(|(c, tracks)| json!({
            "year": c.year, "title": contest_title(lang, c),
            "open": !open_tracks(c, tracks, t).is_empty(),
        })),
    }))
}

// ---------------------------------------------------------------- registration

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterQuery {
    track: Option<i32>,
}

struct RegisterContext {
    contest: Contest,
    tracks: Vec<Track>,
    profile: Option<store::profiles::ProfileRow>,
    existing: Option<Team>,
}

async fn register_context(ctx: &Ctx, year: i32) -> Result<RegisterContext, AppError> {
    let uid = ctx.user()?.id;
    ctx.state
        .db(move |conn| {
            let contest = store::contests::find_by_year(conn, year)?
                .filter(|c| c.published)
                .ok_or(AppError::NotFound)?;
            let tracks = store::contests::tracks_of(conn, contest.id)?;
            let profile = store::profiles::find(conn, uid)?;
            let existing = store::teams::student_team(conn, contest.id, uid)?;
            Ok(RegisterContext {
                contest,
                tracks,
                profile,
                existing,
            })
        })
        .await
}

/// Tracks still open for registration at `at`, taking track extensions into account.
pub fn open_tracks(c: &Contest, tracks: &[Track], at: NaiveDateTime) -> Vec<i32> {
    tracks
        .iter()
        .filter(|t| {
            registration_open(
                c.registration_opens_at,
                effective_deadline(c.registration_closes_at, [t.registration_closes_at]),
                at,
            )
        })
        .map(|t| t.id)
        .collect()
}

/// Where a student must go before registering, if anywhere.
fn register_gate(
    ctx: &Ctx,
    rc: &RegisterContext,
    at: NaiveDateTime,
) -> Result<Option<String>, AppError> {
    if let Some(team) = &rc.existing {
        return Ok(Some(format!("/teams/{}", team.id)));
    }
    match &rc.profile {
        None => {
            return Ok(Some(format!(
                "/profile?next={}",
                url::form_urlencoded::byte_serialize(ctx.here.as_bytes()).collect::<String>()
            )))
        }
        Some(p) if p.kind != "student" => {
            return Err(AppError::Refused("error-register-students-only"))
        }
        _ => {}
    }
    if open_tracks(&rc.contest, &rc.tracks, at).is_empty() {
        return Err(AppError::Refused("error-registration-closed"));
    }
    Ok(None)
}

fn register_view(
    ctx: &Ctx,
    rc: &RegisterContext,
    name: &str,
    chosen: &[i32],
    errors: FormErrors,
    at: NaiveDateTime,
) -> Json {
    let open = open_tracks(&rc.contest, &rc.tracks, at);
    json!({
        "contest": { "year": rc.contest.year, "roc_year": roc_year(rc.contest.year), "title": contest_title(ctx.lang, &rc.contest) },
        "form": { "name": name },
        "tracks": rc.tracks.iter().filter(|t| open.contains(&t.id)).map(|t| json!({
            "id": t.id, "name": track_name(ctx.lang, t), "checked": chosen.contains(&t.id),
            "max_tracks": t.max_tracks_per_team,
        })).collect::<Vec<_>>(),
        "errors": errors.to_json(),
    })
}

async fn register_page(ctx: Ctx, path: web::Path<i32>, q: web::Query<RegisterQuery>) -> AppResult {
    ctx.user()?;
    let rc = register_context(&ctx, path.into_inner()).await?;
    let at = now();
    if let Some(to) = register_gate(&ctx, &rc, at)? {
        return Ok(redirect_with_flash(
            &ctx,
            &to,
            "info",
            if rc.existing.is_some() {
                "flash-already-in-team"
            } else {
                "flash-profile-needed"
            },
        ));
    }
    let chosen: Vec<i32> = q.track.into_iter().collect();
    ctx.render(
        "teams/register",
        register_view(&ctx, &rc, "", &chosen, FormErrors::default(), at),
    )
}

/// The values of every `track` field of a form (checkboxes repeat the name).
fn chosen_tracks(pairs: &[(String, String)]) -> Result<Vec<i32>, AppError> {
    let mut ids = Vec::new();
    for (k, v) in pairs {
        if k == "track" {
            let id: i32 = v.parse().map_err(|_| AppError::BadRequest)?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Checks a set of tracks against their limits; returns the error to show.
fn tracks_problem(tracks: &[&Track], chosen: &[i32]) -> Option<&'static str> {
    if chosen.is_empty() {
        return Some("error-tracks-required");
    }
    if tracks.len() != chosen.len() {
        return Some("error-tracks-invalid");
    }
    let limit = tracks
        .iter()
        .map(|t| t.max_tracks_per_team)
        .min()
        .unwrap_or(1);
    if chosen.len() as i32 > limit {
        return Some("error-too-many-tracks");
    }
    None
}

/// Whether the team as it is would break a hard limit of these tracks.
fn composition_problem(tracks: &[&Track], facts: &TeamFacts) -> Option<&'static str> {
    if tracks
        .iter()
        .any(|t| facts.students.len() as i32 > t.max_students)
    {
        return Some("error-team-full");
    }
    if tracks
        .iter()
        .any(|t| facts.advisors.len() as i32 > t.max_advisors)
    {
        return Some("error-advisors-full");
    }
    if tracks.iter().any(|t| !t.cross_school_allowed) && team::is_cross_school(&facts.students) {
        return Some("error-single-school-track");
    }
    None
}

async fn register(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let uid = ctx.user()?.id;
    let rc = register_context(&ctx, path.into_inner()).await?;
    let at = now();
    if let Some(to) = register_gate(&ctx, &rc, at)? {
        return Ok(redirect(&to));
    }
    let pairs = form.into_inner();
    let chosen = chosen_tracks(&pairs)?;
    let raw_name = field(&pairs, "name").to_string();
    let mut errors = FormErrors::default();
    let name = errors.check(TeamName::parse(&raw_name));
    let open = open_tracks(&rc.contest, &rc.tracks, at);
    let picked: Vec<&Track> = rc
        .tracks
        .iter()
        .filter(|t| chosen.contains(&t.id) && open.contains(&t.id))
        .collect();
    if let Some(p) = tracks_problem(&picked, &chosen) {
        errors.push("tracks", p);
    }
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "teams/register",
            register_view(&ctx, &rc, &raw_name, &chosen, errors, at),
        );
    };
    let contest_id = rc.contest.id;
    let team_name = name.as_str().to_string();
    let ids = chosen.clone();
    let ip = ctx.ip.clone();
    let created = ctx
        .state
        .db(move |conn| {
            let r = db::transaction(
                conn,
                |conn| -> Result<Result<i32, &'static str>, diesel::result::Error> {
                    if store::teams::student_team(conn, contest_id, uid)?.is_some() {
                        return Ok(Err("error-already-in-team"));
                    }
                    let (m, a) = (security::random_token(), security::random_token());
                    let team = store::teams::create(
                        conn,
                        contest_id,
                        &team_name,
                        uid,
                        &ids,
                        (&m, &a),
                        at,
                    )?;
                    store::teams::record_event(
                        conn,
                        team.id,
                        Some(uid),
                        "team.create",
                        json!({ "name": team.name, "tracks": ids }),
                        at,
                    )?;
                    store::audit::record(
                        conn,
                        store::audit::Entry {
                            actor_id: Some(uid),
                            action: "team.create",
                            object_type: "team",
                            object_id: Some(team.id.to_string()),
                            details: json!({ "contest_id": contest_id, "name": team.name }),
                            ip: ip.as_deref(),
                        },
                        at,
                    )?;
                    Ok(Ok(team.id))
                },
            );
            match r {
                Ok(v) => Ok(v),
                // Either the name is taken or the same student registered twice at once.
                Err(e) if store::is_unique_violation(&e) => {
                    if store::teams::student_team(conn, contest_id, uid)?.is_some() {
                        Ok(Err("error-already-in-team"))
                    } else {
                        Ok(Err("error-team-name-taken"))
                    }
                }
                Err(e) => Err(AppError::from(e)),
            }
        })
        .await?;
    match created {
        Ok(id) => Ok(redirect_with_flash(
            &ctx,
            &format!("/teams/{id}"),
            "success",
            "flash-team-created",
        )),
        Err(message) => {
            let mut errors = FormErrors::default();
            errors.push(
                if message == "error-team-name-taken" {
                    "name"
                } else {
                    "tracks"
                },
                message,
            );
            ctx.render_status(
                StatusCode::CONFLICT,
                "teams/register",
                register_view(&ctx, &rc, &raw_name, &chosen, errors, at),
            )
        }
    }
}

// ---------------------------------------------------------------- team page

pub fn team_view(ctx: &Ctx, b: &TeamBundle, viewer: i32) -> Json {
    let lang = ctx.lang;
    let at = now();
    let facts = b.facts();
    let tracks = b.tracks();
    let (checks, all_met) = rule_checks(lang, &tracks, &facts);
    let is_captain = b.team.captain_id == viewer;
    let is_member = b.role_of(viewer).is_some();
    let open = b.registration_open(at);
    let students: Vec<Json> = b
        .members
        .iter()
        .filter(|m| m.role == store::teams::STUDENT || m.role == store::teams::FORMER_STUDENT)
        .map(|m| member_json(m, b.team.captain_id))
        .collect();
    let advisors: Vec<Json> = b
        .members
        .iter()
        .filter(|m| m.role == store::teams::ADVISOR)
        .map(|m| member_json(m, b.team.captain_id))
        .collect();
    json!({
        "team": {
            "id": b.team.id, "name": b.team.name, "version": b.team.version, "withdrawn": b.team.withdrawn,
            "cross_school": team::is_cross_school(&facts.students),
            "cross_department": team::is_cross_department(&facts.students),
            "all_met": all_met,
        },
        "contest": { "year": b.contest.year, "roc_year": roc_year(b.contest.year), "title": contest_title(lang, &b.contest) },
        "tracks": tracks.iter().map(|t| json!({ "id": t.id, "name": track_name(lang, t) })).collect::<Vec<_>>(),
        "track_options": b.all_tracks.iter().map(|t| json!({ "id": t.id, "name": track_name(lang, t), "checked": b.track_ids.contains(&t.id) })).collect::<Vec<_>>(),
        "checks": checks,
        "student_count": students.len(),
        "students": students,
        "advisors": advisors,
        "is_captain": is_captain,
        "is_member": is_member,
        "open": open,
        "deadline": b.registration_deadline().map(|d| format_taipei(&d)),
        "invites": (is_member && open).then(|| json!({
            "member": ctx.state.config.absolute_url(&format!("/join/{}", b.team.member_token)),
            "advisor": ctx.state.config.absolute_url(&format!("/join/{}", b.team.advisor_token)),
        })),
    })
}

async fn team_page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let b = load(&ctx, path.into_inner()).await?;
    can_view(&ctx, &b)?;
    let viewer = ctx.user()?.id;
    let team_id = b.team.id;
    let events = ctx
        .state
        .db(move |conn| Ok(store::teams::events(conn, team_id)?))
        .await?;
    let mut view = team_view(&ctx, &b, viewer);
    view["history"] = json!(events.iter().map(|e| json!({
        "when": format_taipei(&e.created_at), "who": e.actor_name, "action_id": format!("event-{}", e.action.replace(['.', '_'], "-")),
    })).collect::<Vec<_>>());
    view["errors"] = json!({});
    ctx.render("teams/team", view)
}

async fn with_team<F>(
    ctx: &Ctx,
    team_id: i32,
    action: &'static str,
    details: Json,
    change: F,
) -> AppResult
where
    F: FnOnce(&mut DbConn, &TeamBundle) -> Result<Result<(), &'static str>, AppError>
        + Send
        + 'static,
{
    let b = load(ctx, team_id).await?;
    let actor = captain_while_open(ctx, &b)?;
    let version = b.team.version;
    let result = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<Result<(), &'static str>, AppError> {
                // Two captains' tabs or two devices: the later save is told.
                if !store::teams::bump(conn, b.team.id, version, now())? {
                    return Err(AppError::Conflict("error-team-changed"));
                }
                if let Err(m) = change(conn, &b)? {
                    return Ok(Err(m));
                }
                history(conn, b.team.id, actor, action, details)?;
                Ok(Ok(()))
            })
        })
        .await?;
    match result {
        Ok(()) => Ok(redirect_with_flash(
            ctx,
            &format!("/teams/{team_id}"),
            "success",
            "flash-team-saved",
        )),
        Err(message) => {
            let b = load(ctx, team_id).await?;
            let mut view = team_view(ctx, &b, actor);
            view["history"] = json!([]);
            view["errors"] = json!({ "form": message });
            ctx.render_status(StatusCode::UNPROCESSABLE_ENTITY, "teams/team", view)
        }
    }
}

async fn rename(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let team_id = path.into_inner();
    let name = match TeamName::parse(field(&form, "name")) {
        Ok(n) => n.as_str().to_string(),
        Err(e) => return Err(AppError::Refused(e.message)),
    };
    let n = name.clone();
    with_team(
        &ctx,
        team_id,
        "team.rename",
        json!({ "name": name }),
        move |conn, b| match store::teams::rename(conn, b.team.id, &n) {
            Ok(()) => Ok(Ok(())),
            Err(e) if store::is_unique_violation(&e) => Ok(Err("error-team-name-taken")),
            Err(e) => Err(e.into()),
        },
    )
    .await
}

async fn change_tracks(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let team_id = path.into_inner();
    let chosen = chosen_tracks(&form)?;
    let ids = chosen.clone();
    with_team(
        &ctx,
        team_id,
        "team.tracks",
        json!({ "tracks": chosen }),
        move |conn, b| {
            let picked: Vec<&Track> = b
                .all_tracks
                .iter()
                .filter(|t| ids.contains(&t.id))
                .collect();
            if let Some(p) = tracks_problem(&picked, &ids) {
                return Ok(Err(p));
            }
            // A track the team is not in yet must itself be open for registration.
            let open = open_tracks(&b.contest, &b.all_tracks, now());
            if ids
                .iter()
                .any(|id| !b.track_ids.contains(id) && !open.contains(id))
            {
                return Ok(Err("error-tracks-invalid"));
            }
            if let Some(p) = composition_problem(&picked, &b.facts()) {
                return Ok(Err(p));
            }
            store::teams::set_tracks(conn, b.team.id, &ids)?;
            Ok(Ok(()))
        },
    )
    .await
}

async fn remove_member(ctx: Ctx, path: web::Path<(i32, i32)>) -> AppResult {
    let (team_id, uid) = path.into_inner();
    with_team(
        &ctx,
        team_id,
        "team.remove_member",
        json!({ "user_id": uid }),
        move |conn, b| {
            if uid == b.team.captain_id {
                return Ok(Err("error-captain-cannot-leave"));
            }
            if !store::teams::remove_member(conn, b.team.id, uid)? {
                return Err(AppError::NotFound);
            }
            Ok(Ok(()))
        },
    )
    .await
}

async fn hand_over(
    ctx: Ctx,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let team_id = path.into_inner();
    let uid: i32 = field(&form, "user_id")
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    with_team(
        &ctx,
        team_id,
        "team.captain",
        json!({ "user_id": uid }),
        move |conn, b| {
            if b.role_of(uid) != Some(store::teams::STUDENT) {
                return Ok(Err("error-captain-must-be-student"));
            }
            store::teams::set_captain(conn, b.team.id, uid)?;
            Ok(Ok(()))
        },
    )
    .await
}

async fn withdraw(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let team_id = path.into_inner();
    with_team(&ctx, team_id, "team.withdraw", json!({}), move |conn, b| {
        store::teams::withdraw(conn, b.team.id)?;
        Ok(Ok(()))
    })
    .await
}

async fn regenerate_invites(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let team_id = path.into_inner();
    with_team(&ctx, team_id, "team.invites", json!({}), move |conn, b| {
        store::teams::set_tokens(
            conn,
            b.team.id,
            &security::random_token(),
            &security::random_token(),
        )?;
        Ok(Ok(()))
    })
    .await
}

/// A member (not the captain) leaves, while registration is open.
async fn leave(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let team_id = path.into_inner();
    let b = load(&ctx, team_id).await?;
    let uid = ctx.user()?.id;
    if b.role_of(uid).is_none() {
        return Err(AppError::NotFound);
    }
    if b.team.captain_id == uid {
        return Err(AppError::Refused("error-captain-cannot-leave"));
    }
    if !b.registration_open(now()) {
        return Err(AppError::Refused("error-registration-closed"));
    }
    let version = b.team.version;
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                if !store::teams::bump(conn, team_id, version, now())? {
                    return Err(AppError::Conflict("error-team-changed"));
                }
                store::teams::remove_member(conn, team_id, uid)?;
                history(conn, team_id, uid, "team.leave", json!({}))
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/teams",
        "success",
        "flash-left-team",
    ))
}

// ---------------------------------------------------------------- joining

async fn join_page(ctx: Ctx, path: web::Path<String>) -> AppResult {
    let token = path.into_inner();
    let token_for_form = token.clone();
    ctx.user()?;
    let found = ctx
        .state
        .db(move |conn| Ok(store::teams::find_by_token(conn, &token)?))
        .await?;
    let (team, role) = found.ok_or(AppError::NotFound)?;
    let b = load(&ctx, team.id).await?;
    if !b.registration_open(now()) {
        return Err(AppError::Refused("error-invite-expired"));
    }
    let viewer = ctx.user()?.id;
    if b.role_of(viewer).is_some() {
        return Ok(redirect_with_flash(
            &ctx,
            &format!("/teams/{}", team.id),
            "info",
            "flash-already-member",
        ));
    }
    let mut view = team_view(&ctx, &b, viewer);
    view["invite_role_id"] = json!(if role == store::teams::ADVISOR {
        "team-role-advisor"
    } else {
        "team-role-student"
    });
    view["token"] = json!(token_for_form);
    ctx.render("teams/join", view)
}

async fn join(ctx: Ctx, path: web::Path<String>) -> AppResult {
    let token = path.into_inner();
    let uid = ctx.user()?.id;
    let t = token.clone();
    let found = ctx
        .state
        .db(move |conn| Ok(store::teams::find_by_token(conn, &t)?))
        .await?;
    let (team, role) = found.ok_or(AppError::NotFound)?;
    let here = format!("/join/{token}");
    let outcome = ctx
        .state
        .db(move |conn| {
            let r = db::transaction(conn, |conn| -> Result<Result<(), &'static str>, AppError> {
                let b = TeamBundle::load(conn, team.id)?;
                if !b.registration_open(now()) {
                    return Err(AppError::Refused("error-invite-expired"));
                }
                if b.role_of(uid).is_some() {
                    return Ok(Ok(()));
                }
                // Taking the team's version first serialises joins: two students
                // joining at once cannot both squeeze under the size limit.
                if !store::teams::bump(conn, b.team.id, b.team.version, now())? {
                    return Err(AppError::Conflict("error-team-changed"));
                }
                let Some(profile) = store::profiles::find(conn, uid)? else {
                    return Ok(Err("profile"));
                };
                let wanted_kind = if role == store::teams::ADVISOR {
                    "faculty"
                } else {
                    "student"
                };
                if profile.kind != wanted_kind {
                    return Ok(Err(if role == store::teams::ADVISOR {
                        "error-join-advisors-only"
                    } else {
                        "error-join-students-only"
                    }));
                }
                let tracks = b.tracks();
                let facts = b.facts();
                if role == store::teams::STUDENT {
                    if store::teams::student_team(conn, b.team.contest_id, uid)?.is_some() {
                        return Ok(Err("error-already-in-team"));
                    }
                    let max = tracks
                        .iter()
                        .map(|t| t.max_students)
                        .min()
                        .unwrap_or(i32::MAX);
                    if facts.students.len() as i32 >= max {
                        return Ok(Err("error-team-full"));
                    }
                    let mut with_me = facts.students.clone();
                    with_me.push(MemberFacts {
                        school: SchoolKey::new(
                            profile.school_code.as_deref(),
                            &profile.school_name,
                        ),
                        department: profile.department.clone(),
                        proof_ok: profile.proof_ok(),
                    });
                    if tracks.iter().any(|t| !t.cross_school_allowed)
                        && team::is_cross_school(&with_me)
                    {
                        return Ok(Err("error-single-school-track"));
                    }
                } else {
                    let max = tracks
                        .iter()
                        .map(|t| t.max_advisors)
                        .min()
                        .unwrap_or(i32::MAX);
                    if facts.advisors.len() as i32 >= max {
                        return Ok(Err("error-advisors-full"));
                    }
                }
                store::teams::add_member(conn, &b.team, uid, role, now())?;
                history(
                    conn,
                    b.team.id,
                    uid,
                    if role == store::teams::ADVISOR {
                        "team.advisor_join"
                    } else {
                        "team.join"
                    },
                    json!({}),
                )?;
                Ok(Ok(()))
            });
            match r {
                // The one-team-per-student index caught a simultaneous join.
                Err(AppError::Internal(e))
                    if e.downcast_ref::<diesel::result::Error>()
                        .is_some_and(store::is_unique_violation) =>
                {
                    Ok(Err("error-already-in-team"))
                }
                other => other,
            }
        })
        .await?;
    match outcome {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/teams/{}", team.id),
            "success",
            "flash-joined-team",
        )),
        Err("profile") => Ok(redirect_with_flash(
            &ctx,
            &format!(
                "/profile?next={}",
                url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>()
            ),
            "info",
            "flash-profile-needed",
        )),
        Err(message) => Err(AppError::Refused(message)),
    }
}
