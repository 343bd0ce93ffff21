//! Contact requests: asking from a card on the list, the page of one's
//! requests both ways (addresses once accepted, and the invitation to one's
//! team from there), accepting and declining.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::board::{back_to, render as render_board, CardForms};
use super::{contest_json, ready};
use crate::service::finder::ContactLine;
use crate::service::{self};
use crate::templates::format_taipei;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form};
use crate::web::guards::SignedIn;

fn line_json(l: &ContactLine, incoming: bool) -> Json {
    json!({
        "incoming": incoming,
        "id": l.id, "state_id": l.state.message_id(),
        "pending": l.state == crate::domain::finder::ContactState::Pending,
        "message": l.message, "when": format_taipei(&l.created_at),
        "name": l.name, "school": l.school, "department": l.department,
        "email": l.email, "other_in_team": l.other_in_team, "invite": l.invite,
    })
}

pub async fn show(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let year = path.into_inner();
    let found = ctx
        .state
        .run(move |p| service::finder::contacts(p, &who, year))
        .await?;
    ready(&ctx, found, |page| {
        ctx.render_status(
            StatusCode::OK,
            "finder/contacts",
            json!({
                "contest": contest_json(&ctx, &page.contest),
                "has_card": page.has_card,
                "incoming": page.incoming.iter().map(|l| line_json(l, true)).collect::<Vec<_>>(),
                "outgoing": page.outgoing.iter().map(|l| line_json(l, false)).collect::<Vec<_>>(),
                "team": page.team.as_ref().map(|t| json!({
                    "id": t.team_id, "name": t.name, "captain": t.captain, "open": t.open, "full": t.full,
                })),
            }),
        )
    })
}

/// A student asks a card's owner for contact, from the list.
pub async fn ask(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let card = path.into_inner();
    let (message, back) = (field(&form, "message"), field(&form, "back"));
    let year: i32 = field(&form, "year")
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    let (person, typed) = (who.0.clone(), message.clone());
    match ctx
        .state
        .run(move |p| service::finder::request_contact(p, &person, card, &typed))
        .await
    {
        Ok(year) => Ok(redirect_with_flash(
            &ctx,
            &back_to(&back, year),
            "success",
            "flash-finder-asked",
        )),
        Err(e) => {
            let refused = on_form(e)?;
            let kept = CardForms {
                ask_card: Some(card),
                message,
                ..CardForms::default()
            };
            render_board(&ctx, who.0, (year, &back), refused, kept).await
        }
    }
}

async fn answer(ctx: Ctx, who: SignedIn, id: i32, accept: bool) -> AppResult {
    let year = ctx
        .state
        .run(move |p| service::finder::answer_contact(p, &who, id, accept))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/contests/{year}/finder/contacts"),
        "success",
        if accept {
            "flash-finder-accepted"
        } else {
            "flash-finder-declined"
        },
    ))
}

pub async fn accept(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    answer(ctx, who, path.into_inner(), true).await
}

pub async fn decline(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    answer(ctx, who, path.into_inner(), false).await
}
