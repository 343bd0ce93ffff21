//! The account page and the language switch.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::i18n::Lang;
use crate::service;
use crate::web::ctx::{self, redirect, safe_next, Ctx, LANG_COOKIE};
use crate::web::error::{AppError, AppResult};
use crate::web::guards::{person_of, SignedIn};

pub async fn account(ctx: Ctx, who: SignedIn) -> AppResult {
    let roles: Vec<_> = who
        .roles
        .iter()
        .map(|g| json!({
            "name_id": g.role.message_id(),
            "unit": match ctx.lang { Lang::ZhTw => g.unit_name_zh.clone(), Lang::En => g.unit_name_en.clone() },
        }))
        .collect();
    let a = ctx
        .state
        .run(move |p| service::accounts::account(p, &who))
        .await?;
    ctx.render(
        "accounts/account",
        json!({
            "profile": {
                "email": a.user.email,
                "display_name": a.user.display_name,
                "verified": a.user.email_verified_at.is_some(),
                "created_at": a.user.created_at,
            },
            "roles": roles,
            "sessions": a.sessions,
        }),
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LangQuery {
    set: String,
    next: Option<String>,
}

/// A plain link (works without JavaScript) that switches the language and
/// remembers it: in a cookie, and on the account for e-mails.
pub async fn switch_language(ctx: Ctx, q: web::Query<LangQuery>) -> AppResult {
    let lang = Lang::from_code(&q.set).ok_or(AppError::BadRequest)?;
    if let Ok(who) = person_of(&ctx) {
        ctx.state
            .run(move |p| service::accounts::set_language(p, &who, lang))
            .await?;
    }
    let mut resp: HttpResponse = redirect(&safe_next(q.next.as_deref()));
    let _ = resp.add_cookie(&ctx::cookie(
        &ctx.state,
        LANG_COOKIE,
        lang.code().to_string(),
        Some(CookieDuration::days(365)),
    ));
    Ok(resp)
}
