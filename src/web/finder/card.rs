//! A student's own card: the form, saving it, taking it off the list.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::json;

use super::{board_path, contest_json, discipline_options, ready};
use crate::domain::finder::{CardInput, CardStatus, Discipline};
use crate::service::{self, Person};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::SignedIn;
use crate::web::names::track_name;

pub async fn form(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let ok = (StatusCode::OK, FormErrors::default());
    render(&ctx, who.0, path.into_inner(), ok, None).await
}

async fn render(
    ctx: &Ctx,
    who: Person,
    year: i32,
    (status, errors): (StatusCode, FormErrors),
    typed: Option<CardInput>,
) -> AppResult {
    let found = ctx
        .state
        .run(move |p| service::finder::card_page(p, &who, year))
        .await?;
    ready(ctx, found, |page| {
        let card = page.card.as_ref();
        // What the form holds: what was typed, else the card, else the
        // group suggested from the department.
        let (group, skills, idea, tracks) = match (&typed, card) {
            (Some(t), _) => (
                Discipline::parse(&t.discipline),
                t.skills.clone(),
                t.idea.clone(),
                t.tracks.clone(),
            ),
            (None, Some(m)) => (
                Some(m.card.discipline),
                m.card.skills.clone(),
                m.card.idea.clone(),
                m.tracks.clone(),
            ),
            (None, None) => (
                Some(page.suggested),
                String::new(),
                String::new(),
                Vec::new(),
            ),
        };
        ctx.render_status(
            status,
            "finder/card",
            json!({
                "contest": contest_json(ctx, &page.contest),
                "school": page.school, "department": page.department,
                "suggested_id": page.suggested.message_id(),
                "exists": card.is_some(),
                "status_id": card.map(|m| m.status.message_id()),
                "listed": card.is_some_and(|m| m.status == CardStatus::Listed),
                "withdrawn": card.is_some_and(|m| m.status == CardStatus::Withdrawn),
                "hidden_reason": card.map(|m| m.card.hidden_reason.clone()).unwrap_or_default(),
                "discipline_options": discipline_options(group),
                "skills": skills, "idea": idea,
                "track_options": page.contest.tracks.iter().map(|t| json!({
                    "id": t.id, "name": track_name(ctx.lang, t), "checked": tracks.contains(&t.id),
                })).collect::<Vec<_>>(),
                "errors": errors.to_json(),
            }),
        )
    })
}

pub async fn save(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let year = path.into_inner();
    let tracks = form
        .iter()
        .filter(|(k, _)| k == "track")
        .map(|(_, v)| v.trim().parse().map_err(|_| AppError::BadRequest))
        .collect::<Result<Vec<i32>, _>>()?;
    let input = CardInput {
        discipline: field(&form, "discipline"),
        skills: field(&form, "skills"),
        idea: field(&form, "idea"),
        tracks,
    };
    let (person, typed) = (who.0.clone(), input.clone());
    match ctx
        .state
        .run(move |p| service::finder::save_card(p, &person, year, &typed))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            &board_path(year),
            "success",
            "flash-finder-card-saved",
        )),
        Err(e) => {
            let refused = on_form(e)?;
            render(&ctx, who.0, year, refused, Some(input)).await
        }
    }
}

pub async fn withdraw(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let year = path.into_inner();
    ctx.state
        .run(move |p| service::finder::withdraw_card(p, &who, year))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &board_path(year),
        "success",
        "flash-finder-card-withdrawn",
    ))
}
