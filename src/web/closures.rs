//! The organisers' office closures page: the closures recorded (applied or
//! not), a form to record one, and the removal of a mistaken one.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::json;

use super::ctx::{redirect_with_flash, Ctx};
use super::error::AppResult;
use super::forms::{on_form, FormErrors};
use super::guards::Organiser;
use crate::domain::closure::{self, Area, ClosureForm};
use crate::i18n::Lang;
use crate::service::{self, calendar::closures::Outcome};

const PAGE: &str = "/organise/calendar/closures";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(PAGE, web::get().to(page))
        .route(PAGE, web::post().to(record))
        .route(
            "/organise/calendar/closures/{id}/remove",
            web::get().to(confirm),
        )
        .route(
            "/organise/calendar/closures/{id}/remove",
            web::post().to(remove),
        );
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RecordForm {
    date: String,
    area: String,
    reference: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RemoveForm {
    reason: String,
}

/// An area's name in the reader's language.
fn area_name(lang: Lang, a: Area) -> &'static str {
    if lang == Lang::En {
        a.en
    } else {
        a.zh
    }
}

/// A stored area (its Chinese name) in the reader's language.
fn stored_area(lang: Lang, zh: &str) -> String {
    closure::area(zh)
        .map(|a| area_name(lang, a).to_string())
        .unwrap_or_else(|| zh.to_string())
}

async fn page(ctx: Ctx, who: Organiser) -> AppResult {
    render(
        &ctx,
        who,
        StatusCode::OK,
        RecordForm::default(),
        FormErrors::default(),
    )
    .await
}

async fn render(
    ctx: &Ctx,
    who: Organiser,
    status: StatusCode,
    typed: RecordForm,
    errors: FormErrors,
) -> AppResult {
    let lang = ctx.lang;
    let c = ctx
        .state
        .run(move |p| service::calendar::closures::page(p, &who))
        .await?;
    // The form offers the configured area first-chosen, or what was typed.
    let chosen = closure::area(&typed.area).unwrap_or(c.area);
    ctx.render_status(
        status,
        "organise/closures",
        json!({
            "area": area_name(lang, c.area),
            "years": c.years.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "),
            "areas": closure::AREAS.iter().map(|a| json!({
                "value": a.zh, "label": area_name(lang, *a), "selected": *a == chosen,
            })).collect::<Vec<_>>(),
            "closures": c.closures.iter().map(|l| json!({
                "id": l.closure.id,
                "date": l.closure.on_date.format("%Y-%m-%d").to_string(),
                "area": stored_area(lang, &l.closure.area),
                "reference": l.closure.reference,
                "applied": l.closure.applied,
                "already_off": l.already_off,
                "at": crate::templates::format_taipei(&l.closure.recorded_at),
            })).collect::<Vec<_>>(),
            "form": { "date": typed.date, "reference": typed.reference },
            "errors": errors.to_json(),
        }),
    )
}

async fn record(ctx: Ctx, who: Organiser, form: web::Form<RecordForm>) -> AppResult {
    let typed = form.into_inner();
    let input = ClosureForm {
        date: typed.date.clone(),
        area: typed.area.clone(),
        reference: typed.reference.clone(),
    };
    let person = who.clone();
    match ctx
        .state
        .run(move |p| service::calendar::closures::record(p, &person, &input))
        .await
    {
        Ok(done) => Ok(redirect_with_flash(
            &ctx,
            PAGE,
            "success",
            flash(&done, "flash-closure-recorded"),
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(&ctx, who, status, typed, errors).await
        }
    }
}

/// What the flash says: whether the closure counts, and whether it moved
/// any due date.
fn flash(done: &Outcome, recorded: &'static str) -> &'static str {
    match (done.applied, done.moved.is_empty(), recorded) {
        (false, _, "flash-closure-recorded") => "flash-closure-recorded-elsewhere",
        (true, false, "flash-closure-recorded") => "flash-closure-recorded-moved",
        (true, false, _) => "flash-closure-removed-moved",
        (_, _, r) => r,
    }
}

async fn confirm(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    render_confirm(
        &ctx,
        who,
        path.into_inner(),
        StatusCode::OK,
        String::new(),
        FormErrors::default(),
    )
    .await
}

async fn render_confirm(
    ctx: &Ctx,
    who: Organiser,
    id: i32,
    status: StatusCode,
    reason: String,
    errors: FormErrors,
) -> AppResult {
    let c = ctx
        .state
        .run(move |p| service::calendar::closures::find(p, &who, id))
        .await?;
    ctx.render_status(
        status,
        "organise/closure_remove",
        json!({
            "closure": {
                "id": c.id, "date": c.on_date.format("%Y-%m-%d").to_string(),
                "area": stored_area(ctx.lang, &c.area), "reference": c.reference, "applied": c.applied,
            },
            "form": { "reason": reason },
            "errors": errors.to_json(),
        }),
    )
}

async fn remove(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<RemoveForm>,
) -> AppResult {
    let id = path.into_inner();
    let reason = form.into_inner().reason;
    let (person, typed) = (who.clone(), reason.clone());
    match ctx
        .state
        .run(move |p| service::calendar::closures::remove(p, &person, id, &typed))
        .await
    {
        Ok(done) => Ok(redirect_with_flash(
            &ctx,
            PAGE,
            "success",
            flash(&done, "flash-closure-removed"),
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render_confirm(&ctx, who, id, status, reason, errors).await
        }
    }
}
