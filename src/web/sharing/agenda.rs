//! The agendas business units read.

use actix_web::web;
use serde_json::json;

use super::session_json;
use crate::service;
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::SignedIn;
use crate::web::names::contest_title;

pub async fn agendas(ctx: Ctx, who: SignedIn) -> AppResult {
    let lang = ctx.lang;
    let list = ctx
        .state
        .run(move |p| service::sharing::agendas(p, &who))
        .await?;
    ctx.render(
        "sharing/agendas",
        json!({
            "sessions": list.iter().map(|(s, c)| json!({
                "id": s.id, "held_on": s.held_on.to_string(), "starts_at": s.starts_at,
                "place": s.place, "contest": contest_title(lang, c), "year": c.year,
            })).collect::<Vec<_>>(),
        }),
    )
}

pub async fn agenda(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let sid = path.into_inner();
    let lang = ctx.lang;
    let (contest, view) = ctx
        .state
        .run(move |p| service::sharing::agenda(p, &who, sid))
        .await?;
    ctx.render(
        "sharing/agenda",
        json!({
            "contest": { "id": contest.id, "year": contest.year, "title": contest_title(lang, &contest) },
            "session": session_json(lang, &view),
        }),
    )
}
