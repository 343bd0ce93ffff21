//! The machine's ceiling for the load benchmark: the smallest actix-web
//! server (same framework, same worker count as the portal), answering one
//! short HTML page. Every portal page is reported as a share of this.
//!
//!     cargo run --release --example bench-ceiling -- 127.0.0.1:8099

use actix_web::{web, App, HttpResponse, HttpServer};

async fn hello() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body("<!doctype html><html lang=\"zh-Hant-TW\"><title>ok</title><p>ok</p></html>")
}

fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8099".to_string());
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(|| App::new().route("/", web::get().to(hello)))
            .bind(bind)?
            .run()
            .await
    })
}
