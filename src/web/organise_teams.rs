//! Organiser views of teams: the filtered list with its CSV export, one team
//! with its history, per-team deadline extensions, and checks of enrolment
//! proofs and hand-typed schools.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::ctx::{redirect_with_flash, Ctx};
use super::download::cell;
use super::error::{AppError, AppResult};
use super::names::{contest_title, track_name};
use super::now;
use super::organise::{parse_extension, require_organiser, DeadlineForm};
use super::teams::team_view;
use crate::db;
use crate::domain::team;
use crate::domain::timeline::roc_year;
use crate::service::teams::{facts_of, TeamBundle};
use crate::store::{self, PageRequest};
use crate::templates::format_taipei;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organise/contests/{id}/teams", web::get().to(list))
        .route("/organise/contests/{id}/teams.csv", web::get().to(export))
        .route("/organise/teams/{id}", web::get().to(team))
        .route("/organise/teams/{id}/extension", web::post().to(extend))
        .route(
            "/organise/teams/{id}/proofs/{uid}",
            web::post().to(check_proof),
        )
        .route(
            "/organise/teams/{id}/schools/{uid}",
            web::post().to(check_school),
        );
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct Filters {
    track: String,
    q: String,
    school: String,
    cross_school: String,
    cross_department: String,
    rules: String,
    proof: String,
    withdrawn: String,
    page: Option<i64>,
}

/// One team as the organiser's list and export see it.
struct Row {
    team: store::teams::Team,
    tracks: Vec<String>,
    track_ids: Vec<i32>,
    members: Vec<store::teams::Member>,
    cross_school: bool,
    cross_department: bool,
    rules_met: bool,
    proof_missing: bool,
    flagged_school: bool,
}

async fn rows(
    ctx: &Ctx,
    contest_id: i32,
) -> Result<
    (
        store::contests::Contest,
        Vec<store::contests::Track>,
        Vec<Row>,
    ),
    AppError,
> {
    let lang = ctx.lang;
    ctx.state
        .db(move |conn| {
            let contest = store::contests::find(conn, contest_id)?.ok_or(AppError::NotFound)?;
            let tracks = store::contests::tracks_of(conn, contest_id)?;
            let teams = store::teams::of_contest(conn, contest_id)?;
            let ids: Vec<i32> = teams.iter().map(|t| t.id).collect();
            let members = store::teams::members(conn, &ids)?;
            let links = store::teams::track_ids(conn, &ids)?;
            let rows = teams
                .into_iter()
                .map(|t| {
                    let team_members: Vec<_> = members
                        .iter()
                        .filter(|m| m.team_id == t.id)
                        .cloned()
                        .collect();
                    let track_ids: Vec<i32> = links
                        .iter()
                        .filter(|(tid, _)| *tid == t.id)
                        .map(|(_, tr)| *tr)
                        .collect();
                    let chosen: Vec<&store::contests::Track> = tracks
                        .iter()
                        .filter(|tr| track_ids.contains(&tr.id))
                        .collect();
                    let facts = facts_of(&team_members, track_ids.len());
                    let rules_met = !chosen.is_empty()
                        && chosen
                            .iter()
                            .all(|tr| team::all_met(&team::check(&tr.rules(), &facts)));
                    let proof_missing = chosen.iter().any(|tr| tr.proof_required)
                        && facts.students.iter().any(|s| !s.proof_ok);
                    Row {
                        tracks: chosen.iter().map(|tr| track_name(lang, tr)).collect(),
                        track_ids,
                        cross_school: team::is_cross_school(&facts.students),
                        cross_department: team::is_cross_department(&facts.students),
                        flagged_school: team_members
                            .iter()
                            .any(|m| m.school_code.is_none() && !m.school_checked.unwrap_or(false)),
                        members: team_members,
                        rules_met,
                        proof_missing,
                        team: t,
                    }
                })
                .collect();
            Ok((contest, tracks, rows))
        })
        .await
}

fn yes_no(filter: &str, value: bool) -> bool {
    match filter {
        "yes" => value,
        "no" => !value,
        _ => true,
    }
}

fn apply(rows: Vec<Row>, f: &Filters) -> Vec<Row> {
    let q = team::normalise(&f.q);
    let school = team::normalise(&f.school);
    rows.into_iter()
        .filter(|r| f.withdrawn == "yes" || !r.team.withdrawn)
        .filter(|r| {
            f.track
                .parse::<i32>()
                .map(|id| r.track_ids.contains(&id))
                .unwrap_or(true)
        })
        .filter(|r| yes_no(&f.cross_school, r.cross_school))
        .filter(|r| yes_no(&f.cross_department, r.cross_department))
        .filter(|r| yes_no(&f.rules, r.rules_met))
        .filter(|r| yes_no(&f.proof, r.proof_missing))
        .filter(|r| {
            school.is_empty()
                || r.members.iter().any(|m| {
                    m.school_name
                        .as_deref()
                        .map(team::normalise)
                        .is_some_and(|s| s.contains(&school))
                })
        })
        .filter(|r| {
            q.is_empty()
                || team::normalise(&r.team.name).contains(&q)
                || r.members.iter().any(|m| {
                    team::normalise(&m.display_name).contains(&q)
                        || m.real_name
                            .as_deref()
                            .map(team::normalise)
                            .is_some_and(|n| n.contains(&q))
                        || m.email.contains(&q)
                })
        })
        .collect()
}

fn schools_of(members: &[store::teams::Member]) -> Vec<String> {
    let mut s: Vec<String> = members
        .iter()
        .filter(|m| m.role == store::teams::STUDENT)
        .filter_map(|m| m.school_name.clone())
        .collect();
    s.sort();
    s.dedup();
    s
}

fn people<'a>(members: &'a [store::teams::Member], role: &str) -> Vec<&'a store::teams::Member> {
    members
        .iter()
        .filter(|m| {
            m.role == role
                || (role == store::teams::STUDENT && m.role == store::teams::FORMER_STUDENT)
        })
        .collect()
}

async fn list(ctx: Ctx, path: web::Path<i32>, q: web::Query<Filters>) -> AppResult {
    require_organiser(&ctx)?;
    let f = q.into_inner();
    let (contest, tracks, all) = rows(&ctx, path.into_inner()).await?;
    let total_teams = all.iter().filter(|r| !r.team.withdrawn).count();
    let filtered = apply(all, &f);
    let page = PageRequest::new(f.page, 25);
    let total = filtered.len() as i64;
    let pages = ((total + page.per_page - 1) / page.per_page).max(1);
    let shown: Vec<Json> = filtered
        .iter()
        .skip(page.offset() as usize)
        .take(page.per_page as usize)
        .map(|r| json!({
            "id": r.team.id, "name": r.team.name, "tracks": r.tracks, "withdrawn": r.team.withdrawn,
            "students": people(&r.members, store::teams::STUDENT).len(),
            "advisors": people(&r.members, store::teams::ADVISOR).len(),
            "schools": schools_of(&r.members),
            "cross_school": r.cross_school, "cross_department": r.cross_department,
            "rules_met": r.rules_met, "proof_missing": r.proof_missing, "flagged_school": r.flagged_school,
        }))
        .collect();
    let lang = ctx.lang;
    let query_without_page: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("track", &f.track),
            ("q", &f.q),
            ("school", &f.school),
            ("cross_school", &f.cross_school),
            ("cross_department", &f.cross_department),
            ("rules", &f.rules),
            ("proof", &f.proof),
            ("withdrawn", &f.withdrawn),
        ])
        .finish();
    let base = format!("/organise/contests/{}/teams", contest.id);
    ctx.render("organise/teams", json!({
        "contest": { "id": contest.id, "year": contest.year, "roc_year": roc_year(contest.year), "title": contest_title(lang, &contest) },
        "filter": { "track": f.track, "q": f.q, "school": f.school, "cross_school": f.cross_school, "cross_department": f.cross_department,
                    "rules": f.rules, "proof": f.proof, "withdrawn": f.withdrawn },
        "track_options": tracks.iter().map(|t| json!({ "id": t.id.to_string(), "name": track_name(lang, t), "selected": t.id.to_string() == f.track })).collect::<Vec<_>>(),
        "rows": shown,
        "total_teams": total_teams,
        "csv": format!("{base}.csv?{query_without_page}"),
        "pager": {
            "page": page.page, "pages": pages, "total": total,
            "prev": (page.page > 1).then(|| format!("{base}?{query_without_page}&page={}", page.page - 1)),
            "next": (page.page < pages).then(|| format!("{base}?{query_without_page}&page={}", page.page + 1)),
        },
    }))
}

/// CSV that Excel opens correctly: UTF-8 with a byte-order mark, CRLF line ends.
async fn export(ctx: Ctx, path: web::Path<i32>, q: web::Query<Filters>) -> AppResult {
    require_organiser(&ctx)?;
    let (contest, _tracks, all) = rows(&ctx, path.into_inner()).await?;
    let filtered = apply(all, &q);
    let t = |id: &str| ctx.t(id);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        t("csv-team-id"),
        t("team-name"),
        t("team-tracks"),
        t("csv-status"),
        t("team-cross-school"),
        t("team-cross-department"),
        t("csv-rules-met"),
        t("csv-proof-missing"),
        t("team-captain"),
        t("team-members"),
        t("team-advisors"),
    ];
    w.write_record(&header)
        .map_err(|e| AppError::Internal(e.into()))?;
    let yes = t("csv-yes");
    let no = t("csv-no");
    let describe = |m: &store::teams::Member| {
        format!(
            "{} <{}> {} {}",
            m.real_name
                .clone()
                .unwrap_or_else(|| m.display_name.clone()),
            m.email,
            m.school_name.clone().unwrap_or_default(),
            m.department.clone().unwrap_or_default()
        )
    };
    for r in &filtered {
        let captain = r
            .members
            .iter()
            .find(|m| m.user_id == r.team.captain_id)
            .map(&describe)
            .unwrap_or_default();
        let students: Vec<String> = people(&r.members, store::teams::STUDENT)
            .into_iter()
            .map(&describe)
            .collect();
        let advisors: Vec<String> = people(&r.members, store::teams::ADVISOR)
            .into_iter()
            .map(&describe)
            .collect();
        let flag = |b: bool| if b { yes.clone() } else { no.clone() };
        w.write_record([
            // Every typed value goes through `cell`.
            r.team.id.to_string(),
            cell(r.team.name.clone()),
            cell(r.tracks.join("; ")),
            if r.team.withdrawn {
                t("team-withdrawn")
            } else {
                t("csv-active")
            },
            flag(r.cross_school),
            flag(r.cross_department),
            flag(r.rules_met),
            flag(r.proof_missing),
            cell(captain),
            cell(students.join("; ")),
            cell(advisors.join("; ")),
        ])
        .map_err(|e| AppError::Internal(e.into()))?;
    }
    let mut body = vec![0xEF, 0xBB, 0xBF];
    body.extend(
        w.into_inner()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("csv: {e}")))?,
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"teams-{}.csv\"", contest.year),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}

async fn team_page(ctx: &Ctx, team_id: i32, status: StatusCode, errors: Json) -> AppResult {
    let viewer = require_organiser(ctx)?;
    let (b, events) = ctx
        .state
        .db(move |conn| {
            Ok((
                TeamBundle::load(conn, team_id)?,
                store::teams::events(conn, team_id)?,
            ))
        })
        .await?;
    let mut view = team_view(ctx, &b, viewer);
    view["history"] = json!(events.iter().map(|e| json!({
        "when": format_taipei(&e.created_at), "who": e.actor_name, "action_id": format!("event-{}", e.action.replace(['.', '_'], "-")),
    })).collect::<Vec<_>>());
    view["errors"] = errors;
    view["extensions"] = json!(b.extensions.iter().map(|e| json!({
        "deadline_id": if e.deadline == "registration" { "milestone-registration-closes" } else { "milestone-submission-deadline" },
        "until": format_taipei(&e.until_at), "reason": e.reason, "created_at": format_taipei(&e.created_at),
    })).collect::<Vec<_>>());
    view["people"] = json!(b.members.iter().map(|m| json!({
        "user_id": m.user_id,
        "name": m.real_name.clone().unwrap_or_else(|| m.display_name.clone()),
        "email": m.email,
        "school": m.school_name,
        "school_flagged": m.school_code.is_none() && !m.school_checked.unwrap_or(false) && m.school_name.is_some(),
        "proof_id": m.proof_status.as_ref().map(|s| format!("proof-{s}")),
        "proof_pending": m.proof_status.as_deref() == Some(store::profiles::PROOF_PENDING),
    })).collect::<Vec<_>>());
    let proof_files = {
        let ids: Vec<i32> = b.members.iter().map(|m| m.user_id).collect();
        ctx.state
            .db(move |conn| Ok(store::profiles::find_many(conn, &ids)?))
            .await?
    };
    if let Some(people) = view["people"].as_array_mut() {
        for p in people.iter_mut() {
            let uid = p["user_id"].as_i64().unwrap_or(0) as i32;
            p["proof_file_id"] = json!(proof_files
                .iter()
                .find(|r| r.user_id == uid)
                .and_then(|r| r.proof_file_id));
        }
    }
    view["contest_id"] = json!(b.contest.id);
    ctx.render_status(status, "organise/team", view)
}

async fn team(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    team_page(&ctx, path.into_inner(), StatusCode::OK, json!({})).await
}

async fn extend(ctx: Ctx, path: web::Path<i32>, form: web::Form<DeadlineForm>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let team_id = path.into_inner();
    let (deadline, until, reason) = match parse_extension(&form) {
        Ok(v) => v,
        Err(errors) => {
            return team_page(
                &ctx,
                team_id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors.to_json(),
            )
            .await
        }
    };
    let ip = ctx.ip.clone();
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::teams::find(conn, team_id)?.ok_or(AppError::NotFound)?;
                store::teams::add_extension(conn, team_id, deadline, until, &reason, actor, t)?;
                let details = json!({ "deadline": deadline, "until": until, "reason": reason });
                store::teams::record_event(
                    conn,
                    team_id,
                    Some(actor),
                    "team.extension",
                    details.clone(),
                    t,
                )?;
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: Some(actor),
                        action: "team.extend_deadline",
                        object_type: "team",
                        object_id: Some(team_id.to_string()),
                        details,
                        ip: ip.as_deref(),
                    },
                    t,
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/teams/{team_id}"),
        "success",
        "flash-deadline-extended",
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProofForm {
    status: String,
}

/// Checks happen from a team's page: the person must belong to that team.
fn ensure_member(conn: &mut db::DbConn, team_id: i32, uid: i32) -> Result<(), AppError> {
    let members = store::teams::members(conn, &[team_id])?;
    if members.iter().any(|m| m.user_id == uid) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

async fn check_proof(
    ctx: Ctx,
    path: web::Path<(i32, i32)>,
    form: web::Form<ProofForm>,
) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let (team_id, uid) = path.into_inner();
    let status = match form.status.as_str() {
        "verified" => store::profiles::PROOF_VERIFIED,
        "rejected" => store::profiles::PROOF_REJECTED,
        _ => return Err(AppError::BadRequest),
    };
    let ip = ctx.ip.clone();
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                ensure_member(conn, team_id, uid)?;
                if !store::profiles::check_proof(conn, uid, status, actor, t)? {
                    return Err(AppError::NotFound);
                }
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: Some(actor),
                        action: "profile.proof_check",
                        object_type: "user",
                        object_id: Some(uid.to_string()),
                        details: json!({ "status": status, "team_id": team_id }),
                        ip: ip.as_deref(),
                    },
                    t,
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/teams/{team_id}"),
        "success",
        "flash-proof-checked",
    ))
}

async fn check_school(ctx: Ctx, path: web::Path<(i32, i32)>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let (team_id, uid) = path.into_inner();
    let ip = ctx.ip.clone();
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                ensure_member(conn, team_id, uid)?;
                if !store::profiles::mark_school_checked(conn, uid)? {
                    return Err(AppError::NotFound);
                }
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: Some(actor),
                        action: "profile.school_check",
                        object_type: "user",
                        object_id: Some(uid.to_string()),
                        details: json!({ "team_id": team_id }),
                        ip: ip.as_deref(),
                    },
                    t,
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/teams/{team_id}"),
        "success",
        "flash-school-checked",
    ))
}
