//! Joining a team by its invite link.

use actix_web::web;
use serde_json::json;

use super::{ready_or_elsewhere, team_view};
use crate::service;
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::guards::{person_of, SignedIn};

/// The invitation: which team, its tracks, who invites and as what. Someone
/// not signed in yet is offered to sign in or sign up, both coming back here
/// (through the e-mail confirmation too).
pub async fn page(ctx: Ctx, path: web::Path<String>) -> AppResult {
    let token = path.into_inner();
    let t = token.clone();
    let who = ctx.user.is_some().then(|| person_of(&ctx)).transpose()?;
    let signed_in = who.is_some();
    let found = ctx
        .state
        .run(move |p| service::teams::invitation(p, who.as_ref(), &t))
        .await?;
    ready_or_elsewhere(&ctx, found, "flash-already-member", |invitation| {
        let mut view = team_view(&ctx, &invitation.page);
        let here: String =
            url::form_urlencoded::byte_serialize(format!("/join/{token}").as_bytes()).collect();
        view["invite_role_id"] = json!(invitation.role.message_id());
        view["captain"] = json!(invitation.captain);
        view["token"] = json!(token);
        view["signed_in"] = json!(signed_in);
        view["signin_href"] = json!(format!("/signin?next={here}"));
        view["signup_href"] = json!(format!("/signup?next={here}"));
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
