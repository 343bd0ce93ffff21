//! Signing in and out.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use crate::service::accounts::Client;
use crate::service::{self, Error};
use crate::store::sessions::ABSOLUTE_LIFETIME;
use crate::web::ctx::{self, redirect, redirect_with_flash, safe_next, Ctx, SESSION_COOKIE};
use crate::web::error::AppResult;
use crate::web::forms::on_form;
use crate::web::guards::SignedIn;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInQuery {
    next: Option<String>,
    /// The address to fill in (after confirming it).
    email: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    next: String,
}

/// The sign-up page's address, carrying `next` (an invitation …) through
/// sign-up and the e-mail confirmation.
fn signup_href(next: &str) -> String {
    if next == "/" {
        "/signup".to_string()
    } else {
        format!("/signup?next={}", super::signup::encoded(next))
    }
}

/// The sign-in page's data: the form (`email` kept, `next`), the sign-up
/// link, a button per university identity provider, and what went wrong.
pub(super) fn signin_view(
    ctx: &Ctx,
    email: &str,
    next: &str,
    errors: serde_json::Value,
    unverified: bool,
) -> serde_json::Value {
    json!({
        "form": { "email": email, "next": next },
        "signup_href": signup_href(next),
        "providers": super::oidc::buttons(ctx, next),
        "errors": errors,
        "unverified": unverified,
    })
}

pub async fn signin_page(ctx: Ctx, q: web::Query<SignInQuery>) -> AppResult {
    let next = safe_next(q.next.as_deref());
    if ctx.user.is_some() {
        return Ok(redirect(&next));
    }
    ctx.render(
        "accounts/signin",
        signin_view(&ctx, q.email.trim(), &next, json!({}), false),
    )
}

/// Where a sign-in comes from, and the session it replaces.
pub(super) fn client_of(ctx: &Ctx) -> Client {
    Client {
        ip: ctx.ip.clone(),
        user_agent: ctx.user_agent.clone(),
        old_session: ctx.session_digest.clone(),
    }
}

pub async fn signin(ctx: Ctx, form: web::Form<SignInForm>) -> AppResult {
    let f = form.into_inner();
    let next = safe_next(Some(&f.next));
    let client = client_of(&ctx);
    let refused = |status: StatusCode, errors: serde_json::Value, unverified: bool| {
        ctx.render_status(
            status,
            "accounts/signin",
            signin_view(&ctx, f.email.trim(), &next, errors, unverified),
        )
    };
    let session = match service::accounts::sign_in(&ctx.state, &f.email, &f.password, client).await
    {
        Ok(s) => s,
        Err(Error::Refused(m @ "error-signin-failed")) => {
            return refused(StatusCode::UNAUTHORIZED, json!({ "form": m }), false)
        }
        Err(Error::Refused(m @ "error-signin-unverified")) => {
            return refused(StatusCode::FORBIDDEN, json!({ "form": m }), true)
        }
        Err(e) => {
            let (status, errors) = on_form(e)?;
            return refused(status, errors.to_json(), false);
        }
    };
    Ok(signed_in(&ctx, session, &next))
}

/// Where a new session goes (the password page first when it must change),
/// with its cookie: every way of signing in ends here.
pub(super) fn signed_in(
    ctx: &Ctx,
    session: service::accounts::Session,
    next: &str,
) -> actix_web::HttpResponse {
    let mut resp = if session.must_change_password {
        redirect_with_flash(
            ctx,
            "/account/password",
            "info",
            "flash-must-change-password",
        )
    } else {
        redirect_with_flash(ctx, next, "success", "flash-signed-in")
    };
    let max_age = CookieDuration::seconds(ABSOLUTE_LIFETIME.num_seconds());
    let _ = resp.add_cookie(&ctx::cookie(
        &ctx.state,
        SESSION_COOKIE,
        session.token,
        Some(max_age),
    ));
    resp
}

pub async fn signout(ctx: Ctx) -> AppResult {
    if let Some(digest) = ctx.session_digest.clone() {
        ctx.state
            .run(move |p| service::accounts::sign_out(p, &digest))
            .await?;
    }
    let mut resp = redirect_with_flash(&ctx, "/", "success", "flash-signed-out");
    let _ = resp.add_cookie(&ctx::removal(&ctx.state, SESSION_COOKIE));
    Ok(resp)
}

pub async fn signout_everywhere(ctx: Ctx, who: SignedIn) -> AppResult {
    ctx.state
        .run(move |p| service::accounts::sign_out_everywhere(p, &who))
        .await?;
    let mut resp = redirect_with_flash(&ctx, "/signin", "success", "flash-signed-out-everywhere");
    let _ = resp.add_cookie(&ctx::removal(&ctx.state, SESSION_COOKIE));
    Ok(resp)
}
