//! Catalogue pages: public search and dataset pages, and the organisers'
//! sync page (runs with their counts and errors, and "sync now").

use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use super::audit;
use super::ctx::{redirect_with_flash, Ctx};
use super::error::{AppError, AppResult};
use super::organise::require_organiser;
use crate::domain::catalog::{valid_id, Source};
use crate::i18n::t_args;
use crate::integrations::catalog;
use crate::store::{self, PageRequest};
use crate::templates::format_taipei;
use fluent_templates::fluent_bundle::FluentValue;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/catalog", web::get().to(search))
        .route("/catalog/{id}", web::get().to(dataset))
        .route("/organise/catalog", web::get().to(runs))
        .route("/organise/catalog/sync", web::post().to(start_sync));
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
    publisher: String,
    format: String,
    page: Option<i64>,
}

const FORMATS: [&str; 6] = ["CSV", "JSON", "XML", "XLSX", "ODS", "PDF"];

async fn search(ctx: Ctx, q: web::Query<SearchQuery>) -> AppResult {
    let q = q.into_inner();
    let s = store::catalog::Search {
        q: q.q.chars().take(100).collect(),
        publisher: q.publisher.clone(),
        format: q.format.clone(),
    };
    let page = PageRequest::new(q.page, 20);
    let (list, publishers) = ctx
        .state
        .db(move |conn| {
            Ok((
                store::catalog::search(conn, &s, page)?,
                store::catalog::publishers(conn)?,
            ))
        })
        .await?;
    let base: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("q", &q.q),
            ("publisher", &q.publisher),
            ("format", &q.format),
        ])
        .finish();
    // A keyword search counts up to a cap: beyond it, "more than 1,000"
    // and no pages past the cap (narrowing the words is the way on).
    let more = list.total > store::catalog::COUNT_CAP;
    let pages = if more {
        (store::catalog::COUNT_CAP + list.per_page - 1) / list.per_page
    } else {
        list.pages()
    };
    let total = if more {
        json!(t_args(
            ctx.lang,
            "catalog-count-more",
            &[("count", FluentValue::from(store::catalog::COUNT_CAP))]
        ))
    } else {
        json!(list.total)
    };
    ctx.render("catalog/search", json!({
        "more": more,
        "cap": store::catalog::COUNT_CAP,
        "filter": { "q": q.q, "publisher": q.publisher, "format": q.format },
        "publishers": publishers.iter().map(|(p, n)| json!({ "name": p, "count": n, "selected": *p == q.publisher })).collect::<Vec<_>>(),
        "formats": FORMATS.iter().map(|f| json!({ "name": f, "selected": *f == q.format })).collect::<Vec<_>>(),
        "rows": list.items.iter().map(|d| json!({
            "id": d.source_id, "title": d.title, "publisher": d.publisher, "formats": d.formats.split(';').filter(|f| !f.is_empty()).collect::<Vec<_>>(),
            "description": d.description.chars().take(160).collect::<String>(),
        })).collect::<Vec<_>>(),
        "pager": {
            "page": list.page, "pages": pages, "total": total,
            "prev": (list.page > 1).then(|| format!("/catalog?{base}&page={}", list.page - 1)),
            "next": (list.page < pages).then(|| format!("/catalog?{base}&page={}", list.page + 1)),
        },
    }))
}

async fn dataset(ctx: Ctx, path: web::Path<String>) -> AppResult {
    let id = path.into_inner();
    if !valid_id(&id) {
        return Err(AppError::NotFound);
    }
    // A signed-in user may look up a dataset that is not local yet: it is
    // fetched from data.gov.tw once and kept.
    let who = crate::web::guards::person_of(&ctx).ok();
    let known = crate::service::catalog::known_or_fetched(
        &ctx.state,
        who.as_ref(),
        std::slice::from_ref(&id),
        1,
    )
    .await?;
    if !known.contains_key(&id) {
        return Err(AppError::NotFound);
    }
    let lookup = id.clone();
    let found = ctx
        .state
        .db(move |conn| Ok(store::catalog::find_by_source_id(conn, &lookup)?))
        .await?;
    let d = found.ok_or(AppError::NotFound)?;
    let dataset_id = d.id;
    let (resources, uses, winners) = ctx
        .state
        .db(move |conn| {
            // Published winners that use this dataset, linked to their results.
            let winning = store::awards::published_winner_entries(conn)?;
            let mut winners = Vec::new();
            for id in store::entries::entries_using(conn, dataset_id)? {
                if !winning.contains(&id) {
                    continue;
                }
                let Some(e) = store::entries::find_by_id(conn, id)? else { continue };
                let Some(c) = store::contests::find(conn, e.contest_id)? else { continue };
                winners.push(json!({ "title": e.title, "url": format!("/contests/{}/tracks/{}#winner-{}", c.year, e.track_id, e.id) }));
            }
            Ok((
                store::catalog::resources(conn, dataset_id)?,
                store::entries::uses_of_dataset(conn, dataset_id)?,
                winners,
            ))
        })
        .await?;
    ctx.render("catalog/dataset", json!({
        "d": {
            "id": d.source_id, "title": d.title, "publisher": d.publisher, "description": d.description,
            "fields": d.fields.split('、').filter(|f| !f.is_empty()).collect::<Vec<_>>(),
            "update_frequency": d.update_frequency, "license": d.license,
            "published_at": d.published_at.as_ref().map(format_taipei),
            "modified_at": d.modified_at.as_ref().map(format_taipei),
            "synced_at": format_taipei(&d.synced_at),
            "source_id": format!("source-{}", d.source),
            "datagov_url": format!("https://data.gov.tw/dataset/{}", d.source_id),
            "uses": uses,
        },
        "winners": winners,
        "resources": resources.iter().map(|r| json!({
            "format": r.format, "url": r.url, "description": r.description, "fields": r.fields,
            "safe_url": r.url.starts_with("https://") || r.url.starts_with("http://"),
        })).collect::<Vec<_>>(),
    }))
}

async fn runs(ctx: Ctx) -> AppResult {
    require_organiser(&ctx)?;
    let (list, total) = ctx
        .state
        .db(|conn| {
            Ok((
                store::catalog::runs(conn, 50)?,
                store::catalog::count(conn)?,
            ))
        })
        .await?;
    ctx.render("organise/catalog", json!({
        "total": total,
        "mol_base": ctx.state.config.catalog.mol_base,
        "datagov_base": ctx.state.config.catalog.datagov_base,
        "rows": list.iter().map(|r| json!({
            "id": r.id, "source": r.source, "since": r.since,
            "started_at": format_taipei(&r.started_at),
            "finished_at": r.finished_at.as_ref().map(format_taipei),
            "new": r.new_count, "updated": r.updated_count, "unchanged": r.unchanged_count, "failed": r.failed_count,
            "errors": serde_json::from_str::<Vec<String>>(&r.errors).unwrap_or_default(),
        })).collect::<Vec<_>>(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SyncForm {
    source: String,
    since: String,
}

/// Starts a sync in the background; its run appears on the page as it goes.
async fn start_sync(ctx: Ctx, form: web::Form<SyncForm>) -> AppResult {
    let actor = require_organiser(&ctx)?;
    let source = match form.source.as_str() {
        "mol" => Source::Mol,
        "datagov" => Source::DataGov,
        _ => return Err(AppError::BadRequest),
    };
    let since = match form.since.trim() {
        "" => None,
        raw => Some(
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map_err(|_| AppError::Refused("error-date-invalid"))?,
        ),
    };
    let ip = ctx.ip.clone();
    ctx.state
        .db(move |conn| {
            audit(
                conn,
                actor,
                ip.as_deref(),
                "catalog.sync",
                "catalog",
                source.as_str(),
                json!({ "since": since }),
            )
        })
        .await?;
    // The same lease as the scheduled sync: never two syncs at once.
    let holder = format!("manual-{}", crate::security::random_token());
    let h = holder.clone();
    let t = super::now();
    let ours = ctx
        .state
        .db(move |conn| {
            Ok(store::leases::try_acquire(
                conn,
                "catalog-sync",
                &h,
                t,
                chrono::Duration::hours(2),
            )?)
        })
        .await?;
    if !ours {
        return Ok(redirect_with_flash(
            &ctx,
            "/organise/catalog",
            "info",
            "flash-sync-busy",
        ));
    }
    let (pool, client) = (ctx.state.pool.clone(), ctx.state.catalog.clone());
    actix_web::rt::spawn(async move {
        if let Err(e) = catalog::sync(&pool, &client, source, since, Some(actor), |_| {}).await {
            tracing::error!(error = %format!("{e:#}"), "catalogue sync from the organiser page");
        }
        let p = pool.clone();
        let _ = tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut conn = p.get()?;
            Ok(store::leases::release(&mut conn, "catalog-sync", &holder)?)
        })
        .await;
    });
    Ok(redirect_with_flash(
        &ctx,
        "/organise/catalog",
        "success",
        "flash-sync-started",
    ))
}
