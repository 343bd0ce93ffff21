//! Challenges set by business units (出題, issue 20).

mod outcome;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/unit/challenges/{id}/outcome",
        web::get().to(outcome::page),
    )
    .route(
        "/unit/challenges/{id}/outcome/sharing",
        web::post().to(outcome::register),
    );
}
