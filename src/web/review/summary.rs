//! The organisers' summary of a contest's eligibility review, and its CSV.

use actix_web::web;
use serde_json::json;

use super::reason_label;
use crate::domain::consult::PassRate;
use crate::domain::eligibility::ReviewState as S;
use crate::i18n::t;
use crate::service::{self, review::Summary, Person};
use crate::web::ctx::Ctx;
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::guards::Organiser;
use crate::web::names::{contest_title, track_name};

/// The summary; with one line per entry for the CSV (`lines`).
async fn load(ctx: &Ctx, who: Person, contest_id: i32, lines: bool) -> service::Result<Summary> {
    ctx.state
        .run(move |p| {
            if lines {
                service::review::summary_with_lines(p, &who, contest_id)
            } else {
                service::review::summary(p, &who, contest_id)
            }
        })
        .await
}

/// A group's pass rate (issue 16: with and without an answered consult).
fn pass_rate(r: &PassRate) -> serde_json::Value {
    json!({
        "passed": r.passed, "entries": r.entries,
        "rate": r.percent().map_or_else(|| "—".to_string(), |p| format!("{p}%")),
    })
}

pub async fn summary(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let s = load(&ctx, who.0, path.into_inner(), false).await?;
    let lang = ctx.lang;
    let contest = &s.contest;
    ctx.render("review/summary", json!({
        "contest": { "id": contest.id, "year": contest.year, "title": contest_title(lang, contest) },
        "tracks": s.tracks.iter().map(|ts| {
            let pass = ts.count(S::Pass);
            json!({
                "name": track_name(lang, &ts.track), "id": ts.track.id, "total": ts.total, "pass": pass,
                "fail": ts.count(S::Fail), "revision": ts.count(S::Revision),
                "undecided": ts.undecided(),
                "consult_with": pass_rate(&ts.with_consult),
                "consult_without": pass_rate(&ts.without_consult),
                "awaiting": ts.count(S::AwaitingConfirmation),
                "rate": if ts.total == 0 { "—".to_string() } else { format!("{:.0}%", pass as f64 * 100.0 / ts.total as f64) },
                "reasons": ts.reasons.iter().map(|(c, n)| json!({ "label": reason_label(lang, &s.codes, c), "count": n })).collect::<Vec<_>>(),
                "passed": ts.passed.iter().map(|(team, title)| json!({ "team": team, "title": title })).collect::<Vec<_>>(),
                "more_passed": pass.saturating_sub(ts.passed.len()),
            })
        }).collect::<Vec<_>>(),
    }))
}

pub async fn csv(ctx: Ctx, who: Organiser, path: web::Path<i32>) -> AppResult {
    let s = load(&ctx, who.0, path.into_inner(), true).await?;
    let lang = ctx.lang;
    let heading = |ids: &[&str]| ids.iter().map(|id| t(lang, id)).collect::<Vec<_>>();
    let mut rows = vec![heading(&[
        "team-tracks",
        "review-total",
        "outcome-pass",
        "outcome-fail",
        "outcome-revision",
        "review-filter-undecided",
        "review-pass-rate",
        "review-reasons",
    ])];
    for ts in &s.tracks {
        let pass = ts.count(S::Pass);
        rows.push(vec![
            track_name(lang, &ts.track),
            ts.total.to_string(),
            pass.to_string(),
            ts.failed().to_string(),
            ts.count(S::Revision).to_string(),
            ts.undecided().to_string(),
            if ts.total == 0 {
                String::new()
            } else {
                format!("{}/{}", pass, ts.total)
            },
            ts.reasons
                .iter()
                .map(|(c, n)| format!("{} {}", reason_label(lang, &s.codes, c), n))
                .collect::<Vec<_>>()
                .join("; "),
        ]);
    }
    let all = s.totals();
    rows.push(vec![
        t(lang, "review-all-tracks"),
        all.total.to_string(),
        all.passed.to_string(),
        all.failed.to_string(),
        all.revision.to_string(),
        all.undecided.to_string(),
        if all.total == 0 {
            String::new()
        } else {
            format!("{}/{}", all.passed, all.total)
        },
        all.reasons
            .iter()
            .map(|(c, n)| format!("{} {}", reason_label(lang, &s.codes, c), n))
            .collect::<Vec<_>>()
            .join("; "),
    ]);
    // Then one line per entry: the advancing list and every outcome with its reasons.
    rows.push(vec![String::new()]);
    rows.push(heading(&[
        "team-tracks",
        "team-name",
        "entry-title",
        "review-state",
        "review-reasons",
    ]));
    for ts in &s.tracks {
        for line in &ts.entries {
            rows.push(vec![
                track_name(lang, &ts.track),
                line.team.clone(),
                line.title.clone(),
                t(lang, &format!("review-state-{}", line.state.as_str())),
                line.reasons
                    .iter()
                    .map(|c| reason_label(lang, &s.codes, c))
                    .collect::<Vec<_>>()
                    .join("; "),
            ]);
        }
    }
    download::csv(rows, &format!("eligibility-{}.csv", s.contest.year))
}
