//! The organisers' list of a contest's entries, and its CSV.

use actix_web::web;
use serde::Deserialize;
use serde_json::json;

use crate::service::{self, entries::EntryList, Person};
use crate::templates::format_taipei;
use crate::web::ctx::Ctx;
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    track: String,
}

async fn load(
    ctx: &Ctx,
    who: Person,
    contest_id: i32,
    q: &ListQuery,
) -> service::Result<EntryList> {
    let track = q.track.parse::<i32>().ok();
    ctx.state
        .run(move |p| service::entries::organiser_list(p, &who, contest_id, track))
        .await
}

pub async fn list(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<ListQuery>,
) -> AppResult {
    let l = load(&ctx, who.0, path.into_inner(), &q).await?;
    let lang = ctx.lang;
    let track = q.track.parse::<i32>().ok();
    let contest = &l.contest;
    ctx.render("entries/organiser", json!({
        "contest": { "id": contest.id, "year": contest.year, "title": contest_title(lang, contest) },
        "track_options": l.tracks.iter().map(|t| json!({ "id": t.id.to_string(), "name": track_name(lang, t), "selected": Some(t.id) == track })).collect::<Vec<_>>(),
        "csv": format!("/organise/contests/{}/entries.csv?track={}", contest.id, q.track),
        "rows": l.rows.iter().map(|r| json!({
            "team_id": r.entry.team_id, "track_id": r.entry.track_id, "team": r.team,
            "track": l.track(r.entry.track_id).map(|t| track_name(lang, t)).unwrap_or_default(),
            "title": r.entry.title, "status_id": format!("entry-status-{}", r.entry.status.as_str()),
            "datasets": r.precheck.distinct, "counted": r.precheck.counted, "precheck_passed": r.precheck.passed(),
            "version": r.entry.version, "updated_at": format_taipei(&r.entry.updated_at),
        })).collect::<Vec<_>>(),
    }))
}

pub async fn csv(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<ListQuery>,
) -> AppResult {
    let l = load(&ctx, who.0, path.into_inner(), &q).await?;
    let lang = ctx.lang;
    let tr = |id: &str| ctx.t(id);
    let mut rows = vec![[
        "team-name",
        "team-tracks",
        "entry-title",
        "entry-status",
        "entry-datasets-count",
        "entry-datasets-counted",
        "entry-precheck",
        "entry-version",
        "entry-updated",
    ]
    .iter()
    .map(|id| tr(id))
    .collect::<Vec<_>>()];
    for r in &l.rows {
        rows.push(vec![
            r.team.clone(),
            l.track(r.entry.track_id)
                .map(|t| track_name(lang, t))
                .unwrap_or_default(),
            r.entry.title.clone(),
            tr(&format!("entry-status-{}", r.entry.status.as_str())),
            r.precheck.distinct.to_string(),
            r.precheck.counted.to_string(),
            tr(if r.precheck.passed() {
                "csv-yes"
            } else {
                "csv-no"
            }),
            r.entry.version.to_string(),
            format_taipei(&r.entry.updated_at),
        ]);
    }
    download::csv(rows, &format!("entries-{}.csv", l.contest.year))
}
