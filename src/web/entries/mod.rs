//! Entries (作品): the team's page with its declared datasets, the pre-check
//! and the dataset search; saving and submitting with every version kept,
//! comparing versions, the proposal PDF, advisors' endorsement, and the
//! organisers' list with its CSV.

pub(super) mod challenge;
mod organiser;
mod page;
mod save;

pub(super) use page::pdf;

use actix_web::http::header;
use actix_web::{guard, web};
use serde_json::{json, Value as Json};

use crate::domain::entry::{Change, Check};
use crate::domain::text::visible;
use crate::i18n::{t, t_args, Lang};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/teams/{team}/entries/{track}", web::get().to(page::page))
        .route(
            "/teams/{team}/entries/{track}",
            web::post()
                .guard(guard::fn_guard(is_multipart))
                .to(save::save_multipart),
        )
        .route("/teams/{team}/entries/{track}", web::post().to(save::save))
        .route(
            "/teams/{team}/entries/{track}/datasets",
            web::get().to(page::datasets),
        )
        .route(
            "/teams/{team}/entries/{track}/proposal",
            web::get().to(page::proposal),
        )
        .route(
            "/teams/{team}/entries/{track}/proposal",
            web::post().to(save::upload_proposal),
        )
        .route(
            "/teams/{team}/entries/{track}/versions",
            web::get().to(page::compare),
        )
        .route(
            "/teams/{team}/entries/{track}/endorse",
            web::post().to(save::endorse),
        )
        .route(
            "/organise/contests/{id}/entries",
            web::get().to(organiser::list),
        )
        .route(
            "/organise/contests/{id}/entries.csv",
            web::get().to(organiser::csv),
        );
}

/// A multipart body: the entry form with its proposal file.
fn is_multipart(ctx: &guard::GuardContext) -> bool {
    ctx.head()
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("multipart/form-data"))
}

/// The pre-check as a page shows it (also the review page's).
pub(super) fn check_views(lang: Lang, checks: &[Check]) -> Vec<Json> {
    checks
        .iter()
        .map(|c| {
            json!({
                "passed": c.passed,
                "certain": c.certain,
                "label": t(lang, c.label),
                "fix": t_args(lang, c.fix, &[
                    ("count", c.count.into()),
                    ("min", c.min.into()),
                    ("ids", c.datasets.join("、").into()),
                    ("fields", visible(&c.fields.join("、")).into()),
                ]),
            })
        })
        .collect()
}

/// Field-by-field changes between two versions (also the review page's).
pub(super) fn changes_view(lang: Lang, changes: &[Change]) -> Vec<Json> {
    changes
        .iter()
        .map(|c| {
            json!({
                "field": t(lang, &c.field), "dataset": c.dataset,
                "before": c.before, "after": c.after,
            })
        })
        .collect()
}
