//! The dashboard page: the summary, the charts (the funnel, registrations
//! over time with their running total, cross-school and cross-department
//! shares), each with its data table, and the tables.

use actix_web::web;
use serde_json::{json, Value as Json};

use crate::domain::dashboard::{cumulative, share};
use crate::i18n::{t, t_args, Lang};
use crate::service;
use crate::service::dashboard::Dashboard;
use crate::web::charts;
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
    let charts = charts(lang, &d);
    ctx.render(
        "organise/dashboard",
        json!({
            "contest": { "id": d.contest.id, "title": contest_title(lang, &d.contest) },
            "summary": {
                "teams": d.teams, "entries": d.entries, "submitted": d.submitted,
                "cross_school": d.cross_school, "cross_school_share": share(d.cross_school, d.teams),
                "cross_department": d.cross_department, "cross_department_share": share(d.cross_department, d.teams),
            },
            "charts": charts,
            // The registrations and the mix are drawn as charts with their
            // tables above; the CSV and the workbook still carry them.
            "tables": d.tables.iter().filter(|tb| tb.id != "registrations" && tb.id != "mix").map(|tb| json!({
                "id": tb.id, "title": tb.title, "columns": tb.columns, "rows": tb.rows,
                "csv": format!("/organise/contests/{}/dashboard/{}.csv", d.contest.id, tb.id),
            })).collect::<Vec<_>>(),
        }),
    )
}

/// One chart: its heading, the SVG, and the table of its data beside it.
fn chart(id: &str, title: &str, svg: String, columns: [String; 2], rows: Vec<[String; 2]>) -> Json {
    json!({ "id": id, "title": title, "svg": svg, "columns": columns, "rows": rows })
}

fn charts(lang: Lang, d: &Dashboard) -> Vec<Json> {
    let mut out = Vec::new();
    let stages = [
        "dash-funnel-teams",
        "dash-funnel-submitted",
        "dash-funnel-eligible",
        "dash-funnel-finalists",
        "dash-funnel-winners",
    ];
    let first = d.funnel[0].max(0) as usize;
    let rows: Vec<(String, f64, String)> = stages
        .iter()
        .zip(d.funnel)
        .map(|(id, n)| {
            let shown = format!("{n} ({})", share(n.max(0) as usize, first));
            (t(lang, id), n as f64, shown)
        })
        .collect();
    let cols = [t(lang, "dash-stage"), t(lang, "dash-count")];
    out.push(bar_chart(
        "funnel",
        t(lang, "dash-funnel"),
        &rows,
        0.0,
        cols,
    ));

    if !d.per_day.is_empty() {
        let days: Vec<(String, u64, u64)> = cumulative(&d.per_day)
            .into_iter()
            .map(|(day, n, total)| (day.to_string(), n as u64, total as u64))
            .collect();
        let title = t(lang, "dash-registrations");
        let desc = t_args(
            lang,
            "dash-registrations-line-desc",
            &[
                ("first", days[0].0.clone().into()),
                ("last", days[days.len() - 1].0.clone().into()),
                ("total", days[days.len() - 1].2.to_string().into()),
            ],
        );
        let svg = charts::columns_with_total("registrations", &title, &desc, &days);
        let table = days
            .iter()
            .map(|(day, n, total)| [day.clone(), format!("{n} / {total}")])
            .collect();
        let cols = [t(lang, "dash-day"), t(lang, "dash-new-and-total")];
        out.push(chart("registrations", &title, svg, cols, table));
    }

    let title = t(lang, "dash-mix");
    let rows: Vec<(String, f64, String)> = [
        ("dash-cross-school", d.cross_school),
        ("dash-cross-department", d.cross_department),
    ]
    .iter()
    .map(|(id, n)| {
        let pct = if d.teams == 0 {
            0.0
        } else {
            *n as f64 * 100.0 / d.teams as f64
        };
        (
            t(lang, id),
            pct,
            format!("{n} / {} ({})", d.teams, share(*n, d.teams)),
        )
    })
    .collect();
    let cols = [t(lang, "dash-measure"), t(lang, "dash-share")];
    out.push(bar_chart("mix", title, &rows, 100.0, cols));
    out
}

/// A bar chart of (label, value, shown value) rows, described by its
/// labels and shown values, with them as its table.
fn bar_chart(
    id: &str,
    title: String,
    rows: &[(String, f64, String)],
    full: f64,
    columns: [String; 2],
) -> Json {
    let desc = rows
        .iter()
        .map(|r| format!("{} {}", r.0, r.2))
        .collect::<Vec<_>>()
        .join(", ");
    let svg = charts::bars(id, &title, &desc, rows, full);
    let table = rows.iter().map(|r| [r.0.clone(), r.2.clone()]).collect();
    chart(id, &title, svg, columns, table)
}
