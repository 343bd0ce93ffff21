//! The one middleware every request passes: it builds the `Ctx` (session,
//! language, CSRF token), refuses state-changing requests without a valid
//! CSRF token or from another origin, refuses forms and queries that are not
//! UTF-8, answers HEAD as GET, renders error pages in the reader's language
//! and adds the security headers.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse, ResponseError};
use serde_json::json;

use super::ctx::{
    cookie, parse_flash, redirect_with_flash, removal, Ctx, ANON_COOKIE, CSRF_FIELD, FLASH_COOKIE,
    FORM_LIMIT, LANG_COOKIE, SESSION_COOKIE,
};
use super::error::{AppError, ErrorPage};
use super::render_cache::areas_of;
use super::{signed_pages, AppState};
use crate::i18n::Lang;
use crate::security;

fn client_ip(req: &ServiceRequest, trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        // The right-most X-Forwarded-For entry is the one our own proxy added;
        // entries to its left come from the client and can be forged.
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').map(str::trim).find(|s| !s.is_empty()))
            .map(str::to_string);
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.peer_addr().map(|a| a.ip().to_string())
}

/// Does the Origin (or Referer) of a state-changing request name this site?
fn same_origin(req: &ServiceRequest, state: &AppState) -> bool {
    let headers = req.headers();
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(source) = source else { return true };
    if source == "null" {
        return false;
    }
    let Ok(url) = url::Url::parse(source) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let authority = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    };
    let base = &state.config.base_url;
    let base_authority = match base.port() {
        Some(p) => format!("{}:{p}", base.host_str().unwrap_or("")),
        None => base.host_str().unwrap_or("").to_string(),
    };
    let request_host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    authority.eq_ignore_ascii_case(request_host) || authority.eq_ignore_ascii_case(&base_authority)
}

fn bytes_to_payload(buf: web::Bytes) -> Payload {
    let (_, mut pl) = actix_http::h1::Payload::create(true);
    pl.unread_data(buf);
    Payload::from(pl)
}

/// Whether every name and value of a url-encoded string is UTF-8 once
/// decoded. The standard decoder would quietly turn broken bytes into U+FFFD;
/// we would rather say the request is malformed (400).
pub fn decodes_as_utf8(encoded: &[u8]) -> bool {
    encoded.split(|b| *b == b'&' || *b == b'=').all(|part| {
        let mut bytes = Vec::with_capacity(part.len());
        let mut i = 0;
        while i < part.len() {
            match part[i] {
                b'%' if i + 2 < part.len() => {
                    let hex = std::str::from_utf8(&part[i + 1..i + 3]).ok();
                    match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        Some(b) => {
                            bytes.push(b);
                            i += 3;
                            continue;
                        }
                        None => bytes.push(b'%'),
                    }
                }
                b'+' => bytes.push(b' '),
                b => bytes.push(b),
            }
            i += 1;
        }
        std::str::from_utf8(&bytes).is_ok()
    })
}

/// Finds the presented CSRF token: the form field of a url-encoded body (read
/// and put back for the handler), else the query string or a header.
async fn presented_csrf(req: &mut ServiceRequest) -> Result<Option<String>, AppError> {
    let from_query = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned());
    let from_header = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| ct.starts_with("application/x-www-form-urlencoded"))
        .unwrap_or(false);
    if is_form {
        let mut payload = req.take_payload();
        let mut body = web::BytesMut::new();
        use futures_util::StreamExt;
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|_| AppError::BadRequest)?;
            if body.len() + chunk.len() > FORM_LIMIT {
                return Err(AppError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        let body = body.freeze();
        if !decodes_as_utf8(&body) {
            return Err(AppError::BadRequest);
        }
        let from_body = url::form_urlencoded::parse(&body)
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned());
        req.set_payload(bytes_to_payload(body));
        return Ok(from_body.or(from_query).or(from_header));
    }
    Ok(from_query.or(from_header))
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

fn add_security_headers(resp: &mut HttpResponse, https: bool) {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    h.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::HeaderName::from_static("permissions-policy"),
        header::HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        header::HeaderValue::from_static("same-origin"),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            header::HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
}

fn error_page(ctx: &Ctx, status: StatusCode, request_id: &str) -> HttpResponse {
    error_page_with(ctx, status, None, request_id)
}

/// The page names the request's id, for the reader to quote to support.
fn error_page_with(
    ctx: &Ctx,
    status: StatusCode,
    reason: Option<&'static str>,
    request_id: &str,
) -> HttpResponse {
    let (title, body) = match status.as_u16() {
        400 => ("error-400-title", "error-400-body"),
        403 => ("error-403-title", "error-403-body"),
        404 => ("error-404-title", "error-404-body"),
        409 => ("error-409-title", "error-409-body"),
        413 => ("error-413-title", "error-413-body"),
        422 => ("error-422-title", "error-422-body"),
        429 => ("error-429-title", "error-429-body"),
        _ => ("error-500-title", "error-500-body"),
    };
    // A refusal with a reason is not about permissions: say so in the title.
    let title = if reason.is_some() && status == StatusCode::FORBIDDEN {
        "error-refused-title"
    } else {
        title
    };
    let page = json!({ "status": status.as_u16(), "title_id": title,
        "body_id": reason.unwrap_or(body), "request_id": request_id });
    match ctx.state.html.render("pages/error", &ctx.view(page)) {
        Ok(html) => HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            HttpResponse::build(status)
                .content_type("text/plain; charset=utf-8")
                .body(status.to_string())
        }
    }
}

fn finish(mut resp: HttpResponse, https: bool) -> HttpResponse {
    add_security_headers(&mut resp, https);
    resp
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Builds the `Ctx`, checks CSRF and Origin, renders error pages, and adds
/// cookies and security headers.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| actix_web::error::ErrorInternalServerError("application state missing"))?;
    let https = state.config.secure_cookies();
    // HEAD is GET without the body (actix-http leaves the body out because
    // the request was HEAD), so monitors and link checkers see every page.
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let path = req.path().to_string();
    // Health checks and static files need no session, language or CSRF.
    if path == "/healthz" || path == "/readyz" || path == "/metrics" || path.starts_with("/static/")
    {
        let res = next.call(req).await?;
        let mut res = res.map_into_boxed_body();
        add_security_headers(res.response_mut(), https);
        return Ok(res);
    }

    let cookie_value = |name: &str| req.cookie(name).map(|c| c.value().to_string());
    let session_token = cookie_value(SESSION_COOKIE);
    let anon = cookie_value(ANON_COOKIE).filter(|v| v.len() >= 20 && v.len() <= 100);
    let lang_cookie = cookie_value(LANG_COOKIE).and_then(|v| Lang::from_code(&v));
    let flash = cookie_value(FLASH_COOKIE).and_then(|v| parse_flash(&v));
    let had_flash_cookie = req.cookie(FLASH_COOKIE).is_some();
    let accept_language = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);

    // An anonymous visitor's public page, from the render cache when it still
    // holds: no session, no flash, no database, no template.
    let cached = match (&state.render_cache, &session_token) {
        (Some(cache), None) if !had_flash_cookie && req.method() == Method::GET => {
            let lang = lang_cookie.unwrap_or_else(|| Lang::negotiate(accept_language.as_deref()));
            let query = req.query_string();
            (decodes_as_utf8(query.as_bytes()))
                .then(|| cache.candidate(&state.portal, &path, query, lang))
                .flatten()
        }
        _ => None,
    };
    if let (Some(c), Some(cache)) = (&cached, &state.render_cache) {
        if let Some(mut resp) = cache.answer(c) {
            if anon.is_none() {
                let anon_id = security::random_token();
                let _ = resp.add_cookie(&cookie(&state, ANON_COOKIE, anon_id, None));
            }
            add_security_headers(&mut resp, https);
            return Ok(req.into_response(resp).map_into_boxed_body());
        }
    }

    let mut user = None;
    let mut session_failed = false;
    let mut session_digest = None;
    if let Some(token) = session_token {
        let digest = security::token_digest(&token);
        let public = req.method() == Method::GET && areas_of(&path).is_some();
        match signed_pages::resume(&state, &digest, public).await {
            Ok(Some(found)) => {
                session_digest = Some(digest);
                user = Some(found);
            }
            Ok(None) => {}
            Err(e) => {
                // Logged by error_response; the page is rendered below, once
                // the language is known.
                let _ = e.error_response();
                session_failed = true;
            }
        }
    }
    let lang = lang_cookie
        .or_else(|| user.as_ref().and_then(|(_, l)| Lang::from_code(l)))
        .unwrap_or_else(|| Lang::negotiate(accept_language.as_deref()));
    let user = user.map(|(u, _)| u);

    let (anon_id, new_anon) = match anon {
        Some(a) => (a, false),
        None => (security::random_token(), true),
    };
    let binding = session_digest.clone().unwrap_or_else(|| anon_id.clone());
    let csrf = security::csrf_token(&state.config.secret_key, &binding);
    let ip = client_ip(&req, state.config.trust_proxy);
    let user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let malformed_query = !decodes_as_utf8(req.query_string().as_bytes());
    let here = match req.query_string() {
        "" => path.clone(),
        q => format!("{path}?{q}"),
    };
    let ctx = Ctx {
        lang,
        user,
        csrf,
        session_digest,
        ip,
        user_agent,
        flash,
        here,
        state: state.clone(),
    };

    let request_id = super::request_id::of(&req);
    if session_failed {
        let resp = error_page(&ctx, StatusCode::INTERNAL_SERVER_ERROR, &request_id);
        return Ok(req.into_response(finish(resp, https)).map_into_boxed_body());
    }

    let early = if malformed_query {
        Some(AppError::BadRequest)
    } else if is_unsafe(req.method()) {
        if !same_origin(&req, &state) {
            Some(AppError::Csrf)
        } else {
            match presented_csrf(&mut req).await {
                Ok(Some(token))
                    if security::csrf_matches(&state.config.secret_key, &binding, &token) =>
                {
                    None
                }
                Ok(_) => Some(AppError::Csrf),
                Err(e) => Some(e),
            }
        }
    } else {
        None
    };

    // An account with a one-time password (the first administrator) must
    // choose its own before doing anything else.
    let must_change = ctx.user.as_ref().is_some_and(|u| u.must_change_password)
        && !matches!(path.as_str(), "/account/password" | "/signout" | "/lang");
    let early = match (early, must_change) {
        (None, true) => {
            let resp = redirect_with_flash(
                &ctx,
                "/account/password",
                "info",
                "flash-must-change-password",
            );
            return Ok(req.into_response(finish(resp, https)).map_into_boxed_body());
        }
        (early, _) => early,
    };

    let signed = match &early {
        None => signed_pages::candidate(
            &ctx,
            &path,
            req.query_string(),
            req.method() == Method::GET,
            had_flash_cookie,
        ),
        Some(_) => None,
    };
    if let Some(mut resp) = signed.as_ref().and_then(|s| signed_pages::answer(&ctx, s)) {
        if new_anon {
            let _ = resp.add_cookie(&cookie(&state, ANON_COOKIE, anon_id, None));
        }
        return Ok(req.into_response(finish(resp, https)).map_into_boxed_body());
    }
    let unsafe_method = is_unsafe(req.method());
    req.extensions_mut().insert(ctx.clone());
    let mut res = match early {
        Some(err) => {
            tracing::warn!(error = %err, "refused state-changing request");
            let resp = error_page(&ctx, err.status_code(), &request_id);
            req.into_response(resp).map_into_boxed_body()
        }
        None => next.call(req).await?.map_into_boxed_body(),
    };

    let marked = res.response().extensions().get::<ErrorPage>().copied();
    if let (Some(c), Some(cache), None) = (cached, &state.render_cache, marked) {
        let (req, resp) = res.into_parts();
        let resp = cache.keep(c, resp, &[&ctx.csrf, &anon_id]);
        res = ServiceResponse::new(req, resp);
    }
    if let (Some(s), None) = (signed, marked) {
        let (req, resp) = res.into_parts();
        res = ServiceResponse::new(req, signed_pages::keep(&ctx, s, resp));
    }
    if let (true, Some(cache)) = (unsafe_method, &state.render_cache) {
        cache.sessions.forget_all();
    }
    if let Some(ErrorPage(status, reason)) = marked {
        let resp = error_page_with(&ctx, status, reason, &request_id);
        let (req, old) = res.into_parts();
        let mut resp = resp;
        for c in old.cookies() {
            let _ = resp.add_cookie(&c.into_owned());
        }
        res = ServiceResponse::new(req, resp);
    }
    let resp = res.response_mut();
    // A response any cache may keep (the open-data files) never carries a
    // visitor's own cookie: a shared cache would hand it to everyone.
    let shared = resp
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("public"));
    if new_anon && !shared {
        let _ = resp.add_cookie(&cookie(&state, ANON_COOKIE, anon_id, None));
    }
    // A flash is shown once: clear it unless this response sets a new one.
    let sets_flash = resp.cookies().any(|c| c.name() == FLASH_COOKIE);
    if had_flash_cookie && !sets_flash && !resp.status().is_redirection() {
        let _ = resp.add_cookie(&removal(&state, FLASH_COOKIE));
    }
    add_security_headers(resp, https);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_utf8_in_a_form_or_query_is_malformed() {
        assert!(decodes_as_utf8(b"q=%E5%8B%9E%E5%8B%95&page=2"));
        assert!(decodes_as_utf8("q=勞動+部".as_bytes()));
        assert!(decodes_as_utf8(b"q=%00&x=100%"));
        assert!(decodes_as_utf8(b"a=%zz&b=%4"));
        assert!(decodes_as_utf8(b""));
        assert!(!decodes_as_utf8(b"q=%E5%8B"));
        assert!(!decodes_as_utf8(b"q=%FF"));
        assert!(!decodes_as_utf8(b"%C0%AF=1"));
        assert!(!decodes_as_utf8(&[b'q', b'=', 0xff]));
    }
}
