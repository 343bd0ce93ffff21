//! Judging pages. Organisers build a track's panel by e-mail invitation,
//! see and dismiss conflicts of interest, assign entries, set each round's
//! rubric and settings, read the ranking (and its CSVs), advance finalists,
//! give awards and publish the results; judges see the entries assigned to
//! them, score them and can declare a conflict.

mod assignment;
mod awards;
mod csv;
mod finals;
mod judge;
mod panel;
mod ranking;
mod rubric;

use actix_web::web;
use serde_json::{json, Value as Json};

use crate::domain::judging::{Conflict, Round};
use crate::i18n::{t, Lang};
use crate::web::ctx::{redirect_with_flash, Ctx};
use crate::web::error::{AppError, AppResult};

pub fn routes(cfg: &mut web::ServiceConfig) {
    let tracks = "/organise/tracks/{id}";
    cfg.route(&format!("{tracks}/judges"), web::get().to(panel::page))
        .route(&format!("{tracks}/judges"), web::post().to(panel::invite))
        .route(
            &format!("{tracks}/judges/{{panel_id}}/remove"),
            web::post().to(panel::remove),
        )
        .route(
            &format!("{tracks}/judges/entries/{{entry_id}}"),
            web::get().to(assignment::entry_page),
        )
        .route(&format!("{tracks}/remind"), web::post().to(panel::remind))
        .route(
            &format!("{tracks}/settings"),
            web::post().to(panel::save_settings),
        )
        .route(
            &format!("{tracks}/conflicts/dismiss"),
            web::post().to(assignment::dismiss_conflict),
        )
        .route(
            &format!("{tracks}/assign"),
            web::post().to(assignment::auto_assign),
        )
        .route(
            &format!("{tracks}/assignments"),
            web::post().to(assignment::edit),
        )
        .route(&format!("{tracks}/ranking"), web::get().to(ranking::page))
        .route(
            &format!("{tracks}/ranking.csv"),
            web::get().to(csv::ranking),
        )
        .route(&format!("{tracks}/scores.csv"), web::get().to(csv::scores))
        .route(
            &format!("{tracks}/finalists"),
            web::post().to(finals::finalists),
        )
        .route(&format!("{tracks}/awards"), web::get().to(awards::page))
        .route(&format!("{tracks}/awards"), web::post().to(awards::save))
        .route(
            &format!("{tracks}/results/publish"),
            web::post().to(awards::publish),
        )
        .route(
            &format!("{tracks}/rubric/{{round}}"),
            web::get().to(rubric::page),
        )
        .route(
            &format!("{tracks}/rubric/{{round}}"),
            web::post().to(rubric::save),
        )
        .route(
            &format!("{tracks}/rubric/{{round}}/lock"),
            web::post().to(rubric::lock),
        )
        .route(
            &format!("{tracks}/rubric/{{round}}/unlock"),
            web::post().to(rubric::unlock),
        )
        .route("/judge", web::get().to(judge::dashboard))
        .route("/judge/entries/{id}", web::get().to(judge::entry_page))
        .route("/judge/entries/{id}/score", web::post().to(judge::score))
        .route(
            "/judge/entries/{id}/proposal",
            web::get().to(judge::proposal),
        )
        .route(
            "/judge/entries/{id}/conflict",
            web::post().to(judge::declare_conflict),
        );
}

/// `?round=` of a page.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RoundQuery {
    round: String,
}

/// The round named in a query or form: the preliminary round unless it
/// names another; an unknown round is not a page (404).
fn round_of(raw: &str) -> Result<Round, AppError> {
    Round::or_preliminary(raw).ok_or(AppError::NotFound)
}

/// Tabs for the two rounds of a page, the current one marked.
fn rounds_json(base: &str, current: Round) -> Vec<Json> {
    Round::ALL
        .iter()
        .map(|r| {
            json!({
                "label": format!("round-{r}"), "current": *r == current,
                "href": format!("{base}{}", r.query()),
            })
        })
        .collect()
}

fn fmt1(v: f64) -> String {
    format!("{v:.1}")
}

/// Why a judge and a team conflict, in the reader's language.
fn conflict_reasons(lang: Lang, c: &Conflict) -> Vec<String> {
    c.reasons()
        .iter()
        .map(|r| t(lang, &format!("conflict-{r}")))
        .collect()
}

/// Back to the round's judges page with a message.
fn back(ctx: &Ctx, track_id: i32, round: Round, message: &str) -> AppResult {
    back_to(ctx, &judges_href(track_id, round, None), message)
}

/// To `href` with a message.
fn back_to(ctx: &Ctx, href: &str, message: &str) -> AppResult {
    Ok(redirect_with_flash(ctx, href, "success", message))
}

/// `&page=N` for a page after the first.
fn page_suffix(page: Option<i64>) -> String {
    page.filter(|n| *n > 1)
        .map(|n| format!("&page={n}"))
        .unwrap_or_default()
}

/// The round's judges page, at a page of its entries.
fn judges_href(track_id: i32, round: Round, page: Option<i64>) -> String {
    let at = page_suffix(page);
    format!("/organise/tracks/{track_id}/judges?round={round}{at}")
}

/// The page where an entry's judges are chosen by hand; `page` is the
/// judges page's page it goes back to.
fn entry_judges_href(track_id: i32, entry_id: i32, round: Round, page: Option<i64>) -> String {
    let at = page_suffix(page);
    format!("/organise/tracks/{track_id}/judges/entries/{entry_id}?round={round}{at}")
}
