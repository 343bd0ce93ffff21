//! Signing in with a university account: the buttons on the sign-in page,
//! the start (on to the provider), the callback (a GET whose state is its
//! CSRF check: it must match the state cookie set at the start and be
//! unused), and the page that links a university account to an existing
//! account with that account's password.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::signin::{client_of, signed_in, signin_view};
use crate::i18n::Lang;
use crate::service::accounts::{Callback, Finished, LINK_GONE};
use crate::service::{self, Error};
use crate::store::identities::{LINK_LIFETIME, LOGIN_LIFETIME};
use crate::web::ctx::{self, safe_next, Ctx};
use crate::web::error::AppResult;
use crate::web::forms::on_form;

/// Holds the state of a sign-in on its way through a provider.
pub const STATE_COOKIE: &str = "cp_oidc_state";
/// Names a university account waiting for its account's password.
pub const LINK_COOKIE: &str = "cp_oidc_link";

/// A button per configured provider, in this page's language, coming back
/// to `next`.
pub(super) fn buttons(ctx: &Ctx, next: &str) -> Vec<serde_json::Value> {
    let next_q = if next == "/" {
        String::new()
    } else {
        format!("?next={}", super::signup::encoded(next))
    };
    ctx.state
        .config
        .oidc
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "name": if ctx.lang == Lang::En { &p.name_en } else { &p.name },
                "href": format!("/signin/oidc/{}{next_q}", p.id),
            })
        })
        .collect()
}

/// The sign-in page again, with a university sign-in's refusal on it.
fn refused(ctx: &Ctx, next: &str, e: Error) -> AppResult {
    let (status, errors) = on_form(e)?;
    let mut resp = ctx.render_status(
        status,
        "accounts/signin",
        signin_view(ctx, "", next, errors.to_json(), false),
    )?;
    let _ = resp.add_removal_cookie(&ctx::removal(&ctx.state, STATE_COOKIE));
    Ok(resp)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StartQuery {
    next: Option<String>,
}

/// A link, not a form: the page's `form-action 'self'` would stop a form
/// from going on to the provider.
pub async fn start(ctx: Ctx, provider: web::Path<String>, q: web::Query<StartQuery>) -> AppResult {
    let next = safe_next(q.next.as_deref());
    let started = match service::accounts::start_oidc(
        &ctx.state,
        &provider.into_inner(),
        &next,
        ctx.ip.as_deref(),
    )
    .await
    {
        Ok(s) => s,
        Err(e) => return refused(&ctx, &next, e),
    };
    let mut resp = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, started.url))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish();
    let _ = resp.add_cookie(&ctx::cookie(
        &ctx.state,
        STATE_COOKIE,
        started.state,
        Some(CookieDuration::seconds(LOGIN_LIFETIME.num_seconds())),
    ));
    Ok(resp)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CallbackQuery {
    state: String,
    code: Option<String>,
    error: Option<String>,
}

pub async fn callback(
    ctx: Ctx,
    req: actix_web::HttpRequest,
    provider: web::Path<String>,
    q: web::Query<CallbackQuery>,
) -> AppResult {
    let q = q.into_inner();
    let cb = Callback {
        state: q.state,
        code: q.code,
        error: q.error,
        browser_state: req.cookie(STATE_COOKIE).map(|c| c.value().to_string()),
    };
    let finished = service::accounts::finish_oidc(
        &ctx.state,
        &provider.into_inner(),
        cb,
        client_of(&ctx),
        ctx.lang,
    )
    .await;
    let mut resp = match finished {
        Ok(Finished::SignedIn { session, next }) => {
            signed_in(&ctx, session, &safe_next(Some(&next)))
        }
        Ok(Finished::LinkNeeded { token }) => {
            let mut resp = ctx::redirect("/signin/link");
            let _ = resp.add_cookie(&ctx::cookie(
                &ctx.state,
                LINK_COOKIE,
                token,
                Some(CookieDuration::seconds(LINK_LIFETIME.num_seconds())),
            ));
            resp
        }
        Err(e) => return refused(&ctx, "/", e),
    };
    let _ = resp.add_removal_cookie(&ctx::removal(&ctx.state, STATE_COOKIE));
    Ok(resp)
}

/// The link page, or the sign-in page saying the link has gone.
async fn link_page(
    ctx: &Ctx,
    token: Option<String>,
    status: StatusCode,
    errors: serde_json::Value,
) -> AppResult {
    let Some(token) = token else {
        return refused(ctx, "/", Error::Refused(LINK_GONE));
    };
    let page = match ctx
        .state
        .run(move |p| service::accounts::pending_link(p, &token))
        .await
    {
        Ok(page) => page,
        Err(e) => return refused(ctx, "/", e),
    };
    let provider = if ctx.lang == Lang::En {
        page.provider_name_en
    } else {
        page.provider_name
    };
    ctx.render_status(
        status,
        "accounts/link",
        json!({ "email": page.email, "provider": provider, "errors": errors }),
    )
}

fn link_token(req: &actix_web::HttpRequest) -> Option<String> {
    req.cookie(LINK_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

pub async fn link_form(ctx: Ctx, req: actix_web::HttpRequest) -> AppResult {
    link_page(&ctx, link_token(&req), StatusCode::OK, json!({})).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkForm {
    password: String,
}

pub async fn link(ctx: Ctx, req: actix_web::HttpRequest, form: web::Form<LinkForm>) -> AppResult {
    let Some(token) = link_token(&req) else {
        return refused(&ctx, "/", Error::Refused(LINK_GONE));
    };
    match service::accounts::link_with_password(
        &ctx.state,
        &token,
        &form.into_inner().password,
        client_of(&ctx),
    )
    .await
    {
        Ok((session, next)) => {
            let mut resp = signed_in(&ctx, session, &safe_next(Some(&next)));
            let _ = resp.add_removal_cookie(&ctx::removal(&ctx.state, LINK_COOKIE));
            Ok(resp)
        }
        Err(e @ (Error::Invalid(_) | Error::TooMany(_))) => {
            let (status, errors) = on_form(e)?;
            link_page(&ctx, Some(token), status, errors.to_json()).await
        }
        Err(e) => refused(&ctx, "/", e),
    }
}
