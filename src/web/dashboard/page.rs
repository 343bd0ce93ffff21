//! The dashboard page: the summary, the registrations chart and the tables.

use actix_web::web;
use serde_json::{json, Value as Json};

use crate::domain::dashboard::share;
use crate::service;
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::Organiser;
use crate::web::names::contest_title;

pub async fn page(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let lang = ctx.lang;
    let d = ctx
        .state
        .run(move |p| service::dashboard::dashboard(p, &who, id, lang))
        .await?;
    // Registrations chart: one bar per day, on a 320-wide drawing; bars
    // stay slim when there are only a few days (one day is not a block).
    let most = d.per_day.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1) as f64;
    let width = (320.0 / d.per_day.len().max(1) as f64).min(24.0);
    let bars: Vec<Json> = d
        .per_day
        .iter()
        .enumerate()
        .map(|(i, (day, n))| {
            let h = (*n as f64 / most * 100.0).round();
            json!({
                "x": (i as f64 * width).round(), "w": (width - 2.0).max(1.0).round(),
                "y": 110.0 - h, "h": h, "label": format!("{day}: {n}"),
            })
        })
        .collect();
    ctx.render(
        "organise/dashboard",
        json!({
            "contest": { "id": d.contest.id, "title": contest_title(lang, &d.contest) },
            "summary": {
                "teams": d.teams, "entries": d.entries, "submitted": d.submitted,
                "cross_school": d.cross_school, "cross_school_share": share(d.cross_school, d.teams),
                "cross_department": d.cross_department, "cross_department_share": share(d.cross_department, d.teams),
            },
            "chart": { "bars": bars, "first": d.per_day.first().map(|p| p.0.to_string()), "last": d.per_day.last().map(|p| p.0.to_string()) },
            "tables": d.tables.iter().map(|tb| json!({
                "id": tb.id, "title": tb.title, "columns": tb.columns, "rows": tb.rows,
                "csv": format!("/organise/contests/{}/dashboard/{}.csv", d.contest.id, tb.id),
            })).collect::<Vec<_>>(),
        }),
    )
}
