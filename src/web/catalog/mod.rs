//! Catalogue pages: the public search and dataset pages, and the organisers'
//! sync page (runs with their counts and errors, and "sync now").

pub(crate) mod card;
mod pages;
mod sync;
mod themes;
pub mod watch;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/catalog", web::get().to(pages::search))
        .route("/catalog/{id}", web::get().to(pages::dataset))
        .route("/catalog/{id}/dependents", web::get().to(watch::dependents))
        .route("/organise/dataset-changes", web::get().to(watch::changes))
        .route("/catalog/{id}/card", web::post().to(card::read_again))
        .route("/organise/catalog", web::get().to(sync::runs))
        .route("/organise/catalog/sync", web::post().to(sync::start_sync))
        .route("/catalog/{id}/tags", web::post().to(themes::tag))
        .route(themes::BULK, web::get().to(themes::page))
        .route(themes::BULK, web::post().to(themes::upload))
        .route(
            "/organise/catalog/themes/example.csv",
            web::get().to(themes::example),
        );
}
