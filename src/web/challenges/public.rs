//! A published challenge's public page (404 while it is not published).

use actix_web::web;
use serde_json::json;

use super::{picked_json, placed_json};
use crate::service;
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::person_of;

pub async fn page(ctx: Ctx, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let viewer = person_of(&ctx).ok();
    let page = ctx
        .state
        .run(move |p| service::challenges::public_page(p, viewer.as_ref(), id))
        .await?;
    let lang = ctx.lang;
    ctx.render(
        "challenges/public",
        json!({
            "challenge": placed_json(lang, &page.placed),
            "datasets": page.datasets.iter().map(|d| picked_json(lang, d)).collect::<Vec<_>>(),
        }),
    )
}
