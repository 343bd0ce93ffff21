//! The teammate finder's pages: the list of cards for a contest (filters,
//! a contact form on each card, organisers' hide forms), a student's own
//! card, their contact requests both ways, and the organisers' keyword
//! table.

mod board;
mod card;
mod contacts;
mod keywords;

use actix_web::web;
use serde_json::{json, Value as Json};

use super::ctx::Ctx;
use super::error::AppResult;
use super::names::{contest_title, track_name};
use crate::domain::finder::Discipline;
use crate::domain::timeline::roc_year;
use crate::service::finder::{ContestInfo, Finder};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/contests/{year}/finder", web::get().to(board::show))
        .route("/contests/{year}/finder/card", web::get().to(card::form))
        .route("/contests/{year}/finder/card", web::post().to(card::save))
        .route(
            "/contests/{year}/finder/card/withdraw",
            web::post().to(card::withdraw),
        )
        .route(
            "/contests/{year}/finder/contacts",
            web::get().to(contacts::show),
        )
        .route("/finder/cards/{id}/contact", web::post().to(contacts::ask))
        .route(
            "/finder/contacts/{id}/accept",
            web::post().to(contacts::accept),
        )
        .route(
            "/finder/contacts/{id}/decline",
            web::post().to(contacts::decline),
        )
        .route(
            "/organise/finder/cards/{id}/hide",
            web::post().to(board::hide),
        )
        .route(
            "/organise/finder/cards/{id}/show",
            web::post().to(board::unhide),
        )
        .route("/organise/finder/keywords", web::get().to(keywords::page))
        .route("/organise/finder/keywords", web::post().to(keywords::add))
        .route(
            "/organise/finder/keywords/{id}",
            web::post().to(keywords::change),
        )
        .route(
            "/organise/finder/keywords/{id}/delete",
            web::post().to(keywords::delete),
        );
}

/// The finder's address for contest `year`.
pub fn board_path(year: i32) -> String {
    format!("/contests/{year}/finder")
}

/// Goes on with `then` when the page is ready; a participant without a
/// profile goes to it first and comes back here after.
fn ready<T>(ctx: &Ctx, found: Finder<T>, then: impl FnOnce(T) -> AppResult) -> AppResult {
    match found {
        Finder::Ready(v) => then(v),
        Finder::NeedsProfile => Ok(super::teams::profile_first(ctx)),
    }
}

/// The contest as the finder's pages name it.
fn contest_json(ctx: &Ctx, c: &ContestInfo) -> Json {
    let k = &c.contest;
    json!({
        "year": k.year, "roc_year": roc_year(k.year), "title": contest_title(ctx.lang, k),
        "open": !c.open.is_empty(),
    })
}

/// The names of the tracks `ids`, in the contest's order.
fn track_names(ctx: &Ctx, c: &ContestInfo, ids: &[i32]) -> Vec<String> {
    c.tracks
        .iter()
        .filter(|t| ids.contains(&t.id))
        .map(|t| track_name(ctx.lang, t))
        .collect()
}

/// Every group as a select's options, `chosen` selected.
fn discipline_options(chosen: Option<Discipline>) -> Vec<Json> {
    Discipline::ALL
        .iter()
        .map(|d| {
            json!({
                "value": d.as_str(), "name_id": d.message_id(), "selected": Some(*d) == chosen,
            })
        })
        .collect()
}
