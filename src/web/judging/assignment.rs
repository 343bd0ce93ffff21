//! Who judges what, from the judges page: the automatic assignment, changes
//! by hand, and setting a detected conflict aside.

use actix_web::http::StatusCode;
use actix_web::web;

use super::panel::{answered, refused, render, Kept};
use super::{back, round_of};
use crate::service;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::field;
use crate::web::guards::Organiser;

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
            let kept = Kept {
                k,
                ..Kept::default()
            };
            return refused(&ctx, who.0, track_id, round, e, kept).await;
        }
    };
    if short.is_empty() {
        return back(&ctx, track_id, round, "flash-assigned");
    }
    // Show at once which entries could not get k judges, and why.
    let kept = Kept {
        short,
        k,
        ..Kept::default()
    };
    render(&ctx, who.0, StatusCode::OK, track_id, round, kept).await
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
    ctx.state
        .run(move |p| service::judging::edit_assignment(p, &who, track_id, round, pair, adding))
        .await?;
    back(&ctx, track_id, round, "flash-assignment-saved")
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
    let kept = Kept {
        dismiss_note: note,
        ..Kept::default()
    };
    let flash = "flash-conflict-dismissed";
    answered(&ctx, who.0, (track_id, round), result, flash, kept).await
}
