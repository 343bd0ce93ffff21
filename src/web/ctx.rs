//! The per-request context every handler and page gets: language, signed-in
//! user, CSRF token, flash message and client address (built by
//! `middleware`), with rendering, cookies and redirects.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::{header, StatusCode};
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use futures_util::future::{ready, Ready};
use serde::Serialize;
use serde_json::{json, Value as Json};

use super::error::AppError;
use super::AppState;
use crate::domain::role::Role;
use crate::i18n::Lang;
use crate::store::users::RoleGrant;

pub const SESSION_COOKIE: &str = "cp_session";
pub const ANON_COOKIE: &str = "cp_anon";
pub const LANG_COOKIE: &str = "cp_lang";
pub const FLASH_COOKIE: &str = "cp_flash";
pub const CSRF_FIELD: &str = "csrf_token";
/// Largest url-encoded form accepted (the CSRF check reads the body).
pub const FORM_LIMIT: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Serialize)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub verified: bool,
    pub must_change_password: bool,
    pub roles: Vec<RoleGrant>,
    /// Unread notifications, for the bell in the header.
    pub unread: i64,
}

impl CurrentUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Flash {
    pub kind: String,
    pub message: String,
}

#[derive(Clone)]
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    /// Digest of the session token, when signed in.
    pub session_digest: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub flash: Option<Flash>,
    /// Path and query of this request, for "come back here" links.
    pub here: String,
    pub state: web::Data<AppState>,
}

impl Ctx {
    pub fn user(&self) -> Result<&CurrentUser, AppError> {
        self.user
            .as_ref()
            .ok_or_else(|| AppError::SignInRequired(self.here.clone()))
    }

    pub fn t(&self, id: &str) -> String {
        crate::i18n::t(self.lang, id)
    }

    /// Everything the base layout needs, merged with the page's own data.
    pub fn view(&self, page: Json) -> Json {
        let user = self.user.as_ref().map(|u| {
            json!({
                "id": u.id,
                "email": u.email,
                "display_name": u.display_name,
                "verified": u.verified,
                "is_admin": u.has(Role::Admin),
                "is_organiser": u.has(Role::Organiser),
                "can_read_outbox": u.has(Role::Admin) || u.has(Role::Organiser),
                "can_organise": u.has(Role::Admin) || u.has(Role::Organiser),
                "can_review": u.has(Role::Admin) || u.has(Role::Organiser) || u.has(Role::Reviewer),
                "can_answer_requests": u.has(Role::UnitReviewer),
                "can_judge": u.has(Role::Judge),
                "unread": u.unread,
                "roles": u.roles.iter().map(|g| g.role.message_id()).collect::<Vec<_>>(),
            })
        });
        let here_enc: String = url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
        let mut base = json!({
            "lang": self.lang.code(),
            "csrf": self.csrf,
            "user": user,
            "flash": self.flash,
            "here": self.here,
            "lang_links": Lang::ALL.iter().map(|l| json!({
                "code": l.code(),
                "label": match l { Lang::ZhTw => "中文", Lang::En => "English" },
                "current": *l == self.lang,
                "href": format!("/lang?set={}&next={}", l.code(), here_enc),
            })).collect::<Vec<_>>(),
        });
        if let (Json::Object(b), Json::Object(p)) = (&mut base, page) {
            for (k, v) in p {
                b.insert(k, v);
            }
        }
        base
    }

    pub fn render(&self, template: &str, page: Json) -> Result<HttpResponse, AppError> {
        self.render_status(StatusCode::OK, template, page)
    }

    pub fn render_status(
        &self,
        status: StatusCode,
        template: &str,
        page: Json,
    ) -> Result<HttpResponse, AppError> {
        // The page's data moves into the context (`render` would copy it).
        let data = handlebars::Context::from(self.view(page));
        let html = self
            .state
            .html
            .render_with_context(template, &data)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("template {template}: {e}")))?;
        Ok(HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html))
    }
}

impl FromRequest for Ctx {
    type Error = AppError;
    type Future = Ready<Result<Ctx, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Ctx>()
                .cloned()
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("request context missing"))),
        )
    }
}

/// A cookie with the attributes every cookie of ours shares.
pub fn cookie<'a>(
    state: &AppState,
    name: &'a str,
    value: String,
    max_age: Option<CookieDuration>,
) -> Cookie<'a> {
    let mut c = Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .finish();
    if let Some(age) = max_age {
        c.set_max_age(age);
    }
    c
}

pub fn removal(state: &AppState, name: &'static str) -> Cookie<'static> {
    let mut c = cookie(state, name, String::new(), None);
    c.make_removal();
    c
}

/// A redirect (303) that shows `message` once on the next page.
pub fn redirect_with_flash(ctx: &Ctx, location: &str, kind: &str, message: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .cookie(cookie(
            &ctx.state,
            FLASH_COOKIE,
            format!("{kind}:{message}"),
            None,
        ))
        .finish()
}

pub fn redirect(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .finish()
}

/// A local path that is safe to redirect to after sign-in (no open redirects).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if crate::domain::text::local_path(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

pub(super) fn parse_flash(raw: &str) -> Option<Flash> {
    let (kind, message) = raw.split_once(':')?;
    let valid_kind = matches!(kind, "success" | "info" | "error");
    let valid_id = message.starts_with("flash-")
        && message.len() < 80
        && message.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        // Only ids that exist, so a forged cookie cannot break the page.
        && crate::i18n::exists(message);
    (valid_kind && valid_id).then(|| Flash {
        kind: kind.to_string(),
        message: message.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_be_local() {
        assert_eq!(
            safe_next(Some("/admin/users?page=2")),
            "/admin/users?page=2"
        );
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\u{1}x")), "/");
        assert_eq!(safe_next(Some("/a b")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn flash_cookie_accepts_only_message_ids() {
        assert!(parse_flash("success:flash-signed-in").is_some());
        assert!(parse_flash("success:<script>").is_none());
        assert!(parse_flash("weird:flash-signed-in").is_none());
        assert!(parse_flash("nocolon").is_none());
        assert!(parse_flash("success:flash-no-such-message").is_none());
    }
}
