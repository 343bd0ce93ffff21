//! The ranking and every submitted score of a round as CSV, the scores
//! also with judges and teams replaced by stable numbers (streamed as they
//! are read).

use actix_web::web;

use super::ranking::{method_of, RankingQuery};
use super::{fmt1, round_of};
use crate::domain::judging::CriterionKind;
use crate::i18n::{t, Lang};
use crate::service;
use crate::service::judging::ScoresHead;
use crate::store::scores::ScoreRow;
use crate::web::ctx::Ctx;
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::guards::Organiser;

pub async fn ranking(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<RankingQuery>,
) -> AppResult {
    let track_id = path.into_inner();
    let round = round_of(&q.round)?;
    let method = method_of(&q.method)?;
    let lang = ctx.lang;
    let r = service::judging::ranking(&ctx.state, &who, track_id, round, method).await?;
    let mut rows = vec![[
        "rank-col-rank",
        "team-name",
        "entry-title",
        "rank-col-reviews",
        "rank-col-mean",
        "rank-col-median",
        "rank-col-normalised",
        "rank-col-stdev",
        "rank-col-min",
        "rank-col-max",
        "rank-col-quantity",
        "rank-col-disagreement",
    ]
    .iter()
    .map(|id| t(lang, id))
    .collect::<Vec<_>>()];
    for l in &r.lines {
        rows.push(vec![
            l.rank.to_string(),
            l.team.clone(),
            l.entry.title.clone(),
            l.stats.reviews.to_string(),
            fmt1(l.stats.mean),
            fmt1(l.stats.median),
            fmt1(l.stats.normalised),
            fmt1(l.stats.stdev),
            fmt1(l.stats.min),
            fmt1(l.stats.max),
            l.quantity.to_string(),
            if l.stats.disagreement {
                t(lang, "yes")
            } else {
                String::new()
            },
        ]);
    }
    download::csv(
        rows,
        &format!("ranking-{track_id}-{round}-{}.csv", r.method.as_str()),
    )
}

pub async fn scores(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<i32>,
    q: web::Query<RankingQuery>,
) -> AppResult {
    let track_id = path.into_inner();
    let anonymous = q.anonymous == "1";
    let round = round_of(&q.round)?;
    let lang = ctx.lang;
    let filename = format!(
        "scores-{track_id}-{round}{}.csv",
        if anonymous { "-anonymous" } else { "" }
    );
    Ok(download::csv_stream(&ctx.state, &filename, move |p, emit| {
        service::judging::each_submitted_score(p, &who, track_id, round, &mut |h, s| match s {
            None => emit(scores_header(lang, h)),
            Some(s) => match score_row(lang, h, s, anonymous) {
                Some(row) => emit(row),
                None => Ok(()),
            },
        })
    })
    .await?)
}

/// The scores CSV's column titles: judge, team, entry, each criterion (in
/// the reader's language where the rubric has it), depth ratings, total.
fn scores_header(lang: Lang, h: &ScoresHead) -> Vec<String> {
    let en = lang == Lang::En;
    let mut header = vec![
        t(lang, "rank-col-judge"),
        t(lang, "team-name"),
        t(lang, "entry-title"),
    ];
    for c in &h.criteria {
        header.push(if en && !c.name_en.is_empty() {
            c.name_en.clone()
        } else {
            c.name_zh.clone()
        });
    }
    header.push(t(lang, "rank-col-depth-ratings"));
    header.push(t(lang, "rank-col-total"));
    header
}

/// One submitted score as a row; judges and teams by their stable numbers
/// when `anonymous` (and no titles). None for an entry not in the round
/// or a judge not numbered.
fn score_row(lang: Lang, h: &ScoresHead, s: &ScoreRow, anonymous: bool) -> Option<Vec<String>> {
    let (position, (entry, team)) = h.entry(s.entry_id)?;
    let saved = s.sheet();
    let (judge, team) = if anonymous {
        (
            format!(
                "{} {}",
                t(lang, "rank-col-judge"),
                h.judge_number(s.user_id)?
            ),
            format!("#{}", position + 1),
        )
    } else {
        (h.board.judge_name(s.user_id), team.clone())
    };
    let mut row = vec![
        judge,
        team,
        if anonymous {
            String::new()
        } else {
            entry.title.clone()
        },
    ];
    for c in &h.criteria {
        row.push(match c.kind {
            CriterionKind::Manual => saved
                .criteria
                .get(&c.position.to_string())
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        });
    }
    row.push(saved.depth.values().cloned().collect::<Vec<_>>().join(" "));
    row.push(s.total.map(fmt1).unwrap_or_default());
    Some(row)
}
