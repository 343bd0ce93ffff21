//! Eligibility review (資格審查): the reviewers' overview and queue per
//! track, one page per entry with its datasets beside the catalogue,
//! decisions with "save and next", the second reviewer's confirmation,
//! reason codes, and the organisers' summary with its CSV.

mod entry;
mod queue;
mod reasons;
mod summary;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/review", web::get().to(queue::overview))
        .route("/review/tracks/{id}", web::get().to(queue::queue))
        .route("/review/entries/{id}", web::get().to(entry::page))
        .route(
            "/review/entries/{id}/decision",
            web::post().to(entry::decide),
        )
        .route(
            "/review/entries/{id}/confirm",
            web::post().to(entry::confirm),
        )
        .route(
            "/review/entries/{id}/proposal",
            web::get().to(entry::proposal),
        )
        .route(
            "/organise/contests/{id}/eligibility",
            web::get().to(summary::summary),
        )
        .route(
            "/organise/contests/{id}/eligibility.csv",
            web::get().to(summary::csv),
        )
        .route("/organise/reasons", web::get().to(reasons::page))
        .route("/organise/reasons", web::post().to(reasons::add))
        .route("/organise/reasons/{id}", web::post().to(reasons::toggle));
}

pub(super) use crate::i18n::reason_label;
pub(crate) use entry::depth_label;
