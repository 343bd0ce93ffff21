//! The watch on what entries depend on, as pages show it: the alerts beside
//! an entry's datasets (`partials/dataset_alerts`), the organisers' list of
//! changes, and what depends on a dataset (`partials/dataset_dependents`).

use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Map, Value as Json};

use crate::domain::watch::ChangeKind;
use crate::i18n::Lang;
use crate::service::{self, catalog::watch::Dependents};
use crate::store::watch::EntryAlert;
use crate::templates::format_taipei;
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::{Organiser, SignedIn};
use crate::web::names::contest_title;

/// A track's name in the reader's language (the Chinese one without English).
fn named(lang: Lang, zh: &str, en: &str) -> String {
    if lang == Lang::En && !en.trim().is_empty() {
        en.to_string()
    } else {
        zh.to_string()
    }
}

/// One alert as `partials/dataset_alerts` shows it.
fn alert_view(a: &EntryAlert) -> Json {
    json!({
        "gone": a.kind == ChangeKind::Gone, "dataset": a.dataset, "title": a.title,
        "date": format_taipei(&a.at), "fields": a.lost_fields,
    })
}

/// An entry's alerts, for `partials/dataset_alerts` as `watch_alerts`.
pub fn alert_views(alerts: &[EntryAlert]) -> Vec<Json> {
    alerts.iter().map(alert_view).collect()
}

/// An entry's alerts by dataset id, for the alerts beside each declared
/// dataset (`watch_alerts=(get @root.dataset_alerts id)`).
pub fn alerts_by_dataset(alerts: &[EntryAlert]) -> Json {
    let mut by: Map<String, Json> = Map::new();
    for a in alerts {
        if let Json::Array(list) = by
            .entry(a.dataset.clone())
            .or_insert_with(|| Json::Array(Vec::new()))
        {
            list.push(alert_view(a));
        }
    }
    Json::Object(by)
}

/// What depends on a dataset, for `partials/dataset_dependents`.
pub fn dependents_view(lang: Lang, d: &Dependents) -> Json {
    json!({
        "entry_count": d.entries.len(), "request_count": d.requests.len(),
        "entries": d.entries.iter().map(|e| json!({
            "year": e.year, "track": named(lang, &e.track, &e.track_en), "team": e.team,
            "title": e.title, "status_id": format!("entry-status-{}", e.status.as_str()),
            "fields": e.fields_used,
            "url": d.may_open_entries.then(|| format!("/teams/{}/entries/{}", e.team_id, e.track_id)),
        })).collect::<Vec<_>>(),
        "requests": d.requests.iter().map(|(id, title, state)| json!({
            "id": id, "title": title, "state_id": format!("request-state-{}", state.as_str()),
        })).collect::<Vec<_>>(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChangesQuery {
    contest: String,
    page: String,
}

/// The organisers' list of changes upstream of declared datasets.
pub async fn changes(ctx: Ctx, who: Organiser, q: web::Query<ChangesQuery>) -> AppResult {
    let contest = q.contest.trim().parse::<i32>().ok();
    let page = q.page.trim().parse::<i64>().ok();
    let c = ctx
        .state
        .run(move |p| service::catalog::watch::changes(p, &who, contest, page))
        .await?;
    let lang = ctx.lang;
    let list = &c.list;
    let base = match c.contest {
        Some(id) => format!("/organise/dataset-changes?contest={id}&"),
        None => "/organise/dataset-changes?".to_string(),
    };
    let pages = list.pages();
    ctx.render("organise/dataset_changes", json!({
        "contests": c.contests.iter().map(|x| json!({
            "id": x.id, "year": x.year, "title": contest_title(lang, x), "selected": Some(x.id) == c.contest,
        })).collect::<Vec<_>>(),
        "rows": list.items.iter().map(|r| {
            let touched = c.touched.get(&r.id).map(Vec::as_slice).unwrap_or_default();
            let mut fields: Vec<&str> = Vec::new();
            for f in touched.iter().flat_map(|t| &t.lost_fields) {
                if !fields.contains(&f.as_str()) {
                    fields.push(f);
                }
            }
            json!({
                "dataset": r.dataset, "title": r.title, "publisher": r.publisher,
                "kind_id": r.kind.message_id(), "fields": fields, "when": format_taipei(&r.at),
                "entries": touched.iter().map(|t| json!({
                    "year": t.year, "track": named(lang, &t.track, &t.track_en), "team": t.team,
                    "title": if t.title.trim().is_empty() { crate::i18n::t(lang, "entry-untitled") } else { t.title.clone() },
                    "url": format!("/teams/{}/entries/{}", t.team_id, t.track_id),
                })).collect::<Vec<_>>(),
            })
        }).collect::<Vec<_>>(),
        "pager": {
            "page": list.page, "pages": pages, "total": list.total,
            "prev": (list.page > 1).then(|| format!("{base}page={}", list.page - 1)),
            "next": (list.page < pages).then(|| format!("{base}page={}", list.page + 1)),
        },
    }))
}

/// What depends on a dataset, on a page of its own: for the reviewers of
/// the unit that publishes it and the organisers (anyone else: 403).
pub async fn dependents(ctx: Ctx, who: SignedIn, path: web::Path<String>) -> AppResult {
    let id = path.into_inner();
    let (d, found) = ctx
        .state
        .run(move |p| service::catalog::watch::dependents(p, &who, &id))
        .await?;
    ctx.render(
        "catalog/dependents",
        json!({
            "d": { "id": d.source_id, "title": d.title, "publisher": d.publisher },
            "dependents": dependents_view(ctx.lang, &found),
        }),
    )
}
