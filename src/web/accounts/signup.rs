//! Sign-up and e-mail confirmation.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use serde::Deserialize;
use serde_json::json;

use super::EmailForm;
use crate::domain::text::local_path;
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
    next: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NextQuery {
    next: Option<String>,
}

/// Where the person goes after signing up and confirming (an invitation …):
/// a page of this portal, or nowhere in particular.
fn next_of(raw: Option<&str>) -> Option<String> {
    raw.filter(|n| local_path(n) && *n != "/")
        .map(str::to_string)
}

/// The sign-in page's address, carrying `next`.
fn signin_href(next: Option<&str>) -> String {
    match next {
        Some(n) => format!("/signin?next={}", encoded(n)),
        None => "/signin".to_string(),
    }
}

pub(super) fn encoded(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub async fn signup_page(ctx: Ctx, q: web::Query<NextQuery>) -> AppResult {
    let next = next_of(q.next.as_deref());
    if ctx.user.is_some() {
        return Ok(redirect(next.as_deref().unwrap_or("/account")));
    }
    ctx.render(
        "accounts/signup",
        json!({
            "form": { "email": "", "display_name": "", "next": next },
            "signin_href": signin_href(next.as_deref()), "errors": {},
        }),
    )
}

/// Signs up; a browser that came through an outreach campaign's link
/// brings the campaign along (`web::outreach::remembered`).
pub async fn signup(ctx: Ctx, req: HttpRequest, form: web::Form<SignUpForm>) -> AppResult {
    let campaign = crate::web::outreach::remembered(&req);
    let f = form.into_inner();
    let next = next_of(Some(&f.next));
    let kept =
        json!({ "email": f.email.trim(), "display_name": f.display_name.trim(), "next": next });
    let shown = f.email.trim().to_lowercase();
    let input = SignUp {
        email: f.email,
        display_name: f.display_name,
        password: f.password,
        password_confirm: f.password_confirm,
    };
    let signed_up = service::accounts::sign_up_via(
        &ctx.state,
        input,
        next.as_deref(),
        campaign.as_deref(),
        ctx.ip.as_deref(),
        ctx.lang,
    )
    .await;
    match signed_up {
        Ok(()) => ctx.render(
            "accounts/check_email",
            json!({ "email": shown, "purpose": "verify" }),
        ),
        Err(e) => {
            let (status, errors) = on_form(e)?;
            ctx.render_status(
                status,
                "accounts/signup",
                json!({ "form": kept, "signin_href": signin_href(next.as_deref()), "errors": errors.to_json() }),
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

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VerifyQuery {
    token: String,
    next: Option<String>,
}

/// Confirms the address, then asks to sign in — going on to `next` (the
/// invitation the person signed up from) when the link carries one.
pub async fn verify(ctx: Ctx, q: web::Query<VerifyQuery>) -> AppResult {
    let VerifyQuery { token, next } = q.into_inner();
    let next = next_of(next.as_deref());
    match ctx
        .state
        .run(move |p| service::accounts::verify_email(p, &token))
        .await
    {
        // The sign-in form comes back with the address just confirmed.
        Ok(email) => Ok(redirect_with_flash(
            &ctx,
            &format!(
                "{}{}email={}",
                signin_href(next.as_deref()),
                if next.is_some() { "&" } else { "?" },
                encoded(&email)
            ),
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
