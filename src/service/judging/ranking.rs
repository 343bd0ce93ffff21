//! A round's ranking: the judges' submitted totals normalised for harsh and
//! lenient judges, ranked by the round's method with its tie-breaks, every
//! line explained; and every score for the CSV.

use std::collections::{HashMap, HashSet};

use super::{eligible_among, heavy, Board, Scope};
use crate::db::DbConn;
use crate::domain::judging::{self, EntryStats, RankMethod, Round, ScoreStatus};
use crate::service::gates::judging as gate;
use crate::service::{Person, Portal, Result};
use crate::store::entries::Entry;
use crate::store::rubrics::CriterionRow;
use crate::store::{self, scores::ScoreRow};

/// One ranked line, with everything that explains it.
pub struct Ranked {
    pub rank: usize,
    pub entry: Entry,
    pub team: String,
    pub stats: EntryStats,
    /// Distinct eligible datasets declared.
    pub quantity: u32,
    /// (judge, raw total, normalised total)
    pub reviews: Vec<(i32, f64, f64)>,
}

pub struct Ranking {
    pub board: Board,
    pub method: RankMethod,
    pub lines: Vec<Ranked>,
    /// Entries in the round nobody has submitted a score for.
    pub unscored: Vec<(Entry, String)>,
    /// Judges left unnormalised for having too few reviews.
    pub flagged_judges: Vec<i32>,
    pub criteria: Vec<CriterionRow>,
    /// Whether any finalist has a finals score (the finalists are fixed then).
    pub finals_started: bool,
    /// Winners in the track's prize table, all prizes together.
    pub prize_places: i32,
}

/// The ranking of a round, by `method` or else the round's stored method.
pub async fn ranking(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    method: Option<RankMethod>,
) -> Result<Ranking> {
    gate::organiser(who)?;
    heavy(p, move |p| {
        p.read(|conn| {
            let mut r = load(conn, track_id, round, method)?;
            let finalists: Vec<i32> = r.board.finalists.iter().map(|(e, _)| *e).collect();
            r.finals_started =
                !store::scores::of_entries(conn, &finalists, Round::Finals)?.is_empty();
            r.prize_places = store::contests::prizes_of(conn, &[track_id])?
                .iter()
                .map(|p| p.winners.max(0))
                .sum();
            Ok(r)
        })
    })
    .await
}

/// The ranking and every submitted score of a round, for the scores CSV.
pub struct ScoresSheet {
    pub ranking: Ranking,
    pub scores: Vec<ScoreRow>,
}

pub async fn scores_sheet(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
) -> Result<ScoresSheet> {
    gate::organiser(who)?;
    heavy(p, move |p| {
        p.read(|conn| {
            let ranking = load(conn, track_id, round, None)?;
            let ids: Vec<i32> = ranking.board.entries.iter().map(|(e, _)| e.id).collect();
            let scores = store::scores::of_entries(conn, &ids, round)?
                .into_iter()
                .filter(|s| s.status == ScoreStatus::Submitted && s.total.is_some())
                .collect();
            Ok(ScoresSheet { ranking, scores })
        })
    })
    .await
}

/// Recomputes a track's ranking for a round the way the organisers'
/// ranking page does, and returns how many entries were ranked (`bench/`
/// times this on a full-size contest).
pub fn recompute_ranking(conn: &mut DbConn, track_id: i32, round: Round) -> Result<usize> {
    Ok(load(conn, track_id, round, None)?.lines.len())
}

/// The ranking of a round, in the caller's connection.
pub(super) fn load(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    method: Option<RankMethod>,
) -> Result<Ranking> {
    let board = Board::load(conn, track_id, round, Scope::Entries)?;
    let method = method.unwrap_or(board.settings.rank_method);
    let entry_ids: Vec<i32> = board.entries.iter().map(|(e, _)| e.id).collect();
    let criteria = store::rubrics::find(conn, track_id, round)?
        .map(|(_, c)| c)
        .unwrap_or_default();
    let declared = store::entries::publishers_of(conn, &entry_ids)?;
    let raw: Vec<judging::Score> = store::scores::submitted_totals(conn, &entry_ids, round)?
        .into_iter()
        .map(|(entry, judge, total)| judging::Score {
            entry,
            judge,
            total,
        })
        .collect();
    let (normalised, flagged_judges) = judging::normalise(&raw);
    let stats = judging::entry_stats(&raw, board.settings.disagreement);
    // Everything below is looked up by entry: thousands of entries must not
    // turn into millions of scans.
    let mut declared_by: HashMap<i32, Vec<(&str, &str)>> = HashMap::new();
    for (entry, source_id, publisher) in &declared {
        declared_by
            .entry(*entry)
            .or_default()
            .push((source_id.as_str(), publisher.as_str()));
    }
    let quantities: HashMap<i32, u32> = declared_by
        .iter()
        .map(|(e, rows)| (*e, eligible_among(&board.track, rows.iter().copied())))
        .collect();
    let quantity = |e: i32| quantities.get(&e).copied().unwrap_or(0);
    let mut reviews_by: HashMap<i32, Vec<(i32, f64, f64)>> = HashMap::new();
    for (r, n) in raw.iter().zip(&normalised) {
        reviews_by
            .entry(r.entry)
            .or_default()
            .push((r.judge, r.total, n.total));
    }
    let stats_by: HashMap<i32, &EntryStats> = stats.iter().map(|s| (s.entry, s)).collect();
    let entry_by: HashMap<i32, &(Entry, String)> =
        board.entries.iter().map(|pair| (pair.0.id, pair)).collect();
    let ties: Vec<judging::TieBreak> = board
        .entries
        .iter()
        .map(|(e, _)| judging::TieBreak {
            entry: e.id,
            quantity: f64::from(quantity(e.id)),
            submitted: e
                .submitted_at
                .map(|t| t.and_utc().timestamp())
                .unwrap_or(i64::MAX),
        })
        .collect();
    let order = judging::rank(&stats, method, &ties);
    let lines = order
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let (entry, team) = (*entry_by.get(id)?).clone();
            let stats = (*stats_by.get(id)?).clone();
            let reviews = reviews_by.get(id).cloned().unwrap_or_default();
            Some(Ranked {
                rank: i + 1,
                quantity: quantity(*id),
                entry,
                team,
                stats,
                reviews,
            })
        })
        .collect();
    let ranked: HashSet<i32> = order.iter().copied().collect();
    let unscored = board
        .entries
        .iter()
        .filter(|(e, _)| !ranked.contains(&e.id))
        .cloned()
        .collect();
    Ok(Ranking {
        board,
        method,
        lines,
        unscored,
        flagged_judges,
        criteria,
        finals_started: false,
        prize_places: 0,
    })
}
