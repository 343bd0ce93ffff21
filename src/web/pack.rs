//! The advisory-group pack of a contest year: the printable page, each
//! comparison drawn as a chart beside its table, and the Excel workbook.

use actix_web::web;
use serde_json::{json, Value as Json};

use crate::i18n::{t, t_args, Lang};
use crate::service::pack::{Pack, PackTable};
use crate::service::{self};
use crate::web::charts;
use crate::web::ctx::Ctx;
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::guards::Organiser;
use crate::web::names::contest_title;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organise/contests/{id}/pack", web::get().to(page))
        .route("/organise/contests/{id}/pack.xlsx", web::get().to(workbook));
}

pub async fn page(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let lang = ctx.lang;
    let today = service::today();
    let pack = ctx
        .state
        .run(move |p| service::pack::pack(p, &who, id, lang, today))
        .await?;
    ctx.render("organise/pack", view(lang, &pack))
}

pub async fn workbook(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let id = path.into_inner();
    let lang = ctx.lang;
    let today = service::today();
    let body = service::pack::workbook(&ctx.state, &who, id, lang, today).await?;
    download::xlsx(body, &format!("contest-{id}-advisory-pack.xlsx"))
}

fn view(lang: Lang, pack: &Pack) -> Json {
    let c = &pack.contest;
    let years = (
        c.year.to_string(),
        pack.previous.as_ref().map(|p| p.year.to_string()),
    );
    json!({
        "contest": { "id": c.id, "year": c.year.to_string(), "title": contest_title(lang, c) },
        "previous": pack.previous.as_ref().map(|p| json!({ "id": p.id, "year": p.year.to_string(), "title": contest_title(lang, p) })),
        "sections": pack.sections.iter().map(|s| json!({
            "id": s.id,
            "title": t(lang, s.title),
            "notes": s.notes,
            "tables": s.tables.iter().map(|tb| table(lang, s.id, tb, &years)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A number as a chart draws it: a count, days, or a share's percentage.
fn value(cell: &str) -> Option<f64> {
    cell.trim().trim_end_matches('%').parse().ok()
}

fn table(lang: Lang, section: &str, tb: &PackTable, years: &(String, Option<String>)) -> Json {
    let id = format!("{section}-{}", tb.id);
    let chart = tb.chart.then(|| {
        // Shares are drawn on their own scale: with counts in the same
        // table (a pass rate under the entries), only the counts are drawn.
        let counts = tb
            .rows
            .iter()
            .any(|r| r.get(1).is_some_and(|c| !c.ends_with('%')));
        let rows: Vec<charts::PairRow> = tb
            .rows
            .iter()
            .filter(|r| !(counts && r.get(1).is_some_and(|c| c.ends_with('%'))))
            .filter_map(|r| {
                let now = r.get(1)?;
                let before = years
                    .1
                    .as_ref()
                    .and(r.get(2))
                    .and_then(|b| Some((value(b)?, b.clone())));
                Some((r.first()?.clone(), (value(now)?, now.clone()), before))
            })
            .collect();
        let desc = rows
            .iter()
            .map(|(label, (_, a), b)| match b {
                Some((_, b)) => format!("{label} {a} ({b})"),
                None => format!("{label} {a}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let desc = match &years.1 {
            Some(before) => t_args(
                lang,
                "pack-chart-desc",
                &[
                    ("year", years.0.clone().into()),
                    ("previous", before.clone().into()),
                    ("values", desc.into()),
                ],
            ),
            None => desc,
        };
        charts::pairs(
            &format!("chart-{id}"),
            &tb.title,
            &desc,
            (&years.0, years.1.as_deref()),
            &rows,
        )
    });
    json!({
        "id": id,
        "title": tb.title,
        "columns": tb.columns,
        "rows": tb.rows,
        "svg": chart.filter(|_| !tb.rows.is_empty()),
        "sources": tb.sources.iter().map(|s| json!({ "label": s.label, "href": s.href })).collect::<Vec<_>>(),
    })
}
