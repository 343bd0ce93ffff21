//! The contest editor: the list of editions, a new edition, one edition's
//! details and timeline, publishing.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use crate::domain::timeline::roc_year;
use crate::service::contests::{ContestDraft, TIMELINE_FIELDS};
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Organiser;

pub async fn list(ctx: Ctx, who: Organiser) -> AppResult {
    let list = ctx
        .state
        .run(move |p| service::contests::contests(p, &who))
        .await?;
    let rows: Vec<Json> = list
        .contests
        .iter()
        .map(|c| {
            json!({
                "id": c.id, "year": c.year, "roc_year": roc_year(c.year), "title": c.title,
                "published": c.published, "phase_id": c.timeline().phase_at(list.at).message_id(),
            })
        })
        .collect();
    ctx.render("organise/contests", json!({ "rows": rows }))
}

fn form_json(f: &ContestDraft) -> Json {
    json!({
        "year": f.year.trim(), "title": f.title, "title_en": f.title_en,
        "description": f.description, "finals_venue": f.finals_venue,
        "dates": TIMELINE_FIELDS.iter().map(|k| json!({ "key": k, "label_id": format!("milestone-{}", k.replace('_', "-")), "value": f.date(k) })).collect::<Vec<_>>(),
    })
}

fn new_page(ctx: &Ctx, status: StatusCode, f: &ContestDraft, errors: FormErrors) -> AppResult {
    ctx.render_status(
        status,
        "organise/contest_form",
        json!({ "form": form_json(f), "errors": errors.to_json(), "contest": null }),
    )
}

pub async fn new_form(ctx: Ctx, _who: Organiser) -> AppResult {
    let f = ContestDraft::new_for(service::now());
    new_page(&ctx, StatusCode::OK, &f, FormErrors::default())
}

pub async fn create(ctx: Ctx, who: Organiser, form: web::Form<ContestDraft>) -> AppResult {
    let f = form.into_inner();
    let typed = f.clone();
    match ctx
        .state
        .run(move |p| service::contests::create(p, &who, &typed))
        .await
    {
        Ok(id) => Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/contests/{id}"),
            "success",
            "flash-contest-saved",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            new_page(&ctx, status, &f, errors)
        }
    }
}

/// An edition's page: its state, tracks and the form (as typed, after a refusal).
async fn page(
    ctx: &Ctx,
    who: Person,
    id: i32,
    status: StatusCode,
    typed: Option<ContestDraft>,
    errors: FormErrors,
) -> AppResult {
    let edit = ctx
        .state
        .run(move |p| service::contests::contest(p, &who, id))
        .await?;
    let c = &edit.contest;
    let form = typed.unwrap_or_else(|| ContestDraft::of(c));
    ctx.render_status(status, "organise/contest_form", json!({
        "form": form_json(&form),
        "errors": errors.to_json(),
        "contest": {
            "id": c.id, "year": c.year, "roc_year": roc_year(c.year), "published": c.published,
            "phase_id": c.timeline().phase_at(edit.at).message_id(),
            "tracks": edit.tracks.iter().map(|tr| json!({ "id": tr.id, "name": tr.name })).collect::<Vec<_>>(),
        },
    }))
}

pub async fn edit(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    page(
        &ctx,
        who.0,
        path.into_inner(),
        StatusCode::OK,
        None,
        FormErrors::default(),
    )
    .await
}

pub async fn update(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<ContestDraft>,
) -> AppResult {
    let id = path.into_inner();
    let f = form.into_inner();
    let (person, typed) = (who.0.clone(), f.clone());
    match ctx
        .state
        .run(move |p| service::contests::update(p, &person, id, &typed))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &format!("/organise/contests/{id}"),
            "success",
            "flash-contest-saved",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            page(&ctx, who.0, id, status, Some(f), errors).await
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublishForm {
    published: String,
}

pub async fn publish(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<PublishForm>,
) -> AppResult {
    let id = path.into_inner();
    let published = match form.published.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest),
    };
    ctx.state
        .run(move |p| service::contests::publish(p, &who, id, published))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/organise/contests/{id}"),
        "success",
        if published {
            "flash-contest-published"
        } else {
            "flash-contest-unpublished"
        },
    ))
}
