//! A round's ranking: the judges' submitted totals normalised for harsh and
//! lenient judges, ranked by each method with its tie-breaks, every line
//! explained; kept stored (`refresh`) and read a page at a time; and every
//! score for the CSV.

use std::collections::{HashMap, HashSet};

use super::{eligible_among, heavy, track, Board, RoundTally, Scope};
use crate::db::DbConn;
use crate::domain::judging::{self, EntryStats, RankMethod, Round, ScoreStatus};
use crate::service::gates::judging as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::entries::Entry;
use crate::store::ranking::LineRow;
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

/// The whole ranking of a round, computed now, by `method` or else the
/// round's stored method (the ranking CSV).
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

/// What the scores CSV needs besides the scores: the round's board (its
/// entries in order, the panel's names), the rubric's criteria, and the
/// judges who submitted a score, in id order (their stable numbers).
pub struct ScoresHead {
    pub board: Board,
    pub criteria: Vec<CriterionRow>,
    judges: Vec<i32>,
    position: HashMap<i32, usize>,
}

impl ScoresHead {
    /// The entry of `entry_id` with its team's name, and its place in the
    /// board's order (from 0); none for an entry not judged in the round.
    pub fn entry(&self, entry_id: i32) -> Option<(usize, &(Entry, String))> {
        let i = *self.position.get(&entry_id)?;
        Some((i, self.board.entries.get(i)?))
    }

    /// A judge's stable number (from 1) among those who had submitted a
    /// score when the download began.
    pub fn judge_number(&self, user_id: i32) -> Option<usize> {
        self.judges.binary_search(&user_id).ok().map(|i| i + 1)
    }
}

/// Entries whose scores the scores CSV reads at a time.
const SCORES_AT_ONCE: usize = 500;

/// Every submitted score of a round (with a total) of the entries judged in
/// it, for the scores CSV: `each` is called first with no score (the head
/// is ready), then once per score in entry then judge order. The scores are
/// read a few hundred entries at a time, so a download holds the board and
/// one part of the scores, never all of them; the scores of a judge whose
/// first score came in after the download began are left out (the judges'
/// numbers are fixed at its start).
pub fn each_submitted_score(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    each: &mut dyn FnMut(&ScoresHead, Option<&ScoreRow>) -> Result<()>,
) -> Result<()> {
    gate::organiser(who)?;
    p.read(|conn| {
        let board = Board::load(conn, track_id, round, Scope::Entries)?;
        let criteria = store::rubrics::find(conn, track_id, round)?
            .map(|(_, c)| c)
            .unwrap_or_default();
        let mut ids: Vec<i32> = board.entries.iter().map(|(e, _)| e.id).collect();
        let mut judges: Vec<i32> = store::scores::submitted_totals(conn, &ids, round)?
            .into_iter()
            .map(|(_, judge, _)| judge)
            .collect();
        judges.sort_unstable();
        judges.dedup();
        let position = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let head = ScoresHead {
            board,
            criteria,
            judges,
            position,
        };
        each(&head, None)?;
        ids.sort_unstable();
        for part in ids.chunks(SCORES_AT_ONCE) {
            for s in store::scores::of_entries(conn, part, round)? {
                let known = head.judge_number(s.user_id).is_some();
                if s.status == ScoreStatus::Submitted && s.total.is_some() && known {
                    each(&head, Some(&s))?;
                }
            }
        }
        Ok(())
    })
}

/// Ranking lines per page (the CSV has them all), and unscored entries per
/// page of their list.
pub const LINES_PER_PAGE: usize = 50;

/// A page of a round's stored ranking and what the page shows around it.
pub struct RankingPage {
    /// The track, its panel, settings and finalists; no entries (the lines
    /// come from the stored ranking).
    pub board: Board,
    pub method: RankMethod,
    /// This page's lines, best first.
    pub lines: Vec<Ranked>,
    /// The page shown (1-based, within the pages there are).
    pub page: usize,
    /// Lines ranked in all.
    pub ranked: usize,
    /// A page of the entries nobody has submitted a score for.
    pub unscored: Vec<(Entry, String)>,
    pub unscored_page: usize,
    pub unscored_count: usize,
    /// Judges left unnormalised for having too few reviews.
    pub flagged_judges: Vec<i32>,
    /// Whether any finalist has a finals score (the finalists are fixed then).
    pub finals_started: bool,
    /// Winners in the track's prize table, all prizes together.
    pub prize_places: i32,
}

/// How many pages of `LINES_PER_PAGE` hold `n` (at least one).
pub fn pages_for(n: usize) -> usize {
    n.div_ceil(LINES_PER_PAGE).max(1)
}

/// A page of a round's ranking by `method` (or the round's stored method),
/// read from the stored ranking; `page` and `unscored_page` are clamped to
/// the pages there are. A round never ranked since the ranking was first
/// stored (data older than the snapshot) is ranked and stored now, once.
pub async fn ranking_page(
    p: &Portal,
    who: &Person,
    track_id: i32,
    round: Round,
    method: Option<RankMethod>,
    pages: (usize, usize),
) -> Result<RankingPage> {
    gate::organiser(who)?;
    let stored = p
        .blocking(move |p| {
            p.read(|conn| Ok(store::ranking::round_of(conn, track_id, round)?.is_some()))
        })
        .await?;
    if !stored {
        heavy(p, move |p| {
            p.transaction(|conn| refresh(conn, track_id, round).map(|_| ()))
        })
        .await?;
    }
    p.blocking(move |p| p.read(|conn| read_page(p, conn, track_id, round, method, pages)))
        .await
}

fn read_page(
    p: &Portal,
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    method: Option<RankMethod>,
    (page, unscored_page): (usize, usize),
) -> Result<RankingPage> {
    // The panel names the judges of each line: the round's kept one.
    let panel = RoundTally::current(p, conn, track_id, round)?.panel.clone();
    let board = Board::head(conn, track_id, round, panel)?;
    let method = method.unwrap_or(board.settings.rank_method);
    let head = store::ranking::round_of(conn, track_id, round)?.ok_or(Error::NotFound)?;
    let (ranked, unscored_count) = (head.ranked.max(0) as usize, head.unscored.max(0) as usize);
    let page = page.clamp(1, pages_for(ranked));
    let unscored_page = unscored_page.clamp(1, pages_for(unscored_count));
    let per = LINES_PER_PAGE as i64;
    let lines =
        store::ranking::ranked_page(conn, track_id, round, method, (page as i64 - 1) * per, per)?
            .into_iter()
            .map(|(l, entry, team)| Ranked {
                rank: l.rank(method).unwrap_or(0).max(0) as usize,
                stats: stats_of(&l),
                quantity: l.quantity.max(0) as u32,
                reviews: l.judges(),
                entry,
                team,
            })
            .collect();
    let unscored = store::ranking::unscored_page(
        conn,
        track_id,
        round,
        (unscored_page as i64 - 1) * per,
        per,
    )?;
    let finalists: Vec<i32> = board.finalists.iter().map(|(e, _)| *e).collect();
    let finals_started = !store::scores::of_entries(conn, &finalists, Round::Finals)?.is_empty();
    let prize_places = store::contests::prizes_of(conn, &[track_id])?
        .iter()
        .map(|p| p.winners.max(0))
        .sum();
    Ok(RankingPage {
        board,
        method,
        lines,
        page,
        ranked,
        unscored,
        unscored_page,
        unscored_count,
        flagged_judges: head.flagged_judges(),
        finals_started,
        prize_places,
    })
}

/// A stored line's figures.
fn stats_of(l: &LineRow) -> EntryStats {
    EntryStats {
        entry: l.entry_id,
        reviews: l.reviews.max(0) as usize,
        mean: l.mean,
        median: l.median,
        stdev: l.stdev,
        min: l.min_total,
        max: l.max_total,
        normalised: l.normalised,
        disagreement: l.disagreement,
    }
}

/// Rewrites the stored ranking of a track's round from what it is computed
/// from, and returns how many lines are ranked. Every use case that changes
/// one of those (a submitted score, an eligibility decision, the finalists,
/// the round's settings, a ranked entry's declared datasets, its team's
/// withdrawal, the track's counted publishers, a declared dataset's
/// publisher) calls it in its own transaction, so the stored ranking is
/// always the one `load` would compute. Two at once on the same round queue
/// on the round's row.
pub fn refresh(conn: &mut DbConn, track_id: i32, round: Round) -> Result<usize> {
    track(conn, track_id)?;
    store::ranking::claim(conn, track_id, round, now())?;
    let c = compute(conn, track_id, round)?;
    let ranks: Vec<HashMap<i32, i32>> = RankMethod::ALL
        .iter()
        .map(|m| {
            c.order(*m)
                .into_iter()
                .enumerate()
                .map(|(i, e)| (e, i as i32 + 1))
                .collect()
        })
        .collect();
    let rank_by = |m: usize, e: i32| ranks.get(m).and_then(|r| r.get(&e)).copied();
    let stats_by: HashMap<i32, &EntryStats> = c.stats.iter().map(|s| (s.entry, s)).collect();
    let lines: Vec<LineRow> = c
        .board
        .entries
        .iter()
        .enumerate()
        .map(|(i, (e, _))| {
            let s = stats_by.get(&e.id);
            let judges = c.reviews_by.get(&e.id).map(Vec::as_slice).unwrap_or(&[]);
            LineRow {
                track_id,
                round,
                entry_id: e.id,
                position: i as i32,
                rank_normalised: rank_by(0, e.id),
                rank_mean: rank_by(1, e.id),
                rank_median: rank_by(2, e.id),
                reviews: s.map(|s| s.reviews as i32).unwrap_or(0),
                mean: s.map(|s| s.mean).unwrap_or(0.0),
                median: s.map(|s| s.median).unwrap_or(0.0),
                stdev: s.map(|s| s.stdev).unwrap_or(0.0),
                min_total: s.map(|s| s.min).unwrap_or(0.0),
                max_total: s.map(|s| s.max).unwrap_or(0.0),
                normalised: s.map(|s| s.normalised).unwrap_or(0.0),
                disagreement: s.is_some_and(|s| s.disagreement),
                quantity: c.quantity(e.id) as i32,
                judges: serde_json::to_string(judges).unwrap_or_else(|_| "[]".into()),
            }
        })
        .collect();
    let ranked = lines.iter().filter(|l| l.rank_normalised.is_some()).count();
    store::ranking::replace(
        conn,
        (track_id, round),
        &lines,
        ranked as i32,
        &c.flagged_judges,
    )?;
    Ok(ranked)
}

/// After a change to one entry (its decision, its declared datasets):
/// rewrites the rounds whose stored ranking holds it and the rounds it is
/// judged in now (passed: the preliminary round; a finalist too: the finals).
pub fn refresh_entry(conn: &mut DbConn, entry_id: i32) -> Result<()> {
    let Some(entry) = store::entries::find_by_id(conn, entry_id)? else {
        return Ok(());
    };
    let mut rounds = store::ranking::rounds_holding(conn, &[entry_id])?;
    if store::eligibility::passed_among(conn, entry.track_id, Some(&[entry_id]))?
        .contains(&entry_id)
    {
        rounds.push((entry.track_id, Round::Preliminary));
        if store::finals::of_track(conn, entry.track_id)?
            .iter()
            .any(|(f, _)| *f == entry_id)
        {
            rounds.push((entry.track_id, Round::Finals));
        }
    }
    refresh_all(conn, rounds)
}

/// After a team withdraws: rewrites the rounds whose stored ranking holds
/// one of its entries.
pub fn refresh_team(conn: &mut DbConn, team_id: i32) -> Result<()> {
    let rounds = store::ranking::rounds_of_team(conn, team_id)?;
    refresh_all(conn, rounds)
}

/// After a track's counted publishers change: rewrites its stored rounds.
pub fn refresh_track(conn: &mut DbConn, track_id: i32) -> Result<()> {
    let rounds = store::ranking::rounds_of_track(conn, track_id)?;
    refresh_all(conn, rounds)
}

/// After a catalogue dataset's publisher changes: rewrites the rounds whose
/// stored ranking holds an entry declaring it.
pub fn refresh_declaring(conn: &mut DbConn, source_id: &str) -> Result<()> {
    let rounds = store::ranking::rounds_declaring(conn, source_id)?;
    refresh_all(conn, rounds)
}

fn refresh_all(conn: &mut DbConn, mut rounds: Vec<(i32, Round)>) -> Result<()> {
    rounds.sort_by_key(|(t, r)| (*t, r.as_str()));
    rounds.dedup();
    for (track_id, round) in rounds {
        refresh(conn, track_id, round)?;
    }
    Ok(())
}

/// Rewrites the stored ranking of a track's round in a transaction of its
/// own and returns how many lines are ranked: what every change to the
/// ranking's inputs pays (`bench/` times it on a full-size contest).
pub fn recompute_ranking(conn: &mut DbConn, track_id: i32, round: Round) -> Result<usize> {
    crate::db::transaction(conn, |conn| refresh(conn, track_id, round))
}

/// What a round's ranking is made of, computed once.
struct Computed {
    board: Board,
    criteria: Vec<CriterionRow>,
    stats: Vec<EntryStats>,
    ties: Vec<judging::TieBreak>,
    quantities: HashMap<i32, u32>,
    /// entry → (judge, raw total, normalised total)
    reviews_by: HashMap<i32, Vec<(i32, f64, f64)>>,
    flagged_judges: Vec<i32>,
}

impl Computed {
    fn quantity(&self, entry: i32) -> u32 {
        self.quantities.get(&entry).copied().unwrap_or(0)
    }

    /// Entry ids ranked by `method`, best first.
    fn order(&self, method: RankMethod) -> Vec<i32> {
        judging::rank(&self.stats, method, &self.ties)
    }
}

fn compute(conn: &mut DbConn, track_id: i32, round: Round) -> Result<Computed> {
    let board = Board::load(conn, track_id, round, Scope::Entries)?;
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
    let mut reviews_by: HashMap<i32, Vec<(i32, f64, f64)>> = HashMap::new();
    for (r, n) in raw.iter().zip(&normalised) {
        reviews_by
            .entry(r.entry)
            .or_default()
            .push((r.judge, r.total, n.total));
    }
    let ties: Vec<judging::TieBreak> = board
        .entries
        .iter()
        .map(|(e, _)| judging::TieBreak {
            entry: e.id,
            quantity: f64::from(quantities.get(&e.id).copied().unwrap_or(0)),
            submitted: e
                .submitted_at
                .map(|t| t.and_utc().timestamp())
                .unwrap_or(i64::MAX),
        })
        .collect();
    Ok(Computed {
        board,
        criteria,
        stats,
        ties,
        quantities,
        reviews_by,
        flagged_judges,
    })
}

/// The ranking of a round computed now, in the caller's connection (the
/// CSVs, the awards, advancing finalists; and the test that the stored
/// ranking is always this one).
pub fn load(
    conn: &mut DbConn,
    track_id: i32,
    round: Round,
    method: Option<RankMethod>,
) -> Result<Ranking> {
    let c = compute(conn, track_id, round)?;
    let method = method.unwrap_or(c.board.settings.rank_method);
    let order = c.order(method);
    let stats_by: HashMap<i32, &EntryStats> = c.stats.iter().map(|s| (s.entry, s)).collect();
    let entry_by: HashMap<i32, &(Entry, String)> = c
        .board
        .entries
        .iter()
        .map(|pair| (pair.0.id, pair))
        .collect();
    let lines = order
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let (entry, team) = (*entry_by.get(id)?).clone();
            let stats = (*stats_by.get(id)?).clone();
            let reviews = c.reviews_by.get(id).cloned().unwrap_or_default();
            Some(Ranked {
                rank: i + 1,
                quantity: c.quantity(*id),
                entry,
                team,
                stats,
                reviews,
            })
        })
        .collect();
    let ranked: HashSet<i32> = order.iter().copied().collect();
    let unscored = c
        .board
        .entries
        .iter()
        .filter(|(e, _)| !ranked.contains(&e.id))
        .cloned()
        .collect();
    Ok(Ranking {
        board: c.board,
        method,
        lines,
        unscored,
        flagged_judges: c.flagged_judges,
        criteria: c.criteria,
        finals_started: false,
        prize_places: 0,
    })
}
