//! A team's page, and the changes its captain (or a member leaving) makes
//! from it. A refused change shows the page again with the reason, and a
//! refused name beside the name field with what was typed.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::{chosen_tracks, team_view};
use crate::domain::team::MemberRole;
use crate::service::{self, Person, Portal};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{field, on_form, FormErrors};
use crate::web::guards::SignedIn;

pub async fn show(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    render(
        &ctx,
        who.0,
        path.into_inner(),
        StatusCode::OK,
        FormErrors::default(),
        json!({}),
    )
    .await
}

async fn render(
    ctx: &Ctx,
    who: Person,
    team_id: i32,
    status: StatusCode,
    errors: FormErrors,
    typed: Json,
) -> AppResult {
    let page = ctx
        .state
        .run(move |p| service::teams::page(p, &who, team_id))
        .await?;
    let mut view = team_view(ctx, &page);
    view["rename"] = json!(page.bundle.team.name);
    view["invite_email"] = json!("");
    view["invite_advisor"] = json!(false);
    if let (Json::Object(v), Json::Object(t)) = (&mut view, typed) {
        v.extend(t);
    }
    view["errors"] = errors.to_json();
    ctx.render_status(status, "teams/team", view)
}

/// Runs one of the captain's changes, then goes back to the team's page
/// saying `done`, or shows the page again with why not and what was typed
/// (`typed`: the name for a rename, the address for an invitation).
async fn change<F>(
    ctx: &Ctx,
    who: Person,
    team_id: i32,
    (typed, done): (Json, &str),
    f: F,
) -> AppResult
where
    F: FnOnce(&Portal, &Person) -> service::Result<()> + Send + 'static,
{
    let person = who.clone();
    match ctx.state.run(move |p| f(p, &person)).await {
        Ok(()) => Ok(redirect_with_flash(
            ctx,
            &format!("/teams/{team_id}"),
            "success",
            done,
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            render(ctx, who, team_id, status, errors, typed).await
        }
    }
}

const SAVED: (Json, &str) = (Json::Null, "flash-team-saved");

pub async fn rename(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let team_id = path.into_inner();
    let name = field(&form, "name");
    let typed = name.clone();
    let kept = (json!({ "rename": name }), "flash-team-saved");
    change(&ctx, who.0, team_id, kept, move |p, w| {
        service::teams::rename(p, w, team_id, &typed)
    })
    .await
}

pub async fn change_tracks(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let team_id = path.into_inner();
    let chosen = chosen_tracks(&form)?;
    change(&ctx, who.0, team_id, SAVED, move |p, w| {
        service::teams::set_tracks(p, w, team_id, &chosen)
    })
    .await
}

pub async fn remove_member(ctx: Ctx, who: SignedIn, path: web::Path<(i32, i32)>) -> AppResult {
    let (team_id, uid) = path.into_inner();
    change(&ctx, who.0, team_id, SAVED, move |p, w| {
        service::teams::remove_member(p, w, team_id, uid)
    })
    .await
}

pub async fn hand_over(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let team_id = path.into_inner();
    let uid: i32 = field(&form, "user_id")
        .parse()
        .map_err(|_| AppError::BadRequest)?;
    change(&ctx, who.0, team_id, SAVED, move |p, w| {
        service::teams::hand_over(p, w, team_id, uid)
    })
    .await
}

pub async fn withdraw(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let team_id = path.into_inner();
    change(&ctx, who.0, team_id, SAVED, move |p, w| {
        service::teams::withdraw(p, w, team_id)
    })
    .await
}

pub async fn regenerate_invites(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let team_id = path.into_inner();
    change(&ctx, who.0, team_id, SAVED, move |p, w| {
        service::teams::regenerate_invites(p, w, team_id)
    })
    .await
}

/// The captain e-mails an invite link (a student's, or an advisor's when
/// `role` says so) to an address.
pub async fn invite_by_email(
    ctx: Ctx,
    who: SignedIn,
    path: web::Path<i32>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let team_id = path.into_inner();
    let (email, lang) = (field(&form, "email"), ctx.lang);
    let role = match field(&form, "role").as_str() {
        "advisor" => MemberRole::Advisor,
        "" | "student" => MemberRole::Student,
        _ => return Err(AppError::BadRequest),
    };
    let typed =
        json!({ "invite_email": email.trim(), "invite_advisor": role == MemberRole::Advisor });
    change(
        &ctx,
        who.0,
        team_id,
        (typed, "flash-invite-sent"),
        move |p, w| service::teams::invite_by_email(p, w, team_id, &email, role, lang),
    )
    .await
}

/// A member (not the captain) leaves, while registration is open.
pub async fn leave(ctx: Ctx, who: SignedIn, path: web::Path<i32>) -> AppResult {
    let team_id = path.into_inner();
    ctx.state
        .run(move |p| service::teams::leave(p, &who, team_id))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/teams",
        "success",
        "flash-left-team",
    ))
}
