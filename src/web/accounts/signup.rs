//! Sign-up and e-mail confirmation.

use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::{EmailForm, TokenQuery};
use crate::service::accounts::SignUp;
use crate::service::{self, Error};
use crate::web::ctx::{redirect, redirect_with_flash, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::on_form;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignUpForm {
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
}

pub async fn signup_page(ctx: Ctx) -> AppResult {
    if ctx.user.is_some() {
        return Ok(redirect("/account"));
    }
    ctx.render(
        "accounts/signup",
        json!({ "form": { "email": "", "display_name": "" }, "errors": {} }),
    )
}

pub async fn signup(ctx: Ctx, form: web::Form<SignUpForm>) -> AppResult {
    let f = form.into_inner();
    let kept = json!({ "email": f.email.trim(), "display_name": f.display_name.trim() });
    let shown = f.email.trim().to_lowercase();
    let input = SignUp {
        email: f.email,
        display_name: f.display_name,
        password: f.password,
        password_confirm: f.password_confirm,
    };
    match service::accounts::sign_up(&ctx.state, input, ctx.ip.as_deref(), ctx.lang).await {
        Ok(()) => ctx.render(
            "accounts/check_email",
            json!({ "email": shown, "purpose": "verify" }),
        ),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            ctx.render_status(
                status,
                "accounts/signup",
                json!({ "form": kept, "errors": errors.to_json() }),
            )
        }
    }
}

/// The page for a link that cannot be used, saying why.
pub(super) fn token_problem_page(ctx: &Ctx, problem: &str, purpose: &str) -> AppResult {
    ctx.render_status(
        StatusCode::BAD_REQUEST,
        "accounts/token_problem",
        json!({ "problem": problem, "purpose": purpose, "form": { "email": "" } }),
    )
}

pub async fn verify(ctx: Ctx, q: web::Query<TokenQuery>) -> AppResult {
    let token = q.into_inner().token;
    match ctx
        .state
        .run(move |p| service::accounts::verify_email(p, &token))
        .await
    {
        Ok(()) => Ok(redirect_with_flash(
            &ctx,
            "/signin",
            "success",
            "flash-email-verified",
        )),
        Err(Error::Refused(problem)) => token_problem_page(&ctx, problem, "verify"),
        Err(e) => Err(e.into()),
    }
}

pub async fn resend_verification(ctx: Ctx, form: web::Form<EmailForm>) -> AppResult {
    let (email, lang) = (form.email.clone(), ctx.lang);
    match ctx
        .state
        .run(move |p| service::accounts::resend_verification(p, &email, lang))
        .await
    {
        Ok(shown) => ctx.render(
            "accounts/check_email",
            json!({ "email": shown, "purpose": "verify" }),
        ),
        Err(Error::Invalid(_)) => ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/token_problem",
            json!({ "problem": "error-email-invalid", "purpose": "verify", "form": { "email": form.email.trim() } }),
        ),
        Err(e) => Err(e.into()),
    }
}
