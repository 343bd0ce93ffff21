//! The public board of data requests.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::json;

use super::row_json;
use crate::domain::data_request::{State, STATES};
use crate::service::{self, requests::BoardFilter};
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::person_of;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct BoardQuery {
    q: String,
    state: String,
    unit: String,
    mine: String,
    page: Option<i64>,
}

pub async fn board(ctx: Ctx, q: web::Query<BoardQuery>) -> AppResult {
    let lang = ctx.lang;
    let viewer = person_of(&ctx).ok();
    let state = State::parse(&q.state);
    let unit = q.unit.parse::<i32>().ok();
    let filter = BoardFilter {
        q: q.q.clone(),
        state,
        unit_id: unit,
        mine: q.mine == "1",
        page: q.page,
    };
    let b = ctx
        .state
        .run(move |p| service::requests::board(p, viewer.as_ref(), filter))
        .await?;
    let today = service::today();
    let base: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("q", q.q.as_str()),
            ("state", q.state.as_str()),
            ("unit", q.unit.as_str()),
            ("mine", q.mine.as_str()),
        ])
        .finish();
    let list = &b.list;
    let pages = list.pages();
    ctx.render_status(
        if b.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY },
        "requests/board",
        json!({
            "filter": { "q": q.q, "mine": b.mine },
            "states": STATES.iter().filter(|s| **s != State::Withdrawn || b.mine).map(|s| json!({
                "id": s.as_str(), "label": format!("request-state-{}", s.as_str()),
                "selected": state == Some(*s),
            })).collect::<Vec<_>>(),
            "units": b.units.iter().filter(|u| u.active).map(|u| json!({
                "id": u.id, "name": super::unit_name(lang, &b.units, Some(u.id)), "selected": unit == Some(u.id),
            })).collect::<Vec<_>>(),
            "rows": list.items.iter().map(|r| row_json(
                lang, &b.calendar, &b.units, r, b.followers.get(&r.id).copied().unwrap_or(0),
                b.teams.get(&r.id).map(String::as_str), today,
            )).collect::<Vec<_>>(),
            "signed_in": ctx.user.is_some(),
            "errors": b.errors.to_json(),
            "pager": {
                "page": list.page, "pages": pages, "total": list.total,
                "prev": (list.page > 1).then(|| format!("/requests?{base}&page={}", list.page - 1)),
                "next": (list.page < pages).then(|| format!("/requests?{base}&page={}", list.page + 1)),
            },
        }),
    )
}
