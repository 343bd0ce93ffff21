//! The open-data consult (issue 16): a team's consult page with the form to
//! ask, the reviewers' queue, and the page where a reviewer answers.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use crate::i18n::{reason_label, Lang};
use crate::service::consults::{AnswerForm, ForReviewer, QueueLine, TeamConsult};
use crate::service::{self, Person};
use crate::store::consults::ConsultRow;
use crate::store::eligibility::ReasonCode;
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::{Reviewer, SignedIn};
use crate::web::names::{contest_title, track_name};
use crate::web::review::depth_label;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/teams/{team}/entries/{track}/consult",
        web::get().to(team_page),
    )
    .route("/teams/{team}/entries/{track}/consult", web::post().to(ask))
    .route("/review/consults", web::get().to(queue))
    .route("/review/consults/{id}", web::get().to(review_page))
    .route("/review/consults/{id}", web::post().to(answer));
}

/// A consult's question and, once answered, its answer.
fn consult_view(lang: Lang, codes: &[ReasonCode], c: &ConsultRow, by: &Option<String>) -> Json {
    json!({
        "id": c.id, "question": c.question, "version": c.entry_version,
        "asked_at": format_taipei(&c.asked_at),
        "answered": c.answered(), "answer": c.answer, "by": by,
        "answered_at": c.answered_at.as_ref().map(format_taipei),
        "reasons": c.reason_list().iter().map(|r| reason_label(lang, codes, r)).collect::<Vec<_>>(),
    })
}

// The team's side.

pub async fn team_page(ctx: Ctx, who: SignedIn, path: web::Path<(i32, i32)>) -> AppResult {
    let (team, track) = path.into_inner();
    let page = load_team(&ctx, who.0, team, track).await?;
    render_team(&ctx, &page, StatusCode::OK, FormErrors::default(), "")
}

async fn load_team(ctx: &Ctx, who: Person, team: i32, track: i32) -> service::Result<TeamConsult> {
    ctx.state
        .run(move |p| service::consults::for_team(p, &who, team, track))
        .await
}

fn render_team(
    ctx: &Ctx,
    c: &TeamConsult,
    status: StatusCode,
    errors: FormErrors,
    question: &str,
) -> AppResult {
    let lang = ctx.lang;
    ctx.render_status(
        status,
        "entries/consult",
        json!({
            "team": { "id": c.team.id, "name": c.team.name },
            "track": { "id": c.track.id, "name": track_name(lang, &c.track) },
            "contest": { "year": c.contest.year, "title": contest_title(lang, &c.contest) },
            "entry": c.entry.as_ref().map(|e| json!({ "title": e.title, "version": e.version })),
            "consult": c.consult.as_ref().map(|x| consult_view(lang, &c.codes, x, &c.answered_by)),
            "can_ask": c.can_ask, "open": c.open,
            "open_until": c.open_until.as_ref().map(format_taipei),
            "form": { "question": question },
            "errors": errors.to_json(),
        }),
    )
}

pub async fn ask(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<(i32, i32)>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let (team, track) = path.into_inner();
    // Kept as typed (not trimmed) for the form shown again.
    let question = form
        .iter()
        .find(|(k, _)| k == "question")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let (person, typed) = (who.0.clone(), question.clone());
    match ctx
        .state
        .run(move |p| service::consults::ask(p, &person, team, track, &typed))
        .await
    {
        Ok(_) => Ok(redirect_with_flash(
            &ctx,
            &format!("/teams/{team}/entries/{track}/consult"),
            "success",
            "flash-consult-asked",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            let page = load_team(&ctx, who.0, team, track).await?;
            render_team(&ctx, &page, status, errors, &question)
        }
    }
}

// The reviewers' side.

pub async fn queue(ctx: Ctx, who: Reviewer) -> AppResult {
    let q = ctx
        .state
        .run(move |p| service::consults::queue(p, &who))
        .await?;
    let lang = ctx.lang;
    let line = |l: &QueueLine| {
        json!({
            "id": l.consult.id, "team": l.team, "title": l.entry.title, "year": l.year,
            "track": track_name(lang, &l.track),
            "asked_at": format_taipei(&l.consult.asked_at),
            "answered_at": l.consult.answered_at.as_ref().map(format_taipei),
        })
    };
    ctx.render(
        "review/consults",
        json!({
            "open": q.open.iter().map(line).collect::<Vec<_>>(),
            "answered": q.answered.iter().map(line).collect::<Vec<_>>(),
        }),
    )
}

pub async fn review_page(ctx: Ctx, who: Reviewer, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let r = load_review(&ctx, who.0, id).await?;
    render_review(
        &ctx,
        &r,
        StatusCode::OK,
        FormErrors::default(),
        &AnswerForm::default(),
    )
}

async fn load_review(ctx: &Ctx, who: Person, id: i32) -> service::Result<ForReviewer> {
    ctx.state
        .run(move |p| service::consults::for_reviewer(p, &who, id))
        .await
}

fn render_review(
    ctx: &Ctx,
    r: &ForReviewer,
    status: StatusCode,
    errors: FormErrors,
    f: &AnswerForm,
) -> AppResult {
    let lang = ctx.lang;
    let depth = |n: i32| depth_label(lang, n);
    ctx.render_status(status, "review/consult", json!({
        "consult": consult_view(lang, &r.codes, &r.consult, &r.answered_by),
        "team": { "name": r.team.name },
        "track": { "name": track_name(lang, &r.track) },
        "contest": { "year": r.contest.year },
        "entry": { "title": r.entry.title, "abstract": r.content.abstract_, "version": r.entry.version },
        "datasets": r.content.datasets.iter().map(|d| {
            let cat = r.catalogue.iter().find(|c| c.source_id == d.dataset_id);
            json!({
                "id": d.dataset_id, "fields_used": d.fields_used, "usage": d.usage, "depth": depth(d.depth),
                "catalogue": cat.map(|c| json!({ "title": c.title, "publisher": c.publisher })),
            })
        }).collect::<Vec<_>>(),
        "codes": r.codes.iter().filter(|c| c.active).map(|c| json!({
            "code": c.code, "label": if lang == Lang::En { &c.label_en } else { &c.label_zh },
            "checked": f.reasons.contains(&c.code),
        })).collect::<Vec<_>>(),
        "form": { "message": f.message },
        "errors": errors.to_json(),
    }))
}

pub async fn answer(
    ctx: Ctx,
    who: Reviewer,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let id = path.into_inner();
    let f = AnswerForm {
        message: form
            .iter()
            .find(|(k, _)| k == "message")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        reasons: form
            .iter()
            .filter(|(k, _)| k == "reason")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let (person, typed) = (who.0.clone(), f.clone());
    match ctx
        .state
        .run(move |p| service::consults::answer(p, &person, id, &typed))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            "/review/consults",
            "success",
            "flash-consult-answered",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            let r = load_review(&ctx, who.0, id).await?;
            render_review(&ctx, &r, status, errors, &f)
        }
    }
}
