//! Advancing the top N of the preliminary ranking to the finals, or one
//! entry in or out by hand, from the ranking page.

use actix_web::web;

use crate::service::{self, judging::FinalistsForm};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form};
use crate::web::guards::Organiser;

pub async fn finalists(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let track_id = path.into_inner();
    let raw_n = field(&form, "n");
    let entry = || {
        field(&form, "entry_id")
            .parse::<i32>()
            .map_err(|_| AppError::NotFound)
    };
    let change = match field(&form, "action").as_str() {
        "advance" => FinalistsForm::Advance(raw_n.clone()),
        "add" => FinalistsForm::Add(entry()?),
        "remove" => FinalistsForm::Remove(entry()?),
        _ => return Err(AppError::BadRequest),
    };
    match service::judging::finalists(&ctx.state, &who, track_id, change).await {
        Ok(()) => {
            // Back to the page of the ranking the organiser was on.
            let back_to = match field(&form, "page").parse::<usize>() {
                Ok(p) if p > 1 => format!("/organise/tracks/{track_id}/ranking?page={p}"),
                _ => format!("/organise/tracks/{track_id}/ranking"),
            };
            Ok(redirect_with_flash(
                &ctx,
                &back_to,
                "success",
                "flash-finalists-saved",
            ))
        }
        Err(e) => {
            let (status, errors) = on_form(e)?;
            super::ranking::refused(&ctx, &who, track_id, status, errors, raw_n).await
        }
    }
}
