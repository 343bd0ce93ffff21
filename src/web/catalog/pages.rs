//! The public catalogue: search with filters and pages, and a dataset's page.

use actix_web::http::StatusCode;
use actix_web::web;
use fluent_templates::fluent_bundle::FluentValue;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use super::card::card_view;
use crate::domain::timeline::roc_year;
use crate::i18n::{t_args, Lang};
use crate::service;
use crate::service::catalog::{Search, Winner, YearUsage, COUNT_CAP};
use crate::service::Person;
use crate::templates::format_taipei;
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::person_of;

use super::themes;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
    publisher: String,
    format: String,
    theme: String,
    flag: String,
    page: Option<i64>,
}

const FORMATS: [&str; 6] = ["CSV", "JSON", "XML", "XLSX", "ODS", "PDF"];

pub async fn search(ctx: Ctx, q: web::Query<SearchQuery>) -> AppResult {
    let q = q.into_inner();
    let s = Search {
        q: q.q.clone(),
        publisher: q.publisher.clone(),
        format: q.format.clone(),
        theme: q.theme.clone(),
        flag: q.flag.clone(),
        page: q.page,
    };
    let found = ctx
        .state
        .run(move |p| service::catalog::search(p, &s))
        .await?;
    let base: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("q", &q.q),
            ("publisher", &q.publisher),
            ("format", &q.format),
            ("theme", &q.theme),
            ("flag", &q.flag),
        ])
        .finish();
    let list = &found.list;
    let pages = found.pages;
    let total = if found.more {
        json!(t_args(
            ctx.lang,
            "catalog-count-more",
            &[("count", FluentValue::from(COUNT_CAP))]
        ))
    } else {
        json!(list.total)
    };
    let status = if found.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    ctx.render_status(status, "catalog/search", json!({
        "more": found.more,
        "cap": COUNT_CAP,
        "filter": { "q": q.q, "publisher": q.publisher, "format": q.format, "theme": q.theme, "flag": q.flag },
        "themes": themes::theme_options(&q.theme),
        "flags": themes::flag_options(&q.flag),
        "errors": found.errors.to_json(),
        "publishers": found.publishers.iter().map(|(p, n)| json!({ "name": p, "count": n, "selected": *p == q.publisher })).collect::<Vec<_>>(),
        "formats": FORMATS.iter().map(|f| json!({ "name": f, "selected": *f == q.format })).collect::<Vec<_>>(),
        "rows": list.items.iter().map(|d| json!({
            "id": d.source_id, "title": d.title, "publisher": d.publisher, "formats": d.formats.split(';').filter(|f| !f.is_empty()).collect::<Vec<_>>(),
            "description": d.description.chars().take(160).collect::<String>(),
            "themes": themes::badges(found.themes.get(&d.id).map_or(&[], Vec::as_slice)),
        })).collect::<Vec<_>>(),
        "pager": {
            "page": list.page, "pages": pages, "total": total,
            "prev": (list.page > 1).then(|| format!("/catalog?{base}&page={}", list.page - 1)),
            "next": (list.page < pages).then(|| format!("/catalog?{base}&page={}", list.page + 1)),
        },
    }))
}

pub async fn dataset(ctx: Ctx, path: web::Path<String>) -> AppResult {
    let id = path.into_inner();
    let who = person_of(&ctx).ok();
    dataset_page(&ctx, who.as_ref(), &id, StatusCode::OK, None).await
}

/// The page of dataset `id`, with `card_error` (a Fluent id) beside its
/// fitness card when "read again now" was refused.
pub(super) async fn dataset_page(
    ctx: &Ctx,
    who: Option<&Person>,
    id: &str,
    status: StatusCode,
    card_error: Option<&str>,
) -> AppResult {
    let page = service::catalog::dataset(&ctx.state, who, id).await?;
    let d = &page.dataset;
    let mut card = card_view(ctx.lang, &d.source_id, &page.card, Some(d));
    card["error"] = json!(card_error.map(|m| ctx.t(m)));
    card["can_read"] = json!(who.is_some());
    ctx.render_status(status, "catalog/dataset", json!({
        "card": card,
        "d": {
            "id": d.source_id, "title": d.title, "publisher": d.publisher, "description": d.description,
            "fields": d.fields.split('、').filter(|f| !f.is_empty()).collect::<Vec<_>>(),
            "update_frequency": d.update_frequency, "license": d.license,
            "published_at": d.published_at.as_ref().map(format_taipei),
            "modified_at": d.modified_at.as_ref().map(format_taipei),
            "synced_at": format_taipei(&d.synced_at),
            "source_id": format!("source-{}", d.source.as_str()),
            "datagov_url": format!("https://data.gov.tw/dataset/{}", d.source_id),
        },
        "tags": themes::tags_view(ctx.lang, &d.source_id, &page.tags),
        "dependents": page.dependents.as_ref().map(|d| super::watch::dependents_view(ctx.lang, d)),
        "usage": usage_view(ctx.lang, &page.usage, &page.winners),
        "resources": page.resources.iter().map(|r| json!({
            "format": r.format, "url": r.url, "description": r.description, "fields": r.fields,
            "safe_url": r.url.starts_with("https://") || r.url.starts_with("http://"),
        })).collect::<Vec<_>>(),
    }))
}

/// A dataset's use per contest year, each year with its winners linked to
/// the published results.
fn usage_view(lang: Lang, usage: &[YearUsage], winners: &[Winner]) -> Vec<Json> {
    usage
        .iter()
        .map(|u| {
            json!({
                "year": u.year, "roc_year": roc_year(u.year),
                "entries": u.entries, "finalists": u.finalists, "winner_count": u.winners,
                "winners": winners.iter().filter(|w| w.year == u.year).map(|w| json!({
                    "title": w.title,
                    "prize": if lang == Lang::En && !w.prize_en.is_empty() { &w.prize_en } else { &w.prize },
                    "url": format!("/contests/{}/tracks/{}#winner-{}", w.year, w.track_id, w.entry_id),
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}
