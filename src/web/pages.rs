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

/// Ready when the database answers a query.
async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let ok = state.run(|p| p.ready()).await.is_ok();
    if ok {
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ready")
    } else {
        HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("database unavailable")
    }
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
