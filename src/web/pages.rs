//! Public pages and plumbing: home, health checks, static files, and the
//! page for unknown addresses.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use rust_embed::RustEmbed;

use super::error::{AppError, AppResult};
use super::AppState;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Static;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/static/{file:.*}", web::get().to(static_file));
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok")
}

/// Ready when the database answers, its migrations are those of this build
/// and, where this replica delivers mail, the outbox worker ran recently
/// (`service::observe::readiness`); else 503 naming the failed check.
async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let now = crate::service::now();
    let verdict = state
        .portal
        .blocking(move |p| Ok(crate::service::observe::readiness(p, now)))
        .await;
    let body = match verdict {
        Ok(Ok(())) => {
            return HttpResponse::Ok()
                .content_type("text/plain; charset=utf-8")
                .body("ready")
        }
        Ok(Err(n)) => format!("not ready: {}: {}", n.check, n.detail),
        Err(_) => "not ready: database: does not answer".to_string(),
    };
    HttpResponse::ServiceUnavailable()
        .content_type("text/plain; charset=utf-8")
        .body(body)
}

async fn static_file(path: web::Path<String>) -> AppResult {
    let name = path.into_inner();
    let file = Static::get(&name).ok_or(AppError::NotFound)?;
    let mime = match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    };
    Ok(HttpResponse::Ok()
        .content_type(mime)
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(file.data.into_owned()))
}

/// Every address no route knows.
pub async fn not_found() -> AppResult {
    Err(AppError::NotFound)
}
