//! Account pages: sign-up and e-mail confirmation, sign-in and sign-out,
//! university sign-in (OpenID Connect), forgotten and changed passwords, the
//! account page, the language switch.

mod account;
mod oidc;
mod password;
mod signin;
mod signup;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/signup", web::get().to(signup::signup_page))
        .route("/signup", web::post().to(signup::signup))
        .route("/verify", web::get().to(signup::verify))
        .route(
            "/verify/resend",
            web::post().to(signup::resend_verification),
        )
        .route("/signin", web::get().to(signin::signin_page))
        .route("/signin", web::post().to(signin::signin))
        .route("/signout", web::post().to(signin::signout))
        .route("/signin/oidc/{provider}", web::get().to(oidc::start))
        .route(
            "/signin/oidc/{provider}/callback",
            web::get().to(oidc::callback),
        )
        .route("/signin/link", web::get().to(oidc::link_form))
        .route("/signin/link", web::post().to(oidc::link))
        .route("/password/forgot", web::get().to(password::forgot_page))
        .route("/password/forgot", web::post().to(password::forgot))
        .route("/password/reset", web::get().to(password::reset_page))
        .route("/password/reset", web::post().to(password::reset))
        .route("/account", web::get().to(account::account))
        .route("/account/password", web::get().to(password::password_page))
        .route(
            "/account/password",
            web::post().to(password::change_password),
        )
        .route(
            "/account/sessions/end-all",
            web::post().to(signin::signout_everywhere),
        )
        .route("/lang", web::get().to(account::switch_language));
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct EmailForm {
    email: String,
}
