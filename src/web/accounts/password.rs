//! Forgotten passwords and changing one's own.

use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::signup::token_problem_page;
use super::{EmailForm, TokenQuery};
use crate::service::accounts::PasswordChange;
use crate::service::{self, Error};
use crate::web::ctx::{self, redirect_with_flash, Ctx, SESSION_COOKIE};
use crate::web::error::AppResult;
use crate::web::forms::on_form;
use crate::web::guards::SignedIn;

pub async fn forgot_page(ctx: Ctx) -> AppResult {
    ctx.render(
        "accounts/forgot",
        json!({ "form": { "email": "" }, "errors": {} }),
    )
}

pub async fn forgot(ctx: Ctx, form: web::Form<EmailForm>) -> AppResult {
    let kept = json!({ "email": form.email.trim() });
    let (email, ip, lang) = (form.email.clone(), ctx.ip.clone(), ctx.lang);
    match ctx
        .state
        .run(move |p| service::accounts::forgot_password(p, &email, ip.as_deref(), lang))
        .await
    {
        Ok(shown) => ctx.render(
            "accounts/check_email",
            json!({ "email": shown, "purpose": "reset" }),
        ),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            ctx.render_status(
                status,
                "accounts/forgot",
                json!({ "form": kept, "errors": errors.to_json() }),
            )
        }
    }
}

pub async fn reset_page(ctx: Ctx, q: web::Query<TokenQuery>) -> AppResult {
    let token = q.into_inner().token.trim().to_string();
    let t = token.clone();
    match ctx
        .state
        .run(move |p| service::accounts::check_reset_token(p, &t))
        .await
    {
        Ok(()) => ctx.render("accounts/reset", json!({ "token": token, "errors": {} })),
        Err(Error::Refused(problem)) => token_problem_page(&ctx, problem, "reset"),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    token: String,
    password: String,
    password_confirm: String,
}

pub async fn reset(ctx: Ctx, form: web::Form<ResetForm>) -> AppResult {
    let f = form.into_inner();
    match service::accounts::reset_password(
        &ctx.state,
        &f.token,
        &f.password,
        &f.password_confirm,
        ctx.ip.as_deref(),
    )
    .await
    {
        Ok(()) => {
            let mut resp = redirect_with_flash(&ctx, "/signin", "success", "flash-password-reset");
            let _ = resp.add_cookie(&ctx::removal(&ctx.state, SESSION_COOKIE));
            Ok(resp)
        }
        Err(Error::Refused(problem)) => token_problem_page(&ctx, problem, "reset"),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            ctx.render_status(
                status,
                "accounts/reset",
                json!({ "token": f.token.trim(), "errors": errors.to_json() }),
            )
        }
    }
}

pub async fn password_page(ctx: Ctx, _who: SignedIn) -> AppResult {
    ctx.render("accounts/password", json!({ "errors": {} }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChangePasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

pub async fn change_password(
    ctx: Ctx,
    who: SignedIn,
    form: web::Form<ChangePasswordForm>,
) -> AppResult {
    let f = form.into_inner();
    let change = PasswordChange {
        current: f.current_password,
        password: f.password,
        confirm: f.password_confirm,
    };
    let keep = ctx.session_digest.clone();
    match service::accounts::change_password(&ctx.state, &who, change, keep).await {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            "/account",
            "success",
            "flash-password-changed",
        )),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            ctx.render_status(
                status,
                "accounts/password",
                json!({ "errors": errors.to_json() }),
            )
        }
    }
}
