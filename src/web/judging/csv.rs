//! The ranking and every submitted score of a round as CSV, the scores
//! also with judges and teams replaced by stable numbers.

use std::collections::HashMap;

use actix_web::web;

use super::ranking::{method_of, RankingQuery};
use super::{fmt1, round_of};
use crate::domain::judging::CriterionKind;
use crate::i18n::{t, Lang};
use crate::service;
use crate::store::entries::Entry;
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
    let sheet = service::judging::scores_sheet(&ctx.state, &who, track_id, round).await?;
    let (r, scores) = (&sheet.ranking, &sheet.scores);
    let b = &r.board;
    let en = lang == Lang::En;
    // Lookups by id: a track has thousands of entries and scores.
    let entry_at: HashMap<i32, (usize, &(Entry, String))> = b
        .entries
        .iter()
        .enumerate()
        .map(|(i, pair)| (pair.0.id, (i, pair)))
        .collect();
    let mut header = vec![
        t(lang, "rank-col-judge"),
        t(lang, "team-name"),
        t(lang, "entry-title"),
    ];
    for c in &r.criteria {
        header.push(if en && !c.name_en.is_empty() {
            c.name_en.clone()
        } else {
            c.name_zh.clone()
        });
    }
    header.push(t(lang, "rank-col-depth-ratings"));
    header.push(t(lang, "rank-col-total"));
    let mut rows = vec![header];
    // Stable pseudonyms: judges and teams numbered in id order.
    let mut judge_ids: Vec<i32> = scores.iter().map(|s| s.user_id).collect();
    judge_ids.sort();
    judge_ids.dedup();
    for s in scores {
        let Some((position, (entry, team))) = entry_at.get(&s.entry_id).copied() else {
            continue;
        };
        let saved = s.sheet();
        let (judge, team) = if anonymous {
            let n = judge_ids.binary_search(&s.user_id).unwrap_or(0) + 1;
            (
                format!("{} {n}", t(lang, "rank-col-judge")),
                format!("#{}", position + 1),
            )
        } else {
            (b.judge_name(s.user_id), team.clone())
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
        for c in &r.criteria {
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
        rows.push(row);
    }
    download::csv(
        rows,
        &format!(
            "scores-{track_id}-{round}{}.csv",
            if anonymous { "-anonymous" } else { "" }
        ),
    )
}
