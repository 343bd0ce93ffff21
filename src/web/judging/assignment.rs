//! Who judges what, from the judges page: the automatic assignment, changes
//! by hand, and setting a detected conflict aside.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::json;

use super::panel::{answered, refused, render, PanelForms};
use super::{back, back_to, conflict_reasons, entry_judges_href, judges_href, round_of};
use crate::domain::judging::Round;
use crate::i18n::t;
use crate::service;
use crate::service::Person;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

/// An id posted in a form; a missing or garbled one names nothing (404).
fn id_of(form: &[(String, String)], name: &str) -> Result<i32, AppError> {
    field(form, name).parse().map_err(|_| AppError::NotFound)
}

pub async fn auto_assign(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let round = round_of(&field(&form, "round"))?;
    let k = field(&form, "k");
    let (person, typed) = (who.0.clone(), k.clone());
    let short = match ctx
        .state
        .run(move |p| service::judging::auto_assign(p, &person, track_id, round, &typed))
        .await
    {
        Ok(short) => short,
        Err(e) => {
            let kept = PanelForms {
                k,
                ..PanelForms::default()
            };
            return refused(&ctx, who.0, track_id, round, e, kept).await;
        }
    };
    if short.is_empty() {
        return back(&ctx, track_id, round, "flash-assigned");
    }
    // Show at once which entries could not get k judges, and why.
    let kept = PanelForms {
        short,
        k,
        ..PanelForms::default()
    };
    render(&ctx, who.0, StatusCode::OK, track_id, round, kept).await
}

/// `?round=` and the judges page's `?page=` to go back to.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct EntryJudgesQuery {
    round: String,
    page: Option<i64>,
}

/// One entry's judges: who has it, a choice of the judges who may be given
/// it (with their loads), and the panel's conflicts with its team.
pub async fn entry_page(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<(i32, i32)>,
    q: web::Query<EntryJudgesQuery>,
) -> AppResult {
    let (track_id, entry_id) = path.into_inner();
    let round = round_of(&q.round)?;
    let shown = EntryShown {
        at: (track_id, entry_id, round),
        page: q.page,
        status: StatusCode::OK,
        errors: FormErrors::default(),
    };
    render_entry(&ctx, who.0, shown).await
}

/// Which entry's page to show, the judges page's page to go back to, and a
/// refusal to show on it.
struct EntryShown {
    at: (i32, i32, Round),
    page: Option<i64>,
    status: StatusCode,
    errors: FormErrors,
}

async fn render_entry(ctx: &Ctx, who: Person, shown: EntryShown) -> AppResult {
    let (track_id, entry_id, round) = shown.at;
    let page = ctx
        .state
        .run(move |p| service::judging::entry_judges(p, &who, track_id, round, entry_id))
        .await?;
    let lang = ctx.lang;
    let b = &page.board;
    let (entry, team) = page.entry();
    let assigned: Vec<_> = b
        .assignments
        .iter()
        .map(|a| json!({ "id": a.user_id, "name": b.judge_name(a.user_id), "manual": a.manual }))
        .collect();
    let available: Vec<_> = page
        .available()
        .into_iter()
        .map(|o| json!({ "id": o.judge, "name": o.name, "load": o.load, "max": o.max_load }))
        .collect();
    let conflicts: Vec<_> = b
        .conflicts
        .iter()
        .map(|((_, judge), c)| {
            json!({
                "judge": b.judge_name(*judge),
                "reasons": conflict_reasons(lang, c),
                "dismissed": c.dismissed, "declared": c.declared,
            })
        })
        .collect();
    ctx.render_status(
        shown.status,
        "organise/entry_judges",
        json!({
            "track": { "id": b.track.id, "name": track_name(lang, &b.track) },
            "contest": { "id": b.contest.id, "title": contest_title(lang, &b.contest) },
            "entry": { "id": entry.id, "title": entry.title, "team": team },
            "round": round,
            "round_name": t(lang, &format!("round-{round}")),
            "page": shown.page.filter(|n| *n > 1),
            "back_href": judges_href(track_id, round, shown.page),
            "has_rubric": page.has_rubric,
            "has_judges": page.has_judges(),
            "assigned": assigned,
            "available": available,
            "conflicts": conflicts,
            "errors": shown.errors.to_json(),
        }),
    )
}

pub async fn edit(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let pair = (id_of(&form, "entry_id")?, id_of(&form, "judge_id")?);
    let adding = field(&form, "action") != "remove";
    let round = round_of(&field(&form, "round"))?;
    let person = who.0.clone();
    let result = ctx
        .state
        .run(move |p| service::judging::edit_assignment(p, &person, track_id, round, pair, adding))
        .await;
    // Back where the change was made: the entry's own page or the judges
    // page at the page of entries it was on; a refusal is shown there.
    let page = field(&form, "page").parse().ok();
    let from_entry = field(&form, "back") == "entry";
    match result {
        Ok(()) if from_entry => {
            let href = entry_judges_href(track_id, pair.0, round, page);
            back_to(&ctx, &href, "flash-assignment-saved")
        }
        Ok(()) => back_to(
            &ctx,
            &judges_href(track_id, round, page),
            "flash-assignment-saved",
        ),
        Err(e) if from_entry => {
            let (status, errors) = on_form(e)?;
            let shown = EntryShown {
                at: (track_id, pair.0, round),
                page,
                status,
                errors,
            };
            render_entry(&ctx, who.0, shown).await
        }
        Err(e) => {
            let forms = PanelForms {
                page,
                ..PanelForms::default()
            };
            refused(&ctx, who.0, track_id, round, e, forms).await
        }
    }
}

pub async fn dismiss_conflict(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let pair = (id_of(&form, "entry_id")?, id_of(&form, "judge_id")?);
    let round = round_of(&field(&form, "round"))?;
    let note = field(&form, "note");
    let (person, typed) = (who.0.clone(), note.clone());
    let result = ctx
        .state
        .run(move |p| service::judging::dismiss_conflict(p, &person, track_id, round, pair, &typed))
        .await;
    let kept = PanelForms {
        dismiss_note: note,
        ..PanelForms::default()
    };
    let flash = "flash-conflict-dismissed";
    answered(&ctx, who.0, (track_id, round), result, flash, kept).await
}
