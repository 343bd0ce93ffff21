//! The organisers' and business units' queues, and the working-day help page.

use actix_web::web;
use serde_json::json;

use super::{row_json, unit_name};
use crate::service::{self, requests::Queue};
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::{Organiser, SignedIn};

fn render(ctx: &Ctx, title: &'static str, q: Queue) -> AppResult {
    let lang = ctx.lang;
    let today = service::today();
    let gap = q
        .calendar
        .first_gap(today, today + chrono::Duration::days(60));
    let organiser = ctx.user.as_ref().is_some_and(|u| {
        u.has(crate::domain::role::Role::Organiser) || u.has(crate::domain::role::Role::Admin)
    });
    ctx.render(
        "requests/queue",
        json!({
            "title": title,
            "sections": q.sections.iter().map(|(heading, list)| json!({
                "heading": heading, "total": list.total, "more": list.total > list.items.len() as i64,
                "rows": list.items.iter().map(|r| {
                    let mut row = row_json(lang, &q.calendar, &q.units, r, 0, None, today);
                    if let Some(c) = r.challenge_id.and_then(|id| q.challenges.get(&id)) {
                        row["challenge"] = json!(crate::web::entries::challenge::title(lang, c));
                    }
                    row
                }).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "units": q.unit_switch.iter().map(|(id, current)| json!({
                "id": id, "name": unit_name(lang, &q.units, Some(*id)), "current": current,
            })).collect::<Vec<_>>(),
            "calendar_gap": gap.map(|d| d.format("%Y-%m-%d").to_string()),
            "organiser": organiser,
        }),
    )
}

pub async fn organiser_queue(ctx: Ctx, who: Organiser) -> AppResult {
    let q = ctx
        .state
        .run(move |p| service::requests::organiser_queue(p, &who, service::today()))
        .await?;
    render(&ctx, "requests-organiser-title", q)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    unit: String,
}

pub async fn unit_queue(ctx: Ctx, who: SignedIn, q: web::Query<QueueQuery>) -> AppResult {
    // A unit id that is not a number is nobody's unit.
    let asked = match q.unit.as_str() {
        "" => None,
        raw => Some(raw.parse::<i32>().unwrap_or(0)),
    };
    let q = ctx
        .state
        .run(move |p| service::requests::unit_queue(p, &who, asked))
        .await?;
    render(&ctx, "requests-unit-title", q)
}

pub async fn help(ctx: Ctx) -> AppResult {
    let example = ctx
        .state
        .run(service::requests::working_day_example)
        .await?;
    let area = service::calendar::closures::applied_area(&ctx.state);
    let closure_area = if ctx.lang == crate::i18n::Lang::En {
        area.en
    } else {
        area.zh
    };
    ctx.render(
        "requests/help",
        json!({
            "days": ctx.state.config.request_due_days,
            "example_due": example.format("%Y-%m-%d").to_string(),
            "closure_area": closure_area,
        }),
    )
}
