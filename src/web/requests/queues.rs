//! The organisers' and business units' queues, and the working-day help page.

use actix_web::web;
use serde_json::json;

use super::{row_json, unit_name};
use crate::service::{
    self,
    requests::{Queue, QueueView},
};
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::{Organiser, SignedIn};

/// Which section a queue's address asks for alone, and its page.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SectionQuery {
    section: String,
    page: Option<i64>,
}

impl SectionQuery {
    fn view(&self) -> QueueView {
        match self.section.as_str() {
            "" => QueueView::Heads,
            heading => QueueView::Section {
                heading: heading.to_string(),
                page: self.page,
            },
        }
    }
}

/// The address of `section` shown alone, from the queue's own address
/// (`base`, with the unit asked for when there is one).
fn section_href(base: &str, section: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    let section: String = url::form_urlencoded::byte_serialize(section.as_bytes()).collect();
    format!("{base}{sep}section={section}")
}

fn render(ctx: &Ctx, title: &'static str, base: &str, view: &QueueView, q: Queue) -> AppResult {
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
            "alone": matches!(view, QueueView::Section { .. }),
            "all_sections": base,
            "sections": q.sections.iter().map(|(heading, list)| json!({
                "heading": heading, "total": list.total,
                "more": matches!(view, QueueView::Heads) && list.total > list.items.len() as i64,
                "href": section_href(base, heading),
                "pager": crate::web::admin::pager(ctx, list.page, list.pages(), list.total),
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

pub async fn organiser_queue(ctx: Ctx, who: Organiser, s: web::Query<SectionQuery>) -> AppResult {
    let view = s.view();
    let shown = view.clone();
    let q = ctx
        .state
        .run(move |p| service::requests::organiser_queue(p, &who, service::today(), &shown))
        .await?;
    render(
        &ctx,
        "requests-organiser-title",
        "/organise/requests",
        &view,
        q,
    )
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    unit: String,
}

pub async fn unit_queue(
    ctx: Ctx,
    who: SignedIn,
    q: web::Query<QueueQuery>,
    s: web::Query<SectionQuery>,
) -> AppResult {
    // A unit id that is not a number is nobody's unit.
    let asked = match q.unit.as_str() {
        "" => None,
        raw => Some(raw.parse::<i32>().unwrap_or(0)),
    };
    let base = match asked {
        Some(unit) => format!("/unit/requests?unit={unit}"),
        None => "/unit/requests".to_string(),
    };
    let view = s.view();
    let shown = view.clone();
    let q = ctx
        .state
        .run(move |p| service::requests::unit_queue(p, &who, asked, &shown))
        .await?;
    render(&ctx, "requests-unit-title", &base, &view, q)
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
