//! The organisers' dashboard for one contest: the page with its chart and
//! tables, each table as CSV, and all of them as one Excel workbook.

mod export;
mod page;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/organise/contests/{id}/dashboard",
        web::get().to(page::page),
    )
    .route(
        "/organise/contests/{id}/dashboard.xlsx",
        web::get().to(export::workbook),
    )
    .route(
        "/organise/contests/{id}/dashboard/{table}.csv",
        web::get().to(export::csv),
    );
}
