//! A contest's teams for organisers: the filtered list with its CSV export,
//! one team with its history, per-team deadline extensions, and checks of
//! enrolment proofs and hand-typed schools.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::{typed_extension, DeadlineForm};
use crate::domain::timeline::roc_year;
use crate::service::teams::{ProofVerdict, TeamFilter, TeamRow};
use crate::service::{self, Person};
use crate::store::contests::Track;
use crate::store::profiles::PROOF_PENDING;
use crate::store::teams::Member;
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::download;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};
use crate::web::teams::proof_id;
use crate::web::teams::team_view;

fn track_names(lang: crate::i18n::Lang, tracks: &[Track], r: &TeamRow) -> Vec<String> {
    tracks
        .iter()
        .filter(|t| r.track_ids.contains(&t.id))
        .map(|t| track_name(lang, t))
        .collect()
}

pub async fn list(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<TeamFilter>,
) -> AppResult {
    let f = q.into_inner();
    let (contest_id, filter) = (path.into_inner(), f.clone());
    let list = ctx
        .state
        .run(move |p| service::teams::organiser_list(p, &who, contest_id, filter))
        .await?;
    let lang = ctx.lang;
    let (all, page) = (&list.head, &list.page);
    let shown: Vec<Json> = page
        .items
        .iter()
        .map(|r| json!({
            "id": r.team.id, "name": r.team.name, "tracks": track_names(lang, &all.tracks, r), "withdrawn": r.team.withdrawn,
            "students": r.people(false).len(),
            "advisors": r.people(true).len(),
            "schools": r.schools(),
            "cross_school": r.cross_school, "cross_department": r.cross_department,
            "rules_met": r.rules_met, "proof_missing": r.proof_missing, "flagged_school": r.flagged_school,
        }))
        .collect();
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
    let c = &all.contest;
    let base = format!("/organise/contests/{}/teams", c.id);
    let pages = page.pages();
    let status = if all.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    ctx.render_status(status, "organise/teams", json!({
        "contest": { "id": c.id, "year": c.year, "roc_year": roc_year(c.year), "title": contest_title(lang, c) },
        "filter": { "track": f.track, "q": f.q, "school": f.school, "cross_school": f.cross_school, "cross_department": f.cross_department,
                    "rules": f.rules, "proof": f.proof, "withdrawn": f.withdrawn },
        "track_options": all.tracks.iter().map(|t| json!({ "id": t.id.to_string(), "name": track_name(lang, t), "selected": t.id.to_string() == f.track })).collect::<Vec<_>>(),
        "rows": shown,
        "total_teams": all.total_teams,
        "csv": format!("{base}.csv?{query_without_page}"),
        "errors": all.errors.to_json(),
        "pager": {
            "page": page.page, "pages": pages, "total": page.total,
            "prev": (page.page > 1).then(|| format!("{base}?{query_without_page}&page={}", page.page - 1)),
            "next": (page.page < pages).then(|| format!("{base}?{query_without_page}&page={}", page.page + 1)),
        },
    }))
}

/// CSV that Excel opens correctly (see `web::download`), sent a few
/// hundred teams at a time as they are read.
pub async fn export(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<TeamFilter>,
) -> AppResult {
    let (contest_id, filter) = (path.into_inner(), q.into_inner());
    let person = who.0;
    let asker = person.clone();
    let head = ctx
        .state
        .run(move |p| service::teams::organiser_csv(p, &asker, contest_id))
        .await?;
    let t = |id: &str| ctx.t(id);
    let words = CsvWords {
        yes: t("csv-yes"),
        no: t("csv-no"),
        withdrawn: t("team-withdrawn"),
        active: t("csv-active"),
        tracks: head
            .tracks
            .iter()
            .map(|tr| (tr.id, track_name(ctx.lang, tr)))
            .collect(),
    };
    let heading = [
        "csv-team-id",
        "team-name",
        "team-tracks",
        "csv-status",
        "team-cross-school",
        "team-cross-department",
        "csv-rules-met",
        "csv-proof-missing",
        "team-captain",
        "team-members",
        "team-advisors",
    ]
    .into_iter()
    .map(t)
    .collect::<Vec<_>>();
    let parts = download::keyed_parts(
        ctx.state.clone(),
        move |p, after| {
            service::teams::organiser_csv_part(p, &person, contest_id, filter.clone(), after)
                .map(|part| (part.rows, part.next))
        },
        move |r| words.line(r),
    );
    download::csv_parts(heading, parts, &format!("teams-{}.csv", head.contest.year))
}

/// The words of the export in the reader's language.
#[derive(Clone)]
struct CsvWords {
    yes: String,
    no: String,
    withdrawn: String,
    active: String,
    /// Each track's name, in the contest's order.
    tracks: Vec<(i32, String)>,
}

impl CsvWords {
    fn line(&self, r: &TeamRow) -> Vec<String> {
        let flag = |b: bool| if b { &self.yes } else { &self.no }.clone();
        let join = |people: Vec<&Member>| {
            people
                .into_iter()
                .map(describe)
                .collect::<Vec<_>>()
                .join("; ")
        };
        let captain = r
            .members
            .iter()
            .find(|m| m.user_id == r.team.captain_id)
            .map(describe)
            .unwrap_or_default();
        vec![
            r.team.id.to_string(),
            r.team.name.clone(),
            self.tracks
                .iter()
                .filter(|(id, _)| r.track_ids.contains(id))
                .map(|(_, name)| name.clone())
                .collect::<Vec<_>>()
                .join("; "),
            if r.team.withdrawn {
                &self.withdrawn
            } else {
                &self.active
            }
            .clone(),
            flag(r.cross_school),
            flag(r.cross_department),
            flag(r.rules_met),
            flag(r.proof_missing),
            captain,
            join(r.people(false)),
            join(r.people(true)),
        ]
    }
}

fn describe(m: &Member) -> String {
    format!(
        "{} <{}> {} {}",
        m.real_name
            .clone()
            .unwrap_or_else(|| m.display_name.clone()),
        m.email,
        m.school_name.clone().unwrap_or_default(),
        m.department.clone().unwrap_or_default()
    )
}

async fn page(
    ctx: &Ctx,
    who: Person,
    team_id: i32,
    status: StatusCode,
    errors: FormErrors,
    extension: Json,
) -> AppResult {
    let o = ctx
        .state
        .run(move |p| service::teams::organiser_page(p, &who, team_id))
        .await?;
    let b = &o.page.bundle;
    let mut view = team_view(ctx, &o.page);
    view["errors"] = errors.to_json();
    view["extension"] = extension;
    view["extensions"] = json!(b.extensions.iter().map(|e| json!({
        "deadline_id": e.deadline.message_id(),
        "until": format_taipei(&e.until_at), "reason": e.reason, "created_at": format_taipei(&e.created_at),
    })).collect::<Vec<_>>());
    let files: &HashMap<i32, i32> = &o.proof_files;
    view["people"] = json!(b
        .members
        .iter()
        .map(|m| json!({
            "user_id": m.user_id,
            "name": m.real_name.clone().unwrap_or_else(|| m.display_name.clone()),
            "email": m.email,
            "school": m.school_name,
            "school_flagged": m.school_flagged() && m.school_name.is_some(),
            "proof_id": proof_id(m),
            "proof_pending": m.proof_status.as_deref() == Some(PROOF_PENDING),
            "proof_file_id": files.get(&m.user_id),
        }))
        .collect::<Vec<_>>());
    view["contest_id"] = json!(b.contest.id);
    ctx.render_status(status, "organise/team", view)
}

pub async fn show(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    page(
        &ctx,
        who.0,
        path.into_inner(),
        StatusCode::OK,
        FormErrors::default(),
        typed_extension(None),
    )
    .await
}

pub async fn extend(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<DeadlineForm>,
) -> AppResult {
    let team_id = path.into_inner();
    let f = form.into_inner();
    let (person, typed) = (who.0.clone(), f.typed());
    match ctx
        .state
        .run(move |p| service::teams::extend_for_team(p, &person, team_id, &typed))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/teams/{team_id}"),
            "success",
            "flash-deadline-extended",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            page(
                &ctx,
                who.0,
                team_id,
                status,
                errors,
                typed_extension(Some(&f)),
            )
            .await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProofForm {
    status: String,
}

pub async fn check_proof(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, i32)>,
    form: web::Form<ProofForm>,
) -> AppResult {
    let (team_id, uid) = path.into_inner();
    let verdict = ProofVerdict::parse(&form.status).ok_or(AppError::BadRequest)?;
    ctx.state
        .run(move |p| service::teams::review_proof(p, &who, team_id, uid, verdict))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/teams/{team_id}"),
        "success",
        "flash-proof-checked",
    ))
}

pub async fn check_school(ctx: Ctx, who: Organiser, path: web::Path<(i32, i32)>) -> AppResult {
    let (team_id, uid) = path.into_inner();
    ctx.state
        .run(move |p| service::teams::confirm_school(p, &who, team_id, uid))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/teams/{team_id}"),
        "success",
        "flash-school-checked",
    ))
}
