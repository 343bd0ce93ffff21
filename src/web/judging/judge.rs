//! The judges' own pages: their list, one entry with its score sheet, the
//! proposal download, saving a score and declaring a conflict. Anyone signed
//! in may ask; an entry that is not theirs to judge is "not found".

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde_json::{json, Value as Json};

use super::{fmt1, round_of, RoundQuery};
use crate::domain::judging::{Round, ScoreSheet, ScoreStatus};
use crate::i18n::{t, Lang};
use crate::service::judging::{ScoreForm, ScoringPage, Typed};
use crate::service::{self, Person};
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::SignedIn;
use crate::web::names::{contest_title, track_name};

pub async fn dashboard(ctx: Ctx, who: SignedIn) -> AppResult {
    let lang = ctx.lang;
    let lines = ctx
        .state
        .run(move |p| service::judging::dashboard(p, &who))
        .await?;
    let rows: Vec<Json> = lines
        .iter()
        .map(|l| {
            let status = l.status.map_or("none", ScoreStatus::as_str);
            json!({
                "id": l.entry.id, "title": l.entry.title, "status": format!("score-status-{status}"),
                "done": l.status == Some(ScoreStatus::Submitted), "team": l.team,
                "round": format!("round-{}", l.round), "query": l.round.query(),
                "due": l.due.as_ref().map(format_taipei),
                "track": track_name(lang, &l.track), "contest": contest_title(lang, &l.contest),
            })
        })
        .collect();
    let done = rows.iter().filter(|r| r["done"] == true).count();
    ctx.render(
        "judging/dashboard",
        json!({ "entries": rows, "done": done, "total": rows.len() }),
    )
}

async fn load(
    ctx: &Ctx,
    who: Person,
    entry_id: i32,
    round: Round,
    typed: Option<Typed>,
) -> service::Result<ScoringPage> {
    ctx.state
        .run(move |p| service::judging::scoring_page(p, &who, entry_id, round, typed))
        .await
}

/// What a refused form puts back on the scoring page.
#[derive(Default)]
struct SheetForms {
    /// The version the sheet is saved over next.
    version: Option<i32>,
    errors: FormErrors,
    /// The conflict note as typed.
    note: String,
}

pub async fn entry_page(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    q: web::Query<RoundQuery>,
) -> AppResult {
    let round = round_of(&q.round)?;
    let page = load(&ctx, who.0, path.into_inner(), round, None).await?;
    render(&ctx, StatusCode::OK, page, SheetForms::default())
}

fn render(ctx: &Ctx, status: StatusCode, sc: ScoringPage, kept: SheetForms) -> AppResult {
    let lang = ctx.lang;
    let en = lang == Lang::En;
    let pick = |zh: &str, en_text: &str| {
        if en && !en_text.trim().is_empty() {
            en_text.to_string()
        } else {
            zh.to_string()
        }
    };
    let submitted = sc
        .score
        .as_ref()
        .is_some_and(|s| s.status == ScoreStatus::Submitted);
    let datasets: Vec<Json> = sc
        .datasets
        .iter()
        .map(|(_, id, publisher, usage, depth, title)| {
            let key = format!("d{id}");
            json!({
                "id": id, "key": key, "publisher": publisher, "usage": usage, "title": title,
                "depth": t(lang, &format!("depth-{depth}")),
                "rating": sc.sheet.depth.get(id).cloned().unwrap_or_default(),
                "error": sc.problems.get(&key),
            })
        })
        .collect();
    let quantity_percent = (sc.scale.fraction(sc.eligible_datasets) * 100.0).round();
    let criteria: Vec<Json> = sc
        .rubric
        .iter()
        .flat_map(|(_, cs)| cs.iter())
        .map(|c| {
            let key = format!("c{}", c.position);
            json!({
                "key": key, "kind": c.kind, "name": pick(&c.name_zh, &c.name_en),
                "guidance": pick(&c.description_zh, &c.description_en),
                "weight": c.weight, "min": c.min_score, "max": c.max_score,
                "value": sc.sheet.criteria.get(&c.position.to_string()).cloned().unwrap_or_default(),
                "note": sc.sheet.notes.get(&c.position.to_string()).map(|n| n.0.clone()).unwrap_or_default(),
                "note_shared": sc.sheet.notes.get(&c.position.to_string()).is_some_and(|n| n.1),
                "note_error": sc.problems.get(&format!("n{}", c.position)),
                "position": c.position,
                "error": sc.problems.get(&key),
                "quantity_percent": quantity_percent,
            })
        })
        .collect();
    let version = kept
        .version
        .unwrap_or_else(|| sc.score.as_ref().map_or(0, |s| s.version));
    ctx.render_status(
        status,
        "judging/entry",
        json!({
            "entry": {
                "id": sc.entry.id, "title": sc.entry.title, "abstract": sc.entry.abstract_, "problem": sc.entry.problem,
                "solution": sc.entry.solution, "target_users": sc.entry.target_users, "demo_url": sc.entry.demo_url,
            },
            "track": track_name(lang, &sc.track),
            "challenge": sc.challenge.as_ref().map(|c| crate::web::entries::challenge::chosen(lang, c)),
            "round": sc.round,
            "round_label": format!("round-{}", sc.round),
            "query": sc.round.query(),
            "team": sc.team.as_ref().map(|(name, members)| json!({
                "name": name, "schools": crate::service::teams::school_lines(members),
            })),
            "has_proposal": sc.entry.proposal_file_id.is_some(),
            "others": sc.others.iter().enumerate().map(|(i, (total, comment))| json!({
                "n": i + 1, "total": fmt1(*total), "comment": comment,
            })).collect::<Vec<_>>(),
            "datasets": datasets,
            "eligible_datasets": sc.eligible_datasets,
            "has_rubric": sc.rubric.is_some(),
            "criteria": criteria,
            "form": {
                "comment": sc.sheet.comment, "comment_shared": sc.sheet.comment_shared, "version": version, "message": kept.errors.get("form"),
                "comment_error": sc.problems.get("comment"),
            },
            "note": kept.note,
            "errors": kept.errors.to_json(),
            "submitted": submitted,
            "total": sc.score.as_ref().and_then(|s| s.total).map(fmt1),
            "status": sc.score.as_ref().map(|s| format!("score-status-{}", s.status.as_str())),
        }),
    )
}

/// The sheet as posted: `c<position>` fields are typed criteria,
/// `d<dataset id>` fields depth ratings.
fn sheet_of(form: &[(String, String)]) -> ScoreSheet {
    let mut sheet = ScoreSheet {
        comment: field(form, "comment"),
        comment_shared: field(form, "comment_shared") == "yes",
        ..ScoreSheet::default()
    };
    for (k, v) in form {
        if let Some(position) = k.strip_prefix("note").filter(|p| p.parse::<i32>().is_ok()) {
            let shared = field(form, &format!("share{position}")) == "yes";
            sheet
                .notes
                .insert(position.to_string(), (v.to_string(), shared));
        } else if let Some(position) = k.strip_prefix('c').filter(|p| p.parse::<i32>().is_ok()) {
            sheet
                .criteria
                .insert(position.to_string(), v.trim().to_string());
        } else if let Some(dataset) = k.strip_prefix('d').filter(|d| !d.is_empty()) {
            sheet
                .depth
                .insert(dataset.to_string(), v.trim().to_string());
        }
    }
    sheet
}

pub async fn score(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let entry_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let input = ScoreForm {
        sheet: sheet_of(&form),
        version: field(&form, "version").parse().unwrap_or(-1),
        submit: field(&form, "action") == "submit",
    };
    let (person, typed) = (who.0.clone(), input.clone());
    let Err(e) = ctx
        .state
        .run(move |p| service::judging::score(p, &person, entry_id, round, &typed))
        .await
    else {
        return Ok(redirect_with_flash(
            &ctx,
            &format!("/judge/entries/{entry_id}{}", round.query()),
            "success",
            if input.submit {
                "flash-score-submitted"
            } else {
                "flash-score-saved"
            },
        ));
    };
    let (status, errors) = on_form(e)?;
    let typed = Typed {
        sheet: input.sheet,
        submit: input.submit,
    };
    let page = load(&ctx, who.0, entry_id, round, Some(typed)).await?;
    // Refused for being stale: the next save goes over what is stored now.
    let version = if status == StatusCode::CONFLICT {
        page.score.as_ref().map_or(0, |s| s.version)
    } else {
        input.version
    };
    let kept = SheetForms {
        version: Some(version),
        errors,
        ..SheetForms::default()
    };
    render(&ctx, status, page, kept)
}

/// The proposal PDF of an entry the judge may score, under a neutral file
/// name so that nothing in the download names the team.
pub async fn proposal(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    q: web::Query<RoundQuery>,
) -> AppResult {
    let entry_id = path.into_inner();
    let round = round_of(&q.round)?;
    let file = ctx
        .state
        .run(move |p| service::judging::proposal(p, &who, entry_id, round))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"entry-{entry_id}.pdf\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(file.data))
}

pub async fn declare_conflict(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let entry_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let note = field(&form, "note");
    let (person, typed) = (who.0.clone(), note.clone());
    let Err(e) = ctx
        .state
        .run(move |p| service::judging::declare_conflict(p, &person, entry_id, round, &typed))
        .await
    else {
        return Ok(redirect_with_flash(
            &ctx,
            "/judge",
            "success",
            "flash-conflict-declared",
        ));
    };
    let (status, errors) = on_form(e)?;
    let page = load(&ctx, who.0, entry_id, round, None).await?;
    render(
        &ctx,
        status,
        page,
        SheetForms {
            errors,
            note,
            ..SheetForms::default()
        },
    )
}
