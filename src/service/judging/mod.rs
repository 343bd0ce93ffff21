//! Judging: a track's panel by e-mail invitation, conflicts of interest
//! (detected, declared, dismissed), assignment, the judges' own pages and
//! score sheets, rubrics and their lock, the ranking with its CSVs,
//! finalists, awards and publishing the results.
//!
//! Work over a whole track (rankings, their CSVs, finalists, awards) runs at
//! most two at a time in this process, the rest waiting their turn: it is
//! CPU-bound, so this costs no throughput on a small machine, and a crowd of
//! them cannot each hold a track in memory.

mod assignment;
mod awards;
mod board;
mod finals;
mod judge;
mod panel;
mod ranking;
mod results;
mod rubric;
mod scoring;

pub use assignment::{
    auto_assign, declare_conflict, dismiss_conflict, edit_assignment, entry_judges, EntryJudges,
    Offered,
};
pub use awards::{awards_page, publish_results, save_awards, AwardsPage};
pub use board::Board;
pub(crate) use board::Scope;
pub use finals::{finalists, FinalistsForm};
pub(crate) use judge::lines as judge_lines;
pub use judge::{dashboard, proposal, scoring_page, DashboardLine, ScoringPage, Typed};
pub use panel::{
    invite, panel_page, remind, remove_judge, save_settings, ConflictLine, Invite, PanelPage,
    Progress, RoundTally, SettingsForm,
};
pub use ranking::{
    each_submitted_score, load as computed_ranking, pages_for, ranking, ranking_page,
    recompute_ranking, refresh, refresh_declaring, refresh_entry, refresh_team, refresh_track,
    Ranked, Ranking, RankingPage, ScoresHead, LINES_PER_PAGE,
};
pub use results::{result_of, KIND as RESULTS_KIND};
pub use rubric::{lock_rubric, rubric_page, save_rubric, unlock_rubric, RubricPage};
pub use scoring::{score, ScoreForm};

use std::collections::HashSet;

use tokio::sync::Semaphore;

use crate::db::DbConn;
use crate::domain::catalog::publisher_counts;
use crate::domain::FieldError;
use crate::service::{Error, Portal, Result};
use crate::store::{self, contests::Track, entries::DeclaredRow};

/// Turns for work over a whole track: two at once in this process.
static HEAVY: Semaphore = Semaphore::const_new(2);

/// Runs track-wide work `f` on the blocking pool when its turn comes. The
/// turn is held by the work itself, so it is not given back when the request
/// is abandoned while the work still runs.
async fn heavy<T, F>(p: &Portal, f: F) -> Result<T>
where
    F: FnOnce(&Portal) -> Result<T> + Send + 'static,
    T: Send + 'static,
{
    p.blocking_in_turn(&HEAVY, f).await
}

/// A refusal about one field.
fn invalid(e: FieldError) -> Error {
    Error::field(e.field, e.message)
}

/// The track, or "not found".
fn track(conn: &mut DbConn, track_id: i32) -> Result<Track> {
    store::contests::find_track(conn, track_id)?.ok_or(Error::NotFound)
}

/// Distinct declared datasets (of one entry) whose publisher counts for the track.
fn eligible_count(track: &Track, datasets: &[DeclaredRow]) -> u32 {
    eligible_among(track, datasets.iter().map(|d| (d.1.as_str(), d.2.as_str())))
}

/// The same count over (dataset id, publisher) pairs.
fn eligible_among<'a>(track: &Track, datasets: impl Iterator<Item = (&'a str, &'a str)>) -> u32 {
    let publishers = track.publishers();
    let eligible: HashSet<&str> = datasets
        .filter(|(_, publisher)| publishers.is_empty() || publisher_counts(publisher, &publishers))
        .map(|(id, _)| id)
        .collect();
    eligible.len() as u32
}
