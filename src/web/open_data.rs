//! Open data: the documentation page, published results and the public
//! request board as CSV and JSON, and the board's Atom feed, at stable URLs.

use actix_web::{web, HttpRequest};
use serde_json::{json, Value as Json};

use super::ctx::Ctx;
use super::download::{csv_bytes, public_file};
use super::error::{AppError, AppResult};
use super::requests::{actor_label, unit_name};
use crate::domain::data_request::STATES;
use crate::domain::open_data::{
    self as od, Dataset, Feed, FeedEntry, FEED_ENTRIES, REQUESTS, RESULTS,
};
use crate::i18n::{t, Lang};
use crate::service;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/open-data", web::get().to(page))
        .route("/open-data/results.csv", web::get().to(results_csv))
        .route("/open-data/results.json", web::get().to(results_json))
        .route("/open-data/requests.csv", web::get().to(requests_csv))
        .route("/open-data/requests.json", web::get().to(requests_json))
        .route("/open-data/requests.atom", web::get().to(requests_atom));
}

const CSV: &str = "text/csv; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";
const ATOM: &str = "application/atom+xml; charset=utf-8";

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ResultsQuery {
    year: String,
}

/// `?year=2026`, or every year; anything else is a 400.
fn year_of(q: &ResultsQuery) -> Result<Option<i32>, AppError> {
    match q.year.trim() {
        "" => Ok(None),
        y => y
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=9999).contains(y))
            .map(Some)
            .ok_or(AppError::BadRequest),
    }
}

fn csv_file<R>(req: &HttpRequest, d: &Dataset<R>, rows: &[R], filename: &str) -> AppResult {
    let mut lines = Vec::with_capacity(rows.len() + 1);
    lines.push(d.header());
    lines.extend(rows.iter().map(|r| d.csv_row(r)));
    let body = csv_bytes(lines)?;
    Ok(public_file(req, body.clone(), &body, CSV, Some(filename)))
}

/// The JSON envelope; its `ETag` leaves out the moment it was made, so an
/// unchanged file keeps its tag.
fn json_file<R>(
    ctx: &Ctx,
    req: &HttpRequest,
    d: &Dataset<R>,
    rows: &[R],
    generated: chrono::NaiveDateTime,
) -> AppResult {
    let documentation = ctx.state.config.absolute_url("/open-data");
    let mut env = od::envelope(d, rows, generated, &documentation);
    let at = env["generated_at"].take();
    let content = serde_json::to_vec(&env).map_err(|e| AppError::Internal(e.into()))?;
    env["generated_at"] = at;
    let body = serde_json::to_vec_pretty(&env).map_err(|e| AppError::Internal(e.into()))?;
    Ok(public_file(req, body, &content, JSON, None))
}

fn results_name(year: Option<i32>, ext: &str) -> String {
    match year {
        Some(y) => format!("contest-results-{y}.{ext}"),
        None => format!("contest-results.{ext}"),
    }
}

async fn results_csv(ctx: Ctx, req: HttpRequest, q: web::Query<ResultsQuery>) -> AppResult {
    let year = year_of(&q)?;
    let r = ctx
        .state
        .run(move |p| service::open_data::results(p, year))
        .await?;
    csv_file(&req, &RESULTS, &r.rows, &results_name(year, "csv"))
}

async fn results_json(ctx: Ctx, req: HttpRequest, q: web::Query<ResultsQuery>) -> AppResult {
    let year = year_of(&q)?;
    let r = ctx
        .state
        .run(move |p| service::open_data::results(p, year))
        .await?;
    json_file(&ctx, &req, &RESULTS, &r.rows, r.generated)
}

async fn requests_csv(ctx: Ctx, req: HttpRequest) -> AppResult {
    let r = ctx.state.run(service::open_data::requests).await?;
    csv_file(&req, &REQUESTS, &r.rows, "data-requests.csv")
}

async fn requests_json(ctx: Ctx, req: HttpRequest) -> AppResult {
    let r = ctx.state.run(service::open_data::requests).await?;
    json_file(&ctx, &req, &REQUESTS, &r.rows, r.generated)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    lang: String,
}

/// The board's newest changes as Atom, in Chinese or (`?lang=en`) English:
/// the language is in the URL, not the reader's cookie, so each URL always
/// says the same.
async fn requests_atom(ctx: Ctx, req: HttpRequest, q: web::Query<FeedQuery>) -> AppResult {
    let lang = match q.lang.as_str() {
        "" => Lang::ZhTw,
        code => Lang::from_code(code).ok_or(AppError::BadRequest)?,
    };
    let u = ctx
        .state
        .run(|p| service::open_data::board_updates(p, FEED_ENTRIES))
        .await?;
    let config = &ctx.state.config;
    let path = match lang {
        Lang::ZhTw => "/open-data/requests.atom".to_string(),
        Lang::En => "/open-data/requests.atom?lang=en".to_string(),
    };
    let entries = u
        .updates
        .iter()
        .map(|(r, e)| {
            let detail: Json = serde_json::from_str(&e.detail).unwrap_or(Json::Null);
            let unit = detail["unit_id"]
                .as_i64()
                .and_then(|u| i32::try_from(u).ok());
            let action = t(lang, &format!("request-action-{}", e.action));
            let who = actor_label(lang, &u.units, detail["as"].as_str().unwrap_or(""), unit);
            let mut summary = format!(
                "{action} · {who} · {}",
                t(lang, &format!("request-state-{}", e.to_state))
            );
            if matches!(e.action.as_str(), "route" | "hand-back") {
                if let Some(name) = unit_name(lang, &u.units, unit) {
                    summary.push_str(&format!(" · {name}"));
                }
            }
            if let Some(d) = detail["dataset_id"].as_str() {
                summary.push_str(&format!(" · {} {d}", t(lang, "request-dataset")));
            }
            if !e.message.is_empty() {
                summary.push_str("\n\n");
                summary.push_str(&e.message);
            }
            let link = config.absolute_url(&format!("/requests/{}#event-{}", r.id, e.id));
            FeedEntry {
                id: link.clone(),
                title: format!("#{} {} — {action}", r.id, r.title),
                link,
                updated: e.created_at,
                summary,
            }
        })
        .collect();
    let mut feed = Feed {
        id: config.absolute_url(&path),
        title: t(lang, "od-feed-title"),
        self_url: config.absolute_url(&path),
        alternate_url: config.absolute_url("/requests"),
        author: t(lang, "ministry-name"),
        rights: match lang {
            Lang::ZhTw => od::ATTRIBUTION.to_string(),
            Lang::En => od::ATTRIBUTION_EN.to_string(),
        },
        lang: lang.code(),
        generated: u.generated,
        entries,
    };
    let body = od::atom(&feed).into_bytes();
    // The tag leaves out the moment it was made (an empty feed's `updated`),
    // so an unchanged feed keeps its tag from one second to the next.
    feed.generated = chrono::NaiveDateTime::default();
    let content = od::atom(&feed).into_bytes();
    Ok(public_file(&req, body, &content, ATOM, None))
}

fn fields_json<R>(d: &Dataset<R>) -> Vec<Json> {
    d.fields
        .iter()
        .map(|f| {
            json!({
                "name": f.name, "type": f.kind.as_str(),
                "type_id": format!("od-type-{}", f.kind.as_str()),
                "nullable": f.nullable, "about": f.about,
            })
        })
        .collect()
}

/// The documentation: each file, its URLs, every field with its type and
/// meaning, the licence and how to credit it.
async fn page(ctx: Ctx) -> AppResult {
    let config = &ctx.state.config;
    let url = |p: &str| config.absolute_url(p);
    let (licence, attribution) = match ctx.lang {
        Lang::ZhTw => (od::LICENCE_NAME, od::ATTRIBUTION),
        Lang::En => (od::LICENCE_NAME_EN, od::ATTRIBUTION_EN),
    };
    ctx.render(
        "open_data/index",
        json!({
            "licence": { "name": licence, "name_zh": od::LICENCE_NAME, "url": od::LICENCE_URL },
            "attribution": attribution,
            "separator": od::LIST_SEPARATOR.trim(),
            "feed_entries": FEED_ENTRIES,
            "results": {
                "csv": url("/open-data/results.csv"),
                "json": url("/open-data/results.json"),
                "year_example": url("/open-data/results.json?year=2026"),
                "fields": fields_json(&RESULTS),
            },
            "requests": {
                "csv": url("/open-data/requests.csv"),
                "json": url("/open-data/requests.json"),
                "atom": url("/open-data/requests.atom"),
                "atom_en": url("/open-data/requests.atom?lang=en"),
                "fields": fields_json(&REQUESTS),
            },
            "states": STATES.iter().filter(|s| **s != crate::domain::data_request::State::Withdrawn).map(|s| json!({
                "code": s.as_str(), "label": format!("request-state-{}", s.as_str()),
            })).collect::<Vec<_>>(),
        }),
    )
}
