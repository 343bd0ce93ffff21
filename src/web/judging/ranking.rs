//! The organisers' ranking page of a track and round: a page of the stored
//! ranking at a time, each line explained judge by judge, with the
//! advance-to-finals form.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{json, Value as Json};

use super::{fmt1, round_of, rounds_json};
use crate::domain::judging::{suggested_finalists, RankMethod, Round};
use crate::service::judging::pages_for;
use crate::service::{self, Person};
use crate::templates::format_taipei;
use crate::web::ctx::Ctx;
use crate::web::error::{AppError, AppResult};
use crate::web::forms::{page_of, FormErrors};
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RankingQuery {
    /// Empty: the method stored for the round.
    pub method: String,
    pub anonymous: String,
    pub round: String,
    /// The page of the unscored entries' list.
    pub unscored: String,
}

/// The method asked for in the address: none means the round's own; an
/// unknown one is not a page (404).
pub(super) fn method_of(raw: &str) -> Result<Option<RankMethod>, AppError> {
    if raw.is_empty() {
        Ok(None)
    } else {
        RankMethod::parse(raw).map(Some).ok_or(AppError::NotFound)
    }
}

pub async fn page(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<RankingQuery>,
) -> AppResult {
    let round = round_of(&q.round)?;
    let method = method_of(&q.method)?;
    let track_id = path.into_inner();
    let unscored = q.unscored.parse::<usize>().unwrap_or(1);
    let pages = (page_of(&ctx.here), unscored);
    let r =
        service::judging::ranking_page(&ctx.state, &who, track_id, round, method, pages).await?;
    render(
        &ctx,
        StatusCode::OK,
        r,
        FormErrors::default(),
        String::new(),
    )
}

/// The preliminary ranking again, after the finalists form was refused.
pub(super) async fn refused(
    ctx: &Ctx,
    who: &Person,
    track_id: i32,
    status: StatusCode,
    errors: FormErrors,
    typed_n: String,
) -> AppResult {
    let pages = (page_of(&ctx.here), 1);
    let r =
        service::judging::ranking_page(&ctx.state, who, track_id, Round::Preliminary, None, pages)
            .await?;
    render(ctx, status, r, errors, typed_n)
}

fn render(
    ctx: &Ctx,
    status: StatusCode,
    r: service::judging::RankingPage,
    errors: FormErrors,
    typed_n: String,
) -> AppResult {
    let lang = ctx.lang;
    let b = &r.board;
    let (track_id, round, method) = (b.track.id, b.round, r.method.as_str());
    // A page of the stored ranking at a time: thousands of lines are for the CSV.
    let (page, total) = (r.page, r.ranked);
    let pages = pages_for(total);
    let unscored_pages = pages_for(r.unscored_count);
    let lines: Vec<Json> = r
        .lines
        .iter()
        .map(|l| {
            json!({
                "entry_id": l.entry.id, "finalist": b.is_finalist(l.entry.id),
                "rank": l.rank, "title": l.entry.title, "team": l.team, "reviews": l.stats.reviews,
                "mean": fmt1(l.stats.mean), "median": fmt1(l.stats.median), "normalised": fmt1(l.stats.normalised),
                "stdev": fmt1(l.stats.stdev), "min": fmt1(l.stats.min), "max": fmt1(l.stats.max),
                "disagreement": l.stats.disagreement, "quantity": l.quantity,
                "submitted": l.entry.submitted_at.as_ref().map(format_taipei),
                "judges": l.reviews.iter().map(|(j, raw, norm)| json!({
                    "name": b.judge_name(*j), "raw_total": fmt1(*raw), "normalised": fmt1(*norm),
                    "flagged": r.flagged_judges.contains(j),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let methods: Vec<Json> = RankMethod::ALL
        .iter()
        .map(|m| {
            json!({
                "id": m, "label": format!("rank-method-{}", m.as_str()), "current": *m == r.method,
                "stored": *m == b.settings.rank_method,
                "href": format!("/organise/tracks/{track_id}/ranking?round={round}&method={}", m.as_str()),
            })
        })
        .collect();
    ctx.render_status(
        status,
        "organise/ranking",
        json!({
            "track": { "id": track_id, "name": track_name(lang, &b.track) },
            "contest": { "id": b.contest.id, "title": contest_title(lang, &b.contest) },
            "round": round,
            "round_label": format!("round-{round}"),
            "query": round.query(),
            "preliminary": round == Round::Preliminary,
            "csv": {
                "ranking": format!("/organise/tracks/{track_id}/ranking.csv?round={round}&method={method}"),
                "scores": format!("/organise/tracks/{track_id}/scores.csv?round={round}"),
                "scores_anonymous": format!("/organise/tracks/{track_id}/scores.csv?round={round}&anonymous=1"),
            },
            "rounds": rounds_json(&format!("/organise/tracks/{track_id}/ranking"), round),
            "method": method,
            "methods": methods,
            "explain": format!("rank-explain-{method}"),
            "lines": lines,
            "pager": (pages > 1).then(|| {
                // Links to the ranking itself, also when this page answers
                // a refused finalists form.
                let link = |p: usize| format!("/organise/tracks/{track_id}/ranking?round={round}&method={method}&page={p}");
                json!({
                    "page": page, "pages": pages, "total": total,
                    "prev": (page > 1).then(|| link(page - 1)),
                    "next": (page < pages).then(|| link(page + 1)),
                })
            }),
            "unscored": r.unscored.iter().map(|(e, team)| json!({
                "entry_id": e.id, "title": e.title, "team": team, "finalist": b.is_finalist(e.id),
            })).collect::<Vec<_>>(),
            "unscored_count": r.unscored_count,
            "unscored_pager": (unscored_pages > 1).then(|| {
                let link = |p: usize| format!("/organise/tracks/{track_id}/ranking?round={round}&method={method}&page={page}&unscored={p}#unscored-heading");
                let u = r.unscored_page;
                json!({
                    "page": u, "pages": unscored_pages, "total": r.unscored_count,
                    "prev": (u > 1).then(|| link(u - 1)),
                    "next": (u < unscored_pages).then(|| link(u + 1)),
                })
            }),
            "flagged": r.flagged_judges.iter().map(|j| b.judge_name(*j)).collect::<Vec<_>>(),
            "threshold": b.settings.disagreement,
            "finalists": b.finalists.len(),
            "finals_started": r.finals_started,
            "errors": errors.to_json(),
            "n": if typed_n.is_empty() { suggested_finalists(r.prize_places).to_string() } else { typed_n },
        }),
    )
}
