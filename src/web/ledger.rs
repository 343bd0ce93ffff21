//! The dataset impact ledger: the page (organisers: every dataset; a unit's
//! reviewers: their unit's), and the same lines as CSV and as a workbook.
//! Anyone signed in may ask; the service's gate says who may read what.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::domain::ledger::{mean_depth, shown_depth};
use crate::domain::timeline::roc_year;
use crate::i18n::{t_args, Lang};
use crate::service;
use crate::service::ledger::LedgerQuery;
use crate::web::ctx::Ctx;
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::guards::SignedIn;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/ledger", web::get().to(page))
        .route("/ledger.csv", web::get().to(csv))
        .route("/ledger.xlsx", web::get().to(workbook));
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Query {
    year: String,
    publisher: String,
    page: Option<i64>,
}

impl Query {
    fn service(&self) -> LedgerQuery {
        LedgerQuery {
            year: self.year.clone(),
            publisher: self.publisher.clone(),
            page: self.page,
        }
    }

    /// The filters as a query string, for the pager and the downloads.
    fn filters(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([("year", &self.year), ("publisher", &self.publisher)])
            .finish()
    }
}

fn year_label(lang: Lang, year: i32) -> String {
    t_args(
        lang,
        "year-both",
        &[
            ("year", year.to_string().into()),
            ("roc", roc_year(year).to_string().into()),
        ],
    )
}

pub async fn page(ctx: Ctx, who: SignedIn, q: web::Query<Query>) -> AppResult {
    let q = q.into_inner();
    let wanted = q.service();
    let l = ctx
        .state
        .run(move |p| service::ledger::ledger(p, &who, &wanted))
        .await?;
    let lang = ctx.lang;
    let base = q.filters();
    let pages = l.lines.pages();
    let page = l.lines.page;
    let status = if l.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    ctx.render_status(status, "organise/ledger", json!({
        "everything": l.everything,
        "catalogued": l.catalogued,
        "errors": l.errors.to_json(),
        "filter": { "year": q.year, "publisher": q.publisher },
        "years": l.years.iter().map(|y| json!({ "value": y, "label": year_label(lang, *y), "selected": l.year == Some(*y) })).collect::<Vec<_>>(),
        "publishers": l.publishers.iter().map(|p| json!({ "name": p, "selected": l.publisher.as_deref() == Some(p.as_str()) })).collect::<Vec<_>>(),
        "lines": l.lines.items.iter().map(|x| (&x.dataset, &x.counts)).map(|(d, c)| json!({
            "year": c.year.map(|y| year_label(lang, y)),
            "id": d.source_id, "title": d.title, "publisher": d.publisher,
            "entries": c.entries,
            "depth": shown_depth(mean_depth(c.depth_sum, c.entries)),
            "finalists": c.finalists, "winners": c.winners,
            "request_id": c.request_id,
        })).collect::<Vec<_>>(),
        "csv": format!("/ledger.csv?{base}"),
        "xlsx": format!("/ledger.xlsx?{base}"),
        "pager": {
            "page": page, "pages": pages, "total": l.lines.total,
            "prev": (page > 1).then(|| format!("/ledger?{base}&page={}", page - 1)),
            "next": (page < pages).then(|| format!("/ledger?{base}&page={}", page + 1)),
        },
    }))
}

pub async fn csv(ctx: Ctx, who: SignedIn, q: web::Query<Query>) -> AppResult {
    let (wanted, lang) = (q.service(), ctx.lang);
    Ok(
        download::csv_stream(&ctx.state, "dataset-impact-ledger.csv", move |p, emit| {
            service::ledger::rows(p, &who, &wanted, lang, emit)
        })
        .await?,
    )
}

pub async fn workbook(ctx: Ctx, who: SignedIn, q: web::Query<Query>) -> AppResult {
    let (wanted, lang) = (q.service(), ctx.lang);
    let body = service::ledger::workbook(&ctx.state, &who, &wanted, lang).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"dataset-impact-ledger.xlsx\"",
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(body))
}
