//! The judges' own pages: their entries across tracks and rounds, one
//! entry's page with its score sheet, and the proposal download. Every one
//! shows only what the gate lets the judge see.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;

use crate::db::DbConn;

use super::{eligible_count, Board};
use crate::domain::judging::{
    check_sheet, CriterionInput, QuantityScale, Round, ScoreSheet, ScoreStatus, SheetProblems,
};
use crate::service::gates::judging as gate;
use crate::service::{Error, Person, Portal, Result};
use crate::store::contests::{Contest, Track};
use crate::store::entries::{DeclaredRow, Entry};
use crate::store::files::StoredFile;
use crate::store::judges::AssignmentRow;
use crate::store::rubrics::{CriterionRow, Rubric};
use crate::store::scores::ScoreRow;
use crate::store::{self, teams::Member};

/// One entry on a judge's list.
pub struct DashboardLine {
    pub entry: Entry,
    pub round: Round,
    /// Where their score stands (none yet: `None`).
    pub status: Option<ScoreStatus>,
    /// The team's name, unless the round is anonymous.
    pub team: Option<String>,
    /// When the round's judging ends.
    pub due: Option<NaiveDateTime>,
    pub track: Track,
    pub contest: Contest,
}

/// The entries a judge may see, in every track and round they judge.
pub fn dashboard(p: &Portal, who: &Person) -> Result<Vec<DashboardLine>> {
    let me = who.id;
    p.read(|conn| lines(p, conn, me))
}

/// The entries judge `me` may see, in every track and round they judge:
/// one board per track and round (`Board::of_judge`, its panel and
/// conflicts from the round's kept tally), limited to this judge's entries.
pub(crate) fn lines(p: &Portal, conn: &mut DbConn, me: i32) -> Result<Vec<DashboardLine>> {
    let assigned = store::judges::of_judge(conn, me)?;
    let scores = store::scores::of_judge(conn, me)?;
    let ids: Vec<i32> = assigned.iter().map(|a| a.entry_id).collect();
    let entries: HashMap<i32, Entry> = store::entries::find_many(conn, &ids)?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let mut wanted: BTreeMap<(i32, Round), (Vec<Entry>, Vec<AssignmentRow>)> = BTreeMap::new();
    for a in &assigned {
        if let Some(e) = entries.get(&a.entry_id) {
            let (es, rows) = wanted.entry((e.track_id, a.round)).or_default();
            es.push(e.clone());
            rows.push(a.clone());
        }
    }
    let mut boards: HashMap<(i32, Round), Board> = HashMap::new();
    for (key, (es, rows)) in wanted {
        boards.insert(key, Board::of_judge(p, conn, key, me, es, rows)?);
    }
    let mut out = Vec::new();
    for a in assigned {
        let Some(entry) = entries.get(&a.entry_id) else {
            continue;
        };
        let Some(b) = boards.get(&(entry.track_id, a.round)) else {
            continue;
        };
        if gate::sees(b, me, entry.id).is_err() {
            continue;
        }
        out.push(DashboardLine {
            status: scores
                .iter()
                .find(|s| s.entry_id == entry.id && s.round == a.round)
                .map(|s| s.status),
            team: (!b.settings.anonymous)
                .then(|| b.entry(entry.id).map(|(_, t)| t.clone()))
                .flatten(),
            due: match a.round {
                Round::Finals => b.contest.finals_at,
                Round::Preliminary => b.contest.judging_ends_at,
            },
            entry: entry.clone(),
            round: a.round,
            track: b.track.clone(),
            contest: b.contest.clone(),
        });
    }
    Ok(out)
}

/// A sheet as typed, to be shown again with what is wrong with it.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub sheet: ScoreSheet,
    pub submit: bool,
}

/// What the scoring page shows.
pub struct ScoringPage {
    pub entry: Entry,
    pub track: Track,
    pub round: Round,
    pub datasets: Vec<DeclaredRow>,
    pub rubric: Option<(Rubric, Vec<CriterionRow>)>,
    pub scale: QuantityScale,
    pub score: Option<ScoreRow>,
    /// Distinct declared datasets whose publisher counts for the track.
    pub eligible_datasets: u32,
    /// The team's name and members, unless the round is anonymous.
    pub team: Option<(String, Vec<Member>)>,
    /// Other judges' submitted (total, comment): only once this judge has
    /// submitted, and only where the round lets judges see them.
    pub others: Vec<(f64, String)>,
    /// The sheet shown: as typed when given, else as saved.
    pub sheet: ScoreSheet,
    /// What is wrong with the typed sheet, by the form's key.
    pub problems: SheetProblems,
    /// The challenge (出題) the entry answers.
    pub challenge: Option<crate::service::entries::Chosen>,
}

/// The rubric's criteria as the score sheet sees them, and the entry's
/// declared dataset ids.
pub(super) fn sheet_rules(
    criteria: &[CriterionRow],
    datasets: &[DeclaredRow],
) -> (Vec<crate::domain::judging::Criterion>, Vec<String>) {
    let inputs: Vec<CriterionInput> = criteria.iter().map(CriterionInput::from).collect();
    let ids = datasets.iter().map(|d| d.1.clone()).collect();
    (CriterionInput::criteria(&inputs), ids)
}

/// The stored quantity scale (checked when the rubric was saved).
pub(super) fn scale_of(r: &Rubric) -> Result<QuantityScale> {
    QuantityScale::parse(&r.quantity_scale).map_err(|e| {
        Error::Internal(anyhow::anyhow!(
            "stored quantity scale of rubric {}: {e}",
            r.id
        ))
    })
}

/// One entry as the judge scores it, with the sheet as saved, or as typed
/// (`typed`) together with what is wrong with it.
pub fn scoring_page(
    p: &Portal,
    who: &Person,
    entry_id: i32,
    round: Round,
    typed: Option<Typed>,
) -> Result<ScoringPage> {
    p.read(|conn| {
        let (entry, b) = gate::judge_may_see(conn, who.id, entry_id, round)?;
        let datasets = store::entries::datasets_of(conn, &[entry_id])?;
        let rubric = store::rubrics::find(conn, entry.track_id, round)?;
        let score = store::scores::find(conn, entry_id, who.id, round)?;
        let team = if b.settings.anonymous {
            None
        } else {
            let name = b
                .entry(entry_id)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            Some((name, store::teams::members(conn, &[entry.team_id])?))
        };
        let mine_submitted = score
            .as_ref()
            .is_some_and(|s| s.status == ScoreStatus::Submitted);
        let others = if mine_submitted && b.settings.show_others {
            store::scores::of_entries(conn, &[entry_id], round)?
                .into_iter()
                .filter(|s| s.user_id != who.id && s.status == ScoreStatus::Submitted)
                .filter_map(|s| Some((s.total?, s.comment)))
                .collect()
        } else {
            Vec::new()
        };
        let scale = match &rubric {
            Some((r, _)) => scale_of(r)?,
            None => QuantityScale::default(),
        };
        let (sheet, problems) = match (typed, &rubric) {
            (Some(t), Some((_, criteria))) => {
                let (rules, ids) = sheet_rules(criteria, &datasets);
                let problems = check_sheet(&rules, &ids, &t.sheet, t.submit)
                    .err()
                    .unwrap_or_default();
                (t.sheet, problems)
            }
            (Some(t), None) => (t.sheet, SheetProblems::new()),
            (None, _) => (
                score.as_ref().map(ScoreRow::sheet).unwrap_or_default(),
                SheetProblems::new(),
            ),
        };
        let declared: Vec<&str> = datasets.iter().map(|d| d.1.as_str()).collect();
        let challenge =
            crate::service::entries::chosen_challenge(conn, entry.challenge_id, &declared)?;
        Ok(ScoringPage {
            challenge,
            eligible_datasets: eligible_count(&b.track, &datasets),
            track: b.track,
            entry,
            round,
            datasets,
            rubric,
            scale,
            score,
            team,
            others,
            sheet,
            problems,
        })
    })
}

/// The proposal PDF of an entry the judge may see.
pub fn proposal(p: &Portal, who: &Person, entry_id: i32, round: Round) -> Result<StoredFile> {
    p.read(|conn| {
        let (entry, _) = gate::judge_may_see(conn, who.id, entry_id, round)?;
        let id = entry.proposal_file_id.ok_or(Error::NotFound)?;
        store::files::find(conn, id)?.ok_or(Error::NotFound)
    })
}
