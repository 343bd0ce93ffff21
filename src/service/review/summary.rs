//! The organisers' summary of a contest's eligibility review: per track the
//! outcomes, the pass rate, the reasons of failures, the entries advancing,
//! and one line per entry (for the CSV).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDateTime;

use super::standings;
use crate::db::DbConn;
use crate::domain::consult::PassRate;
use crate::domain::eligibility::ReviewState;
use crate::service::gates::review as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::contests::{Contest, Track};
use crate::store::{self, eligibility::ReasonCode};

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
    /// Team and title of the entries that passed.
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

/// The eligibility summary of contest `contest_id`, for organisers.
pub fn summary(p: &Portal, who: &Person, contest_id: i32) -> Result<Summary> {
    gate::organiser(who)?;
    let at = now();
    p.read(|conn| summary_of(conn, contest_id, at))
}

/// The eligibility summary of contest `contest_id` at `at`, inside the
/// caller's read (the advisory-group pack reads the same numbers).
pub(crate) fn summary_of(conn: &mut DbConn, contest_id: i32, at: NaiveDateTime) -> Result<Summary> {
    let contest = store::contests::find(conn, contest_id)?.ok_or(Error::NotFound)?;
    let codes = store::eligibility::reason_codes(conn)?;
    let mut tracks = Vec::new();
    for track in store::contests::tracks_of(conn, contest_id)? {
        // Where each entry stands, and its team and title: no pre-checks,
        // which the summary does not show.
        let rows = standings(conn, &contest, &track, at)?;
        let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
        let mut named: HashMap<i32, (String, String)> = store::entries::team_and_title(conn, &ids)?
            .into_iter()
            .map(|(id, team, title)| (id, (team, title)))
            .collect();
        let consulted: HashSet<i32> = store::consults::answered_entries(conn, &ids)?
            .into_iter()
            .collect();
        let mut s = TrackSummary {
            total: rows.len(),
            track,
            counts: BTreeMap::new(),
            reasons: BTreeMap::new(),
            passed: Vec::new(),
            entries: Vec::new(),
            with_consult: PassRate::default(),
            without_consult: PassRate::default(),
        };
        for r in rows {
            let (team, title) = named.remove(&r.id).unwrap_or_default();
            let reasons = r
                .decision
                .as_ref()
                .map(|d| d.reason_list())
                .unwrap_or_default();
            *s.counts.entry(r.state).or_insert(0) += 1;
            let passed = r.state == ReviewState::Pass;
            if consulted.contains(&r.id) {
                s.with_consult.add(passed);
            } else {
                s.without_consult.add(passed);
            }
            if r.state == ReviewState::Fail {
                for code in &reasons {
                    *s.reasons.entry(code.clone()).or_insert(0) += 1;
                }
            }
            if r.state == ReviewState::Pass {
                s.passed.push((team.clone(), title.clone()));
            }
            s.entries.push(SummaryLine {
                team,
                title,
                state: r.state,
                reasons,
            });
        }
        tracks.push(s);
    }
    Ok(Summary {
        contest,
        tracks,
        codes,
    })
}
