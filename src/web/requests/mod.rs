//! Data-request pages: the public board, filing, one request with its
//! actions and thread, the organisers' and units' queues, the unit report
//! and the reasons list. Requesters' names are never shown in public.

mod board;
mod filing;
mod queues;
mod report;
mod show;

pub(crate) use show::actor_label;

use actix_web::web;
use chrono::NaiveDate;
use serde_json::{json, Value as Json};

use crate::domain::calendar::Calendar;
use crate::domain::data_request as dr;
use crate::i18n::Lang;
use crate::store::{requests::Request, units::Unit};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/requests", web::get().to(board::board))
        .route("/requests/new", web::get().to(filing::new_form))
        .route("/requests/new", web::post().to(filing::file))
        .route("/requests/similar", web::get().to(filing::similar))
        .route("/requests/{id}", web::get().to(show::show))
        .route("/requests/{id}/act", web::post().to(show::act))
        .route("/requests/{id}/follow", web::post().to(show::follow))
        .route("/requests/{id}/comments", web::post().to(show::comment))
        .route(
            "/requests/{id}/comments/{comment}/hide",
            web::post().to(show::hide_comment),
        )
        .route("/organise/requests", web::get().to(queues::organiser_queue))
        .route(
            "/organise/request-reasons",
            web::get().to(report::reasons_page),
        )
        .route(
            "/organise/request-reasons",
            web::post().to(report::save_reason),
        )
        .route("/organise/requests/report", web::get().to(report::report))
        .route(
            "/organise/requests/report.csv",
            web::get().to(report::report_csv),
        )
        .route("/unit/requests", web::get().to(queues::unit_queue))
        .route("/help/working-days", web::get().to(queues::help));
}

/// A unit's name in the reader's language.
pub(crate) fn unit_name(lang: Lang, units: &[Unit], id: Option<i32>) -> Option<String> {
    let u = units.iter().find(|u| Some(u.id) == id)?;
    Some(crate::i18n::unit_name(lang, u))
}

/// The clock of a request with a unit, for display.
fn clock_json(cal: &Calendar, r: &Request, today: NaiveDate) -> Json {
    let Some(due) = r.due_on else {
        return Json::Null;
    };
    let running = r.state.with_unit();
    let c = dr::clock(cal, due, r.paused_on, today);
    json!({
        "due": c.due_on.format("%Y-%m-%d").to_string(),
        "days_left": c.days_left,
        "overdue": running && c.overdue,
        "late_by": -c.days_left,
        "running": running,
        "paused": r.paused_on.is_some() && running,
        "fallback": cal.first_gap(r.routed_on.unwrap_or(due), c.due_on).is_some(),
    })
}

/// One request as the board and queues show it.
fn row_json(
    lang: Lang,
    cal: &Calendar,
    units: &[Unit],
    r: &Request,
    followers: i64,
    team: Option<&str>,
    today: NaiveDate,
) -> Json {
    json!({
        "id": r.id, "title": r.title, "state": format!("request-state-{}", r.state.as_str()),
        "state_id": r.state.as_str(),
        "unit": unit_name(lang, units, r.unit_id),
        "clock": clock_json(cal, r, today),
        "expected": r.expected_on.map(|d| d.format("%Y-%m-%d").to_string()),
        "approved_overdue": r.state == dr::State::Approved && r.expected_on.is_some_and(|d| d < today),
        "followers": followers,
        "team": team,
        "created": crate::templates::format_taipei(&r.created_at),
    })
}
