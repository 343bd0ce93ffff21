//! Joining a team by its invite link.

use actix_web::web;
use serde_json::json;

use super::{ready_or_elsewhere, team_view};
use crate::service;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::guards::SignedIn;

pub async fn page(ctx: Ctx, who: SignedIn, path: web::Path<String>) -> AppResult {
    let token = path.into_inner();
    let t = token.clone();
    let found = ctx
        .state
        .run(move |p| service::teams::invitation(p, &who, &t))
        .await?;
    ready_or_elsewhere(&ctx, found, "flash-already-member", |invitation| {
        let mut view = team_view(&ctx, &invitation.page);
        view["invite_role_id"] = json!(invitation.role.message_id());
        view["token"] = json!(token);
        ctx.render("teams/join", view)
    })
}

pub async fn join(ctx: Ctx, who: SignedIn, path: web::Path<String>) -> AppResult {
    let token = path.into_inner();
    let joined = ctx
        .state
        .run(move |p| service::teams::join(p, &who, &token))
        .await?;
    ready_or_elsewhere(&ctx, joined, "flash-already-member", |team_id| {
        Ok(redirect_with_flash(
            &ctx,
            &format!("/teams/{team_id}"),
            "success",
            "flash-joined-team",
        ))
    })
}
