//! The reviewers' overview of tracks, and one track's queue.

use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use crate::service::{self, review::Queue};
use crate::templates::format_taipei;
use crate::web::ctx::Ctx;
use crate::web::error::AppResult;
use crate::web::guards::Reviewer;
use crate::web::names::{contest_title, track_name};

pub async fn overview(ctx: Ctx, who: Reviewer) -> AppResult {
    let contests = ctx
        .state
        .run(move |p| service::review::overview(p, &who))
        .await?;
    let lang = ctx.lang;
    ctx.render("review/overview", json!({
        "contests": contests.iter().map(|(c, tracks)| json!({
            "year": c.year, "title": contest_title(lang, c),
            "tracks": tracks.iter().map(|l| json!({ "id": l.track.id, "name": track_name(lang, &l.track), "open": l.open, "opens_at": l.opens_at.as_ref().map(format_taipei) })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QueueQuery {
    filter: String,
    page: Option<i64>,
}

const FILTERS: [&str; 5] = ["undecided", "pass", "fail", "revision", "precheck-failing"];

pub async fn queue(
    ctx: Ctx,
    who: Reviewer,
    path: web::Path<i32>,
    q: web::Query<QueueQuery>,
) -> AppResult {
    let track_id = path.into_inner();
    let QueueQuery { filter, page } = q.into_inner();
    let wanted = filter.clone();
    let queue = ctx
        .state
        .run(move |p| service::review::queue(p, &who, track_id, &wanted, page))
        .await?;
    let lang = ctx.lang;
    let Queue {
        contest,
        track,
        opens_at,
        total,
        rows,
    } = queue;
    let Some(rows) = rows else {
        return ctx.render(
            "review/closed",
            json!({
                "track": { "name": track_name(lang, &track) },
                "deadline": opens_at.map(|d| format_taipei(&d)),
            }),
        );
    };
    let base = format!(
        "/review/tracks/{}?filter={}",
        track.id,
        url::form_urlencoded::byte_serialize(filter.as_bytes()).collect::<String>()
    );
    let pages = rows.pages();
    ctx.render("review/queue", json!({
        "track": { "id": track.id, "name": track_name(lang, &track) },
        "contest": { "year": contest.year, "title": contest_title(lang, &contest) },
        "filters": FILTERS.iter().map(|f| json!({ "value": f, "label_id": format!("review-filter-{f}"), "current": *f == filter })).collect::<Vec<_>>(),
        "total": total,
        "rows": rows.items.iter().map(|r| json!({
            "id": r.entry.id, "team": r.team, "title": r.entry.title,
            "state_id": format!("review-state-{}", r.state.as_str()),
            "decided": !r.state.decidable(),
            "precheck_passed": r.precheck.passed(),
            "publishers": r.precheck.by_publisher.iter().map(|(p, n)| json!({ "name": p, "count": n })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "pager": {
            "page": rows.page, "pages": pages, "total": rows.total,
            "prev": (rows.page > 1).then(|| format!("{base}&page={}", rows.page - 1)),
            "next": (rows.page < pages).then(|| format!("{base}&page={}", rows.page + 1)),
        },
    }))
}
