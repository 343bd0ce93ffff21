//! Accounts: sign-up, e-mail verification, sign-in and sign-out, password
//! reset and change, the account page, and the language switch.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use super::ctx::{
    self, redirect, redirect_with_flash, safe_next, Ctx, LANG_COOKIE, SESSION_COOKIE,
};
use super::error::{AppError, AppResult};
use super::forms::FormErrors;
use super::now;
use crate::db;
use crate::domain::account::{DisplayName, Email, Password};
use crate::domain::role::Role;
use crate::domain::throttle;
use crate::i18n::Lang;
use crate::security;
use crate::service::mail;
use crate::store::{self, tokens::Purpose, tokens::TokenProblem};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/signup", web::get().to(signup_page))
        .route("/signup", web::post().to(signup))
        .route("/verify", web::get().to(verify))
        .route("/verify/resend", web::post().to(resend_verification))
        .route("/signin", web::get().to(signin_page))
        .route("/signin", web::post().to(signin))
        .route("/signout", web::post().to(signout))
        .route("/password/forgot", web::get().to(forgot_page))
        .route("/password/forgot", web::post().to(forgot))
        .route("/password/reset", web::get().to(reset_page))
        .route("/password/reset", web::post().to(reset))
        .route("/account", web::get().to(account))
        .route("/account/password", web::get().to(password_page))
        .route("/account/password", web::post().to(change_password))
        .route(
            "/account/sessions/end-all",
            web::post().to(signout_everywhere),
        )
        .route("/lang", web::get().to(switch_language));
}

fn ip_key(ctx: &Ctx) -> String {
    ctx.ip.clone().unwrap_or_else(|| "unknown".into())
}

fn rate_limited(ctx: &Ctx, template: &str, form: serde_json::Value) -> AppResult {
    ctx.render_status(
        StatusCode::TOO_MANY_REQUESTS,
        template,
        json!({ "form": form, "errors": { "form": "error-rate-limited" } }),
    )
}

/// At most this many argon2 computations (19 MiB each) run at once, so a
/// burst of sign-ins cannot exhaust memory on the blocking pool.
static ARGON2_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

async fn hash(password: String) -> Result<String, AppError> {
    let _slot = ARGON2_SLOTS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    web::block(move || security::hash_password(&password))
        .await?
        .map_err(AppError::Internal)
}

async fn verify_hash(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let _slot = ARGON2_SLOTS
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(web::block(move || security::verify_password(&password, stored.as_deref())).await?)
}

// ---------------------------------------------------------------- sign-up

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignUpForm {
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
}

async fn signup_page(ctx: Ctx) -> AppResult {
    if ctx.user.is_some() {
        return Ok(redirect("/account"));
    }
    ctx.render(
        "accounts/signup",
        json!({ "form": { "email": "", "display_name": "" }, "errors": {} }),
    )
}

async fn signup(ctx: Ctx, form: web::Form<SignUpForm>) -> AppResult {
    let f = form.into_inner();
    let kept = json!({ "email": f.email.trim(), "display_name": f.display_name.trim() });
    let mut errors = FormErrors::default();
    let email = errors.check(Email::parse(&f.email));
    let name = errors.check(DisplayName::parse(&f.display_name));
    let password = errors.check(Password::parse(&f.password, email.as_ref()));
    if password.is_some() && f.password != f.password_confirm {
        errors.push("password_confirm", "error-password-mismatch");
    }
    let (Some(email), Some(name), Some(password), true) =
        (email, name, password, errors.is_empty())
    else {
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/signup",
            json!({ "form": kept, "errors": errors.to_json() }),
        );
    };
    let ip = ip_key(&ctx);
    let t = now();
    let allowed = ctx
        .state
        .db(move |c| {
            Ok(store::throttle::attempt(
                c,
                &throttle::SIGN_UP_PER_IP,
                &ip,
                t,
            )?)
        })
        .await?;
    if !allowed {
        return rate_limited(&ctx, "accounts/signup", kept);
    }
    let password_hash = hash(password.expose().to_string()).await?;
    let state = ctx.state.clone();
    let lang = ctx.lang;
    let ip = ctx.ip.clone();
    let created = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                if let Some(existing) = store::users::find_by_email(conn, email.as_str())? {
                    // Say nothing on the page; tell the owner of the address
                    // instead, a few times an hour at most.
                    if !store::throttle::attempt(
                        conn,
                        &throttle::ACCOUNT_EXISTS_MAIL,
                        email.as_str(),
                        t,
                    )? {
                        return Ok(());
                    }
                    let owner_lang = Lang::from_code(&existing.locale).unwrap_or(lang);
                    mail::queue(
                        conn,
                        &state,
                        email.as_str(),
                        owner_lang,
                        "account-exists",
                        "emails/account_exists",
                        "mail-account-exists-subject",
                        json!({ "signin_url": state.config.absolute_url("/signin"),
                                "reset_url": state.config.absolute_url("/password/forgot") }),
                        t,
                    )?;
                    return Ok(());
                }
                let user = store::users::create(
                    conn,
                    &store::users::NewUser {
                        email: email.as_str(),
                        display_name: name.as_str(),
                        password_hash: &password_hash,
                        email_verified_at: None,
                        locale: lang.code(),
                        disabled: false,
                        must_change_password: false,
                        created_at: t,
                        updated_at: t,
                    },
                )?;
                store::users::grant_role(conn, user.id, Role::Participant, None, None, t)?;
                send_verification(conn, &state, &user, lang, t)?;
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: Some(user.id),
                        action: "user.signup",
                        object_type: "user",
                        object_id: Some(user.id.to_string()),
                        details: json!({ "email": user.email }),
                        ip: ip.as_deref(),
                    },
                    t,
                )?;
                Ok(())
            })
        })
        .await;
    match created {
        Ok(()) => {}
        // Two sign-ups with one address at the same moment: the loser gets
        // the same answer, and the database keeps one account.
        Err(AppError::Internal(e))
            if e.downcast_ref::<diesel::result::Error>()
                .is_some_and(store::is_unique_violation) => {}
        Err(e) => return Err(e),
    }
    ctx.render(
        "accounts/check_email",
        json!({ "email": f.email.trim().to_lowercase(), "purpose": "verify" }),
    )
}

fn send_verification(
    conn: &mut db::DbConn,
    state: &super::AppState,
    user: &store::users::User,
    lang: Lang,
    t: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    let token = security::random_token();
    store::tokens::create(
        conn,
        user.id,
        Purpose::VerifyEmail,
        &security::token_digest(&token),
        t,
    )?;
    let link = state.config.absolute_url(&format!("/verify?token={token}"));
    mail::queue(
        conn,
        state,
        &user.email,
        lang,
        "verify-email",
        "emails/verify",
        "mail-verify-subject",
        // No name: whoever signs up chooses it, and it would go to an
        // address that may not be theirs.
        json!({ "link": link, "hours": Purpose::VerifyEmail.lifetime().num_hours() }),
        t,
    )?;
    Ok(())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

async fn verify(ctx: Ctx, q: web::Query<TokenQuery>) -> AppResult {
    let digest = security::token_digest(q.token.trim());
    let t = now();
    let outcome = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<_, AppError> {
                let r = store::tokens::consume(conn, Purpose::VerifyEmail, &digest, t)?;
                if let Ok(user_id) = r {
                    store::users::mark_verified(conn, user_id, t)?;
                    // Invited to judge before having an account: the role comes now.
                    if store::judges::invited(conn, user_id)? {
                        store::users::grant_role(conn, user_id, Role::Judge, None, None, t)?;
                    }
                }
                Ok(r)
            })
        })
        .await?;
    match outcome {
        Ok(_) => Ok(redirect_with_flash(&ctx, "/signin", "success", "flash-email-verified")),
        Err(problem) => ctx.render_status(
            StatusCode::BAD_REQUEST,
            "accounts/token_problem",
            json!({ "problem": token_problem_id(problem), "purpose": "verify", "form": { "email": "" } }),
        ),
    }
}

fn token_problem_id(p: TokenProblem) -> &'static str {
    match p {
        TokenProblem::Unknown => "error-token-unknown",
        TokenProblem::Expired => "error-token-expired",
        TokenProblem::AlreadyUsed => "error-token-used",
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailForm {
    email: String,
}

async fn resend_verification(ctx: Ctx, form: web::Form<EmailForm>) -> AppResult {
    let Ok(email) = Email::parse(&form.email) else {
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/token_problem",
            json!({ "problem": "error-email-invalid", "purpose": "verify", "form": { "email": form.email.trim() } }),
        );
    };
    let state = ctx.state.clone();
    let lang = ctx.lang;
    let t = now();
    let shown = email.as_str().to_string();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let Some(user) = store::users::find_by_email(conn, email.as_str())? else {
                    return Ok(());
                };
                if user.email_verified_at.is_some() || user.disabled {
                    return Ok(());
                }
                if !store::throttle::attempt(
                    conn,
                    &throttle::VERIFY_RESEND_PER_ACCOUNT,
                    &user.email,
                    t,
                )? {
                    return Ok(());
                }
                let user_lang = Lang::from_code(&user.locale).unwrap_or(lang);
                send_verification(conn, &state, &user, user_lang, t)
            })
        })
        .await?;
    ctx.render(
        "accounts/check_email",
        json!({ "email": shown, "purpose": "verify" }),
    )
}

// ---------------------------------------------------------------- sign-in

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInQuery {
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    next: String,
}

async fn signin_page(ctx: Ctx, q: web::Query<SignInQuery>) -> AppResult {
    let next = safe_next(q.next.as_deref());
    if ctx.user.is_some() {
        return Ok(redirect(&next));
    }
    ctx.render(
        "accounts/signin",
        json!({ "form": { "email": "", "next": next }, "errors": {}, "unverified": false }),
    )
}

async fn signin(ctx: Ctx, form: web::Form<SignInForm>) -> AppResult {
    let f = form.into_inner();
    let next = safe_next(Some(&f.next));
    let kept = json!({ "email": f.email.trim(), "next": next });
    let mut errors = FormErrors::default();
    let email = errors.check(Email::parse(&f.email));
    if f.password.is_empty() {
        errors.push("password", "error-password-required");
    }
    let (Some(email), true) = (email, errors.is_empty()) else {
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/signin",
            json!({ "form": kept, "errors": errors.to_json(), "unverified": false }),
        );
    };
    let email = email.as_str().to_string();
    let ip = ip_key(&ctx);
    let t = now();
    let lookup_email = email.clone();
    let lookup_ip = ip.clone();
    let (allowed, user) = ctx
        .state
        .db(move |conn| {
            // The attempt is counted before the check, so a burst of parallel
            // guesses cannot all slip in under the limit.
            let ip_ok = store::throttle::hit(conn, &throttle::SIGN_IN_PER_IP, &lookup_ip, t)?;
            let account_ok =
                store::throttle::hit(conn, &throttle::SIGN_IN_PER_ACCOUNT, &lookup_email, t)?;
            Ok((
                ip_ok && account_ok,
                store::users::find_by_email(conn, &lookup_email)?,
            ))
        })
        .await?;
    if !allowed {
        return ctx.render_status(StatusCode::TOO_MANY_REQUESTS, "accounts/signin",
            json!({ "form": kept, "errors": { "form": "error-rate-limited" }, "unverified": false }));
    }
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let password_ok = verify_hash(f.password.clone(), stored).await?;
    let user = match user {
        Some(u) if password_ok && !u.disabled => u,
        _ => {
            return ctx.render_status(StatusCode::UNAUTHORIZED, "accounts/signin",
                json!({ "form": kept, "errors": { "form": "error-signin-failed" }, "unverified": false }));
        }
    };
    // The right password: this attempt no longer counts against anyone.
    {
        let (email, ip) = (email.clone(), ip.clone());
        ctx.state
            .db(move |conn| {
                store::throttle::clear(conn, &throttle::SIGN_IN_PER_ACCOUNT, &email)?;
                store::throttle::forget(conn, &throttle::SIGN_IN_PER_IP, &ip, t)?;
                Ok(())
            })
            .await?;
    }
    if user.email_verified_at.is_none() {
        return ctx.render_status(StatusCode::FORBIDDEN, "accounts/signin",
            json!({ "form": kept, "errors": { "form": "error-signin-unverified" }, "unverified": true }));
    }
    let token = security::random_token();
    let digest = security::token_digest(&token);
    let ua = ctx.user_agent.clone();
    let session_ip = ctx.ip.clone();
    let user_id = user.id;
    let old_session = ctx.session_digest.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                // A new id on every sign-in: a planted session cannot be carried over.
                if let Some(old) = old_session {
                    store::sessions::delete(conn, &old)?;
                }
                store::sessions::create(
                    conn,
                    &digest,
                    user_id,
                    ua.as_deref(),
                    session_ip.as_deref(),
                    t,
                )?;
                Ok(())
            })
        })
        .await?;
    let (target, flash) = if user.must_change_password {
        (
            "/account/password".to_string(),
            "flash-must-change-password",
        )
    } else {
        (next, "flash-signed-in")
    };
    let mut resp = redirect_with_flash(
        &ctx,
        &target,
        if user.must_change_password {
            "info"
        } else {
            "success"
        },
        flash,
    );
    let max_age = CookieDuration::seconds(store::sessions::ABSOLUTE_LIFETIME.num_seconds());
    let _ = resp.add_cookie(&ctx::cookie(
        &ctx.state,
        SESSION_COOKIE,
        token,
        Some(max_age),
    ));
    Ok(resp)
}

async fn signout(ctx: Ctx) -> AppResult {
    if let Some(digest) = ctx.session_digest.clone() {
        ctx.state
            .db(move |conn| Ok(store::sessions::delete(conn, &digest)?))
            .await?;
    }
    let mut resp = redirect_with_flash(&ctx, "/", "success", "flash-signed-out");
    let _ = resp.add_cookie(&ctx::removal(&ctx.state, SESSION_COOKIE));
    Ok(resp)
}

async fn signout_everywhere(ctx: Ctx) -> AppResult {
    let user_id = ctx.user()?.id;
    let ip = ctx.ip.clone();
    let t = now();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                let n = store::sessions::delete_for_user(conn, user_id, None)?;
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: Some(user_id),
                        action: "user.signout_everywhere",
                        object_type: "user",
                        object_id: Some(user_id.to_string()),
                        details: json!({ "sessions_ended": n }),
                        ip: ip.as_deref(),
                    },
                    t,
                )?;
                Ok(())
            })
        })
        .await?;
    let mut resp = redirect_with_flash(&ctx, "/signin", "success", "flash-signed-out-everywhere");
    let _ = resp.add_cookie(&ctx::removal(&ctx.state, SESSION_COOKIE));
    Ok(resp)
}

// ---------------------------------------------------------------- password reset

async fn forgot_page(ctx: Ctx) -> AppResult {
    ctx.render(
        "accounts/forgot",
        json!({ "form": { "email": "" }, "errors": {} }),
    )
}

async fn forgot(ctx: Ctx, form: web::Form<EmailForm>) -> AppResult {
    let kept = json!({ "email": form.email.trim() });
    let email = match Email::parse(&form.email) {
        Ok(e) => e,
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.add(e);
            return ctx.render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "accounts/forgot",
                json!({ "form": kept, "errors": errors.to_json() }),
            );
        }
    };
    let ip = ip_key(&ctx);
    let t = now();
    let state = ctx.state.clone();
    let lang = ctx.lang;
    let shown = email.as_str().to_string();
    let allowed = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<bool, AppError> {
                if !store::throttle::attempt(conn, &throttle::RESET_PER_IP, &ip, t)? {
                    return Ok(false);
                }
                // Per-account limit is silent: it must not reveal that the account exists.
                if !store::throttle::attempt(conn, &throttle::RESET_PER_ACCOUNT, email.as_str(), t)?
                {
                    return Ok(true);
                }
                let Some(user) = store::users::find_by_email(conn, email.as_str())? else {
                    return Ok(true);
                };
                if user.disabled {
                    return Ok(true);
                }
                let token = security::random_token();
                store::tokens::create(
                    conn,
                    user.id,
                    Purpose::ResetPassword,
                    &security::token_digest(&token),
                    t,
                )?;
                let link = state
                    .config
                    .absolute_url(&format!("/password/reset?token={token}"));
                let user_lang = Lang::from_code(&user.locale).unwrap_or(lang);
                mail::queue(
                    conn,
                    &state,
                    &user.email,
                    user_lang,
                    "reset-password",
                    "emails/reset",
                    "mail-reset-subject",
                    json!({ "name": user.display_name, "link": link,
                            "minutes": Purpose::ResetPassword.lifetime().num_minutes() }),
                    t,
                )?;
                Ok(true)
            })
        })
        .await?;
    if !allowed {
        return rate_limited(&ctx, "accounts/forgot", kept);
    }
    ctx.render(
        "accounts/check_email",
        json!({ "email": shown, "purpose": "reset" }),
    )
}

async fn reset_page(ctx: Ctx, q: web::Query<TokenQuery>) -> AppResult {
    let token = q.token.trim().to_string();
    let digest = security::token_digest(&token);
    let t = now();
    let checked = ctx
        .state
        .db(move |conn| {
            Ok(store::tokens::peek(
                conn,
                Purpose::ResetPassword,
                &digest,
                t,
            )?)
        })
        .await?;
    match checked {
        Ok(_) => ctx.render("accounts/reset", json!({ "token": token, "errors": {} })),
        Err(problem) => ctx.render_status(StatusCode::BAD_REQUEST, "accounts/token_problem",
            json!({ "problem": token_problem_id(problem), "purpose": "reset", "form": { "email": "" } })),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    token: String,
    password: String,
    password_confirm: String,
}

async fn reset(ctx: Ctx, form: web::Form<ResetForm>) -> AppResult {
    let f = form.into_inner();
    let digest = security::token_digest(f.token.trim());
    let t = now();
    let d = digest.clone();
    let found = ctx
        .state
        .db(move |conn| {
            Ok(
                match store::tokens::peek(conn, Purpose::ResetPassword, &d, t)? {
                    Ok(uid) => store::users::find(conn, uid)?.ok_or(TokenProblem::Unknown),
                    Err(p) => Err(p),
                },
            )
        })
        .await?;
    let user = match found {
        Ok(u) => u,
        Err(problem) => {
            return ctx.render_status(StatusCode::BAD_REQUEST, "accounts/token_problem",
                json!({ "problem": token_problem_id(problem), "purpose": "reset", "form": { "email": "" } }))
        }
    };
    let mut errors = FormErrors::default();
    let email = Email::parse(&user.email).ok();
    let password = errors.check(Password::parse(&f.password, email.as_ref()));
    if password.is_some() && f.password != f.password_confirm {
        errors.push("password_confirm", "error-password-mismatch");
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/reset",
            json!({ "token": f.token.trim(), "errors": errors.to_json() }),
        );
    };
    let new_hash = hash(password.expose().to_string()).await?;
    let ip = ctx.ip.clone();
    let outcome = ctx
        .state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<_, AppError> {
                let r = store::tokens::consume(conn, Purpose::ResetPassword, &digest, t)?;
                if let Ok(user_id) = r {
                    store::users::set_password(conn, user_id, &new_hash, t)?;
                    // Following the e-mailed link proves the address.
                    store::users::mark_verified(conn, user_id, t)?;
                    store::sessions::delete_for_user(conn, user_id, None)?;
                    store::audit::record(
                        conn,
                        store::audit::Entry {
                            actor_id: Some(user_id),
                            action: "user.password_reset",
                            object_type: "user",
                            object_id: Some(user_id.to_string()),
                            details: json!({}),
                            ip: ip.as_deref(),
                        },
                        t,
                    )?;
                }
                Ok(r)
            })
        })
        .await?;
    match outcome {
        Ok(_) => {
            let mut resp = redirect_with_flash(&ctx, "/signin", "success", "flash-password-reset");
            let _ = resp.add_cookie(&ctx::removal(&ctx.state, SESSION_COOKIE));
            Ok(resp)
        }
        Err(problem) => ctx.render_status(StatusCode::BAD_REQUEST, "accounts/token_problem",
            json!({ "problem": token_problem_id(problem), "purpose": "reset", "form": { "email": "" } })),
    }
}

// ---------------------------------------------------------------- account

async fn account(ctx: Ctx) -> AppResult {
    let user = ctx.user()?.clone();
    let uid = user.id;
    let t = now();
    let (profile, sessions) = ctx
        .state
        .db(move |conn| {
            let u = store::users::find(conn, uid)?.ok_or(AppError::NotFound)?;
            Ok((u, store::sessions::count_for_user(conn, uid, t)?))
        })
        .await?;
    let roles: Vec<_> = user
        .roles
        .iter()
        .map(|g| json!({
            "name_id": g.role.message_id(),
            "unit": match ctx.lang { Lang::ZhTw => g.unit_name_zh.clone(), Lang::En => g.unit_name_en.clone() },
        }))
        .collect();
    ctx.render(
        "accounts/account",
        json!({
            "profile": {
                "email": profile.email,
                "display_name": profile.display_name,
                "verified": profile.email_verified_at.is_some(),
                "created_at": profile.created_at,
            },
            "roles": roles,
            "sessions": sessions,
        }),
    )
}

async fn password_page(ctx: Ctx) -> AppResult {
    ctx.user()?;
    ctx.render("accounts/password", json!({ "errors": {} }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChangePasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

async fn change_password(ctx: Ctx, form: web::Form<ChangePasswordForm>) -> AppResult {
    let user = ctx.user()?.clone();
    let f = form.into_inner();
    let mut errors = FormErrors::default();
    if f.current_password.is_empty() {
        errors.push("current_password", "error-password-required");
    }
    let email = Email::parse(&user.email).ok();
    let password = errors.check(Password::parse(&f.password, email.as_ref()));
    if password.is_some() && f.password != f.password_confirm {
        errors.push("password_confirm", "error-password-mismatch");
    }
    if password.is_some() && f.password == f.current_password {
        errors.push("password", "error-password-unchanged");
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/password",
            json!({ "errors": errors.to_json() }),
        );
    };
    let uid = user.id;
    let t = now();
    let account_key = user.email.clone();
    let (stored, recent) = ctx
        .state
        .db(move |conn| {
            let u = store::users::find(conn, uid)?.ok_or(AppError::NotFound)?;
            let n = store::throttle::recent(conn, &throttle::SIGN_IN_PER_ACCOUNT, &account_key, t)?;
            Ok((u.password_hash, n))
        })
        .await?;
    if !throttle::SIGN_IN_PER_ACCOUNT.allows(recent) {
        return ctx.render_status(
            StatusCode::TOO_MANY_REQUESTS,
            "accounts/password",
            json!({ "errors": { "form": "error-rate-limited" } }),
        );
    }
    if !verify_hash(f.current_password.clone(), Some(stored)).await? {
        let key = user.email.clone();
        ctx.state
            .db(move |conn| {
                Ok(store::throttle::record(
                    conn,
                    &throttle::SIGN_IN_PER_ACCOUNT,
                    &key,
                    t,
                )?)
            })
            .await?;
        return ctx.render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "accounts/password",
            json!({ "errors": { "current_password": "error-current-password-wrong" } }),
        );
    }
    let new_hash = hash(password.expose().to_string()).await?;
    let keep = ctx.session_digest.clone();
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            db::transaction(conn, |conn| -> Result<(), AppError> {
                store::users::set_password(conn, uid, &new_hash, t)?;
                // A reset link asked for earlier must not undo this change.
                store::tokens::void_for_user(conn, uid, Purpose::ResetPassword, t)?;
                let ended = store::sessions::delete_for_user(conn, uid, keep.as_deref())?;
                store::audit::record(
                    conn,
                    store::audit::Entry {
                        actor_id: Some(uid),
                        action: "user.password_change",
                        object_type: "user",
                        object_id: Some(uid.to_string()),
                        details: json!({ "other_sessions_ended": ended }),
                        ip: ip.as_deref(),
                    },
                    t,
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        "/account",
        "success",
        "flash-password-changed",
    ))
}

// ---------------------------------------------------------------- language

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LangQuery {
    set: String,
    next: Option<String>,
}

/// A plain link (works without JavaScript) that switches the language and
/// remembers it: in a cookie, and on the account for e-mails.
async fn switch_language(ctx: Ctx, q: web::Query<LangQuery>) -> AppResult {
    let lang = Lang::from_code(&q.set).ok_or(AppError::BadRequest)?;
    if let Some(u) = &ctx.user {
        let uid = u.id;
        ctx.state
            .db(move |conn| Ok(store::users::set_locale(conn, uid, lang.code())?))
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
