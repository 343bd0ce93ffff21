//! The reviewers' overview of tracks and the queue of one track.

use chrono::NaiveDateTime;

use super::queue_rows;
use crate::domain::eligibility::{review_open, review_opens_at, ReviewState};
use crate::service::entries::Prechecked;
use crate::service::gates::review as gate;
use crate::service::{now, Error, Person, Portal, Result};
use crate::store::eligibility::DecisionRow;
use crate::store::{self, contests::Contest, contests::Track, entries::Entry};

/// A track in the overview, and whether its review is open.
pub struct TrackLine {
    pub track: Track,
    pub open: bool,
    /// When the review opens (none while no submission deadline is set).
    pub opens_at: Option<NaiveDateTime>,
}

/// Every contest with its tracks, for reviewers.
pub fn overview(p: &Portal, who: &Person) -> Result<Vec<(Contest, Vec<TrackLine>)>> {
    gate::reviewer(who)?;
    let at = now();
    p.read(|conn| {
        let mut out = Vec::new();
        for c in store::contests::list_all(conn)? {
            let tracks = store::contests::tracks_of(conn, c.id)?
                .into_iter()
                .map(|track| TrackLine {
                    open: review_open(c.submission_deadline_at, track.submission_deadline_at, at),
                    opens_at: review_opens_at(
                        c.submission_deadline_at,
                        track.submission_deadline_at,
                    ),
                    track,
                })
                .collect();
            out.push((c, tracks));
        }
        Ok(out)
    })
}

/// One submitted entry in the queue.
pub struct QueueRow {
    pub entry: Entry,
    pub team: String,
    pub state: ReviewState,
    pub precheck: Prechecked,
    /// The current decision, if any.
    pub decision: Option<DecisionRow>,
}

/// A track's queue.
pub struct Queue {
    pub contest: Contest,
    pub track: Track,
    /// When the review opens (`domain::eligibility::review_opens_at`).
    pub opens_at: Option<NaiveDateTime>,
    /// The entries; none until the review has opened.
    pub rows: Option<Vec<QueueRow>>,
}

/// The queue of track `track_id`, for reviewers.
pub fn queue(p: &Portal, who: &Person, track_id: i32) -> Result<Queue> {
    gate::reviewer(who)?;
    let at = now();
    p.read(|conn| {
        let track = store::contests::find_track(conn, track_id)?.ok_or(Error::NotFound)?;
        let contest = store::contests::find(conn, track.contest_id)?.ok_or(Error::NotFound)?;
        let open = review_open(
            contest.submission_deadline_at,
            track.submission_deadline_at,
            at,
        );
        let rows = if open {
            Some(queue_rows(conn, &contest, &track, at)?)
        } else {
            None
        };
        Ok(Queue {
            opens_at: review_opens_at(contest.submission_deadline_at, track.submission_deadline_at),
            contest,
            track,
            rows,
        })
    })
}
