//! The organisers' summary of a contest's eligibility review: per track the
//! outcomes, the pass rate, the reasons of failures, the entries advancing,
//! and one line per entry (for the CSV).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;

use crate::db::DbConn;
use crate::domain::consult::PassRate;
use crate::domain::eligibility::ReviewState;
use crate::service::gates::review as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::contests::{Contest, Track};
use crate::store::{self, eligibility::ReasonCode, review};

/// One entry in the summary.
pub struct SummaryLine {
    pub team: String,
    pub title: String,
    pub state: ReviewState,
    /// The reason codes of its current decision.
    pub reasons: Vec<String>,
}

/// One track's numbers.
pub struct TrackSummary {
    pub track: Track,
    pub counts: BTreeMap<ReviewState, usize>,
    /// How often each reason was given for a failure.
    pub reasons: BTreeMap<String, usize>,
    /// Team and title of the first [`ADVANCING_SHOWN`] entries that passed
    /// (all of them are in the queue's "pass" filter and the CSV).
    pub passed: Vec<(String, String)>,
    pub total: usize,
    pub entries: Vec<SummaryLine>,
    /// Pass rate of the entries whose consult was answered (issue 16) …
    pub with_consult: PassRate,
    /// … and of the others (none asked, or not answered).
    pub without_consult: PassRate,
}

impl TrackSummary {
    pub fn count(&self, state: ReviewState) -> usize {
        self.counts.get(&state).copied().unwrap_or(0)
    }

    /// Entries waiting for a reviewer's decision.
    pub fn undecided(&self) -> usize {
        self.count(ReviewState::Undecided) + self.count(ReviewState::Resubmitted)
    }

    /// Entries failed, those waiting for a second reviewer's confirmation
    /// included.
    pub fn failed(&self) -> usize {
        self.count(ReviewState::Fail) + self.count(ReviewState::AwaitingConfirmation)
    }
}

/// Every track's numbers added up (the summary's "all tracks" line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub total: usize,
    pub passed: usize,
    pub failed: usize,
    pub revision: usize,
    pub undecided: usize,
    /// How often each reason was given for a failure.
    pub reasons: BTreeMap<String, usize>,
}

impl Summary {
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for ts in &self.tracks {
            t.total += ts.total;
            t.passed += ts.count(ReviewState::Pass);
            t.failed += ts.failed();
            t.revision += ts.count(ReviewState::Revision);
            t.undecided += ts.undecided();
            for (code, n) in &ts.reasons {
                *t.reasons.entry(code.clone()).or_default() += n;
            }
        }
        t
    }
}

pub struct Summary {
    pub contest: Contest,
    pub tracks: Vec<TrackSummary>,
    pub codes: Vec<ReasonCode>,
}

/// How many advancing entries the summary names per track.
pub const ADVANCING_SHOWN: usize = 10;

/// The eligibility summary of contest `contest_id`, for organisers: each
/// track's numbers and the entries advancing, counted in the database
/// (`store::review`), without a line per entry.
pub fn summary(p: &Portal, who: &Person, contest_id: i32) -> Result<Summary> {
    gate::organiser(who)?;
    let at = now();
    p.read(|conn| summary_of(p, conn, contest_id, at))
}

/// The same with one line per entry of every track (`TrackSummary::entries`,
/// for the CSV).
pub fn summary_with_lines(p: &Portal, who: &Person, contest_id: i32) -> Result<Summary> {
    gate::organiser(who)?;
    let at = now();
    p.read(|conn| {
        let mut s = summary_of(p, conn, contest_id, at)?;
        let tracks: Vec<Track> = s.tracks.iter().map(|t| t.track.clone()).collect();
        let scope = review::Scope {
            contest: &s.contest,
            tracks: &tracks,
            at,
        };
        let mut lines: HashMap<i32, Vec<SummaryLine>> = HashMap::new();
        for l in review::lines(conn, &scope, None, None)? {
            lines.entry(l.track_id).or_default().push(SummaryLine {
                team: l.team,
                title: l.title,
                state: l.state,
                reasons: reason_list(l.reasons.as_deref()),
            });
        }
        for t in &mut s.tracks {
            t.entries = lines.remove(&t.track.id).unwrap_or_default();
        }
        Ok(s)
    })
}

/// Reason codes as a decision stores them (a JSON list; none when unreadable,
/// as `DecisionRow::reason_list`).
fn reason_list(stored: Option<&str>) -> Vec<String> {
    stored
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_default()
}

/// The eligibility summary of contest `contest_id` at `at`, inside the
/// caller's read (the advisory-group pack reads the same numbers): one
/// grouped count per track, state, answered consult and (for failures) the
/// reasons as stored, and the first passed entries' team and title. No line
/// per entry (`entries` stays empty: [`summary_with_lines`]).
pub(crate) fn summary_of(
    p: &Portal,
    conn: &mut DbConn,
    contest_id: i32,
    at: NaiveDateTime,
) -> Result<Summary> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    let codes = store::eligibility::reason_codes(conn)?;
    let tracks = store::contests::tracks_of(conn, contest_id)?;
    let scope = review::Scope {
        contest: &contest,
        tracks: &tracks,
        at,
    };
    let track_ids: Vec<i32> = tracks.iter().map(|t| t.id).collect();
    let counts = super::state_counts(p, conn, contest_id, &track_ids, at)?;
    let counts = &counts.counts;
    let mut passed = Vec::new();
    for track in &tracks {
        let one = review::Scope {
            tracks: std::slice::from_ref(track),
            ..scope
        };
        let shown = Some((0, ADVANCING_SHOWN as i64));
        passed.extend(review::lines(
            conn,
            &one,
            Some(&[ReviewState::Pass]),
            shown,
        )?);
    }
    let tracks = tracks
        .into_iter()
        .map(|track| {
            let mut s = TrackSummary {
                total: 0,
                counts: BTreeMap::new(),
                reasons: BTreeMap::new(),
                passed: Vec::new(),
                entries: Vec::new(),
                with_consult: PassRate::default(),
                without_consult: PassRate::default(),
                track,
            };
            let id = s.track.id;
            for c in counts.iter().filter(|c| c.track_id == id) {
                let n = c.n as usize;
                s.total += n;
                *s.counts.entry(c.state).or_insert(0) += n;
                let rate = if c.consulted {
                    &mut s.with_consult
                } else {
                    &mut s.without_consult
                };
                rate.entries += n;
                if c.state == ReviewState::Pass {
                    rate.passed += n;
                }
                if c.state == ReviewState::Fail {
                    for code in reason_list(c.failed_for.as_deref()) {
                        *s.reasons.entry(code).or_insert(0) += n;
                    }
                }
            }
            s.passed = passed
                .iter()
                .filter(|l| l.track_id == id)
                .map(|l| (l.team.clone(), l.title.clone()))
                .collect();
            s
        })
        .collect();
    Ok(Summary {
        contest,
        tracks,
        codes,
    })
}
