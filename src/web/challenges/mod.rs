//! Challenges set by business units (出題, issue 20): the unit's list and
//! form (`unit`), the organisers' review list and page (`organise`), and a
//! published challenge's public page (`public`).

mod organise;
mod outcome;
mod public;
mod unit;

use actix_web::web;
use serde_json::{json, Value as Json};

use crate::i18n::Lang;
use crate::service::challenges::{Picked, Placed};
use crate::templates::format_taipei;
use crate::web::catalog::card::{card_view, declared_view};
use crate::web::names::{contest_title, track_name};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/unit/challenges", web::get().to(unit::list))
        .route("/unit/challenges/new", web::get().to(unit::new_form))
        .route("/unit/challenges/new", web::post().to(unit::create))
        .route("/unit/challenges/{id}", web::get().to(unit::edit))
        .route("/unit/challenges/{id}", web::post().to(unit::save))
        .route("/unit/challenges/{id}/submit", web::post().to(unit::submit))
        .route("/organise/challenges", web::get().to(organise::list))
        .route("/organise/challenges/{id}", web::get().to(organise::page))
        .route(
            "/organise/challenges/{id}/publish",
            web::post().to(organise::publish),
        )
        .route(
            "/organise/challenges/{id}/changes",
            web::post().to(organise::changes),
        )
        .route(
            "/organise/challenges/{id}/withdraw",
            web::post().to(organise::withdraw),
        )
        .route("/challenges/{id}", web::get().to(public::page))
        .route(
            "/unit/challenges/{id}/outcome",
            web::get().to(outcome::page),
        )
        .route(
            "/unit/challenges/{id}/outcome/sharing",
            web::post().to(outcome::register),
        );
}

pub(super) type Form = web::Form<Vec<(String, String)>>;

/// A field as typed (not trimmed), for the form shown again.
pub(super) fn raw(form: &[(String, String)], name: &str) -> String {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// "2026 · 勞保組": a track with its contest's year, as choices show it.
fn track_label(lang: Lang, p: &Placed) -> String {
    format!(
        "{} {} · {}",
        p.contest.year,
        contest_title(lang, &p.contest),
        track_name(lang, &p.track)
    )
}

/// A challenge with its contest, track and unit, as lists and pages show it.
pub(super) fn placed_json(lang: Lang, p: &Placed) -> Json {
    let c = &p.challenge;
    let code = lang.code();
    json!({
        "id": c.id,
        "title": c.title(code),
        "title_zh": c.title_zh, "title_en": c.title_en,
        "statement": c.statement(code),
        "statement_zh": c.statement_zh, "statement_en": c.statement_en,
        "intended_users": c.intended_users,
        "releasable_data": c.releasable_data,
        "contact_name": c.contact_name, "contact_email": c.contact_email,
        "prize": c.prize,
        "review_note": c.review_note,
        "version": c.version,
        "state": c.state.as_str(),
        "state_id": c.state.message_id(),
        "editable": c.state.unit_may_edit(),
        "published": c.state.is_public(),
        "submitted": c.state == crate::domain::challenge::ChallengeState::Submitted,
        "submitted_at": c.submitted_at.as_ref().map(format_taipei),
        "published_at": c.published_at.as_ref().map(format_taipei),
        "updated_at": format_taipei(&c.updated_at),
        "unit": crate::i18n::unit_name(lang, &p.unit),
        "track": track_name(lang, &p.track),
        "track_label": track_label(lang, p),
        "track_url": format!("/contests/{}/tracks/{}", p.contest.year, p.track.id),
        "contest_year": p.contest.year,
        "contest_id": p.contest.id,
    })
}

/// A recommended dataset with its fitness card (the compact partial's
/// `card`, its real columns listed with none declared).
pub(super) fn picked_json(lang: Lang, d: &Picked) -> Json {
    let mut card = card_view(lang, &d.dataset.source_id, &d.card, Some(&d.dataset));
    card["declared"] = declared_view(&d.card, "");
    json!({
        "id": d.dataset.id,
        "source_id": d.dataset.source_id,
        "title": d.dataset.title,
        "publisher": d.dataset.publisher,
        "gone": d.dataset.gone_at.is_some(),
        "card": card,
    })
}
